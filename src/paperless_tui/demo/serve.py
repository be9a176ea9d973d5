"""Running the demo server: the `paperless-tui demo-server` command, and `running_server()` for tests."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from paperless_tui.demo.server import build_app


def _config(app: Any, host: str, port: int | None = None) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=host,
        port=port or 0,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=2,
    )


def serve(ns: argparse.Namespace) -> int:
    """The `demo-server` command: build the archive, print URL and token, serve until interrupted."""
    started = time.monotonic()
    app = build_app(
        token=ns.token,
        docs=ns.docs,
        seed=ns.seed,
        data_dir=ns.data,
        fail_rate=ns.fail_rate,
        latency_ms=ns.latency,
    )
    gc.collect()
    gc.freeze()  # (what the archive keeps lives as long as the server: no full collection walks it again)
    sock = socket.socket(
        socket.AF_INET6 if ":" in ns.host else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP
    )
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((ns.host, ns.port))
    except OSError as exc:
        print(f"demo-server: cannot listen on {ns.host}:{ns.port}: {exc.strerror or exc}")
        return 1
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    count = app.state.demo.store.q1(
        "SELECT COUNT(*) FROM docs WHERE root_document IS NULL AND deleted_at IS NULL"
    )[0]
    print(f"Paperless-ngx demo server ({count} documents, ready in {time.monotonic() - started:.1f} s)")
    print(f"  URL:   http://{shown}:{port}")
    print(f"  Token: {ns.token}")
    store_path = app.state.demo.store.path.parent
    print(f"  Data:  {store_path}" + ("" if ns.data else "  (temporary; --data DIR keeps it)"))
    print("  Users: admin/admin, bob/bob    (Ctrl+C to stop)", flush=True)
    server = uvicorn.Server(_config(app, ns.host, port))
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[sock])
    return 0


@contextmanager
def running_server(app: Any = None, **build_app_kwargs: Any) -> Iterator[str]:
    """uvicorn on 127.0.0.1:<ephemeral port> in a background thread; yields "http://127.0.0.1:PORT"."""
    if app is None:
        app = build_app(**build_app_kwargs)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # TCP: asyncio sets NODELAY
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(_config(app, "127.0.0.1", port))

    def run() -> None:
        asyncio.run(server.serve(sockets=[sock]))

    thread = threading.Thread(target=run, name=f"demo-server-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("demo server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
