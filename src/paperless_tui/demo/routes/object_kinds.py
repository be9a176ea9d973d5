"""The kinds of API objects besides documents (tags, ..., users, groups) and their permissions."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from paperless_tui.demo.routes.common import Req
from paperless_tui.demo.routes.doc_json import can_change, can_view

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
