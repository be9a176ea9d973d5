"""The status line above the results: how many documents match, the sort, loading and query errors."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from paperless_tui.app.safe_text import clean


class SearchStatus(Static):
    """Count of all matches, current sort, and the server's reason when a query is invalid."""

    total: reactive[int | None] = reactive(None)
    """Matches of the current query (None: not known yet)."""
    searching: reactive[bool] = reactive(True)
    error: reactive[str] = reactive("")
    """The server's reason for refusing the query (already shown inline, never as a crash)."""
    sort_label: reactive[str] = reactive("")
    is_search: reactive[bool] = reactive(False)
    wider_total: reactive[int | None] = reactive(None)
    """Matches of the query without the filters (None: no filters narrow it, or not known yet)."""
    clauses: reactive[str] = reactive("")
    """"any of 2" or "all of 3": a query of several clauses (ORed by the server unless joined by AND)."""
    corrected: reactive[str] = reactive("")
    """The server's suggestion for the query ("did you mean"), if it made one."""
    position: reactive[int | None] = reactive(None)
    """The highlighted row's place in the list, from 1 (None: no row highlighted)."""
    names_failed: reactive[bool] = reactive(False)
    """The names did not load: the list shows ids' columns blank."""
    filter_label: reactive[str] = reactive("")
    """The filters in words ("Inbox", "Tag: Paid + Inbox")."""
    marked: reactive[int] = reactive(0)
    """How many documents are marked (across every query)."""

    def watch_error(self, error: str) -> None:
        self.set_class(bool(error), "-error")

    def render(self) -> Content:
        if self.error:
            return Content(f"Invalid query: {clean(self.error)}")
        parts: list[str] = []
        if self.total is None:
            parts.append("Loading…" if self.searching else "Not loaded (r retries)")
        else:
            noun = "match" if self.is_search else "document"
            plural = "" if self.total == 1 else ("es" if self.is_search else "s")
            count = f"{self.total:,} {noun}{plural}"
            if self.position is not None and 0 < self.position <= self.total:
                count = f"{self.position:,} / {count}"
            if self.is_search and self.clauses:
                count += f" of {clean(self.clauses)} clauses"
            if self.wider_total is not None and self.wider_total > self.total and self.filter_label:
                where = clean(self.filter_label)
                count += f" in {where} · {self.wider_total:,} in all documents (F clears filters)"
            parts.append(count)
            if self.searching:
                parts.append("updating…")
        if self.marked:
            parts.append(f"{self.marked:,} marked")
        if self.corrected and not self.searching:
            parts.append(f"did you mean “{clean(self.corrected)}”?")
        if self.names_failed:
            parts.append("names could not load (r retries)")
        if self.sort_label:
            parts.append(f"sorted by {clean(self.sort_label)}")
        return Content(" · ".join(parts))
