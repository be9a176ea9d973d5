"""The trash screen (`X` on the search screen): deleted documents, when each was deleted and how long
until the server removes it for good (its `trash_delay`, where it says).

`space` marks; `r` restores the marked documents (else the highlighted one), `R` all of them; `E`
empties the trash after a confirmation naming the count. Every request runs in a worker; the list
is loaded again after each change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from paperless_tui.app.commands import bindings
from paperless_tui.app.dialogs.confirm import Confirm
from paperless_tui.app.models.archive_rows import TrashRow, trash_delay, trash_row
from paperless_tui.app.safe_text import inert
from paperless_tui.app.surface import AppScreen
from paperless_tui.app.widgets.key_footer import KeyFooter
from paperless_tui.app.widgets.option_moves import move_highlight


@dataclass
class TrashLoaded(Message):
    rows: list[TrashRow]


def now() -> dt.datetime:
    """The time "removed in N days" counts from (a test sets it)."""
    return dt.datetime.now(dt.UTC)


def _plural(count: int, word: str = "document") -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


class TrashScreen(AppScreen[None]):
    """The trash: restore one, the marked ones or all; empty it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("trash")

    rows: var[list[TrashRow] | None] = var(None)
    marked: var[frozenset[int]] = var(frozenset())
    status: var[str] = var("")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="trash-status")
        yield OptionList(id="trash-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Trash"
        self.load()

    @property
    def listing(self) -> OptionList:
        return self.query_one("#trash-list", OptionList)

    @property
    def highlighted_id(self) -> int | None:
        index = self.listing.highlighted
        if self.rows and index is not None and 0 <= index < len(self.rows):
            return self.rows[index].id
        return None

    # ------------------------------------------------------------------ loading and rendering

    @work(exclusive=True, group="trash", exit_on_error=False)
    async def load(self) -> None:
        paperless = await self.app.wait_for_client()
        delay = trash_delay(paperless.settings)
        moment = now()
        rows = [trash_row(doc, delay, moment) async for doc in paperless.trash]
        self.post_message(TrashLoaded(rows))

    @on(TrashLoaded)
    def _loaded(self, message: TrashLoaded) -> None:
        self.marked = self.marked & {row.id for row in message.rows}
        self.rows = message.rows

    def _label(self, row: TrashRow) -> Content:
        mark = "●" if row.id in self.marked else " "
        when = f"deleted {row.deleted}" + (f" · {row.remaining}" if row.remaining else "")
        # (a (text, style) pair is plain text, never markup; the title is cleaned)
        return Content.assemble(f"{mark} ", (row.title, "bold"), "  ", (when, "dim"))

    def _render_rows(self) -> None:
        listing = self.listing
        keep = listing.highlighted
        listing.clear_options()
        rows = self.rows
        if rows is None:
            listing.add_option(Option(Content("Loading…"), disabled=True))
        elif not rows:
            listing.add_option(Option(Content("The trash is empty."), disabled=True))
        else:
            listing.add_options(Option(self._label(row), id=str(row.id)) for row in rows)
            listing.highlighted = min(keep or 0, len(rows) - 1)
        count = len(rows or [])
        marked = f" · {len(self.marked)} marked" if self.marked else ""
        self.status = "" if rows is None else f"{_plural(count)} in the trash{marked}"

    def watch_rows(self) -> None:
        self._render_rows()

    def watch_marked(self) -> None:
        if self.rows:
            self._render_rows()

    def watch_status(self, status: str) -> None:
        self.query_one("#trash-status", Static).update(inert(status))

    # ------------------------------------------------------------------ keys

    def action_back(self) -> None:
        self.dismiss(None)

    def action_move(self, step: int) -> None:
        if self.rows:
            move_highlight(self.listing, step, start=0)

    def action_mark(self) -> None:
        """Mark or unmark the highlighted document and move down."""
        doc_id = self.highlighted_id
        if doc_id is None:
            return
        self.marked = self.marked ^ {doc_id}
        self.action_move(1)

    def action_restore(self) -> None:
        ids = sorted(self.marked) if self.marked else [i for i in [self.highlighted_id] if i is not None]
        if ids:
            self._restore(ids)

    def action_restore_all(self) -> None:
        if self.rows:
            self._restore([row.id for row in self.rows])

    @work(exclusive=True, group="trash-change", exit_on_error=False)
    async def _restore(self, ids: list[int]) -> None:
        paperless = await self.app.wait_for_client()
        restored = await paperless.trash.restore(ids)
        self.marked = frozenset()
        self.notify(f"Restored {_plural(len(restored))}", title="Trash", markup=False)
        self.load()

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_empty(self) -> None:
        """Delete everything in the trash for good, after a confirmation naming the count."""
        count = len(self.rows or [])
        if not count:
            self.notify("The trash is empty.", markup=False)
            return
        question = f"Delete all {_plural(count)} in the trash for good? This cannot be undone."
        if not await self.app.push_screen_wait(Confirm("Empty the trash", question, yes="Empty")):
            return
        paperless = await self.app.wait_for_client()
        removed = await paperless.trash.empty()
        self.notify(f"Deleted {_plural(len(removed))} for good", title="Trash", markup=False)
        self.load()
