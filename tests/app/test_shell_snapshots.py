"""Snapshots of the shell's own screens at 80x24: login, a failed login, help, and the error dialog.

They start without a token and stay off the search screen, so only the shell's code shapes them.
`snap_compare` runs the app in its own event loop; the httpx client to the in-process demo server is
created here and binds to that loop on first use.
"""

from __future__ import annotations

import contextlib

import httpx
from textual.worker import WorkerFailed

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection

DEMO = "http://demo.test"


def login_app(demo_app):
    client = httpx.AsyncClient(transport=httpx.ASGITransport(demo_app), base_url=DEMO)
    return create_app(Connection(DEMO, None, source="arguments"), http_client=client)


async def settle(pilot) -> None:
    for _ in range(4):
        with contextlib.suppress(WorkerFailed):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def test_login_screen(snap_compare, demo_app):
    assert snap_compare(login_app(demo_app), run_before=settle)


def test_login_failed_keeps_what_was_typed(snap_compare, demo_app):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(*"admin", "tab", *"wrong", "enter")
        await settle(pilot)

    assert snap_compare(login_app(demo_app), run_before=run_before)


def test_help_screen(snap_compare, demo_app):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("escape", "f1")
        await settle(pilot)

    assert snap_compare(login_app(demo_app), run_before=run_before)


def test_error_dialog(snap_compare, demo_app):
    async def run_before(pilot) -> None:
        from paperless_tui.client import Paperless

        app = pilot.app
        await settle(pilot)
        await pilot.press("escape")

        async def revoked() -> None:
            async with Paperless(DEMO, "revoked", client=app.http_client) as other:
                await other.documents(1)

        app.run_worker(revoked(), exit_on_error=False)
        await settle(pilot)

    assert snap_compare(login_app(demo_app), run_before=run_before)
