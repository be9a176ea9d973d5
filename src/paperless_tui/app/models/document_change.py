"""What a write changed on a document, as the app announces it (`PaperlessApp.document_changed`).

A note added or deleted, or metadata saved: every screen that shows the document (the list's row, the
document screen's tabs) watches the app's `document_changed` and catches up from this, without asking
the server again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DocumentChange:
    """Document `doc_id` changed: its new state as the server answered the write."""

    doc_id: int
    document: Any = None
    """The client `Document` after a metadata save (None: its fields did not change)."""
    notes: tuple[Any, ...] | None = None
    """Its notes after one was added or deleted (None: they did not change)."""
