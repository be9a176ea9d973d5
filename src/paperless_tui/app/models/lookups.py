"""Name cache for tags, correspondents, document types, storage paths, custom fields and users.

Loaded once (a handful of list requests, one per kind), then shared by every screen: the results list
resolves ids to names and colours here, never with one request per row. `is_stale()` tells the
screen when to reload it (after a while, or after a row shows an id the cache does not know).
Every name is made safe with `clean()` when the cache is built.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rich.style import Style

from paperless_tui.app.safe_text import clean
from paperless_tui.app.widgets.tag_style import tag_chip_style, valid_colour

STALE_AFTER_SECONDS = 300.0


def _field(obj: Any, name: str) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


@dataclass(frozen=True, slots=True)
class TagInfo:
    """A tag's safe name and colour."""

    id: int
    name: str
    colour: str | None = None
    is_inbox: bool = False
    parent: int | None = None

    @property
    def style(self) -> Style | None:
        return tag_chip_style(self.colour)


@dataclass(frozen=True, slots=True)
class CustomFieldInfo:
    """A custom field's safe name, data type and, for selects, option labels by option id."""

    id: int
    name: str
    data_type: str
    options: Mapping[str, str] = field(default_factory=dict)
    default_currency: str | None = None


@dataclass(frozen=True)
class Lookups:
    """Immutable snapshot of the id -> name tables (a new snapshot replaces the old one)."""

    tags: Mapping[int, TagInfo] = field(default_factory=dict)
    correspondents: Mapping[int, str] = field(default_factory=dict)
    document_types: Mapping[int, str] = field(default_factory=dict)
    storage_paths: Mapping[int, str] = field(default_factory=dict)
    custom_fields: Mapping[int, CustomFieldInfo] = field(default_factory=dict)
    users: Mapping[int, str] = field(default_factory=dict)
    loaded_at: float = 0.0

    @classmethod
    def build(
        cls,
        *,
        tags: Iterable[Any] = (),
        correspondents: Iterable[Any] = (),
        document_types: Iterable[Any] = (),
        storage_paths: Iterable[Any] = (),
        custom_fields: Iterable[Any] = (),
        users: Iterable[Any] = (),
        loaded_at: float | None = None,
    ) -> Lookups:
        """Build from the server's objects (client models or JSON dicts)."""
        tag_table: dict[int, TagInfo] = {}
        for tag in tags:
            tag_id = _field(tag, "id")
            if isinstance(tag_id, int):
                parent = _field(tag, "parent")
                tag_table[tag_id] = TagInfo(
                    id=tag_id,
                    name=clean(_field(tag, "name")),
                    colour=valid_colour(_field(tag, "color") or _field(tag, "colour")),
                    is_inbox=bool(_field(tag, "is_inbox_tag")),
                    parent=parent if isinstance(parent, int) else None,
                )
        fields: dict[int, CustomFieldInfo] = {}
        for custom_field in custom_fields:
            field_id = _field(custom_field, "id")
            if not isinstance(field_id, int):
                continue
            extra = _field(custom_field, "extra_data") or {}
            options: dict[str, str] = {}
            for option in _field(extra, "select_options") or ():
                option_id = _field(option, "id")
                if option_id is not None:
                    options[str(option_id)] = clean(_field(option, "label"))
            currency = _field(extra, "default_currency")
            fields[field_id] = CustomFieldInfo(
                id=field_id,
                name=clean(_field(custom_field, "name")),
                data_type=clean(_field(custom_field, "data_type")),
                options=options,
                default_currency=clean(currency) if currency else None,
            )
        return cls(
            tags=tag_table,
            correspondents=_names(correspondents),
            document_types=_names(document_types),
            storage_paths=_names(storage_paths),
            custom_fields=fields,
            users=_names(users, "username"),
            loaded_at=time.monotonic() if loaded_at is None else loaded_at,
        )

    @property
    def loaded(self) -> bool:
        return self.loaded_at > 0

    def is_stale(self, now: float | None = None, max_age: float = STALE_AFTER_SECONDS) -> bool:
        """True when never loaded or older than `max_age` seconds."""
        if not self.loaded:
            return True
        return ((time.monotonic() if now is None else now) - self.loaded_at) > max_age

    def knows(
        self, *, tags: Iterable[int] = (), correspondent: int | None = None, document_type: int | None = None
    ) -> bool:
        """False if any given id is missing from the cache (a sign it should be reloaded)."""
        if correspondent is not None and correspondent not in self.correspondents:
            return False
        if document_type is not None and document_type not in self.document_types:
            return False
        return all(tag in self.tags for tag in tags)

    def tag_name(self, tag_id: int) -> str:
        tag = self.tags.get(tag_id)
        return tag.name if tag else f"#{tag_id}"

    def correspondent(self, item_id: int | None) -> str:
        return _lookup(self.correspondents, item_id)

    def document_type(self, item_id: int | None) -> str:
        return _lookup(self.document_types, item_id)

    def storage_path(self, item_id: int | None) -> str:
        return _lookup(self.storage_paths, item_id)

    def user(self, item_id: int | None) -> str:
        return _lookup(self.users, item_id)

    def inbox_tags(self) -> list[int]:
        return [tag.id for tag in self.tags.values() if tag.is_inbox]


def _lookup(table: Mapping[int, str], item_id: int | None) -> str:
    if item_id is None:
        return ""
    return table.get(item_id, f"#{item_id}")


def _names(items: Iterable[Any], key: str = "name") -> dict[int, str]:
    table: dict[int, str] = {}
    for item in items:
        item_id = _field(item, "id")
        if isinstance(item_id, int):
            table[item_id] = clean(_field(item, key))
    return table
