"""The app shell against the demo server: connecting, errors, login, keys, help, palette, theme."""

from __future__ import annotations

import stat

import pytest
from textual.widgets import Input
from textual.worker import WorkerState

from paperless_tui.app.application import PaperlessApp, create_app
from paperless_tui.app.data.config import Profile, load_config
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.data.locations import config_file
from paperless_tui.app.dialogs.error import ErrorDialog
from paperless_tui.app.screens.help import HelpScreen
from paperless_tui.app.screens.login import LoginScreen
from paperless_tui.app.screens.search import SearchScreen
from paperless_tui.client import Paperless

DEMO = "http://demo.test"


async def leave_login(pilot, app) -> None:
    """Start without a token and cancel the login: the app idles with nothing focused, no network."""
    await pilot.pause()
    assert isinstance(app.screen, LoginScreen)
    await pilot.press("escape")
    await pilot.pause()


async def test_connects_and_shows_the_main_screen(demo_http, demo_token, wait):
    app = create_app(Connection(DEMO, demo_token, source="demo"), http_client=demo_http)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, app)
        assert app.connected
        assert isinstance(app.paperless, Paperless)
        assert isinstance(app.screen, SearchScreen)
        assert not app.problems
    assert app.paperless is None  # closed on unmount


async def test_bad_token_asks_to_log_in_and_the_app_keeps_working(demo_http, wait, screen_text):
    app = create_app(Connection(DEMO, "wrong-token", source="arguments"), http_client=demo_http)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, app)
        assert app.is_running and not app.connected
        assert app.problems[-1].kind == "bad-token"
        assert isinstance(app.screen, LoginScreen)
        assert "did not accept the API token" in screen_text(app)
        await pilot.press(*"bob", "escape")  # give up logging in: the app still answers keys
        await wait(pilot, app)
        assert "Not logged in" in screen_text(app)
        await pilot.press("l")
        await wait(pilot, app)
        assert isinstance(app.screen, LoginScreen)
        assert app.screen.query_one("#login-username", Input).value == "bob"  # nothing typed is lost
        assert app.screen.query_one("#login-password", Input).has_focus


async def test_server_down_gives_a_clear_message_and_retry(closed_port_url, wait, screen_text):
    app = create_app(Connection(closed_port_url, "some-token", source="arguments"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, app)
        assert app.is_running and not app.connected
        problem = app.problems[-1]
        assert problem.kind == "server-down"
        assert "Cannot reach 127.0.0.1" in problem.message
        assert "Server down" in screen_text(app)
        assert [n.message for n in app._notifications] == [problem.message]  # a toast, not a traceback
        assert app.check_action("retry", ()) is True
        await pilot.press("r")
        await wait(pilot, app)
        assert len(app.problems) == 2 and app.is_running


async def test_a_server_that_never_answers_times_out(monkeypatch, wait, screen_text):
    import socket

    from paperless_tui.app import application

    monkeypatch.setattr(application, "CONNECT_TIMEOUT", 0.5)
    with socket.socket() as listener:  # accepts connections (backlog) but never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        app = create_app(Connection(f"http://127.0.0.1:{listener.getsockname()[1]}", "t"))
        async with app.run_test(size=(80, 24)) as pilot:
            await wait(pilot, app)
            assert app.problems[-1].kind == "timeout"
            assert "did not answer in time" in screen_text(app)
            assert app.check_action("retry", ()) is True


async def test_login_against_the_demo_server_stores_the_token(demo_http, demo_token, wait, screen_text):
    app = create_app(Connection(DEMO, None, source="arguments"), http_client=demo_http)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, app)
        assert isinstance(app.screen, LoginScreen)
        await pilot.press(*"admin", "enter", *"nope", "enter")
        await wait(pilot, app)
        assert "Login failed" in screen_text(app)
        assert "Wrong username or password" in screen_text(app)
        username = app.screen.query_one("#login-username", Input)
        password = app.screen.query_one("#login-password", Input)
        assert (username.value, password.value) == ("admin", "nope")  # nothing typed is lost
        assert "nope" not in screen_text(app)  # the password is masked
        await pilot.press(*["backspace"] * 4, *"admin", "enter")
        await wait(pilot, app)
        assert app.connected
        assert app.connection.token == demo_token
        assert isinstance(app.screen, SearchScreen)
        assert demo_token not in screen_text(app)
    config = load_config()
    assert config.profile().token == demo_token  # no keyring here: the 0600 config file
    assert config.profile().url == DEMO
    assert stat.S_IMODE(config_file().stat().st_mode) == 0o600


async def test_log_out_forgets_the_token(demo_http, demo_token, wait):
    app = create_app(Connection(DEMO, None, source="arguments"), http_client=demo_http)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, app)
        await pilot.press(*"admin", "tab", *"admin", "enter")
        await wait(pilot, app)
        assert app.connected and load_config().profile().token == demo_token
        commands = [command.title for command in app.get_system_commands(app.screen)]
        assert "Log out" in commands
        await pilot.press("ctrl+p", *"log out")
        await wait(pilot, app)
        await pilot.press("enter")
        await wait(pilot, app)
        assert isinstance(app.screen, LoginScreen)
        assert not app.connected and app.paperless is None
        assert load_config().profile().token is None
        await pilot.press(*"admin", "tab", *"admin", "enter")  # and back in
        await wait(pilot, app)
        assert app.connected and isinstance(app.screen, SearchScreen)
        assert len(app.screen_stack) == 2


async def test_login_uses_the_keyring_when_there_is_one(demo_http, demo_token, memory_keyring, wait):
    app = create_app(Connection(DEMO, None, source="arguments"), http_client=demo_http)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, app)
        await pilot.press(*"admin", "tab", *"admin", "enter")
        await wait(pilot, app)
        assert app.connected
    assert memory_keyring.secrets == {("paperless-tui", DEMO): demo_token}
    assert demo_token not in config_file().read_text()


async def test_single_letter_keys_type_into_inputs(demo_http, wait):
    app = create_app(Connection(DEMO, None, source="arguments"), http_client=demo_http)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, app)
        await pilot.press("question_mark", "r", "l", "q")
        await wait(pilot, app)
        assert isinstance(app.screen, LoginScreen)
        assert app.screen.query_one("#login-username", Input).value == "?rlq"
        await pilot.press("f1")  # F1 is not a character: it still opens the help
        await wait(pilot, app)
        assert isinstance(app.screen, HelpScreen)


async def test_worker_failures_become_messages_not_tracebacks(demo_http, demo_token, wait, screen_text):
    app = create_app(Connection(DEMO, demo_token, source="demo"), http_client=demo_http)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait(pilot, app)
        paperless = app.paperless

        async def missing_document() -> None:
            await paperless.documents(999_999)

        app.screen.run_worker(missing_document(), group="t1", exit_on_error=False)  # as the app's own
        await wait(pilot, app)
        assert app.is_running
        assert app.problems[-1].kind == "not-found"
        assert [n.title for n in app._notifications] == ["Not found"]  # a toast

        async def with_a_revoked_token() -> None:
            async with Paperless(DEMO, "revoked", client=demo_http) as other:
                await other.documents(1)

        worker = app.screen.run_worker(with_a_revoked_token(), group="t2", exit_on_error=False)
        await wait(pilot, app)
        assert worker.state == WorkerState.ERROR
        # Every worker runs with exit_on_error=False: the one route (surface.WorkerErrors) reports it ...
        assert len(app.problems) == 2
        app.report_error(worker.error)
        app.report_error(worker.error)  # ... once, however often
        await wait(pilot, app)
        assert len(app.problems) == 2
        assert app.problems[-1].kind == "bad-token"
        assert isinstance(app.screen, ErrorDialog)  # ... a dialog with the full detail
        assert "InvalidTokenError" in screen_text(app)
        await pilot.press("c")
        assert "InvalidTokenError" in app.clipboard
        assert "revoked" not in app.clipboard  # never the token
        await pilot.press("escape")
        await wait(pilot, app)
        assert isinstance(app.screen, SearchScreen)


async def test_keymap_from_the_config_file_remaps_keys(demo_http, wait):
    config = load_config()
    config.keymap = {"app.help": "f2", "app.toggle_theme": "ctrl+y"}
    app = create_app(Connection(DEMO, None), http_client=demo_http, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await leave_login(pilot, app)
        await pilot.press("question_mark")
        await wait(pilot, app)
        assert not isinstance(app.screen, HelpScreen)  # ? no longer opens the help ...
        await pilot.press("f2")
        await wait(pilot, app)
        assert isinstance(app.screen, HelpScreen)  # ... f2 does
        keys = {entry.description: entry.keys for entry in app.screen.entries}
        assert keys["Help"] == ("f2",)  # and the help says so
        assert keys["Light/dark"] == ("^y",)


async def test_help_lists_the_live_bindings(closed_port_url, wait, screen_text):
    app = create_app(Connection(closed_port_url, "t", source="arguments"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, app)
        await pilot.press("question_mark")
        await wait(pilot, app)
        assert isinstance(app.screen, HelpScreen)
        entries = {entry.description: entry for entry in app.screen.entries}
        assert entries["Retry"].keys == ("r",)  # offered because connecting failed
        assert entries["Quit"].binding_id == "app.quit"
        text = screen_text(app)
        assert "Retry" in text and "app.toggle_theme" in text
        await pilot.press("escape")
        await wait(pilot, app)
        app.action_login()
        await wait(pilot, app)
        await pilot.press("f1")
        await wait(pilot, app)
        descriptions = [entry.description for entry in app.screen.entries]
        assert "Cancel" in descriptions and "Log in" in descriptions  # the login screen's own keys
        assert descriptions.index("Cancel") < descriptions.index("Quit")  # innermost first
        assert "Retry" not in descriptions  # only what works here


async def test_palette_runs_bound_actions(demo_http, wait):
    app = create_app(Connection(DEMO, None), http_client=demo_http)
    async with app.run_test(size=(80, 24)) as pilot:
        await leave_login(pilot, app)
        theme = app.theme
        await pilot.press("ctrl+p")
        await wait(pilot, app)
        await pilot.press(*"light/dark")
        await wait(pilot, app)
        await pilot.press("enter")
        await wait(pilot, app)
        assert app.theme != theme
        assert load_config().theme == app.theme  # remembered


async def test_theme_toggle_is_remembered(demo_http, wait):
    config_file().parent.mkdir(parents=True, exist_ok=True)
    config_file().write_text("# mine\nmy_own_key = 1  # the app does not know it\n", encoding="utf-8")
    app = create_app(Connection(DEMO, None), http_client=demo_http)
    async with app.run_test(size=(80, 24)) as pilot:
        await leave_login(pilot, app)
        assert app.current_theme.dark
        await pilot.press("ctrl+t")
        await wait(pilot, app)
        assert not app.current_theme.dark
    again = create_app(Connection(DEMO, None), http_client=demo_http)
    assert again.theme == "textual-light"
    # The user's file was edited, not rewritten: comments and unknown keys are still there.
    text = config_file().read_text(encoding="utf-8")
    assert text.startswith("# mine\nmy_own_key = 1  # the app does not know it\n")
    assert 'theme = "textual-light"' in text


async def test_token_refused_mid_session_offers_a_new_login(demo_http, demo_token, wait):
    app = create_app(Connection(DEMO, demo_token, source="arguments"), http_client=demo_http)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, app)
        main = app.screen
        assert app.check_action("login", ()) is False

        async def revoked() -> None:
            async with Paperless(DEMO, "revoked", client=demo_http) as other:
                await other.documents(1)

        app.screen.run_worker(revoked(), exit_on_error=False)
        await wait(pilot, app)
        assert isinstance(app.screen, ErrorDialog)
        assert "Press l to log in" in app.screen.problem.message
        await pilot.press("escape", "l")
        await wait(pilot, app)
        assert isinstance(app.screen, LoginScreen)
        await pilot.press(*"admin", "tab", *"admin", "enter")
        await wait(pilot, app)
        assert app.connected and app.screen is main  # the same main screen carries on
        assert len(app.screen_stack) == 2
        assert app.check_action("login", ()) is False


async def test_a_bad_theme_or_a_key_clash_in_the_config_is_a_warning(demo_http, wait):
    config = load_config()
    config.theme = "no-such-theme"
    config.keymap = {"app.help": "ctrl+t"}  # ctrl+t is already the theme toggle
    app = create_app(Connection(DEMO, None), http_client=demo_http, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await leave_login(pilot, app)
        await wait(pilot, app)
        titles = [n.title for n in app._notifications]
        messages = " ".join(n.message for n in app._notifications)
        assert "Unknown theme 'no-such-theme'" in messages
        assert "Key clash" in titles and "app.help" in messages
        assert app.is_running


async def test_the_same_problem_twice_is_one_toast(demo_http, wait):
    app = create_app(Connection(DEMO, None), http_client=demo_http)
    async with app.run_test(size=(80, 24)) as pilot:
        await leave_login(pilot, app)
        for _ in range(3):
            app.report_error(ConnectionRefusedError("refused"))
        await wait(pilot, app)
        assert len(app.problems) == 3
        assert [n.title for n in app._notifications] == ["Server down"]


async def test_a_broken_config_file_is_ignored_with_a_warning(demo_http, wait):
    config_file().write_text("theme = [")
    app = create_app(Connection(DEMO, None), http_client=demo_http)
    async with app.run_test(size=(80, 24)) as pilot:
        await leave_login(pilot, app)
        assert [n.title for n in app._notifications] == ["Config file ignored"]
        assert app.is_running


def test_default_view_comes_from_the_profile():
    config = load_config()
    config.profiles["home"] = Profile(name="home", url="http://h.example", default_view="Inbox")
    app = create_app(Connection("http://h.example", "t", source="profile", profile="home"), config=config)
    assert app.config.default_view(app.connection.profile) == "Inbox"
    other = create_app(Connection("http://x.example", "t"), config=config)
    assert other.config.default_view(other.connection.profile) is None


def test_the_app_class_is_what_create_app_builds(closed_port_url):
    app = create_app(Connection(closed_port_url, "t"), image_renderer="halfcell")
    assert isinstance(app, PaperlessApp)
    assert app.image_renderer == "halfcell"


async def test_server_gone_mid_session_is_a_message_and_the_app_goes_on(demo_token, wait, screen_text):
    from paperless_tui.demo.serve import running_server

    server = running_server(token=demo_token, docs=20, seed=1)
    url = server.__enter__()
    try:
        app = create_app(Connection(url, demo_token, source="demo"))
        async with app.run_test(size=(80, 24)) as pilot:
            await wait(pilot, app)
            assert app.connected and isinstance(app.screen, SearchScreen)
            server.__exit__(None, None, None)  # the server goes away under the app
            server = None

            async def fetch() -> None:
                await app.paperless.documents(1)

            app.screen.run_worker(fetch(), exit_on_error=False)
            await wait(pilot, app)
            assert app.is_running
            assert app.problems[-1].kind == "server-down"
            assert isinstance(app.screen, SearchScreen)
    finally:
        if server is not None:
            server.__exit__(None, None, None)


async def test_the_palette_offers_every_live_binding(demo_http, demo_token, wait):
    from paperless_tui.app.providers.bindings import BindingCommands, live_bindings

    app = create_app(Connection(DEMO, demo_token, source="demo"), http_client=demo_http)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait(pilot, app)
        assert isinstance(app.screen, SearchScreen)
        provider = BindingCommands(app.screen)
        offered = {str(hit.text) async for hit in provider.discover()}
        entries = live_bindings(app.screen)
        live = {e.description for e in entries if e.enabled and e.action != "command_palette"}
        assert live and offered == live
        assert {"Quit", "Help", "Light/dark", "Refresh"} <= offered


@pytest.fixture
def plain_http_url(tmp_path):
    """A plain web server on 127.0.0.1 (like `python3 -m http.server`): 404 for every /api/ path."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads, server.block_on_close = True, False  # kept-alive connections do not hold it
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


async def test_a_web_server_that_is_not_paperless_says_so_and_offers_another_url(
    plain_http_url, closed_port_url, wait, screen_text
):
    app = create_app(Connection(plain_http_url, "some-token", source="arguments"))
    async with app.run_test(size=(100, 24)) as pilot:
        await wait(pilot, app)
        assert app.is_running and not app.connected and app.connect_failed
        problem = app.problems[-1]
        assert problem.kind == "not-paperless"
        assert problem.message == "No Paperless-ngx API at this URL (HTTP 404 on /api/ui_settings/)."
        text = screen_text(app)
        assert "No Paperless-ngx API" in text and "u to change the URL" in text
        assert "Loading" not in text and "It is not there" not in text
        assert app.check_action("retry", ()) and app.check_action("change_url", ())
        await pilot.press("u")
        await pilot.pause()
        app.screen.query_one(Input).value = closed_port_url
        await pilot.press("enter")
        await wait(pilot, app)
        assert app.connection.url == closed_port_url
        assert app.problems[-1].kind == "server-down"
