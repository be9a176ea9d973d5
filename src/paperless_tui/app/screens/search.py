"""The main screen: state → search → results.

It holds the search state (query, filter chips, sort; remembered per profile through the app's
`StateStore`), runs the search for it (an exclusive worker: a new state cancels the request in
flight, typing is debounced), and keeps the one `ResultSet` of that search, whose further pages it
fetches when the list asks. What it shows is composed of widgets that own their work:

- `SearchBar`: the query input, its completion drop-down and the worker asking for index terms;
- `ChipBar` and `SearchStatus`: the filters and the count line;
- `ResultsList`: the virtual list (it only reads the result set);
- `PreviewPane`: the highlighted document's thumbnail (its own cache and worker) and metadata.

Filter, saved-view and sort choices are straight-code flows (`flows.filters`) awaited in a worker.
Marks and bulk edits (the keys of that block in `commands.py`) come from its base class
`flows.bulk.BulkEditing`; this screen gives it its result set, list and parameters.
Names and saved views come from the app's names store (`PaperlessApp.names`), watched here.
Failures other than an invalid query go to the app's one error route.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import var
from textual.widget import AwaitMount
from textual.widgets import Header, Input
from textual.worker import Worker, WorkerState

from paperless_tui.app.commands import bindings
from paperless_tui.app.flows import filters
from paperless_tui.app.flows.bulk import BulkEditing
from paperless_tui.app.messages import PageFailed, PageLoaded, SearchFinished, SearchRejected
from paperless_tui.app.models.completion import Completion
from paperless_tui.app.models.document_change import DocumentChange
from paperless_tui.app.models.lookups import Lookups
from paperless_tui.app.models.result_set import ROW_FIELDS, ResultRow, ResultSet
from paperless_tui.app.models.search_state import (
    SearchState,
    clause_mode,
    inbox_chip,
    more_like_chip,
    ordering_label,
    query_problem,
)
from paperless_tui.app.safe_text import clean
from paperless_tui.app.widgets.chip_bar import ChipBar
from paperless_tui.app.widgets.completion_menu import CompletionMenu
from paperless_tui.app.widgets.key_footer import KeyFooter
from paperless_tui.app.widgets.preview_pane import PreviewPane
from paperless_tui.app.widgets.results_list import ResultsList
from paperless_tui.app.widgets.search_bar import SearchBar
from paperless_tui.app.widgets.search_status import SearchStatus

PAGE_SIZE = 100
DEBOUNCE_SECONDS = 0.3


@dataclass
class WiderCount(Message):
    """How many documents match the query of result set `generation` without its filters."""

    generation: int
    count: int


class SearchScreen(BulkEditing):
    """Search, filter, sort and browse the archive."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("search")

    state: var[SearchState] = var(SearchState, init=False)
    result_set: var[ResultSet | None] = var(None, always_update=True)
    lookups: var[Lookups] = var(Lookups, always_update=True)
    highlighted: var[ResultRow | None] = var(None)
    preview_open: var[bool] = var(False)
    total: var[int | None] = var(None)
    wider_total: var[int | None] = var(None)
    """Matches of the query without the filters, when filters narrow a full-text query."""
    searching: var[bool] = var(True)
    query_error: var[str] = var("")
    sort_label: var[str] = var("")
    is_search: var[bool] = var(False)
    chips: var[tuple[Any, ...]] = var(())
    filter_label: var[str] = var("")
    clauses: var[str] = var("")
    corrected: var[str] = var("")
    names_failed: var[bool] = var(False)
    position: var[int | None] = var(None)

    def __init__(self) -> None:
        super().__init__()
        self._pending_default_view: str | None = None
        self._params: dict[str, str] = {}
        self._first_search_ended = False
        self._controls_ready = False  # the search bar, chips and status are mounted

    # ------------------------------------------------------------------ layout

    @property
    def results(self) -> ResultsList:
        return self.query_one("#results", ResultsList)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def search_input(self) -> Input:
        return self.search_bar.input

    @property
    def saved_views(self) -> tuple[Any, ...]:
        return self.app.saved_views

    @property
    def completions(self) -> tuple[Completion, ...]:
        return self.search_bar.completions if self._controls_ready else ()

    @property
    def thumbnail(self) -> Any:
        panes = self.query(PreviewPane)
        return panes.first().image if panes else None

    def compose(self) -> ComposeResult:
        # The first frame holds what start-up needs to show (title, the rows, the keys); the search
        # bar, chips and status are mounted into the space kept for them right after it, and the
        # preview pane when first needed: each widget mounted costs start-up time.
        yield Header()
        yield Vertical(id="search-top")
        with Horizontal(id="search-body"):
            yield ResultsList(id="results").data_bind(
                SearchScreen.result_set, SearchScreen.lookups, marks=BulkEditing.marks
            )
        yield KeyFooter()

    def _mount_controls(self) -> AwaitMount | None:
        """The search bar, chips and status (after the first frame, or at once for `/`)."""
        if self._controls_ready:
            return None
        bar = SearchBar(self.state.query).data_bind(lookups=SearchScreen.lookups)
        mounted = self.query_one("#search-top").mount_all(
            [
                bar,
                ChipBar(id="search-chips").data_bind(chips=SearchScreen.chips),
                SearchStatus(id="search-status").data_bind(
                    total=SearchScreen.total,
                    searching=SearchScreen.searching,
                    error=SearchScreen.query_error,
                    sort_label=SearchScreen.sort_label,
                    is_search=SearchScreen.is_search,
                    wider_total=SearchScreen.wider_total,
                    filter_label=SearchScreen.filter_label,
                    clauses=SearchScreen.clauses,
                    corrected=SearchScreen.corrected,
                    names_failed=SearchScreen.names_failed,
                    position=SearchScreen.position,
                    marked=BulkEditing.marked_count,
                ),
            ]
        )
        self._controls_ready = True
        return mounted

    def _preview_pane(self) -> PreviewPane:
        """The preview pane, mounted the first time it is asked for."""
        panes = self.query(PreviewPane)
        if panes:
            return panes.first()
        pane = PreviewPane(self.app.image_renderer, id="preview").data_bind(
            row=SearchScreen.highlighted, lookups=SearchScreen.lookups
        )
        self.query_one("#search-body").mount(pane)
        return pane

    def on_mount(self) -> None:
        self.results.focus()
        self.watch(self.app, "names", self._names_changed)
        self.watch(self.app, "names_failed", self._names_failed)
        remembered = self._remembered()
        if remembered is not None:
            # starts the search first: results matter most at start-up. A remembered state equal to the
            # default (no query, no filters) would not change the reactive, so the watcher is forced.
            self.set_reactive(SearchScreen.state, remembered)
            self.mutate_reactive(SearchScreen.state)
        else:
            # First start for this profile: the inbox at once; the profile's default saved view, if it
            # names one, replaces it as soon as the saved views have arrived.
            self._pending_default_view = self.app.config.default_view(self.app.connection.profile)
            self.state = SearchState(chips=(inbox_chip(),))
        self.watch(self.app, "saved_views", self._views_changed, init=False)
        self.watch(self.app, "document_changed", self._document_changed, init=False)  # notes, edits
        self.call_after_refresh(self._mount_controls)
        if self._pending_default_view is not None:  # the default view replaces the inbox: needed at once
            self.app.names_store.refresh_views()

    @on(Worker.StateChanged)
    def _worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Once the first search has ended (rows, a rejected query or an error), the names and the
        saved views load: asked for after the first rows are drawn, they do not delay them."""
        if event.worker.group == "search" and event.state is WorkerState.ERROR:
            self.searching = False  # (the app says why): no "updating…" left behind
        if self._first_search_ended or event.worker.group != "search" or not event.worker.is_finished:
            return
        self._first_search_ended = True
        self.call_after_refresh(self._after_first_search)

    def _after_first_search(self) -> None:
        store = self.app.names_store
        if not self.app.names.loaded:
            store.refresh()
        if not store.views_loaded and self._pending_default_view is None:
            store.refresh_views()
        self.app.started()  # the app may now finish its start-up work
        self._offer_drafts()

    def _remembered(self) -> SearchState | None:
        search = self.app.state_store.get().get("search")
        return SearchState.from_json(search) if isinstance(search, dict) else None

    def _remember(self, state: SearchState) -> None:
        data = self.app.state_store.get()
        data["search"] = state.to_json()
        self.app.state_store.put(data)

    # ------------------------------------------------------------------ names and saved views

    def _names_changed(self, names: Lookups) -> None:
        self.lookups = names
        self.sort_label = ordering_label(self.state.to_params().get("ordering"), names)

    def _names_failed(self, failed: bool) -> None:
        self.names_failed = failed

    def _views_changed(self, views: tuple[Any, ...]) -> None:
        wanted, self._pending_default_view = self._pending_default_view, None
        if wanted is None:
            return
        for view in views:
            if clean(getattr(view, "name", "")) == wanted or str(getattr(view, "id", "")) == wanted:
                self.state = filters.with_saved_view(self.state, view)
                return
        self.notify(f"No saved view called {clean(wanted)!r}; showing the inbox.", markup=False)

    # ------------------------------------------------------------------ state -> search

    def watch_state(self, state: SearchState) -> None:
        self.chips = state.chips
        if self._controls_ready and self.search_bar.value != state.query:  # (a saved view clears it)
            self.search_bar.value = state.query
        self._remember(state)
        self._start_search(state, debounce=0.0)

    def _start_search(self, state: SearchState, *, debounce: float, keep_position: bool = False) -> None:
        self.searching = True
        self.query_error = ""
        self.sort_label = ordering_label(state.to_params().get("ordering"), self.lookups)
        self.workers.cancel_group(self, "pages")
        self._search(state, debounce, keep_position)

    @work(exclusive=True, group="search", exit_on_error=False)
    async def _search(self, state: SearchState, debounce: float, keep_position: bool) -> None:
        from paperless_tui.client import exceptions as client_errors

        if debounce:
            await asyncio.sleep(debounce)
        params = state.to_params()
        all_ids = None
        corrected: str | None = None
        try:
            # The first page may have been asked for already, before start or while connecting (a
            # remembered invalid query is refused there too).
            first = await self.app.first_results(params, list(ROW_FIELDS), PAGE_SIZE)
            if first is None:
                paperless = await self.app.wait_for_client()
                page = await paperless.documents.filter(params, fields=list(ROW_FIELDS)).page(
                    1, page_size=PAGE_SIZE
                )
        except client_errors.BadRequestError as error:
            if "query" in params or "more_like_id" in params:
                reason = error.server_message or error.human
                if "query" in params and (not reason or "check logs" in reason):
                    reason = query_problem(params["query"])  # the server does not say what is wrong
                self.post_message(SearchRejected(params.get("query", ""), clean(reason)))
                return
            raise
        if first is not None:
            count, rows = first
        else:
            count, rows, all_ids = (
                page.count,
                [ResultRow.from_document(doc) for doc in page.results],
                page.all,
            )
            corrected = page.corrected_query
        has_hits = "query" in params or "more_like_id" in params
        result_set = ResultSet(
            count, page_size=PAGE_SIZE, has_hits=has_hits, keep_position=keep_position, all_ids=all_ids
        )
        result_set.add_page(0, rows)
        self.post_message(SearchFinished(result_set, params, corrected))
        if "query" in params and state.chips:  # how many the filters hide (see SearchStatus)
            paperless = await self.app.wait_for_client()
            wider = await paperless.documents.filter({"query": params["query"]}, fields=["id"]).page(
                1, page_size=1
            )
            self.post_message(WiderCount(result_set.generation, wider.count))

    @on(SearchFinished)
    def _search_finished(self, message: SearchFinished) -> None:
        self._params = message.params
        self.searching = False
        self.query_error = ""
        self.is_search = message.result_set.has_hits
        self.total = message.result_set.total
        self.wider_total = None
        self.filter_label = " + ".join(chip.label for chip in self.state.chips)
        self.clauses = (clause_mode(message.params["query"]) or "") if "query" in message.params else ""
        corrected = (message.corrected_query or "") if "query" in message.params else ""
        self.corrected = corrected if corrected.strip() != message.params.get("query", "").strip() else ""
        self.results.empty_text = "No documents match."
        self.result_set = message.result_set
        if not message.result_set.total:
            self.highlighted = None
            self.position = None

    @on(WiderCount)
    def _wider_count(self, message: WiderCount) -> None:
        result_set = self.result_set
        if result_set is not None and result_set.generation == message.generation:
            self.wider_total = message.count

    @on(SearchRejected)
    def _search_rejected(self, message: SearchRejected) -> None:
        self.searching = False
        self.query_error = message.reason or "the server could not parse it"
        # The previous results did not match this query: none are shown under the error.
        self._params = {}
        self.total = None
        self.highlighted = None
        self.results.empty_text = "No results: the query is not valid (see above)."
        self.result_set = ResultSet(0, page_size=PAGE_SIZE, has_hits=True)

    @on(ResultsList.PageRequested)
    def _page_requested(self, message: ResultsList.PageRequested) -> None:
        result_set = self.result_set
        if result_set is None or message.generation != result_set.generation:
            return
        if not result_set.wants(message.page):
            return  # there already, or on its way
        result_set.mark_requested(message.page)
        self._fetch_page(message.generation, message.page, dict(self._params))

    @work(group="pages", exit_on_error=False)
    async def _fetch_page(self, generation: int, page: int, params: dict[str, str]) -> None:
        from paperless_tui.client import exceptions as client_errors

        paperless = await self.app.wait_for_client()
        try:
            answer = await paperless.documents.filter(params, fields=list(ROW_FIELDS)).page(
                page + 1, page_size=PAGE_SIZE
            )
        except client_errors.PaperlessError:
            self.post_message(PageFailed(generation, page))
            raise
        rows = [ResultRow.from_document(doc) for doc in answer.results]
        self.post_message(PageLoaded(generation, page, rows, answer.count))

    @on(PageLoaded)
    def _page_loaded(self, message: PageLoaded) -> None:
        result_set = self.result_set
        if result_set is None or result_set.generation != message.generation:
            return
        result_set.add_page(message.page, message.rows, total=message.total)
        self.total = result_set.total
        self.mutate_reactive(SearchScreen.result_set)

    @on(PageFailed)
    def _page_failed(self, message: PageFailed) -> None:
        result_set = self.result_set
        if result_set is None or result_set.generation != message.generation:
            return
        result_set.mark_failed(message.page)
        self.mutate_reactive(SearchScreen.result_set)

    # ------------------------------------------------------------------ list events

    @on(ResultsList.Highlighted)
    def _highlighted(self, message: ResultsList.Highlighted) -> None:
        row = self.results.highlighted_row
        self.highlighted = row
        self.position = self.results.cursor + 1 if row is not None else None
        if row is not None:
            self.app.names_store.check(
                tags=row.tags, correspondent=row.correspondent, document_type=row.document_type
            )

    @on(ResultsList.Selected)
    def _selected(self, message: ResultsList.Selected) -> None:
        self.open_document(message.doc_id)

    def open_document(self, doc_id: int) -> None:
        """Show the document screen for `doc_id` (the list keeps its cursor underneath). Not a modal
        flow: the user works there as long as they like, so no worker waits for it."""
        from paperless_tui.app.screens.document import DocumentScreen

        self.app.push_screen(DocumentScreen(doc_id, query=self.state.query), self._document_closed)

    def _document_closed(self, result: tuple[str, int, str] | None) -> None:
        if result is not None and result[0] == "more_like":
            _, liked, title = result
            self._more_like(liked, title)

    # ------------------------------------------------------------------ the search bar

    @on(SearchBar.Changed)
    def _query_changed(self, event: SearchBar.Changed) -> None:
        if event.value == self.state.query:
            return
        new_state = self.state.with_query(event.value)
        self.set_reactive(SearchScreen.state, new_state)
        self.chips = new_state.chips
        self._remember(new_state)
        self._start_search(new_state, debounce=DEBOUNCE_SECONDS)

    @on(SearchBar.Submitted)
    def _query_submitted(self, event: SearchBar.Submitted) -> None:
        # Results for exactly this query already on screen (typing got there first): just move to them.
        current = not self.searching and not self.query_error and self._params == self.state.to_params()
        if not current:
            self._start_search(self.state, debounce=0.0)
        self.results.focus()

    def action_focus_search(self) -> None:
        if not self._controls_ready:  # `/` pressed in the first instant: mount the input first,
            self.call_later(self._mount_and_focus)  # from the screen (it binds to the screen's data)
            return
        # At once, not later as `Widget.focus` does it: the keys typed after `/` are the query.
        self.set_focus(self.search_input)

    async def _mount_and_focus(self) -> None:
        mounting = self._mount_controls()
        if mounting is not None:
            await mounting  # (the keys typed after `/` wait for it: app.key_order)
        self.set_focus(self.search_input)

    def action_focus_results(self) -> None:
        if self.bulk_cancel_range():  # escape closes a visual range first
            return
        if self.completions:  # the first escape closes the drop-down, the next one leaves the input
            self.search_bar.close()
            return
        self.results.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("accept_completion", "next_completion", "previous_completion"):
            return bool(self.completions) and self.search_input.has_focus
        if action == "mark_range":
            return self.marks.anchor is not None
        if action == "remove_last_chip":  # backspace on an empty search box (or in the list)
            typing = self._controls_ready and self.search_input.has_focus and bool(self.search_input.value)
            return bool(self.state.chips) and not typing
        return True

    def action_accept_completion(self) -> None:
        self.search_bar.accept()

    def action_next_completion(self) -> None:
        self.search_bar.move(1)

    def action_previous_completion(self) -> None:
        self.search_bar.move(-1)

    @on(CompletionMenu.Chosen)
    def _completion_clicked(self, message: CompletionMenu.Chosen) -> None:
        self.search_bar.take(message.completion)

    # ------------------------------------------------------------------ filters and sort

    @on(ChipBar.Removed)
    def _chip_removed(self, message: ChipBar.Removed) -> None:
        self.state = self.state.without_chip(message.key)
        self.results.focus()

    def action_remove_last_chip(self) -> None:
        if self.state.chips:
            self.state = self.state.without_chip(self.state.chips[-1].key)

    def action_clear_filters(self) -> None:
        """No filters, and the default order (a saved view's sort goes with it)."""
        self.state = replace(self.state, chips=(), ordering=None)

    def action_toggle_inbox(self) -> None:
        if any(c.key == "inbox" for c in self.state.chips):
            self.state = self.state.without_chip("inbox")
        else:
            self.state = self.state.with_chip(inbox_chip())

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_saved_view(self) -> None:
        if not self.saved_views:
            self.notify("No saved views (yet).", markup=False, timeout=3)
            return
        self._apply(await filters.pick_saved_view(self.app, self.state, self.saved_views))

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_add_filter(self) -> None:
        self._apply(await filters.add_filter(self.app, self.state, self.lookups, self.saved_views))

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_sort(self) -> None:
        self._apply(await filters.pick_sort(self.app, self.state, self.lookups))

    def _apply(self, state: SearchState | None) -> None:
        if state is not None:
            self.state = state

    def action_reverse_sort(self) -> None:
        ordering = self.state.to_params().get("ordering")
        if not ordering:
            self.notify("Relevance order cannot be reversed; pick a sort field with o.", markup=False)
            return
        self.state = replace(
            self.state, ordering=ordering[1:] if ordering.startswith("-") else f"-{ordering}"
        )

    def action_refresh(self) -> None:
        """Fetch again the pages that failed, if the results have any; otherwise run the query
        again (the cursor stays where it is) and reload the names."""
        result_set = self.result_set
        failed = result_set.retry_failed() if result_set is not None else []
        if result_set is not None and failed:
            for page in failed:
                result_set.mark_requested(page)
                self._fetch_page(result_set.generation, page, dict(self._params))
            self.mutate_reactive(SearchScreen.result_set)
            return
        self.app.names_store.refresh()
        self.app.names_store.refresh_views()
        self._start_search(self.state, debounce=0.0, keep_position=True)

    def action_more_like_this(self) -> None:
        row = self.results.highlighted_row
        if row is not None:
            self._more_like(row.id, row.title)

    def _more_like(self, doc_id: int, title: str) -> None:
        if self._controls_ready:
            self.search_bar.value = ""
        self.state = self.state.more_like(more_like_chip(doc_id, title))

    # ------------------------------------------------------------------ preview

    def action_pages(self) -> None:
        """Page through the highlighted document full-screen."""
        from paperless_tui.app.screens.preview import PreviewScreen

        row = self.results.highlighted_row
        if row is not None:
            self.app.push_screen(PreviewScreen(row.id, row.title))

    def action_toggle_preview(self) -> None:
        self.preview_open = not self.preview_open

    # ------------------------------------------------------------------ marks and bulk edits (flows.bulk)

    def bulk_result_set(self) -> ResultSet | None:
        return self.result_set

    def bulk_list(self) -> ResultsList:
        return self.results

    def bulk_params(self) -> dict[str, str]:
        return dict(self._params)

    def bulk_rows_changed(self) -> None:
        if self.result_set is not None:
            self.total = self.result_set.total
        self.mutate_reactive(SearchScreen.result_set)

    def bulk_reload(self) -> None:
        self._start_search(self.state, debounce=0.0, keep_position=True)

    def bulk_mount_panel(self) -> None:
        from paperless_tui.app.widgets.bulk_panel import BulkPanel

        if not self.query(BulkPanel):
            panel = BulkPanel(id="bulk-panel").data_bind(
                summary=BulkEditing.bulk_summary, lookups=SearchScreen.lookups
            )
            self.mount(panel, after="#search-body")

    def watch_preview_open(self, open_: bool) -> None:
        if open_:
            self._preview_pane()
        self.set_class(open_, "-preview")

    # --- uploads, tasks, trash (#13): each opens a screen of its own; the list is refreshed on return

    def action_upload(self) -> None:
        from paperless_tui.app.screens.upload import UploadScreen

        self.app.push_screen(UploadScreen(), self._archive_screen_closed)

    def action_tasks(self) -> None:
        from paperless_tui.app.screens.tasks import TasksScreen

        self.app.push_screen(TasksScreen(), self._archive_screen_closed)

    def action_trash(self) -> None:
        from paperless_tui.app.screens.trash import TrashScreen

        self.app.push_screen(TrashScreen(), self._archive_screen_closed)

    def _archive_screen_closed(self, result: object = None) -> None:
        self._start_search(self.state, debounce=0.0, keep_position=True)  # uploads, restores show
        if isinstance(result, list) and result:  # task ids of an upload: follow them
            self.notify("\n".join(map(str, result)), title="Uploaded: tasks", markup=False)
            self.action_tasks()

    # --- notes and editing

    @work(group="drafts", exit_on_error=False)
    async def _offer_drafts(self) -> None:
        from paperless_tui.app.flows import drafts  # (the writing side loads when first used)

        await drafts.offer_drafts(self.app)

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_drafts(self) -> None:
        """List the unsaved drafts (notes, edits) kept for this server; open the one chosen."""
        from paperless_tui.app.flows import drafts

        await drafts.resume_draft(self.app)

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_new_note(self) -> None:
        """Write a note on the highlighted document."""
        from paperless_tui.app.flows import notes

        row = self.results.highlighted_row
        if row is not None:
            await notes.write_note(self.app, row.id, row.title)

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_edit_document(self) -> None:
        """Edit the highlighted document's metadata."""
        from paperless_tui.app.flows.edit import edit_document

        row = self.results.highlighted_row
        if row is not None:
            await edit_document(self.app, row.id)

    def _document_changed(self, change: DocumentChange | None) -> None:
        """A note or an edit was saved: the document's row shows it at once."""
        result_set = self.result_set
        row = result_set.get(change.doc_id) if change is not None and result_set is not None else None
        if change is None or result_set is None or row is None:
            return
        if change.document is not None:
            row = replace(ResultRow.from_document(change.document), score=row.score, snippet=row.snippet)
        if change.notes is not None:
            row = replace(row, notes=len(change.notes))
        if result_set.update_row(row):
            self.mutate_reactive(SearchScreen.result_set)
            if self.highlighted is not None and self.highlighted.id == row.id:
                self.highlighted = row
