"""Remembered per-profile state (filters, sort, last query...) kept as JSON in the data folder.

The screens own what goes in a profile's dict; this module only loads and saves it. The app holds a
`StateStore`: read once, written in a thread and debounced, never on the event loop. A damaged file
is ignored (state is a convenience, never a reason not to start).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from pathlib import Path
from typing import Any

from paperless_tui.app.data.config import write_private
from paperless_tui.app.data.locations import data_dir

STATE_VERSION = 1


def state_file() -> Path:
    """Where the remembered state lives."""
    return data_dir() / "state.json"


def _load_all(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        return {}
    profiles = data.get("profiles")
    return profiles if isinstance(profiles, dict) else {}


def load_state(key: str) -> dict[str, Any]:
    """The remembered state of profile `key` (an empty dict when nothing is remembered)."""
    state = _load_all(state_file()).get(key)
    return state if isinstance(state, dict) else {}


def save_state(key: str, state: dict[str, Any]) -> None:
    """Remember `state` (JSON-able) for profile `key`, keeping the other profiles' state."""
    path = state_file()
    profiles = _load_all(path)
    profiles[key] = state
    write_private(path, json.dumps({"version": STATE_VERSION, "profiles": profiles}, indent=1))


SAVE_DELAY_SECONDS = 0.5
"""Changes of the state within this long are written once."""


class StateStore:
    """The remembered state of one profile, read once and written off the event loop, debounced.

    `get()` answers from memory; `put()` replaces the state and schedules one write in a thread
    `SAVE_DELAY_SECONDS` after the last change (typing a query writes once, not once per key);
    `flush()` writes what is pending now (the app calls it when it exits).
    """

    def __init__(self, key: str, initial: dict[str, Any] | None = None) -> None:
        self.key = key
        self._state: dict[str, Any] = dict(initial) if initial is not None else load_state(key)
        self._pending: asyncio.TimerHandle | None = None
        self._dirty = False
        self.writes = 0
        """How many times the state was written (for tests)."""

    def get(self) -> dict[str, Any]:
        return dict(self._state)

    def put(self, state: dict[str, Any]) -> None:
        self._state = dict(state)
        self._dirty = True
        if self._pending is not None:
            self._pending.cancel()
        loop = asyncio.get_running_loop()
        self._pending = loop.call_later(SAVE_DELAY_SECONDS, self._write_soon)

    def _write_soon(self) -> None:
        self._pending = None
        task = asyncio.get_running_loop().create_task(asyncio.to_thread(self._write))
        _TASKS.add(task)
        task.add_done_callback(_TASKS.discard)

    def _write(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        state = self._state
        self.writes += 1
        with contextlib.suppress(OSError):  # state is a convenience: a full disk never stops the app
            save_state(self.key, state)

    def flush(self) -> None:
        """Write a pending change now (on exit)."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        self._write()


_TASKS: set[asyncio.Task[None]] = set()
