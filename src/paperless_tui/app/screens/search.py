"""The main screen: a search input, filter chips, the count of matches and the virtual results list.

Typing runs the query after a short pause (an exclusive worker: each key cancels the previous,
still-sleeping request); `enter` runs it at once and moves to the results; `escape` returns to the
results keeping the query. A drop-down completes the word at the cursor (`app.completion`: field
prefixes, tag/correspondent/type/path names, the server's index terms); `tab` takes one. Filters
(saved views, inbox, tags, correspondent, type, storage path, created/added ranges) are removable
chips; the sort can be any server ordering. The state is remembered per profile. Pages of results
are fetched lazily when the list asks for them.

The screen may go up before the client has connected, with the first rows answered early
(`app.first_page`); its workers then wait for the client (`PaperlessApp.wait_for_client`).
Every client call runs in a worker here; failures other than an invalid query propagate to the app's
one error handler (`PaperlessApp.report_error`).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.containers import Horizontal, Vertical
from textual.geometry import Offset
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Header, Input
from textual.worker import Worker

from paperless_tui.app import completion
from paperless_tui.app.client_access import connected_client
from paperless_tui.app.completion import Completion, Word
from paperless_tui.app.first_page import FirstPage
from paperless_tui.app.lookups import Lookups
from paperless_tui.app.messages import (
    LookupsLoaded,
    PageFailed,
    PageLoaded,
    SavedViewsLoaded,
    SearchFinished,
    SearchRejected,
    TermsFound,
    ThumbnailLoaded,
)
from paperless_tui.app.safe_text import clean
from paperless_tui.app.widgets.chip_bar import ChipBar
from paperless_tui.app.widgets.completion_menu import CompletionMenu
from paperless_tui.app.widgets.filter_state import (
    DATE_BOUNDS,
    SearchState,
    correspondent_chip,
    custom_field_chip,
    date_chip,
    document_type_chip,
    inbox_chip,
    more_like_chip,
    ordering_label,
    orderings,
    saved_view_chip,
    saved_view_ordering,
    storage_path_chip,
    tag_chip,
)
from paperless_tui.app.widgets.key_footer import KeyFooter
from paperless_tui.app.widgets.picker import PickerDialog
from paperless_tui.app.widgets.preview_pane import PreviewPane
from paperless_tui.app.widgets.prompt import PromptDialog
from paperless_tui.app.widgets.result_set import ROW_FIELDS, ResultRow, ResultSet
from paperless_tui.app.widgets.results_list import ResultsList
from paperless_tui.app.widgets.search_status import SearchStatus
from paperless_tui.app.widgets.thumbnail import decode_image
from paperless_tui.client import exceptions as client_errors

if TYPE_CHECKING:
    from paperless_tui.client import Paperless

PAGE_SIZE = 100
DEBOUNCE_SECONDS = 0.3
THUMBNAIL_DEBOUNCE_SECONDS = 0.15
SUGGEST_DEBOUNCE_SECONDS = 0.2
UNKNOWN_ID_RELOAD_SECONDS = 60.0

_ISO_DAY = r"\d{4}-\d{2}-\d{2}"


class SearchScreen(Screen[None]):
    """Search, filter, sort and browse the archive."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", id="search.focus", key_display="/"),
        Binding("escape", "focus_results", "Results", show=False, id="search.results"),
        Binding("tab", "accept_completion", "Complete", priority=True, id="search.complete"),
        # (A screen binding for tab hides Screen's own: tab moves focus on when nothing is to complete.)
        Binding("tab", "app.focus_next", "Focus next", show=False, id="search.focus_next"),
        Binding(
            "down", "next_completion", "Next completion", show=False, priority=True, id="search.complete_next"
        ),
        Binding(
            "up",
            "previous_completion",
            "Previous completion",
            show=False,
            priority=True,
            id="search.complete_previous",
        ),
        Binding("f", "add_filter", "Filter", id="search.filter"),
        Binding("v", "saved_view", "Views", id="search.views"),
        Binding("i", "toggle_inbox", "Inbox", id="search.inbox"),
        Binding("F", "clear_filters", "Clear filters", show=False, id="search.clear_filters"),
        Binding("o", "sort", "Sort", id="search.sort"),
        Binding("O", "reverse_sort", "Reverse sort", show=False, id="search.reverse_sort"),
        Binding("r", "refresh", "Refresh", id="search.refresh"),
        Binding("m", "more_like_this", "More like this", id="search.more_like"),
        Binding("p", "toggle_preview", "Preview", id="search.preview"),
        Binding("P", "pages", "Pages", show=False, id="search.pages"),
    ]

    state: var[SearchState] = var(SearchState, init=False)
    result_set: var[ResultSet | None] = var(None, always_update=True)
    lookups: var[Lookups] = var(Lookups, always_update=True)
    highlighted: var[ResultRow | None] = var(None)
    thumbnail: var[Any] = var(None)
    thumbnail_loading: var[bool] = var(False)
    preview_open: var[bool] = var(False)
    total: var[int | None] = var(None)
    searching: var[bool] = var(True)
    query_error: var[str] = var("")
    sort_label: var[str] = var("")
    is_search: var[bool] = var(False)
    chips: var[tuple[Any, ...]] = var(())
    completions: var[tuple[Completion, ...]] = var((), bindings=True)
    """Completions of the word at the search input's cursor (shown in the drop-down)."""
    completion_anchor: var[Offset | None] = var(None)

    def __init__(self) -> None:
        super().__init__()
        self.saved_views: list[Any] = []
        self._pending_default_view: str | None = None
        self._thumbnails: LRUCache[int, Any] = LRUCache(32)
        self._params: dict[str, str] = {}
        self._lookups_requested = time.monotonic()
        self._first_search_ended = False
        self._terms: LRUCache[str, list[str]] = LRUCache(256)  # the server's autocomplete answers
        self._completing: Word | None = None  # the word the completions are for
        self._accepted: str | None = None  # the query as a completion left it
        self._controls_ready = False  # the search input, chips and status are mounted

    # ------------------------------------------------------------------ layout

    @property
    def paperless(self) -> Paperless | None:
        return getattr(self.app, "paperless", None)

    @property
    def results(self) -> ResultsList:
        return self.query_one("#results", ResultsList)

    @property
    def search_input(self) -> Input:
        return self.query_one("#search-input", Input)

    def compose(self) -> ComposeResult:
        # The first frame holds what start-up needs to show (title, the rows, the keys); the search
        # input, chips and status are mounted into the space kept for them right after it, and the
        # preview pane and the completion drop-down when first needed: each widget mounted costs
        # start-up time.
        yield Header()
        yield Vertical(id="search-top")
        with Horizontal(id="search-body"):
            yield ResultsList(id="results").data_bind(SearchScreen.result_set, SearchScreen.lookups)
        yield KeyFooter()

    def _mount_controls(self) -> None:
        """The search input, chips and status (after the first frame, or at once for `/`)."""
        if self._controls_ready:
            return
        field = Input(
            self.state.query,
            placeholder='Search: words, "phrases", tag:inbox, created:[2024 to 2025] …  (/ to focus)',
            id="search-input",
        )
        self.query_one("#search-top").mount_all(
            [
                field,
                ChipBar(id="search-chips").data_bind(chips=SearchScreen.chips),
                SearchStatus(id="search-status").data_bind(
                    total=SearchScreen.total,
                    searching=SearchScreen.searching,
                    error=SearchScreen.query_error,
                    sort_label=SearchScreen.sort_label,
                    is_search=SearchScreen.is_search,
                ),
            ]
        )
        self.watch(field, "selection", self._cursor_moved, init=False)
        self._controls_ready = True

    def _preview_pane(self) -> PreviewPane:
        """The preview pane, mounted the first time it is asked for."""
        panes = self.query(PreviewPane)
        if panes:
            return panes.first()
        pane = PreviewPane(getattr(self.app, "image_renderer", "auto"), id="preview").data_bind(
            row=SearchScreen.highlighted,
            lookups=SearchScreen.lookups,
            image=SearchScreen.thumbnail,
            fetching=SearchScreen.thumbnail_loading,
        )
        self.query_one("#search-body").mount(pane)
        return pane

    def _completion_menu(self) -> CompletionMenu:
        """The completion drop-down, mounted the first time there is something to complete."""
        menus = self.query(CompletionMenu)
        if menus:
            return menus.first()
        menu = CompletionMenu(id="completions").data_bind(
            items=SearchScreen.completions, position_at=SearchScreen.completion_anchor
        )
        self.mount(menu)
        return menu

    def on_mount(self) -> None:
        self.results.focus()
        remembered = self._load_remembered()
        if remembered is not None:
            # starts the search first: results matter most at start-up. A remembered state equal to the
            # default (no query, no filters) would not change the reactive, so the watcher is forced.
            self.set_reactive(SearchScreen.state, remembered)
            self.mutate_reactive(SearchScreen.state)
        else:
            # First start for this profile: the inbox at once; the profile's default saved view, if it
            # names one, replaces it as soon as the saved views have arrived.
            self._pending_default_view = self._default_view_name()
            self.state = SearchState(chips=(inbox_chip(),))
        self.call_after_refresh(self._mount_controls)
        if self._pending_default_view is not None:  # the default view replaces the inbox: needed at once
            self._load_saved_views()

    @on(Worker.StateChanged)
    def _worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Once the first search has ended (rows, a rejected query or an error), the names cache and the
        saved views load: asked for after the first rows are drawn, they do not delay them."""
        if self._first_search_ended or event.worker.group != "search" or not event.worker.is_finished:
            return
        self._first_search_ended = True
        self.call_after_refresh(self._after_first_search)

    def _after_first_search(self) -> None:
        self._load_lookups()
        if not self.saved_views and self._pending_default_view is None:
            self._load_saved_views()
        started = getattr(self.app, "started", None)  # the app may now finish its start-up work
        if started is not None:
            started()

    def _load_remembered(self) -> SearchState | None:
        load = getattr(self.app, "load_state", None)
        if load is None:
            return None
        data = load()
        search = data.get("search") if isinstance(data, dict) else None
        return SearchState.from_json(search) if isinstance(search, dict) else None

    def _remember(self, state: SearchState) -> None:
        load = getattr(self.app, "load_state", None)
        save = getattr(self.app, "save_state", None)
        if load is None or save is None:
            return
        data = dict(load())
        data["search"] = state.to_json()
        save(data)

    def _default_view_name(self) -> str | None:
        config = getattr(self.app, "config", None)
        connection = getattr(self.app, "connection", None)
        if config is None or connection is None or connection.profile is None:
            return None
        profile = config.profile(connection.profile)
        return profile.default_view if profile is not None else None

    # ------------------------------------------------------------------ state -> search

    def watch_state(self, state: SearchState) -> None:
        self.chips = state.chips
        self._remember(state)
        self._start_search(state, debounce=0.0)

    def _start_search(self, state: SearchState, *, debounce: float, keep_position: bool = False) -> None:
        self.searching = True
        self.query_error = ""
        self.sort_label = ordering_label(state.to_params().get("ordering"), self.lookups)
        self.workers.cancel_group(self, "pages")
        self._search(state, debounce, keep_position)

    @work(exclusive=True, group="search")
    async def _search(self, state: SearchState, debounce: float, keep_position: bool) -> None:
        if debounce:
            await asyncio.sleep(debounce)
        params = state.to_params()
        take_first = getattr(self.app, "take_first_page", None)  # asked for before start or while connecting
        first = take_first(params, list(ROW_FIELDS), PAGE_SIZE) if take_first else None
        if isinstance(first, FirstPage):  # answered before the client even loaded
            count, rows = first.count, first.rows
        else:
            paperless = await connected_client(self)
            try:
                if first is not None:
                    page = await first
                else:
                    page = await paperless.documents.filter(params, fields=list(ROW_FIELDS)).page(
                        1, page_size=PAGE_SIZE
                    )
            except client_errors.BadRequestError as error:
                if "query" in params or "more_like_id" in params:
                    reason = error.server_message or error.human
                    self.post_message(SearchRejected(params.get("query", ""), clean(reason)))
                    return
                raise
            count, rows = page.count, [ResultRow.from_document(doc) for doc in page.results]
        has_hits = "query" in params or "more_like_id" in params
        result_set = ResultSet(count, page_size=PAGE_SIZE, has_hits=has_hits, keep_position=keep_position)
        result_set.add_page(0, rows)
        self.post_message(SearchFinished(result_set, params))

    @on(SearchFinished)
    def _search_finished(self, message: SearchFinished) -> None:
        self._params = message.params
        self.searching = False
        self.query_error = ""
        self.is_search = message.result_set.has_hits
        self.total = message.result_set.total
        self.result_set = message.result_set
        if not message.result_set.total:
            self.highlighted = None

    @on(SearchRejected)
    def _search_rejected(self, message: SearchRejected) -> None:
        self.searching = False
        self.query_error = message.reason or "the server could not parse it"

    @on(ResultsList.PageRequested)
    def _page_requested(self, message: ResultsList.PageRequested) -> None:
        result_set = self.result_set
        if result_set is None or message.generation != result_set.generation:
            return
        self._fetch_page(message.generation, message.page, dict(self._params))

    @work(group="pages")
    async def _fetch_page(self, generation: int, page: int, params: dict[str, str]) -> None:
        paperless = await connected_client(self)
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

    # ------------------------------------------------------------------ lookups and saved views

    @work(exclusive=True, group="lookups")
    async def _load_lookups(self) -> None:
        paperless = await connected_client(self)

        async def optional(service: Any) -> list[Any]:
            try:
                return list(await service.as_list())
            except client_errors.ForbiddenError:  # e.g. users for a non-admin
                return []

        tags, correspondents, types, paths, fields, users = await asyncio.gather(
            paperless.tags.as_list(),
            paperless.correspondents.as_list(),
            paperless.document_types.as_list(),
            paperless.storage_paths.as_list(),
            optional(paperless.custom_fields),
            optional(paperless.users),
        )
        lookups = Lookups.build(
            tags=tags,
            correspondents=correspondents,
            document_types=types,
            storage_paths=paths,
            custom_fields=fields,
            users=users,
        )
        self.post_message(LookupsLoaded(lookups))

    @on(LookupsLoaded)
    def _lookups_loaded(self, message: LookupsLoaded) -> None:
        self.lookups = message.lookups
        self.sort_label = ordering_label(self.state.to_params().get("ordering"), self.lookups)

    def _check_lookups(self, row: ResultRow) -> None:
        """Reload the name cache when it is stale, or when a row mentions an id it does not know (at most
        once a minute: ids of objects the user may not see stay unknown after a reload)."""
        lookups = self.lookups
        if not lookups.loaded:
            return
        now = time.monotonic()
        known = lookups.knows(tags=row.tags, correspondent=row.correspondent, document_type=row.document_type)
        if lookups.is_stale(now) or (not known and now - self._lookups_requested > UNKNOWN_ID_RELOAD_SECONDS):
            self._lookups_requested = now
            self.lookups = replace(lookups, loaded_at=now)  # not stale while the reload runs
            self._load_lookups()

    @work(exclusive=True, group="views")
    async def _load_saved_views(self) -> None:
        paperless = await connected_client(self)
        views = await paperless.saved_views.as_list()
        self.post_message(SavedViewsLoaded(list(views)))

    @on(SavedViewsLoaded)
    def _saved_views_loaded(self, message: SavedViewsLoaded) -> None:
        self.saved_views = message.views
        wanted, self._pending_default_view = self._pending_default_view, None
        if wanted is None:
            return
        for view in self.saved_views:
            if clean(getattr(view, "name", "")) == wanted or str(getattr(view, "id", "")) == wanted:
                self._apply_saved_view(view)
                return
        self.notify(f"No saved view called {clean(wanted)!r}; showing the inbox.", markup=False)

    def _apply_saved_view(self, view: Any) -> None:
        chips = tuple(c for c in self.state.chips if not c.key.startswith("view:"))
        self.state = replace(
            self.state, chips=(*chips, saved_view_chip(view)), ordering=saved_view_ordering(view)
        )

    # ------------------------------------------------------------------ list events

    @on(ResultsList.Highlighted)
    def _highlighted(self, message: ResultsList.Highlighted) -> None:
        row = self.results.highlighted_row
        self.highlighted = row
        if row is not None:
            self._check_lookups(row)
        if self.preview_open:
            self._show_thumbnail(message.doc_id)

    @on(ResultsList.Selected)
    def _selected(self, message: ResultsList.Selected) -> None:
        self.open_document(message.doc_id)

    def open_document(self, doc_id: int) -> None:
        """Show the document screen for `doc_id` (the list keeps its cursor underneath)."""
        from paperless_tui.app.screens.document import DocumentScreen

        self.app.push_screen(
            DocumentScreen(doc_id, lookups=self.lookups, query=self.state.query), self._document_closed
        )

    def _document_closed(self, result: tuple[str, int, str] | None) -> None:
        if result is not None and result[0] == "more_like":
            _, doc_id, title = result
            self._more_like(doc_id, title)

    # ------------------------------------------------------------------ search input

    @on(Input.Changed, "#search-input")
    def _query_changed(self, event: Input.Changed) -> None:
        if event.value == self.state.query:
            return
        chips = tuple(c for c in self.state.chips if c.key != "more_like")
        new_state = replace(self.state, query=event.value, chips=chips)
        self.set_reactive(SearchScreen.state, new_state)
        self.chips = new_state.chips
        self._remember(new_state)
        self._start_search(new_state, debounce=DEBOUNCE_SECONDS)
        self._update_completions()

    @on(Input.Submitted, "#search-input")
    def _query_submitted(self, event: Input.Submitted) -> None:
        self._close_completions()
        # Results for exactly this query already on screen (typing got there first): just move to them.
        current = not self.searching and not self.query_error and self._params == self.state.to_params()
        if not current:
            self._start_search(self.state, debounce=0.0)
        self.results.focus()

    def action_focus_search(self) -> None:
        if not self._controls_ready:  # `/` pressed in the first instant: mount the input first
            self.call_later(self._mount_controls)  # (from the screen: it binds to the screen's data)
            self.call_later(self.action_focus_search)
            return
        # At once, not later as `Widget.focus` does it: the keys typed after `/` are the query.
        self.set_focus(self.search_input)

    def action_focus_results(self) -> None:
        if self.completions:  # the first escape closes the drop-down, the next one leaves the input
            self._close_completions()
            return
        self.results.focus()

    # ------------------------------------------------------------------ completion

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("accept_completion", "next_completion", "previous_completion"):
            return bool(self.completions) and self._controls_ready and self.search_input.has_focus
        return True

    def _update_completions(self) -> None:
        """Completions for the word at the cursor: names and prefixes at once, the server's terms
        after a pause in typing (cached)."""
        field = self.search_input
        accepted, self._accepted = self._accepted, None
        if not field.has_focus or field.value == accepted:  # not again for what was just accepted
            self._close_completions()
            return
        word = completion.word_at(field.value, field.cursor_position)
        self._completing = word
        wants_terms = completion.needs_terms(word)
        terms = self._terms.get(word.text.casefold()) if wants_terms else None
        self._show_completions(word, terms or [])
        if wants_terms and terms is None:
            self._fetch_terms(field.value, word)

    def _cursor_moved(self) -> None:
        """Moving the cursor to another word (arrows, home/end, a click) closes the drop-down."""
        cursor = self.search_input.cursor_position
        word = self._completing
        if word is not None and not word.start <= cursor <= word.end + 1:
            self._close_completions()

    def _show_completions(self, word: Word, terms: list[str]) -> None:
        items = completion.merge(
            completion.local_completions(word, self.lookups), completion.term_completions(word, terms)
        )
        if items:
            self._completion_menu()
            field = self.search_input
            x, _ = field.cursor_screen_offset
            below = field.region.bottom  # under the input (and its border), at the word's first cell
            self.completion_anchor = Offset(max(0, x - (field.cursor_position - word.start)), below)
        self.completions = items

    def _close_completions(self) -> None:
        self._completing = None
        self.workers.cancel_group(self, "complete")
        self.completions = ()

    @work(exclusive=True, group="complete")
    async def _fetch_terms(self, value: str, word: Word) -> None:
        await asyncio.sleep(SUGGEST_DEBOUNCE_SECONDS)  # only once typing pauses
        paperless = self.paperless
        if paperless is None or self.search_input.value != value:
            return
        try:
            terms = [clean(term) for term in await paperless.documents.autocomplete(word.text, limit=10)]
        except client_errors.PaperlessError:  # a convenience: its failures show nothing
            return
        self.post_message(TermsFound(value, word, terms))

    @on(TermsFound)
    def _terms_found(self, message: TermsFound) -> None:
        self._terms.set(message.word.text.casefold(), message.terms)
        if self._completing == message.word and self.search_input.value == message.value:
            self._show_completions(message.word, message.terms)

    def action_accept_completion(self) -> None:
        """Replace the word at the cursor with the highlighted completion."""
        chosen = self._completion_menu().highlighted_item
        if chosen is not None:
            self._accept(chosen)

    @on(CompletionMenu.Chosen)
    def _completion_clicked(self, message: CompletionMenu.Chosen) -> None:
        self._accept(message.completion)

    def _accept(self, chosen: Completion) -> None:
        word = self._completing
        field = self.search_input
        if word is None or field.value[word.start : word.end] != word.text:
            self._close_completions()
            return
        value, cursor = completion.apply(field.value, word, chosen)
        self._close_completions()
        self._accepted = value
        field.value = value
        field.cursor_position = cursor
        field.focus()

    def action_next_completion(self) -> None:
        self._completion_menu().move(1)

    def action_previous_completion(self) -> None:
        self._completion_menu().move(-1)

    @on(events.DescendantBlur, "#search-input")
    def _search_input_left(self) -> None:
        self._close_completions()

    # ------------------------------------------------------------------ filters and sort

    @on(ChipBar.Removed)
    def _chip_removed(self, message: ChipBar.Removed) -> None:
        self.state = self.state.without_chip(message.key)
        self.results.focus()

    def action_clear_filters(self) -> None:
        self.state = replace(self.state, chips=())

    def action_toggle_inbox(self) -> None:
        if any(c.key == "inbox" for c in self.state.chips):
            self.state = self.state.without_chip("inbox")
        else:
            self.state = self.state.with_chip(inbox_chip())

    def action_saved_view(self) -> None:
        if not self.saved_views:
            self.notify("No saved views (yet).", markup=False, timeout=3)
            return
        items = [(str(view.id), clean(view.name)) for view in self.saved_views]

        def chosen(value: str | None) -> None:
            for view in self.saved_views:
                if value is not None and str(view.id) == value:
                    self._apply_saved_view(view)

        self.app.push_screen(PickerDialog("Saved view", items), chosen)

    def action_add_filter(self) -> None:
        kinds = [
            ("view", "Saved view…"),
            ("inbox", "Inbox"),
            ("tag", "Tag…"),
            ("correspondent", "Correspondent…"),
            ("document_type", "Document type…"),
            ("storage_path", "Storage path…"),
            *((kind, f"{label}…") for kind, (label, _) in DATE_BOUNDS.items()),
            ("custom_field", "Custom field…"),
        ]
        self.app.push_screen(PickerDialog("Add a filter", kinds), self._filter_kind_chosen)

    def _filter_kind_chosen(self, kind: str | None) -> None:
        lookups = self.lookups
        if kind is None:
            return
        if kind == "view":
            self.action_saved_view()
        elif kind == "inbox":
            self.state = self.state.with_chip(inbox_chip())
        elif kind == "custom_field":
            self._pick_custom_field()
        elif kind in DATE_BOUNDS:

            def dated(value: str | None) -> None:
                if value:
                    self.state = self.state.with_chip(date_chip(kind, value))

            label = DATE_BOUNDS[kind][0]
            prompt = PromptDialog(label, placeholder="YYYY-MM-DD", pattern=_ISO_DAY, hint="Use YYYY-MM-DD.")
            self.app.push_screen(prompt, dated)
        else:
            tables: dict[str, tuple[str, dict[int, str], Any]] = {
                "tag": ("Tag", {t.id: t.name for t in lookups.tags.values()}, tag_chip),
                "correspondent": ("Correspondent", dict(lookups.correspondents), correspondent_chip),
                "document_type": ("Document type", dict(lookups.document_types), document_type_chip),
                "storage_path": ("Storage path", dict(lookups.storage_paths), storage_path_chip),
            }
            title, names, make_chip = tables[kind]
            items = sorted(((str(i), name) for i, name in names.items()), key=lambda item: item[1].casefold())

            def picked(value: str | None) -> None:
                if value is not None and value.isdigit():
                    self.state = self.state.with_chip(make_chip(int(value), self.lookups))

            self.app.push_screen(PickerDialog(title, items), picked)

    def _pick_custom_field(self) -> None:
        fields = {str(f.id): f for f in self.lookups.custom_fields.values() if f.data_type != "documentlink"}
        items = [(key, f"{f.name} ({f.data_type})") for key, f in fields.items()]

        def field_chosen(key: str | None) -> None:
            field = fields.get(key or "")
            if field is None:
                return
            if field.data_type == "select":

                def option_chosen(option: str | None) -> None:
                    if option is not None:
                        chip = custom_field_chip(field, option, field.options.get(option, option))
                        self.state = self.state.with_chip(chip)

                self.app.push_screen(PickerDialog(field.name, list(field.options.items())), option_chosen)
                return

            def value_given(value: str | None) -> None:
                if value:
                    self.state = self.state.with_chip(custom_field_chip(field, value))

            hint = "Text matches anywhere in the value." if field.data_type in ("string", "longtext") else ""
            self.app.push_screen(PromptDialog(f"{field.name} is…", hint=hint), value_given)

        self.app.push_screen(PickerDialog("Custom field", items), field_chosen)

    def action_sort(self) -> None:
        items = [(field, label) for field, label in orderings(self.lookups)]
        if self.state.query.strip():
            items.insert(0, ("", "Relevance"))

        def chosen(value: str | None) -> None:
            if value is None:
                return
            current = self.state.ordering or ""
            descending = current.startswith("-") if current else value in ("created", "added", "modified")
            ordering = (f"-{value}" if descending else value) if value else None
            self.state = replace(self.state, ordering=ordering)

        self.app.push_screen(PickerDialog("Sort by", items), chosen)

    def action_reverse_sort(self) -> None:
        ordering = self.state.to_params().get("ordering")
        if not ordering:
            self.notify("Relevance order cannot be reversed; pick a sort field with o.", markup=False)
            return
        self.state = replace(
            self.state, ordering=ordering[1:] if ordering.startswith("-") else f"-{ordering}"
        )

    def action_refresh(self) -> None:
        """Run the query again (the cursor stays where it is); reload names too."""
        self._load_lookups()
        self._load_saved_views()
        self._start_search(self.state, debounce=0.0, keep_position=True)

    def action_more_like_this(self) -> None:
        row = self.results.highlighted_row
        if row is not None:
            self._more_like(row.id, row.title)

    def _more_like(self, doc_id: int, title: str) -> None:
        if self._controls_ready:
            self.search_input.value = ""
        chips = tuple(c for c in self.state.chips if c.key != "more_like")
        self.state = replace(self.state, query="", chips=(*chips, more_like_chip(doc_id, title)))

    # ------------------------------------------------------------------ preview pane

    def action_pages(self) -> None:
        """Page through the highlighted document full-screen."""
        from paperless_tui.app.screens.preview import PreviewScreen

        row = self.results.highlighted_row
        if row is not None:
            self.app.push_screen(PreviewScreen(row.id, row.title))

    def action_toggle_preview(self) -> None:
        self.preview_open = not self.preview_open

    def watch_preview_open(self, open_: bool) -> None:
        if open_:
            self._preview_pane()
        self.set_class(open_, "-preview")
        if open_ and self.highlighted is not None:
            self._show_thumbnail(self.highlighted.id)

    def _show_thumbnail(self, doc_id: int) -> None:
        cached = self._thumbnails.get(doc_id)
        if cached is not None:
            self.thumbnail = cached
            self.thumbnail_loading = False
            return
        self.thumbnail = None
        self.thumbnail_loading = True
        self._load_thumbnail(doc_id)

    @work(exclusive=True, group="thumbnail")
    async def _load_thumbnail(self, doc_id: int) -> None:
        await asyncio.sleep(THUMBNAIL_DEBOUNCE_SECONDS)
        paperless = await connected_client(self)
        try:
            thumb = await paperless.documents.thumbnail(doc_id)
        except client_errors.NotFoundError:
            self.post_message(ThumbnailLoaded(doc_id, None))
            return
        image = await asyncio.to_thread(decode_image, thumb.content)
        self.post_message(ThumbnailLoaded(doc_id, image))

    @on(ThumbnailLoaded)
    def _thumbnail_loaded(self, message: ThumbnailLoaded) -> None:
        if message.data is not None:
            self._thumbnails.set(message.doc_id, message.data)
        if self.highlighted is not None and self.highlighted.id == message.doc_id:
            self.thumbnail = message.data
            self.thumbnail_loading = False
