"""The plain CRUD resources: tags, correspondents, document types, storage paths, users, groups, saved
views and share links."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, ClassVar

from pydantic.dataclasses import dataclass

from .base import CONFIG, Model
from .types import Permissions

__all__ = [
    "Correspondent",
    "DocumentType",
    "Group",
    "MatchingModel",
    "SavedView",
    "SavedViewFilterRule",
    "ShareLink",
    "StoragePath",
    "Tag",
    "User",
]

_MATCHING = ("name", "match", "matching_algorithm", "is_insensitive", "owner", "permissions")


@dataclass(slots=True, kw_only=True, config=CONFIG)
class MatchingModel(Model):
    """Fields shared by the objects the classifier can assign (name, match rule, owner, permissions)."""

    id: int
    slug: str | None = None
    name: str = ""
    match: str = ""
    matching_algorithm: int | None = None
    is_insensitive: bool | None = None
    document_count: int | None = None
    owner: int | None = None
    user_can_change: bool | None = None
    permissions: Permissions | None = None


@dataclass(slots=True, kw_only=True, config=CONFIG)
class Correspondent(MatchingModel):
    """A correspondent (``/api/correspondents/``)."""

    last_correspondence: dt.datetime | dt.date | None = None

    _writable: ClassVar[tuple[str, ...]] = _MATCHING
    _service: ClassVar[str] = "correspondents"


@dataclass(slots=True, kw_only=True, config=CONFIG)
class DocumentType(MatchingModel):
    """A document type (``/api/document_types/``)."""

    _writable: ClassVar[tuple[str, ...]] = _MATCHING
    _service: ClassVar[str] = "document_types"


@dataclass(slots=True, kw_only=True, config=CONFIG)
class StoragePath(MatchingModel):
    """A storage path template (``/api/storage_paths/``)."""

    path: str = ""

    _writable: ClassVar[tuple[str, ...]] = (*_MATCHING, "path")
    _service: ClassVar[str] = "storage_paths"


@dataclass(slots=True, kw_only=True, config=CONFIG)
class Tag(MatchingModel):
    """A tag (``/api/tags/``); tags nest through ``parent`` (3.0 also lists ``children``)."""

    color: str | None = None
    text_color: str | None = None
    is_inbox_tag: bool = False
    parent: int | None = None
    children: list[Tag] | None = None

    _writable: ClassVar[tuple[str, ...]] = (*_MATCHING, "color", "is_inbox_tag", "parent")
    _service: ClassVar[str] = "tags"


@dataclass(slots=True, kw_only=True, config=CONFIG)
class User(Model):
    """A user account (``/api/users/``); the password comes back masked."""

    id: int
    username: str = ""
    email: str | None = None
    password: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    date_joined: dt.datetime | None = None
    is_staff: bool | None = None
    is_active: bool | None = None
    is_superuser: bool | None = None
    groups: list[int] = dataclasses.field(default_factory=list)
    user_permissions: list[str] = dataclasses.field(default_factory=list)
    inherited_permissions: list[str] = dataclasses.field(default_factory=list)
    is_mfa_enabled: bool | None = None

    _writable: ClassVar[tuple[str, ...]] = (
        "username",
        "email",
        "password",
        "first_name",
        "last_name",
        "is_staff",
        "is_active",
        "is_superuser",
        "groups",
        "user_permissions",
    )
    _service: ClassVar[str] = "users"


@dataclass(slots=True, kw_only=True, config=CONFIG)
class Group(Model):
    """A user group (``/api/groups/``)."""

    id: int
    name: str = ""
    permissions: list[str] = dataclasses.field(default_factory=list)

    _writable: ClassVar[tuple[str, ...]] = ("name", "permissions")
    _service: ClassVar[str] = "groups"


@dataclass(slots=True, kw_only=True, config=CONFIG)
class SavedViewFilterRule:
    """One filter rule of a saved view: a numeric rule type and a string value."""

    rule_type: int
    value: str | None = None

    def to_api(self) -> dict[str, Any]:
        """JSON for the API."""
        return {"rule_type": self.rule_type, "value": self.value}


@dataclass(slots=True, kw_only=True, config=CONFIG)
class SavedView(Model):
    """A saved view (``/api/saved_views/``): filter rules plus sorting and display settings."""

    id: int
    name: str = ""
    show_on_dashboard: bool | None = None
    show_in_sidebar: bool | None = None
    sort_field: str | None = None
    sort_reverse: bool | None = None
    filter_rules: list[SavedViewFilterRule] = dataclasses.field(default_factory=list)
    page_size: int | None = None
    display_mode: str | None = None
    display_fields: list[str] | None = None
    owner: int | None = None
    user_can_change: bool | None = None
    permissions: Permissions | None = None

    _writable: ClassVar[tuple[str, ...]] = (
        "name",
        "show_on_dashboard",
        "show_in_sidebar",
        "sort_field",
        "sort_reverse",
        "filter_rules",
        "page_size",
        "display_mode",
        "display_fields",
        "owner",
        "permissions",
    )
    _service: ClassVar[str] = "saved_views"


@dataclass(slots=True, kw_only=True, config=CONFIG)
class ShareLink(Model):
    """A public share link of a document (served at ``/share/<slug>`` without login)."""

    id: int
    created: dt.datetime | None = None
    expiration: dt.datetime | None = None
    slug: str = ""
    document: int | None = None
    file_version: str = "archive"
    owner: int | None = None

    _writable: ClassVar[tuple[str, ...]] = ("expiration", "document", "file_version")
    _service: ClassVar[str] = "share_links"
