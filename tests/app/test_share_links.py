"""The share links tab: `a` makes a link (expiry, file version), `c` copies its URL, `d`/delete deletes
it after one confirmation. The server's state is checked through the client."""

from __future__ import annotations

import datetime as dt

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.dialogs.confirm import Confirm
from paperless_tui.app.dialogs.picker import PickerDialog
from paperless_tui.app.dialogs.prompt import PromptDialog
from paperless_tui.app.models.share_expiry import date_problem, expiration_for
from paperless_tui.app.screens.document import DocumentScreen
from paperless_tui.app.widgets.share_links_view import ShareLinksView

DEMO = "http://demo.test"


def make_app(demo_http, token):
    return create_app(Connection(DEMO, token, source="demo"), http_client=demo_http, image_renderer="unicode")


async def links_of(app, doc_id):
    return await app.paperless.documents.share_links(doc_id)


async def open_share_links(pilot, app, wait, doc_id) -> ShareLinksView:
    await wait(pilot, app)
    app.screen.open_document(doc_id)
    await wait(pilot, app)
    assert isinstance(app.screen, DocumentScreen)
    await pilot.press("5")
    await wait(pilot, app)
    view = app.screen.query_one(ShareLinksView)
    assert view.has_focus
    return view


def test_expirations():
    now = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)
    assert expiration_for("never", now) is None
    assert expiration_for("7", now) == now + dt.timedelta(days=7)
    end = expiration_for("date", now, dt.date(2026, 12, 31))
    assert end is not None and end.date() == dt.date(2026, 12, 31) and end.hour == 23 and end.tzinfo
    assert (
        date_problem("2026-12-01", dt.date(2026, 12, 2))
        == "2026-12-01 has passed: give today or a later day."
    )
    assert "is not a date" in (date_problem("31.12.", dt.date(2026, 12, 2)) or "")
    assert date_problem("2026-12-02", dt.date(2026, 12, 2)) is None


async def test_add_copy_and_delete_a_link(demo_http, demo_token, wait, monkeypatch):
    app = make_app(demo_http, demo_token)
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(120, 34)) as pilot:
        await wait(pilot, app)
        doc_id = 3
        before = await links_of(app, doc_id)
        view = await open_share_links(pilot, app, wait, doc_id)
        # a: expiry "in 7 days", then the original file.
        await pilot.press("a")
        await wait(pilot, app)
        assert isinstance(app.screen, PickerDialog)
        await pilot.press("7", "enter")
        await wait(pilot, app)
        assert isinstance(app.screen, PickerDialog)
        await pilot.press(*"orig", "enter")
        await wait(pilot, app)
        assert isinstance(app.screen, DocumentScreen)
        after = await links_of(app, doc_id)
        assert len(after) == len(before) + 1
        new = next(link for link in after if link.id not in {old.id for old in before})
        assert new.file_version == "original"
        days = (new.expiration - dt.datetime.now(dt.UTC)).total_seconds() / 86400
        assert 6.9 < days <= 7.0
        assert view.links is not None and new.id in {link.id for link in view.links}
        # c: the highlighted link's public URL.
        view.highlighted = [link.id for link in view.links].index(new.id)
        await pilot.press("c")
        assert copied == [f"{DEMO}/share/{new.slug}"]
        # d, then n: nothing is deleted; d, then y: the link is gone on the server.
        await pilot.press("d")
        await wait(pilot, app)
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await wait(pilot, app)
        assert len(await links_of(app, doc_id)) == len(after)
        await pilot.press("delete")
        await wait(pilot, app)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await wait(pilot, app)
        assert {link.id for link in await links_of(app, doc_id)} == {link.id for link in before}
        assert new.id not in {link.id for link in view.links}
        assert not app.problems


async def test_a_link_expiring_on_a_date_and_a_bad_date_kept_open(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 34)) as pilot:
        await wait(pilot, app)
        await open_share_links(pilot, app, wait, 5)
        await pilot.press("a")
        await wait(pilot, app)
        await pilot.press(*"date", "enter")
        await wait(pilot, app)
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"2001-01-01", "enter")
        await wait(pilot, app)
        assert isinstance(app.screen, PromptDialog)  # the past: said, the dialog stays
        day = dt.date.today() + dt.timedelta(days=40)
        app.screen.query_one("#prompt-input").value = day.isoformat()
        await pilot.press("enter")
        await wait(pilot, app)
        await pilot.press(*"archive", "enter")
        await wait(pilot, app)
        links = await links_of(app, 5)
        dated = [
            link
            for link in links
            if link.expiration is not None and link.expiration.astimezone().date() == day
        ]
        assert len(dated) == 1 and dated[0].file_version == "archive"
