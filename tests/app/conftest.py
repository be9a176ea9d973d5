"""Fixtures for the app's tests: keep the developer's machine (config, keyring, env, blink) out of them."""

from __future__ import annotations

import contextlib

import pytest
from textual.reactive import reactive
from textual.widgets import Input, TextArea

from paperless_tui.app.data import credentials


@pytest.fixture(autouse=True)
def isolated_config(tmp_path, monkeypatch):
    """Config and data folders under tmp_path; no server settings leak in from the environment."""
    config_dir = tmp_path / "config"
    monkeypatch.setenv("PAPERLESS_TUI_CONFIG_DIR", str(config_dir))
    monkeypatch.delenv("PAPERLESS_TUI_DATA_DIR", raising=False)
    for name in ("PAPERLESS_URL", "PAPERLESS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    return config_dir


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch):
    """The system keyring is never touched: by default there is none."""
    monkeypatch.setattr(credentials, "keyring_backend", lambda: None)


@pytest.fixture(autouse=True)
def fixed_time_zone(monkeypatch):
    """Local times are shown in UTC, whatever the machine's zone (snapshots stay the same)."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch):
    """Cursors do not blink, so screens look the same every time."""
    for widget in (Input, TextArea):
        steady = reactive(False, init=False)
        steady.__set_name__(widget, "cursor_blink")
        monkeypatch.setattr(widget, "cursor_blink", steady)


class MemoryKeyring:
    """A keyring backend that keeps secrets in a dict (stands in for the system keyring in tests)."""

    def __init__(self) -> None:
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture
def memory_keyring(monkeypatch):
    """A usable keyring that lives in memory."""
    keyring = MemoryKeyring()
    monkeypatch.setattr(credentials, "keyring_backend", lambda: keyring)
    return keyring


def _screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def _terminal_output(app) -> str:
    update = app.screen._compositor.render_full_update()
    return update.render_segments(app.console)


@pytest.fixture
def screen_text():
    """screen_text(app): everything on the app's screen as plain text, one line per row."""
    return _screen_text


@pytest.fixture
def terminal_output():
    """terminal_output(app): what the app would write to draw its screen (escape sequences included)."""
    return _terminal_output


@pytest.fixture(autouse=True)
def unexpected_errors_fail_tests(monkeypatch):
    """A bug in a worker (not a server/network problem) fails the test instead of showing a dialog."""
    from paperless_tui.app.application import PaperlessApp

    monkeypatch.setattr(PaperlessApp, "raise_unexpected", True)


DEMO_BASE_URL = "http://demo.test"


@pytest.fixture
async def demo_http(demo_app):
    """An httpx client wired to the in-process demo app (closed after the test)."""
    import httpx

    async with httpx.AsyncClient(transport=httpx.ASGITransport(demo_app), base_url=DEMO_BASE_URL) as client:
        yield client


@pytest.fixture
def closed_port_url():
    """The URL of a 127.0.0.1 port nothing listens on (connection refused)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


MODAL_FLOW_GROUPS = frozenset({"flow"})


async def settle(pilot, app, rounds: int = 4) -> None:
    """Let workers finish and the screen catch up."""
    from textual.worker import WorkerFailed

    for _ in range(rounds):
        # A modal flow's worker waits for the user (a picker on screen): not something to wait for.
        busy = [worker for worker in app.workers if worker.group not in MODAL_FLOW_GROUPS]
        if busy:  # (an empty list would wait for every worker, the modal flows too)
            with contextlib.suppress(WorkerFailed):  # failures are the app's business, shown to the user
                await app.workers.wait_for_complete(busy)
        await pilot.pause()


@pytest.fixture
def wait():
    """await wait(pilot, app): let workers finish and messages be handled."""
    return settle
