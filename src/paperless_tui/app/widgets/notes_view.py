"""The notes tab: each note with its author and date; every note is server text, shown inert."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.widgets import Static

from paperless_tui.app.safe_text import clean


def _author(user: Any) -> str:
    if user is None:
        return "unknown"
    if isinstance(user, int):
        return f"user #{user}"
    name = " ".join(
        part for part in (getattr(user, "first_name", ""), getattr(user, "last_name", "")) if part
    )
    username = getattr(user, "username", "") or f"user #{getattr(user, 'id', '?')}"
    return clean(f"{name} ({username})" if name else username)


def notes_content(notes: list[Any]) -> Content:
    """All notes, newest first, as one inert `Content`."""
    if not notes:
        return Content("No notes.")
    ordered = sorted(
        notes, key=lambda n: (getattr(n, "created", None) is not None, getattr(n, "created", None))
    )
    parts: list[Content] = []
    for note in reversed(ordered):
        created = getattr(note, "created", None)
        when = created.isoformat(sep=" ", timespec="minutes") if created is not None else "—"
        header = Content(f"{_author(getattr(note, 'user', None))} · {clean(when)}").stylize("bold")
        body = clean(getattr(note, "note", ""), multiline=True) or "(empty note)"
        parts.append(header + Content("\n" + body + "\n"))
    return Content("\n").join(parts)


class NotesView(VerticalScroll, can_focus=True):
    """Shows `notes` (client `DocumentNote` objects)."""

    notes: var[list[Any] | None] = var(None)

    def compose(self) -> ComposeResult:
        yield Static(Content("Loading…"), id="notes-text")

    def watch_notes(self, notes: list[Any] | None) -> None:
        if self.is_mounted and notes is not None:
            self.query_one("#notes-text", Static).update(notes_content(notes))

    def on_mount(self) -> None:
        self.watch_notes(self.notes)
