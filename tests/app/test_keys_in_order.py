"""Keys that arrive in one burst (fast typing, paste, a laggy link) go where focus is when each is handled."""

from __future__ import annotations

import asyncio

from textual import events
from textual.widgets import Input

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.dialogs.picker import PickerDialog
from paperless_tui.app.screens.login import LoginScreen
from paperless_tui.app.screens.search import SearchScreen

DEMO = "http://demo.test"
CHARACTERS = {"slash": "/", "tab": "\t", "enter": "\r", "space": " "}


def make_app(demo_http, token):
    return create_app(Connection(DEMO, token, source="demo"), http_client=demo_http, image_renderer="unicode")


def burst(app, *keys: str) -> None:
    """Post all `keys` to the app at once, as a terminal delivers a burst of bytes (no pause in between)."""
    for key in keys:
        for name in [key] if key in CHARACTERS else list(key):
            event = events.Key(name, CHARACTERS.get(name, name if len(name) == 1 else None))
            event.set_sender(app)
            app.post_message(event)


async def test_keys_after_slash_go_into_the_search_box(demo_http, demo_token, wait):
    app = create_app(
        Connection(DEMO, demo_token, source="demo"), http_client=demo_http, image_renderer="unicode"
    )
    async with app.run_test(size=(120, 30)) as pilot:
        await wait(pilot, app)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        chips = screen.state.chips
        burst(app, "slash", "invoice")
        await wait(pilot, app)
        assert screen.search_input.value == "invoice"
        assert screen.search_input.has_focus
        assert screen.state.chips[: len(chips)] == chips  # `i` did not toggle the inbox
        assert not isinstance(app.screen, PickerDialog)  # `v` did not open the saved views


async def test_slash_in_the_first_instant_still_gets_the_keys(demo_http, demo_token, wait):
    app = create_app(
        Connection(DEMO, demo_token, source="demo"), http_client=demo_http, image_renderer="unicode"
    )
    async with app.run_test(size=(120, 30)) as pilot:
        for _ in range(10_000):  # the search screen is there, its input not yet
            if isinstance(app.screen, SearchScreen):
                break
            await asyncio.sleep(0)
        screen = app.screen
        assert not screen.query("#search-input")
        burst(app, "slash", "invoice")  # before the search box is mounted
        await wait(pilot, app)
        assert screen.search_input.value == "invoice"
        assert not isinstance(app.screen, PickerDialog)


async def test_login_fields_typed_in_one_burst(demo_http, wait):
    app = create_app(Connection(DEMO, None, source="arguments"), http_client=demo_http)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, app)
        assert isinstance(app.screen, LoginScreen)
        username = app.screen.query_one("#login-username", Input)
        password = app.screen.query_one("#login-password", Input)
        burst(app, "bob", "tab", "bob")
        await wait(pilot, app)
        assert (username.value, password.value) == ("bob", "bob")


async def test_enter_in_the_username_moves_on_before_the_next_keys(demo_http, wait):
    app = create_app(Connection(DEMO, None, source="arguments"), http_client=demo_http)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, app)
        username = app.screen.query_one("#login-username", Input)
        password = app.screen.query_one("#login-password", Input)
        burst(app, "bob", "enter", "bob")
        await wait(pilot, app)
        assert (username.value, password.value) == ("bob", "bob")
