"""What an upload needs before anything is sent, and how a consumption task ended: pure, Textual-free
(the `paperless-tui upload` command and the app's upload form both use it).

- `expand_paths`: the paths typed or given (`~` and globs expanded; a glob matching nothing is kept as
  typed so it is refused with its name).
- `file_problem`: why a path cannot be uploaded (missing, a directory, unreadable), naming the path.
- `resolve_name`: a tag/correspondent/type given by name (or id) to its id, or a sentence naming it.
- `task_outcome`: a consumption task's state in words, the server's own message for a failure.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GLOB_CHARACTERS = frozenset("*?[")


def expand_paths(items: Iterable[str]) -> list[Path]:
    """Each item with `~` expanded; globs become their matches (sorted), or stay as typed if none."""
    out: list[Path] = []
    for item in items:
        item = item.strip()
        if not item:
            continue
        expanded = os.path.expanduser(item)
        if GLOB_CHARACTERS & set(expanded):
            matches = sorted(glob.glob(expanded))
            if matches:
                out.extend(Path(match) for match in matches)
                continue
        out.append(Path(expanded))
    return out


def file_problem(path: Path) -> str | None:
    """Why `path` cannot be uploaded (a sentence naming it), or None if it is a readable file."""
    try:
        if path.is_dir():
            return f"{path} is a directory, not a file"
        if not path.exists():
            return f"{path}: no such file"
        if not path.is_file():
            return f"{path} is not a regular file"
        with path.open("rb") as handle:
            handle.read(1)
    except PermissionError:
        return f"{path}: not readable (permission denied)"
    except OSError as error:
        return f"{path}: cannot be read ({error.strerror or error})"
    return None


def file_problems(paths: Sequence[Path]) -> list[str]:
    """`file_problem` of every path that has one."""
    return [problem for path in paths if (problem := file_problem(path)) is not None]


class UnknownName(ValueError):
    """A name given for a tag, correspondent or type that the server does not have."""


def resolve_name(kind: str, given: str, items: Iterable[tuple[int, str]]) -> int:
    """The id of the item called `given` (case-insensitively), or with that id; `UnknownName` if none."""
    pairs = list(items)
    wanted = given.strip().casefold()
    for item_id, name in pairs:
        if name.casefold() == wanted:
            return item_id
    if wanted.isdigit() and any(item_id == int(wanted) for item_id, _ in pairs):
        return int(wanted)
    close = sorted(name for _, name in pairs if wanted and wanted in name.casefold())[:5]
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    raise UnknownName(f"no {kind} called {given!r} on the server{hint}")


@dataclass(frozen=True)
class Outcome:
    """How a task stands: `state` is pending/started/success/failure; `message` in words."""

    state: str
    message: str
    document_id: int | None = None
    done: bool = False


def task_outcome(task: Any) -> Outcome:
    """A task (either API version's shape) in words; a failure carries the server's own message."""
    status = str(getattr(task, "status", "") or "").lower()
    document_id = getattr(task, "document_id", None)
    result = getattr(task, "result", None)
    if status == "success":
        message = f"document #{document_id}" if document_id is not None else (result or "done")
        return Outcome("success", str(message), document_id, True)
    if status in ("failure", "revoked"):
        return Outcome("failure", str(result or status), document_id, True)
    if status == "started":
        return Outcome("started", "being consumed")
    return Outcome("pending", "waiting in the queue")


def task_file_name(task: Any) -> str:
    """The uploaded file's name a task was made for (either API version), or ""."""
    data = getattr(task, "input_data", None) or {}
    name = data.get("filename") if isinstance(data, dict) else None
    return str(name or getattr(task, "task_file_name", None) or "")


def split_paths(text: str) -> list[str]:
    """The paths typed in one line: separated by spaces, quotes keep spaces ("my scan.pdf")."""
    import shlex

    try:
        return shlex.split(text)
    except ValueError:  # an unclosed quote: split on spaces
        return text.split()


def complete_path(word: str, *, limit: int = 12) -> tuple[str, list[str]]:
    """Complete `word` (a path being typed) as far as its matches agree; directories end in "/".

    Returns the completed word and the names of the matching entries (at most `limit`, hidden ones only
    when asked for with a leading dot).
    """
    expanded = os.path.expanduser(word) if word.startswith("~") else word
    folder, _, stem = expanded.rpartition("/")
    base = Path(folder or ("/" if expanded.startswith("/") else "."))
    if expanded.startswith("/") and not folder:
        base = Path("/")
    try:
        entries = sorted(
            entry
            for entry in os.listdir(base)
            if entry.startswith(stem) and (stem.startswith(".") or not entry.startswith("."))
        )
    except OSError:
        return word, []
    if not entries:
        return word, []
    common = os.path.commonprefix(entries)  # noqa: RUF071 (names in one folder: characters are meant)
    prefix = word[: len(word) - len(stem)]
    completed = prefix + common
    if len(entries) == 1 and (base / entries[0]).is_dir():
        completed += "/"
    shown = [entry + ("/" if (base / entry).is_dir() else "") for entry in entries[:limit]]
    return completed, shown
