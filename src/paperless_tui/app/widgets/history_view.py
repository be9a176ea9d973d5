"""The history tab: who changed what and when; the server's opaque `changes` JSON rendered readably
("old → new" where it has that shape) or as indented JSON, always inert."""

from __future__ import annotations

import json
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.widgets import Static

from paperless_tui.app.safe_text import clean
from paperless_tui.app.widgets.field_values import opaque_json


def change_lines(changes: Any) -> list[str]:
    """Readable lines for one entry's `changes` (shape varies by server version and action)."""
    if not isinstance(changes, dict):
        return [opaque_json(changes)] if changes not in (None, "", [], {}) else []
    lines: list[str] = []
    for field, change in changes.items():
        name = clean(field)
        if isinstance(change, list) and len(change) == 2 and not any(isinstance(x, dict) for x in change):
            old, new = (_compact(x) for x in change)
            lines.append(f"{name}: {old} → {new}")
        elif isinstance(change, dict) and change.get("type") == "m2m":
            objects = ", ".join(clean(x) for x in change.get("objects") or ())
            lines.append(f"{name}: {clean(change.get('operation'))} {objects}")
        else:
            text = opaque_json(change).replace("\n", "\n    ")
            lines.append(f"{name}: {text}")
    return lines


def _compact(value: Any) -> str:
    if isinstance(value, list):
        return clean(json.dumps(value, ensure_ascii=False, default=str))
    return clean(value)


def history_content(entries: list[Any]) -> Content:
    """All entries (newest first, as the server sends them) as one inert `Content`."""
    if not entries:
        return Content("No history.")
    parts: list[Content] = []
    for entry in entries:
        timestamp = getattr(entry, "timestamp", None)
        when = timestamp.isoformat(sep=" ", timespec="seconds") if timestamp is not None else "—"
        actor = getattr(entry, "actor", None)
        who = clean(getattr(actor, "username", "")) if actor is not None else "system"
        header = Content(f"{clean(when)} · {clean(getattr(entry, 'action', ''))} · {who}").stylize("bold")
        body = "\n".join("  " + line for line in change_lines(getattr(entry, "changes", None)))
        parts.append(header + Content(("\n" + body if body else "") + "\n"))
    return Content("\n").join(parts)


class HistoryView(VerticalScroll, can_focus=True):
    """Shows `entries` (client `DocumentHistoryEntry` objects)."""

    entries: var[list[Any] | None] = var(None)

    def compose(self) -> ComposeResult:
        yield Static(Content("Loading…"), id="history-text")

    def watch_entries(self, entries: list[Any] | None) -> None:
        if self.is_mounted and entries is not None:
            self.query_one("#history-text", Static).update(history_content(entries))

    def on_mount(self) -> None:
        self.watch_entries(self.entries)
