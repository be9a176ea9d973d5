"""The history tab: who changed what and when; the server's opaque `changes` JSON rendered readably
("old → new" where it has that shape) or as indented JSON, always inert.

As in the web UI, ids are shown by name (tags, correspondent, document type, storage path, owner:
from the lookups), custom field changes as "field: value" by the field's type, "None" as "—", and
times in the user's time zone (the server sends UTC)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.widgets import Static

from paperless_tui.app.models.lookups import Lookups
from paperless_tui.app.safe_text import clean
from paperless_tui.app.widgets.field_values import custom_field_text, opaque_json

_NAMED: dict[str, Callable[[Lookups, int], str]] = {
    "tags": Lookups.tag_name,
    "correspondent": Lookups.correspondent,
    "document_type": Lookups.document_type,
    "storage_path": Lookups.storage_path,
    "owner": Lookups.user,
}
"""Fields whose values are ids, and how to name one."""


def change_lines(changes: Any, lookups: Lookups | None = None) -> list[str]:
    """Readable lines for one entry's `changes` (shape varies by server version and action)."""
    if not isinstance(changes, dict):
        return [opaque_json(changes)] if changes not in (None, "", [], {}) else []
    lookups = lookups or Lookups()
    lines: list[str] = []
    for field, change in changes.items():
        name = clean(field)
        namer = _NAMED.get(str(field))
        if isinstance(change, list) and len(change) == 2 and not any(isinstance(x, dict) for x in change):
            old, new = (_side(x, lookups, namer) for x in change)
            lines.append(f"{name}: {old} → {new}")
        elif isinstance(change, dict) and change.get("type") == "m2m":
            objects = ", ".join(clean(x) for x in change.get("objects") or ())
            lines.append(f"{name}: {clean(change.get('operation'))} {objects}")
        elif isinstance(change, dict) and change.get("type") == "custom_field":
            field_name = clean(change.get("field"))
            info = next((f for f in lookups.custom_fields.values() if f.name == field_name), None)
            value = change.get("value")
            text = "—" if value in (None, "None") else custom_field_text(value, info)
            lines.append(f"{field_name} (custom field): {text}")
        else:
            text = opaque_json(change).replace("\n", "\n    ")
            lines.append(f"{name}: {text}")
    return lines


def _side(value: Any, lookups: Lookups, namer: Callable[[Lookups, int], str] | None) -> str:
    """One side of "old → new": names for ids where the field has them, "—" for none."""
    if value is None or value == "None":
        return "—"
    if namer is not None:
        ids = value if isinstance(value, list) else [value]
        if all(_is_id(x) for x in ids):
            return ", ".join(namer(lookups, int(x)) for x in ids) or "—"
    if isinstance(value, list):
        return clean(json.dumps(value, ensure_ascii=False, default=str))
    return clean(value)


def _is_id(value: Any) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, str) and value.isdigit()
    )


def local_time(moment: datetime) -> str:
    """`moment` in the user's time zone (a naive one is taken as it is), to the second."""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def history_content(entries: list[Any], lookups: Lookups | None = None) -> Content:
    """All entries (newest first, as the server sends them) as one inert `Content`."""
    if not entries:
        return Content("No history.")
    parts: list[Content] = []
    for entry in entries:
        timestamp = getattr(entry, "timestamp", None)
        when = local_time(timestamp) if isinstance(timestamp, datetime) else "—"
        actor = getattr(entry, "actor", None)
        who = clean(getattr(actor, "username", "")) if actor is not None else "system"
        header = Content(f"{clean(when)} · {clean(getattr(entry, 'action', ''))} · {who}").stylize("bold")
        body = "\n".join("  " + line for line in change_lines(getattr(entry, "changes", None), lookups))
        parts.append(header + Content(("\n" + body if body else "") + "\n"))
    return Content("\n").join(parts)


class HistoryView(VerticalScroll, can_focus=True):
    """Shows `entries` (client `DocumentHistoryEntry` objects), ids named from `lookups`."""

    entries: var[list[Any] | None] = var(None)
    lookups: var[Lookups] = var(Lookups)

    def compose(self) -> ComposeResult:
        yield Static(Content("Loading…"), id="history-text")

    def _show(self) -> None:
        if self.is_mounted and self.entries is not None:
            self.query_one("#history-text", Static).update(history_content(self.entries, self.lookups))

    def watch_entries(self) -> None:
        self._show()

    def watch_lookups(self) -> None:
        self._show()

    def on_mount(self) -> None:
        self._show()
