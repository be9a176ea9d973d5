"""Per-document extras: notes (plain lists), share links, history (newest first) and suggestions."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from paperless_tui.demo.routes.common import ApiError, Req, api, parse_int
from paperless_tui.demo.routes.doc_access import add_history, get_doc
from paperless_tui.demo.routes.doc_json import note_json
from paperless_tui.demo.store import iso_local

NOTE_ERROR = {"error": "Error saving note, check logs for more detail."}


def notes_list(req: Req, doc_id: int) -> list[dict[str, Any]]:
    users = req.store.objects("users")
    items = req.store.objects_for_docs("notes", [doc_id]).get(doc_id, [])
    return [note_json(n, users) for n in items]


def _refresh_notes(req: Req, db: Any, doc_id: int) -> None:
    db.execute(
        "UPDATE docs SET num_notes = (SELECT COUNT(*) FROM o_notes WHERE doc = ?) WHERE id = ?",
        (doc_id, doc_id),
    )
    req.store.reindex(db, [doc_id])


@api("GET", "POST", "DELETE", name="Notes")
async def notes(req: Req) -> Any:
    doc_id = req.path_int()
    method = req.request.method
    if method in ("GET", "HEAD"):
        get_doc(req, doc_id)
        return notes_list(req, doc_id)
    get_doc(req, doc_id, change=True)
    if method == "POST":
        data = await req.json_object()
        text = data.get("note")
        if not isinstance(text, str):
            return NOTE_ERROR
        with req.store.write() as db:
            note = req.store.put_object(
                db,
                "notes",
                {
                    "id": None,
                    "document": doc_id,
                    "note": text,
                    "created": iso_local(),
                    "user": req.uid,
                },
                doc=doc_id,
            )
            add_history(req, db, doc_id, {"Note Added": ["None", note["id"]]}, actor=None)
            db.execute("UPDATE docs SET modified=? WHERE id=?", (iso_local(), doc_id))
            _refresh_notes(req, db, doc_id)
        return notes_list(req, doc_id)
    raw = req.query.get("id")
    if raw is None or raw == "":
        raise ApiError(400, {"id": "This field is required."})
    note_id = parse_int(raw)
    note = req.store.get_object("notes", note_id) if note_id is not None else None
    if note is None or note.get("document") != doc_id:
        raise ApiError(404, {"detail": "No Note matches the given query."})
    with req.store.write() as db:
        req.store.delete_object(db, "notes", note_id)
        add_history(req, db, doc_id, {"Note Deleted": [note_id, "None"]}, actor=None)
        _refresh_notes(req, db, doc_id)
    return notes_list(req, doc_id)


def share_link_json(link: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": link["id"],
        "created": link.get("created"),
        "expiration": link.get("expiration"),
        "slug": link.get("slug"),
        "document": link.get("document"),
        "file_version": link.get("file_version", "archive"),
    }


@api("GET", name="Share Links")
async def doc_share_links(req: Req) -> Any:
    doc_id = req.path_int()
    get_doc(req, doc_id)
    links = req.store.objects_for_docs("share_links", [doc_id]).get(doc_id, [])
    links.sort(key=lambda link: (link.get("created") or "", link["id"]), reverse=True)
    return [share_link_json(link) for link in links]


@api("GET", name="History")
async def history(req: Req) -> Any:
    doc_id = req.path_int()
    get_doc(req, doc_id)
    users = req.store.objects("users")
    entries = req.store.objects_for_docs("history", [doc_id]).get(doc_id, [])
    entries.sort(key=lambda e: (e.get("timestamp") or "", e["id"]), reverse=True)
    out = []
    for entry in entries:
        actor = users.get(entry.get("actor")) if entry.get("actor") is not None else None
        out.append(
            {
                "id": entry["id"],
                "timestamp": entry.get("timestamp"),
                "action": entry.get("action", "update"),
                "changes": entry.get("changes"),
                "actor": {"id": actor["id"], "username": actor["username"]} if actor else None,
            }
        )
    return out


# ---------------------------------------------------------------------- suggestions
def matches(obj: dict[str, Any], text: str) -> bool:
    """Paperless matching algorithms: 1 any word, 2 all words, 3 literal, 4 regex, 5 fuzzy, 6 auto."""
    algo = obj.get("matching_algorithm", 0)
    pattern = obj.get("match") or ""
    flags = re.IGNORECASE if obj.get("is_insensitive", True) else 0
    hay = text if not flags else text.lower()
    needle = pattern if not flags else pattern.lower()
    if algo in (1, 2):
        words = [w for w in re.findall(r'"[^"]+"|\S+', needle) if w.strip('"')]
        found = [re.search(rf"\b{re.escape(w.strip(chr(34)))}\b", hay) is not None for w in words]
        return bool(found) and (any(found) if algo == 1 else all(found))
    if algo == 3:
        return bool(needle) and re.search(rf"\b{re.escape(needle)}\b", hay) is not None
    if algo == 4:
        try:
            return bool(pattern) and re.search(pattern, text, flags) is not None
        except re.error:
            return False
    if algo == 5:
        squash = re.sub(r"[^\w\s]", "", needle)
        return bool(squash) and squash in re.sub(r"[^\w\s]", "", hay)
    if algo == 6:
        name = str(obj.get("name", "")).lower()
        return bool(name) and name in text.lower()
    return False


_DATES = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b|\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")


def content_dates(text: str, limit: int = 5) -> list[str]:
    out: list[str] = []
    for m in _DATES.finditer(text):
        try:
            if m.group(1):
                value = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            else:
                value = date(int(m.group(6)), int(m.group(5)), int(m.group(4)))
        except ValueError:
            continue
        iso = value.isoformat()
        if iso not in out:
            out.append(iso)
        if len(out) >= limit:
            break
    return out


@api("GET", name="Suggestions")
async def suggestions(req: Req) -> Any:
    doc_id = req.path_int()
    row = get_doc(req, doc_id)
    text = f"{row['title']}\n{row['content']}"
    out: dict[str, Any] = {}
    for key, kind in (
        ("correspondents", "correspondents"),
        ("tags", "tags"),
        ("document_types", "document_types"),
        ("storage_paths", "storage_paths"),
    ):
        out[key] = [oid for oid, obj in req.store.objects(kind).items() if matches(obj, text)]
    out["dates"] = content_dates(row["content"] or "")
    return out
