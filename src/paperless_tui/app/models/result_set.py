"""The model behind the results list: one row per document, and a lazily filled page cache.

A `ResultSet` stands for one run of one query. It knows the total number of matches and holds only
the pages fetched so far (an LRU of pages, so memory stays bounded however far the user scrolls).
Rows hold already-cleaned text and ids only; names and colours are resolved at render time from the
`Lookups` cache.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from paperless_tui.app.models.highlight import parse_highlights
from paperless_tui.app.safe_text import clean

_generations = itertools.count(1)


@dataclass(slots=True, frozen=True)
class ResultRow:
    """One document as the results list shows it (all text already made safe)."""

    id: int
    title: str
    created: str = ""
    asn: int | None = None
    correspondent: int | None = None
    document_type: int | None = None
    tags: tuple[int, ...] = ()
    notes: int = 0
    score: float | None = None
    snippet: tuple[tuple[str, bool], ...] = ()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> ResultRow:
        """Build a row from a document as the documents list endpoint returns it (JSON shape)."""
        hit = data.get("__search_hit__")
        if not isinstance(hit, dict):
            hit = {}
        notes = data.get("notes")
        note_count = len(notes) if isinstance(notes, list) else (_int(data.get("num_notes")) or 0)
        highlights = hit.get("highlights") or hit.get("note_highlights")
        return cls(
            id=int(data["id"]),
            title=clean(data.get("title")),
            created=clean(str(data.get("created") or "")[:10]),
            asn=_int(data.get("archive_serial_number")),
            correspondent=_int(data.get("correspondent")),
            document_type=_int(data.get("document_type")),
            tags=tuple(t for t in (_int(x) for x in data.get("tags") or ()) if t is not None),
            notes=note_count,
            score=_float(hit.get("score")),
            snippet=parse_highlights(highlights),
        )

    @classmethod
    def from_document(cls, doc: Any) -> ResultRow:
        """Build a row from a client `Document` model (fields missing from `fields=` are None)."""
        hit = getattr(doc, "search_hit", None)
        notes = getattr(doc, "note_list", None)
        created = getattr(doc, "created", None)
        highlights = None
        if hit is not None:
            highlights = getattr(hit, "highlights", None) or getattr(hit, "note_highlights", None)
        return cls(
            id=int(doc.id),
            title=clean(getattr(doc, "title", None)),
            created=clean(created.isoformat() if hasattr(created, "isoformat") else (created or "")),
            asn=_int(getattr(doc, "archive_serial_number", None)),
            correspondent=_int(getattr(doc, "correspondent", None)),
            document_type=_int(getattr(doc, "document_type", None)),
            tags=tuple(t for t in (_int(x) for x in getattr(doc, "tags", None) or ()) if t is not None),
            notes=len(notes) if isinstance(notes, list) else 0,
            score=_float(getattr(hit, "score", None)) if hit else None,
            snippet=parse_highlights(highlights),
        )


#: The `fields=` a results row needs (notes only to count them).
ROW_FIELDS = (
    "id",
    "title",
    "created",
    "archive_serial_number",
    "correspondent",
    "document_type",
    "tags",
    "notes",
)


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _float(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


class ResultSet:
    """Total count plus the pages of one query fetched so far.

    Pages are numbered from 0 here (the server counts from 1). `generation` is unique per result set,
    so an answer for a previous query can be recognised and dropped.
    """

    __slots__ = (
        "_failed",
        "_pages",
        "_requested",
        "generation",
        "has_hits",
        "keep_position",
        "max_pages",
        "page_size",
        "total",
    )

    def __init__(
        self,
        total: int,
        *,
        page_size: int = 100,
        has_hits: bool = False,
        max_pages: int = 64,
        keep_position: bool = False,
    ) -> None:
        self.generation = next(_generations)
        #: True for a refresh of the same query: the list keeps its cursor instead of going to the top.
        self.keep_position = keep_position
        self.total = max(0, total)
        self.page_size = page_size
        self.has_hits = has_hits
        self.max_pages = max_pages
        self._pages: OrderedDict[int, tuple[ResultRow, ...]] = OrderedDict()
        self._requested: set[int] = set()
        self._failed: set[int] = set()

    def __repr__(self) -> str:
        return f"ResultSet(gen={self.generation}, total={self.total}, pages={sorted(self._pages)})"

    @property
    def page_count(self) -> int:
        return -(-self.total // self.page_size)

    def page_of(self, index: int) -> int:
        return index // self.page_size

    def row(self, index: int) -> ResultRow | None:
        """The row at `index`, or None when its page is not loaded (or `index` is out of range)."""
        page = self._pages.get(index // self.page_size)
        if page is None:
            return None
        offset = index % self.page_size
        return page[offset] if offset < len(page) else None

    def has_page(self, page: int) -> bool:
        return page in self._pages

    def is_requested(self, page: int) -> bool:
        return page in self._requested

    def is_failed(self, page: int) -> bool:
        return page in self._failed

    def mark_requested(self, page: int) -> None:
        self._requested.add(page)
        self._failed.discard(page)

    def mark_failed(self, page: int) -> None:
        self._requested.discard(page)
        self._failed.add(page)

    def add_page(self, page: int, rows: Iterable[ResultRow], *, total: int | None = None) -> None:
        """Store a fetched page (evicting the least recently stored page beyond `max_pages`)."""
        self._pages[page] = tuple(rows)
        self._pages.move_to_end(page)
        self._requested.discard(page)
        self._failed.discard(page)
        if total is not None:
            self.total = max(0, total)
        while len(self._pages) > self.max_pages:
            evicted, _ = self._pages.popitem(last=False)
            self._requested.discard(evicted)

    def touch(self, page: int) -> None:
        """Mark `page` as recently used so it is evicted last."""
        if page in self._pages:
            self._pages.move_to_end(page)

    def retry_failed(self) -> None:
        self._failed.clear()

    def index_of(self, doc_id: int) -> int | None:
        """Index of the loaded row for document `doc_id`, if any."""
        for page, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.id == doc_id:
                    return page * self.page_size + offset
        return None
