"""Inbox triage against the demo server: suggestions a key away, one request per document, undo."""

from __future__ import annotations

import datetime as dt

import pytest

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.models.triage import Suggestions, TriageDraft, TriageValues
from paperless_tui.app.screens.search import SearchScreen
from paperless_tui.app.screens.triage import TriageScreen

DEMO = "http://demo.test"


def make_app(demo_http, token):
    return create_app(Connection(DEMO, token, source="demo"), http_client=demo_http, image_renderer="unicode")


# --- the draft (pure) ------------------------------------------------------------------------------


def test_offers_are_numbered_and_only_those_that_change_something():
    before = TriageValues(tags=frozenset({1}), correspondent=5, document_type=None)
    draft = TriageDraft(
        7,
        before,
        Suggestions(correspondents=(5,), document_types=(3,), tags=(1, 9), dates=(dt.date(2024, 1, 15),)),
    )
    offers = draft.offers()
    assert [(o.number, o.kind) for o in offers] == [(1, "document_type"), (2, "tags"), (3, "created")]
    assert offers[1].value == frozenset({9})  # tag 1 is there already
    draft.accept(2)
    assert draft.values.tags == {1, 9} and draft.offers()[1].accepted
    assert draft.accept(4) is None


def test_the_patch_has_only_changed_fields_and_takes_the_inbox_tag_off():
    before = TriageValues(tags=frozenset({1, 2}), correspondent=None, created=dt.date(2020, 1, 1))
    draft = TriageDraft(7, before, Suggestions(correspondents=(4,)))
    assert draft.patch(inbox_tags=[1]) == {"tags": [2]}
    draft.accept_all()
    draft.change_tags(add=[8], remove=[])
    assert draft.patch(inbox_tags=[1]) == {"tags": [2, 8], "correspondent": 4}
    draft.reset()
    assert draft.patch(inbox_tags=[]) == {}


# --- the screen ------------------------------------------------------------------------------------


async def open_triage(pilot, app, wait):
    await wait(pilot, app)
    assert isinstance(app.screen, SearchScreen)
    await pilot.press("I")
    for _ in range(20):
        await wait(pilot, app)
        if isinstance(app.screen, TriageScreen) and app.screen.draft is not None:
            return app.screen
    raise AssertionError(f"no triage: {app.screen}")


async def test_triage_goes_through_the_inbox_one_request_each_and_undo_restores(
    demo_http, demo_token, wait, screen_text
):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 36)) as pilot:
        triage = await open_triage(pilot, app, wait)  # the start screen is the inbox
        inbox = set(app.names.inbox_tags())
        total = len(triage.order)
        assert total > 2 and f"Triage · 1 of {total} · {total} left" in screen_text(app)
        first = triage.current_id
        before = await app.paperless.documents(first)
        assert inbox & set(before.tags)
        correspondent = next(c for c in app.names.correspondents if c != before.correspondent)
        triage.draft.set("correspondent", correspondent)  # (what the picker does; the picker is tested apart)
        triage.draft = triage.draft
        await pilot.press("enter")
        await wait(pilot, app)
        fresh = await app.paperless.documents.filter({"id__in": str(first)}).page(1, page_size=1)
        after = fresh.results[0]
        assert after.correspondent == correspondent
        assert not inbox & set(after.tags)  # the inbox tag is off
        assert set(after.tags) == set(before.tags) - inbox  # and nothing else changed
        assert triage.current_id != first and f"{total - 1} left" in screen_text(app)
        await pilot.press("u")
        await wait(pilot, app)
        fresh = await app.paperless.documents.filter({"id__in": str(first)}).page(1, page_size=1)
        restored = fresh.results[0]
        assert set(restored.tags) == set(before.tags) and restored.correspondent == before.correspondent
        assert triage.current_id == first and f"{total} left" in screen_text(app)
        await pilot.press("escape")
        await wait(pilot, app)
        assert isinstance(app.screen, SearchScreen)


async def test_j_and_k_skip_and_a_suggestion_is_one_key(demo_http, demo_token, wait, screen_text):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 36)) as pilot:
        triage = await open_triage(pilot, app, wait)
        first = triage.current_id
        await pilot.press("j")
        await wait(pilot, app)
        second = triage.current_id
        assert second != first and "2 of" in screen_text(app)
        await pilot.press("k")
        await wait(pilot, app)
        assert triage.current_id == first
        # Find a document with suggestions and accept the first one with its number.
        for _ in range(len(triage.order)):
            if triage.draft.offers():
                break
            await pilot.press("j")
            await wait(pilot, app)
        offers = triage.draft.offers()
        if not offers:
            pytest.skip("the demo archive gave no suggestions")
        assert "[1]" in screen_text(app)
        await pilot.press("1")
        await wait(pilot, app)
        assert triage.draft.offers()[0].accepted
        assert "→" in screen_text(app)  # the values table shows the change to come


async def test_a_failed_save_keeps_the_choices(demo_app, demo_token, wait, screen_text):
    import httpx
    from starlette.responses import JSONResponse

    failing = {"on": False}

    async def app_with_faults(scope, receive, send):
        if failing["on"] and scope["type"] == "http" and scope["method"] == "PATCH":
            await JSONResponse({"detail": "boom"}, status_code=500)(scope, receive, send)
            return
        await demo_app(scope, receive, send)

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app_with_faults), base_url=DEMO) as http:
        app = make_app(http, demo_token)
        async with app.run_test(size=(120, 36)) as pilot:
            triage = await open_triage(pilot, app, wait)
            doc_id = triage.current_id
            correspondent = next(iter(app.names.correspondents))
            triage.draft.set("correspondent", correspondent)
            failing["on"] = True
            await pilot.press("enter")
            await wait(pilot, app)
            assert triage.current_id == doc_id  # still here
            assert triage.draft.values.correspondent == correspondent  # the choice is kept
            failing["on"] = False
            await pilot.press("enter")
            await wait(pilot, app)
            fresh = await app.paperless.documents.filter({"id__in": str(doc_id)}).page(1, page_size=1)
            assert fresh.results[0].correspondent == correspondent


async def test_pickers_and_a_typed_date_from_the_keyboard(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 36)) as pilot:
        triage = await open_triage(pilot, app, wait)
        doc_id = triage.current_id
        before = await app.paperless.documents(doc_id)
        name_id, name = next(
            (key, value)
            for key, value in sorted(app.names.correspondents.items())
            if key != before.correspondent
        )
        await pilot.press("c")
        await wait(pilot, app)
        await pilot.press(*name, "enter")
        await wait(pilot, app)
        await pilot.press("D")
        await wait(pilot, app)
        await pilot.press("ctrl+u", *"15.01.2024", "enter")
        await wait(pilot, app)
        await pilot.press("t")
        await wait(pilot, app)
        await pilot.press(*"Urgent triage", "enter")  # a new tag, created on the way
        await wait(pilot, app)
        assert triage.draft.values.correspondent == name_id
        await pilot.press("enter")
        await wait(pilot, app)
        fresh = (await app.paperless.documents.filter({"id__in": str(doc_id)}).page(1, page_size=1)).results[
            0
        ]
        assert fresh.correspondent == name_id
        assert fresh.created.isoformat().startswith("2024-01-15")
        new_tag = next(t for t in app.names.tags.values() if t.name == "Urgent triage")
        assert new_tag.id in fresh.tags


def test_triage_snapshot(snap_compare, demo_app, demo_token):
    import httpx

    client = httpx.AsyncClient(transport=httpx.ASGITransport(demo_app), base_url=DEMO)
    app = create_app(
        Connection(DEMO, demo_token, source="demo"), http_client=client, image_renderer="unicode"
    )

    async def settle(pilot) -> None:
        for _ in range(5):
            busy = [worker for worker in pilot.app.workers if worker.group != "flow"]
            if busy:
                await pilot.app.workers.wait_for_complete(busy)
            await pilot.pause()

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("I")
        await settle(pilot)
        await pilot.press("a")  # every suggestion accepted: the values table shows old → new
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)
