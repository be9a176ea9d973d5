"""Consumption: `POST /api/documents/post_document/` (multipart) and the documents made by rotate/merge.

An upload is validated at once (400 with field errors), answered with the bare task UUID string, and
consumed in the background: PDFs get their text extracted (pypdfium2), images are stored without text;
unsupported files and clashing ASNs end the task in failure; byte-identical duplicates are accepted and
linked through `duplicate_documents`, as Paperless-ngx 3.0 does.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

from starlette.responses import Response

from paperless_tui.demo.routes.common import ApiError, FormData, Req, api, parse_int
from paperless_tui.demo.routes.doc_access import add_history, get_doc
from paperless_tui.demo.routes.doc_update import validate_custom_fields, validate_date
from paperless_tui.demo.routes.tasks import TaskFailure, new_task, run_task
from paperless_tui.demo.store import iso_local, iso_utc_z, now_local

MAX_UPLOAD = 50 * 1024 * 1024


def sniff_mime(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def pdf_text(data: bytes) -> tuple[str, int | None]:
    """Text and page count of a PDF; a broken PDF raises TaskFailure."""
    try:
        import pypdfium2

        pdf = pypdfium2.PdfDocument(data)
        try:
            texts = []
            for index in range(len(pdf)):
                page = pdf[index]
                textpage = page.get_textpage()
                texts.append(textpage.get_text_range())
                textpage.close()
                page.close()
            return "\n".join(texts).replace("\r\n", "\n").strip(), len(pdf)
        finally:
            pdf.close()
    except TaskFailure:
        raise
    except Exception as exc:
        raise TaskFailure(f"Error occurred while consuming document: {exc}", "ParseError") from None


def store_file(store: Any, doc_id: int, checksum: str, kind: str, data: bytes) -> None:
    path = Path(store.media) / f"{doc_id:07d}-{checksum[:16]}-0.{kind}"
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _list_values(form: FormData, key: str) -> list[Any]:
    values = []
    for value in form.get(key, []):
        if isinstance(value, str) and "," in value:
            values.extend(v for v in value.split(",") if v)
        else:
            values.append(value)
    return values


@api("POST", name="Post Document")
async def post_document(req: Req) -> Any:
    form = await req.data(multipart_only=True)
    if not isinstance(form, FormData):
        raise ApiError(400, {"document": ["No file was submitted."]})
    upload = form.first("document")
    if upload is None or isinstance(upload, str):
        raise ApiError(400, {"document": ["No file was submitted."]})
    data = await upload.read()
    if not data:
        raise ApiError(400, {"document": ["The submitted file is empty."]})
    if len(data) > MAX_UPLOAD:
        raise ApiError(400, {"document": ["The submitted file is too large for the demo server."]})
    errors: dict[str, Any] = {}
    overrides: dict[str, Any] = {}
    title = form.first("title")
    if title is not None:
        if len(str(title)) > 128:
            errors["title"] = ["Ensure this field has no more than 128 characters."]
        overrides["title"] = str(title)
    created = form.first("created")
    if created:
        norm = validate_date(str(created))
        if norm is None:
            errors["created"] = [
                "Datetime has wrong format. Use one of these formats instead: "
                "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
            ]
        overrides["created"] = norm
    for name, kind in (
        ("correspondent", "correspondents"),
        ("document_type", "document_types"),
        ("storage_path", "storage_paths"),
    ):
        raw = form.first(name)
        if raw not in (None, ""):
            pk = parse_int(raw)
            if pk is None or pk not in req.store.objects(kind):
                errors[name] = [f'Invalid pk "{raw}" - object does not exist.']
            overrides[f"{name}_id"] = pk
    tags = []
    for raw in _list_values(form, "tags"):
        pk = parse_int(raw)
        if pk is None or pk not in req.store.objects("tags"):
            errors["tags"] = [f'Invalid pk "{raw}" - object does not exist.']
            break
        tags.append(pk)
    if tags:
        overrides["tag_ids"] = tags
    asn = form.first("archive_serial_number")
    if asn not in (None, ""):
        if parse_int(asn) is None or parse_int(asn) < 0:  # type: ignore[operator]
            errors["archive_serial_number"] = ["A valid integer is required."]
        overrides["asn"] = parse_int(asn)
    cf_raw = form.first("custom_fields")
    custom: list[dict[str, Any]] = []
    if cf_raw not in (None, ""):
        try:
            parsed = json.loads(str(cf_raw))
        except ValueError:
            parsed = [parse_int(v) for v in _list_values(form, "custom_fields")]
        if isinstance(parsed, int):
            parsed = [parsed]
        if isinstance(parsed, dict):
            items = [{"field": parse_int(k), "value": v} for k, v in parsed.items()]
        elif isinstance(parsed, list):
            items = [{"field": parse_int(k), "value": None} for k in parsed]
        else:
            items = None
        if items is None:
            errors["custom_fields"] = ["Invalid custom fields"]
        else:
            try:
                custom = validate_custom_fields(req, items)
            except ApiError as err:
                errors.update(err.body)
            overrides["custom_fields"] = {str(c["field"]): c["value"] for c in custom}
    if errors:
        raise ApiError(400, errors)
    filename = os.path.basename(str(upload.filename or "upload")).replace("\x00", "")[:200] or "upload"
    mime = sniff_mime(data) or (upload.content_type or "application/octet-stream")
    task = new_task(
        req,
        "consume_file",
        "api_upload",
        input_data={
            "filename": filename,
            "mime_type": mime,
            "overrides": {
                "filename": filename,
                **overrides,
                "owner_id": req.uid,
                "skip_asn_if_exists": False,
            },
        },
    )
    uid = req.uid

    def job() -> tuple[dict[str, Any] | None, list[int]]:
        kind = sniff_mime(data)
        if kind is None:
            raise TaskFailure(f"Unsupported mime type {mime}", "UnsupportedFileTypeError")
        content, pages = pdf_text(data) if kind == "application/pdf" else ("", None)
        doc_id = create_document(
            req,
            data=data,
            mime=kind,
            content=content,
            pages=pages,
            filename=filename,
            title=overrides.get("title"),
            created=overrides.get("created"),
            correspondent=overrides.get("correspondent_id"),
            document_type=overrides.get("document_type_id"),
            storage_path=overrides.get("storage_path_id"),
            tags=tags,
            custom=custom,
            asn=overrides.get("asn"),
            owner=uid,
        )
        return {"document_id": doc_id}, [doc_id]

    run_task(req, task, job)
    return task["task_id"]


_FIRST_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b|\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")


def dmy_created(content: str) -> str:
    """The created date the real server guesses from text with PAPERLESS_DATE_ORDER=DMY (its default).

    As recorded (server_created_date_misparse): an ISO date `2024-04-01` is read as YYYY-DD-MM
    (2024-01-04); when its day part is above 12 the date is rejected and the upload day is used.
    """
    today = now_local().date().isoformat()
    match = _FIRST_DATE.search(content)
    if match is None:
        return today
    try:
        if match.group(1):
            return date(int(match.group(1)), int(match.group(3)), int(match.group(2))).isoformat()
        return date(int(match.group(6)), int(match.group(5)), int(match.group(4))).isoformat()
    except ValueError:
        return today


def create_document(
    req: Req,
    *,
    data: bytes | None,
    mime: str,
    content: str,
    pages: int | None,
    filename: str,
    title: str | None = None,
    created: str | None = None,
    correspondent: int | None = None,
    document_type: int | None = None,
    storage_path: int | None = None,
    tags: list[int] | None = None,
    custom: list[dict[str, Any]] | None = None,
    asn: int | None = None,
    owner: int | None = None,
    root: int | None = None,
    rotation: int = 0,
    checksum: str | None = None,
) -> int:
    """Insert a consumed document (or a hidden version when `root` is set); returns its id."""
    store = req.store
    if asn is not None and store.q1("SELECT 1 FROM docs WHERE archive_serial_number = ?", (asn,)):
        raise TaskFailure(f"Not consuming {filename}: Given ASN {asn} already exists!", "ConsumerError")
    checksum = checksum or hashlib.sha256(data or content.encode()).hexdigest()
    if created is None:
        created = dmy_created(content)
    inbox = [i for i, t in store.objects("tags").items() if t.get("is_inbox_tag")]
    now = iso_local()
    doc = {
        "id": None,
        "title": title or re.sub(r"\.[A-Za-z0-9]{1,5}$", "", filename),
        "content": content,
        "correspondent": correspondent,
        "document_type": document_type,
        "storage_path": storage_path,
        "tags": list(dict.fromkeys([*(tags or []), *([] if root else inbox)])),
        "created": created,
        "added": now,
        "modified": now,
        "deleted_at": None,
        "archive_serial_number": asn,
        "original_file_name": filename,
        "mime_type": mime,
        "page_count": pages,
        "has_archive_version": mime != "application/pdf",
        "owner": owner,
        "custom_fields": custom or [],
        "root_document": root,
        "rotation": rotation,
        "checksum": checksum,
        "language": "en",
    }
    with store.write() as db:
        doc_id = store.insert_document(db, doc)
        if root is None:
            add_history(req, db, doc_id, {"title": ["None", doc["title"]]}, action="create", actor=owner)
        else:
            add_history(req, db, root, {"Version Added": ["None", doc_id]}, actor=owner)
            db.execute("DELETE FROM fts WHERE rowid = ?", (doc_id,))
    if data is not None:
        store_file(store, doc_id, checksum, "original", data)
    return doc_id


@api("POST", name="Update Version")
async def update_version(req: Req) -> Any:
    """`POST /api/documents/{id}/update_version/` (multipart): a new version, consumed in the background."""
    root = get_doc(req, req.path_int(), change=True)
    form = await req.data(multipart_only=True)
    upload = form.first("document") if isinstance(form, FormData) else None
    if upload is None or isinstance(upload, str):
        raise ApiError(400, {"document": ["No file was submitted."]})
    data = await upload.read()
    label = form.first("version_label")
    if label is not None and len(str(label)) > 64:
        raise ApiError(400, {"version_label": ["Ensure this field has no more than 64 characters."]})
    filename = os.path.basename(str(upload.filename or "version")).replace("\x00", "")[:200] or "version"
    task = new_task(
        req,
        "consume_file",
        "api_upload",
        input_data={
            "filename": filename,
            "mime_type": sniff_mime(data) or "application/octet-stream",
            "overrides": {"root_document_id": root["id"], "version_label": label, "owner_id": req.uid},
        },
    )

    def job() -> tuple[dict[str, Any] | None, list[int]]:
        kind = sniff_mime(data)
        if kind is None:
            raise TaskFailure(f"Unsupported mime type {upload.content_type}", "UnsupportedFileTypeError")
        content, pages = pdf_text(data) if kind == "application/pdf" else (root["content"], None)
        vid = create_document(
            req,
            data=data,
            mime=kind,
            content=content,
            pages=pages,
            filename=filename,
            title=root["title"],
            created=root["created"],
            owner=root["owner"],
            root=root["id"],
        )
        if label is not None:
            with req.store.write() as db:
                db.execute("UPDATE docs SET version_label = ? WHERE id = ?", (str(label), vid))
        return {"document_id": vid}, [root["id"]]

    run_task(req, task, job)
    return task["task_id"]


@api("PATCH", "DELETE", name="Document Version")
async def version_detail(req: Req) -> Any:
    """`PATCH` (version_label) or `DELETE` one non-root version of a document."""
    root = get_doc(req, req.path_int(), change=True)
    vid = req.path_int("version_id")
    row = req.store.doc_row(vid)
    if row is None or (row["id"] != root["id"] and row["root_document"] != root["id"]):
        raise ApiError(404, {"detail": "Not found."})
    if req.request.method == "DELETE":
        if row["id"] == root["id"]:
            raise ApiError(400, {"detail": "Cannot delete the root version of a document."})
        with req.store.write() as db:
            req.store.purge_document(db, vid)
            add_history(req, db, root["id"], {"Version Deleted": [vid, "None"]})
        return Response(status_code=204)
    data = await req.json_object()
    label = data.get("version_label")
    if label is not None and (not isinstance(label, str) or len(label) > 64):
        raise ApiError(400, {"version_label": ["Ensure this field has no more than 64 characters."]})
    with req.store.write() as db:
        db.execute("UPDATE docs SET version_label = ? WHERE id = ?", (label, vid))
    row = req.store.doc_row(vid)
    return {
        "id": vid,
        "added": iso_utc_z(row["added"]),
        "version_label": row["version_label"],
        "checksum": row["checksum"],
        "is_root": row["id"] == root["id"],
    }
