"""Start the app from the command line: `run(ns)` is called by `paperless_tui.cli.main`.

`--demo` starts the demo server on an ephemeral 127.0.0.1 port in a background thread with a random
token and runs the app against it; otherwise the connection comes from `--url/--token`, the
environment or a config profile (see `app.data.connection`). textual-image is never imported here:
the widgets that draw images import it lazily (it costs ~100 ms at start-up).
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
from typing import Any

from paperless_tui.app.data.config import Config, ConfigError, load_config
from paperless_tui.app.data.connection import Connection, resolve_connection


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


def _run_app(connection: Connection, config: Config, image_renderer: str) -> int:
    from paperless_tui.app.application import create_app

    app = create_app(connection, image_renderer=image_renderer, config=config)
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
