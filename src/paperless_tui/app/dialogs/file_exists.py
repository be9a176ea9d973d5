"""A file of that name is in the folder already: replace it, keep both, or cancel (`escape`)."""

from __future__ import annotations

from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from paperless_tui.app.commands import bindings
from paperless_tui.app.safe_text import inert
from paperless_tui.app.widgets.key_footer import ModalFooter

FileExistsAnswer = Literal["replace", "keep-both"] | None


class FileExists(ModalScreen[FileExistsAnswer]):
    """Asks what to do about `path`, which exists: `r` replaces it, `k` keeps both (a new name),
    `escape` cancels (nothing is saved)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("file_exists")

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(inert("File exists"), classes="dialog-title")
            yield Static(
                inert(f"{self.path} exists. Replace it, or keep both (the new file gets a new name)?"),
                id="confirm-question",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(inert("Cancel (esc)"), id="file-exists-cancel")
                yield Button(inert("Keep both (k)"), id="file-exists-keep-both")
                yield Button(inert("Replace (r)"), id="file-exists-replace", variant="warning")
        yield ModalFooter()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#file-exists-cancel", Button))

    def action_answer(self, answer: FileExistsAnswer) -> None:
        """Close with `answer` (None: cancel)."""
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        answers: dict[str | None, FileExistsAnswer] = {
            "file-exists-replace": "replace",
            "file-exists-keep-both": "keep-both",
        }
        self.dismiss(answers.get(event.button.id))
