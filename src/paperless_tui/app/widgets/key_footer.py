"""`KeyFooter`: Textual's Footer, rebuilt only when what it shows changes, at most once per refresh.

Textual's Footer rebuilds itself (a dozen key widgets mounted and styled, about a millisecond each)
for every change of the active bindings, shown or not. Such changes come in bursts (focus moves,
reactives declared with `bindings=True`, a screen pushed, widgets mounted): start-up alone rebuilt
the footers fourteen times, most of them to show the same keys again. `KeyFooter` coalesces the
changes of one refresh into one look at the bindings, and rebuilds only if the keys it would show
(key, label, enabled, tooltip) differ from those on screen.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer


class KeyFooter(Footer):
    """A Footer rebuilt only when its keys change, at most once per refresh."""

    DEFAULT_CSS = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rebuild_pending = False
        self._shown: tuple[object, ...] | None = None  # what the last compose showed
        self.rebuilds = 0
        """How many times the keys were built (for tests)."""

    def _signature(self) -> tuple[object, ...]:
        app = self.app
        keys = tuple(
            (binding.key, app.get_key_display(binding), binding.description, binding.action, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )
        return keys, self.compact, self.show_command_palette

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._signature()
            self.rebuilds += 1
        yield from super().compose()

    def bindings_changed(self, screen: Any) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._rebuild_pending:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if self.is_attached and self._signature() != self._shown:
            await self.recompose()
