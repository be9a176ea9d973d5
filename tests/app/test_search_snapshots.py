"""Snapshots of the search and document screens on the demo archive (fixed size, text image renderer).

`snap_compare` runs the app in its own event loop, so the in-process demo server is reached through an
httpx client created here (it binds to that loop on first use).
"""

from __future__ import annotations

import httpx

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection

DEMO = "http://demo.test"
SIZE = (110, 32)


def demo_app_for_snapshot(demo_app, demo_token):
    client = httpx.AsyncClient(transport=httpx.ASGITransport(demo_app), base_url=DEMO)
    return create_app(
        Connection(DEMO, demo_token, source="demo"), http_client=client, image_renderer="unicode"
    )


async def settle(pilot) -> None:
    for _ in range(5):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def test_search_screen_inbox(snap_compare, demo_app, demo_token):
    async def run_before(pilot) -> None:
        await settle(pilot)

    assert snap_compare(
        demo_app_for_snapshot(demo_app, demo_token), terminal_size=SIZE, run_before=run_before
    )


def test_search_screen_full_text_hits(snap_compare, demo_app, demo_token):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("F", "slash", *"invoice", "enter")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)

    assert snap_compare(
        demo_app_for_snapshot(demo_app, demo_token), terminal_size=SIZE, run_before=run_before
    )


def test_search_screen_at_80x24(snap_compare, demo_app, demo_token):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)

    assert snap_compare(
        demo_app_for_snapshot(demo_app, demo_token), terminal_size=(80, 24), run_before=run_before
    )


def test_document_screen_details(snap_compare, demo_app, demo_token):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(
        demo_app_for_snapshot(demo_app, demo_token), terminal_size=SIZE, run_before=run_before
    )


def test_document_screen_history(snap_compare, demo_app, demo_token):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)

    assert snap_compare(
        demo_app_for_snapshot(demo_app, demo_token), terminal_size=SIZE, run_before=run_before
    )


def test_search_screen_preview_pane(snap_compare, demo_app, demo_token):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("p")
        await pilot.pause(0.3)
        await settle(pilot)

    assert snap_compare(
        demo_app_for_snapshot(demo_app, demo_token), terminal_size=SIZE, run_before=run_before
    )


def test_document_screen_content_find(snap_compare, demo_app, demo_token):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("2", "slash", *"invoice", "enter")
        await settle(pilot)

    assert snap_compare(
        demo_app_for_snapshot(demo_app, demo_token), terminal_size=SIZE, run_before=run_before
    )


def test_page_preview(snap_compare, demo_app, demo_token):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)

    assert snap_compare(
        demo_app_for_snapshot(demo_app, demo_token), terminal_size=SIZE, run_before=run_before
    )
