"""The documents opened last, kept so that opening one again shows it at once (then refreshed).

A small LRU of client `Document` models by id, tied to the client that fetched them: a new client (another
URL or user) starts empty. The document screen shows a kept document in its first frame and fetches it
again at once, so a change made elsewhere shows a moment later; nothing is ever shown from here alone.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

KEPT = 32
"""Documents kept (a triage pass moves back and forth among the last few)."""


class RecentDocuments:
    """`get`/`put` documents by id for one client at a time."""

    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self._owner: object | None = None
        self._documents: OrderedDict[int, Any] = OrderedDict()

    def _for(self, owner: object) -> OrderedDict[int, Any]:
        if owner is not self._owner:
            self._owner = owner
            self._documents.clear()
        return self._documents

    def get(self, owner: object, doc_id: int) -> Any | None:
        documents = self._for(owner)
        document = documents.get(doc_id)
        if document is not None:
            documents.move_to_end(doc_id)
        return document

    def put(self, owner: object, doc_id: int, document: Any) -> None:
        documents = self._for(owner)
        documents[doc_id] = document
        documents.move_to_end(doc_id)
        while len(documents) > self.size:
            documents.popitem(last=False)

    def forget(self, doc_id: int) -> None:
        """Drop `doc_id` (deleted, or changed by a write that does not refetch it)."""
        self._documents.pop(doc_id, None)
