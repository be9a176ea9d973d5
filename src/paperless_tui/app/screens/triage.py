"""Inbox triage: one document at a time, its thumbnail and text beside the server's suggestions.

`I` on the search screen opens it over the marked documents, else the current result list (at start
that is the inbox). Each document shows its values now and after the user's changes, and the
classifier's suggestions numbered 1–5: one key accepts one (`a` all of them); `c`/`d`/`s`/`t`/`D`
pick any value with the shared pickers. `enter` applies everything in one request (PATCH of the
changed fields), takes the inbox tags off and moves to the next document; `j`/`k` skip back and
forth. `u` undoes the last applied document exactly (one request back to its old values); each
applied document is also an entry of the search screen's bulk history (`H`). A failure keeps the
user's choices on screen. The next document is fetched while the user looks at this one.

Dismisses with the ids of the documents it changed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import Static

from paperless_tui.app.commands import bindings
from paperless_tui.app.models.bulk_history import (
    BulkChange,
    BulkHistory,
    Operation,
    change,
    set_operation,
    tags_operation,
)
from paperless_tui.app.models.lookups import Lookups
from paperless_tui.app.models.marks import DocValues
from paperless_tui.app.models.result_set import ResultRow
from paperless_tui.app.models.triage import (
    KIND_LABELS,
    Suggestions,
    TriageDraft,
    TriageValues,
    describe_patch,
    remaining,
)
from paperless_tui.app.safe_text import clean
from paperless_tui.app.surface import AppScreen
from paperless_tui.app.widgets.key_footer import KeyFooter
from paperless_tui.app.widgets.preview_pane import PreviewPane

CONTENT_CHARS = 4000
"""How much of the document's text is shown beside its suggestions."""


@dataclass(frozen=True)
class TriageRecord:
    """One applied document: what it was and what it became (what an undo sends back)."""

    doc_id: int
    before: TriageValues
    after: TriageValues
    what: str
    at: dt.datetime
    undone: bool = False


class TriageLoaded(Message):
    """Document `doc_id` and its suggestions arrived."""

    def __init__(self, doc_id: int, document: Any, suggestions: Suggestions) -> None:
        super().__init__()
        self.doc_id = doc_id
        self.document = document
        self.suggestions = suggestions


class TriageApplied(Message):
    """A document was changed on the server (an apply, or an undo when `undo` is True)."""

    def __init__(self, record: TriageRecord, document: Any, *, undo: bool = False) -> None:
        super().__init__()
        self.record = record
        self.document = document
        self.undo = undo


def _value_name(kind: str, value: Any, names: Lookups) -> str:
    if kind == "correspondent":
        return names.correspondent(value) or "—"
    if kind == "document_type":
        return names.document_type(value) or "—"
    if kind == "storage_path":
        return names.storage_path(value) or "—"
    if kind == "created":
        return value.isoformat() if value else "—"
    return ", ".join(sorted((names.tag_name(t) for t in value), key=str.casefold)) or "—"


def values_table(draft: TriageDraft, names: Lookups, inbox: Sequence[int]) -> Content:
    """'Correspondent  ACME → Stadtwerke' per field; changed ones stand out."""
    after = draft.after(inbox)
    lines: list[Content] = []
    for kind in ("correspondent", "document_type", "storage_path", "tags", "created"):
        old, new = getattr(draft.before, kind), getattr(after, kind)
        label = f"{KIND_LABELS[kind]:<14}"
        if old == new:
            lines.append(Content.assemble(label, Content(clean(_value_name(kind, old, names)))))
        else:
            lines.append(
                Content.assemble(
                    label,
                    (clean(_value_name(kind, old, names)), "$text-muted strike"),
                    " → ",
                    (clean(_value_name(kind, new, names)), "bold $text-success"),
                )
            )
    return Content("\n").join(lines)


def offers_table(draft: TriageDraft, names: Lookups) -> Content:
    offers = draft.offers()
    if not offers:
        return Content.styled("No suggestions for this document.", "$text-muted")
    lines: list[Content] = [Content.styled("Suggestions", "bold")]
    for offer in offers:
        if offer.kind == "tags":
            shown = "+" + ", +".join(sorted((names.tag_name(t) for t in offer.value), key=str.casefold))
        else:
            shown = _value_name(offer.kind, offer.value, names)
        mark = ("  ✓", "$text-success") if offer.accepted else ""
        lines.append(
            Content.assemble(
                (f"[{offer.number}] ", "bold $text-accent"),
                f"{KIND_LABELS[offer.kind]:<14}",
                Content(clean(shown)),
                mark,
            )
        )
    lines.append(Content.styled("a accepts all", "$text-muted"))
    return Content("\n").join(lines)


class TriageScreen(AppScreen[list[int]]):
    """Work through `ids` one by one."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("triage")

    index: var[int] = var(0)
    draft: var[TriageDraft | None] = var(None, always_update=True)
    busy: var[str] = var("")

    def __init__(
        self,
        ids: Sequence[int],
        *,
        image_renderer: str = "auto",
        history: BulkHistory | None = None,
    ) -> None:
        super().__init__()
        self.order = list(dict.fromkeys(ids))
        self.image_renderer = image_renderer
        self.history = history
        """The search screen's bulk history: each applied document is recorded there too (`H`)."""
        self._entries: dict[int, BulkChange] = {}
        self.done: set[int] = set()
        self.changed: list[int] = []
        self.records: list[TriageRecord] = []
        self._documents: dict[int, Any] = {}
        self._suggestions: dict[int, Suggestions] = {}
        self._drafts: dict[int, TriageDraft] = {}

    # --- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="triage-count")
        with Horizontal(id="triage-body"):
            yield PreviewPane(self.image_renderer, id="triage-preview")
            with Vertical(id="triage-side"):
                yield Static(id="triage-values")
                yield Static(id="triage-offers")
                with VerticalScroll(id="triage-content-scroll"):
                    yield Static(id="triage-content")
        yield KeyFooter()

    def on_mount(self) -> None:
        pane = self.query_one(PreviewPane)
        pane.lookups = self.app.names
        pane.can_focus = False  # the screen's keys (j/k, page keys) stay the screen's
        self.query_one("#triage-content-scroll").can_focus = False
        self.watch(self.app, "names", self._names_changed)
        if self.order:
            self._show(0)
        self._render_count()

    def _names_changed(self, names: Lookups) -> None:
        self.query_one(PreviewPane).lookups = names
        self._render_draft()

    @property
    def current_id(self) -> int | None:
        return self.order[self.index] if 0 <= self.index < len(self.order) else None

    # --- showing a document ----------------------------------------------------------------------

    def _show(self, index: int) -> None:
        self.index = max(0, min(index, len(self.order) - 1))
        doc_id = self.order[self.index]
        if doc_id in self._documents:
            self._present(doc_id)
        else:
            self.draft = None
            self.busy = "Loading…"
            self._load(doc_id)
        following = self.index + 1
        if following < len(self.order) and self.order[following] not in self._documents:
            self._prefetch(self.order[following])

    async def _fetch(self, doc_id: int) -> None:
        paperless = await self.app.wait_for_client()
        from paperless_tui.client import exceptions as client_errors

        async def suggestions() -> Suggestions:
            try:
                return Suggestions.from_api(await paperless.documents.suggestions(doc_id))
            except client_errors.PaperlessError:  # no classifier yet, or not allowed: triage without
                return Suggestions()

        document, offered = await asyncio.gather(paperless.documents(doc_id), suggestions())
        self.post_message(TriageLoaded(doc_id, document, offered))

    @work(exclusive=True, group="triage-load", exit_on_error=False)
    async def _load(self, doc_id: int) -> None:
        await self._fetch(doc_id)

    @work(exclusive=True, group="triage-prefetch", exit_on_error=False)
    async def _prefetch(self, doc_id: int) -> None:
        await self._fetch(doc_id)

    @on(TriageLoaded)
    def _loaded(self, message: TriageLoaded) -> None:
        self._documents[message.doc_id] = message.document
        self._suggestions[message.doc_id] = message.suggestions
        if message.doc_id == self.current_id:
            self._present(message.doc_id)

    def _present(self, doc_id: int) -> None:
        document = self._documents[doc_id]
        draft = self._drafts.get(doc_id)
        if draft is None:
            draft = TriageDraft(
                doc_id, TriageValues.from_document(document), self._suggestions.get(doc_id, Suggestions())
            )
            self._drafts[doc_id] = draft
        self.busy = ""
        self.query_one(PreviewPane).row = ResultRow.from_document(document)
        text = clean(getattr(document, "content", "") or "", multiline=True)
        if len(text) > CONTENT_CHARS:
            text = text[:CONTENT_CHARS] + "…"
        self.query_one("#triage-content", Static).update(Content(text or "(no text)"))
        self.query_one("#triage-content-scroll").scroll_home(animate=False)
        self.draft = draft

    # --- rendering -------------------------------------------------------------------------------

    def watch_draft(self) -> None:
        self._render_draft()
        self._render_count()

    def watch_busy(self) -> None:
        self._render_count()

    def _render_draft(self) -> None:
        if not self.is_mounted:
            return
        draft = self.draft
        values = self.query_one("#triage-values", Static)
        offers = self.query_one("#triage-offers", Static)
        if draft is None:
            values.update(self.busy or "")
            offers.update("")
            return
        names = self.app.names
        values.update(values_table(draft, names, names.inbox_tags()))
        offers.update(offers_table(draft, names))

    def _render_count(self) -> None:
        if not self.is_mounted:
            return
        total = len(self.order)
        left = remaining(self.order, self.done)
        if not total:
            text = "Triage · nothing to triage"
        else:
            text = f"Triage · {self.index + 1} of {total} · {left} left"
            doc_id = self.current_id
            if doc_id in self.done:
                text += " · done"
            if self.busy:
                text += f" · {self.busy}"
        self.query_one("#triage-count", Static).update(text)

    # --- keys ------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("accept", "accept_all", "pick", "pick_tags", "pick_date", "apply", "reset"):
            return self.draft is not None
        if action == "undo":
            return any(not record.undone for record in self.records)
        return True

    def action_next(self) -> None:
        if self.index + 1 < len(self.order):
            self._show(self.index + 1)
        else:
            self.notify("That was the last document.", markup=False)

    def action_previous(self) -> None:
        if self.index > 0:
            self._show(self.index - 1)

    def action_accept(self, number: int) -> None:
        draft = self.draft
        if draft is not None and draft.accept(number) is not None:
            self.draft = draft

    def action_accept_all(self) -> None:
        draft = self.draft
        if draft is not None and draft.accept_all():
            self.draft = draft

    def action_reset(self) -> None:
        draft = self.draft
        if draft is not None:
            draft.reset()
            self.draft = draft

    def action_scroll_text(self, pages: int) -> None:
        scroll = self.query_one("#triage-content-scroll", VerticalScroll)
        scroll.scroll_relative(y=pages * max(1, scroll.size.height - 1), animate=False)

    def action_done(self) -> None:
        self.dismiss(list(dict.fromkeys(self.changed)))

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_pick(self, field: str) -> None:
        from paperless_tui.app.flows.pick import CANCELLED, FIELDS, pick_value

        draft = self.draft
        if draft is None:
            return
        suggested = {
            "correspondent": draft.suggestions.correspondents,
            "document_type": draft.suggestions.document_types,
            "storage_path": draft.suggestions.storage_paths,
        }[field]
        value = await pick_value(
            self.app,
            field,
            f"{FIELDS[field][0].capitalize()} of this document",
            current=getattr(draft.values, field),
            suggested=suggested,
        )
        if value is not CANCELLED and self.draft is draft:
            draft.set(field, value if isinstance(value, int) else None)
            self.draft = draft

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_pick_tags(self) -> None:
        from paperless_tui.app.flows.pick import pick_tags

        draft = self.draft
        if draft is None:
            return
        picked = await pick_tags(
            self.app,
            "Tags of this document",
            counts={tag: 1 for tag in draft.values.tags},
            total=1,
            suggested=draft.suggestions.tags,
        )
        if picked is not None and self.draft is draft:
            draft.change_tags(*picked)
            self.draft = draft

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_pick_date(self) -> None:
        from paperless_tui.app.dialogs.prompt import PromptDialog
        from paperless_tui.app.models.dates import parse_date

        draft = self.draft
        if draft is None:
            return

        def check(text: str) -> str | None:
            return None if parse_date(text) is not None else "Not a date (try 2024-01-15, 15.01.2024, today)"

        current = draft.values.created.isoformat() if draft.values.created else ""
        answer = await self.app.push_screen_wait(
            PromptDialog("Created date", value=current, placeholder="2024-01-15", check=check)
        )
        day = parse_date(answer) if answer else None
        if day is not None and self.draft is draft:
            draft.set_created(day)
            self.draft = draft

    @work(exclusive=True, group="triage-apply", exit_on_error=False)
    async def action_apply(self) -> None:
        """Send the draft in one request, inbox tags off; then the next document."""
        from paperless_tui.client import exceptions as client_errors

        draft = self.draft
        if draft is None or self.busy:
            return
        names = self.app.names
        inbox = names.inbox_tags()
        body = draft.patch(inbox)
        if not body:
            self.done.add(draft.doc_id)
            self.notify("Nothing to change; next.", markup=False)
            self._advance()
            return
        document = self._documents[draft.doc_id]
        record = TriageRecord(
            draft.doc_id,
            draft.before,
            draft.after(inbox),
            describe_patch(body, draft.before, names),
            dt.datetime.now(),
        )
        self.busy = "Saving…"
        try:
            await self._send(document, record.after, body)
        except client_errors.PaperlessError as error:
            self.busy = ""
            self.app.report_error(
                error, doing="Saving this document (your choices are kept; enter tries again)"
            )
            return
        self.post_message(TriageApplied(record, document))

    async def _send(self, document: Any, values: TriageValues, body: dict[str, Any]) -> None:
        """PATCH `document` to `values` (only the fields in `body`)."""
        paperless = await self.app.wait_for_client()
        for name in body:
            value = getattr(values, name)
            setattr(document, name, sorted(value) if name == "tags" else value)
        await paperless.documents.update(document)

    @on(TriageApplied)
    def _applied(self, message: TriageApplied) -> None:
        record = message.record
        self.busy = ""
        self._documents[record.doc_id] = message.document
        # The next look at this document starts from what the server has now.
        self._drafts.pop(record.doc_id, None)
        self.changed.append(record.doc_id)
        if message.undo:
            self.done.discard(record.doc_id)
            self.records = [r if r is not record else _undone(r) for r in self.records]
            entry = self._entries.pop(id(record), None)
            if entry is not None and self.history is not None and not entry.undone:
                self.history.undone(entry)
            self.notify(f"Undone: {record.what}", markup=False)
            self._show(self.order.index(record.doc_id))
            return
        self.done.add(record.doc_id)
        self.records.append(record)
        if self.history is not None:
            entry = history_entry(record)
            self.history.record(entry)
            self._entries[id(record)] = entry
        self.notify(f"Saved: {record.what}", markup=False)
        self._advance()

    def _advance(self) -> None:
        """On to the next document not done yet (after this one), or say that all are done."""
        for index in range(self.index + 1, len(self.order)):
            if self.order[index] not in self.done:
                self._show(index)
                return
        if self.current_id is not None and self.current_id in self._documents:
            self._present(self.current_id)
        self._render_count()
        left = remaining(self.order, self.done)
        self.notify(
            "All done: the pile is empty." if not left else f"{left} left (earlier ones).", markup=False
        )

    @work(exclusive=True, group="triage-apply", exit_on_error=False)
    async def action_undo(self) -> None:
        """Give the last applied document back its old values, in one request."""
        from paperless_tui.client import exceptions as client_errors

        record = next((r for r in reversed(self.records) if not r.undone), None)
        if record is None:
            return
        body = record.after.differences(record.before)
        document = self._documents.get(record.doc_id)
        try:
            if document is None:
                document = await (await self.app.wait_for_client()).documents(record.doc_id)
            await self._send(document, record.before, body)
        except client_errors.PaperlessError as error:
            self.app.report_error(error, doing="Undoing the last triage change (nothing was changed)")
            return
        self.post_message(TriageApplied(record, document, undo=True))


def history_entry(record: TriageRecord) -> BulkChange:
    """`record` as an entry of the bulk history (what `H` lists and `u` on the list can undo; the
    created date is not part of the history's values, so only triage's own `u` gives it back)."""
    before, after, doc = record.before, record.after, [record.doc_id]
    operations: list[Operation] = [
        set_operation(f"set_{name}", doc, getattr(after, name))
        for name in ("correspondent", "document_type", "storage_path")
        if getattr(after, name) != getattr(before, name)
    ]
    if after.tags != before.tags:
        operations.append(tags_operation(doc, after.tags - before.tags, before.tags - after.tags))
    previous = DocValues(
        record.doc_id,
        tags=before.tags,
        correspondent=before.correspondent,
        document_type=before.document_type,
        storage_path=before.storage_path,
    )
    return change(f"triage: {record.what}", operations, {record.doc_id: previous}, record.at)


def _undone(record: TriageRecord) -> TriageRecord:
    from dataclasses import replace

    return replace(record, undone=True)
