"""What the reshaped search screen promises: names from the app's one store (every screen sees a
refresh), the status says how many matches the filters hide, and `r` on a failed page retries it."""

from __future__ import annotations

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.screens import search as search_module
from paperless_tui.app.screens.document import DocumentScreen
from paperless_tui.app.screens.search import SearchScreen
from paperless_tui.app.widgets.results_list import ResultsList
from paperless_tui.client import exceptions as client_errors

DEMO = "http://demo.test"


def make_app(demo_http, token):
    return create_app(Connection(DEMO, token, source="demo"), http_client=demo_http, image_renderer="unicode")


async def test_a_names_refresh_reaches_every_screen(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait(pilot, app)
        search = app.screen
        assert isinstance(search, SearchScreen) and search.lookups is app.names and app.names.loaded
        await pilot.press("enter")
        await wait(pilot, app)
        document = app.screen
        assert isinstance(document, DocumentScreen) and document.lookups is app.names
        tag_id = next(iter(app.names.tags))
        tag = await app.paperless.tags(tag_id)
        tag.name = "Renamed meanwhile"
        await app.paperless.tags.update(tag)
        app.names_store.refresh()  # (what a write does)
        await wait(pilot, app)
        assert document.lookups.tag_name(tag_id) == "Renamed meanwhile"
        assert search.lookups.tag_name(tag_id) == "Renamed meanwhile"  # no stale copy anywhere


async def test_the_status_says_how_many_the_filters_hide(demo_http, demo_token, wait, screen_text):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(160, 30)) as pilot:
        await wait(pilot, app)
        screen = app.screen
        assert [chip.key for chip in screen.state.chips] == ["inbox"]
        await pilot.press("slash", *"invoice", "enter")
        await wait(pilot, app)
        narrowed = screen.total
        everything = await app.paperless.documents.filter({"query": "invoice"}, fields=["id"]).page(1, 1)
        assert narrowed is not None and everything.count > narrowed
        assert screen.wider_total == everything.count
        text = screen_text(app)
        assert f"in Inbox · {everything.count:,} in all documents (F clears filters)" in text
        await pilot.press("F")
        await wait(pilot, app)
        assert screen.total == everything.count and screen.wider_total is None
        assert "in all documents" not in screen_text(app)


async def test_r_on_a_failed_page_fetches_that_page_again(
    demo_http, demo_token, wait, monkeypatch, screen_text
):
    monkeypatch.setattr(search_module, "PAGE_SIZE", 7)
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait(pilot, app)
        screen = app.screen
        await pilot.press("F")
        await wait(pilot, app)
        last_page = screen.result_set.page_of(screen.result_set.total - 1)
        documents = app.paperless.documents
        real_filter = documents.filter
        failing = {"left": 1}
        asked: list[int] = []

        def flaky_filter(*args, **kwargs):
            view = real_filter(*args, **kwargs)
            real_page = view.page

            async def page(number, page_size=25):
                asked.append(number)
                if number == last_page + 1 and failing["left"]:
                    failing["left"] -= 1
                    raise client_errors.ServerError("boom", status=500)
                return await real_page(number, page_size=page_size)

            view.page = page
            return view

        monkeypatch.setattr(documents, "filter", flaky_filter)
        generation = screen.result_set.generation
        await pilot.press("G")
        await wait(pilot, app)
        assert screen.result_set.is_failed(last_page)
        assert "retry" in screen_text(app)
        asked.clear()
        await pilot.press("r")
        await wait(pilot, app)
        assert asked == [last_page + 1]  # only that page: not the whole search again
        assert screen.result_set.generation == generation
        assert screen.result_set.row(screen.result_set.total - 1) is not None
        assert screen.query_one(ResultsList).cursor == screen.result_set.total - 1
