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
            created=clean(
                created.isoformat()
                if created is not None and hasattr(created, "isoformat")
                else (created or "")
            ),
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
    """The one owner of one query's results: its total, the pages fetched so far, rows by id, and the
    ids of every match where the server sends them (`all` under API version 9).

    Pages are numbered from 0 here (the server counts from 1). `generation` is unique per result set,
    so an answer for a previous query can be recognised and dropped. Widgets only read it; every change
    goes through its methods (`add_page`, `update_row`, `remove`, `mark_*`).
    """

    __slots__ = (
        "_failed",
        "_pages",
        "_requested",
        "_where",
        "all_ids",
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
        all_ids: Iterable[int] | None = None,
    ) -> None:
        self.generation = next(_generations)
        #: True for a refresh of the same query: the list keeps its cursor instead of going to the top.
        self.keep_position = keep_position
        self.total = max(0, total)
        self.page_size = page_size
        self.has_hits = has_hits
        self.max_pages = max_pages
        #: The id of every match, in order, when the server sent them (None otherwise).
        self.all_ids: tuple[int, ...] | None = tuple(all_ids) if all_ids is not None else None
        self._pages: OrderedDict[int, tuple[ResultRow, ...]] = OrderedDict()
        self._where: dict[int, int] = {}  # document id -> page holding its row
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
        """The row at `index`, or None when its page is not loaded (or `index` is out of range).
        Reading a page makes it the most recently used (evicted last)."""
        page_number = index // self.page_size
        page = self._pages.get(page_number)
        if page is None:
            return None
        self._pages.move_to_end(page_number)
        offset = index % self.page_size
        return page[offset] if offset < len(page) else None

    def needs(self, index: int) -> int | None:
        """The page to fetch to show row `index` (None when it is there, asked for, or failed)."""
        if not 0 <= index < self.total or self.row(index) is not None:
            return None
        page = index // self.page_size
        return None if page in self._requested or page in self._failed else page

    def wants(self, page: int) -> bool:
        """Whether `page` should be fetched: not asked for, not failed, and missing or short of rows
        (a removal left it one short)."""
        if page in self._requested or page in self._failed or not 0 <= page < self.page_count:
            return False
        rows = self._pages.get(page)
        expected = min(self.page_size, self.total - page * self.page_size)
        return rows is None or len(rows) < expected

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

    def add_page(
        self,
        page: int,
        rows: Iterable[ResultRow],
        *,
        total: int | None = None,
        all_ids: Iterable[int] | None = None,
    ) -> None:
        """Store a fetched page (evicting the least recently stored page beyond `max_pages`)."""
        self._drop_page(page)
        stored = tuple(rows)
        self._pages[page] = stored
        for row in stored:
            self._where.setdefault(row.id, page)
        self._requested.discard(page)
        self._failed.discard(page)
        if total is not None:
            self.total = max(0, total)
        if all_ids is not None:
            self.all_ids = tuple(all_ids)
        while len(self._pages) > self.max_pages:
            evicted = next(iter(self._pages))
            self._drop_page(evicted)

    def _drop_page(self, page: int) -> None:
        rows = self._pages.pop(page, None)
        self._requested.discard(page)
        for row in rows or ():
            if self._where.get(row.id) == page:
                del self._where[row.id]

    def retry_failed(self) -> list[int]:
        """Forget which pages failed (they are asked for again); returns them."""
        failed = sorted(self._failed)
        self._failed.clear()
        return failed

    def _page_holding(self, doc_id: int) -> int | None:
        page = self._where.get(doc_id)
        if page is None:  # (an id the index lost when the page it pointed to was evicted)
            page = next(
                (number for number, rows in self._pages.items() if any(r.id == doc_id for r in rows)), None
            )
            if page is not None:
                self._where[doc_id] = page
        return page

    def get(self, doc_id: int) -> ResultRow | None:
        """The loaded row of document `doc_id`, if any."""
        page = self._page_holding(doc_id)
        if page is None:
            return None
        return next((row for row in self._pages[page] if row.id == doc_id), None)

    def index_of(self, doc_id: int) -> int | None:
        """Index of the loaded row for document `doc_id`, if any."""
        page = self._page_holding(doc_id)
        if page is None:
            return None
        for offset, row in enumerate(self._pages[page]):
            if row.id == doc_id:
                return page * self.page_size + offset
        return None

    def update_row(self, row: ResultRow) -> bool:
        """Replace the loaded row of document `row.id` (True if it was loaded)."""
        page = self._page_holding(row.id)
        if page is None:
            return False
        self._pages[page] = tuple(row if old.id == row.id else old for old in self._pages[page])
        return True

    def remove(self, doc_id: int) -> bool:
        """Take document `doc_id` out of the results (it no longer matches): the total shrinks, and
        the pages after its own are dropped, since the server's pages have shifted too (they are
        fetched again when shown). True if the document was among the results."""
        known = self.all_ids is not None and doc_id in self.all_ids
        page = self._page_holding(doc_id)
        if page is None and not known:
            return False
        if self.all_ids is not None:
            self.all_ids = tuple(i for i in self.all_ids if i != doc_id)
        self.total = max(0, self.total - 1)
        if page is not None:
            rows = tuple(row for row in self._pages[page] if row.id != doc_id)
            del self._where[doc_id]
            for later in [number for number in self._pages if number > page]:
                self._drop_page(later)
            self._pages[page] = rows  # short by one: `needs` asks for it again for its last row
        else:
            self._pages.clear()
            self._where.clear()
        return True
