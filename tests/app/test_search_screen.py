"""The search screen against the in-process demo server: query, filters, sort, paging, errors, keys."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.dialogs.picker import PickerDialog
from paperless_tui.app.dialogs.prompt import PromptDialog
from paperless_tui.app.screens import search as search_module
from paperless_tui.app.screens.search import SearchScreen
from paperless_tui.app.widgets.completion_menu import CompletionMenu
from paperless_tui.app.widgets.results_list import ResultsList

DEMO = "http://demo.test"


def make_app(demo_http, token):
    return create_app(Connection(DEMO, token, source="demo"), http_client=demo_http, image_renderer="unicode")


async def settled_search(pilot, app, wait) -> SearchScreen:
    await wait(pilot, app)
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    return screen


async def test_startup_shows_the_inbox_and_the_count(demo_http, demo_token, wait, screen_text):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        assert screen.result_set is not None
        assert [c.key for c in screen.state.chips] == ["inbox"]
        text = screen_text(app)
        assert "Inbox ✕" in text
        assert f"{screen.total:,} document" in text
        assert screen.query_one(ResultsList).has_focus
        assert screen.lookups.loaded and screen.lookups.tags
        assert not app.problems


async def test_typing_searches_enter_and_escape_move_focus(demo_http, demo_token, wait, screen_text):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        await pilot.press("F")  # no filters: search everything
        await wait(pilot, app)
        await pilot.press("slash")
        search_input = screen.query_one("#search-input", Input)
        assert search_input.has_focus
        await pilot.press(*"invoice")
        # Single-letter keys typed into the input never fire actions (i, o, v, r, m, p, f).
        assert search_input.value == "invoice"
        assert screen.state.chips == ()
        assert not isinstance(app.screen, PickerDialog)
        await pilot.press("enter")
        await wait(pilot, app)
        results = screen.query_one(ResultsList)
        assert results.has_focus
        assert screen.is_search and screen.result_set is not None and screen.result_set.has_hits
        assert screen.total and "match" in screen_text(app)
        await pilot.press("slash", "escape")
        assert results.has_focus
        assert search_input.value == "invoice"  # escape leaves the query as it is


async def test_invalid_query_shows_the_servers_reason_inline(demo_http, demo_token, wait, screen_text):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        await pilot.press("slash", *"title:(unclosed", "enter")
        await wait(pilot, app)
        assert screen.query_error
        assert "Invalid query:" in screen_text(app)
        assert app.is_running and not app.problems  # inline, not a dialog or crash
        await pilot.press("slash", *"  ")
        await pilot.press("ctrl+a")  # select all is harmless; clear and type a good query
        search_input = screen.query_one("#search-input", Input)
        search_input.value = "invoice"
        await pilot.press("enter")
        await wait(pilot, app)
        assert not screen.query_error


async def test_filter_chips_add_and_remove(demo_http, demo_token, wait, screen_text):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        inbox_total = screen.total
        await pilot.press("i")  # inbox off
        await wait(pilot, app)
        assert screen.state.chips == ()
        everything = screen.total
        assert everything is not None and inbox_total is not None and everything > inbox_total
        # f -> Tag… -> first tag
        await pilot.press("f")
        assert isinstance(app.screen, PickerDialog)
        await pilot.press(*"tag", "enter")
        assert isinstance(app.screen, PickerDialog)
        await pilot.press("enter")
        await wait(pilot, app)
        assert [c.key.split(":")[0] for c in screen.state.chips] == ["tag"]
        assert "tags__id__all" in screen.state.to_params()
        assert "Tag: " in screen_text(app)
        # A created-from date filter, validated.
        await pilot.press("f", *"created from", "enter")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"bad", "enter")
        assert isinstance(app.screen, PromptDialog)  # refused
        prompt_input = app.screen.query_one(Input)
        prompt_input.value = "2023-01-01"
        await pilot.press("enter")
        await wait(pilot, app)
        assert screen.state.to_params()["created__date__gte"] == "2023-01-01"
        # Remove the tag chip by pressing it.
        chip = screen.query("ChipButton").first()
        chip.press()
        await wait(pilot, app)
        assert [c.key for c in screen.state.chips] == ["created_from"]
        await pilot.press("F")
        await wait(pilot, app)
        assert screen.state.chips == () and screen.total == everything


async def test_saved_view_runs_with_its_rules_and_sort(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        assert screen.saved_views
        view = screen.saved_views[0]
        await pilot.press("v")
        assert isinstance(app.screen, PickerDialog)
        await pilot.press("enter")
        await wait(pilot, app)
        keys = [c.key for c in screen.state.chips]
        assert f"view:{view.id}" in keys
        if view.sort_field:
            expected = f"-{view.sort_field}" if view.sort_reverse else view.sort_field
            assert screen.state.to_params()["ordering"] == expected


async def test_sort_picker_and_reverse(demo_http, demo_token, wait, screen_text):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        await pilot.press("o", *"title", "enter")
        await wait(pilot, app)
        assert screen.state.ordering == "title"
        assert "sorted by Title ↑" in screen_text(app)
        first = screen.query_one(ResultsList).highlighted_row
        await pilot.press("O")
        await wait(pilot, app)
        assert screen.state.ordering == "-title"
        assert screen.query_one(ResultsList).highlighted_row != first or screen.total == 1


async def test_paging_through_a_large_result_set(demo_http, demo_token, wait, monkeypatch, screen_text):
    monkeypatch.setattr(search_module, "PAGE_SIZE", 7)  # 60 documents -> 9 pages
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        await pilot.press("F")
        await wait(pilot, app)
        results = screen.query_one(ResultsList)
        result_set = screen.result_set
        assert result_set is not None and result_set.total == screen.total and result_set.total > 14
        await pilot.press("G")
        await wait(pilot, app)
        last = result_set.total - 1
        assert results.cursor == last
        assert result_set.row(last) is not None  # the last page was fetched on demand
        assert result_set.row(30) is None  # pages in between were never fetched
        ids = {result_set.row(i).id for i in range(result_set.total) if result_set.row(i) is not None}
        assert screen.highlighted is not None and screen.highlighted.id in ids
        await pilot.press("g", "pagedown", "pagedown")
        await wait(pilot, app)
        assert all(result_set.row(i) is not None for i in range(results.cursor + 1))
        assert "loading" not in screen_text(app)
        assert not app.problems


async def test_refresh_keeps_the_cursor_and_more_like_this(demo_http, demo_token, wait, screen_text):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        await pilot.press("F")
        await wait(pilot, app)
        await pilot.press("j", "j", "j")
        row = screen.query_one(ResultsList).highlighted_row
        await pilot.press("r")
        await wait(pilot, app)
        assert screen.query_one(ResultsList).cursor == 3
        await pilot.press("m")
        await wait(pilot, app)
        assert [c.key for c in screen.state.chips] == ["more_like"]
        assert screen.state.to_params()["more_like_id"] == str(row.id)
        assert "Like: " in screen_text(app)


async def test_preview_pane_shows_thumbnail_and_metadata(demo_http, demo_token, wait, screen_text):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        await pilot.press("p")
        await pilot.pause(0.3)
        await wait(pilot, app)
        assert screen.has_class("-preview")
        assert screen.thumbnail is not None  # decoded Pillow image
        assert "Correspondent" in screen_text(app)
        # The thumbnail of a portrait page fills the height the metadata leaves, its aspect ratio kept.
        thumbnail = screen.query_one("#preview-thumbnail")
        image = thumbnail.query_one(".thumbnail-image")
        width, height = screen.thumbnail.size
        assert height > width
        assert image.size.height == thumbnail.content_size.height >= 10
        assert abs(image.size.width - image.size.height * (width / 10) / (height / 20)) <= 1  # 10×20 cells
        meta = screen.query_one("#preview-meta")
        assert (
            meta.region.y >= image.region.bottom
            and meta.region.bottom <= screen.query_one("#preview").region.bottom
        )
        await pilot.press("p")
        assert not screen.has_class("-preview")


@pytest.mark.parametrize(
    ("pixels", "space", "cells"),
    [
        ((300, 425), (41, 16), (23, 16)),  # portrait page, wide space: the height decides
        ((425, 300), (20, 16), (20, 7)),  # landscape page, narrow space: the width decides
        ((300, 425), (0, 16), (0, 0)),
    ],
)
def test_fit_cells_keeps_the_aspect_ratio(pixels, space, cells):
    from paperless_tui.app.widgets.thumbnail import fit_cells

    assert fit_cells(pixels, space, (10, 20)) == cells


@pytest.mark.parametrize("width", [80, 120])
async def test_fits_small_terminals(demo_http, demo_token, wait, screen_text, width):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(width, 24)) as pilot:
        await settled_search(pilot, app, wait)
        assert "Created" in screen_text(app)


async def test_custom_field_filter_by_select_label(demo_http, demo_token, wait, screen_text):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        await pilot.press("F")
        await wait(pilot, app)
        everything = screen.total
        select = next(f for f in screen.lookups.custom_fields.values() if f.data_type == "select")
        response = await demo_http.get(
            "/api/documents/?fields=custom_fields&page_size=100",
            headers={"Authorization": f"Token {demo_token}"},
        )
        used = [
            v["value"]
            for d in response.json()["results"]
            for v in d["custom_fields"]
            if v["field"] == select.id
        ]
        label = select.options[max(set(used), key=used.count)]
        await pilot.press("f", *"custom field", "enter")
        await pilot.press(*select.name, "enter")
        assert isinstance(app.screen, PickerDialog)
        await pilot.press(*label, "enter")
        await wait(pilot, app)
        assert f"{select.name}: {label}" in screen_text(app)
        assert "custom_field_query" in screen.state.to_params()
        assert screen.total is not None and 0 < screen.total < everything
        assert not app.problems


async def test_autocomplete_of_prefixes_names_and_terms(demo_http, demo_token, wait, screen_text):
    """The drop-down completes the word at the cursor: field prefixes and names at once, the server's
    terms after a pause; tab accepts, up/down choose, escape closes it (a second escape leaves)."""
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        assert not screen.query(CompletionMenu)  # mounted when first needed
        await pilot.press("slash", *"corr")
        await pilot.pause()
        menu = screen.query_one(CompletionMenu)
        assert [c.text for c in screen.completions] == ["correspondent:"]
        assert menu.has_class("-open") and "correspondent:" in screen_text(app)
        await pilot.press("tab")
        assert screen.search_input.value == "correspondent:" and screen.search_input.has_focus
        assert not menu.has_class("-open")
        # A server term for a word in the middle of the query; up/down move, tab takes the one chosen.
        screen.search_input.value = "tag:inbox  telekom"
        screen.search_input.cursor_position = len("tag:inbox ")
        await pilot.press(*"invo")
        await until(pilot, lambda: any(c.kind == "term" for c in screen.completions))
        terms = [c.text for c in screen.completions]
        assert terms[0] == "invoice"  # from /api/search/autocomplete/
        await pilot.press("down", "up", "tab")
        assert screen.search_input.value == "tag:inbox invoice telekom"
        assert screen.search_input.cursor_position == len("tag:inbox invoice")
        # Names after tag: (a name with a space is quoted), escape twice.
        screen.search_input.value = ""
        tag = sorted(screen.lookups.tags.values(), key=lambda t: t.name.casefold())[0].name
        await pilot.press(*"tag:")
        await pilot.pause()
        assert all(c.text.startswith("tag:") for c in screen.completions) and screen.completions
        await pilot.press("tab")
        quoted = f'"{tag}"' if " " in tag else tag
        assert screen.search_input.value == f"tag:{quoted}"
        await pilot.press("space", *"t")
        await pilot.pause()
        assert "type:" in [c.text for c in screen.completions]
        await pilot.press("home")  # to another word: the drop-down closes
        await pilot.pause()
        assert not screen.completions
        await pilot.press("end", "y")
        await pilot.pause()
        assert [c.text for c in screen.completions] == ["type:"]
        await pilot.press("escape")
        assert not screen.completions and screen.search_input.has_focus
        await pilot.press("escape")
        assert screen.query_one(ResultsList).has_focus
        assert not app.problems


async def test_completion_keys_do_nothing_special_without_the_drop_down(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        results = screen.query_one(ResultsList)
        await pilot.press("down", "down")
        assert results.cursor == 2  # down still moves the list
        await pilot.press("slash", *"zz", "space")
        await pilot.pause()
        assert not screen.completions
        await pilot.press("tab")  # moves focus on, as everywhere else
        assert not screen.search_input.has_focus


async def until(pilot, condition) -> None:
    for _ in range(250):  # five seconds
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition not met in time")


async def test_filters_and_query_are_remembered_per_profile(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        await pilot.press("o", *"title", "enter", "slash", *"invoice", "enter")
        await wait(pilot, app)
        state = screen.state
    again = make_app(demo_http, demo_token)
    async with again.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, again, wait)
        assert screen.state == state
        assert screen.search_input.value == "invoice"


async def test_a_remembered_empty_search_still_loads_at_start_up(demo_http, demo_token, wait):
    # no query and no filters equals the screen's default state: the first search must still run
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        await pilot.press("i")  # the inbox chip off: nothing left to filter
        await wait(pilot, app)
        assert screen.state.chips == () and not screen.state.query
    again = make_app(demo_http, demo_token)
    async with again.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, again, wait)
        assert not screen.searching
        assert screen.results.row_count > 0


async def test_relevance_comes_back_for_a_new_query_more_like_and_clear(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        await pilot.press("F", "slash", *"invoice", "enter")
        await wait(pilot, app)
        await pilot.press("o")
        assert isinstance(app.screen, PickerDialog)
        assert app.screen.items[0] == ("", "Relevance")  # offered for a full-text query
        await pilot.press(*"title", "enter")
        await wait(pilot, app)
        assert screen.state.ordering == "title"
        await pilot.press("o", *"relevance", "enter")
        await wait(pilot, app)
        assert screen.state.ordering is None and "ordering" not in screen.state.to_params()
        await pilot.press("o", *"title", "enter")
        await wait(pilot, app)
        await pilot.press("slash", *" total", "enter")  # a new query: relevance again
        await wait(pilot, app)
        assert screen.state.ordering is None
        # A saved view with a custom field sort, then F: the sort goes with the view.
        await pilot.press("v", *"overdue", "enter")
        await wait(pilot, app)
        assert screen.state.ordering == "custom_field_4"
        await pilot.press("F")
        await wait(pilot, app)
        assert screen.state.ordering is None
        await pilot.press("escape", "o", *"modified", "enter", "m")  # more like this ranks by relevance
        await wait(pilot, app)
        assert screen.state.ordering is None
        result_set = screen.result_set
        assert result_set is not None and result_set.has_hits
        assert "ordering" not in screen._params  # ranked by the server (it reports 0.0 as scores)
        assert screen.sort_label == "relevance"


async def test_status_says_any_of_or_all_of_the_clauses(demo_http, demo_token, wait, screen_text):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        assert "tag:inbox AND created:" in screen_text(app)  # the hint shows AND
        await pilot.press("F", "slash", *"invoice total", "enter")
        await wait(pilot, app)
        any_total = screen.total
        assert "matches of any of 2 clauses" in screen_text(app)
        await pilot.press("slash")
        screen.search_input.value = "invoice AND total"
        await pilot.press("enter")
        await wait(pilot, app)
        assert "of all of 2 clauses" in screen_text(app)
        assert screen.total is not None and any_total is not None and screen.total <= any_total


async def test_invalid_query_says_what_is_wrong_and_hides_the_old_results(
    demo_http, demo_token, wait, screen_text
):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        assert screen.total
        await pilot.press("slash", *"created:[2024 to", "enter")
        await wait(pilot, app)
        text = screen_text(app)
        assert "check logs" not in text and not app.problems
        assert "Invalid query: a [ is not closed" in text
        assert screen.result_set is not None and screen.result_set.total == 0
        assert "No results: the query is not valid" in text
        assert screen.highlighted is None


async def test_a_remembered_invalid_query_is_shown_inline_at_start_up(
    demo_http, demo_token, wait, screen_text
):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        await pilot.press("slash", *'"unclosed', "enter")
        await wait(pilot, app)
        assert screen.query_error
    again = make_app(demo_http, demo_token)
    async with again.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, again, wait)
        assert 'Invalid query: a " is not closed' in screen_text(again)
        assert not again.problems  # no error dialog


async def test_a_saved_view_replaces_the_filters_and_the_query(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        assert [c.key for c in screen.state.chips] == ["inbox"]
        await pilot.press("slash", *"invoice", "enter")
        await wait(pilot, app)
        view = screen.saved_views[0]
        await pilot.press("v", "enter")
        await wait(pilot, app)
        assert [c.key for c in screen.state.chips] == [f"view:{view.id}"]  # the inbox chip is gone
        assert screen.state.query == "" and screen.search_input.value == ""


async def test_backspace_on_an_empty_search_box_removes_the_last_chip(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        await pilot.press("f", *"created from", "enter")
        app.screen.query_one(Input).value = "2023-01-01"
        await pilot.press("enter")
        await wait(pilot, app)
        assert [c.key for c in screen.state.chips] == ["inbox", "created_from"]
        await pilot.press("slash", "a", "backspace")  # deletes the letter typed, not a chip
        await wait(pilot, app)
        assert screen.search_input.value == "" and len(screen.state.chips) == 2
        await pilot.press("backspace")
        await wait(pilot, app)
        assert [c.key for c in screen.state.chips] == ["inbox"]
        await pilot.press("escape", "question_mark")  # help lists the key while a chip is there
        await wait(pilot, app)
        assert "Remove last filter" in [e.description for e in app.screen.entries]
        await pilot.press("escape", "backspace")  # from the list too
        await wait(pilot, app)
        assert screen.state.chips == ()


async def test_the_servers_did_you_mean_is_shown(demo_http, demo_token, wait, screen_text, monkeypatch):
    from paperless_tui.demo.routes import documents

    class Suggesting(dict):  # the demo answers corrected_query=None; this one suggests "invoice"
        def __setitem__(self, key, value):
            super().__setitem__(key, "invoice" if key == "corrected_query" else value)

    real = documents.paginated
    monkeypatch.setattr(documents, "paginated", lambda *args, **kw: Suggesting(real(*args, **kw)))
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        await settled_search(pilot, app, wait)
        assert "did you mean" not in screen_text(app)  # not a full-text query
        await pilot.press("slash", *"invoise", "enter")
        await wait(pilot, app)
        assert "did you mean “invoice”?" in screen_text(app)


async def test_a_failed_refresh_does_not_stay_updating(demo_app, demo_token, wait, screen_text):
    import httpx

    class Failing(httpx.AsyncBaseTransport):
        def __init__(self) -> None:
            self.inner, self.fail = httpx.ASGITransport(demo_app), False

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if self.fail and request.url.path == "/api/documents/":
                return httpx.Response(500, json={"detail": "boom"})
            return await self.inner.handle_async_request(request)

    transport = Failing()
    async with httpx.AsyncClient(transport=transport, base_url=DEMO) as http:
        app = make_app(http, demo_token)
        async with app.run_test(size=(120, 30)) as pilot:
            screen = await settled_search(pilot, app, wait)
            transport.fail = True
            await pilot.press("r")
            await wait(pilot, app)
            assert app.problems and not screen.searching
            assert "updating…" not in screen_text(app)

    transport.fail = True  # the first search fails: not "Loading…" for ever
    async with httpx.AsyncClient(transport=transport, base_url=DEMO) as http:
        app = make_app(http, demo_token)
        async with app.run_test(size=(120, 30)) as pilot:
            screen = await settled_search(pilot, app, wait)
            assert not screen.searching
            assert "Not loaded (r retries)" in screen_text(app)


async def test_names_that_failed_to_load_are_said(demo_app, demo_token, wait, screen_text):
    import httpx

    class NoNames(httpx.AsyncBaseTransport):
        def __init__(self) -> None:
            self.inner = httpx.ASGITransport(demo_app)

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path == "/api/tags/":
                return httpx.Response(500, json={"detail": "boom"})
            return await self.inner.handle_async_request(request)

    async with httpx.AsyncClient(transport=NoNames(), base_url=DEMO) as http:
        app = make_app(http, demo_token)
        async with app.run_test(size=(120, 30)) as pilot:
            screen = await settled_search(pilot, app, wait)
            await wait(pilot, app)
            assert app.names_failed and screen.names_failed
            assert "names could not load (r retries)" in screen_text(app)


async def test_the_status_shows_the_position_in_the_list(demo_http, demo_token, wait, screen_text):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settled_search(pilot, app, wait)
        await pilot.press("F")
        await wait(pilot, app)
        await pilot.press("j", "j")
        await wait(pilot, app)
        assert f"3 / {screen.total:,} documents" in screen_text(app)
