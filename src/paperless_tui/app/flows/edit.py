"""Editing a document's metadata, as straight code: fetch it (and the server's suggestions), bring
back a kept form draft, show the edit form, wait for it (`screens.edit_document` does the rest)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from paperless_tui.app.flows.notes import draft_store

if TYPE_CHECKING:
    from paperless_tui.app.application import PaperlessApp


async def edit_document(app: PaperlessApp, doc_id: int) -> Any:
    """Open the edit form of `doc_id`; the saved document, or None."""
    from paperless_tui.app.screens.edit_document import EditDocumentScreen
    from paperless_tui.client import exceptions as client_errors

    paperless = await app.wait_for_client()
    doc = await paperless.documents(doc_id)
    try:
        suggestions = await paperless.documents.suggestions(doc_id)
    except client_errors.PaperlessError:  # suggestions are a help, never a reason not to edit
        suggestions = None
    draft = await draft_store(app).form(doc_id)
    return await app.push_screen_wait(EditDocumentScreen(doc, suggestions=suggestions, draft=draft))
