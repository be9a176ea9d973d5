"""The trash: `GET /api/trash/` (paginated trashed documents) and `POST` restore/empty."""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from paperless_tui.demo.routes.common import ApiError, Req, api, json_body, parse_int
from paperless_tui.demo.routes.doc_filters import Where
from paperless_tui.demo.routes.documents import list_documents


@api("GET", "POST", name="Trash")
async def trash(req: Req) -> Any:
    if req.request.method in ("GET", "HEAD"):
        where = Where()
        where.add("d.deleted_at IS NOT NULL")
        where.add("d.root_document IS NULL")
        if not req.is_superuser:
            where.add("d.owner = ?", req.uid)
        return list_documents(req, where, default_order="d.deleted_at DESC")
    data = await json_body(req)
    action = data.get("action")
    if action not in ("restore", "empty"):
        raise ApiError(400, {"action": [f'"{action}" is not a valid choice.']})
    docs = data.get("documents")
    vis = "1" if req.is_superuser else "owner = ?"
    vparams = [] if req.is_superuser else [req.uid]
    trashed = [
        r[0]
        for r in req.store.q(
            f"SELECT id FROM docs WHERE deleted_at IS NOT NULL AND root_document IS NULL AND {vis}",
            vparams,
        )
    ]
    if docs is None:
        ids = trashed
    else:
        if not isinstance(docs, list) or any(parse_int(d) is None for d in docs):
            raise ApiError(400, {"documents": ["A valid integer is required."]})
        ids = [int(d) for d in docs]
        if any(i not in trashed for i in ids):
            raise ApiError(400, {"documents": ["Some documents in the list have not yet been deleted."]})
    with req.store.write() as db:
        for did in ids:
            if action == "restore":
                db.execute("UPDATE docs SET deleted_at = NULL WHERE id = ?", (did,))
            else:
                req.store.purge_document(db, did)
    return {"result": "OK", "doc_ids": ids}
