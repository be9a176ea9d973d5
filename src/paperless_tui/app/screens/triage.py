"""Inbox triage (`I` on the search screen): one document at a time, its content beside the server's
suggestions; accept a suggestion with one key, change the rest with the pickers, `enter` applies it all
in one request (a PATCH of the changed fields, the inbox tags removed) and moves on.

It walks the marked documents, else every match of the current list. `j`/`k` skip back and forth;
`u` undoes the last document's change (each change is also recorded in the search screen's bulk
history, so `H` shows it and `u` there undoes it too). The content is shown as inert text; the page
preview is on `P` of the document screen, not here.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import Static

from paperless_tui.app.commands import bindings
from paperless_tui.app.models.bulk_history import (
    BulkHistory,
    Operation,
    apply_operation,
    change,
    set_operation,
    tags_operation,
)
from paperless_tui.app.models.marks import DocValues
from paperless_tui.app.safe_text import clean
from paperless_tui.app.surface import AppScreen
from paperless_tui.app.widgets.key_footer import KeyFooter

SINGLE = ("correspondent", "document_type", "storage_path")


@dataclass
class Card:
    """The document on show: its values, what the server suggests, and what the user chose."""

    doc: Any
    values: DocValues
    suggested: Any
    pending: dict[str, int | None] = field(default_factory=dict)
    tags: set[int] = field(default_factory=set)

    def operations(self, inbox: set[int]) -> list[Operation]:
        """What applying it does, as bulk operations (the history's form, for undo)."""
        ops = [
            set_operation(f"set_{name}", [self.values.id], value)
            for name, value in self.pending.items()
            if value != getattr(self.values, name)
        ]
        wanted = (self.tags or set(self.values.tags)) - inbox
        add, remove = wanted - self.values.tags, self.values.tags - wanted
        if add or remove:
            ops.append(tags_operation([self.values.id], add, remove))
        return ops


@dataclass
class CardLoaded(Message):
    index: int
    card: Card


class TriageScreen(AppScreen[None]):
    """Triage documents `ids` one by one."""

    DEFAULT_CSS = """
    TriageScreen #triage-count { padding: 0 1; text-style: bold; color: $text-primary; }
    TriageScreen #triage-body { height: 1fr; }
    TriageScreen #triage-content { width: 1fr; padding: 0 1; border-right: vkey $border; }
    TriageScreen #triage-side { width: 56; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("triage")

    index: var[int] = var(0)
    card: var[Card | None] = var(None, always_update=True)

    def __init__(self, ids: list[int], history: BulkHistory) -> None:
        super().__init__()
        self.ids = ids
        self.history = history
        self.done: set[int] = set()
        self.last: tuple[int, Any] | None = None  # (index, history entry) of the last applied

    def compose(self) -> ComposeResult:
        yield Static(id="triage-count")
        with Horizontal(id="triage-body"):
            with VerticalScroll(id="triage-content"):
                yield Static(id="triage-text")
            yield Static(id="triage-side")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._load(self.index)

    def watch_index(self, index: int) -> None:
        if self.is_mounted:
            self.card = None
            self._load(index)

    # ------------------------------------------------------------------ loading

    @work(exclusive=True, group="triage-load", exit_on_error=False)
    async def _load(self, index: int) -> None:
        if not 0 <= index < len(self.ids):
            return
        paperless = await self.app.wait_for_client()
        doc_id = self.ids[index]
        doc, suggested = await asyncio.gather(
            paperless.documents(doc_id), paperless.documents.suggestions(doc_id)
        )
        self.post_message(CardLoaded(index, Card(doc, DocValues.from_document(doc), suggested)))

    @on(CardLoaded)
    def _loaded(self, message: CardLoaded) -> None:
        if message.index == self.index:
            self.card = message.card

    def watch_card(self, card: Card | None) -> None:
        left = len([i for i in self.ids if i not in self.done])
        count = f"Triage: {self.index + 1} of {len(self.ids)} · {left} left"
        self.query_one("#triage-count", Static).update(Content(count))
        if card is None:
            self.query_one("#triage-text", Static).update(Content("Loading…"))
            self.query_one("#triage-side", Static).update(Content(""))
            return
        title = clean(card.doc.title)
        text = clean(card.doc.content or "", multiline=True)
        self.query_one("#triage-text", Static).update(
            Content.assemble((title, "bold"), "\n\n", Content(text))
        )
        self.query_one("#triage-side", Static).update(self._side(card))

    def _side(self, card: Card) -> Content:
        names = self.app.names
        label = {"correspondent": names.correspondent, "document_type": names.document_type}
        label["storage_path"] = names.storage_path
        suggested = {
            "correspondent": card.suggested.correspondents,
            "document_type": card.suggested.document_types,
            "storage_path": card.suggested.storage_paths,
        }
        lines: list[Content] = []
        for key, number in zip(SINGLE, ("1", "2", "4"), strict=True):
            now = getattr(card.values, key)
            value = card.pending.get(key, now)
            shown = label[key](value) or "—"
            line = Content.assemble((f"{name_of(key)}: ", "bold"), Content(shown))
            if key in card.pending and card.pending[key] != now:
                line += Content.assemble(("  (changed)", "$text-success"))
            offer = suggested[key]
            if offer:
                line += Content.assemble(
                    ("\n  ", ""), (number, "bold $text-accent"), f" accept: {label[key](offer[0])}"
                )
            lines.append(line)
        tags = card.tags or set(card.values.tags)
        inbox = set(names.inbox_tags())
        shown_tags = ", ".join(names.tag_name(t) for t in sorted(tags - inbox)) or "—"
        tag_line = Content.assemble(
            ("Tags: ", "bold"), Content(shown_tags), ("  (inbox tag removed on enter)", "$text-muted")
        )
        if card.suggested.tags:
            offered = ", ".join(names.tag_name(t) for t in card.suggested.tags)
            tag_line += Content.assemble(
                ("\n  ", ""), ("3", "bold $text-accent"), " accept: ", Content(offered)
            )
        lines.append(tag_line)
        if card.suggested.dates:
            lines.append(Content(f"Dates found: {', '.join(str(d) for d in card.suggested.dates[:3])}"))
        lines.append(Content("t/c/d/s pickers · enter apply and next · j/k skip · u undo · escape back"))
        return Content("\n").join(lines)

    # ------------------------------------------------------------------ keys

    def action_move(self, step: int) -> None:
        self.index = max(0, min(len(self.ids) - 1, self.index + step))

    def action_accept(self, what: str) -> None:
        card = self.card
        if card is None:
            return
        offers = {
            "correspondent": card.suggested.correspondents,
            "document_type": card.suggested.document_types,
            "storage_path": card.suggested.storage_paths,
        }
        if what == "tags":
            card.tags = set(card.tags or card.values.tags) | set(card.suggested.tags)
        elif offers[what]:
            card.pending[what] = offers[what][0]
        self.card = card

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_pick(self, what: str) -> None:
        from paperless_tui.app.dialogs.choice_picker import ChoicePicker, Cleared, Picked
        from paperless_tui.app.dialogs.tag_picker import TagPicker

        card, names = self.card, self.app.names
        if card is None:
            return
        if what == "tags":
            tags = sorted(((t.id, t.name) for t in names.tags.values()), key=lambda item: item[1].casefold())
            now = card.tags or set(card.values.tags)
            picked = await self.app.push_screen_wait(
                TagPicker(
                    "Tags",
                    tags,
                    counts={t: 1 for t in now},
                    total=1,
                    suggested=card.suggested.tags,
                    allow_create=False,
                )
            )
            if picked is not None:
                card.tags = (set(now) | picked.add) - picked.remove
        else:
            table = {"correspondent": names.correspondents, "document_type": names.document_types}
            table["storage_path"] = names.storage_paths
            items = sorted(table[what].items(), key=lambda item: item[1].casefold())
            offers = {
                "correspondent": card.suggested.correspondents,
                "document_type": card.suggested.document_types,
            }
            offers["storage_path"] = card.suggested.storage_paths
            choice = await self.app.push_screen_wait(
                ChoicePicker(
                    name_of(what),
                    items,
                    current=card.pending.get(what, getattr(card.values, what)),
                    suggested=offers[what],
                )
            )
            if isinstance(choice, Picked):
                card.pending[what] = choice.value
            elif isinstance(choice, Cleared):
                card.pending[what] = None
        self.card = card

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_apply(self) -> None:
        """One PATCH with every change (the inbox tags removed), recorded for undo; then the next."""
        from paperless_tui.client import exceptions as client_errors

        card = self.card
        if card is None:
            return
        operations = card.operations(set(self.app.names.inbox_tags()))
        doc = card.doc
        after = card.values
        for operation in operations:
            after = apply_operation(after, operation)
        for name in SINGLE:
            setattr(doc, name, getattr(after, name))
        doc.tags = sorted(after.tags)
        paperless = await self.app.wait_for_client()
        try:
            if operations:
                await paperless.documents.update(doc)
        except client_errors.PaperlessError as error:
            self.app.report_error(error, doing=f"Saving document {doc.id} (nothing was changed)")
            return
        if operations:
            entry = change(f"triage: {clean(doc.title)}", operations, {doc.id: card.values}, datetime.now())
            self.history.record(entry)
            self.last = (self.index, entry)
        self.done.add(doc.id)
        self.notify(f"Saved #{doc.id}.", markup=False, timeout=2)
        if self.index + 1 < len(self.ids):
            self.index += 1
        else:
            self.card = self.card

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_undo(self) -> None:
        from paperless_tui.app.flows.bulk import send
        from paperless_tui.client import exceptions as client_errors

        if self.last is None or self.last[1].undone:
            self.notify("Nothing to undo here.", markup=False)
            return
        index, entry = self.last
        paperless = await self.app.wait_for_client()
        try:
            for operation in entry.inverse():
                await send(paperless, operation)
        except client_errors.PaperlessError as error:
            self.app.report_error(error, doing=f"Undoing {entry.what}")
            return
        self.history.undone(entry)
        self.done.difference_update(entry.documents)
        self.notify(f"Undone: {entry.what}.", markup=False)
        self.index = index
        self._load(index)

    def action_back(self) -> None:
        self.dismiss(None)


def name_of(key: str) -> str:
    return {"correspondent": "Correspondent", "document_type": "Type", "storage_path": "Storage path"}[key]
