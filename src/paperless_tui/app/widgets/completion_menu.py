"""`CompletionMenu`: the drop-down of completions under the search input's cursor.

It floats over the screen (`overlay: screen`) at `position_at` (screen coordinates of the input's cursor)
and lists `items` (the screen's completions, server text made inert). It never takes focus: the
input keeps it, and the screen's bindings move the highlight (up/down), accept (tab) and close
(escape). A click on an item posts `Chosen` too.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Offset
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from paperless_tui.app.models.completion import Completion
from paperless_tui.app.safe_text import inert


class CompletionMenu(OptionList, can_focus=False):
    """Completions for the word at the input's cursor; empty `items` hides it."""

    DEFAULT_CSS = """
    CompletionMenu {
        overlay: screen;
        display: none;
        width: auto;
        min-width: 16;
        max-width: 60;
        height: auto;
        max-height: 12;
        border: none;
        padding: 0;
        background: $panel;
        scrollbar-size-vertical: 1;
    }
    CompletionMenu.-open {
        display: block;
    }
    """

    items: var[tuple[Completion, ...]] = var(())
    position_at: var[Offset | None] = var(None)

    class Chosen(Message):
        """An item was clicked."""

        def __init__(self, completion: Completion) -> None:
            super().__init__()
            self.completion = completion

    @property
    def highlighted_item(self) -> Completion | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.items):
            return None
        return self.items[index]

    def watch_items(self, items: tuple[Completion, ...]) -> None:
        self.clear_options()
        if items:
            width = max(len(item.text) for item in items)
            self.add_options(Option(_label(item, width)) for item in items)
            self.highlighted = 0
        self.set_class(bool(items), "-open")

    def watch_position_at(self, position: Offset | None) -> None:
        if position is not None:
            self.absolute_offset = position
            self.refresh(layout=True)

    def move(self, step: int) -> None:
        """Move the highlight by `step`, wrapping around."""
        if self.items:
            self.highlighted = ((self.highlighted or 0) + step) % len(self.items)

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.items):
            self.post_message(self.Chosen(self.items[event.option_index]))


def _label(item: Completion, width: int) -> Content:
    """The completion, then (dim) what kind it is when its text does not say: a field or a term."""
    label = inert(item.text.ljust(width))
    if item.kind in ("field", "term"):
        return Content.assemble(label, "  ", (item.kind, "$text-muted"))
    return label
