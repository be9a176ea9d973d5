"""Marks and bulk edits on the search screen: marking, the bulk panel's data, tag/correspondent/type/
storage path changes, undo and redo.

`BulkEditing` is the search screen's base class: it owns the `Marks` (kept across queries, pages and
opening a document), the session's `BulkHistory`, and the actions behind the keys of the
"marks and bulk edits" block of `commands.py`. The search screen only gives it three things (its
result set, its list widget and the current request parameters) and binds the keys.

Every change goes the same way (`apply_change`): the previous values of every target document are
known first (snapshots; the missing ones fetched by id, `id__in`, in chunks, never one by one), the
loaded rows change at once (optimistic), the bulk_edit requests are sent (one per operation), and on
success the change is recorded for undo and the loaded rows are fetched again by id to confirm them.
On a failure the rows go back to what the server still has, the marks stay, and the error route shows
the server's reason and the documents concerned; when only some of several requests went through,
the message says which documents were changed and which were not.

The server's bulk_edit never removes inbox tags by itself (Paperless-ngx's "remove inbox tags on
edit" applies to saving one document, `PATCH ... remove_inbox_tags`): a bulk tag change does exactly
what the picker says, and in the inbox view the documents that lost their inbox tag leave the list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.message import Message
from textual.reactive import var

from paperless_tui.app.models.bulk_history import (
    BulkHistory,
    Operation,
    apply_operation,
    change,
    set_operation,
    tags_operation,
)
from paperless_tui.app.models.marks import SNAPSHOT_FIELDS, DocValues, Marks, Summary, range_ids
from paperless_tui.app.models.result_set import ROW_FIELDS, ResultRow, ResultSet
from paperless_tui.app.surface import AppScreen

if TYPE_CHECKING:
    from paperless_tui.app.widgets.results_list import ResultsList
    from paperless_tui.client import Paperless

#: Ids per `id__in` request (keeps URLs well under the 8 KiB proxies and servers accept).
ID_CHUNK = 400
#: Marking every match asks first above this many documents.
CONFIRM_MARK_ALL = 500

#: What each single-value field is called, its names table and its client service.
FIELDS: dict[str, tuple[str, str, str]] = {
    "correspondent": ("correspondent", "correspondents", "correspondents"),
    "document_type": ("document type", "document_types", "document_types"),
    "storage_path": ("storage path", "storage_paths", "storage_paths"),
}


def chunks(ids: Sequence[int], size: int = ID_CHUNK) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def plural(count: int, noun: str = "document") -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def id_list(ids: Sequence[int], limit: int = 12) -> str:
    shown = ", ".join(str(i) for i in ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


async def fetch_values(paperless: Paperless, ids: Sequence[int]) -> list[DocValues]:
    """The snapshot values of documents `ids` (the ones the server still shows), by id, in chunks."""
    found: list[DocValues] = []
    for chunk in chunks(ids):
        view = paperless.documents.filter(
            {"id__in": ",".join(str(i) for i in chunk)}, fields=list(SNAPSHOT_FIELDS)
        )
        page = await view.page(1, page_size=len(chunk))
        found.extend(DocValues.from_document(doc) for doc in page.results)
    return found


async def send(paperless: Paperless, operation: Operation) -> None:
    """One bulk_edit request."""
    method = getattr(paperless.documents.bulk_edit, operation.method)
    await method(list(operation.documents), **dict(operation.params))


@dataclass
class SnapshotsLoaded(Message):
    """Snapshot values fetched from the server (for the panel's counts)."""

    values: list[DocValues]


@dataclass
class RowsConfirmed(Message):
    """Rows of result set `generation` fetched again after a change."""

    generation: int
    rows: list[ResultRow]


class BulkEditing(AppScreen[None]):
    """The marks, the bulk history and the bulk actions of the search screen."""

    marks: var[Marks] = var(Marks, always_update=True)
    marked_count: var[int] = var(0)
    bulk_summary: var[Summary | None] = var(None, always_update=True)
    bulk_open: var[bool] = var(False)
    history_version: var[int] = var(0)

    def __init__(self) -> None:
        super().__init__()
        self.bulk_history = BulkHistory()

    # ------------------------------------------------------------------ what the screen provides

    def bulk_result_set(self) -> ResultSet | None:
        raise NotImplementedError

    def bulk_list(self) -> ResultsList:
        raise NotImplementedError

    def bulk_params(self) -> dict[str, str]:
        raise NotImplementedError

    def bulk_mount_panel(self) -> None:
        """Mount the bulk panel (the first time it is shown)."""
        raise NotImplementedError

    def bulk_rows_changed(self) -> None:
        """The result set's rows (or its total) were changed here: show them."""
        raise NotImplementedError

    def bulk_reload(self) -> None:
        """Run the search again, keeping the cursor (documents may match the view again)."""
        raise NotImplementedError

    def _reload_if_filtered(self) -> None:
        """After an undo or redo in a filtered view: documents it had dropped may match again."""
        if self.bulk_params().get("is_in_inbox") in ("true", "1"):
            self.bulk_reload()

    # ------------------------------------------------------------------ marks

    def marks_changed(self) -> None:
        """After every change of the marks: list, status, panel, and the missing snapshots."""
        marks = self.marks
        opened = not self.marked_count and len(marks)
        self.marked_count = len(marks)
        self.mutate_reactive(BulkEditing.marks)
        self.bulk_summary = marks.summary() if len(marks) else None
        if opened:
            self.bulk_open = True  # the panel opens by itself when marks appear
        missing = marks.missing(marks.ids, complete=True)  # (a row has no storage path or fields)
        if missing:
            self._fill_snapshots(missing)

    def watch_bulk_open(self, open_: bool) -> None:
        if open_:
            self.bulk_mount_panel()
        self.set_class(open_, "-bulk")

    def _remember_rows(self, ids: Iterable[int]) -> None:
        result_set = self.bulk_result_set()
        if result_set is None:
            return
        rows = [row for row in (result_set.get(i) for i in ids) if row is not None]
        self.marks.remember_rows(rows)

    def targets(self) -> tuple[int, ...]:
        """The marked documents, or the highlighted one when nothing is marked."""
        if len(self.marks):
            return self.marks.ids
        row = self.bulk_list().highlighted_row
        return (row.id,) if row is not None else ()

    def action_mark(self) -> None:
        listing = self.bulk_list()
        if self.marks.anchor is not None:
            self.action_mark_range()
            return
        row = listing.highlighted_row
        if row is None:
            return
        self.marks.toggle(row.id)
        self._remember_rows([row.id])
        self.marks_changed()
        listing.action_cursor_down()

    def action_visual(self) -> None:
        if self.marks.anchor is None:
            self.marks.start_range(self.bulk_list().cursor)
        else:
            self.marks.cancel_range()
        self.marks_changed()

    def action_mark_range(self) -> None:
        listing, result_set = self.bulk_list(), self.bulk_result_set()
        bounds = self.marks.range_bounds(listing.cursor)
        self.marks.cancel_range()
        if bounds is not None and result_set is not None:
            first, last = bounds
            rows = (result_set.row(i) for i in range(first, last + 1))
            ids = range_ids(rows, result_set.all_ids, first, last)
            self.marks.add(ids)
            self._remember_rows(ids)
            if len(ids) < last - first + 1:
                self.notify(
                    f"Marked {len(ids)} of {last - first + 1} rows (the others were not loaded).",
                    markup=False,
                )
        self.marks_changed()

    def action_clear_marks(self) -> None:
        self.marks.clear()
        self.marks_changed()

    def action_bulk_panel(self) -> None:
        self.bulk_open = not self.bulk_open

    def bulk_cancel_range(self) -> bool:
        """Close an open visual range (escape); True if there was one."""
        if self.marks.anchor is None:
            return False
        self.marks.cancel_range()
        self.marks_changed()
        return True

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_mark_all(self) -> None:
        """Mark every match of the current query and filters, on every page (one request: the id and
        the snapshot fields of every match)."""
        from paperless_tui.app.dialogs.confirm import Confirm

        result_set = self.bulk_result_set()
        if result_set is None or not result_set.total:
            self.notify("Nothing to mark.", markup=False)
            return
        total = result_set.total
        if total > CONFIRM_MARK_ALL:
            question = f"Mark all {total:,} documents that match the current search and filters?"
            if not await self.app.push_screen_wait(Confirm("Mark all matches", question)):
                return
        paperless = await self.app.wait_for_client()
        params = {k: v for k, v in self.bulk_params().items() if k != "ordering"}
        page = await paperless.documents.filter(params, fields=list(SNAPSHOT_FIELDS)).page(
            1, page_size=max(1, total)
        )
        values = [DocValues.from_document(doc) for doc in page.results]
        added = self.marks.add(v.id for v in values)
        self.marks.store_complete(values)
        self.marks_changed()
        self.notify(f"Marked {plural(added)} more ({len(self.marks):,} marked).", markup=False)

    @work(exclusive=True, group="bulk-snapshots", exit_on_error=False)
    async def _fill_snapshots(self, ids: list[int]) -> None:
        paperless = await self.app.wait_for_client()
        self.post_message(SnapshotsLoaded(await fetch_values(paperless, ids)))

    @on(SnapshotsLoaded)
    def _snapshots_loaded(self, message: SnapshotsLoaded) -> None:
        self.marks.store_complete(message.values)
        self.bulk_summary = self.marks.summary() if len(self.marks) else None

    async def ensure_values(self, ids: Sequence[int]) -> tuple[int, ...]:
        """Make sure every document of `ids` has a complete snapshot (fetched by id when not); returns
        the ids the server still shows. Ids it does not (deleted meanwhile, not visible) are unmarked,
        and the user is told."""
        missing = self.marks.missing(ids, complete=True)
        if missing:
            paperless = await self.app.wait_for_client()
            self.marks.store_complete(await fetch_values(paperless, missing))
        gone_set = set(self.marks.missing(missing, complete=True))  # (not sent back by the server)
        if gone_set:
            self.marks.discard(gone_set)
            self.marks_changed()
            self.notify(
                f"{plural(len(gone_set))} no longer exist or are not visible to you "
                f"(unmarked): {id_list(sorted(gone_set))}.",
                severity="warning",
                markup=False,
            )
        kept = tuple(i for i in ids if i not in gone_set)
        snapshots = self.marks.snapshots(kept)
        locked = [i for i in kept if i in snapshots and not snapshots[i].can_change]
        if locked:
            from paperless_tui.app.dialogs.confirm import Confirm

            others = len(kept) - len(locked)
            question = f"You may not change {plural(len(locked))} of these: {id_list(locked)}." + (
                f"\nChange only the other {plural(others)}?" if others else ""
            )
            if not others:
                self.notify(question, severity="warning", markup=False)
                return ()
            if not await self.app.push_screen_wait(Confirm("Not allowed on some", question)):
                return ()
            kept = tuple(i for i in kept if i not in set(locked))
        return kept

    # ------------------------------------------------------------------ applying changes

    def _show_values(self, values: dict[int, DocValues]) -> None:
        """Put these values into the loaded rows and the snapshots; in the inbox view, drop the rows
        that have no inbox tag any more."""
        self.marks.remember(values.values())
        result_set = self.bulk_result_set()
        if result_set is None:
            return
        inbox_view = self.bulk_params().get("is_in_inbox") in ("true", "1")
        inbox = set(self.app.names.inbox_tags())
        for doc_id, value in values.items():
            row = result_set.get(doc_id)
            if row is None:
                continue
            if inbox_view and inbox and not (value.tags & inbox):
                result_set.remove(doc_id)
                continue
            kept = [t for t in row.tags if t in value.tags]
            tags = (*kept, *sorted(value.tags - set(kept)))
            result_set.update_row(
                replace(row, tags=tags, correspondent=value.correspondent, document_type=value.document_type)
            )
        self.bulk_rows_changed()

    async def run_operations(
        self, operations: Sequence[Operation], before: dict[int, DocValues], doing: str
    ) -> bool:
        """Send `operations` (after showing their effect at once); True when all went through. On a
        failure the rows show what the server has, and the user is told what was and was not changed."""
        from paperless_tui.client import exceptions as client_errors

        def after(done: Sequence[Operation]) -> dict[int, DocValues]:
            values = dict(before)
            for operation in done:
                for doc_id in operation.documents:
                    if doc_id in values:
                        values[doc_id] = apply_operation(values[doc_id], operation)
            return values

        self._show_values(after(operations))
        self.marks_changed()
        paperless = await self.app.wait_for_client()
        done: list[Operation] = []
        try:
            for operation in operations:
                await send(paperless, operation)
                done.append(operation)
        except client_errors.PaperlessError as error:
            self._show_values(after(done))
            self.marks_changed()
            changed = sorted({d for op in done for d in op.documents})
            unchanged = sorted({d for op in operations[len(done) :] for d in op.documents})
            where = f"{doing}: not changed: {id_list(unchanged)}"
            if changed:
                where += f"; already changed: {id_list(changed)} (press the key again to retry the rest)"
            self.app.report_error(error, doing=where)
            self.app.names_store.refresh()  # (a tag or correspondent may have gone meanwhile)
            return False
        self._confirm_rows(sorted({d for op in operations for d in op.documents}))
        return True

    async def apply_change(self, what: str, operations: Sequence[Operation]) -> bool:
        """Apply a new change to its documents and record it for undo."""
        documents = sorted({d for op in operations for d in op.documents})
        before = self.marks.snapshots(documents)
        doing = f"{what} on {plural(len(documents))}"
        if not await self.run_operations(operations, before, doing):
            return False
        self.bulk_history.record(change(what, operations, before, datetime.now()))
        self.history_version += 1
        self.notify(f"Done: {what} on {plural(len(documents))}.", markup=False)
        return True

    def record_other(self, what: str, documents: Sequence[int], operation: Operation) -> None:
        """Record a change without a known inverse (trash, reprocess, ...): shown in the history."""
        self.bulk_history.record(change(what, [operation], {}, datetime.now()))
        self.history_version += 1

    def _confirm_rows(self, ids: Sequence[int]) -> None:
        result_set = self.bulk_result_set()
        if result_set is None:
            return
        loaded = [i for i in ids if result_set.get(i) is not None]
        if loaded:
            self._refetch_rows(result_set.generation, loaded)

    @work(group="bulk-confirm", exit_on_error=False)
    async def _refetch_rows(self, generation: int, ids: list[int]) -> None:
        paperless = await self.app.wait_for_client()
        rows: list[ResultRow] = []
        for chunk in chunks(ids):
            view = paperless.documents.filter(
                {"id__in": ",".join(str(i) for i in chunk)}, fields=list(ROW_FIELDS)
            )
            page = await view.page(1, page_size=len(chunk))
            rows.extend(ResultRow.from_document(doc) for doc in page.results)
        self.post_message(RowsConfirmed(generation, rows))

    @on(RowsConfirmed)
    def _rows_confirmed(self, message: RowsConfirmed) -> None:
        result_set = self.bulk_result_set()
        if result_set is None or result_set.generation != message.generation:
            return
        for row in message.rows:
            old = result_set.get(row.id)
            if old is not None:  # (the refetch carries no search hit: keep the row's score and snippet)
                row = replace(row, score=old.score, snippet=old.snippet)
            result_set.update_row(row)
        self.bulk_rows_changed()

    # ------------------------------------------------------------------ tags and single values

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_bulk_tags(self) -> None:
        """The tri-state tag picker over the targets; one modify_tags request for the whole choice."""
        from paperless_tui.app.dialogs.tag_picker import TagPicker
        from paperless_tui.client import exceptions as client_errors

        targets = await self.ensure_values(self.targets())
        if not targets:
            self.notify("No document to tag.", markup=False)
            return
        summary = self.marks.summary(targets)
        names = self.app.names
        tags = sorted(((t.id, t.name) for t in names.tags.values()), key=lambda item: item[1].casefold())
        title = f"Tags of {plural(len(targets))}"
        picked = await self.app.push_screen_wait(
            TagPicker(title, tags, counts=summary.tags, total=len(targets))
        )
        if picked is None or picked.empty:
            return
        add = set(picked.add)
        created: list[str] = []
        if picked.create:
            paperless = await self.app.wait_for_client()
            try:
                for name in picked.create:
                    add.add(await paperless.tags.save(paperless.tags.create(name=name)))
                    created.append(name)
            except client_errors.PaperlessError as error:
                self.app.report_error(error, doing=f"Creating the tag {name!r} (nothing was changed)")
                return
            finally:
                if created:
                    self.app.names_store.refresh()
        words = [f"add {names.tag_name(t)}" for t in sorted(picked.add)]
        words += [f"add new {name}" for name in created]
        words += [f"remove {names.tag_name(t)}" for t in sorted(picked.remove)]
        await self.apply_change("tags: " + ", ".join(words), [tags_operation(targets, add, picked.remove)])

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_bulk_set(self, field: str) -> None:
        """Set (or clear) the correspondent, document type or storage path of the targets."""
        from paperless_tui.app.dialogs.choice_picker import ChoicePicker, Cleared, Create, Picked
        from paperless_tui.client import exceptions as client_errors

        label, table_name, service_name = FIELDS[field]
        targets = await self.ensure_values(self.targets())
        if not targets:
            self.notify(f"No document to set the {label} of.", markup=False)
            return
        summary = self.marks.summary(targets)
        counts = {
            "correspondent": summary.correspondents,
            "document_type": summary.document_types,
            "storage_path": summary.storage_paths,
        }[field]
        names = self.app.names
        table = {
            "correspondents": names.correspondents,
            "document_types": names.document_types,
            "storage_paths": names.storage_paths,
        }[table_name]
        items = sorted(table.items(), key=lambda item: item[1].casefold())
        current = next(iter(counts)) if len(counts) == 1 else None
        picked = await self.app.push_screen_wait(
            ChoicePicker(
                f"{label.capitalize()} of {plural(len(targets))}",
                items,
                current=current,
                counts={k: v for k, v in counts.items() if k is not None},
                total=len(targets),
                allow_create=True,
            )
        )
        if picked is None:
            return
        value: int | None
        if isinstance(picked, Picked):
            value, name = picked.value, table.get(picked.value, f"#{picked.value}")
        elif isinstance(picked, Cleared):
            value, name = None, ""
        elif isinstance(picked, Create):
            paperless = await self.app.wait_for_client()
            service: Any = {
                "correspondents": paperless.correspondents,
                "document_types": paperless.document_types,
                "storage_paths": paperless.storage_paths,
            }[service_name]
            try:
                value = await service.save(service.create(name=picked.name))
            except client_errors.PaperlessError as error:
                self.app.report_error(
                    error, doing=f"Creating the {label} {picked.name!r} (nothing was changed)"
                )
                return
            finally:
                self.app.names_store.refresh()
            name = picked.name
        else:
            return
        what = f"set {label} to {name}" if value is not None else f"clear {label}"
        await self.apply_change(what, [set_operation(f"set_{field}", targets, value)])

    # ------------------------------------------------------------------ undo and redo

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_undo(self) -> None:
        entry = self.bulk_history.to_undo()
        if entry is None:
            self.notify("Nothing to undo.", markup=False)
            return
        if await self.run_operations(entry.inverse(), entry.after(), f"Undoing {entry.what}"):
            self.bulk_history.undone(entry)
            self.history_version += 1
            self._reload_if_filtered()
            self.notify(f"Undone: {entry.what} on {plural(entry.count)}.", markup=False)

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_redo(self) -> None:
        entry = self.bulk_history.to_redo()
        if entry is None:
            self.notify("Nothing to redo.", markup=False)
            return
        if await self.run_operations(entry.forward, dict(entry.previous), f"Redoing {entry.what}"):
            self.bulk_history.redone(entry)
            self.history_version += 1
            self._reload_if_filtered()
            self.notify(f"Redone: {entry.what} on {plural(entry.count)}.", markup=False)

    def action_bulk_history(self) -> None:
        from paperless_tui.app.screens.bulk_history import BulkHistoryScreen

        self.app.push_screen(BulkHistoryScreen(self.bulk_history))

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_triage(self) -> None:
        """Triage the marked documents, else every match of the list, one at a time."""
        from paperless_tui.app.screens.triage import TriageScreen

        ids = list(self.marks.ids)
        result_set = self.bulk_result_set()
        if not ids and result_set is not None and result_set.total:
            if result_set.all_ids is not None:
                ids = list(result_set.all_ids)
            else:
                paperless = await self.app.wait_for_client()
                params = dict(self.bulk_params())
                page = await paperless.documents.filter(params, fields=["id"]).page(
                    1, page_size=result_set.total
                )
                ids = [doc.id for doc in page.results]
        if not ids:
            self.notify("Nothing to triage.", markup=False)
            return
        await self.app.push_screen_wait(
            TriageScreen(ids, image_renderer=self.app.image_renderer, history=self.bulk_history)
        )
        self.history_version += 1
        self.bulk_reload()

    # ------------------------------------------------------------------ the actions menu and trash

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_bulk_actions(self) -> None:
        from paperless_tui.app.dialogs.bulk_menu import BulkMenu
        from paperless_tui.app.flows import bulk_actions

        targets = self.targets()
        if not targets:
            self.notify("No document to act on.", markup=False)
            return
        name = await self.app.push_screen_wait(BulkMenu(len(targets), bulk_actions.MENU))
        if name is not None:
            await bulk_actions.run(self, name)

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_bulk_trash(self) -> None:
        from paperless_tui.app.flows import bulk_actions

        await bulk_actions.run(self, "trash")

    def forget_documents(self, ids: Sequence[int]) -> None:
        """Documents that left the archive (trash, merged away): out of the marks and the list."""
        result_set = self.bulk_result_set()
        if result_set is not None:
            for doc_id in ids:
                result_set.remove(doc_id)
            self.bulk_rows_changed()
        self.marks.discard(ids)
        self.marks_changed()
