"""CRUD for tags, correspondents, document types, storage paths, custom fields, saved views, share links,
users and groups (paginated lists, name filters, ordering, owner-aware permissions), and bulk_edit_objects.
"""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from paperless_tui.demo.routes.common import (
    ApiError,
    Req,
    api,
    json_response,
    paginate_list,
    parse_bool,
    parse_id_list,
    parse_int,
)
from paperless_tui.demo.routes.doc_json import visible_clause
from paperless_tui.demo.routes.object_kinds import (
    KINDS,
    MASKED,
    PERM_KEYS,
    UNIQUE_ERROR,
    Kind,
    obj_changeable,
    obj_visible,
    perms_dict,
    slugify,
    text_color,
)
from paperless_tui.demo.routes.object_validation import unique_violation, validate

__all__ = ["KINDS", "VIEWS", "bulk_edit_objects", "list_objects", "obj_visible", "serialize"]


def document_counts(req: Req, kind: Kind) -> dict[int, int]:
    """Visible documents per object (cached until the next write)."""
    if kind.doc_column is None:
        return {}
    return req.store.memo(("counts", kind.name, req.uid), lambda: _document_counts(req, kind))


def _document_counts(req: Req, kind: Kind) -> dict[int, int]:
    assert kind.doc_column is not None
    vis, params = visible_clause(req)
    base = f"FROM docs d WHERE d.deleted_at IS NULL AND d.root_document IS NULL AND {vis}"
    if kind.doc_column == "tags":
        sql = (
            f"SELECT t.tag, COUNT(*) FROM doc_tags t JOIN documents d ON d.id = t.doc "
            f"WHERE d.deleted_at IS NULL "
            f"AND d.root_document IS NULL AND {vis} GROUP BY t.tag"
        )
    elif kind.doc_column == "custom_fields":
        sql = (
            f"SELECT c.field, COUNT(*) FROM doc_cf c JOIN documents d ON d.id = c.doc "
            f"WHERE d.deleted_at IS NULL "
            f"AND d.root_document IS NULL AND {vis} GROUP BY c.field"
        )
    else:
        sql = (
            f"SELECT d.{kind.doc_column}, COUNT(*) {base} AND d.{kind.doc_column} IS NOT NULL "
            f"GROUP BY d.{kind.doc_column}"
        )
    return {r[0]: r[1] for r in req.store.q(sql, params)}


def serialize(
    req: Req,
    kind: Kind,
    obj: dict[str, Any],
    counts: dict[int, int] | None = None,
    all_objs: dict[int, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    full_perms = bool(parse_bool(req.query.get("full_perms")))
    oid = obj["id"]
    if kind.name == "users":
        return {
            "id": oid,
            "username": obj["username"],
            "email": obj.get("email", ""),
            "password": MASKED,
            "first_name": obj.get("first_name", ""),
            "last_name": obj.get("last_name", ""),
            "date_joined": obj.get("date_joined"),
            "is_staff": bool(obj.get("is_staff")),
            "is_active": bool(obj.get("is_active", True)),
            "is_superuser": bool(obj.get("is_superuser")),
            "groups": list(obj.get("groups") or []),
            "user_permissions": list(obj.get("user_permissions") or []),
            "inherited_permissions": [],
            "is_mfa_enabled": False,
        }
    if kind.name == "groups":
        return {"id": oid, "name": obj.get("name", ""), "permissions": list(obj.get("permissions") or [])}
    if kind.name == "share_links":
        return {k: obj.get(k) for k in ("id", "created", "expiration", "slug", "document", "file_version")}
    if kind.name == "custom_fields":
        out = {k: obj.get(k) for k in ("id", "name", "data_type", "extra_data")}
        extra = out.get("extra_data")
        if isinstance(extra, dict) and isinstance(extra.get("select_options"), list):
            options = [{"label": o.get("label"), "id": o.get("id")} for o in extra["select_options"]]
            out["extra_data"] = {**extra, "select_options": options}
        if counts is not None:
            out["document_count"] = counts.get(oid, 0)
        return out
    out: dict[str, Any] = {"id": oid}
    if kind.matching:
        out["slug"] = obj.get("slug") or slugify(obj.get("name", ""))
        out["name"] = obj.get("name", "")
        if kind.name == "tags":
            out["color"] = obj.get("color", "#a6cee3")
            out["text_color"] = obj.get("text_color") or text_color(out["color"])
        if kind.name == "storage_paths":
            out["path"] = obj.get("path", "")
        out["match"] = obj.get("match", "")
        out["matching_algorithm"] = obj.get("matching_algorithm", 0)
        out["is_insensitive"] = obj.get("is_insensitive", True)
        if kind.name == "tags":
            out["is_inbox_tag"] = bool(obj.get("is_inbox_tag"))
        if counts is not None:
            out["document_count"] = counts.get(oid, 0)
    else:
        out.update({k: v for k, v in obj.items() if k not in (*PERM_KEYS, "id", "owner")})
    out["owner"] = obj.get("owner")
    if full_perms:
        out["permissions"] = perms_dict(obj)
    else:
        out["user_can_change"] = obj_changeable(req, kind, obj)
    if kind.name == "tags":
        out["parent"] = obj.get("parent")
        objs = all_objs if all_objs is not None else req.store.objects("tags")
        out["children"] = [
            serialize(req, kind, child, counts, objs)
            for child in sorted(objs.values(), key=lambda t: str(t.get("name", "")).lower())
            if child.get("parent") == oid and obj_visible(req, kind, child)
        ]
    return out


def _filtered(req: Req, kind: Kind, objs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for key, raw in req.query.multi_items():
        low = raw.lower()
        if key in ("name__icontains", "username__icontains"):
            field = key.split("__")[0]
            objs = [o for o in objs if low in str(o.get(field, "")).lower()]
        elif key in ("name__iexact", "username__iexact"):
            field = key.split("__")[0]
            objs = [o for o in objs if str(o.get(field, "")).lower() == low]
        elif key in ("name__istartswith", "username__istartswith"):
            field = key.split("__")[0]
            objs = [o for o in objs if str(o.get(field, "")).lower().startswith(low)]
        elif key == "id__in" and (ids := parse_id_list(raw)) is not None:
            objs = [o for o in objs if o["id"] in ids]
        elif key == "id" and (v := parse_int(raw)) is not None:
            objs = [o for o in objs if o["id"] == v]
        elif key in ("owner__id", "document") and (v := parse_int(raw)) is not None:
            field = "owner" if key == "owner__id" else "document"
            objs = [o for o in objs if o.get(field) == v]
        elif key == "is_inbox_tag" and (b := parse_bool(raw)) is not None:
            objs = [o for o in objs if bool(o.get("is_inbox_tag")) is b]
    return objs


def _ordered(
    req: Req, kind: Kind, objs: list[dict[str, Any]], counts: dict[int, int]
) -> list[dict[str, Any]]:
    raw = req.query.get("ordering") or ""
    desc = raw.startswith("-")
    field = raw.lstrip("-")
    label = "username" if kind.name == "users" else "name"
    if kind.name in ("share_links", "saved_views") and not field:
        field = "id" if kind.name == "share_links" else "name"
    if field == "document_count":
        return sorted(objs, key=lambda o: (counts.get(o["id"], 0), o["id"]), reverse=desc)
    if field in ("id", "matching_algorithm", "created", "data_type"):
        return sorted(objs, key=lambda o: str(o.get(field) or "") if field != "id" else o["id"], reverse=desc)
    return sorted(
        objs, key=lambda o: (str(o.get(label, "")).lower(), o["id"]), reverse=desc and field == label
    )


def list_objects(req: Req, kind: Kind) -> dict[str, Any]:
    if kind.name in ("users", "groups") and not req.has_perm(f"view_{kind.name[:-1]}"):
        raise ApiError(403, {"detail": "You do not have permission to perform this action."})
    all_objs = req.store.objects(kind.name)
    objs = [o for o in all_objs.values() if obj_visible(req, kind, o)]
    objs = _filtered(req, kind, objs)
    counts = document_counts(req, kind)
    objs = _ordered(req, kind, objs, counts)
    body = paginate_list(req, objs)
    results = [serialize(req, kind, o, counts, all_objs) for o in body.pop("results")]
    if kind.name == "tags":  # matched tags plus the nested children shown under them
        shown: set[int] = set()
        stack = list(results)
        while stack:
            tag = stack.pop()
            shown.add(tag["id"])
            stack.extend(tag.get("children") or [])
        body["display_count"] = len(shown | {o["id"] for o in objs})
    body["results"] = results
    return body


# ---------------------------------------------------------------------- views
def _detach(req: Req, db: Any, kind: Kind, oid: int) -> None:
    """Remove references to a deleted object from documents (and reindex them)."""
    store = req.store
    if kind.doc_column in ("correspondent", "document_type", "storage_path"):
        ids = [r[0] for r in db.execute(f"SELECT id FROM docs WHERE {kind.doc_column} = ?", (oid,))]
        db.execute(f"UPDATE docs SET {kind.doc_column} = NULL WHERE {kind.doc_column} = ?", (oid,))
    elif kind.doc_column == "tags":
        ids = [r[0] for r in db.execute("SELECT doc FROM doc_tags WHERE tag = ?", (oid,))]
        db.execute("DELETE FROM doc_tags WHERE tag = ?", (oid,))
        for child in [t for t in store.objects("tags").values() if t.get("parent") == oid]:
            store.put_object(db, "tags", {**child, "parent": None})
    elif kind.doc_column == "custom_fields":
        ids = [r[0] for r in db.execute("SELECT doc FROM doc_cf WHERE field = ?", (oid,))]
        db.execute("DELETE FROM doc_cf WHERE field = ?", (oid,))
    else:
        return
    store._cache.clear()
    if ids:
        store.reindex(db, ids)


def make_views(kind_name: str) -> tuple[Any, Any]:
    kind = KINDS[kind_name]
    model = kind.model

    @api("GET", "POST", name=f"{model} List")
    async def list_view(req: Req) -> Any:
        if req.request.method in ("GET", "HEAD"):
            return list_objects(req, kind)
        data = await req.json_object()
        values = validate(req, kind, data, None)
        if unique_violation(req, kind, values, None):
            raise ApiError(
                400,
                UNIQUE_ERROR
                if kind.name != "users"
                else {"username": ["A user with that username already exists."]},
            )
        if kind.matching:
            values["slug"] = slugify(values["name"])
        with req.store.write() as db:
            key = values.get("slug") if kind.name == "share_links" else None
            obj = req.store.put_object(
                db, kind.name, {"id": None, **values}, doc=values.get("document"), key=key
            )
        return json_response(req.request, serialize(req, kind, obj), status=201)

    detail_methods = ("GET", "DELETE") if kind.name == "share_links" else ("GET", "PUT", "PATCH", "DELETE")

    @api(*detail_methods, name=f"{model} Detail")
    async def detail_view(req: Req) -> Any:
        oid = req.path_int(model=model)
        obj = req.store.get_object(kind.name, oid)
        if obj is None or not obj_visible(req, kind, obj):
            raise ApiError(404, {"detail": f"No {model} matches the given query."})
        method = req.request.method
        if method in ("GET", "HEAD"):
            return serialize(req, kind, obj, document_counts(req, kind))
        if not obj_changeable(req, kind, obj):
            raise ApiError(403, {"detail": "You do not have permission to perform this action."})
        if method == "DELETE":
            with req.store.write() as db:
                req.store.delete_object(db, kind.name, oid)
                _detach(req, db, kind, oid)
            return Response(status_code=204)
        data = await req.json_object()
        values = validate(req, kind, data, obj)
        merged = {**obj, **values}
        if unique_violation(req, kind, merged, oid):
            raise ApiError(400, UNIQUE_ERROR)
        if kind.matching and "name" in values:
            merged["slug"] = slugify(merged["name"])
        with req.store.write() as db:
            key = merged.get("slug") if kind.name == "share_links" else None
            req.store.put_object(db, kind.name, merged, doc=merged.get("document"), key=key)
            if kind.name in (
                "tags",
                "correspondents",
                "document_types",
                "storage_paths",
                "custom_fields",
            ) and ("name" in values):
                _reindex_users_of(req, db, kind, oid)
        return serialize(req, kind, merged, document_counts(req, kind))

    return list_view, detail_view


def _reindex_users_of(req: Req, db: Any, kind: Kind, oid: int) -> None:
    if kind.doc_column == "tags":
        ids = [r[0] for r in db.execute("SELECT doc FROM doc_tags WHERE tag = ?", (oid,))]
    elif kind.doc_column == "custom_fields":
        ids = [r[0] for r in db.execute("SELECT doc FROM doc_cf WHERE field = ?", (oid,))]
    else:
        ids = [r[0] for r in db.execute(f"SELECT id FROM docs WHERE {kind.doc_column} = ?", (oid,))]
    if ids:
        req.store.reindex(db, ids)


VIEWS = {name: make_views(name) for name in KINDS}


@api("POST", name="Bulk Edit Objects")
async def bulk_edit_objects(req: Req) -> Any:
    data = await req.json_object()
    object_type = data.get("object_type")
    if object_type not in ("tags", "correspondents", "document_types", "storage_paths"):
        raise ApiError(400, {"object_type": [f'"{object_type}" is not a valid choice.']})
    operation = data.get("operation")
    if operation not in ("set_permissions", "delete"):
        raise ApiError(400, {"operation": [f'"{operation}" is not a valid choice.']})
    ids = data.get("objects")
    kind = KINDS[object_type]
    objs = req.store.objects(object_type)
    if not isinstance(ids, list) or not ids or any(parse_int(i) not in objs for i in ids):
        raise ApiError(400, {"objects": ["Some ids in objects don't exist or were specified twice."]})
    targets = [objs[int(i)] for i in ids]
    if any(not obj_changeable(req, kind, o) for o in targets):
        raise ApiError(403, {"detail": "Insufficient permissions"})
    with req.store.write() as db:
        for obj in targets:
            if operation == "delete":
                req.store.delete_object(db, object_type, obj["id"])
                _detach(req, db, kind, obj["id"])
                continue
            new = dict(obj)
            if "owner" in data:
                new["owner"] = parse_int(data["owner"]) if data["owner"] is not None else None
            perms = data.get("permissions") or {}
            merge = bool(data.get("merge"))
            for p in ("view", "change"):
                for k in ("users", "groups"):
                    values = [int(v) for v in ((perms.get(p) or {}).get(k) or []) if parse_int(v) is not None]
                    key = f"{p}_{k}"
                    new[key] = sorted(set(new.get(key) or []) | set(values)) if merge else values
            req.store.put_object(db, object_type, new)
    return {"result": "OK"}
