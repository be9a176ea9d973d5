"""The actions menu of the search screen (`a`): one line per entry of `flows.bulk_actions.MENU`, each
with its one-letter mnemonic (its `bulk_menu.<name>` command). Dismisses with the entry's name or None."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from paperless_tui.app.commands import BY_ID, bindings
from paperless_tui.app.widgets.key_footer import ModalFooter

if TYPE_CHECKING:
    from paperless_tui.app.flows.bulk_actions import MenuEntry


class BulkMenu(ModalScreen[str | None]):
    """Choose what to do with `count` documents."""

    DEFAULT_CSS = """
    BulkMenu { align: center middle; }
    BulkMenu > Vertical {
        width: 50;
        max-width: 100%;
        height: auto;
        background: $panel;
        border: thick $primary;
        padding: 0 1;
    }
    BulkMenu .picker-title { text-style: bold; color: $text-primary; }
    BulkMenu OptionList { height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("bulk_menu")

    def __init__(self, count: int, entries: Sequence[MenuEntry]) -> None:
        super().__init__()
        self.count = count
        self.entries = tuple(entries)

    @staticmethod
    def key_of(name: str) -> str:
        command = BY_ID.get(f"bulk_menu.{name}")
        return command.key_list[0] if command is not None else " "

    def compose(self) -> ComposeResult:
        noun = "document" if self.count == 1 else "documents"
        with Vertical():
            yield Static(Content(f"Actions on {self.count:,} {noun}"), classes="picker-title")
            yield OptionList(
                *(
                    Option(
                        Content.assemble((f" {self.key_of(e.name)} ", "bold $text-accent"), f" {e.label}"),
                        id=e.name,
                    )
                    for e in self.entries
                ),
                id="bulk-menu-options",
            )
        yield ModalFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def action_choose(self, name: str) -> None:
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
