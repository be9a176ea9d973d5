"""Validation of object create/update bodies (DRF-shaped 400 errors) for every object kind."""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

import re
import secrets
import string
from datetime import datetime
from typing import Any

from paperless_tui.demo.routes.common import ApiError, Req, parse_int
from paperless_tui.demo.routes.doc_json import visible_clause
from paperless_tui.demo.routes.object_kinds import DATA_TYPES, MASKED, Kind, text_color
from paperless_tui.demo.store import SERVER_TZ, iso_local


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


def unique_violation(req: Req, kind: Kind, values: dict[str, Any], oid: int | None) -> bool:
    label = "username" if kind.name == "users" else "name"
    if kind.name in ("share_links",) or label not in values:
        return False
    for other in req.store.objects(kind.name).values():
        if other["id"] == oid or str(other.get(label, "")) != values[label]:
            continue
        if not kind.owned or other.get("owner") == values.get("owner"):
            return True
    return False
