"""Snapshots of the upload form, the tasks screen and the trash screen on the demo archive (fixed size).

The tasks screen polls for as long as it is shown, so these wait for what they show, not for every
worker to end."""

from __future__ import annotations

import httpx

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.screens import trash as trash_module
from paperless_tui.demo.generate import NOW

DEMO = "http://demo.test"
SIZE = (110, 32)


def app_for_snapshot(demo_app, demo_token):
    client = httpx.AsyncClient(transport=httpx.ASGITransport(demo_app), base_url=DEMO)
    return create_app(
        Connection(DEMO, demo_token, source="demo"), http_client=client, image_renderer="unicode"
    )


async def until(pilot, condition, rounds: int = 200) -> None:
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met")


async def started(pilot) -> None:
    app = pilot.app
    await until(
        pilot, lambda: app.paperless is not None and app.names.loaded and app.screen.total is not None
    )
    await app.workers.wait_for_complete()
    await pilot.pause()


def test_upload_form(snap_compare, demo_app, demo_token, tmp_path):
    (tmp_path / "scan-2024-01.pdf").write_bytes(b"%PDF-")
    (tmp_path / "scan-2024-02.pdf").write_bytes(b"%PDF-")

    async def run_before(pilot) -> None:
        await started(pilot)
        await pilot.press("plus")
        await pilot.pause()
        screen = pilot.app.screen
        screen.paths_input.value = "/tmp/archive-snapshot-folder-that-is-not-there/scan"
        await pilot.press("tab")  # nothing matches: said below the line
        screen.query_one("#upload-title").value = "Bank statement"
        await pilot.pause()

    assert snap_compare(app_for_snapshot(demo_app, demo_token), terminal_size=SIZE, run_before=run_before)


def test_tasks_screen(snap_compare, demo_app, demo_token):
    demo_app.state.demo.consume_delay = 0.01

    async def run_before(pilot) -> None:
        await started(pilot)
        paperless = pilot.app.paperless
        for name, data in (("letter.txt", b"plain text"), ("empty-ish.bin", b"\x00\x01")):
            task = await paperless.documents.save(paperless.documents.create(document=data, filename=name))
            await paperless.tasks.wait(task, max_wait=10, interval=0.05)
        await pilot.press("T")
        await until(pilot, lambda: getattr(pilot.app.screen, "polls", 0) >= 1)
        await pilot.pause(0.1)

    assert snap_compare(app_for_snapshot(demo_app, demo_token), terminal_size=SIZE, run_before=run_before)


def test_trash_screen(snap_compare, demo_app, demo_token, monkeypatch):
    monkeypatch.setattr(trash_module, "now", lambda: NOW)

    async def run_before(pilot) -> None:
        await started(pilot)
        await pilot.press("X")  # (the demo archive's trashed document, deleted days before NOW)
        await until(pilot, lambda: getattr(pilot.app.screen, "rows", None) is not None)
        await pilot.press("space")
        await pilot.pause()

    assert snap_compare(app_for_snapshot(demo_app, demo_token), terminal_size=SIZE, run_before=run_before)
