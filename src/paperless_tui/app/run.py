"""Start the app from the command line: `run(ns)` is called by `paperless_tui.cli.main`.

`--demo` starts the demo server on an ephemeral 127.0.0.1 port in a background thread with a random
token and runs the app against it; otherwise the connection comes from `--url/--token`, the
environment or a config profile (see `app.data.connection`).

textual-image learns what the terminal can draw (sixel, kitty graphics, cell size in pixels) by asking it
when its renderers are imported, which only works before `App.run()` takes over stdin. So for the
renderers that need it (`auto`, `kitty`, `sixel`) on a real terminal, that import runs in a background
thread while the app's own modules load, and is joined just before `app.run()`; the image widgets then
find the answers cached. For `halfcell`, `unicode` and `none` it is never imported here.

A terminal that answers none of those queries costs each of them its full timeout (about half a second in
all, more than the app's own start-up), so `auto` only asks where the environment says the terminal may
draw pixels (kitty, WezTerm, ghostty, iTerm2, foot, Konsole, ...: `graphics_terminal_likely`) and takes
half cells, which every colour terminal draws, elsewhere. `--image-renderer kitty|sixel` always asks.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import secrets
import sys
import threading
from collections.abc import Mapping
from typing import Any

from paperless_tui.app.data.config import Config, ConfigError, load_config
from paperless_tui.app.data.connection import Connection, resolve_connection
from paperless_tui.app.startup.first_page import send_first_request


class DemoOnFirstRequest:
    """An ASGI app that builds the demo archive on its first request.

    The server is listening at once, so the app's first frame (with its "Connecting…" view) does not
    wait the half second or so the archive takes to build.
    """

    def __init__(self, **build_app_kwargs: Any) -> None:
        self._kwargs = build_app_kwargs
        self._app: Any = None
        self._lock: asyncio.Lock | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self._app is None:
            self._lock = self._lock or asyncio.Lock()
            async with self._lock:
                if self._app is None:
                    from paperless_tui.demo.server import build_app

                    self._app = await asyncio.to_thread(build_app, **self._kwargs)
        await self._app(scope, receive, send)


PROBING_RENDERERS = ("auto", "kitty", "sixel")
"""Renderers that need textual-image to ask the terminal about itself before the app starts."""
PROBE_JOIN_SECONDS = 3.0
"""At most this long is waited for the terminal's answers (each query of textual-image times out sooner)."""


_GRAPHICS_TERMS = ("kitty", "ghostty", "wezterm", "foot", "mlterm", "contour", "mintty", "yaft", "rio")
_GRAPHICS_PROGRAMS = ("wezterm", "iterm.app", "ghostty", "mintty", "konsole", "rio", "vscode", "warpterminal")
_GRAPHICS_VARIABLES = ("KITTY_WINDOW_ID", "WEZTERM_EXECUTABLE", "GHOSTTY_RESOURCES_DIR", "KONSOLE_VERSION")


def graphics_terminal_likely(env: Mapping[str, str]) -> bool:
    """Whether the environment names a terminal that may draw kitty or sixel graphics.

    `TERM` survives SSH, so `xterm-kitty` and friends are recognised on a remote host too.
    """
    term = env.get("TERM", "").lower()
    program = env.get("TERM_PROGRAM", "").lower()
    return (
        any(name in term for name in _GRAPHICS_TERMS)
        or program in _GRAPHICS_PROGRAMS
        or any(env.get(name) for name in _GRAPHICS_VARIABLES)
    )


def effective_renderer(image_renderer: str, env: Mapping[str, str]) -> str:
    """`auto` becomes `halfcell` where no graphics-capable terminal is likely (no terminal queries then)."""
    if image_renderer == "auto" and not graphics_terminal_likely(env):
        return "halfcell"
    return image_renderer


def _probe_terminal() -> None:
    """Import textual-image's renderables (the import asks the terminal for sixel / kitty graphics
    support) and fill its cell-size cache, so the image widgets imported later need no terminal query."""
    # Unanswered queries are logged as warnings with tracebacks: not on the user's terminal.
    logging.getLogger("textual_image").addHandler(logging.NullHandler())
    try:
        import textual_image.renderable  # noqa: F401  (its import does the detection)
        from textual_image._terminal import get_cell_size

        get_cell_size()
    except Exception:  # no answer or no terminal: the widgets fall back on their own
        logging.getLogger(__name__).debug("terminal probe failed", exc_info=True)


def start_terminal_probe(image_renderer: str) -> threading.Thread | None:
    """Start `_probe_terminal` in a thread if `image_renderer` needs it and stdout is a terminal."""
    stdout = sys.__stdout__
    if image_renderer not in PROBING_RENDERERS or stdout is None or not stdout.isatty():
        return None
    thread = threading.Thread(target=_probe_terminal, name="terminal-probe", daemon=True)
    thread.start()
    return thread


def _run_app(connection: Connection, config: Config, image_renderer: str) -> int:
    image_renderer = effective_renderer(image_renderer, os.environ)
    early = send_first_request(connection, os.environ)  # answered while the imports below run
    probe = start_terminal_probe(image_renderer)  # overlaps the app's imports below
    from paperless_tui.app.application import create_app

    app = create_app(connection, image_renderer=image_renderer, config=config, early=early)
    if probe is not None:
        probe.join(PROBE_JOIN_SECONDS)  # before Textual reads stdin
    app.run()
    return app.return_code or 0


def run(ns: argparse.Namespace) -> int:
    """Run the app for the parsed command line; returns the process exit code."""
    try:
        config = load_config()
        image_renderer = ns.image_renderer if ns.image_renderer != "auto" else config.image_renderer
        if ns.demo:
            from paperless_tui.demo.serve import running_server

            token = secrets.token_urlsafe(24)
            with running_server(app=DemoOnFirstRequest(token=token)) as url:
                return _run_app(Connection(url=url, token=token, source="demo"), config, image_renderer)
        connection = resolve_connection(config, url=ns.url, token=ns.token, profile=ns.profile)
    except ConfigError as error:
        print(f"paperless-tui: {error}", file=sys.stderr)
        return 2
    return _run_app(connection, config, image_renderer)
