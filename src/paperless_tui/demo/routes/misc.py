"""Server-wide endpoints: statistics, status, ui_settings, remote_version, config, logs, empty mail/workflow
lists, storage path test, search autocomplete and the global `/api/search/`.
"""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

import platform
import re
import shutil
from typing import Any

from paperless_tui.demo.routes.common import (
    SERVER_VERSION,
    ApiError,
    Req,
    api,
    paginate_list,
    parse_bool,
    parse_int,
)
from paperless_tui.demo.routes.doc_json import serialize_docs, visible_clause
from paperless_tui.demo.routes.doc_search import autocomplete_terms
from paperless_tui.demo.routes.object_kinds import KINDS, obj_visible
from paperless_tui.demo.routes.objects import serialize
from paperless_tui.demo.search import fts_string, words
from paperless_tui.demo.store import iso_local, iso_utc_z

ALL_PERMISSIONS = [
    f"{action}_{model}"
    for model in (
        "document",
        "tag",
        "correspondent",
        "documenttype",
        "storagepath",
        "savedview",
        "note",
        "sharelink",
        "customfield",
        "paperlesstask",
        "uisettings",
        "user",
        "group",
        "workflow",
        "mailaccount",
        "mailrule",
        "applicationconfiguration",
        "logentry",
    )
    for action in ("add", "change", "delete", "view")
]
GLOBAL_LIMIT = 3
CONFIG_KEYS = (
    "user_args",
    "barcode_tag_mapping",
    "llm_api_key",
    "output_type",
    "pages",
    "language",
    "mode",
    "archive_file_generation",
    "image_dpi",
    "unpaper_clean",
    "deskew",
    "rotate_pages",
    "rotate_pages_threshold",
    "max_image_pixels",
    "color_conversion_strategy",
    "app_title",
    "app_logo",
    "barcodes_enabled",
    "barcode_enable_tiff_support",
    "barcode_string",
    "barcode_retain_split_pages",
    "barcode_enable_asn",
    "barcode_asn_prefix",
    "barcode_upscale",
    "barcode_dpi",
    "barcode_max_pages",
    "barcode_enable_tag",
    "barcode_tag_split",
    "ai_enabled",
    "llm_embedding_backend",
    "llm_embedding_model",
    "llm_embedding_endpoint",
    "llm_embedding_chunk_size",
    "llm_context_size",
    "llm_backend",
    "llm_model",
    "llm_endpoint",
    "llm_output_language",
    "llm_request_timeout",
)


@api("GET", name="Statistics")
async def statistics(req: Req) -> Any:
    return req.store.memo(("statistics", req.uid), lambda: _statistics(req))


def _statistics(req: Req) -> dict[str, Any]:
    store = req.store
    vis, params = visible_clause(req)
    base = f"FROM docs d WHERE d.deleted_at IS NULL AND d.root_document IS NULL AND {vis}"
    total = store.q1(f"SELECT COUNT(*) {base}", params)[0]
    inbox = [i for i, t in store.objects("tags").items() if t.get("is_inbox_tag")]
    marks = ",".join("?" * len(inbox)) or "NULL"
    in_inbox = store.q1(
        f"SELECT COUNT(*) {base} AND EXISTS "
        f"(SELECT 1 FROM doc_tags t WHERE t.doc = d.id AND t.tag IN ({marks}))",
        (*params, *inbox),
    )[0]
    types = store.q(
        f"SELECT d.mime_type, COUNT(*) {base} GROUP BY d.mime_type ORDER BY COUNT(*) DESC", params
    )
    joined = base.replace("FROM docs d", "FROM docs d JOIN doc_content c ON c.id = d.id")
    chars = store.q1(f"SELECT COALESCE(SUM(LENGTH(c.content)), 0) {joined}", params)[0]
    asn = store.q1("SELECT MAX(archive_serial_number) FROM docs")[0]

    def count(kind: str) -> int:
        return sum(1 for o in store.objects(kind).values() if obj_visible(req, KINDS[kind], o))

    return {
        "documents_total": total,
        "documents_inbox": in_inbox if inbox else None,
        "inbox_tag": inbox[0] if inbox else None,
        "inbox_tags": inbox,
        "document_file_type_counts": [{"mime_type": r[0], "mime_type_count": r[1]} for r in types],
        "character_count": chars,
        "tag_count": count("tags"),
        "correspondent_count": count("correspondents"),
        "document_type_count": count("document_types"),
        "storage_path_count": count("storage_paths"),
        "current_asn": asn or 0,
    }


@api("GET", name="System Status")
async def status(req: Req) -> Any:
    if not req.is_superuser:
        raise ApiError(403, {"detail": "You do not have permission to perform this action."})
    disk = shutil.disk_usage(req.store.path.parent)
    tasks = list(req.store.objects("tasks").values())
    last = max((t.get("date_done") or "" for t in tasks), default="") or iso_local()
    return {
        "pngx_version": SERVER_VERSION,
        "server_os": platform.platform(),
        "install_type": "bare-metal",
        "storage": {"total": disk.total, "available": disk.free},
        "database": {
            "type": "sqlite",
            "url": str(req.store.path),
            "status": "OK",
            "error": None,
            "migration_status": {
                "latest_migration": "paperless_mail.0001_squashed",
                "unapplied_migrations": [],
            },
        },
        "tasks": {
            "redis_url": "redis://127.0.0.1:6379",
            "redis_status": "OK",
            "redis_error": None,
            "celery_status": "OK",
            "celery_url": "celery@demo",
            "celery_error": None,
            "index_status": "OK",
            "index_last_modified": iso_local(),
            "index_error": None,
            "classifier_status": "OK",
            "classifier_last_trained": iso_utc_z(last),
            "classifier_error": None,
            "sanity_check_status": "OK",
            "sanity_check_last_run": iso_utc_z(last),
            "sanity_check_error": None,
            "llmindex_status": "DISABLED",
            "llmindex_last_modified": None,
            "llmindex_error": None,
            "summary": {
                "days": 30,
                "total_count": len(tasks),
                "pending_count": sum(1 for t in tasks if t.get("status") in ("pending", "started")),
                "success_count": sum(1 for t in tasks if t.get("status") == "success"),
                "failure_count": sum(1 for t in tasks if t.get("status") == "failure"),
            },
        },
    }


def _settings_row(req: Req) -> dict[str, Any]:
    return (
        req.store.get_object("settings", req.uid + 1000)
        or req.store.get_object("settings", 1)
        or {"settings": {}}
    )


@api("GET", "POST", name="UI Settings")
async def ui_settings(req: Req) -> Any:
    if req.request.method == "POST":
        data = await req.json_object()
        settings = data.get("settings")
        if not isinstance(settings, dict):
            raise ApiError(400, {"settings": ["This field is required."]})
        with req.store.write() as db:
            req.store.put_object(db, "settings", {"id": req.uid + 1000, "settings": settings})
        return {"success": True}
    user = req.user or {}
    settings = dict(_settings_row(req).get("settings") or {})
    settings.update(
        {
            "version": SERVER_VERSION,
            "app_title": None,
            "app_logo": None,
            "auditlog_enabled": True,
            "email_enabled": False,
            "ai_enabled": False,
            "trash_delay": 30,
        }
    )
    settings.setdefault("update_checking", {"backend_setting": False})
    perms = ALL_PERMISSIONS if req.is_superuser else [p for p in ALL_PERMISSIONS if req.has_perm(p)]
    return {
        "user": {
            "id": user.get("id"),
            "username": user.get("username"),
            "is_staff": bool(user.get("is_staff")),
            "is_superuser": bool(user.get("is_superuser")),
            "groups": list(user.get("groups") or []),
        },
        "settings": settings,
        "permissions": perms,
    }


@api("GET", name="Remote Version")
async def remote_version(req: Req) -> Any:
    return {"version": "0.0.0", "update_available": False}


@api("GET", name="Config")
async def config(req: Req) -> Any:
    return [{"id": 1, **dict.fromkeys(CONFIG_KEYS)}]


@api("GET", name="Logs")
async def logs(req: Req) -> Any:
    if not req.is_superuser:
        raise ApiError(403, {"detail": "You do not have permission to perform this action."})
    return ["paperless", "celery"]


@api("GET", name="Log")
async def log_detail(req: Req) -> Any:
    if not req.is_superuser:
        raise ApiError(403, {"detail": "You do not have permission to perform this action."})
    name = req.request.path_params.get("name")
    if name not in ("paperless", "celery"):
        raise ApiError(404, {"detail": "Not found."})
    return [
        f"[{iso_local()[:19].replace('T', ' ')}] [INFO] [paperless.demo] Paperless-ngx demo server "
        f"v{SERVER_VERSION}"
    ]


@api("GET", "POST", name="Empty List")
async def empty_list(req: Req) -> Any:
    if req.request.method == "POST":
        raise ApiError(403, {"detail": "You do not have permission to perform this action."})
    return paginate_list(req, [])


@api("POST", name="Storage Path Test")
async def storage_path_test(req: Req) -> Any:
    data = await req.json_object()
    doc_id = parse_int(data.get("document"))
    path = data.get("path")
    if not isinstance(path, str):
        raise ApiError(400, {"path": ["This field is required."]})
    vis, params = visible_clause(req)
    row = (
        req.store.q1(f"SELECT * FROM docs d WHERE d.id = ? AND {vis}", (doc_id, *params)) if doc_id else None
    )
    if row is None:
        raise ApiError(400, {"document": [f'Invalid pk "{data.get("document")}" - object does not exist.']})
    objs = {k: req.store.objects(k) for k in ("correspondents", "document_types")}
    values = {
        "title": row["title"],
        "correspondent": (objs["correspondents"].get(row["correspondent"]) or {}).get("name", "none"),
        "document_type": (objs["document_types"].get(row["document_type"]) or {}).get("name", "none"),
        "created": row["created"],
        "created_year": row["created"][:4],
        "created_month": row["created"][5:7],
        "created_day": row["created"][8:10],
        "asn": str(row["archive_serial_number"] or ""),
        "original_name": re.sub(r"\.[^.]+$", "", row["original_file_name"] or ""),
    }
    rendered = re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: str(values.get(m.group(1), "")), path)
    return rendered.strip("/") + ".pdf"


@api("GET", name="Search Autocomplete")
async def autocomplete(req: Req) -> Any:
    term = req.query.get("term")
    if not term:
        raise ApiError(400, "Term required", text=True)
    limit = parse_int(req.query.get("limit")) or 10
    return autocomplete_terms(req, term, limit)


@api("GET", name="Global Search")
async def global_search(req: Req) -> Any:
    query = req.query.get("query") or ""
    if len(query) < 3:
        raise ApiError(400, "Query must be at least 3 characters", text=True)
    low = query.lower()
    vis, params = visible_clause(req)
    pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    live = f"d.deleted_at IS NULL AND d.root_document IS NULL AND {vis}"
    toks = words(query)[:20]
    if parse_bool(req.query.get("db_only")) or not toks:  # titles only, from the database
        rows = req.store.q(
            f"SELECT d.id FROM docs d WHERE {live} AND d.title LIKE ? ESCAPE '\\' "
            "ORDER BY d.created DESC LIMIT ?",
            (*params, pattern, GLOBAL_LIMIT),
        )
    else:  # the full-text index: every word, the last one as a prefix (as typed so far)
        expr = " AND ".join(fts_string(t) for t in toks[:-1])
        expr = f"{expr} AND {fts_string(toks[-1])} *" if expr else f"{fts_string(toks[-1])} *"
        rows = req.store.q(
            f"SELECT d.id FROM fts JOIN docs d ON d.id = fts.rowid WHERE fts MATCH ? AND {live} "
            "ORDER BY fts.rank LIMIT ?",
            (expr, *params, GLOBAL_LIMIT),
        )
    ids = [r[0] for r in rows]
    documents = serialize_docs(req, ids)
    for doc in documents:
        doc["user_can_change"] = False
    body: dict[str, Any] = {"total": 0, "documents": documents}
    for kind_name in (
        "saved_views",
        "tags",
        "correspondents",
        "document_types",
        "storage_paths",
        "users",
        "groups",
    ):
        kind = KINDS[kind_name]
        label = "username" if kind_name == "users" else "name"
        allowed = kind_name not in ("users", "groups") or req.has_perm(f"view_{kind_name[:-1]}")
        found = [
            o
            for o in req.store.objects(kind_name).values()
            if allowed and low in str(o.get(label, "")).lower() and obj_visible(req, kind, o)
        ][:GLOBAL_LIMIT]
        items = [serialize(req, kind, o) for o in found]
        for item in items:
            if "user_can_change" in item:
                item["user_can_change"] = False
        body[kind_name] = items
    body["mail_accounts"] = []
    body["mail_rules"] = []
    fields = KINDS["custom_fields"]
    body["custom_fields"] = [
        serialize(req, fields, o)
        for o in req.store.objects("custom_fields").values()
        if low in str(o.get("name", "")).lower()
    ][:GLOBAL_LIMIT]
    body["workflows"] = []
    body["total"] = sum(len(v) for k, v in body.items() if isinstance(v, list))
    return body
