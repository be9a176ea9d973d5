"""This session's bulk changes (`H` on the search screen): what, on how many documents, when, and
whether each was undone or cannot be undone. Newest first. `u`/`ctrl+r` on the search screen undo
and redo; this screen only shows."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from paperless_tui.app.commands import bindings
from paperless_tui.app.models.bulk_history import BulkChange, BulkHistory
from paperless_tui.app.safe_text import clean
from paperless_tui.app.widgets.key_footer import KeyFooter


def history_line(entry: BulkChange) -> Content:
    state = "undone" if entry.undone else "done" if entry.undoable else "done · cannot be undone"
    noun = "document" if entry.count == 1 else "documents"
    return Content.assemble(
        (entry.at.strftime("%H:%M:%S"), "$text-muted"),
        "  ",
        Content(clean(entry.what)),
        f"  on {entry.count:,} {noun}  ",
        (state, "$text-warning" if entry.undone else "$text-success" if entry.undoable else "$text-muted"),
    )


class BulkHistoryScreen(Screen[None]):
    """The bulk history."""

    DEFAULT_CSS = """
    BulkHistoryScreen #bulk-history-title { text-style: bold; color: $text-primary; padding: 0 1; }
    BulkHistoryScreen #bulk-history { height: 1fr; padding: 0 1; overflow-y: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("bulk_history")

    def __init__(self, history: BulkHistory) -> None:
        super().__init__()
        self.history = history

    def compose(self) -> ComposeResult:
        yield Static(Content("Bulk changes of this session (newest first)"), id="bulk-history-title")
        entries = list(reversed(self.history.entries))
        body = Content("\n").join(history_line(e) for e in entries) if entries else Content("None yet.")
        yield Static(body, id="bulk-history")
        yield KeyFooter()

    def action_close(self) -> None:
        self.dismiss(None)
