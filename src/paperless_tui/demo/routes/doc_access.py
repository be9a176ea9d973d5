"""Looking documents up for a request (404 missing/hidden, 403 without change rights); audit history."""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

from paperless_tui.demo.routes.common import ApiError, Req, not_found
from paperless_tui.demo.routes.doc_json import can_change, can_view, perms_of

FORBIDDEN = {"detail": "You do not have permission to perform this action."}


def get_doc(
    req: Req,
    doc_id: int,
    *,
    change: bool = False,
    allow_deleted: bool = False,
    allow_version: bool = False,
    model: str | None = "Document",
) -> sqlite3.Row:
    row = req.store.doc_row(doc_id)
    if (
        row is None
        or (row["deleted_at"] and not allow_deleted)
        or (row["root_document"] and not allow_version)
    ):
        raise not_found(model)
    perms = perms_of(req.store, [doc_id])[doc_id]
    if not can_view(req, row["owner"], perms):
        raise not_found(model)
    if change and not can_change(req, row["owner"], perms):
        raise ApiError(403, FORBIDDEN)
    return row


def check_docs_exist(req: Req, ids: Any, *, change: bool = True) -> list[int]:
    """Validate a `documents` list of a bulk request: ints that exist (not trashed) and are changeable."""
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise ApiError(400, {"documents": ["A valid integer is required."]})
    if not ids:
        return []
    if len(set(ids)) != len(ids):
        raise ApiError(
            400, {"documents": ["Some documents in documents don't exist or were specified twice."]}
        )
    marks = ",".join("?" * len(ids))
    rows = req.store.q(
        f"SELECT id, owner FROM docs WHERE id IN ({marks}) AND deleted_at IS NULL",
        ids,
    )
    if len(rows) != len(ids):
        raise ApiError(
            400, {"documents": ["Some documents in documents don't exist or were specified twice."]}
        )
    perms = perms_of(req.store, ids)
    for row in rows:
        allowed = (
            can_change(req, row["owner"], perms[row["id"]])
            if change
            else can_view(req, row["owner"], perms[row["id"]])
        )
        if not allowed:
            raise ApiError(403, {"detail": "Insufficient permissions"})
    return list(ids)


def utc_now_z() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def add_history(
    req: Req,
    db: sqlite3.Connection,
    doc_id: int,
    changes: dict[str, Any],
    *,
    action: str = "update",
    actor: int | bool | None = True,
) -> None:
    """Record an audit-log entry (actor True = the requesting user, None = system)."""
    actor_id = req.uid if actor is True else (None if actor is False else actor)
    req.store.put_object(
        db,
        "history",
        {
            "id": None,
            "document": doc_id,
            "timestamp": utc_now_z(),
            "action": action,
            "changes": changes,
            "actor": actor_id,
        },
        doc=doc_id,
    )
