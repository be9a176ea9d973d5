"""Messages that workers post to their screen: typed results of client calls, never widgets' business.

Workers fetch; they post one of these; the screen's handler sets reactives; widgets render in watchers.
Each message says which request it answers (a result-set generation or a document id) so a late
answer to a superseded request is recognised and dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message

from paperless_tui.app.models.result_set import ResultRow, ResultSet


@dataclass
class SearchFinished(Message):
    """The first page of a new query arrived: a fresh result set (page 0 filled)."""

    result_set: ResultSet
    params: dict[str, str]
    corrected_query: str | None = None
    """The server's "did you mean" for a full-text query with few hits."""


@dataclass
class SearchRejected(Message):
    """The server refused the query (invalid syntax): its reason, shown inline."""

    query: str
    reason: str


@dataclass
class PageLoaded(Message):
    """A further page of result set `generation`."""

    generation: int
    page: int
    rows: list[ResultRow]
    total: int


@dataclass
class PageFailed(Message):
    """Page `page` of result set `generation` could not be fetched."""

    generation: int
    page: int


@dataclass
class DocumentLoaded(Message):
    """The full document (client model) for the document screen."""

    document: Any


@dataclass
class DocumentPartLoaded(Message):
    """One tab's data of document `doc_id`: `part` is "notes", "history" or "share_links"."""

    doc_id: int
    part: str
    items: list[Any]


@dataclass
class LinkedTitlesLoaded(Message):
    """Titles of documents referenced by document-link custom fields."""

    titles: dict[int, str]


@dataclass
class DownloadFinished(Message):
    """A download was written to `path`; `purpose` is "open", "save" or "keep" (`o` with no viewer here)."""

    doc_id: int
    path: str
    purpose: str


@dataclass
class DownloadProgress(Message):
    """Bytes of the file received so far, and the size the server announced (None if it did not)."""

    doc_id: int
    received: int
    total: int | None
