"""Unsaved drafts offered again: a toast at start, `D` lists them, choosing one reopens it.

Drafts are those of the app's profile (else its server) only (`data.drafts`). A note draft reopens the
note editor with its text; a form draft reopens the edit form with the values typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paperless_tui.app.data.drafts import Draft, DraftStore, NoteDraft

if TYPE_CHECKING:
    from paperless_tui.app.application import PaperlessApp


def draft_store(app: PaperlessApp) -> DraftStore:
    return DraftStore(app.connection.state_key)


def draft_label(draft: Draft) -> str:
    what = "Note" if isinstance(draft, NoteDraft) else "Edit"
    title = draft.title or f"document #{draft.doc_id}"
    why = f" · {draft.error}" if draft.error else ""
    return f"{what} on #{draft.doc_id} {title}{why}"


def drafts_summary(drafts: list[Draft]) -> str:
    """One sentence on what is kept, for the start-up toast."""
    count = len(drafts)
    noun = "draft is" if count == 1 else "drafts are"
    return f"{count} unsaved {noun} kept ({draft_label(drafts[0])}{' …' if count > 1 else ''}). D lists them."


async def offer_drafts(app: PaperlessApp) -> None:
    """Say at start that unsaved drafts are kept (nothing when there are none)."""
    drafts = await draft_store(app).pending()
    if drafts:
        app.notify(
            drafts_summary(drafts), title="Unsaved drafts", severity="warning", markup=False, timeout=12
        )


async def resume_draft(app: PaperlessApp) -> None:
    """List the kept drafts; the one chosen opens again."""
    from paperless_tui.app.dialogs.picker import PickerDialog
    from paperless_tui.app.flows.notes import write_note

    drafts = await draft_store(app).pending()
    if not drafts:
        app.notify("No unsaved drafts.", markup=False, timeout=3)
        return
    items = [(f"{draft.kind}:{draft.doc_id}", draft_label(draft)) for draft in drafts]
    chosen = await app.push_screen_wait(PickerDialog("Unsaved drafts", items))
    if chosen is None:
        return
    kind, _, number = chosen.partition(":")
    draft = next(d for d in drafts if d.kind == kind and d.doc_id == int(number))
    if isinstance(draft, NoteDraft):
        await write_note(app, draft.doc_id, draft.title)
    else:
        from paperless_tui.app.flows.edit import edit_document

        await edit_document(app, draft.doc_id)
