"""Marked documents: the ids the user picked for a bulk edit, kept across queries, pages and screens.

`Marks` is the one owner of the selection. It holds the marked ids (in the order they were marked),
the anchor of a visual range (`V`: the row index it started on), and a snapshot of each target
document's editable values (`DocValues`: tags, correspondent, type, storage path, custom fields,
owner) — what the bulk panel counts ("on all / some / none") and what an undo restores. Snapshots
come from the result rows the user has seen, from the server (the screen fetches the missing ones by
id), and are updated by every bulk change applied through `apply`.

Pure: no Textual, no client. The screen holds one `Marks` and mutates its reactive after a change;
`version` grows with every change so a renderer can key caches on it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

#: The `fields=` a snapshot needs (what a bulk change can change and its undo must restore).
SNAPSHOT_FIELDS = (
    "id",
    "tags",
    "correspondent",
    "document_type",
    "storage_path",
    "custom_fields",
    "owner",
    "user_can_change",
)


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(frozen=True, slots=True)
class DocValues:
    """One document's editable values, as the server had them when last seen."""

    id: int
    tags: frozenset[int] = frozenset()
    correspondent: int | None = None
    document_type: int | None = None
    storage_path: int | None = None
    custom_fields: Mapping[int, Any] = field(default_factory=dict)
    """Custom field id -> value (JSON as the server sends it)."""
    owner: int | None = None
    can_change: bool = True
    """Whether the user may change it (the server's `user_can_change`)."""

    @classmethod
    def from_document(cls, doc: Any) -> DocValues:
        """From a client `Document` fetched with `fields=SNAPSHOT_FIELDS`."""
        raw = getattr(doc, "custom_field_data", None) or ()
        fields: dict[int, Any] = {}
        for item in raw:
            field_id = _int_or_none(item.get("field")) if isinstance(item, Mapping) else None
            if field_id is not None:
                fields[field_id] = item.get("value")
        return cls(
            id=int(doc.id),
            tags=frozenset(t for t in (getattr(doc, "tags", None) or ()) if isinstance(t, int)),
            correspondent=_int_or_none(getattr(doc, "correspondent", None)),
            document_type=_int_or_none(getattr(doc, "document_type", None)),
            storage_path=_int_or_none(getattr(doc, "storage_path", None)),
            custom_fields=fields,
            owner=_int_or_none(getattr(doc, "owner", None)),
            can_change=getattr(doc, "user_can_change", None) is not False,
        )

    def with_tags(self, tags: Iterable[int]) -> DocValues:
        return replace(self, tags=frozenset(tags))


@dataclass(frozen=True)
class Summary:
    """Where each tag, correspondent, type and storage path is over `total` target documents
    (`known` of which have a snapshot; the counts cover only those)."""

    total: int
    known: int
    tags: Mapping[int, int]
    correspondents: Mapping[int | None, int]
    document_types: Mapping[int | None, int]
    storage_paths: Mapping[int | None, int]

    @property
    def complete(self) -> bool:
        return self.known >= self.total


class Marks:
    """The marked document ids, a visual range anchor, and snapshots of target documents."""

    def __init__(self) -> None:
        self._ids: dict[int, None] = {}  # an ordered set
        self._snapshots: dict[int, DocValues] = {}
        self._partial: set[int] = set()  # snapshots built from a result row (no path, no fields)
        self.anchor: int | None = None
        """The row index a visual range (`V`) started on; None when no range is open."""
        self.version = 0

    # ------------------------------------------------------------------ the set

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._ids

    def __iter__(self) -> Iterator[int]:
        return iter(self._ids)

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(self._ids)

    def _changed(self) -> None:
        self.version += 1

    def toggle(self, doc_id: int) -> bool:
        """Mark `doc_id`, or unmark it when it is marked; True when it is now marked."""
        self._changed()
        if doc_id in self._ids:
            del self._ids[doc_id]
            return False
        self._ids[doc_id] = None
        return True

    def add(self, doc_ids: Iterable[int]) -> int:
        """Mark these ids; returns how many were not marked before."""
        before = len(self._ids)
        for doc_id in doc_ids:
            self._ids.setdefault(doc_id, None)
        self._changed()
        return len(self._ids) - before

    def discard(self, doc_ids: Iterable[int]) -> None:
        """Unmark these ids (e.g. documents moved to the trash)."""
        for doc_id in doc_ids:
            self._ids.pop(doc_id, None)
            self._snapshots.pop(doc_id, None)
        self._changed()

    def clear(self) -> None:
        self._ids.clear()
        self.anchor = None
        self._changed()

    # ------------------------------------------------------------------ visual range

    def start_range(self, index: int) -> None:
        self.anchor = index
        self._changed()

    def cancel_range(self) -> None:
        self.anchor = None
        self._changed()

    def range_bounds(self, cursor: int) -> tuple[int, int] | None:
        """(first, last) row index of the open range with the cursor at `cursor`."""
        if self.anchor is None:
            return None
        return (min(self.anchor, cursor), max(self.anchor, cursor))

    def in_range(self, index: int, cursor: int) -> bool:
        bounds = self.range_bounds(cursor)
        return bounds is not None and bounds[0] <= index <= bounds[1]

    # ------------------------------------------------------------------ snapshots

    def remember(self, values: Iterable[DocValues]) -> None:
        """Store (or replace) snapshots."""
        for value in values:
            self._snapshots[value.id] = value
        self._changed()

    def remember_rows(self, rows: Iterable[Any]) -> None:
        """Fill tags/correspondent/type from result rows for ids without a snapshot (rows do not carry
        the storage path or custom fields: those snapshots stay partial until fetched)."""
        for row in rows:
            if row.id not in self._snapshots:
                self._partial.add(row.id)
                self._snapshots[row.id] = DocValues(
                    id=row.id,
                    tags=frozenset(row.tags),
                    correspondent=row.correspondent,
                    document_type=row.document_type,
                )
        self._changed()

    def snapshot(self, doc_id: int) -> DocValues | None:
        return self._snapshots.get(doc_id)

    def snapshots(self, doc_ids: Iterable[int]) -> dict[int, DocValues]:
        return {i: self._snapshots[i] for i in doc_ids if i in self._snapshots}

    def missing(self, doc_ids: Iterable[int], *, complete: bool = False) -> list[int]:
        """The ids of `doc_ids` without a snapshot (with `complete`: or with only a row's partial one)."""
        partial = self._partial if complete else set()
        return [i for i in doc_ids if i not in self._snapshots or i in partial]

    def store_complete(self, values: Iterable[DocValues]) -> None:
        """Store snapshots fetched from the server with every snapshot field."""
        values = list(values)
        for value in values:
            self._partial.discard(value.id)
        self.remember(values)

    def summary(self, doc_ids: Iterable[int] | None = None) -> Summary:
        """Counts over `doc_ids` (default: the marked ids)."""
        targets = list(self._ids if doc_ids is None else doc_ids)
        tags: Counter[int] = Counter()
        correspondents: Counter[int | None] = Counter()
        types: Counter[int | None] = Counter()
        paths: Counter[int | None] = Counter()
        known = 0
        for doc_id in targets:
            values = self._snapshots.get(doc_id)
            if values is None:
                continue
            known += 1
            tags.update(values.tags)
            correspondents[values.correspondent] += 1
            types[values.document_type] += 1
            if doc_id not in self._partial:
                paths[values.storage_path] += 1
        return Summary(len(targets), known, dict(tags), dict(correspondents), dict(types), dict(paths))


def range_ids(
    rows: Iterable[Any | None], all_ids: tuple[int, ...] | None, first: int, last: int
) -> list[int]:
    """The document ids of rows `first..last` (inclusive): from the id list of every match when the
    server sent it, otherwise from the loaded rows (`rows` yields the row at each index, or None)."""
    if all_ids is not None:
        return list(all_ids[first : last + 1])
    return [row.id for row in rows if row is not None]
