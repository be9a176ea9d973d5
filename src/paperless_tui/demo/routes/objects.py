"""CRUD for tags, correspondents, document types, storage paths, custom fields, saved views, share links,
users and groups (paginated lists, name filters, ordering, owner-aware permissions), and bulk_edit_objects.
"""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

import re
import secrets
import string
import unicodedata
from dataclasses import dataclass
from datetime import datetime
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
from paperless_tui.demo.routes.doc_json import can_change, can_view, visible_clause
from paperless_tui.demo.store import SERVER_TZ, iso_local

MASKED = "*" * 89
UNIQUE_ERROR = {"error": "Object violates owner / name unique constraint"}
PERM_KEYS = ("view_users", "view_groups", "change_users", "change_groups")


@dataclass(frozen=True)
class Kind:
    name: str  # table / URL segment
    model: str  # for "No <model> matches the given query."
    doc_column: str | None = None  # documents column for document_count, or "tags"/"custom_fields"
    owned: bool = True
    matching: bool = False


KINDS = {
    "tags": Kind("tags", "Tag", "tags", matching=True),
    "correspondents": Kind("correspondents", "Correspondent", "correspondent", matching=True),
    "document_types": Kind("document_types", "DocumentType", "document_type", matching=True),
    "storage_paths": Kind("storage_paths", "StoragePath", "storage_path", matching=True),
    "custom_fields": Kind("custom_fields", "CustomField", "custom_fields", owned=False),
    "saved_views": Kind("saved_views", "SavedView"),
    "share_links": Kind("share_links", "ShareLink"),
    "users": Kind("users", "User", owned=False),
    "groups": Kind("groups", "Group", owned=False),
}
DATA_TYPES = (
    "string",
    "url",
    "date",
    "boolean",
    "integer",
    "float",
    "monetary",
    "documentlink",
    "select",
    "longtext",
)


def slugify(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", text)).strip("-_")


def text_color(color: str) -> str:
    match = re.fullmatch(r"#([0-9a-fA-F]{6})", color or "")
    if not match:
        return "#000000"
    r, g, b = (int(match.group(1)[i : i + 2], 16) for i in (0, 2, 4))
    return "#000000" if (0.299 * r + 0.587 * g + 0.114 * b) > 150 else "#ffffff"


def perms_dict(obj: dict[str, Any]) -> dict[str, dict[str, list[int]]]:
    return {p: {k: list(obj.get(f"{p}_{k}") or []) for k in ("users", "groups")} for p in ("view", "change")}


def obj_visible(req: Req, kind: Kind, obj: dict[str, Any]) -> bool:
    if not kind.owned or req.is_superuser:
        return True
    return can_view(req, obj.get("owner"), perms_dict(obj))


def obj_changeable(req: Req, kind: Kind, obj: dict[str, Any]) -> bool:
    if req.is_superuser:
        return True
    if not kind.owned:
        return kind.name not in ("users", "groups") or req.has_perm(f"change_{kind.name[:-1]}")
    return can_change(req, obj.get("owner"), perms_dict(obj))


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


# ---------------------------------------------------------------------- validation
def _choice(errors: dict[str, Any], name: str, value: Any, choices: tuple[Any, ...]) -> None:
    if value not in choices:
        errors[name] = [f'"{value}" is not a valid choice.']


def validate(req: Req, kind: Kind, data: dict[str, Any], current: dict[str, Any] | None) -> dict[str, Any]:
    """Validated changes for create (current None) or update; raises 400 with DRF-shaped errors."""
    errors: dict[str, Any] = {}
    out: dict[str, Any] = {}
    creating = current is None
    label = "username" if kind.name == "users" else "name"
    if kind.name != "share_links":
        if label in data:
            value = data[label]
            if not isinstance(value, str) or not value.strip():
                errors[label] = ["This field may not be blank."]
            elif len(value) > 128:
                errors[label] = ["Ensure this field has no more than 128 characters."]
            else:
                out[label] = value.strip() if kind.name != "users" else value
        elif creating:
            errors[label] = ["This field is required."]
    if kind.matching:
        if "matching_algorithm" in data:
            _choice(errors, "matching_algorithm", data["matching_algorithm"], tuple(range(7)))
            out["matching_algorithm"] = data["matching_algorithm"]
        for key in ("match",):
            if key in data:
                if isinstance(data[key], str):
                    out[key] = data[key]
                else:
                    errors[key] = ["Not a valid string."]
        if "is_insensitive" in data:
            out["is_insensitive"] = bool(data["is_insensitive"])
        if creating:
            out.setdefault("match", "")
            out.setdefault("matching_algorithm", 1)
            out.setdefault("is_insensitive", True)
    if kind.name == "tags":
        if "color" in data:
            if not isinstance(data["color"], str) or not re.fullmatch(r"#[0-9a-fA-F]{6}", data["color"]):
                errors["color"] = ["Enter a valid hex color."]
            else:
                out["color"] = data["color"]
                out["text_color"] = text_color(data["color"])
        if "is_inbox_tag" in data:
            out["is_inbox_tag"] = bool(data["is_inbox_tag"])
        if "parent" in data:
            parent = data["parent"]
            if parent is not None and (
                parse_int(parent) is None or parse_int(parent) not in req.store.objects("tags")
            ):
                errors["parent"] = [f'Invalid pk "{parent}" - object does not exist.']
            elif parent is not None and current is not None and parse_int(parent) == current["id"]:
                errors["parent"] = ["Cannot set itself as parent."]
            else:
                out["parent"] = parse_int(parent) if parent is not None else None
        if creating:
            out.setdefault("color", "#a6cee3")
            out.setdefault("text_color", text_color(out["color"]))
            out.setdefault("is_inbox_tag", False)
            out.setdefault("parent", None)
    if kind.name == "storage_paths":
        if "path" in data:
            if not isinstance(data["path"], str) or not data["path"].strip():
                errors["path"] = ["This field may not be blank."]
            else:
                out["path"] = data["path"]
        elif creating:
            errors["path"] = ["This field is required."]
    if kind.name == "custom_fields":
        _validate_custom_field(data, current, out, errors)
    if kind.name == "saved_views":
        _validate_saved_view(data, creating, out, errors)
    if kind.name == "share_links":
        _validate_share_link(req, data, creating, out, errors)
    if kind.name == "users":
        for key in ("email", "first_name", "last_name", "password"):
            if key in data:
                if not isinstance(data[key], str):
                    errors[key] = ["Not a valid string."]
                elif key != "password" or data[key] != MASKED:
                    out[key] = data[key]
        for key in ("is_staff", "is_active", "is_superuser"):
            if key in data:
                out[key] = bool(data[key])
        if "groups" in data:
            groups = data["groups"]
            known = req.store.objects("groups")
            if not isinstance(groups, list) or any(parse_int(g) not in known for g in groups):
                errors["groups"] = ["Invalid pk - object does not exist."]
            else:
                out["groups"] = [int(g) for g in groups]
        if "user_permissions" in data and isinstance(data["user_permissions"], list):
            out["user_permissions"] = [str(p) for p in data["user_permissions"]]
        if creating:
            out.setdefault("password", secrets.token_hex(8))
            out.setdefault("is_active", True)
            out.setdefault("date_joined", iso_local())
    if kind.name == "groups" and "permissions" in data:
        if not isinstance(data["permissions"], list):
            errors["permissions"] = ['Expected a list of items but got type "str".']
        else:
            out["permissions"] = [str(p) for p in data["permissions"]]
    if kind.owned:
        if "owner" in data:
            owner = data["owner"]
            if owner is not None and parse_int(owner) not in req.store.objects("users"):
                errors["owner"] = [f'Invalid pk "{owner}" - object does not exist.']
            else:
                out["owner"] = parse_int(owner) if owner is not None else None
        elif creating:
            out["owner"] = req.uid
        perms = data.get("set_permissions")
        if isinstance(perms, dict):
            for p in ("view", "change"):
                for k in ("users", "groups"):
                    values = (perms.get(p) or {}).get(k) or []
                    out[f"{p}_{k}"] = [int(v) for v in values if parse_int(v) is not None]
    if errors:
        raise ApiError(400, errors)
    return out


def _validate_custom_field(
    data: dict[str, Any], current: dict[str, Any] | None, out: dict[str, Any], errors: dict[str, Any]
) -> None:
    if "data_type" in data:
        if current is not None and data["data_type"] != current.get("data_type"):
            errors["data_type"] = ["Data type cannot be changed after a field is created"]
        else:
            _choice(errors, "data_type", data["data_type"], DATA_TYPES)
            out["data_type"] = data["data_type"]
    elif current is None:
        errors["data_type"] = ["This field is required."]
    data_type = out.get("data_type") or (current or {}).get("data_type")
    extra = data.get("extra_data", (current or {}).get("extra_data"))
    if extra is not None and not isinstance(extra, dict):
        errors["extra_data"] = ["Invalid extra data"]
        return
    if data_type == "select":
        options = (extra or {}).get("select_options") or []
        if not isinstance(options, list) or not options:
            errors["non_field_errors"] = ["extra_data.select_options must be a valid list"]
            return
        alphabet = string.ascii_letters + string.digits
        fixed = []
        for option in options:
            label = option.get("label") if isinstance(option, dict) else option
            if not isinstance(label, str) or not label:
                errors["non_field_errors"] = ["extra_data.select_options must be a valid list"]
                return
            oid = (
                option.get("id")
                if isinstance(option, dict) and option.get("id")
                else "".join(secrets.choice(alphabet) for _ in range(16))
            )
            fixed.append({"label": label, "id": oid})
        out["extra_data"] = {**(extra or {}), "select_options": fixed}
    elif data_type == "monetary":
        out["extra_data"] = {"default_currency": (extra or {}).get("default_currency")} if extra else None
    elif "extra_data" in data or current is None:
        out["extra_data"] = extra if extra else None


def _validate_saved_view(
    data: dict[str, Any], creating: bool, out: dict[str, Any], errors: dict[str, Any]
) -> None:
    if "filter_rules" in data:
        rules = data["filter_rules"]
        if not isinstance(rules, list) or not all(isinstance(r, dict) and "rule_type" in r for r in rules):
            errors["filter_rules"] = ["Invalid filter rules"]
        else:
            out["filter_rules"] = [{"rule_type": r["rule_type"], "value": r.get("value")} for r in rules]
    elif creating:
        errors["filter_rules"] = ["This field is required."]
    for key in ("sort_field", "display_mode"):
        if key in data:
            out[key] = data[key] if isinstance(data[key], str) or data[key] is None else str(data[key])
    if "sort_reverse" in data:
        out["sort_reverse"] = bool(data["sort_reverse"])
    if "page_size" in data:
        size = data["page_size"]
        if size is not None and (parse_int(size) is None or parse_int(size) < 1):  # type: ignore[operator]
            errors["page_size"] = ["Ensure this value is greater than or equal to 1."]
        else:
            out["page_size"] = parse_int(size) if size is not None else None
    if "display_fields" in data:
        out["display_fields"] = data["display_fields"] if isinstance(data["display_fields"], list) else None
    if creating:
        for key, default in (
            ("sort_field", "created"),
            ("sort_reverse", True),
            ("page_size", None),
            ("display_mode", None),
            ("display_fields", None),
        ):
            out.setdefault(key, default)


def _validate_share_link(
    req: Req, data: dict[str, Any], creating: bool, out: dict[str, Any], errors: dict[str, Any]
) -> None:
    if "document" in data:
        doc = parse_int(data["document"])
        row = req.store.doc_row(doc) if doc is not None else None
        vis, params = visible_clause(req)
        visible = row is not None and req.store.q1(
            f"SELECT 1 FROM docs d WHERE d.id = ? AND {vis}", (doc, *params)
        )
        if not visible:
            errors["document"] = [f'Invalid pk "{data["document"]}" - object does not exist.']
        else:
            out["document"] = doc
    elif creating:
        errors["document"] = ["This field is required."]
    if "file_version" in data:
        _choice(errors, "file_version", data["file_version"], ("archive", "original"))
        out["file_version"] = data["file_version"]
    if "expiration" in data:
        exp = data["expiration"]
        if exp is None:
            out["expiration"] = None
        else:
            try:
                dt = datetime.fromisoformat(str(exp).replace("Z", "+00:00"))
                if dt.tzinfo is None:
                    dt = dt.replace(tzinfo=SERVER_TZ)
                out["expiration"] = dt.astimezone(SERVER_TZ).isoformat()
            except ValueError:
                errors["expiration"] = [
                    "Datetime has wrong format. Use one of these formats instead: "
                    "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
                ]
    if creating:
        alphabet = string.ascii_letters + string.digits
        out["slug"] = "".join(secrets.choice(alphabet) for _ in range(50))
        out["created"] = iso_local()
        out.setdefault("file_version", "archive")
        out.setdefault("expiration", None)


def _unique_violation(req: Req, kind: Kind, values: dict[str, Any], oid: int | None) -> bool:
    label = "username" if kind.name == "users" else "name"
    if kind.name in ("share_links",) or label not in values:
        return False
    for other in req.store.objects(kind.name).values():
        if other["id"] == oid or str(other.get(label, "")) != values[label]:
            continue
        if not kind.owned or other.get("owner") == values.get("owner"):
            return True
    return False


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
        if _unique_violation(req, kind, values, None):
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
        if _unique_violation(req, kind, merged, oid):
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
