"""Safe local file names for downloads: the server's suggested name can never leave the chosen folder.

`safe_filename()` keeps only the last path component, drops control and reserved characters, leading
dots and Windows device names, and bounds the length (keeping the extension). `target_path()` joins
it to the folder and checks the result really is inside that folder.
"""

from __future__ import annotations

import re
from pathlib import Path

_RESERVED = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f]')
_WINDOWS_DEVICES = (
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(1, 10)} | {f"lpt{i}" for i in range(1, 10)}
)
MAX_NAME_BYTES = 200


def safe_filename(name: str | None, fallback: str) -> str:
    """A bare, harmless file name made from the server's suggestion `name` (or `fallback`)."""
    candidate = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    candidate = _RESERVED.sub("_", candidate)
    candidate = "".join(ch for ch in candidate if ch.isprintable())
    candidate = candidate.strip().lstrip(".").strip()
    stem, dot, extension = candidate.rpartition(".")
    if not dot:
        stem, extension = candidate, ""
    if stem.split(".")[0].casefold() in _WINDOWS_DEVICES:
        stem = f"_{stem}"
    if not stem.strip("_ "):
        return fallback
    extension = extension[:16]
    while len(f"{stem}.{extension}".encode()) > MAX_NAME_BYTES and stem:
        stem = stem[:-1]
    return f"{stem}.{extension}" if extension else stem


def target_path(folder: Path, name: str) -> Path:
    """`folder / name`, guaranteed to be directly inside `folder` (ValueError otherwise)."""
    base = folder.expanduser().resolve()
    target = (base / name).resolve()
    if target.parent != base or name in ("", ".", ".."):
        raise ValueError(f"{name!r} would not be saved inside {base}")
    return target


def free_path(path: Path) -> Path:
    """`path`, or `name (1).ext`, `name (2).ext`, … if it exists."""
    if not path.exists():
        return path
    for n in range(1, 10_000):
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(path)
