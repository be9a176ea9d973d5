"""The row of filter chips under the search input: one button per active filter; pressing it removes it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Static

from paperless_tui.app.models.search_state import Chip
from paperless_tui.app.safe_text import inert


class ChipButton(Button):
    """One filter chip (its label is server text, shown inert)."""

    def __init__(self, chip: Chip) -> None:
        super().__init__(inert(f"{chip.label} ✕"), compact=True, classes="chip")
        self.chip = chip
        self.tooltip = "Remove this filter"


class ChipBar(HorizontalGroup):
    """Shows `chips`; posts `Removed(key)` when one is pressed."""

    chips: reactive[tuple[Chip, ...]] = reactive((), recompose=True)

    class Removed(Message):
        """The user removed the chip with `key`."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def compose(self) -> ComposeResult:
        if not self.chips:
            yield Static("No filters · f adds one", classes="chip-hint")
            return
        for chip in self.chips:
            yield ChipButton(chip)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if isinstance(event.button, ChipButton):
            self.post_message(self.Removed(event.button.chip.key))
