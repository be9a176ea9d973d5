"""Hostile server text is shown literally and can do nothing: no markup, no actions, no escape sequences."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Label, Static

from paperless_tui.app.dialogs.confirm import Confirm
from paperless_tui.app.dialogs.error import ErrorDialog
from paperless_tui.app.errors import describe
from paperless_tui.app.safe_text import clean, inert
from paperless_tui.client import exceptions as client_errors

MARKUP_PAYLOADS = ["[@click=app.quit]x[/]", "report [/b] 2024", "[$var]", "[bold red]loud[/]"]
CONTROL_PAYLOADS = {
    "osc-title": ("\x1b]2;pwned\x07", "␛]2;pwned␇"),
    "sgr-red": ("\x1b[31mred", "␛[31mred"),
    "c1-csi": ("a\x9b31mb", "a\ufffd31mb"),
    "bidi": ("abc\u202edef", "abc\ufffddef"),
    "del": ("x\x7fy", "x␡y"),
}


@pytest.mark.parametrize("payload", MARKUP_PAYLOADS)
def test_markup_stays_literal(payload):
    assert clean(payload) == payload
    assert inert(payload).plain == payload
    assert isinstance(inert(payload), Content)
    assert inert(payload).spans == []


@pytest.mark.parametrize(("payload", "shown"), CONTROL_PAYLOADS.values(), ids=CONTROL_PAYLOADS.keys())
def test_control_characters_become_visible_symbols(payload, shown):
    assert clean(payload) == shown
    cleaned = clean(payload)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in cleaned)


def test_newlines_only_kept_when_asked():
    assert clean("a\nb\r\nc") == "a␊b␍␊c"
    assert clean("a\nb\r\nc", multiline=True) == "a\nb\nc"
    assert clean(None) == ""
    assert clean(42) == "42"


ALL = [*MARKUP_PAYLOADS, *(payload for payload, _ in CONTROL_PAYLOADS.values())]


class Harness(App[None]):
    """Server text in the places the app shows it: Static, Label, a toast, dialogs."""

    def compose(self) -> ComposeResult:
        for index, payload in enumerate(ALL):
            yield Static(inert(payload), id=f"static-{index}")
        yield Label(inert(" ".join(ALL)), id="label")


@pytest.fixture
def assert_inert_on_screen(screen_text, terminal_output):
    def check(app: App) -> None:
        output = terminal_output(app)
        assert "\x1b]2;pwned" not in output  # the OSC never reaches the terminal ...
        assert "\x9b" not in output
        assert "\x1b[31mred" not in output
        text = screen_text(app)
        assert "␛]2;pwned␇" in text or "pwned" not in text  # ... it is shown as symbols when visible

    return check


async def test_payloads_in_widgets_are_literal_and_click_does_nothing(screen_text, assert_inert_on_screen):
    app = Harness()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        for payload in MARKUP_PAYLOADS:
            assert payload in text
        assert "␛[31mred" in text and "a\ufffd31mb" in text
        assert_inert_on_screen(app)
        # Clicking the would-be link runs nothing.
        await pilot.click("#static-0", offset=(1, 0))
        await pilot.click("#label", offset=(1, 0))
        await pilot.pause()
        assert app.is_running and app.return_code is None


async def test_payloads_in_toast_error_dialog_and_confirm(screen_text, assert_inert_on_screen):
    app = Harness()
    async with app.run_test(size=(120, 40)) as pilot:
        hostile = " ".join(ALL)
        app.notify(clean(hostile), title="x", markup=False)
        error = client_errors.ForbiddenError(hostile, status=403, body={"detail": hostile})
        problem = describe(error)
        assert problem.detail.count("␛]2;pwned␇") >= 1
        await app.push_screen(ErrorDialog(problem))
        await pilot.pause()
        text = screen_text(app)
        assert "[@click=app.quit]x[/]" in text
        assert "report [/b] 2024" in text
        assert_inert_on_screen(app)
        await pilot.press("escape")
        app.push_screen(Confirm(hostile, hostile))
        await pilot.pause()
        assert "[$var]" in screen_text(app)
        assert_inert_on_screen(app)
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running


async def test_hostile_server_messages_through_the_apps_error_handler(
    demo_http, screen_text, assert_inert_on_screen, wait
):
    from paperless_tui.app.application import create_app
    from paperless_tui.app.data.connection import Connection

    hostile = " ".join(ALL)
    app = create_app(Connection("http://demo.test", None), http_client=demo_http)
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # no login: the app idles

        async def forbidden() -> None:
            raise client_errors.ForbiddenError(hostile, status=403)

        app.run_worker(forbidden(), exit_on_error=False)  # as every worker of the app
        await wait(pilot, app)
        assert app.problems[-1].kind == "permission"
        (toast,) = app._notifications
        assert "[@click=app.quit]x[/]" in toast.message and "\x1b" not in toast.message
        assert not toast.markup
        await pilot.pause(0.2)
        assert "report [/b] 2024" in screen_text(app)  # the toast, drawn literally
        assert_inert_on_screen(app)

        async def garbage() -> None:
            raise client_errors.MalformedJsonError(hostile, status=200, body=hostile)

        app.run_worker(garbage(), exit_on_error=False)
        await wait(pilot, app)
        assert isinstance(app.screen, ErrorDialog)
        assert "[$var]" in screen_text(app)
        assert_inert_on_screen(app)
        await pilot.click("#error-message", offset=(1, 0))
        await pilot.press("escape")
        await wait(pilot, app)
        assert app.is_running and app.return_code is None
