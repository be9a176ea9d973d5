"""The note editor: a multi-line text area; `ctrl+s` saves, `ctrl+o` hands the text to `$EDITOR`.

The dialog knows nothing of the server: a `saver` (`flows.notes.NoteSaving`) keeps what is typed on
disk and saves it. A failed save leaves the dialog open with the text as it was and the reason shown
under it; `escape` asks before it throws away a note that is not empty. Dismisses with True once the
note is saved, False when the user discarded it.
"""

from __future__ import annotations

from typing import ClassVar, Protocol

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.reactive import var
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from paperless_tui.app.application import PaperlessApp
from paperless_tui.app.commands import bindings
from paperless_tui.app.dialogs.confirm import Confirm
from paperless_tui.app.external_editor import EditorProblem, edit_text
from paperless_tui.app.safe_text import inert
from paperless_tui.app.surface import WorkerErrors
from paperless_tui.app.widgets.key_footer import ModalFooter


class NoteSaver(Protocol):
    """What the editor needs: keep the text on disk, save it, forget it."""

    def keep(self, text: str) -> None: ...

    async def save(self, text: str) -> str | None:
        """None once saved, else what went wrong."""
        ...

    async def discard(self) -> None: ...


class NoteEditor(WorkerErrors, ModalScreen[bool]):
    """Write a note on one document."""

    DEFAULT_CSS = """
    NoteEditor { align: center middle; }
    NoteEditor > #note-editor {
        width: 80;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        background: $panel;
        border: thick $primary;
        padding: 0 1;
    }
    NoteEditor #note-editor-title { text-style: bold; color: $text-primary; }
    NoteEditor #note-text { height: 12; }
    NoteEditor #note-error { color: $text-error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("note_editor")

    app = getters.app(PaperlessApp)

    saving: var[bool] = var(False, bindings=True)
    error: var[str] = var("")

    def __init__(self, title: str, saver: NoteSaver, *, text: str = "", error: str = "") -> None:
        super().__init__()
        self.doc_title = title
        self.saver = saver
        self._text = text
        self.set_reactive(NoteEditor.error, error)

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#note-text", TextArea)

    def compose(self) -> ComposeResult:
        with Vertical(id="note-editor"):
            yield Static(inert(f"New note · {self.doc_title}"), id="note-editor-title")
            yield TextArea(self._text, id="note-text", soft_wrap=True, tab_behavior="focus")
            problem = Static(inert(self.error, multiline=True), id="note-error")
            problem.display = bool(self.error)
            yield problem
        yield ModalFooter()  # its own keys: ctrl+s save, ctrl+o $EDITOR, escape close

    def on_mount(self) -> None:
        area = self.text_area
        area.focus()
        area.move_cursor(area.document.end)

    def watch_error(self, error: str) -> None:
        if self.is_mounted:
            label = self.query_one("#note-error", Static)
            label.update(inert(error, multiline=True))
            label.display = bool(error)

    @on(TextArea.Changed, "#note-text")
    def _changed(self, event: TextArea.Changed) -> None:
        self.saver.keep(event.text_area.text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("save", "cancel", "external_editor"):
            return not self.saving
        return True

    def action_save(self) -> None:
        text = self.text_area.text
        if not text.strip():
            self.error = "An empty note cannot be saved."
            return
        self.saving = True
        self.error = "Saving…"
        self._save(text)

    @work(exclusive=True, group="note-save", exit_on_error=False)
    async def _save(self, text: str) -> None:
        try:
            problem = await self.saver.save(text)
        finally:
            self.saving = False
        if problem is None:
            self.dismiss(True)
        else:
            self.error = f"Not saved (kept as a draft; ctrl+s tries again): {problem}"

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_cancel(self) -> None:
        """Close; a note that is not empty is thrown away only if the user says so."""
        if self.text_area.text.strip():
            question = "Throw this note away? (Its draft is deleted too.)"
            if not await self.app.push_screen_wait(Confirm("Discard the note?", question, yes="Discard")):
                return
        await self.saver.discard()
        self.dismiss(False)

    @work(exclusive=True, group="external-editor", exit_on_error=False)
    async def action_external_editor(self) -> None:
        """Edit the text in `$VISUAL`/`$EDITOR` and take it back."""
        try:
            text = await edit_text(self.app, self.text_area.text, self.app.scratch_folder())
        except EditorProblem as problem:
            self.error = str(problem)
            return
        area = self.text_area
        area.load_text(text)
        area.move_cursor(area.document.end)
        area.focus()
        self.saver.keep(text)
