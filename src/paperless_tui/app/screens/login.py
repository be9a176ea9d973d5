"""The login screen: username and password -> a token from `POST /api/token/`, kept safely.

The request runs in a worker through the client; a refusal is shown inline and what was typed stays.
On success the token is stored (system keyring, else the 0600 config file) and the screen returns it.
The password field is masked; the token is never shown or logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Center, Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Header, Input, Label, LoadingIndicator, Static

from paperless_tui.app.commands import bindings
from paperless_tui.app.data.credentials import store_token
from paperless_tui.app.errors import Problem, describe
from paperless_tui.app.safe_text import inert
from paperless_tui.app.surface import AppScreen
from paperless_tui.app.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    pass


class LoginMessage(Static):
    """The inline line under the form: why the login failed, or what is happening."""

    text: reactive[str] = reactive("", layout=True)

    def render(self) -> Content:
        return inert(self.text, multiline=True)


@dataclass(frozen=True)
class LoginResult:
    """What the login screen ends with: the new token (None if cancelled) and the username typed."""

    token: str | None
    username: str = ""


class LoginScreen(AppScreen[LoginResult]):
    """Asks for a username and password for `url`; dismisses with a `LoginResult`."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("login")

    error: reactive[str] = reactive("")
    busy: reactive[bool] = reactive(False)

    @dataclass
    class Succeeded(Message):
        """A token was obtained (and stored)."""

        token: str
        stored_in: str | None
        username: str

    @dataclass
    class Failed(Message):
        """The server refused the login, or could not be reached."""

        problem: Problem

    def __init__(self, url: str, *, reason: str | None = None, username: str = "") -> None:
        super().__init__()
        self.url = url
        self.username = username
        self.error = reason or ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Center(id="login"), Vertical(id="login-form", classes="dialog"):
            yield Static(Content("Log in to Paperless-ngx"), classes="dialog-title")
            yield Static(inert(self.url), id="login-url")
            yield Label("Username")
            yield Input(self.username, placeholder="username", id="login-username")
            yield Label("Password")
            yield Input(placeholder="password", password=True, id="login-password")
            yield LoginMessage(id="login-error").data_bind(text=LoginScreen.error)
            with Horizontal(classes="dialog-buttons"):
                yield LoadingIndicator(id="login-busy")
                yield Button("Log in", id="login-submit", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#login-password" if self.username else "#login-username", Input).focus()

    def watch_busy(self, busy: bool) -> None:
        self.set_class(busy, "-busy")

    @on(Input.Submitted, "#login-username")
    def _username_entered(self) -> None:
        self.query_one("#login-password", Input).focus()

    @on(Input.Submitted, "#login-password")
    @on(Button.Pressed, "#login-submit")
    def _submit_requested(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        """Ask the server for a token with what was typed."""
        username = self.query_one("#login-username", Input).value.strip()
        password = self.query_one("#login-password", Input).value
        if not username or not password:
            self.error = "Type a username and a password."
            self.query_one("#login-password" if username else "#login-username", Input).focus()
            return
        self.error = ""
        self.busy = True
        self._login(username, password)

    def action_cancel(self) -> None:
        """Give up logging in."""
        self.workers.cancel_group(self, "login")
        self.dismiss(LoginResult(None, self.query_one("#login-username", Input).value))

    @work(exclusive=True, group="login", exit_on_error=False)
    async def _login(self, username: str, password: str) -> None:
        from paperless_tui.app.application import client_module

        app = self.app
        try:
            client = await client_module()
            token = await client.login(self.url, username, password, client=app.http_client)
            stored_in = None
            if app.connection.source != "demo":
                stored_in = store_token(app.config, self.url, token, profile=app.connection.profile)
        except Exception as error:  # shown in the form, where the user types again
            problem = describe(error, doing="Logging in")
            if problem.kind == "unexpected":
                raise  # a bug: the app's error route shows it
            self.post_message(self.Failed(problem))
            return
        self.post_message(self.Succeeded(token, stored_in, username))

    @on(Succeeded)
    def _succeeded(self, message: Succeeded) -> None:
        self.busy = False
        if message.stored_in:
            self.notify(f"Logged in. The token is kept in the {message.stored_in}.", markup=False, timeout=4)
        self.dismiss(LoginResult(message.token, message.username))

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.busy = False
        self.app.problems.append(message.problem)
        self.error = f"{message.problem.title}: {message.problem.message}"
        self.query_one("#login-password", Input).focus()
