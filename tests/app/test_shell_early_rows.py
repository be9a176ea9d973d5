"""Rows before the client: the first request, sent before start (`app.first_page`), shows its rows in
the first frame while the client still loads and connects behind the search screen."""

from __future__ import annotations

import asyncio
import threading

import httpx

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.screens.login import LoginScreen
from paperless_tui.app.screens.search import SearchScreen
from paperless_tui.app.startup.first_page import (
    DOCUMENTS_PATH,
    EarlyRequest,
    FirstRequest,
    first_page,
    first_request,
    send_first_request,
)
from paperless_tui.app.widgets.results_list import ResultsList
from paperless_tui.client.prefetch import Prefetch

DEMO = "http://demo.test"


class Gated(httpx.AsyncBaseTransport):
    """The demo app in-process; the token check waits until the test opens the gate (or is refused)."""

    def __init__(self, app, *, refuse: bool = False) -> None:
        self.inner = httpx.ASGITransport(app)
        self.gate = asyncio.Event()
        self.refuse = refuse
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        if request.url.path == "/api/ui_settings/":
            await self.gate.wait()
            if self.refuse:
                return httpx.Response(401, json={"detail": "Invalid token."})
        return await self.inner.handle_async_request(request)


def early_for(url: str, token: str) -> EarlyRequest:
    """The inbox's first page, asked for over real HTTP and answered before the app starts."""
    request = first_request(None)
    prefetch = Prefetch(url, token, DOCUMENTS_PATH, request.query()).start()
    assert prefetch.wait(10) is not None
    return EarlyRequest(request, prefetch)


def app_with(early: EarlyRequest, http: httpx.AsyncClient, token: str):
    """The app as `paperless-tui --url ... --token ...` builds it, with `early` sent before start."""
    connection = Connection(DEMO, token, source="arguments")
    return create_app(connection, http_client=http, early=early, image_renderer="unicode")


async def until(pilot, condition) -> None:
    for _ in range(250):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition not met in time")


async def test_rows_show_before_the_client_connects(demo_url, demo_app, demo_token, screen_text):
    early = early_for(demo_url, demo_token)  # a real server with the same archive as `demo_app`
    expected = early.page()
    assert expected is not None and expected.rows
    transport = Gated(demo_app)
    async with httpx.AsyncClient(transport=transport, base_url=DEMO) as http:
        app = app_with(early, http, demo_token)
        async with app.run_test(size=(120, 34)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, SearchScreen) and app.screen.total is not None)
            screen = app.screen
            assert not app.connected and app.paperless is None
            assert screen.total == expected.count
            assert expected.rows[0].title[:20] in screen_text(app)
            assert not app.screen_stack[0].query("#connecting")  # the connecting view was never built
            # Keys work meanwhile; a query typed now runs once the client is there.
            await pilot.press("slash", *"invoice", "enter")
            await pilot.pause(0.1)
            assert "/api/documents/" not in transport.paths  # the early rows were used, no client call yet
            transport.gate.set()
            await until(pilot, lambda: app.connected and screen.lookups.loaded and screen.is_search)
            await until(pilot, lambda: not screen.searching)
            assert screen.state.query == "invoice" and screen.total
            assert "/api/tags/" in transport.paths
            assert isinstance(screen.query_one(ResultsList).result_set.row(0).title, str)
            assert not app.problems


async def test_a_refused_token_after_early_rows_goes_back_to_connecting_and_login(
    demo_url, demo_app, demo_token
):
    early = early_for(demo_url, demo_token)
    transport = Gated(demo_app, refuse=True)
    async with httpx.AsyncClient(transport=transport, base_url=DEMO) as http:
        app = app_with(early, http, demo_token)
        async with app.run_test(size=(120, 34)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, SearchScreen))
            transport.gate.set()
            await until(pilot, lambda: isinstance(app.screen, LoginScreen))
            assert app.screen_stack[0].query("#connecting")  # built now, under the login
            assert [problem.kind for problem in app.problems] == ["bad-token"]
            assert not any(isinstance(s, SearchScreen) for s in app.screen_stack)


def test_only_a_clean_page_of_documents_is_used():
    request = FirstRequest({"is_in_inbox": "true", "ordering": "-created"})
    good = {
        "count": 2,
        "results": [{"id": 1, "title": "a", "created": "2024-01-02"}, {"id": 2, "title": "b"}],
    }
    page = first_page(request, good)
    assert page is not None and page.count == 2 and [r.id for r in page.rows] == [1, 2]
    for bad in (
        None,
        [],
        {"count": "2", "results": []},
        {"count": 1},
        {"count": 1, "results": [{"title": "x"}]},
    ):
        assert first_page(request, bad) is None


def test_the_first_request_is_the_remembered_search_else_the_inbox():
    assert first_request(None).params == {"is_in_inbox": "true", "ordering": "-created"}
    remembered = {"search": {"query": "invoice", "chips": [], "ordering": None}}
    assert first_request(remembered).params == {"query": "invoice"}
    query = first_request(None).query()
    assert query["page"] == "1" and query["page_size"] == "100" and "title" in query["fields"].split(",")


def test_nothing_is_sent_without_a_token_or_through_a_proxy(
    shared_demo_url, demo_token, tmp_path, monkeypatch
):
    monkeypatch.setenv("PAPERLESS_TUI_DATA_DIR", str(tmp_path))
    assert send_first_request(Connection(shared_demo_url, None, source="arguments"), {}) is None
    proxied = {"HTTPS_PROXY": "http://proxy.invalid:3128"}
    assert send_first_request(Connection(shared_demo_url, demo_token, source="arguments"), proxied) is None
    early = send_first_request(Connection(shared_demo_url, demo_token, source="arguments"), {})
    assert early is not None
    assert early.prefetch.wait(10) is not None and early.page() is not None


async def test_logging_out_after_early_rows_shows_the_connecting_view(
    demo_url, demo_app, demo_token, wait, monkeypatch, tmp_path
):
    """The connecting view, skipped at start, is built when logging out reveals it."""
    transport = Gated(demo_app)
    transport.gate.set()
    async with httpx.AsyncClient(transport=transport, base_url=DEMO) as http:
        app = app_with(early_for(demo_url, demo_token), http, demo_token)
        async with app.run_test(size=(120, 34)) as pilot:
            await until(pilot, lambda: app.connected and isinstance(app.screen, SearchScreen))
            await wait(pilot, app)
            assert not app.screen_stack[0].query("#connecting")
            app.logout()
            await until(pilot, lambda: isinstance(app.screen, LoginScreen))
            assert app.screen_stack[0].query("#connecting")
            await pilot.press("escape")  # no login: the connecting view says so, with its keys
            await until(pilot, lambda: not isinstance(app.screen, LoginScreen))
            assert app.screen is app.screen_stack[0] and "Not logged in" in app.status


async def test_a_document_opened_before_the_client_connects_loads_once_it_has(
    demo_url, demo_app, demo_token, screen_text
):
    from paperless_tui.app.screens.document import DocumentScreen

    early = early_for(demo_url, demo_token)
    first = early.page().rows[0]
    transport = Gated(demo_app)
    async with httpx.AsyncClient(transport=transport, base_url=DEMO) as http:
        app = app_with(early, http, demo_token)
        async with app.run_test(size=(120, 34)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, SearchScreen) and app.screen.total is not None)
            await pilot.press("enter")  # the first row, while the token check still waits
            await until(pilot, lambda: isinstance(app.screen, DocumentScreen))
            assert not app.connected and app.screen.document is None
            transport.gate.set()
            await until(pilot, lambda: app.screen.document is not None)
            assert app.screen.document.id == first.id
            assert app.screen.base_url == app.paperless.base_url
            assert first.title[:20] in screen_text(app)
            assert not app.problems


class LatePrefetch:
    """A request sent before start whose answer comes only after the first frame (a large archive)."""

    def __init__(self, real: Prefetch) -> None:
        self.real = real
        self.arrived = threading.Event()

    def answer(self):
        return self.real.answer() if self.arrived.is_set() else None

    def wait(self, timeout=None):
        self.arrived.wait(timeout)
        return self.answer()


async def test_an_early_answer_after_the_first_frame_is_waited_for_not_asked_again(
    demo_url, demo_app, demo_token
):
    real = early_for(demo_url, demo_token)
    late = LatePrefetch(real.prefetch)
    transport = Gated(demo_app)
    transport.gate.set()
    async with httpx.AsyncClient(transport=transport, base_url=DEMO) as http:
        app = app_with(EarlyRequest(real.request, late), http, demo_token)
        async with app.run_test(size=(120, 34)) as pilot:
            await pilot.pause(0.5)
            assert "/api/ui_settings/" in transport.paths  # connected meanwhile ...
            assert "/api/documents/" not in transport.paths  # ... without asking for the first page again
            late.arrived.set()
            await until(pilot, lambda: isinstance(app.screen, SearchScreen) and app.screen.total is not None)
            assert app.screen.total == real.page().count
            assert "/api/documents/" not in transport.paths  # the rows are the early request's
