"""``paperless.documents``: CRUD plus files, search, similar documents, metadata, suggestions, notes,
share links, history, next ASN, upload, e-mail and bulk edit (the calls of the spec page).

Search results carry ``search_hit``; its ``rank`` is 1-based and continues across pages and its
highlights use ``<b>`` tags, whatever the server version (older servers send 0-based per-page ranks and
``<span class="match">``).
"""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Any, ClassVar
from urllib.parse import unquote

from pydantic import TypeAdapter

from .. import exceptions as exc
from ..files import FileStream
from ..models.base import Page, adapter
from ..models.documents import (
    Document,
    DocumentDraft,
    DocumentHistoryEntry,
    DocumentMeta,
    DocumentSuggestions,
    DownloadedDocument,
)
from ..models.resources import ShareLink
from .base import Draft, ResourceService
from .bulk_edit import DocumentBulkEdit
from .notes import DocumentNotes

__all__ = ["DocumentService", "parse_content_disposition"]

_HISTORY: TypeAdapter[list[DocumentHistoryEntry]] = adapter(list[DocumentHistoryEntry])
_META: TypeAdapter[DocumentMeta] = adapter(DocumentMeta)
_SUGGESTIONS: TypeAdapter[DocumentSuggestions] = adapter(DocumentSuggestions)
_SHARE_LINKS: TypeAdapter[list[ShareLink]] = adapter(list[ShareLink])
_SEARCH_KEYS = ("query", "more_like_id", "text", "title_search")
_SPAN_OPEN = re.compile(r'<span class="match">')

_FILENAME_STAR = re.compile(r"filename\*\s*=\s*([^;]+)", re.IGNORECASE)
_FILENAME = re.compile(r'filename\s*=\s*("(?:[^"\\]|\\.)*"|[^;]+)', re.IGNORECASE)


def _bare_name(name: str) -> str | None:
    """A file name without directory parts or control characters (None if nothing is left)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch >= " " and ch != "\x7f").strip()
    return None if name in ("", ".", "..") else name


def _file_params(original: bool, version: int | None) -> dict[str, str] | None:
    params: dict[str, str] = {}
    if original:
        params["original"] = "true"
    if version is not None:
        params["version"] = str(version)
    return params or None


def parse_content_disposition(header: str | None) -> tuple[str | None, str | None]:
    """``attachment; filename="a.pdf"; filename*=utf-8''a.pdf`` -> ``("attachment", "a.pdf")``."""
    if not header:
        return None, None
    kind = header.split(";", 1)[0].strip().lower() or None
    name: str | None = None
    star = _FILENAME_STAR.search(header)
    if star:
        value = star.group(1).strip().strip('"')
        charset, _, rest = value.partition("'")
        _, _, encoded = rest.partition("'")
        try:
            name = unquote(encoded or value, encoding=charset or "utf-8", errors="strict")
        except (LookupError, UnicodeDecodeError):
            name = None
    if name is None:
        plain = _FILENAME.search(header.replace("filename*", "filename_star_"))
        if plain:
            name = plain.group(1).strip()
            if name.startswith('"') and name.endswith('"'):
                name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return kind, _bare_name(name) if name else None


class DocumentService(ResourceService[Document]):
    """``/api/documents/`` and its sub-resources."""

    path = "/api/documents/"
    resource = "documents"
    required: ClassVar[tuple[str, ...]] = ()
    lazy_rows: ClassVar[bool] = True

    def _list_params(self) -> dict[str, str]:
        params = super()._list_params()
        fields = params.get("fields")
        if fields and "id" not in fields.split(","):
            params["fields"] = f"id,{fields}"
        return params

    # -- search fix-ups -----------------------------------------------------------------------------

    def _after_page(self, page: Page[Document]) -> None:
        if not any(key in self._params for key in _SEARCH_KEYS):
            return
        offset = (page.current_page - 1) * page.page_size
        for index, doc in enumerate(page.results, start=1):
            hit = doc.search_hit
            if hit is None:
                continue
            hit.rank = offset + index
            if hit.highlights and "<span" in hit.highlights:
                hit.highlights = _SPAN_OPEN.sub("<b>", hit.highlights).replace("</span>", "</b>")
            if hit.note_highlights and "<span" in hit.note_highlights:
                hit.note_highlights = _SPAN_OPEN.sub("<b>", hit.note_highlights).replace("</span>", "</b>")

    async def search(
        self,
        query: str | None = None,
        *,
        custom_field_query: str | Any | None = None,
        page_size: int = 100,
    ) -> AsyncIterator[Document]:
        """Full-text search (Whoosh/tantivy syntax); each document has ``search_hit``.

        An invalid query raises ``BadRequestError`` (the server's plain-text message).
        """
        params: dict[str, Any] = {}
        if query is not None:
            params["query"] = query
        if custom_field_query is not None:
            params["custom_field_query"] = str(custom_field_query)
        async for page in self.filter(params).pages(page_size=page_size):
            for doc in page.results:
                yield doc

    async def more_like(self, pk: int, *, page_size: int = 100) -> AsyncIterator[Document]:
        """Documents similar to ``pk`` (may be empty: a known server bug after deletions)."""
        async for page in self.filter(more_like_id=pk).pages(page_size=page_size):
            for doc in page.results:
                yield doc

    async def autocomplete(self, term: str, limit: int | None = None) -> list[str]:
        """Search-term completions for ``term``."""
        params = {"term": term} if limit is None else {"term": term, "limit": str(limit)}
        data = await self._paperless.transport.get_json("/api/search/autocomplete/", params=params)
        if not isinstance(data, list):
            raise exc.InvalidResponseError("autocomplete did not return a list")
        return [str(x) for x in data]

    # -- files --------------------------------------------------------------------------------------

    async def _file(
        self, pk: int, endpoint: str, mode: str, original: bool, version: int | None
    ) -> DownloadedDocument:
        response = await self._paperless.transport.request(
            "GET", f"{self.path}{pk}/{endpoint}/", params=_file_params(original, version)
        )
        kind, name = parse_content_disposition(response.headers.get("content-disposition"))
        return DownloadedDocument(
            id=pk,
            mode=mode,
            original=original,
            content=response.content,
            content_type=response.headers.get("content-type"),
            disposition_type=kind,
            disposition_filename=name,
        )

    @asynccontextmanager
    async def stream_download(
        self, pk: int, *, original: bool = False, version: int | None = None
    ) -> AsyncIterator[FileStream]:
        """The archived file (or the original), streamed: ``async with ... as stream: async for chunk in
        stream``, with :attr:`~paperless_tui.client.files.FileStream.received` /
        :attr:`~paperless_tui.client.files.FileStream.total` for progress. Leaving the block early
        stops the transfer."""
        async with self._paperless.transport.stream(
            "GET", f"{self.path}{pk}/download/", params=_file_params(original, version)
        ) as response:
            kind, name = parse_content_disposition(response.headers.get("content-disposition"))
            yield FileStream(
                response,
                id=pk,
                mode="download",
                original=original,
                disposition_type=kind,
                disposition_filename=name,
            )

    async def download(
        self, pk: int, *, original: bool = False, version: int | None = None
    ) -> DownloadedDocument:
        """The archived file (or the original with ``original=True``), as an attachment."""
        return await self._file(pk, "download", "download", original, version)

    async def preview(
        self, pk: int, *, original: bool = False, version: int | None = None
    ) -> DownloadedDocument:
        """The same file served inline."""
        return await self._file(pk, "preview", "preview", original, version)

    async def thumbnail(
        self, pk: int, *, original: bool = False, version: int | None = None
    ) -> DownloadedDocument:
        """The thumbnail image (WebP) of page 1."""
        return await self._file(pk, "thumb", "thumbnail", original, version)

    # -- sub-resources ------------------------------------------------------------------------------

    async def metadata(self, pk: int, *, version: int | None = None) -> DocumentMeta:
        """Checksums, sizes and embedded metadata of the files."""
        transport = self._paperless.transport
        params = {"version": str(version)} if version is not None else None
        response = await transport.request("GET", f"{self.path}{pk}/metadata/", params=params)
        meta = transport.parse(response, _META)
        meta.id = pk
        return meta

    async def suggestions(self, pk: int) -> DocumentSuggestions:
        """Classifier suggestions (correspondents, document types, tags, storage paths, dates)."""
        transport = self._paperless.transport
        response = await transport.request("GET", f"{self.path}{pk}/suggestions/")
        result = transport.parse(response, _SUGGESTIONS)
        result.id = pk
        return result

    @property
    def notes(self) -> DocumentNotes:
        """``paperless.documents.notes(42)`` (always requests), ``.create(42, note=...)``, ``.save``,
        ``.delete``."""
        return DocumentNotes(self._paperless)

    async def share_links(self, pk: int) -> list[ShareLink]:
        """Share links of a document (create/delete them with ``paperless.share_links``)."""
        transport = self._paperless.transport
        response = await transport.request("GET", f"{self.path}{pk}/share_links/")
        links = transport.parse(response, _SHARE_LINKS)
        for link in links:
            link.bind(self._paperless)
        return links

    async def history(self, pk: int) -> list[DocumentHistoryEntry]:
        """The audit log of a document, newest first (``changes`` is opaque JSON)."""
        transport = self._paperless.transport
        response = await transport.request("GET", f"{self.path}{pk}/history/")
        return transport.parse(response, _HISTORY)

    async def root(self, pk: int) -> int:
        """The root document id of a (version) document."""
        data = await self._paperless.transport.get_json(f"{self.path}{pk}/root/")
        if not isinstance(data, dict) or not isinstance(data.get("root_id"), int):
            raise exc.InvalidResponseError("root did not return a root_id")
        root_id: int = data["root_id"]
        return root_id

    async def get_next_asn(self) -> int:
        """The next free archive serial number."""
        data = await self._paperless.transport.get_json(f"{self.path}next_asn/")
        if isinstance(data, bool) or not isinstance(data, int):
            raise exc.InvalidResponseError(f"next_asn returned {str(data)[:50]!r}, not an integer")
        return data

    @property
    def bulk_edit(self) -> DocumentBulkEdit:
        """Operations on many documents at once."""
        return DocumentBulkEdit(self._paperless)

    # -- upload -------------------------------------------------------------------------------------

    def create(self, **fields: Any) -> DocumentDraft:  # type: ignore[override]
        """An upload draft: ``create(document=bytes, filename=..., title=..., tags=[...], ...)``."""
        if "document" not in fields:
            raise exc.DraftError("documents: the file content (document=bytes) is required")
        return DocumentDraft(**fields)

    async def save(  # type: ignore[override]
        self, draft: DocumentDraft | Draft, *, progress: Callable[[int, int], object] | None = None
    ) -> str:
        """Upload the drafted document; return the task id (a UUID string) to poll with ``tasks``.

        ``progress(sent, total)`` (optional) is called as the file's bytes are handed to the connection.
        """
        if not isinstance(draft, DocumentDraft):
            raise exc.DraftError("documents.save() takes the draft returned by documents.create()")
        if not isinstance(draft.document, bytes | bytearray | memoryview):
            raise exc.DraftError("documents: document must be the file content as bytes")
        content: Any = bytes(draft.document)
        if progress is not None:
            content = _ProgressReader(content, progress)
        files = {"document": (draft.filename or "document", content)}
        transport = self._paperless.transport
        response = await transport.request(
            "POST", f"{self.path}post_document/", data=_multidict(draft.form_fields()), files=files
        )
        data = transport.decode(response)
        if isinstance(data, dict):
            data = data.get("task_id")
        if not isinstance(data, str) or not data:
            raise exc.InvalidResponseError(f"post_document returned {str(data)[:80]!r}, not a task id")
        return data

    # -- e-mail -------------------------------------------------------------------------------------

    async def email(
        self,
        documents: int | Iterable[int],
        *,
        addresses: str,
        subject: str,
        message: str,
        use_archive_version: bool = True,
    ) -> bool:
        """E-mail documents as attachments; ``SendEmailError`` if the server does not send it."""
        body = {
            "documents": [documents] if isinstance(documents, int) else list(documents),
            "addresses": addresses,
            "subject": subject,
            "message": message,
            "use_archive_version": use_archive_version,
        }
        try:
            await self._paperless.transport.request("POST", f"{self.path}email/", json=body)
        except exc.ResponseError as error:
            raise exc.SendEmailError.wrap(error) from error
        return True

    # -- update keeps the search hit ----------------------------------------------------------------

    async def update(self, model: Document, *, only_changed: bool = True) -> bool:
        """PATCH changed fields (or PUT all writable ones); the document takes the server's answer."""
        hit = model.search_hit
        changed = await super().update(model, only_changed=only_changed)
        if hit is not None and model.search_hit is None:
            object.__setattr__(model, "search_hit", hit)
        return changed

    async def __call__(self, pk: int, **params: Any) -> Document:
        """Fetch one document (its notes come embedded and are cached on it)."""
        return await super().__call__(pk, **params)


class _ProgressReader(io.BytesIO):
    """The file's bytes, read by httpx's multipart encoder in chunks; each read reports progress."""

    def __init__(self, data: bytes, progress: Callable[[int, int], object]) -> None:
        super().__init__(data)
        self._total = len(data)
        self._progress = progress

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self._progress(self.tell(), self._total)
        return chunk


def _multidict(fields: list[tuple[str, str]]) -> dict[str, Any]:
    """Form fields for httpx: repeated names (``tags``) become lists."""
    out: dict[str, Any] = {}
    for name, value in fields:
        if name in out:
            existing = out[name]
            out[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            out[name] = [value] if name == "tags" else value
    return out


DocumentService._adapters(Document)
