"""Marks and bulk edits on the search screen, against the demo server: every key, with the server's
state checked afterwards through the client."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from textual.screen import ModalScreen
from textual.worker import WorkerFailed

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.dialogs.choice_picker import ChoicePicker
from paperless_tui.app.dialogs.tag_picker import TagPicker
from paperless_tui.app.screens.search import SearchScreen

DEMO = "http://demo.test"


@pytest.fixture
def wait():
    """await wait(pilot, app): let every worker finish, modal flows too (up to the next dialog)."""

    async def settle(pilot, app, rounds: int = 200) -> None:
        for _ in range(rounds):
            await pilot.pause()
            busy = [w for w in app.workers if w.group != "flow"]
            with contextlib.suppress(WorkerFailed):
                if busy:  # (an empty list would wait for every worker, the flow's too)
                    await app.workers.wait_for_complete(busy)
            flows = [w for w in app.workers if w.group == "flow" and not w.is_finished]
            if not flows or isinstance(app.screen, ModalScreen):
                await pilot.pause()
                return
            await asyncio.sleep(0.01)

    return settle


def make_app(demo_http, token):
    return create_app(Connection(DEMO, token, source="demo"), http_client=demo_http, image_renderer="unicode")


async def docs(
    app, ids, fields=("id", "tags", "correspondent", "document_type", "storage_path", "custom_fields")
):
    """The server's documents `ids`, by id (through the client)."""
    view = app.paperless.documents.filter({"id__in": ",".join(map(str, ids))}, fields=list(fields))
    page = await view.page(1, page_size=max(1, len(ids)))
    return {doc.id: doc for doc in page.results}


async def start(pilot, app, wait, query="invoice"):
    await wait(pilot, app)
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.press("F")  # no inbox filter: every document
    await wait(pilot, app)
    if query:
        await pilot.press("slash", *query, "enter")
        await wait(pilot, app)
    return screen


class Sent(str):
    @property
    def method(self):
        return self.split()[0]


def record_requests(http):
    """The requests `http` sends from now on, as 'METHOD /path/'."""
    sent: list[Sent] = []

    async def hook(request):
        sent.append(Sent(f"{request.method} {request.url.path}"))

    http.event_hooks["request"].append(hook)
    return sent


def tag_named(app, name):
    return next(t.id for t in app.names.tags.values() if t.name == name)


async def test_space_marks_and_moves_down_and_marks_survive_a_new_query(
    demo_http, demo_token, wait, screen_text
):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(140, 36)) as pilot:
        screen = await start(pilot, app, wait)
        rows = [screen.result_set.row(i) for i in range(3)]
        await pilot.press("space", "space", "space")
        await wait(pilot, app)
        assert screen.marks.ids == tuple(r.id for r in rows)
        assert screen.results.cursor == 3
        text = screen_text(app)
        assert "3 marked" in text and "●" in text
        await pilot.press("k", "space")  # unmark the third
        await wait(pilot, app)
        assert screen.marks.ids == (rows[0].id, rows[1].id)
        await pilot.press("slash", *["backspace"] * 7, *"letter", "enter")  # a new query
        await wait(pilot, app)
        assert len(screen.marks) == 2 and "2 marked" in screen_text(app)
        await pilot.press("enter")  # open a document and come back
        await wait(pilot, app)
        await pilot.press("escape")
        await wait(pilot, app)
        assert len(app.screen.marks) == 2
        await pilot.press("U")
        await wait(pilot, app)
        assert len(screen.marks) == 0 and "marked" not in screen_text(app).split("\n")[4]


async def test_visual_range_marks_the_rows_between(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(140, 36)) as pilot:
        screen = await start(pilot, app, wait, query="")
        await pilot.press("j", "V", "j", "j", "j")
        await wait(pilot, app)
        assert screen.marks.anchor == 1 and len(screen.marks) == 0
        await pilot.press("enter")  # marks the range (does not open)
        await wait(pilot, app)
        assert app.screen is screen
        expected = [screen.result_set.row(i).id for i in range(1, 5)]
        assert list(screen.marks.ids) == expected and screen.marks.anchor is None
        await pilot.press("V", "j", "escape")  # escape closes a range without marking
        await wait(pilot, app)
        assert screen.marks.anchor is None and len(screen.marks) == 4


async def test_star_marks_every_match_on_every_page(demo_http, demo_token, wait, monkeypatch):
    from paperless_tui.app.screens import search as search_module

    monkeypatch.setattr(search_module, "PAGE_SIZE", 5)
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(140, 36)) as pilot:
        screen = await start(pilot, app, wait)
        total = screen.result_set.total
        assert total > 5  # more than the loaded page
        await pilot.press("asterisk")
        await wait(pilot, app)
        everything = await app.paperless.documents.filter({"query": "invoice"}, fields=["id"]).page(1, 1000)
        assert set(screen.marks.ids) == {d.id for d in everything.results}
        assert screen.marked_count == total and screen.bulk_summary.complete


async def test_star_asks_before_marking_more_than_500(demo_http, demo_token, wait, monkeypatch):
    from paperless_tui.app.dialogs.confirm import Confirm
    from paperless_tui.app.flows import bulk

    monkeypatch.setattr(bulk, "CONFIRM_MARK_ALL", 10)
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(140, 36)) as pilot:
        screen = await start(pilot, app, wait, query="")
        await pilot.press("asterisk")
        await wait(pilot, app)
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await wait(pilot, app)
        assert len(screen.marks) == 0
        await pilot.press("asterisk")
        await wait(pilot, app)
        await pilot.press("y")
        await wait(pilot, app)
        assert len(screen.marks) == screen.result_set.total == 59


async def test_t_adds_a_tag_in_one_request_and_u_restores_each_documents_tags(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(140, 36)) as pilot:
        screen = await start(pilot, app, wait)
        ids = [screen.result_set.row(i).id for i in range(3)]
        assert all(screen.result_set.row(i).snippet for i in range(3))
        before = {i: set(d.tags) for i, d in (await docs(app, ids)).items()}
        # a tag on some of the three if there is one (the undo must keep it there), else on none
        on_some = [t for t in app.names.tags.values() if 0 < sum(t.id in v for v in before.values()) < 3]
        on_none = [t for t in app.names.tags.values() if not any(t.id in v for v in before.values())]
        tag = (on_some or on_none)[0]
        paid = tag.id
        await pilot.press("space", "space", "space")
        await wait(pilot, app)
        sent = record_requests(demo_http)
        await pilot.press("t")
        await wait(pilot, app)
        assert isinstance(app.screen, TagPicker)
        await pilot.press(*tag.name.lower().replace(" ", ""), "enter")
        await wait(pilot, app)
        assert [r for r in sent if r.method == "POST"] == ["POST /api/documents/bulk_edit/"]
        after = await docs(app, ids)
        assert all(paid in after[i].tags for i in ids)
        assert all(paid in screen.result_set.get(i).tags for i in ids)  # the rows show it
        assert all(screen.result_set.get(i).snippet and screen.result_set.get(i).score for i in ids)
        await pilot.press("u")
        await wait(pilot, app)
        restored = {i: set(d.tags) for i, d in (await docs(app, ids)).items()}
        assert restored == before  # each its own: one that had Paid keeps it
        assert screen.bulk_history.entries[-1].undone
        await pilot.press("ctrl+r")
        await wait(pilot, app)
        assert all(paid in d.tags for d in (await docs(app, ids)).values())


async def test_t_creates_a_new_tag_when_the_name_matches_none(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(140, 36)) as pilot:
        screen = await start(pilot, app, wait)
        await pilot.press("space", "space")
        await wait(pilot, app)
        ids = screen.marks.ids
        await pilot.press("t")
        await wait(pilot, app)
        await pilot.press(*"zzbrandnew", "enter")
        await wait(pilot, app)
        if isinstance(app.screen, TagPicker):  # the quick path offers "create": enter once more
            await pilot.press("enter")
            await wait(pilot, app)
        tags = await app.paperless.tags.as_list()
        new = next(t for t in tags if t.name == "zzbrandnew")
        assert all(new.id in d.tags for d in (await docs(app, ids)).values())
        assert app.names.tag_name(new.id) == "zzbrandnew"  # the names store was refreshed


@pytest.mark.parametrize(
    ("key", "field"), [("c", "correspondent"), ("d", "document_type"), ("s", "storage_path")]
)
async def test_c_d_s_set_a_value_and_undo_groups_by_previous_value(demo_http, demo_token, wait, key, field):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(140, 36)) as pilot:
        screen = await start(pilot, app, wait, query="")
        await pilot.press("space", "space", "space", "space")
        await wait(pilot, app)
        ids = screen.marks.ids
        before = {i: getattr(d, field) for i, d in (await docs(app, ids)).items()}
        await pilot.press(key)
        await wait(pilot, app)
        picker = app.screen
        assert isinstance(picker, ChoicePicker)
        name, value = sorted(((n, i) for i, n in picker.items), key=lambda x: x[0])[0]
        await pilot.press(*name[:6].lower().replace(" ", ""), "enter")
        await wait(pilot, app)
        after = {i: getattr(d, field) for i, d in (await docs(app, ids)).items()}
        assert set(after.values()) == {value}
        await pilot.press("u")
        await wait(pilot, app)
        assert {i: getattr(d, field) for i, d in (await docs(app, ids)).items()} == before


async def test_keys_act_on_the_highlighted_document_when_nothing_is_marked(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(140, 36)) as pilot:
        screen = await start(pilot, app, wait, query="")
        row = screen.results.highlighted_row
        await pilot.press("c")
        await wait(pilot, app)
        assert app.screen.total == 1
        await pilot.press("escape")  # cancelled: nothing sent
        await wait(pilot, app)
        assert not screen.bulk_history.entries
        await pilot.press("c")
        await wait(pilot, app)
        await pilot.press("down", "enter")  # not the first ("none" or the current): some correspondent
        await wait(pilot, app)
        assert screen.bulk_history.entries and screen.bulk_history.entries[-1].documents == (row.id,)


async def test_the_inbox_view_drops_documents_whose_inbox_tag_was_removed_and_undo_brings_them_back(
    demo_http, demo_token, wait
):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(140, 36)) as pilot:
        await wait(pilot, app)
        screen = app.screen
        assert [chip.key for chip in screen.state.chips] == ["inbox"]
        total = screen.result_set.total
        inbox = app.names.inbox_tags()[0]
        await pilot.press("space", "space")
        await wait(pilot, app)
        ids = screen.marks.ids
        await pilot.press("t")
        await wait(pilot, app)
        await pilot.press(*app.names.tag_name(inbox).lower(), "space", "enter")  # cycle to "remove"
        await wait(pilot, app)
        assert all(inbox not in d.tags for d in (await docs(app, ids)).values())
        assert screen.result_set.total == total - 2
        assert all(screen.result_set.get(i) is None for i in ids)
        assert len(screen.marks) == 2  # still marked, though not shown
        await pilot.press("ctrl+z")
        await wait(pilot, app)
        assert all(inbox in d.tags for d in (await docs(app, ids)).values())
        assert screen.result_set.total == total


async def test_b_toggles_the_panel_which_opens_by_itself_when_marks_appear(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(140, 36)) as pilot:
        screen = await start(pilot, app, wait, query="")
        assert not screen.bulk_open
        await pilot.press("space")
        await wait(pilot, app)
        assert screen.bulk_open and screen.has_class("-bulk")
        await pilot.press("b")
        await wait(pilot, app)
        assert not screen.bulk_open
        await pilot.press("b")
        await wait(pilot, app)
        assert screen.bulk_open
