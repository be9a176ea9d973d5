"""The first page of results: what the search screen asks for at start-up, and its early answer.

At start-up the search screen shows the profile's remembered search, else the inbox. `first_request()`
says what that is (query parameters, fields, page size); `run.py` sends it through a
`client.prefetch.Prefetch` before Textual and the client load, and `first_page()` turns a good answer
into rows the screen can show in its very first frame. Anything but a clean answer is ignored: the
app then asks through the client as usual, which reports what went wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from paperless_tui.app.data.connection import Connection
from paperless_tui.app.data.state import load_state
from paperless_tui.app.models.result_set import ROW_FIELDS, ResultRow
from paperless_tui.app.models.search_state import SearchState, inbox_chip
from paperless_tui.client.prefetch import Prefetch, proxy_configured

FIRST_PAGE_SIZE = 100
"""Rows of the first results page (the search screen's `PAGE_SIZE`)."""
DOCUMENTS_PATH = "/api/documents/"


@dataclass(frozen=True)
class FirstRequest:
    """The search screen's first request: its query parameters, fields and page size."""

    params: dict[str, str]
    fields: tuple[str, ...] = ROW_FIELDS
    page_size: int = FIRST_PAGE_SIZE

    def query(self) -> dict[str, str]:
        """All query parameters of the request (filters, fields, page)."""
        return {**self.params, "fields": ",".join(self.fields), "page": "1", "page_size": str(self.page_size)}

    def matches(self, params: Mapping[str, str], fields: list[str] | tuple[str, ...], page_size: int) -> bool:
        return dict(params) == self.params and tuple(fields) == self.fields and page_size == self.page_size


@dataclass(frozen=True)
class FirstPage:
    """An early answer to the first request: the count of all matches and the first rows."""

    request: FirstRequest
    count: int
    rows: list[ResultRow]


def first_request(remembered: Mapping[str, Any] | None) -> FirstRequest:
    """The first request for a profile's remembered state (`app.data.state`), else the inbox."""
    search = remembered.get("search") if isinstance(remembered, Mapping) else None
    state = SearchState.from_json(search) if isinstance(search, dict) else None
    return FirstRequest((state or SearchState(chips=(inbox_chip(),))).to_params())


def first_page(request: FirstRequest, body: Any) -> FirstPage | None:
    """Rows from a decoded page of documents answering `request`, or None if it is not one."""
    if not isinstance(body, dict):
        return None
    count, results = body.get("count"), body.get("results")
    if not isinstance(count, int) or not isinstance(results, list):
        return None
    if not all(isinstance(item, dict) and isinstance(item.get("id"), int) for item in results):
        return None
    try:
        rows = [ResultRow.from_api(item) for item in results]
    except (TypeError, ValueError, KeyError):
        return None
    return FirstPage(request, count, rows)


@dataclass(frozen=True)
class EarlyRequest:
    """The first request, sent before the app started (`send_first_request`)."""

    request: FirstRequest
    prefetch: Prefetch

    def page(self) -> FirstPage | None:
        """The rows, if a good answer has arrived by now (never waits)."""
        answer = self.prefetch.answer()
        return None if answer is None else first_page(self.request, answer.json())

    def wait_page(self, timeout: float) -> FirstPage | None:
        """The rows, waiting up to `timeout` seconds for the answer (call in a thread)."""
        answer = self.prefetch.wait(timeout)
        return None if answer is None else first_page(self.request, answer.json())


def send_first_request(connection: Connection, env: Mapping[str, str]) -> EarlyRequest | None:
    """Send the search screen's first request now, from a thread, while Textual and the client load;
    None without a token, or when a proxy is configured (the client honours it; this would not)."""
    if not connection.token or not connection.url or proxy_configured(dict(env)):
        return None
    try:
        request = first_request(load_state(connection.state_key))
    except Exception:  # an unreadable remembered state: the app meets it later, and says so
        return None
    prefetch = Prefetch(connection.url, connection.token, DOCUMENTS_PATH, request.query())
    return EarlyRequest(request, prefetch.start())
