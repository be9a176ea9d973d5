"""Project hygiene the CI enforces: the client never imports Textual (or the app/demo), the client
passes ``mypy --strict``, and the whole repository passes ``ruff check`` and ``ruff format --check``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_client_never_imports_textual() -> None:
    code = (
        "import json, sys\n"
        "import paperless_tui.client\n"
        "import paperless_tui.client.filters, paperless_tui.client.exceptions\n"
        "from paperless_tui.client import Paperless\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'textual'\n"
        "             or m.startswith(('paperless_tui.app', 'paperless_tui.demo')))\n"
        "print(json.dumps(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert json.loads(result.stdout) == []


def _tool(name: str) -> list[str]:
    exe = shutil.which(name)
    if exe is None:
        pytest.fail(f"{name} is not installed (it is a dev dependency: pip install -e '.[dev]')")
    return [exe]


def test_mypy_strict_on_the_client() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "src/paperless_tui/client"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_check_whole_repo() -> None:
    result = subprocess.run([*_tool("ruff"), "check", "."], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_whole_repo() -> None:
    result = subprocess.run(
        [*_tool("ruff"), "format", "--check", "."], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr
