"""A small modal that picks one item from a list by typing part of its name (filters, views, sort).

Items are `(value, label)` pairs; labels are server text, so they are shown inert. Dismisses with the
chosen value, or None on `escape`.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from paperless_tui.app.commands import bindings
from paperless_tui.app.safe_text import clean, inert
from paperless_tui.app.widgets.key_footer import ModalFooter
from paperless_tui.app.widgets.option_moves import move_highlight


class PickerDialog(ModalScreen[str | None]):
    """Choose one of `items`; typing narrows the list."""

    DEFAULT_CSS = """
    PickerDialog > Vertical {
        width: 60;
        max-width: 100%;
        height: auto;
        max-height: 80%;
        background: $panel;
        border: thick $primary;
        padding: 0 1;
    }
    PickerDialog .picker-title { text-style: bold; color: $text-primary; }
    PickerDialog OptionList { height: auto; max-height: 20; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("picker")

    def __init__(
        self, title: str, items: list[tuple[str, str]], *, placeholder: str = "Type to filter"
    ) -> None:
        super().__init__()
        self.picker_title = title
        self.items = [(value, clean(label)) for value, label in items]
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(inert(self.picker_title), classes="picker-title")
            yield Input(placeholder=self.placeholder, id="picker-filter")
            yield OptionList(*self._options(""), id="picker-options")
        yield ModalFooter()

    def _options(self, text: str) -> list[Option]:
        needle = text.casefold().strip()
        return [
            Option(inert(label), id=value)
            for value, label in self.items
            if not needle or needle in label.casefold()
        ]

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        if options.option_count:
            options.highlighted = 0

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = 0

    @on(Input.Submitted, "#picker-filter")
    def _submit(self) -> None:
        self.action_choose()

    def action_choose(self) -> None:
        """Close with the highlighted item."""
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        move_highlight(self.query_one(OptionList), step)

    def action_cancel(self) -> None:
        self.dismiss(None)
