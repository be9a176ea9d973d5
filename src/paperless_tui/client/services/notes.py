"""Document notes, with the cache promises of the spec.

``await doc.notes()`` returns the notes embedded in the fetched document without a request (unless
``force_request=True`` or the document was fetched without its notes); ``doc.notes.save(draft)`` returns
the new note's id (the server answers with the whole list: the cache takes it) and ``doc.notes.delete``
updates the cache from the server's remaining list. ``paperless.documents.notes(42)`` always requests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import TypeAdapter

from .. import exceptions as exc
from ..models.base import adapter
from ..models.documents import Document, DocumentNote, DocumentNoteDraft

if TYPE_CHECKING:
    from ..client import Paperless

__all__ = ["DocumentNotes"]

_NOTES: TypeAdapter[list[DocumentNote]] = adapter(list[DocumentNote])


class DocumentNotes:
    """Notes of documents; bound to one :class:`Document` when reached through ``doc.notes``."""

    def __init__(self, paperless: Paperless, document: Document | None = None) -> None:
        self._paperless = paperless
        self._document = document

    def _pk(self, pk: int | None) -> int:
        if pk is not None:
            return pk
        if self._document is not None:
            return self._document.id
        raise TypeError("a document id is required (pass it as the first argument)")

    def _path(self, pk: int) -> str:
        return f"/api/documents/{pk}/notes/"

    def _store(self, pk: int, notes: list[DocumentNote]) -> list[DocumentNote]:
        for note in notes:
            note.document = pk
        doc = self._document
        if doc is not None and doc.id == pk:
            object.__setattr__(doc, "note_list", notes)
        return notes

    async def __call__(self, pk: int | None = None, *, force_request: bool = False) -> list[DocumentNote]:
        """The notes of a document: from the bound document's cache when possible, else requested."""
        doc = self._document
        if doc is not None and pk in (None, doc.id) and not force_request and doc.note_list is not None:
            return list(doc.note_list)
        number = self._pk(pk)
        transport = self._paperless.transport
        response = await transport.request("GET", self._path(number))
        return list(self._store(number, transport.parse(response, _NOTES)))

    def create(self, pk: int | None = None, *, note: str) -> DocumentNoteDraft:
        """A note draft for document ``pk`` (the bound document if omitted)."""
        return DocumentNoteDraft(document=self._pk(pk), note=note)

    async def save(self, draft: DocumentNoteDraft) -> int:
        """Add the note; return its id. The bound document's cache gets the server's new list."""
        doc = self._document
        known = (
            {n.id for n in doc.note_list}
            if doc is not None and doc.id == draft.document and doc.note_list is not None
            else None
        )
        transport = self._paperless.transport
        response = await transport.request("POST", self._path(draft.document), json={"note": draft.note})
        notes = self._store(draft.document, transport.parse(response, _NOTES))
        if not notes:
            raise exc.InvalidResponseError(
                "the server answered with no notes after adding one",
                status=response.status_code,
                request=exc.RequestInfo("POST", transport.url(self._path(draft.document))),
            )
        ids = {n.id for n in notes}
        fresh = ids - known if known is not None else ids
        return max(fresh or ids)

    async def delete(self, note: DocumentNote | int, pk: int | None = None) -> None:
        """Delete a note (by object or id); the bound document's cache gets the remaining list."""
        note_id = note if isinstance(note, int) else note.id
        number = pk if pk is not None else (note.document if isinstance(note, DocumentNote) else None)
        number = self._pk(number if number is not None else pk)
        transport = self._paperless.transport
        response = await transport.request("DELETE", self._path(number), params={"id": str(note_id)})
        if response.content.strip()[:1] == b"[":
            self._store(number, transport.parse(response, _NOTES))
        elif self._document is not None and self._document.note_list is not None:
            kept = [n for n in self._document.note_list if n.id != note_id]
            object.__setattr__(self._document, "note_list", kept)
