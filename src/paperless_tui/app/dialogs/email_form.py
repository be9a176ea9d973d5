"""The e-mail form: addresses, subject, message, archive or original. Dismisses with an `EmailForm`
(or None on escape); opened again with the same values after a failure, so nothing typed is lost."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Static, TextArea

from paperless_tui.app.commands import bindings
from paperless_tui.app.safe_text import inert
from paperless_tui.app.widgets.key_footer import ModalFooter


@dataclass(frozen=True)
class EmailForm:
    addresses: str = ""
    subject: str = ""
    message: str = ""
    original: bool = False


def form_problem(form: EmailForm) -> str | None:
    if not form.addresses.strip():
        return "Give at least one address (several: separated by commas)."
    if not form.subject.strip():
        return "Give a subject."
    return None


class EmailDialog(ModalScreen[EmailForm | None]):
    """Fill in the e-mail; ctrl+s sends, escape cancels."""

    DEFAULT_CSS = """
    EmailDialog > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 90%;
        background: $panel; border: thick $primary; padding: 0 1;
    }
    EmailDialog .picker-title { text-style: bold; color: $text-primary; }
    EmailDialog TextArea { height: 6; }
    EmailDialog #email-error { color: $text-error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("email_form")

    def __init__(self, title: str, form: EmailForm | None = None, *, problem: str = "") -> None:
        super().__init__()
        self.form_title = title
        self.form = form or EmailForm()
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(inert(self.form_title), classes="picker-title")
            yield Input(
                self.form.addresses, placeholder="To: a@example.org, b@example.org", id="email-addresses"
            )
            yield Input(self.form.subject, placeholder="Subject", id="email-subject")
            yield TextArea(self.form.message, id="email-message")
            yield Checkbox(
                "Send the original files (not the archive versions)", self.form.original, id="email-original"
            )
            yield Static(inert(self.problem or "ctrl+s sends · escape cancels"), id="email-error")
        yield ModalFooter()

    def current(self) -> EmailForm:
        return EmailForm(
            addresses=self.query_one("#email-addresses", Input).value,
            subject=self.query_one("#email-subject", Input).value,
            message=self.query_one("#email-message", TextArea).text,
            original=self.query_one("#email-original", Checkbox).value,
        )

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.focus_next()

    def action_send(self) -> None:
        form = self.current()
        problem = form_problem(form)
        if problem:
            self.query_one("#email-error", Static).update(inert(problem))
            return
        self.dismiss(form)

    def action_cancel(self) -> None:
        self.dismiss(None)
