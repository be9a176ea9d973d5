"""Downloads from the document screen show progress, can be cancelled, and leave no part file behind.

The demo app answers through a transport that sends file bodies in chunks, each one released by the
test, so the screen can be looked at half-way through a download."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import httpx
import pytest

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.dialogs.picker import PickerDialog
from paperless_tui.app.dialogs.prompt import PromptDialog
from paperless_tui.app.screens.document import DocumentScreen
from paperless_tui.app.widgets.download_bar import DownloadBar, human_bytes

DEMO = "http://demo.test"
CHUNK = 4096


class GatedBody(httpx.AsyncByteStream):
    """`data` in chunks of 4 KiB; each chunk waits for the test to release it."""

    def __init__(self, data: bytes, gate: asyncio.Semaphore) -> None:
        self.data = data
        self.gate = gate

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for start in range(0, len(self.data), CHUNK):
            await self.gate.acquire()
            yield self.data[start : start + CHUNK]


class SlowFiles(httpx.AsyncBaseTransport):
    """The demo app; file downloads come chunk by chunk as the test releases them."""

    def __init__(self, app) -> None:
        self.inner = httpx.ASGITransport(app)
        self.gate = asyncio.Semaphore(0)
        self.sizes: list[int] = []

    def release(self, chunks: int) -> None:
        for _ in range(chunks):
            self.gate.release()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if not request.url.path.endswith("/download/"):
            return response
        data = await response.aread()
        self.sizes.append(len(data))
        headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
        headers.append(("content-length", str(len(data))))
        return httpx.Response(response.status_code, headers=headers, stream=GatedBody(data, self.gate))


def saves_folder(tmp_path):
    folder = tmp_path / "saves"
    folder.mkdir()
    return folder


def active_binding_ids(screen) -> set[str]:
    return {active.binding.id for active in screen.active_bindings.values() if active.enabled}


async def start_save(pilot, app, folder) -> None:
    await pilot.press("s")
    assert isinstance(app.screen, PickerDialog)
    await pilot.press("enter")  # the archive version
    assert isinstance(app.screen, PromptDialog)
    app.screen.query_one("#prompt-input").value = str(folder)
    await pilot.press("enter")


async def until(pilot, condition, what: str) -> None:
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.02)
    pytest.fail(f"timed out waiting for {what}")


@contextlib.asynccontextmanager
async def saving(demo_app, demo_token, wait, folder):
    """The app on document 1, `s` pressed and answered (archive version, into `folder`), its download
    request at the server and no byte released yet: yields the pilot, the screen and the transport."""
    transport = SlowFiles(demo_app)
    async with httpx.AsyncClient(transport=transport, base_url=DEMO) as http:
        connection = Connection(DEMO, demo_token, source="demo")
        app = create_app(connection, http_client=http, image_renderer="unicode")
        async with app.run_test(size=(120, 34)) as pilot:
            await wait(pilot, app)
            app.screen.open_document(1)
            await wait(pilot, app)
            screen = app.screen
            assert isinstance(screen, DocumentScreen)
            assert not screen.query_one(DownloadBar).has_class("-active")
            await start_save(pilot, app, folder)
            await until(pilot, lambda: bool(transport.sizes), "the download request")
            yield pilot, screen, transport


async def test_progress_is_shown_and_the_file_appears_only_when_complete(
    demo_app, demo_token, wait, tmp_path, screen_text
):
    tmp_path = saves_folder(tmp_path)
    async with saving(demo_app, demo_token, wait, tmp_path) as (pilot, screen, transport):
        app = pilot.app
        bar = screen.query_one(DownloadBar)
        size = transport.sizes[0]
        assert size > 3 * CHUNK
        transport.release(2)
        await until(pilot, lambda: screen.download_progress == (2 * CHUNK, size), "progress after 2 chunks")
        assert bar.has_class("-active")
        text = screen_text(app)
        assert f"{human_bytes(2 * CHUNK)} of {human_bytes(size)}" in text
        assert "x cancels" in text
        assert "document.cancel_download" in active_binding_ids(screen)
        # Half-way: only our hidden part file is in the folder.
        names = [p.name for p in tmp_path.iterdir()]
        assert len(names) == 1 and names[0].startswith(".paperless-tui-1-") and names[0].endswith(".part")
        transport.release(10_000)
        await until(pilot, lambda: screen.download_progress is None, "the end of the download")
        await wait(pilot, app)
        saved = list(tmp_path.iterdir())
        assert len(saved) == 1 and not saved[0].name.startswith(".")
        assert saved[0].stat().st_size == size and saved[0].read_bytes()[:4] == b"%PDF"
        assert not bar.has_class("-active") and "x cancels" not in screen_text(app)
        assert "document.cancel_download" not in active_binding_ids(screen)
        assert not app.problems


@pytest.mark.parametrize("key", ["x", "escape"])
async def test_cancel_or_leave_half_way_leaves_nothing(
    demo_app, demo_token, wait, tmp_path, screen_text, key
):
    """`x` cancels the download; `escape` leaves the screen, which cancels it too: no file either way."""
    tmp_path = saves_folder(tmp_path)
    async with saving(demo_app, demo_token, wait, tmp_path) as (pilot, screen, transport):
        app = pilot.app
        transport.release(1)
        await until(pilot, lambda: bool(screen.download_progress and screen.download_progress[0]), "progress")
        await pilot.press(key)
        await until(pilot, lambda: not list(tmp_path.iterdir()), "the part file to go")
        if key == "x":
            await wait(pilot, app)
            assert screen.download_progress is None and app.screen is screen
            assert "Download cancelled" in screen_text(app)
        else:
            assert not isinstance(app.screen, DocumentScreen)
        assert not app.problems


def test_human_bytes():
    assert human_bytes(0) == "0 B"
    assert human_bytes(999) == "999 B"
    assert human_bytes(1_500) == "1.5 kB"
    assert human_bytes(3_400_000) == "3.4 MB"
    assert human_bytes(12_000_000_000) == "12.0 GB"
