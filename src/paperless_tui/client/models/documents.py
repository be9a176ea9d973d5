"""Documents and everything hanging off them: notes, search hits, versions, metadata, suggestions,
history, downloaded files, upload drafts and custom-field value lists.

Dates are typed: ``created`` is a :class:`datetime.date`; ``added``, ``modified``, ``deleted_at`` and note
dates are timezone-aware datetimes (the server's ``+01:00`` offset is kept); history ``timestamp`` and
version ``added`` are UTC (``Z``). History ``changes`` stays opaque JSON.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import Field
from pydantic.dataclasses import dataclass

from .base import CONFIG, Model
from .custom_fields import CustomFieldValue
from .types import Permissions

if TYPE_CHECKING:
    from ..client import Paperless
    from ..services.notes import DocumentNotes
    from .resources import ShareLink

__all__ = [
    "Document",
    "DocumentCustomFieldList",
    "DocumentDraft",
    "DocumentHistoryEntry",
    "DocumentMeta",
    "DocumentMetaEntry",
    "DocumentNote",
    "DocumentNoteDraft",
    "DocumentSearchHit",
    "DocumentSuggestions",
    "DocumentVersion",
    "DownloadedDocument",
    "DuplicateDocument",
    "HistoryActor",
    "NoteUser",
]


@dataclass(slots=True, kw_only=True, config=CONFIG)
class NoteUser:
    """The author of a note."""

    id: int
    username: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass(slots=True, kw_only=True, config=CONFIG)
class DocumentNote:
    """A note on a document. ``user`` is the author (an id on old servers)."""

    id: int
    note: str = ""
    created: dt.datetime | None = None
    user: NoteUser | int | None = None
    document: int | None = None


@dataclass(slots=True, kw_only=True, config=CONFIG)
class DocumentSearchHit:
    """Why a document matched a full-text search.

    ``score``, ``<b>``-highlighted snippets, and a 1-based ``rank`` that continues across pages.
    """

    score: float | None = None
    highlights: str | None = None
    note_highlights: str | None = None
    rank: int | None = None


@dataclass(slots=True, kw_only=True, config=CONFIG)
class DocumentVersion:
    """One file version of a document (3.0): the root and e.g. a rotated copy."""

    id: int
    added: dt.datetime | None = None
    version_label: str | None = None
    checksum: str | None = None
    is_root: bool = False


@dataclass(slots=True, kw_only=True, config=CONFIG)
class DuplicateDocument:
    """A byte-identical document the server linked to this one."""

    id: int
    title: str | None = None
    deleted_at: dt.datetime | None = None


@dataclass(slots=True, kw_only=True, config=CONFIG)
class Document(Model):
    """A document. Fields absent from a ``fields=`` request stay ``None``.

    ``doc.notes()`` returns the notes embedded in the response without a request; ``doc.notes.create()``,
    ``doc.notes.save()`` and ``doc.notes.delete()`` keep that cache up to date.
    """

    id: int
    title: str | None = None
    content: str | None = None
    correspondent: int | None = None
    document_type: int | None = None
    storage_path: int | None = None
    tags: list[int] | None = None
    created: dt.date | None = None
    modified: dt.datetime | None = None
    added: dt.datetime | None = None
    deleted_at: dt.datetime | None = None
    archive_serial_number: int | None = None
    original_file_name: str | None = None
    archived_file_name: str | None = None
    owner: int | None = None
    user_can_change: bool | None = None
    is_shared_by_requester: bool | None = None
    note_list: list[DocumentNote] | None = Field(default=None, alias="notes")
    custom_fields: list[CustomFieldValue] | None = None
    page_count: int | None = None
    mime_type: str | None = None
    permissions: Permissions | None = None
    root_document: int | None = None
    versions: list[DocumentVersion] | None = None
    duplicate_documents: list[DuplicateDocument] | None = None
    search_hit: DocumentSearchHit | None = Field(default=None, alias="__search_hit__")

    _writable: ClassVar[tuple[str, ...]] = (
        "title",
        "content",
        "correspondent",
        "document_type",
        "storage_path",
        "tags",
        "created",
        "archive_serial_number",
        "owner",
        "custom_fields",
        "permissions",
    )
    _service: ClassVar[str] = "documents"

    @property
    def created_date(self) -> dt.date | None:
        """The same as ``created`` (the server's deprecated duplicate)."""
        return self.created

    @property
    def is_deleted(self) -> bool:
        """True if the document is in the trash."""
        return self.deleted_at is not None

    @property
    def has_search_hit(self) -> bool:
        """True if this document came from a full-text search."""
        return self.search_hit is not None

    @property
    def has_archive_version(self) -> bool:
        """True if the server made an archive PDF (``archived_file_name`` is set)."""
        return self.archived_file_name is not None

    @property
    def notes(self) -> DocumentNotes:
        """Notes of this document: ``await doc.notes()`` (cached), ``.create/.save/.delete``."""
        from ..services.notes import DocumentNotes

        return DocumentNotes(self.paperless, document=self)

    async def history(self) -> list[DocumentHistoryEntry]:
        """The audit log of this document, newest first."""
        return await self.paperless.documents.history(self.id)

    async def share_links(self) -> list[ShareLink]:
        """The share links of this document."""
        return await self.paperless.documents.share_links(self.id)

    def custom_field(self, field: int) -> CustomFieldValue | None:
        """The value of custom field ``field`` on this document, if set."""
        for value in self.custom_fields or ():
            if value.field == field:
                return value
        return None


@dataclass(slots=True, kw_only=True, config=CONFIG)
class DocumentMetaEntry:
    """One embedded metadata entry of a file (XMP/PDF/EXIF)."""

    namespace: str | None = None
    prefix: str | None = None
    key: str = ""
    value: Any = None


@dataclass(slots=True, kw_only=True, config=CONFIG)
class DocumentMeta:
    """File metadata of a document (checksums, sizes, embedded metadata, language)."""

    id: int = 0
    original_checksum: str | None = None
    original_size: int | None = None
    original_mime_type: str | None = None
    media_filename: str | None = None
    has_archive_version: bool = False
    original_metadata: list[DocumentMetaEntry] = dataclasses.field(default_factory=list)
    archive_checksum: str | None = None
    archive_media_filename: str | None = None
    original_filename: str | None = None
    archive_size: int | None = None
    archive_metadata: list[DocumentMetaEntry] | None = None
    lang: str | None = None


@dataclass(slots=True, kw_only=True, config=CONFIG)
class DocumentSuggestions:
    """Classifier suggestions for a document: ids of correspondents, tags, ... and dates."""

    id: int = 0
    correspondents: list[int] = dataclasses.field(default_factory=list)
    tags: list[int] = dataclasses.field(default_factory=list)
    document_types: list[int] = dataclasses.field(default_factory=list)
    storage_paths: list[int] = dataclasses.field(default_factory=list)
    dates: list[dt.date] = dataclasses.field(default_factory=list)


@dataclass(slots=True, kw_only=True, config=CONFIG)
class HistoryActor:
    """Who made a change."""

    id: int
    username: str = ""


@dataclass(slots=True, kw_only=True, config=CONFIG)
class DocumentHistoryEntry:
    """One audit-log entry. ``changes`` is the server's JSON, untouched (its shape varies)."""

    id: int
    timestamp: dt.datetime | None = None
    action: str = ""
    changes: Any = None
    actor: HistoryActor | None = None


@dataclasses.dataclass(slots=True, kw_only=True)
class DownloadedDocument:
    """A file fetched from the server: bytes plus what the response headers say about them.

    ``disposition_filename`` is the server's suggested file name reduced to a bare name (no directory
    parts), so ``open(download.disposition_filename, "wb")`` cannot escape the current directory.
    """

    id: int
    mode: str
    original: bool
    content: bytes
    content_type: str | None = None
    disposition_type: str | None = None
    disposition_filename: str | None = None

    @property
    def size(self) -> int:
        """Number of bytes."""
        return len(self.content)


class DocumentCustomFieldList:
    """A mutable list of custom field values, e.g. for an upload.

    ``cf = DocumentCustomFieldList(paperless, data=[]); cf += CustomFieldValue(field=3, value="x")``.
    Adding a value for a field already present replaces it.
    """

    def __init__(
        self, paperless: Paperless | None = None, data: Iterable[CustomFieldValue | dict[str, Any]] = ()
    ) -> None:
        self._paperless = paperless
        self._values: list[CustomFieldValue] = []
        for item in data:
            self.add(item if isinstance(item, CustomFieldValue) else CustomFieldValue(**item))

    def add(self, value: CustomFieldValue) -> DocumentCustomFieldList:
        """Add (or replace) the value of ``value.field``."""
        self._values = [v for v in self._values if v.field != value.field]
        self._values.append(value)
        return self

    def remove(self, field: int | CustomFieldValue) -> DocumentCustomFieldList:
        """Remove the value of a field (given by id or by value)."""
        pk = field.field if isinstance(field, CustomFieldValue) else field
        self._values = [v for v in self._values if v.field != pk]
        return self

    def __iadd__(self, value: CustomFieldValue) -> DocumentCustomFieldList:
        return self.add(value)

    def __isub__(self, field: int | CustomFieldValue) -> DocumentCustomFieldList:
        return self.remove(field)

    def __iter__(self) -> Iterator[CustomFieldValue]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, field: object) -> bool:
        pk = field.field if isinstance(field, CustomFieldValue) else field
        return any(v.field == pk for v in self._values)

    def get(self, field: int) -> CustomFieldValue | None:
        """The value of a field, or None."""
        return next((v for v in self._values if v.field == field), None)

    def to_api(self) -> list[dict[str, Any]]:
        """``[{"field": id, "value": v}, ...]`` (the shape of a document PATCH)."""
        return [v.to_api() for v in self._values]

    def to_upload(self) -> dict[str, Any]:
        """``{id: value}`` (the shape ``post_document`` takes)."""
        return {str(v.field): v.value for v in self._values}

    def __repr__(self) -> str:
        return f"DocumentCustomFieldList({self._values!r})"


@dataclasses.dataclass(slots=True, kw_only=True)
class DocumentDraft:
    """An upload waiting for ``paperless.documents.save(draft)``; only ``document`` is required."""

    document: bytes
    filename: str | None = None
    title: str | None = None
    created: dt.datetime | dt.date | str | None = None
    correspondent: int | None = None
    document_type: int | None = None
    storage_path: int | None = None
    tags: list[int] | int | None = None
    archive_serial_number: int | None = None
    custom_fields: list[int] | dict[int, Any] | DocumentCustomFieldList | None = None

    def form_fields(self) -> list[tuple[str, str]]:
        """The multipart form fields besides the file (``tags`` repeated, custom fields as JSON)."""
        out: list[tuple[str, str]] = []
        if self.title is not None:
            out.append(("title", self.title))
        if self.created is not None:
            created = self.created
            out.append(("created", created if isinstance(created, str) else created.isoformat()))
        for name in ("correspondent", "document_type", "storage_path", "archive_serial_number"):
            value = getattr(self, name)
            if value is not None:
                out.append((name, str(value)))
        if self.tags is not None:
            tags = [self.tags] if isinstance(self.tags, int) else self.tags
            out.extend(("tags", str(t)) for t in tags)
        if self.custom_fields is not None:
            cf = self.custom_fields
            payload: Any
            if isinstance(cf, DocumentCustomFieldList):
                payload = cf.to_upload()
            elif isinstance(cf, dict):
                payload = {str(k): v for k, v in cf.items()}
            else:
                payload = list(cf)
            out.append(("custom_fields", json.dumps(payload)))
        return out


@dataclasses.dataclass(slots=True, kw_only=True)
class DocumentNoteDraft:
    """A note waiting for ``notes.save(draft)``."""

    document: int
    note: str
