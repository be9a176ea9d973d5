"""E-mailing documents as a straight-code flow, awaited in a worker (group "flow") of `owner`.

`email_documents(owner, ids)` says why not where the server has e-mail off (`ui_settings`
`email_enabled`), else opens the form and sends with `documents.email`. A failure (a refused address,
no mail server) is reported on the app's one route and the form opens again with what was typed.
"""

from __future__ import annotations

from typing import Any

from paperless_tui.app.dialogs.email_form import EmailDialog, EmailForm

EMAIL_OFF = (
    "E-mail is not enabled on this server (its administrator sets PAPERLESS_EMAIL_HOST and friends), "
    "so nothing can be sent from here."
)


def _plural(count: int) -> str:
    return f"{count} document" + ("" if count == 1 else "s")


async def email_documents(owner: Any, ids: list[int]) -> None:
    """Ask for addresses, subject, message and archive/original; send documents `ids`."""
    from paperless_tui.client import exceptions as client_errors

    app = owner.app
    if not ids:
        return
    paperless = await app.wait_for_client()
    settings = paperless.settings
    if settings is None or not settings.email_enabled:
        app.notify(EMAIL_OFF, title="E-mail", severity="warning", markup=False, timeout=8)
        return
    form: EmailForm | None = None
    problem = ""
    while True:
        form = await app.push_screen_wait(EmailDialog(f"E-mail {_plural(len(ids))}", form, problem=problem))
        if form is None:
            return
        try:
            await paperless.documents.email(
                ids,
                addresses=form.addresses,
                subject=form.subject,
                message=form.message,
                use_archive_version=not form.original,
            )
        except client_errors.PaperlessError as error:
            reported = app.report_error(error, doing="sending the e-mail")
            problem = f"Not sent: {reported.message}"
            continue  # the form again, with everything typed
        app.notify(f"Sent {_plural(len(ids))} to {form.addresses}", title="E-mail", markup=False)
        return
