"""Validating and applying document edits (PATCH/PUT): field errors shaped like DRF on Paperless-ngx."""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlparse

from paperless_tui.demo.routes.common import ApiError, Req
from paperless_tui.demo.routes.doc_access import add_history
from paperless_tui.demo.store import iso_local

_MONETARY = re.compile(r"^([A-Z]{3})?-?\d+(\.\d{1,2})?$")
_REL = {"correspondent": "correspondents", "document_type": "document_types", "storage_path": "storage_paths"}


def _pk(
    value: Any, objs: dict[int, Any], errors: dict[str, Any], name: str, nullable: bool = True
) -> int | None:
    if value is None:
        if not nullable:
            errors[name] = ["This field may not be null."]
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | str)
        or (isinstance(value, str) and not value.isdigit())
    ):
        errors[name] = [f"Incorrect type. Expected pk value, received {type(value).__name__}."]
        return None
    pk = int(value)
    if pk not in objs:
        errors[name] = [f'Invalid pk "{pk}" - object does not exist.']
        return None
    return pk


def validate_date(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip()[:10]
    try:
        return date.fromisoformat(text).isoformat() if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def validate_cf_value(field: dict[str, Any], value: Any) -> tuple[Any, str | None]:
    """(normalised value, error message or None) for a custom field value."""
    if value is None:
        return None, None
    kind = field.get("data_type")
    if kind in ("string", "longtext"):
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            return None, "Not a valid string."
        text = str(value)
        if kind == "string" and len(text) > 128:
            return None, "Ensure this field has no more than 128 characters."
        return text, None
    if kind == "url":
        parsed = urlparse(str(value))
        if (
            not isinstance(value, str)
            or parsed.scheme not in ("http", "https", "ftp", "ftps")
            or not parsed.netloc
        ):
            return None, "Enter a valid URL."
        return value, None
    if kind == "date":
        norm = validate_date(value)
        if norm is None:
            return None, "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."
        return norm, None
    if kind == "boolean":
        if isinstance(value, bool):
            return value, None
        if str(value).lower() in ("true", "1"):
            return True, None
        if str(value).lower() in ("false", "0"):
            return False, None
        return None, "Must be a valid boolean."
    if kind == "integer":
        if isinstance(value, bool):
            return None, "A valid integer is required."
        try:
            number = int(str(value))
        except ValueError:
            return None, "A valid integer is required."
        if abs(number) > 2147483647:
            return None, "Ensure this value is less than or equal to 2147483647."
        return number, None
    if kind == "float":
        if isinstance(value, bool):
            return None, "A valid number is required."
        try:
            return float(value), None
        except (TypeError, ValueError):
            return None, "A valid number is required."
    if kind == "monetary":
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = f"{value:.2f}"
        if not isinstance(value, str) or not _MONETARY.match(value):
            return None, "Must be a two-decimal number with optional currency code e.g. GBP123.45"
        return value, None
    if kind == "documentlink":
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            return None, "Value must be a list of document ids."
        return value, None
    if kind == "select":
        options = (field.get("extra_data") or {}).get("select_options") or []
        if any(o.get("id") == value for o in options):
            return value, None
        shown = [{"label": o.get("label"), "id": o.get("id")} for o in options]
        return None, f"Value must be an id of an element in {shown!r}"
    return value, None


def validate_custom_fields(req: Req, items: Any) -> list[dict[str, Any]]:
    fields = req.store.objects("custom_fields")
    if not isinstance(items, list):
        raise ApiError(400, {"custom_fields": ['Expected a list of items but got type "dict".']})
    errors: list[dict[str, Any]] = []
    out: list[dict[str, Any]] = []
    bad = False
    for item in items:
        if not isinstance(item, dict):
            errors.append({"non_field_errors": ["Invalid data. Expected a dictionary, but got str."]})
            bad = True
            continue
        fid = item.get("field")
        field = fields.get(fid) if isinstance(fid, int) and not isinstance(fid, bool) else None
        if field is None:
            errors.append({"field": [f'Invalid pk "{fid}" - object does not exist.']})
            bad = True
            continue
        value, err = validate_cf_value(field, item.get("value"))
        if err:
            errors.append({"non_field_errors": [err]})
            bad = True
            continue
        errors.append({})
        out.append({"field": fid, "value": value})
    if bad:
        raise ApiError(400, {"custom_fields": errors})
    return out


def apply_update(req: Req, doc_id: int, data: dict[str, Any], *, partial: bool) -> None:
    """Validate `data` against document `doc_id` and write it (one transaction, history recorded)."""
    store = req.store
    errors: dict[str, Any] = {}
    updates: dict[str, Any] = {}
    if "title" in data:
        title = data["title"]
        if not isinstance(title, str) or not title.strip():
            errors["title"] = (
                ["This field may not be blank."] if isinstance(title, str) else ["Not a valid string."]
            )
        elif len(title) > 128:
            errors["title"] = ["Ensure this field has no more than 128 characters."]
        else:
            updates["title"] = title
    if "content" in data:
        if not isinstance(data["content"], str):
            errors["content"] = ["Not a valid string."]
        else:
            updates["content"] = data["content"]
    for name, kind in _REL.items():
        if name in data:
            pk = _pk(data[name], store.objects(kind), errors, name)
            if name not in errors:
                updates[name] = pk
    if "owner" in data:
        pk = _pk(data["owner"], store.objects("users"), errors, "owner")
        if "owner" not in errors:
            updates["owner"] = pk
    if "created" in data or "created_date" in data:
        raw = data.get("created", data.get("created_date"))
        norm = validate_date(raw)
        if norm is None:
            errors["created"] = ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]
        else:
            updates["created"] = norm
    if "archive_serial_number" in data:
        asn = data["archive_serial_number"]
        if asn is None:
            updates["archive_serial_number"] = None
        elif isinstance(asn, bool) or not str(asn).isdigit():
            errors["archive_serial_number"] = ["A valid integer is required."]
        elif int(asn) > 4294967295:
            errors["archive_serial_number"] = ["Ensure this value is less than or equal to 4294967295."]
        else:
            clash = store.q1(
                "SELECT id FROM docs WHERE archive_serial_number=? AND id != ?", (int(asn), doc_id)
            )
            if clash:
                errors["archive_serial_number"] = ["document with this archive serial number already exists."]
            else:
                updates["archive_serial_number"] = int(asn)
    tags = None
    if "tags" in data:
        raw_tags = data["tags"]
        if not isinstance(raw_tags, list):
            errors["tags"] = ['Expected a list of items but got type "' + type(raw_tags).__name__ + '".']
        else:
            tags = []
            for tag in raw_tags:
                sub: dict[str, Any] = {}
                pk = _pk(tag, store.objects("tags"), sub, "tags", nullable=False)
                if sub:
                    errors["tags"] = sub["tags"]
                    break
                if pk not in tags:
                    tags.append(pk)
    cfs = None
    if "custom_fields" in data:
        try:
            cfs = validate_custom_fields(req, data["custom_fields"])
        except ApiError as err:
            errors.update(err.body)
    perms = data.get("set_permissions")
    if perms is not None and not isinstance(perms, dict):
        errors["set_permissions"] = ["Invalid permissions"]
    if errors:
        raise ApiError(400, errors)
    with store.write() as db:
        old = dict(db.execute("SELECT * FROM documents WHERE id=?", (doc_id,)).fetchone())
        changes: dict[str, Any] = {}
        for col, value in updates.items():
            if old[col] != value:
                changes[col] = [
                    str(old[col]) if old[col] is not None else "None",
                    str(value) if value is not None else "None",
                ]
        if "content" in updates:
            db.execute("UPDATE doc_content SET content = ? WHERE id = ?", (updates.pop("content"), doc_id))
        if updates:
            cols = ", ".join(f"{c} = ?" for c in updates)
            db.execute(f"UPDATE docs SET {cols} WHERE id = ?", (*updates.values(), doc_id))
        if tags is not None:
            old_tags = [
                r[0] for r in db.execute("SELECT tag FROM doc_tags WHERE doc=? ORDER BY rowid", (doc_id,))
            ]
            if sorted(old_tags) != sorted(tags):
                changes["tags"] = [None, tags]
            store.set_doc_tags(db, doc_id, tags)
        if cfs is not None:
            store.set_doc_cf(db, doc_id, cfs)
            changes["custom_fields"] = [None, [c["field"] for c in cfs]]
        if perms is not None:
            store.set_doc_perms(
                db,
                doc_id,
                {
                    f"{p}_{k}": list((perms.get(p) or {}).get(k) or [])
                    for p in ("view", "change")
                    for k in ("users", "groups")
                },
            )
        if data.get("remove_inbox_tags"):
            inbox = [i for i, t in store.objects("tags").items() if t.get("is_inbox_tag")]
            for tag in inbox:
                db.execute("DELETE FROM doc_tags WHERE doc=? AND tag=?", (doc_id, tag))
        db.execute("UPDATE docs SET modified=? WHERE id=?", (iso_local(), doc_id))
        if changes:
            add_history(req, db, doc_id, changes)
        store.reindex(db, [doc_id])
