"""This session's bulk changes, with what undoes each one: the undo/redo stack.

A `BulkChange` records what was done (`forward`: the bulk_edit operations sent), to how many
documents, when, and each touched document's previous values (`previous`, from `Marks`' snapshots).
Its inverse is computed from those: the undo of a tag change restores each document's own tags (a
document that already had an added tag keeps it; one that lacked a removed tag does not get it),
a correspondent/type/storage path change is undone by one request per previous value, a custom
field change per group of documents with the same previous values. Documents are grouped, so an
undo sends as few requests as the previous values allow, never one per document when avoidable.

`apply_operation` says what an operation does to a document's values: the screen uses it for the
optimistic list update and to keep snapshots current. Changes without a known inverse (trash,
reprocess, rotate, merge, permissions) are recorded too, as not undoable, so the history shows them.

Pure: no Textual, no client.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from paperless_tui.app.models.marks import DocValues

#: bulk_edit methods that set one field, and the parameter/attribute each one sets.
SETTERS: Mapping[str, str] = {
    "set_correspondent": "correspondent",
    "set_document_type": "document_type",
    "set_storage_path": "storage_path",
}


@dataclass(frozen=True)
class Operation:
    """One bulk_edit request: `method` of `paperless.documents.bulk_edit` on `documents`."""

    method: str
    documents: tuple[int, ...]
    params: Mapping[str, Any] = field(default_factory=dict)


def tags_operation(documents: Iterable[int], add: Iterable[int], remove: Iterable[int]) -> Operation:
    return Operation(
        "modify_tags",
        tuple(documents),
        {"add_tags": sorted(set(add)), "remove_tags": sorted(set(remove))},
    )


def set_operation(method: str, documents: Iterable[int], value: int | None) -> Operation:
    return Operation(method, tuple(documents), {SETTERS[method]: value})


def fields_operation(
    documents: Iterable[int], add: Mapping[int, Any], remove: Iterable[int] = ()
) -> Operation:
    return Operation(
        "modify_custom_fields",
        tuple(documents),
        {"add_custom_fields": dict(add), "remove_custom_fields": sorted(set(remove))},
    )


def apply_operation(values: DocValues, operation: Operation) -> DocValues:
    """`values` after `operation`, as the server applies it (documents it does not name are unchanged)."""
    params = operation.params
    if operation.method == "modify_tags":
        removed = values.tags - set(params.get("remove_tags", ()))
        return values.with_tags(removed | set(params.get("add_tags", ())))
    if operation.method in SETTERS:
        attribute = SETTERS[operation.method]
        changes: dict[str, Any] = {attribute: params.get(attribute)}
        return replace(values, **changes)
    if operation.method == "modify_custom_fields":
        fields = dict(values.custom_fields)
        for field_id in params.get("remove_custom_fields", ()):
            fields.pop(int(field_id), None)
        for field_id, value in dict(params.get("add_custom_fields", {})).items():
            fields[int(field_id)] = value
        return replace(values, custom_fields=fields)
    return values


def _group(keys: Mapping[int, Any]) -> dict[str, tuple[Any, list[int]]]:
    """Documents grouped by a JSON-able key, in document order."""
    groups: dict[str, tuple[Any, list[int]]] = {}
    for doc_id, key in keys.items():
        if key is None:
            continue
        token = json.dumps(key, sort_keys=True, default=str)
        groups.setdefault(token, (key, []))[1].append(doc_id)
    return groups


def inverse_of(operation: Operation, previous: Mapping[int, DocValues]) -> list[Operation]:
    """Operations that give every document of `operation` back its value in `previous`."""
    params = operation.params
    docs = [d for d in operation.documents if d in previous]
    if operation.method == "modify_tags":
        added, removed = set(params.get("add_tags", ())), set(params.get("remove_tags", ()))
        keys: dict[int, Any] = {}
        for doc_id in docs:
            had = previous[doc_id].tags
            back = sorted(removed & had)  # removed tags it had: add them again
            drop = sorted(added - had)  # added tags it lacked: remove them again
            keys[doc_id] = (back, drop) if back or drop else None
        return [tags_operation(ids, back, drop) for (back, drop), ids in _group(keys).values()]
    if operation.method in SETTERS:
        attribute = SETTERS[operation.method]
        new = params.get(attribute)
        keys = {}
        for doc_id in docs:
            old = getattr(previous[doc_id], attribute)
            keys[doc_id] = None if old == new else [old]
        return [set_operation(operation.method, ids, old) for (old,), ids in _group(keys).values()]
    if operation.method == "modify_custom_fields":
        touched = {int(f) for f in params.get("remove_custom_fields", ())}
        touched |= {int(f) for f in dict(params.get("add_custom_fields", {}))}
        keys = {}
        for doc_id in docs:
            values = previous[doc_id].custom_fields
            restore = sorted(([f, values[f]] for f in touched if f in values), key=lambda x: x[0])
            drop = sorted(f for f in touched if f not in values)
            keys[doc_id] = [restore, drop]
        return [
            fields_operation(ids, {f: v for f, v in restore}, drop)
            for (restore, drop), ids in _group(keys).values()
        ]
    raise ValueError(f"no known inverse for {operation.method}")


UNDOABLE = frozenset({"modify_tags", "modify_custom_fields", *SETTERS})


@dataclass
class BulkChange:
    """One bulk change of this session."""

    what: str
    """In words: 'add tag Paid', 'set correspondent to ACME', 'move to trash'."""
    documents: tuple[int, ...]
    at: datetime
    forward: tuple[Operation, ...] = ()
    previous: Mapping[int, DocValues] = field(default_factory=dict)
    undoable: bool = True
    undone: bool = False

    @property
    def count(self) -> int:
        return len(self.documents)

    def inverse(self) -> list[Operation]:
        """What undoes it (in reverse order of the forward operations)."""
        if not self.undoable:
            return []
        operations: list[Operation] = []
        for operation in reversed(self.forward):
            operations.extend(inverse_of(operation, self.previous))
        return operations

    def after(self) -> dict[int, DocValues]:
        """Each document's values after the change (what redo gives back)."""
        result: dict[int, DocValues] = {}
        for doc_id, values in self.previous.items():
            for operation in self.forward:
                if doc_id in operation.documents:
                    values = apply_operation(values, operation)
            result[doc_id] = values
        return result


def change(
    what: str, forward: Iterable[Operation], previous: Mapping[int, DocValues], at: datetime
) -> BulkChange:
    """A change made of `forward` operations, undoable when all of them have a known inverse and every
    touched document's previous values are known."""
    operations = tuple(forward)
    documents = tuple(dict.fromkeys(d for op in operations for d in op.documents))
    undoable = all(op.method in UNDOABLE for op in operations) and all(d in previous for d in documents)
    kept = {d: previous[d] for d in documents if d in previous}
    return BulkChange(what, documents, at, operations, kept, undoable=undoable)


class BulkHistory:
    """The session's changes, newest last, and the redo stack."""

    def __init__(self) -> None:
        self.entries: list[BulkChange] = []
        self._redo: list[BulkChange] = []

    def record(self, entry: BulkChange) -> None:
        """A new change: what was undone before can no longer be redone."""
        self.entries.append(entry)
        self._redo.clear()

    def to_undo(self) -> BulkChange | None:
        """The newest change not undone, if it can be undone."""
        for entry in reversed(self.entries):
            if not entry.undone and entry.undoable:
                return entry
        return None

    def to_redo(self) -> BulkChange | None:
        return self._redo[-1] if self._redo else None

    def undone(self, entry: BulkChange) -> None:
        """`entry`'s inverse was applied."""
        entry.undone = True
        self._redo.append(entry)

    def redone(self, entry: BulkChange) -> None:
        """`entry` was applied again."""
        entry.undone = False
        if self._redo and self._redo[-1] is entry:
            self._redo.pop()
