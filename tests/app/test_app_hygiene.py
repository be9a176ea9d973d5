"""The app's structure promises: typed (mypy --strict), no app reached through strings, every worker's
failure on the one route (`surface.WorkerErrors` -> `PaperlessApp.worker_failed`), no private Textual
method overridden, start-up code imported only by the app and the entry point."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import paperless_tui.app
from paperless_tui.app.application import PaperlessApp
from paperless_tui.app.surface import WorkerErrors

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "src" / "paperless_tui" / "app"


def sources() -> list[Path]:
    return sorted(APP.rglob("*.py"))


def test_mypy_strict_on_the_app() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "src/paperless_tui/app"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_app_attribute_reached_through_a_string() -> None:
    for path in sources():
        text = path.read_text(encoding="utf-8")
        assert "getattr(self.app" not in text, path
        assert "getattr(app," not in text, path


def test_no_private_textual_method_is_overridden() -> None:
    for path in sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.name not in ("_handle_exception", "_fatal_error"), f"{path}: {node.name}"


def _work_decorators(tree: ast.AST) -> list[tuple[str, ast.Call]]:
    """(class name, the @work(...) call) for every worker method in a module."""
    found = []
    for cls in (node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)):
        for item in cls.body:
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                for decorator in item.decorator_list:
                    call = decorator if isinstance(decorator, ast.Call) else None
                    name = call.func if call is not None else decorator
                    if isinstance(name, ast.Name) and name.id == "work":
                        assert call is not None, f"{cls.name}.{item.name}: bare @work"
                        found.append((cls.name, call))
    return found


def test_every_worker_fails_onto_the_one_route() -> None:
    owners: set[tuple[str, str]] = set()
    for path in sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for owner, call in _work_decorators(tree):
            keywords = {kw.arg: kw.value for kw in call.keywords}
            value = keywords.get("exit_on_error")
            assert isinstance(value, ast.Constant) and value.value is False, (
                f"{path.name}: a worker of {owner} without exit_on_error=False"
            )
            module = ".".join(path.relative_to(ROOT / "src").with_suffix("").parts)
            owners.add((module, owner))
    assert len(owners) >= 4  # the walk really sees the screens' workers
    for module, owner in owners:
        cls = getattr(importlib.import_module(module), owner)
        assert cls is PaperlessApp or issubclass(cls, WorkerErrors), f"{module}.{owner}"


def test_startup_is_imported_only_by_the_app_and_the_entry_point() -> None:
    allowed = {"paperless_tui.app.application", "paperless_tui.app.run"}
    for info in pkgutil.walk_packages(paperless_tui.app.__path__, "paperless_tui.app."):
        if info.name.startswith("paperless_tui.app.startup"):
            continue
        module = importlib.import_module(info.name)
        source = inspect.getsource(module)
        if "paperless_tui.app.startup" in source:
            assert info.name in allowed, f"{info.name} imports start-up code"
