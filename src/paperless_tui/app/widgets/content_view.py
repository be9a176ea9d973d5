"""The content tab: the document's OCR text, with the search query's hits underlined and `/` to find.

The text is server text: it is shown as inert `Content` (control characters made visible). Finding
is case-insensitive and works as in less or vim: `/` opens the box, the matches light up as you
type, `enter` leaves the box (the matches stay lit, the first one current) and `n`/`N` move between
them; `escape` closes the find.
"""

from __future__ import annotations

import re
from typing import ClassVar

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content, Span
from textual.reactive import var
from textual.widgets import Input, Static

from paperless_tui.app.commands import bindings
from paperless_tui.app.safe_text import clean

_QUERY_WORD = re.compile(r'"([^"]+)"|([^\s()"]+)')
_OPERATORS = {"and", "or", "not", "to"}


def query_terms(query: str) -> list[str]:
    """The words and phrases of a full-text query worth highlighting (no operators, fields, ranges)."""
    terms: list[str] = []
    for match in _QUERY_WORD.finditer(query or ""):
        phrase, word = match.groups()
        term = phrase if phrase else word
        if ":" in term:
            term = term.split(":", 1)[1]
        term = term.strip("[]{}*?~^+-!")
        if len(term) >= 2 and term.casefold() not in _OPERATORS:
            terms.append(term)
    return terms


def find_spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Start/end offsets of every case-insensitive occurrence of `needle` in `text`."""
    if not needle:
        return []
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text, re.IGNORECASE)]


class ContentView(Vertical):
    """OCR text with query hits highlighted and an incremental find."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("content")

    DEFAULT_CSS = """
    ContentView #content-scroll { height: 1fr; }
    ContentView #content-text { width: auto; text-wrap: nowrap; }
    ContentView #content-find { display: none; }
    ContentView.-finding #content-find { display: block; }
    ContentView #content-find-status { height: 1; color: $text-muted; }
    """

    text: var[str] = var("")
    search_query: var[str] = var("")
    find: var[str] = var("")
    current: var[int] = var(0)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="content-scroll", can_focus=True):
            yield Static(Content("Loading…"), id="content-text")
        yield Input(
            placeholder="Find in text (enter: then n/N move between matches; escape: close)",
            id="content-find",
        )
        yield Static(id="content-find-status")

    @property
    def matches(self) -> list[tuple[int, int]]:
        return find_spans(self.text, self.find)

    def watch_text(self) -> None:
        self._render_text()

    def watch_search_query(self) -> None:
        self._render_text()

    def watch_find(self) -> None:
        self.current = 0
        self._render_text()

    def watch_current(self) -> None:
        self._render_text()

    def _render_text(self) -> None:
        if not self.is_mounted:
            return
        text = self.text
        spans = [
            Span(start, end, "underline bold")
            for term in query_terms(self.search_query)
            for start, end in find_spans(text, term)
        ]
        matches = self.matches
        for index, (start, end) in enumerate(matches):
            spans.append(Span(start, end, "reverse bold" if index == self.current else "reverse"))
        self.query_one("#content-text", Static).update(Content(text or "(no text)", spans))
        status = self.query_one("#content-find-status", Static)
        if self.find:
            where = f"{self.current + 1} of {len(matches)}" if matches else "no match"
            status.update(Content(f"“{clean(self.find)}”: {where}"))
            if matches:
                line = text.count("\n", 0, matches[self.current][0])
                self.query_one("#content-scroll", VerticalScroll).scroll_to(y=max(0, line - 3), animate=False)
        else:
            status.update(Content(f"{len(text):,} characters" if text else ""))

    def action_find(self) -> None:
        self.add_class("-finding")
        self.screen.set_focus(self.query_one("#content-find", Input))  # now: the next keys are the text

    def action_close_find(self) -> None:
        if not self.has_class("-finding"):
            raise SkipAction()
        self.remove_class("-finding")
        self.query_one("#content-find", Input).value = ""
        self.screen.set_focus(self.query_one("#content-scroll", VerticalScroll))

    def action_next_match(self) -> None:
        if self.matches:
            self.current = (self.current + 1) % len(self.matches)

    def action_previous_match(self) -> None:
        if self.matches:
            self.current = (self.current - 1) % len(self.matches)

    @on(Input.Changed, "#content-find")
    def _find_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.find = event.value

    @on(Input.Submitted, "#content-find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        """Leave the box for the text: the matches stay lit, and `n`/`N` (bindings here) move."""
        event.stop()
        self.screen.set_focus(self.query_one("#content-scroll", VerticalScroll))
