"""The tasks screen (`T` on the search screen, and after an upload): consumption followed live.

Unacknowledged tasks, newest first, each pending / started / success (the new document) / failure with
the server's own message (a duplicate refused by an older server included; one accepted by 3.0 says
"duplicate of #N"). `enter` opens a task's document on the document screen (escape comes back here),
`a` acknowledges the highlighted finished task, `A` all finished ones. Both API versions' shapes are
read (v9: a plain list with UPPERCASE states). It polls only while shown: a worker loop that waits
`POLL_SECONDS` while something is running and backs off to `POLL_MAX_SECONDS` when nothing changes;
it stops when the screen is covered or closed and starts again when it is shown.
"""

from __future__ import annotations

import asyncio
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
from paperless_tui.app.models.archive_rows import TaskRow, task_row
from paperless_tui.app.safe_text import inert
from paperless_tui.app.surface import AppScreen
from paperless_tui.app.widgets.key_footer import KeyFooter
from paperless_tui.app.widgets.option_moves import move_highlight

POLL_SECONDS = 1.0
"""The first wait between polls (and the wait while a task is running)."""
POLL_MAX_SECONDS = 15.0
"""The longest wait between polls when nothing changes."""
PAGE = 100

STATE_STYLE = {"pending": "dim", "started": "bold", "success": "green", "failure": "bold red"}


@dataclass
class TasksLoaded(Message):
    rows: list[TaskRow]
    duplicates: dict[int, list[int]]


class TasksScreen(AppScreen[None]):
    """Unacknowledged tasks, live."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("tasks")

    rows: var[list[TaskRow] | None] = var(None)
    duplicates: var[dict[int, list[int]]] = var(dict)
    polls: int = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="tasks-status")
        yield OptionList(id="tasks-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Tasks"

    def on_screen_resume(self) -> None:
        self._poll()

    def on_screen_suspend(self) -> None:
        self.workers.cancel_group(self, "tasks-poll")

    @property
    def listing(self) -> OptionList:
        return self.query_one("#tasks-list", OptionList)

    @property
    def highlighted_row(self) -> TaskRow | None:
        index = self.listing.highlighted
        if self.rows and index is not None and 0 <= index < len(self.rows):
            return self.rows[index]
        return None

    # ------------------------------------------------------------------ polling

    async def _fetch(self) -> TasksLoaded:
        paperless = await self.app.wait_for_client()
        page = await paperless.tasks.filter(acknowledged=False).page(1, page_size=PAGE)
        tasks = sorted(page.results, key=lambda task: task.id, reverse=True)
        rows = [task_row(task) for task in tasks]
        new_docs = [row.document_id for row in rows if row.state == "success" and row.document_id]
        duplicates: dict[int, list[int]] = {}
        if new_docs:
            view = paperless.documents.filter(id__in=new_docs, fields=["id", "duplicate_documents"])
            for doc in (await view.page(1, page_size=len(new_docs))).results:
                others = [d.id for d in doc.duplicate_documents or () if d.id != doc.id]
                if others:
                    duplicates[doc.id] = others
        return TasksLoaded(rows, duplicates)

    @work(exclusive=True, group="tasks-poll", exit_on_error=False)
    async def _poll(self) -> None:
        """Poll while shown: quickly while something runs, backing off while nothing changes."""
        wait = POLL_SECONDS
        last: list[tuple[int, str]] | None = None
        while True:
            loaded = await self._fetch()
            self.polls += 1
            self.post_message(loaded)
            states = [(row.id, row.state) for row in loaded.rows]
            running = any(not row.done for row in loaded.rows)
            wait = POLL_SECONDS if running or states != last else min(wait * 2, POLL_MAX_SECONDS)
            last = states
            await asyncio.sleep(wait)

    @on(TasksLoaded)
    def _loaded(self, message: TasksLoaded) -> None:
        self.duplicates = message.duplicates
        self.rows = message.rows

    # ------------------------------------------------------------------ rendering

    def _label(self, row: TaskRow) -> Content:
        message = row.message
        if row.document_id in self.duplicates:
            listed = ", ".join(f"#{i}" for i in self.duplicates[row.document_id or 0])
            message = f"{message} (duplicate of {listed})"
        return Content.assemble(
            (f"{row.state:<8}", STATE_STYLE.get(row.state, "")),
            "  ",
            inert(row.name),
            "  ",
            (message, "dim"),
        )

    def watch_rows(self, rows: list[TaskRow] | None) -> None:
        listing = self.listing
        keep = self.highlighted_row.id if self.highlighted_row is not None else None
        listing.clear_options()
        if rows is None:
            listing.add_option(Option(Content("Loading…"), disabled=True))
            return
        if not rows:
            listing.add_option(
                Option(Content("No tasks to show (acknowledged ones are hidden)."), disabled=True)
            )
        else:
            listing.add_options(Option(self._label(row), id=str(row.id)) for row in rows)
            ids = [row.id for row in rows]
            listing.highlighted = ids.index(keep) if keep in ids else 0
        counts = {state: sum(1 for row in rows if row.state == state) for state in STATE_STYLE}
        summary = " · ".join(f"{n} {state}" for state, n in counts.items() if n) or "no tasks"
        self.query_one("#tasks-status", Static).update(inert(summary))

    # ------------------------------------------------------------------ keys

    def action_back(self) -> None:
        self.dismiss(None)

    def action_move(self, step: int) -> None:
        if self.rows:
            move_highlight(self.listing, step, start=0)

    @on(OptionList.OptionSelected, "#tasks-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """Open the highlighted task's document (escape comes back here)."""
        from paperless_tui.app.screens.document import DocumentScreen

        row = self.highlighted_row
        if row is None:
            return
        if row.document_id is None:
            self.notify("This task has made no document (yet).", markup=False)
            return
        self.app.push_screen(DocumentScreen(row.document_id))

    def action_acknowledge(self) -> None:
        row = self.highlighted_row
        if row is not None and row.done:
            self._acknowledge([row.id])
        elif row is not None:
            self.notify("Only finished tasks can be acknowledged.", markup=False)

    def action_acknowledge_all(self) -> None:
        done = [row.id for row in self.rows or () if row.done]
        if done:
            self._acknowledge(done)

    def action_refresh(self) -> None:
        self._poll()

    @work(group="tasks-change", exit_on_error=False)
    async def _acknowledge(self, ids: list[int]) -> None:
        paperless = await self.app.wait_for_client()
        await paperless.tasks.acknowledge(ids)
        self.post_message(await self._fetch())
