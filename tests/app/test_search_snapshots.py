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


def snapshot(snap_compare, demo_app, demo_token, *steps, size=SIZE, delay=0.0) -> bool:
    """Start the app, let it settle, press each group of keys in `steps` (settling after each), compare."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        for keys in steps:
            await pilot.press(*keys)
            if delay:
                await pilot.pause(delay)
            await settle(pilot)

    return snap_compare(
        demo_app_for_snapshot(demo_app, demo_token), terminal_size=size, run_before=run_before
    )


def test_search_screen_inbox(snap_compare, demo_app, demo_token):
    assert snapshot(snap_compare, demo_app, demo_token)


def test_search_screen_full_text_hits(snap_compare, demo_app, demo_token):
    assert snapshot(snap_compare, demo_app, demo_token, ("F", "slash", *"invoice", "enter"), ("j",))


def test_search_screen_at_80x24(snap_compare, demo_app, demo_token):
    assert snapshot(snap_compare, demo_app, demo_token, ("F",), size=(80, 24))


def test_document_screen_details(snap_compare, demo_app, demo_token):
    assert snapshot(snap_compare, demo_app, demo_token, ("enter",))


def test_document_screen_history(snap_compare, demo_app, demo_token):
    assert snapshot(snap_compare, demo_app, demo_token, ("enter",), ("4",))


def test_search_screen_preview_pane(snap_compare, demo_app, demo_token):
    assert snapshot(snap_compare, demo_app, demo_token, ("p",), delay=0.3)


def test_document_screen_content_find(snap_compare, demo_app, demo_token):
    assert snapshot(snap_compare, demo_app, demo_token, ("enter",), ("2", "slash", *"invoice", "enter"))


def test_page_preview(snap_compare, demo_app, demo_token):
    assert snapshot(snap_compare, demo_app, demo_token, ("P",))


def test_search_completion_menu(snap_compare, demo_app, demo_token):
    """The drop-down of completions for the word typed (the server's index terms)."""
    assert snapshot(snap_compare, demo_app, demo_token, ("slash", *"rech"), delay=0.3)


def test_document_download_progress(snap_compare, demo_app, demo_token):
    """The progress bar of a download (the state set directly: the looks, not the transfer, are
    compared here; test_document_download.py holds a real download half-way)."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        screen.cancel_hint = "x cancels"
        screen.download_progress = (1_234_567, 3_456_789)
        screen.status = "Downloading…"
        await pilot.pause()

    return_value = snap_compare(
        demo_app_for_snapshot(demo_app, demo_token), terminal_size=SIZE, run_before=run_before
    )
    assert return_value
