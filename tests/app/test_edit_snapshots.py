"""Snapshots of the writing side at 100x30: the note editor after a failed save (the draft kept, the
reason shown under it)."""

from __future__ import annotations

import contextlib

import httpx
from textual.worker import WorkerFailed

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection

DEMO = "http://demo.test"


def demo_app_with(middleware):
    client = httpx.AsyncClient(transport=httpx.ASGITransport(middleware), base_url=DEMO)
    return create_app(
        Connection(DEMO, "test-token", source="demo"), http_client=client, image_renderer="unicode"
    )


async def settle(pilot) -> None:
    for _ in range(4):
        busy = [worker for worker in pilot.app.workers if worker.group != "flow"]
        if busy:
            with contextlib.suppress(WorkerFailed):
                await pilot.app.workers.wait_for_complete(busy)
        await pilot.pause()


def test_note_editor_after_a_failed_save(snap_compare, demo_app):
    from test_notes import FailNotes  # (tests/app is on the path: no packages here)

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        pilot.app.screen.query_one("#note-text").insert(
            "Paid by transfer [b]ref 42[/b]\nsecond line \x1b[31m"
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        pilot.app.clear_notifications()  # (the toast says the same)
        await pilot.pause()

    assert snap_compare(demo_app_with(FailNotes(demo_app)), run_before=run_before, terminal_size=(100, 30))


def test_edit_form_with_field_errors(snap_compare, demo_app):
    async def run_before(pilot) -> None:
        from paperless_tui.app.screens.edit_document import EditDocumentScreen

        await settle(pilot)
        await pilot.press("e")
        for _ in range(50):
            await settle(pilot)
            if isinstance(pilot.app.screen, EditDocumentScreen):
                break
        form = pilot.app.screen
        form.query_one("#field-created").value = "31.02.2024"
        form.query_one("#field-asn").value = "twelve"
        await pilot.press("ctrl+s")
        await settle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(demo_app_with(demo_app), run_before=run_before, terminal_size=(100, 30))
