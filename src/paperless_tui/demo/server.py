"""The demo server's ASGI app: `build_app(...)` wires the archive store, the routes and fault injection.

Without `data_dir` a fresh archive lives in a temporary folder (removed when the app is garbage-collected);
with `data_dir` the SQLite archive and the rendered-file cache persist there across restarts. Start-up never
renders files: they are made lazily (render.py) and cached on disk.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import shutil
import sqlite3
import tempfile
import threading
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from paperless_tui.demo.routes import api_routes
from paperless_tui.demo.routes.common import NOT_FOUND_HTML
from paperless_tui.demo.routes.faults import FaultMiddleware
from paperless_tui.demo.store import Store

DEFAULT_DOCS = 250
DEFAULT_SEED = 1
DB_NAME = "demo.sqlite3"

_TEMPLATES: dict[tuple[int, int], Path] = {}
_TEMPLATE_LOCK = threading.Lock()
_TEMPLATE_DIR: Path | None = None


@dataclass
class DemoState:
    """Everything the views share: the store, the admin token, background jobs."""

    store: Store
    token: str
    seed: int
    jobs: set[Any] = field(default_factory=set)
    consume_delay: float = 0.3


def _generate(seed: int, docs: int) -> Any:
    from paperless_tui.demo.generate import generate_archive

    return generate_archive(seed=seed, docs=docs)


def _template(seed: int, docs: int, archive: Any | None) -> Path:
    """A loaded database for (seed, docs), built once per process and copied for each new app."""
    global _TEMPLATE_DIR
    key = (seed, docs)
    with _TEMPLATE_LOCK:
        if archive is None and key in _TEMPLATES and _TEMPLATES[key].exists():
            return _TEMPLATES[key]
        if _TEMPLATE_DIR is None:
            _TEMPLATE_DIR = Path(tempfile.mkdtemp(prefix="paperless-demo-templates-"))
            atexit.register(shutil.rmtree, str(_TEMPLATE_DIR), True)
        suffix = hashlib.sha1(repr((key, id(archive))).encode()).hexdigest()[:10]  # noqa: S324
        path = _TEMPLATE_DIR / f"t-{suffix}" / DB_NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.unlink()
        store = Store(path)
        store.load_archive(archive if archive is not None else _generate(seed, docs))
        store.set_meta("seed", str(seed))
        store.set_meta("docs", str(docs))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
        if archive is None:
            _TEMPLATES[key] = path
        return path


def _copy_db(src: Path, dst: Path) -> None:
    source = sqlite3.connect(src)
    target = sqlite3.connect(dst)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def open_store(
    *, docs: int | None, seed: int | None, data_dir: str | Path | None, archive: Any | None = None
) -> tuple[Store, Path | None]:
    """Open (or create) the archive; returns the store and a temp folder to remove later, if any."""
    seed = DEFAULT_SEED if seed is None else seed
    docs = DEFAULT_DOCS if docs is None else max(1, docs)
    temp: Path | None = None
    if data_dir is None:
        temp = Path(tempfile.mkdtemp(prefix="paperless-demo-"))
        folder = temp
    else:
        folder = Path(data_dir)
        folder.mkdir(parents=True, exist_ok=True)
    path = folder / DB_NAME
    if path.exists():
        store = Store(path)
        if store.is_loaded():
            if store.q1("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'") is None:
                store.analyze()
            return store, temp
        store.close()
        path.unlink()
    _copy_db(_template(seed, docs, archive), path)
    return Store(path), temp


def set_admin_token(store: Store, token: str) -> None:
    users = store.objects("users")
    admin = next((u for u in users.values() if u.get("username") == "admin"), None)
    if admin is None:
        admin = next((u for u in users.values() if u.get("is_superuser")), None)
    if admin is None:
        return
    with store.write() as db:
        db.execute(
            "DELETE FROM o_tokens WHERE json_extract(data, '$.user') = ? OR key = ?", (admin["id"], token)
        )
        store.put_object(db, "tokens", {"id": admin["id"], "token": token, "user": admin["id"]}, key=token)


async def _not_found(request: Request, exc: Exception) -> Response:
    return Response(NOT_FOUND_HTML, status_code=404, media_type="text/html; charset=utf-8")


def build_app(
    *,
    token: str = "demo-token",  # noqa: S107 - the documented demo token
    docs: int | None = None,
    seed: int | None = None,
    data_dir: str | Path | None = None,
    fail_rate: float = 0.0,
    latency_ms: float = 0.0,
    archive: Any | None = None,
) -> Starlette:
    """The demo server app. `archive` (optional) loads a given DemoArchive instead of generating one."""
    store, temp = open_store(docs=docs, seed=seed, data_dir=data_dir, archive=archive)
    set_admin_token(store, token)
    state = DemoState(store=store, token=token, seed=DEFAULT_SEED if seed is None else seed)
    routes: list[BaseRoute] = api_routes()
    app = Starlette(routes=routes, exception_handlers={404: _not_found})
    app.state.demo = state
    if fail_rate or latency_ms:
        app.add_middleware(FaultMiddleware, fail_rate=fail_rate, latency_ms=latency_ms, seed=state.seed)
    weakref.finalize(app, _cleanup, store, temp)
    return app


def _cleanup(store: Store, temp: Path | None) -> None:
    with contextlib.suppress(sqlite3.Error):
        store.close()
    if temp is not None:
        shutil.rmtree(temp, ignore_errors=True)
