"""Where the app keeps its files: the config folder (settings) and the data folder (state, caches).

Both come from platformdirs and are created on demand. `PAPERLESS_TUI_CONFIG_DIR` moves the config
folder (tests and portable set-ups use it); `PAPERLESS_TUI_DATA_DIR` moves the data folder, which
otherwise follows the config override as `<config>/data` so one variable isolates everything. The
state folder (unsaved drafts) is the platform's (`$XDG_STATE_HOME/paperless-tui` on Linux), moved by
`PAPERLESS_TUI_STATE_DIR`, else it follows the data or config override as `<that>/state`.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "paperless-tui"
CONFIG_DIR_ENV = "PAPERLESS_TUI_CONFIG_DIR"
DATA_DIR_ENV = "PAPERLESS_TUI_DATA_DIR"
STATE_DIR_ENV = "PAPERLESS_TUI_STATE_DIR"


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def config_dir() -> Path:
    """The folder that holds `config.toml`, created if missing."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return _ensure(Path(override).expanduser())
    return _ensure(platformdirs.user_config_path(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """The folder that holds remembered state and caches, created if missing."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return _ensure(Path(override).expanduser())
    if os.environ.get(CONFIG_DIR_ENV):
        return _ensure(config_dir() / "data")
    return _ensure(platformdirs.user_data_path(APP_NAME, appauthor=False))


def state_dir() -> Path:
    """The folder that holds what must outlive a crash (unsaved note and form drafts), created if missing."""
    override = os.environ.get(STATE_DIR_ENV)
    if override:
        return _ensure(Path(override).expanduser())
    if os.environ.get(DATA_DIR_ENV):
        return _ensure(data_dir() / "state")
    if os.environ.get(CONFIG_DIR_ENV):
        return _ensure(config_dir() / "state")
    return _ensure(platformdirs.user_state_path(APP_NAME, appauthor=False))


def config_file() -> Path:
    """The path of the config file (which may not exist yet)."""
    return config_dir() / "config.toml"
