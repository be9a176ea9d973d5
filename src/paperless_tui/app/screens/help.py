"""The help screen (`?`/F1): every key that works right now, read from the live bindings.

Built from the bindings of the focused widget and its ancestors, the screen and the app (after the
user's keymap), so it can never drift from what the keys really do.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from paperless_tui.app.commands import bindings
from paperless_tui.app.providers.bindings import KeyEntry, live_bindings

INTRO = (
    "Keys of the screen you were on, innermost first. Remap any key in config.toml under "
    '[keymap] by its binding id, e.g. "app.help" = "f1".'
)


def _table(entries: list[KeyEntry]) -> Content:
    key_width = min(max((len(" ".join(entry.keys)) for entry in entries), default=6), 22)
    text_width = min(max((len(entry.description) for entry in entries), default=10), 36)
    rows: list[Content] = []
    for entry in entries:
        style = "bold" if entry.enabled else "dim"
        row = Content.assemble(
            (" ".join(entry.keys).ljust(key_width), f"{style} $accent"),
            "  ",
            (entry.description.ljust(text_width), "" if entry.enabled else "dim"),
        )
        if entry.binding_id:
            row = Content.assemble(row, "  ", (entry.binding_id, "dim italic"))
        rows.append(row)
    return Content("\n").join(rows)


class HelpScreen(ModalScreen[None]):
    """A modal listing the live keys of `screen`, grouped by where they are defined."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("help")

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.entries = live_bindings(screen)

    def compose(self) -> ComposeResult:
        groups: dict[str, list[KeyEntry]] = {}
        for entry in self.entries:
            groups.setdefault(entry.where, []).append(entry)
        with Vertical(id="help-dialog", classes="dialog"):
            yield Static(Content("Keys"), classes="dialog-title")
            yield Static(Content(INTRO), id="help-intro")
            with VerticalScroll(id="help-keys"):
                for where, entries in groups.items():
                    yield Static(Content(where), classes="help-section")
                    yield Static(_table(entries), classes="help-table")
            yield Static(Content("escape closes · ctrl+p runs any of these by name"), id="help-footer")

    def on_mount(self) -> None:
        self.query_one("#help-keys", VerticalScroll).focus()

    def action_close(self) -> None:
        """Close the help screen."""
        self.dismiss(None)
