"""`KeyFooter`: Textual's Footer, rebuilt at most once per screen refresh.

Textual's Footer schedules a full recompose (a dozen key widgets mounted and styled) for every
change of the active bindings. Several such changes often come together (focus moves, reactives
declared with `bindings=True` change, a screen is pushed): start-up alone rebuilt the footers fourteen
times, and one key press that changes two of them rebuilt it twice. `KeyFooter` coalesces them: one
recompose, after the refresh, with the bindings as they are then.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer


class KeyFooter(Footer):
    """A Footer whose rebuilds after binding changes are coalesced (one per refresh)."""

    DEFAULT_CSS = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rebuild_pending = False

    def bindings_changed(self, screen: Any) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or self._rebuild_pending:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if self.is_attached:
            await self.recompose()
