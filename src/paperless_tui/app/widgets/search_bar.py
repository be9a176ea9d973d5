"""The search bar: the query input and its completion drop-down, with the worker that asks the server
for index terms.

It completes the word at the cursor (`models.completion`: field prefixes, tag/correspondent/type/path
names at once, the server's index terms after a pause in typing, cached). It posts `Changed` when the
query is edited and `Submitted` on `enter`; the search screen decides what to run. The screen's
completion keys (tab, up/down, escape) call `accept()`, `move()` and `close()`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from textual import events, on, work
from textual.app import ComposeResult
from textual.cache import LRUCache
from textual.geometry import Offset
from textual.message import Message
from textual.reactive import var
from textual.widgets import Input

from paperless_tui.app.models import completion
from paperless_tui.app.models.completion import Completion, Word
from paperless_tui.app.models.lookups import Lookups
from paperless_tui.app.safe_text import clean
from paperless_tui.app.surface import AppWidget
from paperless_tui.app.widgets.completion_menu import CompletionMenu

SUGGEST_DEBOUNCE_SECONDS = 0.2
PLACEHOLDER = 'Search: words, "phrases", tag:inbox AND created:[2024 to 2025] …  (/ to focus)'


class SearchBar(AppWidget):
    """The query input with completion of the word at the cursor."""

    DEFAULT_CSS = "SearchBar { height: auto; }"

    lookups: var[Lookups] = var(Lookups)
    completions: var[tuple[Completion, ...]] = var(())
    """Completions of the word at the cursor (shown in the drop-down)."""
    completion_anchor: var[Offset | None] = var(None)

    @dataclass
    class Changed(Message):
        """The user edited the query."""

        value: str

    @dataclass
    class Submitted(Message):
        """`enter` in the query."""

        value: str

    @dataclass
    class _TermsFound(Message):
        """The server's index terms completing `word` of the query `value`."""

        value: str
        word: Word
        terms: list[str]

    def __init__(self, query: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._initial = query
        self._terms: LRUCache[str, list[str]] = LRUCache(256)  # the server's autocomplete answers
        self._completing: Word | None = None  # the word the completions are for
        self._accepted: str | None = None  # the query as a completion left it

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def value(self) -> str:
        return self.input.value

    @value.setter
    def value(self, value: str) -> None:
        self.input.value = value

    def compose(self) -> ComposeResult:
        yield Input(self._initial, placeholder=PLACEHOLDER, id="search-input")

    def on_mount(self) -> None:
        self.watch(self.input, "selection", self._cursor_moved, init=False)

    def watch_completions(self) -> None:
        self.screen.refresh_bindings()  # the screen's completion keys are live only with a drop-down

    # ------------------------------------------------------------------ the input's events

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))
        self._update_completions()

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.close()
        self.post_message(self.Submitted(event.value))

    @on(events.DescendantBlur, "#search-input")
    def _left(self) -> None:
        self.close()

    # ------------------------------------------------------------------ completion

    def _update_completions(self) -> None:
        """Completions for the word at the cursor: names and prefixes at once, the server's terms
        after a pause in typing (cached)."""
        field = self.input
        accepted, self._accepted = self._accepted, None
        if not field.has_focus or field.value == accepted:  # not again for what was just accepted
            self.close()
            return
        word = completion.word_at(field.value, field.cursor_position)
        self._completing = word
        wants_terms = completion.needs_terms(word)
        terms = self._terms.get(word.text.casefold()) if wants_terms else None
        self._show(word, terms or [])
        if wants_terms and terms is None:
            self._fetch_terms(field.value, word)

    def _cursor_moved(self) -> None:
        """Moving the cursor to another word (arrows, home/end, a click) closes the drop-down."""
        cursor = self.input.cursor_position
        word = self._completing
        if word is not None and not word.start <= cursor <= word.end + 1:
            self.close()

    def _show(self, word: Word, terms: list[str]) -> None:
        items = completion.merge(
            completion.local_completions(word, self.lookups), completion.term_completions(word, terms)
        )
        if items:
            self._menu()
            field = self.input
            x, _ = field.cursor_screen_offset
            below = field.region.bottom  # under the input (and its border), at the word's first cell
            self.completion_anchor = Offset(max(0, x - (field.cursor_position - word.start)), below)
        self.completions = items

    def _menu(self) -> CompletionMenu:
        """The drop-down (over the screen), mounted the first time there is something to complete."""
        menus = self.screen.query(CompletionMenu)
        if menus:
            return menus.first()
        menu = CompletionMenu(id="completions").data_bind(
            items=SearchBar.completions, position_at=SearchBar.completion_anchor
        )
        self.screen.mount(menu)
        return menu

    def close(self) -> None:
        """Close the drop-down."""
        self._completing = None
        self.workers.cancel_group(self, "complete")
        self.completions = ()

    def accept(self) -> None:
        """Replace the word at the cursor with the highlighted completion."""
        chosen = self._menu().highlighted_item
        if chosen is not None:
            self.take(chosen)

    def move(self, delta: int) -> None:
        """Highlight the next (1) or previous (-1) completion."""
        self._menu().move(delta)

    def take(self, chosen: Completion) -> None:
        """Replace the word at the cursor with `chosen` (highlighted, or clicked in the drop-down)."""
        word = self._completing
        field = self.input
        if word is None or field.value[word.start : word.end] != word.text:
            self.close()
            return
        value, cursor = completion.apply(field.value, word, chosen)
        self.close()
        self._accepted = value
        field.value = value
        field.cursor_position = cursor
        field.focus()

    @work(exclusive=True, group="complete", exit_on_error=False)
    async def _fetch_terms(self, value: str, word: Word) -> None:
        from paperless_tui.client import exceptions as client_errors

        await asyncio.sleep(SUGGEST_DEBOUNCE_SECONDS)  # only once typing pauses
        paperless = self.app.paperless
        if paperless is None or self.input.value != value:
            return
        try:
            terms = [clean(term) for term in await paperless.documents.autocomplete(word.text, limit=10)]
        except client_errors.PaperlessError:  # a convenience: its failures show nothing
            return
        self.post_message(self._TermsFound(value, word, terms))

    @on(_TermsFound)
    def _terms_found(self, message: _TermsFound) -> None:
        self._terms.set(message.word.text.casefold(), message.terms)
        if self._completing == message.word and self.input.value == message.value:
            self._show(message.word, message.terms)
