"""The notes tab: each note with its author and local time, newest first; every note is server text,
shown inert (markup brackets, escape sequences and control characters appear as typed, never act).

The highlighted note (j/k) can be copied (`c`: `CopyRequested`) or deleted after one confirmation
(`d`/delete: `DeleteRequested`, the document screen runs it).
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from paperless_tui.app.commands import bindings
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


def local_time(created: Any) -> str:
    """A note's time in the user's time zone, to the minute."""
    if created is None:
        return "—"
    return clean(created.astimezone().strftime("%Y-%m-%d %H:%M"))


def newest_first(notes: list[Any]) -> list[Any]:
    ordered = sorted(
        notes, key=lambda n: (getattr(n, "created", None) is not None, getattr(n, "created", None))
    )
    return ordered[::-1]


def note_content(note: Any) -> Content:
    """One note: `author · time` in bold, then its text exactly as typed (inert)."""
    header = Content(f"{_author(getattr(note, 'user', None))} · {local_time(getattr(note, 'created', None))}")
    body = clean(getattr(note, "note", ""), multiline=True) or "(empty note)"
    return header.stylize("bold") + Content("\n" + body)


def notes_content(notes: list[Any]) -> Content:
    """All notes, newest first, as one inert `Content`."""
    if not notes:
        return Content("No notes.")
    return Content("\n\n").join(note_content(note) for note in newest_first(notes))


class NotesView(OptionList):
    """Shows `notes` (client `DocumentNote` objects), newest first, one option per note."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("notes")

    notes: var[list[Any] | None] = var(None)

    class CopyRequested(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class DeleteRequested(Message):
        def __init__(self, note: Any) -> None:
            super().__init__()
            self.note = note

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: list[Any] = []

    def watch_notes(self, notes: list[Any] | None) -> None:
        keep = self.highlighted_note
        self.clear_options()
        self._shown = newest_first(notes) if notes else []
        if notes is None:
            self.add_option(Option(Content("Loading…"), disabled=True))
        elif not notes:
            self.add_option(Option(Content("No notes."), disabled=True))
        else:
            self.add_options(
                Option(note_content(note), id=str(index)) for index, note in enumerate(self._shown)
            )
            ids = [getattr(note, "id", None) for note in self._shown]
            wanted = getattr(keep, "id", None)
            self.highlighted = ids.index(wanted) if wanted in ids else 0

    @property
    def highlighted_note(self) -> Any:
        index = self.highlighted
        if index is None or not 0 <= index < len(self._shown):
            return None
        return self._shown[index]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("copy_note", "delete_note"):
            return self.highlighted_note is not None
        return True

    def action_copy_note(self) -> None:
        note = self.highlighted_note
        if note is not None:
            self.post_message(self.CopyRequested(str(getattr(note, "note", ""))))

    def action_delete_note(self) -> None:
        note = self.highlighted_note
        if note is not None:
            self.post_message(self.DeleteRequested(note))
