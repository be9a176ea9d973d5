"""A modal that shows an error: one clear line, and the full detail in a selectable, copyable box."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from paperless_tui.app.commands import bindings
from paperless_tui.app.errors import Problem
from paperless_tui.app.safe_text import inert
from paperless_tui.app.widgets.key_footer import ModalFooter


class ErrorDialog(ModalScreen[None]):
    """Shows a `Problem`; `c` copies its detail to the clipboard, `escape`/`enter` close it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("error")

    def __init__(self, problem: Problem) -> None:
        super().__init__(classes=f"-{problem.severity}")
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(id="error-dialog", classes="dialog"):
            yield Static(inert(self.problem.title), classes="dialog-title")
            yield Static(inert(self.problem.message, multiline=True), id="error-message")
            detail = TextArea(
                self.problem.detail,
                read_only=True,
                soft_wrap=True,
                show_line_numbers=False,
                id="error-detail",
            )
            detail.can_focus = True
            yield detail
            with Horizontal(classes="dialog-buttons"):
                yield Button("Copy detail (c)", id="error-copy")
                yield Button("Close", id="error-close", variant="primary")
        yield ModalFooter()

    def on_mount(self) -> None:
        self.query_one("#error-close", Button).focus()

    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)

    def action_copy(self) -> None:
        """Copy the full detail to the clipboard."""
        self.app.copy_to_clipboard(f"{self.problem.title}: {self.problem.message}\n\n{self.problem.detail}")
        self.app.notify("Error detail copied to the clipboard.", markup=False, timeout=2)

    @on(Button.Pressed, "#error-copy")
    def _copy_pressed(self) -> None:
        self.action_copy()

    @on(Button.Pressed, "#error-close")
    def _close_pressed(self) -> None:
        self.action_close()
