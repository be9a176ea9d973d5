"""Document files: download/preview/thumb/metadata (`?original=`, `?version=`) and public `/share/<slug>`.

Files are rendered on first request by `render.py` in a worker thread and cached on disk next to the archive.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from paperless_tui.demo import render
from paperless_tui.demo.routes.common import (
    NOT_FOUND_HTML,
    Req,
    api,
    json_response,
    not_found,
    parse_bool,
    parse_int,
)
from paperless_tui.demo.routes.doc_access import get_doc
from paperless_tui.demo.routes.doc_json import public_filename
from paperless_tui.demo.store import now_local

_EXT = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\"\\]")


async def file_bytes(store: Any, doc_id: int, kind: str) -> bytes | None:
    """The rendered original/archive/thumbnail of a document, cached on disk (None: no such file)."""
    row = store.doc_row(doc_id)
    if row is None:
        return None
    if kind == "archive" and not row["has_archive_version"]:
        return None
    path = Path(store.media) / f"{doc_id:07d}-{row['checksum'][:16]}-{row['rotation']}.{kind}"
    if path.exists():
        return path.read_bytes()
    doc = store.doc_dict(doc_id)
    fn = {
        "original": render.render_original,
        "archive": render.render_archive,
        "thumb": render.render_thumbnail,
    }[kind]
    data = await run_in_threadpool(fn, doc)
    if data is None:
        return None
    tmp = path.with_suffix(f".tmp{os.getpid()}-{id(data)}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return data


def content_disposition(disposition: str, filename: str) -> str:
    clean = _UNSAFE.sub("", filename)
    ascii_name = unicodedata.normalize("NFKD", clean).encode("ascii", "ignore").decode()
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=utf-8''{quote(clean)}"


def http_date(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso).astimezone(UTC), usegmt=True) if iso else ""


def _target(req: Req, doc_id: int) -> Any:
    """The document row a file request is about: the doc, or the `?version=` id among its versions."""
    root = get_doc(req, doc_id, model=None)
    version = req.query.get("version")
    if version is None:  # the newest version is what the document shows
        latest = req.store.q1(
            "SELECT * FROM docs WHERE root_document = ? ORDER BY added DESC, id DESC LIMIT 1",
            (root["id"],),
        )
        return latest or root
    vid = parse_int(version)
    row = req.store.doc_row(vid) if vid is not None else None
    if row is None or (row["id"] != root["id"] and row["root_document"] != root["id"]):
        raise not_found(None)
    return row


def not_modified(req: Req, etag: str) -> bool:
    header = req.request.headers.get("if-none-match", "")
    return bool(header) and etag in [part.strip() for part in header.split(",")]


async def _serve_file(req: Req, disposition: str) -> Response:
    row = _target(req, req.path_int())
    original = bool(parse_bool(req.query.get("original"))) or not row["has_archive_version"]
    kind = "original" if original else "archive"
    data = await file_bytes(req.store, row["id"], kind)
    if data is None:
        raise not_found(None)
    mime = row["mime_type"] if original else "application/pdf"
    checksum = row["checksum"] if original else row["archive_checksum"]
    name = public_filename(row, req.store.objects("correspondents"), _EXT.get(mime, ".pdf"))
    etag = f'W/"{checksum}"'
    headers = {"content-disposition": content_disposition(disposition, name)}
    if disposition == "inline":  # as recorded: preview has Last-Modified, and an ETag for the original
        headers["last-modified"] = http_date(row["modified"])
        if parse_bool(req.query.get("original")):
            headers["etag"] = etag
    if not_modified(req, etag):
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=mime, headers=headers)


@api("GET", name="Download")
async def download(req: Req) -> Response:
    return await _serve_file(req, "attachment")


@api("GET", name="Preview")
async def preview(req: Req) -> Response:
    return await _serve_file(req, "inline")


@api("GET", name="Thumb")
async def thumb(req: Req) -> Response:
    row = _target(req, req.path_int())
    data = await file_bytes(req.store, row["id"], "thumb")
    if data is None:
        raise not_found(None)
    headers = {
        "content-disposition": f'inline; filename="{row["id"]:07d}.webp"',
        "last-modified": http_date(row["added"]),
        "etag": f'W/"{row["checksum"]}"',
    }
    if not_modified(req, headers["etag"]):
        return Response(status_code=304, headers=headers)
    return Response(data, media_type="image/webp", headers=headers)


@api("GET", name="Metadata")
async def metadata(req: Req) -> Any:
    row = _target(req, req.path_int())
    original = await file_bytes(req.store, row["id"], "original")
    archive = await file_bytes(req.store, row["id"], "archive") if row["has_archive_version"] else None
    ext = _EXT.get(row["mime_type"], ".pdf")
    suffix = "" if not row["root_document"] else "_v2"
    base = row["root_document"] or row["id"]
    body = {
        "original_checksum": row["checksum"],
        "original_size": len(original or b""),
        "original_mime_type": row["mime_type"],
        "media_filename": f"{base:07d}{suffix}{ext}",
        "has_archive_version": bool(row["has_archive_version"]),
        "original_metadata": [],
        "archive_checksum": row["archive_checksum"] if archive else None,
        "archive_media_filename": f"{base:07d}{suffix}.pdf" if archive else None,
        "original_filename": row["original_file_name"],
        "archive_size": len(archive) if archive else None,
        "archive_metadata": [
            {"namespace": "http://ns.adobe.com/pdf/1.3/", "prefix": "pdf", "key": "Producer", "value": "demo"}
        ]
        if archive
        else None,
        "lang": row["language"] or "en",
    }
    tag = f'"{row["checksum"]}:{row["modified"]}"'
    return json_response(
        req.request, body, headers={"etag": tag, "last-modified": http_date(row["modified"])}
    )


def _login_redirect(reason: str) -> Response:
    return RedirectResponse(
        f"/accounts/login/?{reason}=1", status_code=302, headers={"content-type": "text/html; charset=utf-8"}
    )


async def public_share(request: Request) -> Response:
    """`GET /share/<slug>`: no auth; unknown or expired slugs redirect to the login page."""
    store = request.app.state.demo.store
    slug = request.path_params.get("slug", "")
    link = store.object_by_key("share_links", slug) if len(slug) <= 128 else None
    if link is None:
        return _login_redirect("sharelink_notfound")
    expiration = link.get("expiration")
    with contextlib.suppress(ValueError):
        if expiration and datetime.fromisoformat(expiration) < now_local():
            return _login_redirect("sharelink_expired")
    row = store.doc_row(link["document"])
    if row is None or row["deleted_at"]:
        return _login_redirect("sharelink_notfound")
    original = link.get("file_version") == "original" or not row["has_archive_version"]
    data = await file_bytes(store, row["id"], "original" if original else "archive")
    if data is None:
        return Response(NOT_FOUND_HTML, status_code=404, media_type="text/html; charset=utf-8")
    mime = row["mime_type"] if original else "application/pdf"
    name = public_filename(row, store.objects("correspondents"), _EXT.get(mime, ".pdf"))
    return Response(
        data, media_type=mime, headers={"content-disposition": content_disposition("inline", name)}
    )
