"""Opening a document: only the first tab is built (the others when first shown, by key or by click),
and a document opened before is shown at once, then fetched again."""

from __future__ import annotations

import asyncio

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.screens.document import DocumentScreen
from paperless_tui.app.screens.search import SearchScreen
from paperless_tui.app.widgets.content_view import ContentView
from paperless_tui.app.widgets.history_view import HistoryView
from paperless_tui.app.widgets.lazy_pane import LazyPane
from paperless_tui.app.widgets.notes_view import NotesView
from paperless_tui.app.widgets.tab_strip import TabStrip

DEMO = "http://demo.test"


def make_app(demo_http, token):
    return create_app(Connection(DEMO, token, source="demo"), http_client=demo_http, image_renderer="unicode")


async def test_only_the_first_tab_is_built_until_another_is_shown(demo_http, demo_token, wait, screen_text):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 34)) as pilot:
        await wait(pilot, app)
        await pilot.press("enter")
        await wait(pilot, app)
        screen = app.screen
        assert isinstance(screen, DocumentScreen)
        assert not screen.query(ContentView) and not screen.query(NotesView) and not screen.query(HistoryView)
        assert not any(pane.built for pane in screen.query(LazyPane))
        await pilot.press("2")  # by key
        await wait(pilot, app)
        assert screen.active_tab == "content" and screen.query_one(TabStrip).active == "content"
        view = screen.query_one(ContentView)
        assert view.text == screen.text and screen.text  # bound to the screen's reactive when built
        strip = screen.query_one(TabStrip)
        x = next(x for x in range(strip.size.width) if strip.tab_at(x) == "history")
        await pilot.click(TabStrip, offset=(x + 1 + 2, 0))  # by click (the strip has a padding of 1)
        await wait(pilot, app)
        assert screen.active_tab == "history" and strip.active == "history"
        history = screen.query_one(HistoryView)
        assert history.entries == screen.history and screen.history is not None
        assert "4 History" in screen_text(app)


async def test_a_document_opened_before_shows_before_its_fetch_returns(
    demo_http, demo_token, wait, screen_text
):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 34)) as pilot:
        await wait(pilot, app)
        search = app.screen
        assert isinstance(search, SearchScreen)
        await pilot.press("enter")
        await wait(pilot, app)
        title = app.screen.document.title
        await pilot.press("escape")
        await wait(pilot, app)
        documents = app.paperless.documents
        release = asyncio.Event()
        fetched: list[int] = []
        original = type(documents).__call__

        async def slow(self, doc_id, *args, **kwargs):
            fetched.append(doc_id)
            await release.wait()
            return await original(self, doc_id, *args, **kwargs)

        type(documents).__call__ = slow
        try:
            await pilot.press("enter")
            for _ in range(5):
                await pilot.pause()
            screen = app.screen
            assert isinstance(screen, DocumentScreen)
            assert screen.document is not None and screen.document.title == title  # shown from the app's copy
            assert title in screen_text(app)
            assert fetched == [screen.doc_id]  # and fetched again
            release.set()
            await wait(pilot, app)
            assert screen.document.title == title
        finally:
            type(documents).__call__ = original
            release.set()
