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


@dataclasses.dataclass(slots=True, kw_only=True)
class NoteUser:
    """The author of a note."""

    id: int
    username: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass(slots=True, kw_only=True, config=CONFIG)
class DocumentNote:
    """A note on a document. ``user`` is the author (a :class:`NoteUser`; an id on old servers)."""

    id: int
    note: str = ""
    created: dt.datetime | None = None
    # Kept as the server's small JSON object: a plain dict of scalars is not tracked by Python's cyclic
    # GC, which keeps iterating thousands of documents cheap. ``user`` gives the typed view.
    user_data: dict[str, Any] | int | None = Field(default=None, alias="user")
    document: int | None = None

    @property
    def user(self) -> NoteUser | int | None:
        """The author: a :class:`NoteUser` (or the bare user id old servers send)."""
        data = self.user_data
        if isinstance(data, dict):
            return NoteUser(
                id=int(data.get("id") or 0),
                username=str(data.get("username") or ""),
                first_name=str(data.get("first_name") or ""),
                last_name=str(data.get("last_name") or ""),
            )
        return data


@dataclass(slots=True, kw_only=True, config=CONFIG)
class DocumentSearchHit:
    """Why a document matched a full-text search.

    ``score``, ``<b>``-highlighted snippets, and a 1-based ``rank`` that continues across pages.
    """

    score: float | None = None
    highlights: str | None = None
    note_highlights: str | None = None
    rank: int | None = None


@dataclasses.dataclass(slots=True, kw_only=True)
class DocumentVersion:
    """One file version of a document (3.0): the root and e.g. a rotated copy."""

    id: int
    added: dt.datetime | None = None
    version_label: str | None = None
    checksum: str | None = None
    is_root: bool = False


@dataclasses.dataclass(slots=True, kw_only=True)
class DuplicateDocument:
    """A byte-identical document the server linked to this one."""

    id: int
    title: str | None = None
    deleted_at: dt.datetime | None = None


def _note(data: dict[str, Any], document: int) -> DocumentNote:
    return DocumentNote(
        id=int(data["id"]),
        note=str(data.get("note") or ""),
        created=_datetime(data.get("created")),
        user=data.get("user"),
        document=document,
    )


def _datetime(value: Any) -> dt.datetime | None:
    """An ISO 8601 datetime (``Z`` or an offset) from the server's JSON, or None."""
    if not isinstance(value, str) or not value:
        return None
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


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
    # Notes and custom field values are kept as the server's JSON (tuples of small dicts, which the
    # cyclic GC does not track) and turned into typed objects on first access (``note_list``,
    # ``custom_fields``); iterating thousands of documents stays cheap in time and memory.
    note_data: tuple[dict[str, Any], ...] | None = Field(default=None, alias="notes")
    custom_field_data: tuple[dict[str, Any], ...] | None = Field(default=None, alias="custom_fields")
    page_count: int | None = None
    mime_type: str | None = None
    permissions: Permissions | None = None
    root_document: int | None = None
    # Read-only nested lists stay the server's JSON (tuples of plain dicts: untracked by the cyclic GC);
    # the ``versions`` and ``duplicate_documents`` properties give typed objects.
    version_data: tuple[dict[str, Any], ...] | None = Field(default=None, alias="versions")
    duplicate_data: tuple[dict[str, Any], ...] | None = Field(default=None, alias="duplicate_documents")
    search_hit: DocumentSearchHit | None = Field(default=None, alias="__search_hit__")
    _notes: Any = dataclasses.field(default=None, init=False, repr=False, compare=False)
    _custom_fields: Any = dataclasses.field(default=None, init=False, repr=False, compare=False)

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
    def note_list(self) -> list[DocumentNote] | None:
        """The notes embedded in the document (None if the response did not include them)."""
        notes: list[DocumentNote] | None = self._notes
        if notes is None and self.note_data is not None:
            notes = [_note(n, self.id) for n in self.note_data]
            object.__setattr__(self, "_notes", notes)
        return notes

    @note_list.setter
    def note_list(self, notes: list[DocumentNote] | None) -> None:
        self._load()
        object.__setattr__(self, "_notes", notes)
        object.__setattr__(self, "note_data", () if notes is not None else None)

    @property
    def custom_fields(self) -> list[CustomFieldValue] | None:
        """Custom field values (a list you may edit; ``update()`` sends it when it changed)."""
        values: list[CustomFieldValue] | None = self._custom_fields
        if values is None and self.custom_field_data is not None:
            values = [
                CustomFieldValue(field=int(v["field"]), value=v.get("value")) for v in self.custom_field_data
            ]
            object.__setattr__(self, "_custom_fields", values)
        return values

    @custom_fields.setter
    def custom_fields(self, values: list[CustomFieldValue] | None) -> None:
        self._load()
        object.__setattr__(self, "_custom_fields", list(values) if values is not None else None)
        object.__setattr__(self, "custom_field_data", () if values is not None else None)

    def refresh_from(self, other: Model) -> None:
        """Take the server's answer (and drop the typed views built from the old JSON)."""
        object.__setattr__(self, "_notes", None)
        object.__setattr__(self, "_custom_fields", None)
        Model.refresh_from(self, other)  # (zero-argument super() fails in slotted dataclasses)

    @property
    def versions(self) -> list[DocumentVersion] | None:
        """File versions (3.0): the root and e.g. rotated copies; None if not sent."""
        if self.version_data is None:
            return None
        return [
            DocumentVersion(
                id=int(v["id"]),
                added=_datetime(v.get("added")),
                version_label=v.get("version_label"),
                checksum=v.get("checksum"),
                is_root=bool(v.get("is_root")),
            )
            for v in self.version_data
        ]

    @property
    def duplicate_documents(self) -> list[DuplicateDocument] | None:
        """Byte-identical documents the server linked to this one; None if not sent."""
        if self.duplicate_data is None:
            return None
        return [
            DuplicateDocument(
                id=int(d["id"]), title=d.get("title"), deleted_at=_datetime(d.get("deleted_at"))
            )
            for d in self.duplicate_data
        ]

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
