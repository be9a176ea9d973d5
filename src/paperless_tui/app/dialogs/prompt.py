"""A small modal that asks for one line of text (a date, a folder), checked against a pattern."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from paperless_tui.app.commands import bindings
from paperless_tui.app.safe_text import inert
from paperless_tui.app.widgets.key_footer import ModalFooter


class PromptDialog(ModalScreen[str | None]):
    """Ask for one line of text; `pattern` (a regex) must match before `enter` accepts it, and `check`
    (if given) must find nothing wrong: it returns what is wrong, shown in the dialog, which stays open."""

    DEFAULT_CSS = """
    PromptDialog > Vertical {
        width: 60;
        max-width: 100%;
        height: auto;
        background: $panel;
        border: thick $primary;
        padding: 0 1;
    }
    PromptDialog .picker-title { text-style: bold; color: $text-primary; }
    PromptDialog .prompt-error { color: $text-error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("prompt")

    def __init__(
        self,
        title: str,
        *,
        placeholder: str = "",
        pattern: str | None = None,
        hint: str = "",
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.prompt_title = title
        self.placeholder = placeholder
        self.pattern = re.compile(pattern) if pattern else None
        self.hint = hint
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(inert(self.prompt_title), classes="picker-title")
            yield Input(placeholder=self.placeholder, id="prompt-input")
            yield Static(inert(self.hint), classes="prompt-error", id="prompt-error")
        yield ModalFooter()

    @on(Input.Submitted, "#prompt-input")
    def _submit(self) -> None:
        self.action_accept()

    def action_accept(self) -> None:
        """Close with the text typed, if it is valid."""
        value = self.query_one("#prompt-input", Input).value.strip()
        if self.pattern is not None and not self.pattern.fullmatch(value):
            self.query_one("#prompt-error", Static).update(inert(f"Not valid: {value!r}. {self.hint}"))
            return
        problem = self.check(value) if self.check is not None else None
        if problem:
            self.query_one("#prompt-error", Static).update(inert(problem))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
