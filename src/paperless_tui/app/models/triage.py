"""Inbox triage, one document at a time: its values, the server's suggestions, and the user's changes.

A `TriageDraft` starts from a document's values and its classifier suggestions. One key accepts a
suggestion (numbered in the order shown: correspondent, type, storage path, tags, date) or all of
them; the pickers set any value. `patch()` is the one request that applies the draft: only the
fields that differ, and the inbox tags taken off (that is what triage is for). `TriageValues` are
what an undo sends back.

Pure: no Textual, no client.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

KINDS = ("correspondent", "document_type", "storage_path", "tags", "created")
KIND_LABELS = {
    "correspondent": "Correspondent",
    "document_type": "Type",
    "storage_path": "Storage path",
    "tags": "Tags",
    "created": "Date",
}


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class TriageValues:
    """The values triage can change on one document."""

    tags: frozenset[int] = frozenset()
    correspondent: int | None = None
    document_type: int | None = None
    storage_path: int | None = None
    created: dt.date | None = None

    @classmethod
    def from_document(cls, doc: Any) -> TriageValues:
        created = getattr(doc, "created", None)
        if isinstance(created, dt.datetime):
            created = created.date()
        return cls(
            tags=frozenset(t for t in (getattr(doc, "tags", None) or ()) if isinstance(t, int)),
            correspondent=_int_or_none(getattr(doc, "correspondent", None)),
            document_type=_int_or_none(getattr(doc, "document_type", None)),
            storage_path=_int_or_none(getattr(doc, "storage_path", None)),
            created=created if isinstance(created, dt.date) else None,
        )

    def differences(self, other: TriageValues) -> dict[str, Any]:
        """The fields of `other` that differ from these, as a PATCH body (JSON values)."""
        body: dict[str, Any] = {}
        if other.tags != self.tags:
            body["tags"] = sorted(other.tags)
        for name in ("correspondent", "document_type", "storage_path"):
            if getattr(other, name) != getattr(self, name):
                body[name] = getattr(other, name)
        if other.created != self.created and other.created is not None:
            body["created"] = other.created.isoformat()
        return body


@dataclass(frozen=True)
class Suggestions:
    """The server's suggestions for one document (ids and dates, best first)."""

    correspondents: tuple[int, ...] = ()
    document_types: tuple[int, ...] = ()
    storage_paths: tuple[int, ...] = ()
    tags: tuple[int, ...] = ()
    dates: tuple[dt.date, ...] = ()

    @classmethod
    def from_api(cls, suggestions: Any) -> Suggestions:
        def ids(name: str) -> tuple[int, ...]:
            return tuple(v for v in (getattr(suggestions, name, None) or ()) if isinstance(v, int))

        dates = tuple(d for d in (getattr(suggestions, "dates", None) or ()) if isinstance(d, dt.date))
        return cls(ids("correspondents"), ids("document_types"), ids("storage_paths"), ids("tags"), dates)


@dataclass(frozen=True)
class Offer:
    """One suggestion the user can accept with one key: `number` (1..5), what it sets, to what."""

    number: int
    kind: str
    value: Any
    """An id, a frozenset of tag ids to add, or a date."""
    accepted: bool


@dataclass
class TriageDraft:
    """One document being triaged: what it was, what the user made of it so far."""

    doc_id: int
    before: TriageValues
    suggestions: Suggestions = field(default_factory=Suggestions)
    values: TriageValues = field(init=False)

    def __post_init__(self) -> None:
        self.values = self.before

    # --- suggestions -----------------------------------------------------------------------------

    def _suggested(self, kind: str) -> Any:
        s = self.suggestions
        if kind == "correspondent":
            return s.correspondents[0] if s.correspondents else None
        if kind == "document_type":
            return s.document_types[0] if s.document_types else None
        if kind == "storage_path":
            return s.storage_paths[0] if s.storage_paths else None
        if kind == "tags":
            new = frozenset(s.tags) - self.before.tags
            return new or None
        return s.dates[0] if s.dates else None

    def offers(self) -> list[Offer]:
        """The suggestions worth a key: the ones that would change something, numbered from 1."""
        offers: list[Offer] = []
        for kind in KINDS:
            value = self._suggested(kind)
            if value is None:
                continue
            if kind == "tags":
                if value <= self.before.tags:
                    continue
                accepted = value <= self.values.tags
            else:
                if getattr(self.before, kind) == value:
                    continue
                accepted = getattr(self.values, kind) == value
            offers.append(Offer(len(offers) + 1, kind, value, accepted))
        return offers

    def accept(self, number: int) -> Offer | None:
        """Take suggestion `number` (as `offers()` numbers them); None when there is no such one."""
        for offer in self.offers():
            if offer.number == number:
                self._take(offer)
                return offer
        return None

    def accept_all(self) -> int:
        offers = self.offers()
        for offer in offers:
            self._take(offer)
        return len(offers)

    def _take(self, offer: Offer) -> None:
        if offer.kind == "tags":
            self.values = replace(self.values, tags=self.values.tags | offer.value)
        else:
            changes: dict[str, Any] = {offer.kind: offer.value}
            self.values = replace(self.values, **changes)

    # --- the user's own choices ------------------------------------------------------------------

    def set(self, kind: str, value: int | None) -> None:
        """Set the correspondent, type or storage path (None clears it)."""
        if kind not in ("correspondent", "document_type", "storage_path"):
            raise ValueError(kind)
        changes: dict[str, Any] = {kind: value}
        self.values = replace(self.values, **changes)

    def set_created(self, day: dt.date) -> None:
        self.values = replace(self.values, created=day)

    def change_tags(self, add: Iterable[int], remove: Iterable[int]) -> None:
        self.values = replace(self.values, tags=(self.values.tags - set(remove)) | set(add))

    def reset(self) -> None:
        self.values = self.before

    # --- applying --------------------------------------------------------------------------------

    def after(self, inbox_tags: Iterable[int]) -> TriageValues:
        """The values that applying gives: the draft, with the inbox tags taken off."""
        return replace(self.values, tags=self.values.tags - set(inbox_tags))

    def patch(self, inbox_tags: Iterable[int]) -> dict[str, Any]:
        """The one request that applies the draft (empty when it would change nothing)."""
        return self.before.differences(self.after(inbox_tags))

    def changed_kinds(self) -> list[str]:
        return [kind for kind in KINDS if getattr(self.values, kind) != getattr(self.before, kind)]


def describe_patch(body: dict[str, Any], before: TriageValues, names: Any) -> str:
    """'correspondent ACME Corp · tags +Paid −Inbox' for the history and the toast (names: Lookups)."""
    parts: list[str] = []
    if "correspondent" in body:
        parts.append(f"correspondent {names.correspondent(body['correspondent']) or 'none'}")
    if "document_type" in body:
        parts.append(f"type {names.document_type(body['document_type']) or 'none'}")
    if "storage_path" in body:
        parts.append(f"storage path {names.storage_path(body['storage_path']) or 'none'}")
    if "tags" in body:
        new = set(body["tags"])
        added = [f"+{names.tag_name(t)}" for t in sorted(new - before.tags)]
        removed = [f"−{names.tag_name(t)}" for t in sorted(before.tags - new)]
        parts.append("tags " + " ".join(added + removed))
    if "created" in body:
        parts.append(f"date {body['created']}")
    return " · ".join(parts) or "nothing"


def remaining(order: Sequence[int], done: set[int]) -> int:
    """How many documents are left to triage."""
    return sum(1 for doc_id in order if doc_id not in done)
