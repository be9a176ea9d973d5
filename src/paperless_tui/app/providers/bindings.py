"""The live key bindings of a screen, and a command palette provider that offers each as a command.

`live_bindings(screen)` reads what a key would really do right now: the focused widget and its
ancestors, then the screen, then the app, after the user's keymap and with keys an Input would
swallow left out. The help screen and the palette both use it, so neither can drift from the keys.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen

HIDDEN_ACTIONS = frozenset({"command_palette", "app.command_palette"})


@dataclass(frozen=True)
class KeyEntry:
    """One action and the keys that trigger it where it is defined."""

    keys: tuple[str, ...]
    description: str
    action: str
    node: DOMNode
    binding_id: str | None
    enabled: bool
    tooltip: str = ""

    @property
    def where(self) -> str:
        """A short name for the place that owns the binding: App, the screen, or a widget."""
        return where_name(self.node)


def where_name(node: DOMNode) -> str:
    """'App', a screen's name, or a widget's class, in words."""
    if isinstance(node, App):
        return "App"
    if isinstance(node, Screen):
        return _words(type(node).__name__.removesuffix("Screen")) or "Screen"
    return _words(type(node).__name__)


def _words(name: str) -> str:
    """'ResultsList' -> 'Results list'."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name.lstrip("_")).capitalize()


def live_bindings(screen: Screen[Any]) -> list[KeyEntry]:
    """The bindings active on `screen` now, one entry per action, innermost (focused) first."""
    app = screen.app
    grouped: dict[tuple[int, str, str], KeyEntry] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        description = binding.description or binding.action.replace("_", " ")
        group = (id(active.node), binding.action, description)
        display = app.get_key_display(binding) or key
        if group in grouped:
            entry = grouped[group]
            if display not in entry.keys:
                grouped[group] = KeyEntry(
                    keys=(*entry.keys, display),
                    description=entry.description,
                    action=entry.action,
                    node=entry.node,
                    binding_id=entry.binding_id or binding.id,
                    enabled=entry.enabled or active.enabled,
                    tooltip=entry.tooltip or active.tooltip,
                )
        else:
            grouped[group] = KeyEntry(
                keys=(display,),
                description=description,
                action=binding.action,
                node=active.node,
                binding_id=binding.id,
                enabled=active.enabled,
                tooltip=active.tooltip or binding.tooltip,
            )
    return list(grouped.values())


class BindingCommands(Provider):
    """Every action bound to a key on the current screen, runnable from the palette."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        commands: list[tuple[str, str, Callable[[], object]]] = []
        for entry in live_bindings(self.screen):
            if entry.action in HIDDEN_ACTIONS or not entry.enabled:
                continue
            help_text = f"{' / '.join(entry.keys)} · {entry.where}"
            if entry.tooltip:
                help_text += f" · {entry.tooltip}"
            callback = partial(self.app.run_action, entry.action, entry.node)
            commands.append((entry.description, help_text, callback))
        return commands

    async def discover(self) -> Hits:
        """All commands, when nothing is typed yet."""
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands whose description matches what is typed."""
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
