"""`LazyPane`: a tab's pane whose content is made the first time the tab is shown.

A screen with several tabs pays only for the first one when it opens; the others are built when first
shown: the owning screen calls `build()` before it shows the pane. The factory runs as if in the
screen's `compose`, so its `data_bind(Screen.reactive)` binds to the screen's reactives.
"""

from __future__ import annotations

from collections.abc import Callable

from textual._context import active_message_pump
from textual.containers import Vertical
from textual.widget import AwaitMount, Widget


class LazyPane(Vertical):
    """A pane (in a `ContentSwitcher`) holding `make()`, mounted on the first `build()`."""

    def __init__(self, make: Callable[[], Widget], *, id: str) -> None:
        super().__init__(id=id)
        self._make: Callable[[], Widget] | None = make

    @property
    def built(self) -> bool:
        return self._make is None

    def build(self) -> AwaitMount | None:
        """Mount the content (once: None when built already); await it to have it mounted."""
        if self._make is None:
            return None
        make, self._make = self._make, None
        token = active_message_pump.set(self.screen)  # data_bind binds to the screen, as in compose
        try:
            content = make()
        finally:
            active_message_pump.reset(token)
        return self.mount(content)
