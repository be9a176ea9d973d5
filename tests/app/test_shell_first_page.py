"""The first results page is asked for alongside the token check, and the search screen uses that answer."""

from __future__ import annotations

import asyncio
import contextlib
import gc

import httpx

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.screens import search
from paperless_tui.app.screens.login import LoginScreen
from paperless_tui.app.screens.search import SearchScreen
from paperless_tui.app.startup.first_page import FIRST_PAGE_SIZE

DEMO = "http://demo.test"


class Recording(httpx.AsyncBaseTransport):
    """The demo app, but `/api/ui_settings/` answers only once a document list request has arrived."""

    def __init__(self, app) -> None:
        self.inner = httpx.ASGITransport(app)
        self.paths: list[str] = []
        self.list_asked = asyncio.Event()
        self.list_before_settings_answer: bool | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.paths.append(path)
        if path == "/api/documents/":
            self.list_asked.set()
        if path == "/api/ui_settings/" and self.list_before_settings_answer is None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.list_asked.wait(), 5.0)
            self.list_before_settings_answer = self.list_asked.is_set()
        return await self.inner.handle_async_request(request)


def test_the_first_page_size_is_the_search_screens():
    assert FIRST_PAGE_SIZE == search.PAGE_SIZE


async def test_first_results_are_asked_for_while_the_token_is_checked(demo_app, demo_token, wait):
    transport = Recording(demo_app)
    async with httpx.AsyncClient(transport=transport, base_url=DEMO) as http:
        app = create_app(Connection(DEMO, demo_token, source="demo"), http_client=http)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait(pilot, app)
            assert app.connected and isinstance(app.screen, SearchScreen)
            assert transport.list_before_settings_answer is True
            assert transport.paths.count("/api/documents/") == 1  # the screen used that answer
            assert app.screen.total > 0 and app.screen.result_set is not None
            assert not app.problems


async def test_a_refused_token_still_asks_to_log_in_once(demo_app, wait):
    transport = Recording(demo_app)
    async with httpx.AsyncClient(transport=transport, base_url=DEMO) as http:
        app = create_app(Connection(DEMO, "wrong-token", source="arguments"), http_client=http)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait(pilot, app)
            assert not app.connected
            assert isinstance(app.screen, LoginScreen)
            assert [problem.kind for problem in app.problems] == ["bad-token"]


async def test_names_cache_and_saved_views_are_asked_for_after_the_first_rows(demo_app, demo_token, wait):
    """The first rows are drawn before the names cache and the saved views are requested (they would
    delay them); the names then fill in."""
    transport = Recording(demo_app)
    async with httpx.AsyncClient(transport=transport, base_url=DEMO) as http:
        app = create_app(Connection(DEMO, demo_token, source="demo"), http_client=http)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait(pilot, app)
            paths = transport.paths
            first_list = paths.index("/api/documents/")
            for later in ("/api/tags/", "/api/correspondents/", "/api/saved_views/"):
                assert paths.index(later) > first_list, paths
            screen = app.screen
            assert isinstance(screen, SearchScreen) and screen.lookups.loaded


async def test_start_up_resumes_the_paused_garbage_collector(demo_app, demo_token, wait):
    """`paperless-tui` pauses the collector before its imports; the first results restart it."""
    from paperless_tui.app.startup import collector as startup_gc

    startup_gc.pause()
    try:
        transport = Recording(demo_app)
        async with httpx.AsyncClient(transport=transport, base_url=DEMO) as http:
            app = create_app(Connection(DEMO, demo_token, source="demo"), http_client=http)
            async with app.run_test(size=(100, 30)) as pilot:
                assert startup_gc.paused()
                await wait(pilot, app)
                assert isinstance(app.screen, SearchScreen) and app.screen.total
                assert not startup_gc.paused()
                assert gc.isenabled()
    finally:
        startup_gc.resume()
        gc.unfreeze()
        gc.enable()


async def test_a_failed_connection_also_ends_start_up(wait):
    """Nothing listens at the URL: connecting fails, and the paused collector restarts all the same."""
    from paperless_tui.app.startup import collector as startup_gc

    startup_gc.pause()
    try:
        app = create_app(Connection("http://127.0.0.1:9", "token", source="arguments"))
        async with app.run_test(size=(100, 30)) as pilot:
            await wait(pilot, app)
            assert app.connect_failed
            assert not startup_gc.paused() and gc.isenabled()
    finally:
        startup_gc.resume()
        gc.unfreeze()
        gc.enable()
