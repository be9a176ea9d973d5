"""A yes/no modal: `await app.push_screen_wait(Confirm(...))` inside a worker returns True or False."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from paperless_tui.app.commands import bindings
from paperless_tui.app.safe_text import inert
from paperless_tui.app.widgets.key_footer import ModalFooter


class Confirm(ModalScreen[bool]):
    """Asks a question; `y` answers yes, `n`/`escape` no. Texts are shown inert (server text is safe here)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("confirm")

    def __init__(
        self, title: str | Content, question: str | Content, *, yes: str = "Yes", no: str = "No"
    ) -> None:
        super().__init__()
        self._title = title if isinstance(title, Content) else inert(title)
        self._question = question if isinstance(question, Content) else inert(question, multiline=True)
        self._yes, self._no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(self._title, classes="dialog-title")
            yield Static(self._question, id="confirm-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(inert(f"{self._no} (n)"), id="confirm-no")
                yield Button(inert(f"{self._yes} (y)"), id="confirm-yes", variant="primary")
        yield ModalFooter()

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        """Close with `answer`."""
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")
