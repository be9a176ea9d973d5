"""Every key of the app is a Binding with an id (for [keymap]) and a description (help, palette)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import paperless_tui.app


def app_bindings():
    for info in pkgutil.walk_packages(paperless_tui.app.__path__, "paperless_tui.app."):
        module = importlib.import_module(info.name)
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and issubclass(cls, DOMNode) and cls.__module__ == module.__name__:
                for binding in cls.__dict__.get("BINDINGS", []):
                    yield f"{info.name}.{name}", binding


def test_every_binding_has_an_id_and_a_description():
    found = list(app_bindings())
    assert len(found) > 20  # the walk really sees the app's screens and widgets
    for owner, binding in found:
        assert isinstance(binding, Binding), f"{owner}: {binding!r} is not a Binding"
        assert binding.id, f"{owner}: {binding.key} -> {binding.action} has no id"
        assert binding.description, f"{owner}: {binding.key} -> {binding.action} has no description"


def test_binding_ids_name_one_action():
    actions: dict[str, set[str]] = {}
    for _owner, binding in app_bindings():
        actions.setdefault(binding.id, set()).add(binding.action.split("(")[0])
    assert {binding_id: acts for binding_id, acts in actions.items() if len(acts) > 1} == {}
