"""Inbox triage (`I`): one document at a time, suggestions accepted with one key, `enter` saves it in
one request with the inbox tag removed and moves on, `j`/`k` skip, `u` undoes; checked on the server."""

from __future__ import annotations

from tests.app import test_bulk_edits as edits
from tests.app.test_bulk_edits import docs, make_app, record_requests

from paperless_tui.app.screens.triage import TriageScreen

wait = edits.wait


async def test_triage_accepts_saves_in_one_request_removes_the_inbox_tag_and_undoes(
    demo_http, demo_token, wait, screen_text
):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(140, 36)) as pilot:
        await wait(pilot, app)
        search = app.screen
        assert [chip.key for chip in search.state.chips] == ["inbox"]
        total = search.result_set.total
        inbox = set(app.names.inbox_tags())
        await pilot.press("I")
        await wait(pilot, app)
        triage = app.screen
        assert isinstance(triage, TriageScreen) and len(triage.order) == total
        assert f"1 of {total} · {total} left" in screen_text(app)
        first = triage.order[0]
        await pilot.press("j", "k")  # skip forth and back
        await wait(pilot, app)
        assert triage.draft is not None and triage.current_id == first
        suggested = triage.draft.suggestions
        before = (await docs(app, [first]))[first]
        sent = record_requests(demo_http)
        await pilot.press("a", "enter")  # accept every suggestion, save
        await wait(pilot, app)
        assert [r for r in sent if r.method != "GET"] == [f"PATCH /api/documents/{first}/"]
        after = (await docs(app, [first]))[first]
        assert not (set(after.tags) & inbox)
        assert set(suggested.tags) - inbox <= set(after.tags)
        if suggested.correspondents:
            assert after.correspondent == suggested.correspondents[0]
        assert triage.index == 1 and f"{total - 1} left" in screen_text(app)
        await pilot.press("u")
        await wait(pilot, app)
        restored = (await docs(app, [first]))[first]
        assert set(restored.tags) == set(before.tags) and restored.correspondent == before.correspondent
        assert triage.index == 0
        await pilot.press("escape")
        await wait(pilot, app)
        assert app.screen is search and search.bulk_history.entries[-1].undone
        assert search.bulk_history.entries[-1].what.startswith("triage: ")
