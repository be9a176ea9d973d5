"""Remembered per-profile state (filters, sort, last query...) kept as JSON in the data folder.

The screens own what goes in a profile's dict; this module only loads and saves it. A damaged file
is ignored (state is a convenience, never a reason not to start).
"""

from __future__ import annotations

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
