"""The search screen against the in-process demo server: query, filters, sort, paging, errors."""

from __future__ import annotations

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.screens.search import SearchScreen
from paperless_tui.app.widgets.results_list import ResultsList

DEMO = "http://demo.test"


def make_app(demo_http, token):
    return create_app(Connection(DEMO, token, source="demo"), http_client=demo_http, image_renderer="unicode")


async def test_startup_shows_the_inbox_and_the_count(demo_http, demo_token, wait, screen_text):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait(pilot, app)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.result_set is not None
        assert [c.key for c in screen.state.chips] == ["inbox"]
        text = screen_text(app)
        assert "Inbox" in text
        assert f"{screen.total:,} document" in text
        results = screen.query_one(ResultsList)
        assert results.has_focus
