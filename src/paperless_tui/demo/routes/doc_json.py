"""Documents as the API shows them: batch serialisation of a page, `fields=`, permissions and visibility.

A page is built with a handful of `IN (...)` queries (tags, custom fields, notes, versions, duplicates,
permissions) whatever its size, so a page of 100 full documents stays cheap.
"""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from paperless_tui.demo.routes.common import Req
from paperless_tui.demo.store import iso_utc_z, loads

CHUNK = 2000
# table columns each API field is made from (for `fields=` requests that need only a few)
_COLUMNS: dict[str, tuple[str, ...]] = {
    **{
        name: (name,)
        for name in (
            "correspondent",
            "document_type",
            "storage_path",
            "title",
            "content",
            "created",
            "modified",
            "added",
            "deleted_at",
            "archive_serial_number",
            "original_file_name",
            "owner",
            "page_count",
            "mime_type",
            "root_document",
        )
    },
    "created_date": ("created",),
    "archived_file_name": ("has_archive_version", "created", "correspondent", "title"),
    "duplicate_documents": ("checksum",),
    "permissions": ("owner",),
    "user_can_change": ("owner",),
    "is_shared_by_requester": ("owner",),
    "versions": ("added", "version_label", "checksum"),
}
DOC_FIELDS = (
    "id",
    "correspondent",
    "document_type",
    "storage_path",
    "title",
    "content",
    "tags",
    "created",
    "created_date",
    "modified",
    "added",
    "deleted_at",
    "archive_serial_number",
    "original_file_name",
    "archived_file_name",
    "duplicate_documents",
    "owner",
    "user_can_change",
    "permissions",
    "is_shared_by_requester",
    "notes",
    "custom_fields",
    "page_count",
    "mime_type",
    "root_document",
    "versions",
)


def visible_clause(req: Req, alias: str = "d") -> tuple[str, list[Any]]:
    """SQL condition for documents the requesting user may see (superusers see everything)."""
    if req.is_superuser:
        return "1", []
    groups = req.group_ids()
    gcond = f" OR (p.kind='g' AND p.pid IN ({','.join('?' * len(groups))}))" if groups else ""
    sql = (
        f"({alias}.owner IS NULL OR {alias}.owner = ? OR EXISTS (SELECT 1 FROM doc_perm p "
        f"WHERE p.doc = {alias}.id "
        f"AND ((p.kind='u' AND p.pid = ?){gcond})))"
    )
    return sql, [req.uid, req.uid, *groups]


def perms_of(store: Any, doc_ids: list[int]) -> dict[int, dict[str, dict[str, list[int]]]]:
    out: dict[int, dict[str, dict[str, list[int]]]] = {
        d: {"view": {"users": [], "groups": []}, "change": {"users": [], "groups": []}} for d in doc_ids
    }
    if not doc_ids:
        return out
    marks = ",".join("?" * len(doc_ids))
    for doc, perm, kind, pid in store.q(
        f"SELECT doc, perm, kind, pid FROM doc_perm WHERE doc IN ({marks}) ORDER BY pid",
        doc_ids,
    ):
        out[doc][perm]["users" if kind == "u" else "groups"].append(pid)
    return out


def can_change(req: Req, owner: int | None, perms: dict[str, dict[str, list[int]]]) -> bool:
    if req.is_superuser or owner is None or owner == req.uid:
        return True
    change = perms.get("change", {})
    return req.uid in change.get("users", []) or bool(set(change.get("groups", [])) & set(req.group_ids()))


def can_view(req: Req, owner: int | None, perms: dict[str, dict[str, list[int]]]) -> bool:
    if can_change(req, owner, perms):
        return True
    view = perms.get("view", {})
    return req.uid in view.get("users", []) or bool(set(view.get("groups", [])) & set(req.group_ids()))


def public_filename(row: Any, correspondents: dict[int, dict[str, Any]], ext: str) -> str:
    name = str(row["created"])
    if row["correspondent"] and row["correspondent"] in correspondents:
        name += f" {correspondents[row['correspondent']]['name']}"
    if row["title"]:
        name += f" {row['title']}"
    return f"{name}{ext}"


def user_brief(users: dict[int, dict[str, Any]], uid: int | None) -> dict[str, Any] | None:
    user = users.get(uid) if uid is not None else None
    if user is None:
        return None
    return {
        "id": user["id"],
        "username": user["username"],
        "first_name": user.get("first_name", ""),
        "last_name": user.get("last_name", ""),
    }


def note_json(note: dict[str, Any], users: dict[int, dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": note["id"],
        "note": note.get("note", ""),
        "created": note.get("created"),
        "user": user_brief(users, note.get("user")),
    }


def wanted_fields(req: Req) -> set[str] | None:
    raw = req.query.get("fields")
    if not raw:
        return None
    return {part.strip() for part in raw.split(",") if part.strip()}


def serialize_docs(
    req: Req,
    ids: list[int],
    *,
    fields: set[str] | None = None,
    truncate: bool = False,
    full_perms: bool = False,
) -> list[dict[str, Any]]:
    """The API dicts of documents `ids`, in that order (missing ids are skipped)."""
    store = req.store
    if not ids:
        return []
    if len(ids) > CHUNK:  # keep every IN (...) list well under SQLite's variable limit
        out: list[dict[str, Any]] = []
        for start in range(0, len(ids), CHUNK):
            out += serialize_docs(
                req, ids[start : start + CHUNK], fields=fields, truncate=truncate, full_perms=full_perms
            )
        return out
    marks = ",".join("?" * len(ids))
    table = "documents" if fields is None or "content" in fields else "docs"  # skip content unless wanted
    columns = (
        "*"
        if fields is None
        else ", ".join(sorted({"id", *(c for f in fields for c in _COLUMNS.get(f, ()))}))
    )
    rows = {row["id"]: row for row in store.q(f"SELECT {columns} FROM {table} WHERE id IN ({marks})", ids)}

    def want(name: str) -> bool:
        return fields is None or name in fields

    tags: dict[int, list[int]] = {}
    if want("tags"):
        for doc, tag in store.q(f"SELECT doc, tag FROM doc_tags WHERE doc IN ({marks}) ORDER BY rowid", ids):
            tags.setdefault(doc, []).append(tag)
    cfs: dict[int, list[dict[str, Any]]] = {}
    if want("custom_fields"):
        for doc, field, value in store.q(
            f"SELECT doc, field, value FROM doc_cf WHERE doc IN ({marks}) ORDER BY rowid",
            ids,
        ):
            cfs.setdefault(doc, []).append({"value": loads(value), "field": field})
    users = store.objects("users")
    notes: dict[int, list[dict[str, Any]]] = {}
    if want("notes"):
        for doc, items in store.objects_for_docs("notes", ids).items():
            notes[doc] = [note_json(n, users) for n in items]
    versions: dict[int, list[dict[str, Any]]] = {}
    if want("versions"):
        version_rows = store.q(
            "SELECT id, root_document, added, version_label, checksum FROM docs "
            f"WHERE root_document IS NOT NULL AND root_document IN ({marks})",
            ids,
        )
        for row in sorted(version_rows, key=lambda r: (r["added"], r["id"]), reverse=True):
            versions.setdefault(row["root_document"], []).append(
                {
                    "id": row["id"],
                    "added": iso_utc_z(row["added"]),
                    "version_label": row["version_label"],
                    "checksum": row["checksum"],
                    "is_root": False,
                }
            )
    dups: dict[int, list[dict[str, Any]]] = {}
    if want("duplicate_documents"):
        checksums: dict[str, list[int]] = {}
        for did, drow in rows.items():
            if drow["checksum"]:
                checksums.setdefault(drow["checksum"], []).append(did)
        if checksums:
            cmarks = ",".join("?" * len(checksums))
            for row in store.q(
                f"SELECT id, title, deleted_at, checksum FROM docs WHERE checksum IN ({cmarks}) "
                "AND root_document IS NULL ORDER BY id",
                list(checksums),
            ):
                for did in checksums[row["checksum"]]:
                    if did != row["id"]:
                        dups.setdefault(did, []).append(
                            {"id": row["id"], "title": row["title"], "deleted_at": row["deleted_at"]}
                        )
    perms = (
        perms_of(store, ids)
        if (want("user_can_change") or want("permissions") or full_perms or want("is_shared_by_requester"))
        else {}
    )
    correspondents = store.objects("correspondents")

    def perm_of(did: int) -> dict[str, Any]:
        return perms.get(did, {})

    def root_version(did: int, row: Any) -> dict[str, Any]:
        return {
            "id": did,
            "added": iso_utc_z(row["added"]),
            "version_label": row["version_label"],
            "checksum": row["checksum"],
            "is_root": True,
        }

    def content_of(row: Any) -> str:
        text = row["content"] or ""
        return text[:300] if truncate else text

    getters: dict[str, Any] = {
        "id": lambda did, row: did,
        "correspondent": lambda did, row: row["correspondent"],
        "document_type": lambda did, row: row["document_type"],
        "storage_path": lambda did, row: row["storage_path"],
        "title": lambda did, row: row["title"],
        "content": lambda did, row: content_of(row),
        "tags": lambda did, row: tags.get(did, []),
        "created": lambda did, row: row["created"],
        "created_date": lambda did, row: row["created"],
        "modified": lambda did, row: row["modified"],
        "added": lambda did, row: row["added"],
        "deleted_at": lambda did, row: row["deleted_at"],
        "archive_serial_number": lambda did, row: row["archive_serial_number"],
        "original_file_name": lambda did, row: row["original_file_name"],
        "archived_file_name": lambda did, row: (
            public_filename(row, correspondents, ".pdf") if row["has_archive_version"] else None
        ),
        "duplicate_documents": lambda did, row: dups.get(did, []),
        "owner": lambda did, row: row["owner"],
        "permissions": lambda did, row: perm_of(did),
        "user_can_change": lambda did, row: (
            can_change(req, row["owner"], perm_of(did)) if perms else req.is_superuser
        ),
        "is_shared_by_requester": lambda did, row: bool(
            row["owner"] == req.uid and any(v for p in perm_of(did).values() for v in p.values())
        ),
        "notes": lambda did, row: notes.get(did, []),
        "custom_fields": lambda did, row: cfs.get(did, []),
        "page_count": lambda did, row: row["page_count"],
        "mime_type": lambda did, row: row["mime_type"],
        "root_document": lambda did, row: row["root_document"],
        "versions": lambda did, row: [*versions.get(did, []), root_version(did, row)],
    }
    skip = {"user_can_change", "is_shared_by_requester"} if full_perms else {"permissions"}
    keys = [(k, g) for k, g in getters.items() if k not in skip and (fields is None or k in fields)]
    out = []
    for did in ids:
        row = rows.get(did)
        if row is not None:
            out.append({k: g(did, row) for k, g in keys})
    return out
