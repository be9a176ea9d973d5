"""Whether a viewer can show a file here, and starting the one the config names.

`o` hands a downloaded file to a viewer. Without a `viewer` command in the config that is the
system's opener (through `App.open_url`: xdg-open, `open`, the Windows shell), which needs a
graphical session on this machine: over SSH, or on a console, nothing can appear, so the app says
so (and keeps the file) instead of claiming it opened. A configured `viewer` is a command line:
`{}` stands for the file's path, else the path goes last (`viewer = "zathura"`,
`viewer = "flatpak run org.gnome.Evince {}"`). It is started detached from the terminal.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import threading
from collections.abc import Callable, Mapping
from pathlib import Path


def viewer_argv(command: str, path: Path) -> list[str]:
    """The argument list that runs `command` on `path`."""
    words = shlex.split(command)
    if any("{}" in word for word in words):
        return [word.replace("{}", str(path)) for word in words]
    return [*words, str(path)]


def viewer_problem(
    command: str | None,
    env: Mapping[str, str],
    platform: str,
    which: Callable[[str], str | None] | None = None,
) -> str | None:
    """Why no viewer can run here (None when one can): `command` is the config's viewer, if any."""
    which = which or shutil.which
    if command:
        words = shlex.split(command)
        if not words:
            return "The viewer command in the config is empty."
        if which(words[0]) is None:
            return f"The viewer {words[0]!r} (config: viewer) was not found."
        return None
    over_ssh = bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY"))
    if platform == "win32":
        return None
    if platform == "darwin":
        return "No viewer can show it over SSH." if over_ssh else None
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        where = "over SSH" if over_ssh else "here"
        return f"No viewer can show it {where}: there is no graphical display."
    if which("xdg-open") is None:
        return "No viewer can show it: xdg-open is not installed."
    return None


def start_viewer(command: str, path: Path) -> None:
    """Start the configured viewer on `path`, detached (raises OSError if it cannot be started)."""
    process = subprocess.Popen(  # noqa: S603 (the user's own command from their config)
        viewer_argv(command, path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=os.name == "posix",
        close_fds=True,
    )
    threading.Thread(target=process.wait, name="viewer", daemon=True).start()  # reaped when it ends
