"""Handing a text to the user's `$VISUAL`/`$EDITOR` and taking it back.

The text goes into a private file (mode 0600) in the app's scratch folder (written in a thread); the
app gives the terminal to the editor through `App.suspend()` and waits for it there, so the event
loop waits only while the editor owns the terminal (a loop that kept painting meanwhile would fill
Textual's stopped output queue and hang); then the file is read back (in a thread) and removed. One
trailing newline, which editors add, is dropped. Whatever goes wrong leaves the text as it was and
says why (`EditorProblem`).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shlex
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from textual.app import SuspendNotSupported

DEFAULT_EDITOR = "vi"


class EditorProblem(Exception):
    """The editor could not be used; the message says why, in the user's words."""


def editor_command(env: Mapping[str, str]) -> list[str]:
    """The editor's command line: `$VISUAL`, else `$EDITOR`, else vi."""
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            words = shlex.split(value)
            if words:
                return words
    return [DEFAULT_EDITOR]


def _write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"note-{secrets.token_hex(4)}.txt"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    return path


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", errors="surrogateescape", newline="") as handle:
        text = handle.read()
    return text[:-1] if text.endswith("\n") else text


def _run(command: list[str]) -> int:
    return subprocess.run(command, check=False).returncode  # noqa: S603 (the user's own $EDITOR)


async def edit_text(app: Any, text: str, folder: Path, env: Mapping[str, str] | None = None) -> str:
    """`text` as the user left it in their editor (raises `EditorProblem`, leaving `text` as it was)."""
    command = editor_command(os.environ if env is None else env)
    path = await asyncio.to_thread(_write, folder, text)
    try:
        try:
            with app.suspend():
                code = _run([*command, str(path)])
        except SuspendNotSupported:
            raise EditorProblem("This terminal cannot be handed to an editor.") from None
        except OSError as error:
            reason = error.strerror or str(error)
            raise EditorProblem(f"The editor {command[0]!r} did not start ({reason}).") from None
        if code != 0:
            raise EditorProblem(f"The editor exited with status {code}; the note is as it was.")
        return await asyncio.to_thread(_read, path)
    finally:
        await asyncio.to_thread(path.unlink, True)
