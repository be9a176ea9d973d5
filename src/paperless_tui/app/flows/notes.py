"""Writing a note, as straight code: the editor, the draft on disk, one save however many retries.

`write_note(app, doc_id, title)` runs inside a screen's worker (group "flow"): it opens the note
editor with the draft kept for that document (if any), and returns the document's notes once one was
saved (None when the user discarded it). While the editor is open, `NoteSaving` keeps what is typed
on disk (debounced, in a thread) and saves it on `ctrl+s`:

1. the draft is marked as attempted on disk before anything is sent (a crash mid-request leaves a
   draft that knows it may have reached the server);
2. if it was attempted before (a timeout, a lost connection, a 5xx: the outcome is unclear), the
   document's notes are read first, and an identical note by this user since the first attempt means
   it is saved already (`drafts.already_saved`): nothing is sent twice;
3. a failure keeps the draft (with the reason, for the editor and for the next start) and goes to the
   app's error route; success removes the draft and announces the new notes (`document_changed`).
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from paperless_tui.app.data.drafts import DraftStore, NoteDraft, already_saved
from paperless_tui.app.dialogs.note_editor import NoteEditor
from paperless_tui.app.errors import describe
from paperless_tui.app.models.document_change import DocumentChange

if TYPE_CHECKING:
    from paperless_tui.app.application import PaperlessApp

KEEP_DELAY_SECONDS = 0.5
"""What is typed is written to disk this long after the last key (one write per pause, not per key)."""


def draft_store(app: PaperlessApp) -> DraftStore:
    """The drafts of the app's profile (or server)."""
    return DraftStore(app.connection.state_key)


class NoteSaving:
    """Keeps one document's note draft on disk and saves it once (the editor's `saver`)."""

    def __init__(self, app: PaperlessApp, draft: NoteDraft) -> None:
        self.app = app
        self.draft = draft
        self.store = draft_store(app)
        self.notes: tuple[Any, ...] | None = None
        """The document's notes once saved."""
        self._pending: asyncio.TimerHandle | None = None
        self._writes: set[asyncio.Task[None]] = set()

    def keep(self, text: str) -> None:
        """The text changed: keep it on disk soon (an empty text keeps nothing)."""
        if text == self.draft.text:
            return
        self.draft = replace(self.draft, text=text)
        if self._pending is not None:
            self._pending.cancel()
        self._pending = asyncio.get_running_loop().call_later(KEEP_DELAY_SECONDS, self._keep_now)

    def _keep_now(self) -> None:
        self._pending = None
        task = asyncio.get_running_loop().create_task(self._write())
        self._writes.add(task)
        task.add_done_callback(self._writes.discard)

    async def _write(self) -> None:
        draft = self.draft
        if draft.text.strip():
            await self.store.put(draft)
        elif draft.first_attempt is None:  # emptied before it was ever sent: nothing to keep
            await self.store.remove("note", draft.doc_id)

    async def _settle(self) -> None:
        """No keep is pending or running (a late write must not bring back a saved draft)."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        if self._writes:
            await asyncio.gather(*self._writes, return_exceptions=True)

    async def save(self, text: str) -> str | None:
        """Save `text` as the note; None when it is saved, else what went wrong (the draft is kept)."""
        from paperless_tui.client import exceptions as client_errors

        await self._settle()
        self.draft = replace(self.draft, text=text).attempted()
        await self.store.put(self.draft)  # before sending: a crash mid-request still knows it tried
        doc_id = self.draft.doc_id
        try:
            paperless = await self.app.wait_for_client()
            notes: list[Any] | None = None
            if self.draft.attempts > 1:  # an earlier attempt may have reached the server
                current = await paperless.documents.notes(doc_id)
                settings = paperless.settings
                user_id = settings.user.id if settings is not None and settings.user is not None else None
                if already_saved(self.draft, current, user_id):
                    notes = current
            if notes is None:
                await paperless.documents.notes.save(paperless.documents.notes.create(doc_id, note=text))
                notes = await paperless.documents.notes(doc_id)
        except client_errors.PaperlessError as error:
            problem = describe(error)
            self.draft = replace(self.draft, error=f"{problem.title}: {problem.message}")
            await self.store.put(self.draft)
            self.app.report_error(error, doing=f"Saving a note on document #{doc_id}")
            return self.draft.error
        await self.store.remove("note", doc_id)
        self.notes = tuple(notes)
        self.app.document_changed = DocumentChange(doc_id, notes=self.notes)
        return None

    async def discard(self) -> None:
        """The user threw the draft away."""
        await self._settle()
        await self.store.remove("note", self.draft.doc_id)


async def write_note(app: PaperlessApp, doc_id: int, title: str) -> tuple[Any, ...] | None:
    """Open the note editor for document `doc_id` (with its kept draft, if any); the notes once saved."""
    store = draft_store(app)
    draft = await store.note(doc_id)
    if draft is None:
        draft = NoteDraft(store.profile, doc_id, "", title=title)
    elif title and draft.title != title:
        draft = replace(draft, title=title)
    saving = NoteSaving(app, draft)
    editor = NoteEditor(
        title or draft.title or f"document #{doc_id}", saving, text=draft.text, error=draft.error
    )
    saved = await app.push_screen_wait(editor)
    return saving.notes if saved else None
