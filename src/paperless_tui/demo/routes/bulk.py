"""Bulk edits: `bulk_edit` with every method of the spec, and the v10 action endpoints
(rotate/merge/delete/reprocess/edit_pdf/remove_password) that share its implementation.
"""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

import hashlib
import json
from typing import Any

from starlette.responses import Response

from paperless_tui.demo.routes.common import SERVER_ERROR_HTML, ApiError, Req, api, json_body, parse_int
from paperless_tui.demo.routes.consume import create_document
from paperless_tui.demo.routes.doc_access import add_history, check_docs_exist
from paperless_tui.demo.routes.doc_update import validate_cf_value
from paperless_tui.demo.routes.tasks import TaskFailure, new_task, run_task
from paperless_tui.demo.store import iso_local

METHODS = (
    "set_correspondent",
    "set_document_type",
    "set_storage_path",
    "add_tag",
    "remove_tag",
    "modify_tags",
    "modify_custom_fields",
    "delete",
    "reprocess",
    "set_permissions",
    "rotate",
    "merge",
    "split",
    "delete_pages",
    "edit_pdf",
    "remove_password",
)
INDEX_METHODS = {
    "set_correspondent",
    "set_document_type",
    "set_storage_path",
    "add_tag",
    "remove_tag",
    "modify_tags",
    "modify_custom_fields",
    "set_permissions",
}


def _invalid(message: str) -> ApiError:
    return ApiError(400, {"non_field_errors": [message]})


def _require_obj(
    req: Req, params: dict[str, Any], key: str, kind: str, label: str, nullable: bool
) -> int | None:
    if key not in params:
        raise _invalid(f"{key} not specified")
    value = params[key]
    if value is None and nullable:
        return None
    pk = parse_int(value)
    if pk is None or pk not in req.store.objects(kind):
        raise _invalid(f"{label} does not exist")
    return pk


def _tag_list(req: Req, params: dict[str, Any], key: str) -> list[int]:
    if key not in params:
        raise _invalid(f"{key} not specified")
    values = params[key]
    tags = req.store.objects("tags")
    if not isinstance(values, list) or any(parse_int(t) not in tags for t in values):
        raise _invalid("Some tags in " + key + " don't exist or were specified twice.")
    return [int(t) for t in values]


def _touch(req: Req, db: Any, ids: list[int]) -> None:
    marks = ",".join("?" * len(ids))
    db.execute(f"UPDATE docs SET modified = ? WHERE id IN ({marks})", (iso_local(), *ids))
    req.store.reindex(db, ids)


def _tag_names(req: Req, ids: list[int]) -> list[str]:
    tags = req.store.objects("tags")
    return [tags[t]["name"] for t in ids if t in tags]


def apply_method(req: Req, ids: list[int], method: str, params: dict[str, Any]) -> Any:
    """Validate parameters, then apply one bulk_edit method to documents `ids` in one transaction."""
    store = req.store
    if method in ("set_correspondent", "set_document_type", "set_storage_path"):
        col = method[4:]
        kind = {
            "correspondent": "correspondents",
            "document_type": "document_types",
            "storage_path": "storage_paths",
        }[col]
        label = col.replace("_", " ").capitalize().replace("Document type", "Document type")
        pk = _require_obj(req, params, col, kind, label.split()[0] if col == "correspondent" else label, True)
        with store.write() as db:
            marks = ",".join("?" * len(ids))
            db.execute(f"UPDATE docs SET {col} = ? WHERE id IN ({marks})", (pk, *ids))
            for did in ids:
                add_history(req, db, did, {col: ["None", str(pk) if pk is not None else "None"]})
            _touch(req, db, ids)
        return None
    if method in ("add_tag", "remove_tag"):
        tag = _require_obj(req, params, "tag", "tags", "Tag", False)
        with store.write() as db:
            for did in ids:
                if method == "add_tag":
                    db.execute("INSERT OR IGNORE INTO doc_tags(doc, tag) VALUES (?, ?)", (did, tag))
                else:
                    db.execute("DELETE FROM doc_tags WHERE doc = ? AND tag = ?", (did, tag))
                add_history(
                    req,
                    db,
                    did,
                    {
                        "tags": {
                            "type": "m2m",
                            "operation": method.split("_")[0],
                            "objects": _tag_names(req, [tag]),
                        }
                    },
                )  # type: ignore[list-item]
            _touch(req, db, ids)
        return None
    if method == "modify_tags":
        add = _tag_list(req, params, "add_tags")
        remove = _tag_list(req, params, "remove_tags")
        with store.write() as db:
            for did in ids:
                for tag in remove:
                    db.execute("DELETE FROM doc_tags WHERE doc = ? AND tag = ?", (did, tag))
                for tag in add:
                    db.execute("INSERT OR IGNORE INTO doc_tags(doc, tag) VALUES (?, ?)", (did, tag))
                if add:
                    add_history(
                        req,
                        db,
                        did,
                        {"tags": {"type": "m2m", "operation": "add", "objects": _tag_names(req, add)}},
                    )
                if remove:
                    add_history(
                        req,
                        db,
                        did,
                        {"tags": {"type": "m2m", "operation": "remove", "objects": _tag_names(req, remove)}},
                    )
            _touch(req, db, ids)
        return None
    if method == "modify_custom_fields":
        return _modify_custom_fields(req, ids, params)
    if method == "set_permissions":
        if "set_permissions" not in params:  # the real server's KeyError: a Django 500 page
            return Response(SERVER_ERROR_HTML, status_code=500, media_type="text/html; charset=utf-8")
        perms = params.get("set_permissions") or {}
        if not isinstance(perms, dict):
            raise _invalid("Invalid permissions")
        merge = bool(params.get("merge"))
        owner = params.get("owner")
        if owner is not None and parse_int(owner) not in store.objects("users"):
            raise _invalid("owner must be a valid user")
        with store.write() as db:
            for did in ids:
                if "owner" in params and (owner is not None or not merge):
                    db.execute("UPDATE docs SET owner = ? WHERE id = ?", (parse_int(owner), did))
                current = store.doc_dict(did) or {}
                new = {}
                for p in ("view", "change"):
                    for k in ("users", "groups"):
                        values = [
                            int(v) for v in ((perms.get(p) or {}).get(k) or []) if parse_int(v) is not None
                        ]
                        key = f"{p}_{k}"
                        new[key] = sorted(set(current.get(key) or []) | set(values)) if merge else values
                store.set_doc_perms(db, did, new)
            _touch(req, db, ids)
        return None
    if method == "delete":
        with store.write() as db:
            marks = ",".join("?" * len(ids))
            db.execute(f"UPDATE docs SET deleted_at = ? WHERE id IN ({marks})", (iso_local(), *ids))
        return None
    if method == "reprocess":
        for did in ids:
            task = new_task(req, "reprocess_document", "manual", input_data={"document_id": did})
            run_task(req, task, lambda did=did: ({"document_id": did}, [did]))
        return None
    if method == "rotate":
        return _rotate(req, ids, params)
    if method == "merge":
        return _merge(req, ids, params)
    return _unsupported_edit(req, ids, method, params)


def _modify_custom_fields(req: Req, ids: list[int], params: dict[str, Any]) -> None:
    if "add_custom_fields" not in params:
        raise _invalid("add_custom_fields not specified")
    if "remove_custom_fields" not in params:
        raise _invalid("remove_custom_fields not specified")
    fields = req.store.objects("custom_fields")
    add = params["add_custom_fields"]
    if isinstance(add, list):
        add = {str(k): None for k in add}
    if not isinstance(add, dict):
        raise _invalid("add_custom_fields must be a list of integers or a dict of id: value")
    values: dict[int, Any] = {}
    for key, value in add.items():
        fid = parse_int(key)
        if fid is None or fid not in fields:
            raise _invalid("Some custom fields in add_custom_fields don't exist or were specified twice.")
        norm, err = validate_cf_value(fields[fid], value)
        if err:
            raise _invalid(err)
        values[fid] = norm
    remove = params["remove_custom_fields"]
    if not isinstance(remove, list) or any(parse_int(r) not in fields for r in remove):
        raise _invalid("Some custom fields in remove_custom_fields don't exist or were specified twice.")
    store = req.store
    with store.write() as db:
        for did in ids:
            current = {
                r[0]: r[1]
                for r in db.execute("SELECT field, value FROM doc_cf WHERE doc = ? ORDER BY rowid", (did,))
            }
            for fid in remove:
                current.pop(int(fid), None)
            items = [{"field": f, "value": json.loads(v)} for f, v in current.items()]
            for fid, value in values.items():
                existing = next((i for i in items if i["field"] == fid), None)
                if existing is None:
                    items.append({"field": fid, "value": value})
                elif value is not None or isinstance(add, dict):
                    existing["value"] = value
            store.set_doc_cf(db, did, items)
            add_history(req, db, did, {"custom_fields": [None, [i["field"] for i in items]]})
        _touch(req, db, ids)


def _rotate(req: Req, ids: list[int], params: dict[str, Any]) -> None:
    if "degrees" not in params:
        raise _invalid("degrees not specified")
    degrees = parse_int(params["degrees"])
    if degrees is None or degrees % 90 != 0:
        raise _invalid("invalid rotation degrees")
    for did in ids:
        row = req.store.doc_row(did)
        task = new_task(
            req,
            "consume_file",
            "api_upload",
            input_data={
                "filename": f"{did}_rotated.pdf",
                "mime_type": "application/pdf",
                "overrides": {"title": row["title"], "owner_id": req.uid},
            },
        )

        def job(did: int = did) -> tuple[dict[str, Any] | None, list[int]]:
            root = req.store.doc_row(did)
            if root is None:
                raise TaskFailure("Document no longer exists")
            latest = req.store.q1(
                "SELECT rotation FROM docs WHERE root_document = ? ORDER BY added DESC, id DESC LIMIT 1",
                (did,),
            )
            rotation = ((latest[0] if latest else root["rotation"]) + degrees) % 360
            checksum = hashlib.sha256(f"{root['checksum']}:{rotation}:{iso_local()}".encode()).hexdigest()
            vid = create_document(
                req,
                data=None,
                mime=root["mime_type"],
                content=root["content"],
                pages=root["page_count"],
                filename=f"{did}_rotated.pdf",
                title=root["title"],
                created=root["created"],
                correspondent=root["correspondent"],
                document_type=root["document_type"],
                owner=root["owner"],
                root=did,
                rotation=rotation,
                checksum=checksum,
            )
            return {"document_id": vid}, [did]

        run_task(req, task, job)


def _merge(req: Req, ids: list[int], params: dict[str, Any]) -> None:
    meta_id = params.get("metadata_document_id")
    if meta_id is not None and meta_id not in ids:
        raise _invalid("metadata_document_id must be one of the documents")
    delete = bool(params.get("delete_originals"))
    meta = req.store.doc_dict(meta_id if meta_id is not None else ids[0]) or {}
    name = "_".join(str(i) for i in ids) + "_merged.pdf"
    task = new_task(
        req,
        "consume_file",
        "api_upload",
        input_data={
            "filename": name,
            "mime_type": "application/pdf",
            "overrides": {
                "title": f"{meta.get('title')} (merged)",
                "correspondent_id": meta.get("correspondent"),
                "document_type_id": meta.get("document_type"),
                "tag_ids": meta.get("tags"),
                "owner_id": req.uid,
            },
        },
    )
    uid = req.uid

    def job() -> tuple[dict[str, Any] | None, list[int]]:
        rows = [req.store.doc_row(i) for i in ids]
        if any(r is None for r in rows):
            raise TaskFailure("Some documents no longer exist")
        content = "\n\n".join(r["content"] or "" for r in rows)  # type: ignore[index]
        pages = sum(r["page_count"] or 1 for r in rows)  # type: ignore[index]
        new_id = create_document(
            req,
            data=None,
            mime="application/pdf",
            content=content,
            pages=pages,
            filename=name,
            title=f"{meta.get('title')} (merged)"[:128],
            created=meta.get("created"),
            correspondent=meta.get("correspondent"),
            document_type=meta.get("document_type"),
            storage_path=meta.get("storage_path"),
            tags=meta.get("tags") or [],
            custom=meta.get("custom_fields") or [],
            owner=uid,
        )
        if delete:
            with req.store.write() as db:
                marks = ",".join("?" * len(ids))
                db.execute(f"UPDATE docs SET deleted_at = ? WHERE id IN ({marks})", (iso_local(), *ids))
        return {"document_id": new_id}, [new_id]

    run_task(req, task, job)


def _unsupported_edit(req: Req, ids: list[int], method: str, params: dict[str, Any]) -> None:
    """split/delete_pages/edit_pdf/remove_password: accepted, and the task reports it cannot be done here."""
    for did in ids:
        task = new_task(req, "consume_file", "manual", input_data={"document_id": did, "method": method})

        def job() -> tuple[dict[str, Any] | None, list[int]]:
            raise TaskFailure(f"{method} is not supported by the demo server", "NotImplementedError")

        run_task(req, task, job)


@api("POST", name="Bulk Edit")
async def bulk_edit(req: Req) -> Any:
    data = await json_body(req)
    method = data.get("method")
    errors: dict[str, Any] = {}
    if "documents" not in data:
        errors["documents"] = ["This field is required."]
    if method is None:
        errors["method"] = ["This field is required."]
    elif method not in METHODS:
        errors["method"] = [f'"{method}" is not a valid choice.']
    if errors:
        raise ApiError(400, errors)
    ids = check_docs_exist(req, data["documents"])
    params = data.get("parameters") or {}
    if not isinstance(params, dict):
        raise ApiError(400, {"parameters": ['Expected a dictionary of items but got type "list".']})
    result = apply_method(req, ids, method, params)
    if isinstance(result, Response):
        return result
    if method in INDEX_METHODS:  # as the real server: the search index is updated by a bulk_update task
        task = new_task(req, "bulk_update", "manual", input_data={"document_ids": ids, "method": method})
        run_task(req, task, lambda: ({"result": f"Updated {len(ids)} documents"}, list(ids)))
    return {"result": "OK"}


def _action(method: str, param_keys: tuple[str, ...]) -> Any:
    @api("POST", name=method.replace("_", " ").title())
    async def view(req: Req) -> Any:
        data = await json_body(req)
        if "documents" not in data:
            raise ApiError(400, {"documents": ["This field is required."]})
        ids = check_docs_exist(req, data["documents"])
        params = {k: data[k] for k in param_keys if k in data}
        result = apply_method(req, ids, method, params)
        return result if isinstance(result, Response) else {"result": "OK"}

    view.__name__ = f"action_{method}"
    return view


rotate = _action("rotate", ("degrees",))
merge = _action("merge", ("metadata_document_id", "delete_originals", "archive_fallback"))
delete = _action("delete", ())
reprocess = _action("reprocess", ())
edit_pdf = _action("edit_pdf", ("operations", "delete_original", "update_document", "include_metadata"))
remove_password = _action("remove_password", ("password", "update_document", "delete_original"))
