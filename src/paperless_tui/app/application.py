"""The Textual application: connects to the server, then shows the search screen; owns the client.

When the search screen's first request was answered before start (`app.first_page`), the search screen
goes up at once with those rows and the app connects behind it; the connecting view is built only if
it is ever seen (connecting failed, logged out).

`create_app()` is the one way to build the app, in production (`app.run`) and in tests, which inject an
`httpx.AsyncClient` on the in-process demo server. The app connects in a worker while a loading view
shows, asks for a login when there is no token (or the token is refused), reports every failure through
`report_error()` (one place, see `app.errors`), applies the user's theme and keymap, and closes the
client when it unmounts.
"""

from __future__ import annotations

import asyncio
import importlib
import shutil
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.content import Content
from textual.dom import DOMNode
from textual.message import Message
from textual.reactive import reactive, var
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Header, Static
from textual.worker import Worker, WorkerFailed, WorkerState

from paperless_tui.app.commands import bindings
from paperless_tui.app.data.config import Config, ConfigError, load_config, save_config
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.data.credentials import forget_token
from paperless_tui.app.data.locations import config_file
from paperless_tui.app.data.names import NamesLoaded, NamesStore, SavedViewsLoaded
from paperless_tui.app.data.state import StateStore
from paperless_tui.app.errors import NoPaperlessApi, Problem, describe
from paperless_tui.app.key_order import KeysInOrder
from paperless_tui.app.models.document_change import DocumentChange
from paperless_tui.app.models.lookups import Lookups
from paperless_tui.app.models.recent_documents import RecentDocuments
from paperless_tui.app.models.result_set import ResultRow
from paperless_tui.app.providers.bindings import BindingCommands
from paperless_tui.app.safe_text import clean, inert
from paperless_tui.app.startup import collector as startup_gc
from paperless_tui.app.startup.first_page import EarlyRequest, FirstPage, FirstRequest, first_request
from paperless_tui.app.widgets.key_footer import KeyFooter

if TYPE_CHECKING:  # the client (pydantic models) and httpx are imported in the connect worker, after the
    import httpx  # first frame is on screen: they cost about a second of start-up

    from paperless_tui.app.screens.login import LoginResult
    from paperless_tui.client import Paperless

CONNECT_TIMEOUT = 20.0
"""Seconds the first contact with the server may take, retries included, before the app says so."""
MAIN_SCREEN_MODULE = "paperless_tui.app.screens.search"
STARTUP_SECONDS = 15.0
"""Start-up is over after this long at the latest, whatever happened (see `PaperlessApp.started`)."""
DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


def stylesheets() -> list[Path]:
    """The app's `.tcss` files: `app.tcss` first, then every other one in `styles/`, by name."""
    here = Path(__file__).resolve().parent.parent  # .../paperless_tui
    for folder in (here / "styles", here.parent.parent / "styles"):  # installed wheel, source tree
        if (folder / "app.tcss").is_file():
            others = sorted(path for path in folder.glob("*.tcss") if path.name != "app.tcss")
            return [folder / "app.tcss", *others]
    return []


class ConnectionStatus(Static):
    """What the app is doing (with the seconds waited so far), or why it could not connect.

    A once-a-second count rather than an animated spinner: a spinner repaints many times a second and
    slows the client's import and the first request by most of a second on a busy machine.
    """

    message: reactive[str] = reactive("", layout=True)
    waited: reactive[int] = reactive(0, layout=True)

    def render(self) -> Content:
        waited = f"  {self.waited} s" if self.waited else ""
        return inert(f"{self.message}{waited}", multiline=True)


class PaperlessApp(KeysInOrder, App[int]):
    """A keyboard-driven client for a Paperless-ngx archive."""

    TITLE = "Paperless"
    CSS_PATH: ClassVar[list[str | PurePath]] = [*stylesheets()]
    COMMANDS: ClassVar[set[Any]] = {*App.COMMANDS, BindingCommands}
    BINDINGS: ClassVar[list[BindingType]] = bindings("app")

    raise_unexpected: ClassVar[bool] = False
    """Tests set this: an unexpected error in a worker (a bug) then fails the test instead of a dialog."""

    connected: reactive[bool] = reactive(False, bindings=True)
    connect_failed: reactive[bool] = reactive(False, bindings=True)
    status: reactive[str] = reactive("")
    waited: reactive[int] = reactive(0)
    """Seconds spent connecting so far (shown so a slow server never looks like a frozen screen)."""
    token_refused: reactive[bool] = reactive(False, bindings=True)
    """The server refused the token (at connect or mid-session): `l` offers a new login."""
    names: var[Lookups] = var(Lookups, always_update=True)
    """The server's names (tags, correspondents, ...): every screen showing names watches this."""
    saved_views: var[tuple[Any, ...]] = var(())
    names_failed: var[bool] = var(False)
    document_changed: var[DocumentChange | None] = var(None, always_update=True)
    """The last write to a document (a note, a metadata save): the screens showing it watch this."""
    """The last load of the names failed (the lists show no correspondent, type or tag names)."""
    """The server's saved views, in its order."""

    @dataclass
    class Connected(Message):
        """The connect worker has a working client."""

        paperless: Paperless

    def __init__(
        self,
        connection: Connection,
        *,
        http_client: httpx.AsyncClient | None = None,
        image_renderer: str = "auto",
        config: Config | None = None,
        early: EarlyRequest | None = None,
    ) -> None:
        super().__init__()
        self.connection = connection
        self._early = early
        self.http_client = http_client
        self.image_renderer = image_renderer
        self._scratch: Path | None = None
        self._config_error: str | None = None
        if config is None:
            try:
                config = load_config()
            except ConfigError as error:  # start anyway, without the broken file's settings
                self._config_error = str(error)
                config = Config(path=config_file())
        self.config = config
        self.paperless: Paperless | None = None
        self.names_store = NamesStore(self)
        self.recent_documents = RecentDocuments()  # shown at once when opened again
        """Loads `names` and `saved_views` (see `data.names`)."""
        self.state_store = StateStore(connection.state_key)
        """The remembered state of this profile (filters, sort, query), saved off the event loop."""
        self.problems: deque[Problem] = deque(maxlen=50)
        """Every problem reported, newest last (the error dialog's `ctrl+e` shows the last one)."""
        self._remember_theme = False
        self._main_screen_shown = False
        self._first_page: FirstPage | PendingFirstPage | PendingEarlyPage | None = None
        self._early_pending: EarlyRequest | None = None
        self._client_ready = asyncio.Event()  # set while `paperless` is connected
        self._shown_before_connected = False  # the search screen went up with early rows
        self._start_done = False
        self._username = ""  # kept between login attempts: nothing typed is lost
        self._ticker: Timer | None = None
        self._toasts_up: dict[str, float] = {}  # message -> when its toast goes away
        self._bad_theme = bool(self.config.theme) and self.config.theme not in self.available_themes
        self._clashes_reported: set[tuple[str, ...]] = set()
        if self.config.theme and not self._bad_theme:
            self.theme = self.config.theme

    # --- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        early, self._early = self._early, None
        page = early.page() if early is not None and self.connection.token else None
        if page is not None:  # the search screen goes up at once with those rows (`on_mount`); this
            self._first_page = page  # view is built only if it is ever seen (`_ensure_connecting_view`)
            return
        self._early_pending = early if self.connection.token else None  # its answer is on its way
        yield from self._connecting_view()

    def _connecting_view(self) -> list[Widget]:
        """Title, what the app is doing (or why it could not connect), keys."""
        status = ConnectionStatus(id="connecting-status").data_bind(
            message=PaperlessApp.status, waited=PaperlessApp.waited
        )
        box = Center(Vertical(status, id="connecting-box"), id="connecting")
        return [Header(), box, KeyFooter()]

    def _ensure_connecting_view(self) -> None:
        """Build the connecting view if start-up skipped it (early rows): it is about to be seen."""
        base = self.screen_stack[0]
        if not base.query("#connecting"):
            base.mount_all(self._connecting_view())

    def on_mount(self) -> None:
        self.set_timer(STARTUP_SECONDS, self.started)
        self._remember_theme = True
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        if self._config_error:
            message = clean(self._config_error)
            self.notify(message, title="Config file ignored", severity="warning", markup=False)
        if self._bad_theme:
            known = ", ".join(sorted(self.available_themes))
            theme = clean(self.config.theme)
            self.notify(f"Unknown theme {theme!r} in the config file; known: {known}.", markup=False)
        self.sub_title = "demo archive" if self.connection.source == "demo" else clean(self.connection.url)
        if self.connection.token:
            self.status = f"Connecting to {self.connection.url} …"
            if isinstance(self._first_page, FirstPage):
                # The first request, sent before Textual loaded, is answered: the search screen shows
                # those rows in the first frame, while the client loads and connects behind it.
                self._main_screen_shown = self._shown_before_connected = True
                self.push_screen(main_screen())
            self.call_after_refresh(self.connect)  # the first frame goes out before the client is imported
        else:
            self.status = f"Log in to {self.connection.url}"
            self.action_login()

    def started(self) -> None:
        """Start-up is over (first results drawn, a login asked for, or connecting failed): the garbage
        collector paused for it restarts (`app.startup.collector`), or, while early rows are up and the
        client still loads, once it has connected. Called more than once, it does nothing more."""
        self._start_done = True
        if not self._shown_before_connected or self.connect_failed:
            startup_gc.resume()

    def scratch_folder(self) -> Path:
        """A private temporary folder for files handed to the system's viewer; removed when the app exits."""
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="paperless-tui-"))
        return self._scratch

    async def on_unmount(self) -> None:
        await asyncio.to_thread(self.state_store.flush)
        await self._close_client()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    async def _close_client(self) -> None:
        self._client_ready.clear()
        paperless, self.paperless = self.paperless, None
        if paperless is not None:
            await paperless.close()

    def watch_connect_failed(self, failed: bool) -> None:
        self.set_class(failed, "-connect-failed")

    def watch_theme(self, theme: str) -> None:
        if self._remember_theme and self.config.theme != theme:
            self.config.theme = theme
            try:
                save_config(self.config)
            except OSError as error:
                self.notify(f"Could not save the theme: {clean(error)}", severity="warning", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return not self.connected and self.connect_failed
        if action == "change_url":
            return not self.connected and self.connect_failed and self.connection.source != "demo"
        if action == "login":
            return (not self.connected or self.token_refused) and self.connection.source != "demo"
        return True

    # --- connecting ------------------------------------------------------------------------------

    def connect(self) -> None:
        """Connect with the current connection (start or retry)."""
        self.connected = False
        self.connect_failed = False
        self.status = f"Connecting to {self.connection.url} …"
        self.waited = 0
        if self._ticker is not None:
            self._ticker.stop()
        self._ticker = self.set_interval(1.0, self._tick)
        self._connect_worker()

    def _tick(self) -> None:
        if (self.connected or self.connect_failed) and self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
            self.waited = 0
        else:
            self.waited += 1

    @work(exclusive=True, group="connect", exit_on_error=False)
    async def _connect_worker(self) -> None:
        await self._close_client()
        client = await client_module()  # imported off the event loop, after the first frame
        paperless = client.Paperless(
            self.connection.url, self.connection.token or "", client=self.http_client
        )
        # The first results page is asked for alongside the token check instead of after it; the main
        # screen's module loads (in a thread) once the check has passed, while the page may still be on
        # its way. Loaded alongside the requests, the import held the interpreter lock while they were
        # being sent, and delayed them by a tenth of a second.
        # An early request whose answer had not come by the first frame is still on its way: it is waited
        # for rather than sent again through the client (at 100k documents its answer takes a while).
        early, self._early_pending = self._early_pending, None
        first_page: PendingFirstPage | PendingEarlyPage | None = None
        if not self._main_screen_shown:
            first_page = (
                self._await_early(early) if early is not None else self._request_first_page(paperless)
            )
        try:
            # Checks the server and the token and negotiates the API version; a server that accepts the
            # connection but never answers would otherwise keep the app waiting through every retry.
            await asyncio.wait_for(paperless.initialize(), CONNECT_TIMEOUT)
            if paperless.settings is None and paperless.transport.server_api_version is None:
                # The settings were not found, and the answer had none of the API's headers: another
                # web server (or a wrong path), whose 404s would otherwise leave every list loading.
                path = urlsplit(self.connection.url).path.rstrip("/") + "/api/ui_settings/"
                raise NoPaperlessApi(self.connection.url, 404, path)
        except BaseException:
            if first_page is not None:  # its own failure (the same refused token) is not reported twice
                first_page.task.cancel()
            await paperless.close()
            raise
        if MAIN_SCREEN_MODULE not in sys.modules:
            await asyncio.to_thread(importlib.import_module, MAIN_SCREEN_MODULE)
        if first_page is not None:
            self._first_page = first_page
        self.post_message(self.Connected(paperless))

    def _await_early(self, early: EarlyRequest) -> PendingEarlyPage:
        """Wait (in a thread) for the answer to the request sent before start."""
        task = asyncio.create_task(asyncio.to_thread(early.wait_page, CONNECT_TIMEOUT))
        task.add_done_callback(_retrieve)
        return PendingEarlyPage(early.request, task)

    def _request_first_page(self, paperless: Paperless) -> PendingFirstPage:
        """Start the search screen's first request (remembered search, else the inbox)."""
        request = first_request(self.state_store.get())
        task = asyncio.create_task(
            paperless.documents.filter(request.params, fields=list(request.fields)).page(
                1, page_size=request.page_size
            )
        )
        task.add_done_callback(_retrieve)  # an unused, failed task must not log "never retrieved"
        return PendingFirstPage(request, paperless, task)

    async def first_results(
        self, params: dict[str, str], fields: list[str], page_size: int
    ) -> tuple[int, list[ResultRow]] | None:
        """The count and rows of the first results page if it was asked for already (before start, or
        while connecting) with exactly this request; None otherwise. Once only."""
        first, self._first_page = self._first_page, None
        if first is None:
            return None
        if isinstance(first, FirstPage):
            return (first.count, first.rows) if first.request.matches(params, fields, page_size) else None
        if isinstance(first, PendingEarlyPage):
            if not first.request.matches(params, fields, page_size):
                return None
            early_page = await first.task
            return (early_page.count, early_page.rows) if early_page is not None else None
        if first.paperless is self.paperless and first.request.matches(params, fields, page_size):
            page = await first.task
            return page.count, [ResultRow.from_document(doc) for doc in page.results]
        first.task.cancel()
        return None

    async def wait_for_client(self) -> Paperless:
        """The connected client, once there is one (the search screen may be up before it is)."""
        while self.paperless is None:
            await self._client_ready.wait()
        return self.paperless

    @on(NamesLoaded)
    def _names_loaded(self, message: NamesLoaded) -> None:
        self.names = message.lookups
        self.names_failed = False

    @on(SavedViewsLoaded)
    def _saved_views_loaded(self, message: SavedViewsLoaded) -> None:
        self.saved_views = tuple(message.views)

    @on(Connected)
    def _connected(self, message: Connected) -> None:
        self.paperless = message.paperless
        self._client_ready.set()
        self.connected = True
        self.token_refused = False
        self.status = f"Connected to {self.connection.url}"
        if self._shown_before_connected:  # the search screen is up already, with the early rows
            self._shown_before_connected = False
            if self._start_done:
                startup_gc.resume()
        elif self._main_screen_shown:  # logged in again mid-session: the screens carry on with the new client
            self.notify("Connected again.", markup=False, timeout=3)
        else:
            self._main_screen_shown = True
            self.push_screen(main_screen())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The app's own workers (connecting) fail here; those of screens and widgets reach
        `worker_failed` through their `surface.WorkerErrors`."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.worker_failed(event.worker)

    def worker_failed(self, worker: Worker[Any]) -> None:
        """The one route of worker failures (every worker runs with `exit_on_error=False`): the error
        becomes an in-app message, never a traceback."""
        error = worker.error
        if error is None:
            return
        if worker.group == "names" and worker.node is self:
            self.names_failed = True
        if worker.group != "connect" or worker.node is not self:
            self.report_error(error)
            return
        if self._shown_before_connected:  # early rows were up: back to the connecting view
            self._shown_before_connected = self._main_screen_shown = False
            while len(self.screen_stack) > 1:
                self.pop_screen()
            self._ensure_connecting_view()
        self.connect_failed = True
        self.started()
        doing = f"Connecting to {self.connection.url}"
        problem = describe(error, doing=doing)
        if problem.kind == "bad-token" and self.connection.source != "demo":
            self.problems.append(problem)
            self.token_refused = True
            self.status = f"{problem.title}: {problem.message}\n(press l to log in, ctrl+q to quit)"
            self.action_login(problem.message)
            return
        problem = self.report_error(error, doing=doing)
        keys = "r to retry, u to change the URL" if self.connection.source != "demo" else "r to retry"
        self.status = f"{problem.title}: {problem.message}\n(press {keys}, ctrl+q to quit)"

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_change_url(self) -> None:
        """Ask for another server URL and connect to it (the token is kept; a refused one asks to log in)."""
        from paperless_tui.app.dialogs.prompt import PromptDialog

        prompt = PromptDialog(
            "Paperless-ngx URL",
            placeholder="https://paperless.example.org",
            pattern=r"https?://\S+",
            hint="The address of the web UI, starting with http:// or https://.",
        )
        url = await self.push_screen_wait(prompt)
        if not url or self.connected:
            return
        self.connection = replace(self.connection, url=url.strip().rstrip("/"))
        self.sub_title = clean(self.connection.url)
        self.connect()

    def action_retry(self) -> None:
        """Try to connect again."""
        if not self.connected:
            self.connect()

    def action_login(self, reason: str | None = None) -> None:
        """Ask for a username and password and get a new token."""
        from paperless_tui.app.screens.login import LoginScreen

        self.started()
        if isinstance(self.screen, LoginScreen):
            return
        login = LoginScreen(self.connection.url, reason=reason, username=self._username)
        self.push_screen(login, self._logged_in)

    def _logged_in(self, result: LoginResult | None) -> None:
        token = result.token if result else None
        self._username = result.username if result else self._username
        if token:
            self.connection = self.connection.with_token(token)
            self.connect()
        elif not self.connected:
            self.connect_failed = True
            self.status = f"Not logged in to {self.connection.url}\n(press l to log in, ctrl+q to quit)"

    # --- errors ----------------------------------------------------------------------------------

    def report_error(self, error: BaseException, *, doing: str | None = None) -> Problem:
        """Show `error` to the user: a toast for passing problems, a dialog with copyable detail otherwise.

        Safe to call more than once with the same exception: it is shown once.
        """
        if isinstance(error, WorkerFailed):
            error = error.error
        already: Problem | None = getattr(error, "_paperless_tui_problem", None)
        if already is not None:
            return already
        problem = describe(error, doing=doing)
        if problem.kind == "unexpected" and self.raise_unexpected:
            raise error  # a bug, under test: fail the test (Textual shows the traceback and exits)
        if problem.kind == "bad-token" and self.connected and self.connection.source != "demo":
            problem = replace(problem, message=f"{problem.message} Press l to log in.")
        with suppress(AttributeError):  # remember it was shown, so a second report shows nothing
            error._paperless_tui_problem = problem  # type: ignore[attr-defined]
        self.problems.append(problem)
        if problem.kind == "bad-token":
            self.token_refused = True
        from paperless_tui.app.dialogs.error import ErrorDialog  # (not needed for the first frame)

        if problem.transient or isinstance(self.screen, ErrorDialog):
            now, timeout = time.monotonic(), 8 if problem.severity == "error" else 5
            if self._toasts_up.get(problem.message, 0.0) > now:
                return problem  # the same toast is still up (several requests failed the same way)
            self._toasts_up = {message: until for message, until in self._toasts_up.items() if until > now}
            self._toasts_up[problem.message] = now + timeout
            self.notify(
                problem.message, title=problem.title, severity=problem.severity, markup=False, timeout=timeout
            )
        else:
            self.push_screen(ErrorDialog(problem))
        return problem

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.connection.source != "demo" and self.connected:
            yield SystemCommand(
                "Log out", "Forget the token saved for this server and log in again", self.logout
            )

    def logout(self) -> None:
        """Forget the stored token of this server, drop the connection and show the login screen."""
        forget_token(self.config, self.connection.url)
        self.connection = Connection(
            url=self.connection.url,
            token=None,
            source=self.connection.source,
            profile=self.connection.profile,
        )
        self.connected = False
        self._main_screen_shown = False
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self._ensure_connecting_view()
        self.call_later(self._close_client)
        self.status = f"Logged out of {self.connection.url}"
        self.action_login()

    def action_show_last_error(self) -> None:
        """Show the detail of the last problem reported."""
        from paperless_tui.app.dialogs.error import ErrorDialog

        if self.problems:
            self.push_screen(ErrorDialog(self.problems[-1]))
        else:
            self.notify("No errors so far.", markup=False, timeout=2)

    # --- comfort ---------------------------------------------------------------------------------

    def action_help(self) -> None:
        """Show every key that works here."""
        from paperless_tui.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_theme(self) -> None:
        """Switch between a light and a dark theme."""
        current = self.current_theme
        self.theme = DARK_THEME if current.dark is False else LIGHT_THEME

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: DOMNode) -> None:
        """Say once when the [keymap] gives one key to two actions (the first one defined wins)."""
        ids = tuple(sorted(binding.id or binding.action for binding in clashed_bindings))
        if ids not in self._clashes_reported:
            self._clashes_reported.add(ids)
            keys = ", ".join(sorted({binding.key for binding in clashed_bindings}))
            self.notify(
                f"[keymap]: {keys} is bound to {' / '.join(ids)}; change one of them in the config file.",
                title="Key clash",
                severity="warning",
                markup=False,
            )


@dataclass(frozen=True)
class PendingFirstPage:
    """The first request, sent by the client while connecting: what was asked, by which client."""

    request: FirstRequest
    paperless: Paperless
    task: asyncio.Task[Any]


@dataclass(frozen=True)
class PendingEarlyPage:
    """The request sent before start, not answered by the first frame: the wait for its answer."""

    request: FirstRequest
    task: asyncio.Task[FirstPage | None]


def _retrieve(task: asyncio.Task[Any]) -> None:
    if not task.cancelled():
        task.exception()


async def client_module() -> ModuleType:
    """`paperless_tui.client` with its HTTP client and models imported (in a thread, the first time:
    the screen keeps answering keys meanwhile)."""
    if "paperless_tui.client.client" not in sys.modules:
        await asyncio.to_thread(importlib.import_module, "paperless_tui.client.client")
    return importlib.import_module("paperless_tui.client")


def main_screen() -> Screen[Any]:
    """The screen shown once connected: the search screen."""
    from paperless_tui.app.screens.search import SearchScreen

    return SearchScreen()


def create_app(
    connection: Connection,
    *,
    http_client: httpx.AsyncClient | None = None,
    image_renderer: str = "auto",
    config: Config | None = None,
    early: EarlyRequest | None = None,
) -> PaperlessApp:
    """Build the app for `connection`. Tests pass an `http_client` bound to the in-process demo server.
    `early`: the first request, sent before start (`app.first_page.send_first_request`)."""
    return PaperlessApp(
        connection, http_client=http_client, image_renderer=image_renderer, config=config, early=early
    )


__all__ = ["PaperlessApp", "create_app", "stylesheets"]
