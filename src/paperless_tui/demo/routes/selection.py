"""Selections of documents: `selection_data` (counts per object) and `bulk_download` (a zip of files)."""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from starlette.responses import Response

from paperless_tui.demo.routes.common import ApiError, Req, api, json_body
from paperless_tui.demo.routes.doc_access import check_docs_exist
from paperless_tui.demo.routes.doc_json import visible_clause
from paperless_tui.demo.routes.files import file_bytes


@api("POST", name="Selection Data")
async def selection_data(req: Req) -> Any:
    data = await json_body(req)
    ids = check_docs_exist(req, data.get("documents"), change=False)
    marks = ",".join("?" * len(ids)) or "NULL"
    store = req.store

    def counts(sql: str) -> dict[int, int]:
        return {r[0]: r[1] for r in store.q(sql.format(marks=marks), ids)}

    corr = counts("SELECT correspondent, COUNT(*) FROM docs WHERE id IN ({marks}) GROUP BY correspondent")
    types = counts("SELECT document_type, COUNT(*) FROM docs WHERE id IN ({marks}) GROUP BY document_type")
    paths = counts("SELECT storage_path, COUNT(*) FROM docs WHERE id IN ({marks}) GROUP BY storage_path")
    tags = counts("SELECT tag, COUNT(*) FROM doc_tags WHERE doc IN ({marks}) GROUP BY tag")
    cfs = counts("SELECT field, COUNT(*) FROM doc_cf WHERE doc IN ({marks}) GROUP BY field")
    return {
        "selected_correspondents": [
            {"id": i, "document_count": corr.get(i, 0)} for i in store.objects("correspondents")
        ],
        "selected_tags": [{"id": i, "document_count": tags.get(i, 0)} for i in store.objects("tags")],
        "selected_document_types": [
            {"id": i, "document_count": types.get(i, 0)} for i in store.objects("document_types")
        ],
        "selected_storage_paths": [
            {"id": i, "document_count": paths.get(i, 0)} for i in store.objects("storage_paths")
        ],
        "selected_custom_fields": [
            {"id": i, "document_count": cfs.get(i, 0)} for i in store.objects("custom_fields")
        ],
    }


@api("POST", name="Bulk Download")
async def bulk_download(req: Req) -> Any:
    data = await json_body(req)
    ids = check_docs_exist(req, data.get("documents"), change=False)
    content = data.get("content", "archive")
    if content not in ("archive", "originals", "both"):
        raise ApiError(400, {"content": [f'"{content}" is not a valid choice.']})
    compression = zipfile.ZIP_DEFLATED if data.get("compression") == "deflated" else zipfile.ZIP_STORED
    buf = io.BytesIO()
    vis, params = visible_clause(req)
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for did in ids:
            row = req.store.q1(f"SELECT * FROM docs d WHERE d.id = ? AND {vis}", (did, *params))
            if row is None:
                continue
            base = re.sub(r"[^\w.\- ]", "_", f"{row['created']} {row['title']}")[:100]
            if content in ("originals", "both") or not row["has_archive_version"]:
                data_bytes = await file_bytes(req.store, did, "original")
                ext = {"image/png": ".png", "image/jpeg": ".jpg"}.get(row["mime_type"], ".pdf")
                folder = "originals/" if content == "both" else ""
                zf.writestr(f"{folder}{base}{ext}", data_bytes or b"")
            if content in ("archive", "both") and row["has_archive_version"]:
                data_bytes = await file_bytes(req.store, did, "archive")
                folder = "archive/" if content == "both" else ""
                zf.writestr(f"{folder}{base}.pdf", data_bytes or b"")
    return Response(
        buf.getvalue(),
        media_type="application/zip",
        headers={"content-disposition": 'attachment; filename="documents.zip"'},
    )
