"""SQLite (+ FTS5) storage of the demo archive: schema, bulk loading, reads and serialised writes.

One connection per store, shared by the event loop and worker threads under a re-entrant lock, so every
write (and every read-modify-write of a request) is serialised: concurrent writers lose no update. The
database runs in WAL mode. Documents live in real columns (filters and orderings are plain SQL); the other
objects (tags, notes, tasks, ...) are JSON rows in small tables of one shape.
"""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from paperless_tui.demo import impact

try:  # optional speed-up, not a dependency
    import orjson
except ImportError:  # pragma: no cover - depends on the environment
    orjson = None  # type: ignore[assignment]

SERVER_TZ = timezone(timedelta(hours=1))
MEMO_LIMIT = 512  # cached aggregates/search results kept between writes

# Kinds of JSON objects; each gets a table (id, doc, key, data).
OBJECT_KINDS = (
    "users",
    "groups",
    "tags",
    "correspondents",
    "document_types",
    "storage_paths",
    "custom_fields",
    "saved_views",
    "share_links",
    "notes",
    "history",
    "tasks",
    "tokens",
    "settings",
)
MATCHING_KINDS = ("tags", "correspondents", "document_types", "storage_paths")

DOC_COLUMNS = (
    "id",
    "title",
    "correspondent",
    "document_type",
    "storage_path",
    "created",
    "added",
    "modified",
    "deleted_at",
    "archive_serial_number",
    "original_file_name",
    "mime_type",
    "page_count",
    "has_archive_version",
    "owner",
    "root_document",
    "version_label",
    "language",
    "rotation",
    "checksum",
    "archive_checksum",
)

SCHEMA = """
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS docs (
    id INTEGER PRIMARY KEY, title TEXT NOT NULL,
    correspondent INTEGER, document_type INTEGER, storage_path INTEGER,
    created TEXT NOT NULL, added TEXT NOT NULL, modified TEXT NOT NULL, deleted_at TEXT,
    archive_serial_number INTEGER UNIQUE, original_file_name TEXT, mime_type TEXT, page_count INTEGER,
    has_archive_version INTEGER NOT NULL DEFAULT 0, owner INTEGER, root_document INTEGER,
    version_label TEXT, language TEXT, rotation INTEGER NOT NULL DEFAULT 0,
    checksum TEXT, archive_checksum TEXT, num_notes INTEGER NOT NULL DEFAULT 0
);
-- Content lives apart so that scans, counts and orderings over `docs` stay small and fast.
CREATE TABLE IF NOT EXISTS doc_content (id INTEGER PRIMARY KEY, content TEXT NOT NULL DEFAULT '');
CREATE VIEW IF NOT EXISTS documents AS
    SELECT docs.*, doc_content.content AS content FROM docs LEFT JOIN doc_content ON doc_content.id = docs.id;
CREATE INDEX IF NOT EXISTS doc_live_created ON docs(created, id)
    WHERE deleted_at IS NULL AND root_document IS NULL;
-- A narrow copy of the live documents' ids and dates: a full-text search joins its hits here (not with the
-- wide rows) when it needs nothing else of them (routes/doc_search.py).
CREATE INDEX IF NOT EXISTS doc_live_id ON docs(id, created)
    WHERE deleted_at IS NULL AND root_document IS NULL;
-- The few documents outside the live list (trashed, versions): a full-text hit count subtracts these.
CREATE INDEX IF NOT EXISTS doc_not_live ON docs(id)
    WHERE deleted_at IS NOT NULL OR root_document IS NOT NULL;
-- The list's other common orders (the app's sort menu): a page walks the index instead of sorting every row.
CREATE INDEX IF NOT EXISTS doc_live_title ON docs(title, id)
    WHERE deleted_at IS NULL AND root_document IS NULL;
CREATE INDEX IF NOT EXISTS doc_live_modified ON docs(modified, id)
    WHERE deleted_at IS NULL AND root_document IS NULL;
-- Orders by a correspondent's, type's or path's name walk these group by group (routes/doc_name_order.py)
-- instead of sorting the wide rows by each name looked up in its JSON.
CREATE INDEX IF NOT EXISTS doc_live_corr ON docs(correspondent, id)
    WHERE deleted_at IS NULL AND root_document IS NULL;
CREATE INDEX IF NOT EXISTS doc_live_type ON docs(document_type, id)
    WHERE deleted_at IS NULL AND root_document IS NULL;
CREATE INDEX IF NOT EXISTS doc_live_path ON docs(storage_path, id)
    WHERE deleted_at IS NULL AND root_document IS NULL;
CREATE INDEX IF NOT EXISTS doc_added ON docs(added);
CREATE INDEX IF NOT EXISTS doc_corr ON docs(correspondent);
CREATE INDEX IF NOT EXISTS doc_type ON docs(document_type);
CREATE INDEX IF NOT EXISTS doc_versions ON docs(root_document) WHERE root_document IS NOT NULL;
CREATE INDEX IF NOT EXISTS doc_checksum ON docs(checksum);
CREATE TABLE IF NOT EXISTS doc_tags (doc INTEGER NOT NULL, tag INTEGER NOT NULL, PRIMARY KEY(doc, tag));
CREATE INDEX IF NOT EXISTS doc_tags_tag ON doc_tags(tag);
CREATE TABLE IF NOT EXISTS doc_cf (
    doc INTEGER NOT NULL, field INTEGER NOT NULL, value TEXT, num REAL, txt TEXT,
    PRIMARY KEY(doc, field)
);
CREATE INDEX IF NOT EXISTS doc_cf_field ON doc_cf(field);
CREATE TABLE IF NOT EXISTS doc_perm (
    doc INTEGER NOT NULL, perm TEXT NOT NULL, kind TEXT NOT NULL, pid INTEGER NOT NULL,
    PRIMARY KEY(doc, perm, kind, pid)
);
CREATE INDEX IF NOT EXISTS doc_perm_pid ON doc_perm(kind, pid);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, content, correspondent, type, tags, notes, path, custom_fields,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4'
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts_vocab USING fts5vocab(fts, 'row');
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


def loads(text: str) -> Any:
    """json.loads, through orjson when it is installed (falls back for what orjson refuses)."""
    if orjson is not None:
        try:
            return orjson.loads(text)
        except ValueError:
            pass
    return json.loads(text)


def now_local() -> datetime:
    return datetime.now(SERVER_TZ)


def iso_local(dt: datetime | None = None) -> str:
    return (dt or now_local()).astimezone(SERVER_TZ).isoformat()


def iso_utc_z(value: str | None) -> str | None:
    """An ISO datetime in any offset -> UTC with a trailing `Z` (as versions[].added, history)."""
    if not value:
        return value
    dt = datetime.fromisoformat(value)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=SERVER_TZ)
    return dt.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _cf_sort_keys(value: Any) -> tuple[float | None, str | None]:
    """Numeric and text sort keys of a custom field value (monetary "EUR12.30" sorts as 12.30)."""
    if value is None or isinstance(value, list | dict):
        return None, None
    if isinstance(value, bool):
        return float(value), str(value).lower()
    if isinstance(value, int | float):
        return float(value), str(value)
    text = str(value)
    num = text.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    try:
        return float(num), text
    except ValueError:
        return None, text


class Store:
    """The archive: one SQLite database under `path` plus a media cache folder next to it."""

    def __init__(self, path: Path, impact_min_docs: int = impact.MIN_DOCS) -> None:
        self.path = Path(path)
        self.media = self.path.parent / "media"
        self.media.mkdir(parents=True, exist_ok=True)
        self.lock = threading.RLock()
        self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA cache_size=-32000")
        self.db.executescript(SCHEMA)
        self.db.executescript(impact.SCHEMA)
        self.impact_min_docs = impact_min_docs  # words in this many documents get impact rows
        for kind in OBJECT_KINDS:
            self.db.execute(
                f"CREATE TABLE IF NOT EXISTS o_{kind} "
                "(id INTEGER PRIMARY KEY, doc INTEGER, key TEXT, data TEXT)"
            )
            self.db.execute(f"CREATE INDEX IF NOT EXISTS o_{kind}_doc ON o_{kind}(doc)")
            self.db.execute(f"CREATE INDEX IF NOT EXISTS o_{kind}_key ON o_{kind}(key)")
        self._cache: dict[str, dict[int, dict[str, Any]]] = {}
        self._memo: dict[Any, Any] = {}
        self.generation = 0
        self.db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS name_rank "
            "(kind TEXT, id INTEGER, r INTEGER, PRIMARY KEY(kind, id)) WITHOUT ROWID"
        )
        self._ranked: dict[str, int] = {}  # kind -> the generation its name ranks were filled at
        self._analyze_new_indexes()
        self._fts_prefixes()
        if self.is_loaded() and self.get_meta("impact") != impact.VERSION:  # kept from an older version
            with self.write() as db:
                impact.build(db, self.impact_min_docs)
                db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('impact', ?)", (impact.VERSION,))

    def _fts_prefixes(self) -> None:
        """Give an archive's FTS5 index of an older version the prefix indexes SCHEMA makes (prefixes of
        one to four letters): FTS5 then reads one list for `r*` or `rech*` rather than merging those of
        the words under it (the count of `content:r*` at 100,000: 4 ms against 20). The index is made again
        from its own values under the same rowids, so the impact rows still hold."""
        row = self.db.execute("SELECT sql FROM sqlite_master WHERE name = 'fts'").fetchone()
        made = re.search(r"prefix = '[^']*'", SCHEMA)
        if row is None or made is None or made.group(0) in str(row[0]):
            return
        columns = "title, content, correspondent, type, tags, notes, path, custom_fields"
        with self.write() as db:
            db.execute(f"CREATE TEMP TABLE fts_kept AS SELECT rowid AS id, {columns} FROM fts")
            db.execute("DROP TABLE IF EXISTS fts_vocab")
            db.execute("DROP TABLE fts")
            for statement in re.findall(r"CREATE VIRTUAL TABLE[^;]*;", SCHEMA):
                db.execute(statement)
            db.execute(f"INSERT INTO fts(rowid, {columns}) SELECT * FROM temp.fts_kept")
            db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
            db.execute("DROP TABLE temp.fts_kept")

    def memo(self, key: Any, compute: Any) -> Any:
        """`compute()` cached until the next write (for aggregates such as counts and statistics)."""
        with self.lock:
            if key not in self._memo:
                if len(self._memo) >= MEMO_LIMIT:
                    self._memo.clear()
                self._memo[key] = compute()
            return self._memo[key]

    # ------------------------------------------------------------------ transactions
    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """Serialised write transaction; rolls back on any error so the archive never half-changes."""
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                self._cache.clear()
                self._ranked.clear()
                raise
            else:
                self.db.execute("COMMIT")
                self.generation += 1
                self._memo.clear()

    def close(self) -> None:
        with self.lock:
            self.db.close()

    def q(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self.lock:
            return self.db.execute(sql, params).fetchall()

    def tuples(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """As `q`, as plain tuples (no Row object per row: for results of many thousand rows)."""
        with self.lock:
            cursor = self.db.cursor()
            cursor.row_factory = None
            return cursor.execute(sql, params).fetchall()

    def q1(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        with self.lock:
            return self.db.execute(sql, params).fetchone()

    # ------------------------------------------------------------------ meta
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.q1("SELECT value FROM meta WHERE key=?", (key,))
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.write() as db:
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def is_loaded(self) -> bool:
        return self.get_meta("loaded") == "1"

    # ------------------------------------------------------------------ JSON objects
    def objects(self, kind: str) -> dict[int, dict[str, Any]]:
        """All objects of a kind by id (cached for the small kinds; invalidated on write)."""
        with self.lock:  # read and cache atomically, so a concurrent write cannot leave a stale cache
            cached = self._cache.get(kind)
            if cached is not None:
                return cached
            rows = self.db.execute(f"SELECT id, data FROM o_{kind} ORDER BY id").fetchall()
            result = {row[0]: loads(row[1]) for row in rows}
            if kind not in ("notes", "history", "tasks", "share_links"):
                self._cache[kind] = result
            return result

    def get_object(self, kind: str, oid: int) -> dict[str, Any] | None:
        row = self.q1(f"SELECT data FROM o_{kind} WHERE id=?", (oid,))
        return json.loads(row[0]) if row else None

    def rank_names(self, kind: str) -> None:
        """Fill temp.name_rank with each object of `kind`'s rank by name (equal names share one; binary
        order, as SQLite compares them; NULL for an object without a name), unless filled since the last
        write: an order by name then sorts integers from a narrow index."""
        with self.lock:
            if self._ranked.get(kind) == self.generation:
                return
            named = sorted(
                (obj["name"], oid)
                for oid, obj in self.objects(kind).items()
                if isinstance(obj.get("name"), str)
            )
            ranks = {name: rank for rank, name in enumerate(dict.fromkeys(name for name, _ in named))}
            rows = [(kind, oid, ranks.get(obj.get("name"))) for oid, obj in self.objects(kind).items()]
            self.db.execute("DELETE FROM temp.name_rank WHERE kind = ?", (kind,))
            self.db.executemany("INSERT INTO temp.name_rank VALUES (?, ?, ?)", rows)
            self._ranked[kind] = self.generation

    def objects_for_docs(self, kind: str, doc_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
        out: dict[int, list[dict[str, Any]]] = {}
        if not doc_ids:
            return out
        marks = ",".join("?" * len(doc_ids))
        for row in self.q(f"SELECT doc, data FROM o_{kind} WHERE doc IN ({marks}) ORDER BY id", doc_ids):
            out.setdefault(row[0], []).append(loads(row[1]))
        return out

    def object_by_key(self, kind: str, key: str) -> dict[str, Any] | None:
        row = self.q1(f"SELECT data FROM o_{kind} WHERE key=?", (key,))
        return json.loads(row[0]) if row else None

    def put_object(
        self,
        db: sqlite3.Connection,
        kind: str,
        obj: dict[str, Any],
        *,
        doc: int | None = None,
        key: str | None = None,
    ) -> dict[str, Any]:
        """Insert or replace an object inside a `write()` transaction; assigns an id when missing."""
        if obj.get("id") is None:
            row = db.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM o_{kind}").fetchone()
            obj["id"] = row[0]
        db.execute(
            f"INSERT OR REPLACE INTO o_{kind}(id, doc, key, data) VALUES (?, ?, ?, ?)",
            (obj["id"], doc, key, json.dumps(obj)),
        )
        self._cache.pop(kind, None)
        return obj

    def delete_object(self, db: sqlite3.Connection, kind: str, oid: int) -> None:
        db.execute(f"DELETE FROM o_{kind} WHERE id=?", (oid,))
        self._cache.pop(kind, None)

    # ------------------------------------------------------------------ loading
    def load_archive(self, archive: Any) -> None:
        """Bulk-load a generated `DemoArchive` (lists of plain dicts) in one transaction."""
        with self.write() as db:
            for kind in (
                "users",
                "groups",
                "tags",
                "correspondents",
                "document_types",
                "storage_paths",
                "custom_fields",
                "saved_views",
                "tasks",
            ):
                for obj in getattr(archive, kind, None) or []:
                    obj = dict(obj)
                    key = obj.get("task_id") if kind == "tasks" else None
                    self.put_object(db, kind, obj, key=key)
            for user in getattr(archive, "users", None) or []:
                token = (
                    user.get("token")
                    or hashlib.sha1(  # noqa: S324 - demo token, not a secret
                        f"demo-token-{user['username']}".encode()
                    ).hexdigest()
                )
                self.put_object(
                    db, "tokens", {"id": user["id"], "token": token, "user": user["id"]}, key=token
                )
            for note in getattr(archive, "notes", None) or []:
                self.put_object(db, "notes", dict(note), doc=note["document"])
            for link in getattr(archive, "share_links", None) or []:
                self.put_object(db, "share_links", dict(link), doc=link["document"], key=link["slug"])
            history = getattr(archive, "history", None) or []
            db.executemany(  # the biggest list by far: one executemany
                "INSERT OR REPLACE INTO o_history(id, doc, key, data) VALUES (?, ?, NULL, ?)",
                [(e["id"], e["document"], json.dumps(e)) for e in history],
            )
            settings = getattr(archive, "ui_settings", None) or {}
            self.put_object(db, "settings", {"id": 1, "settings": settings})
            self._insert_documents(db, getattr(archive, "documents", None) or [])
            db.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('impact', ?)", (impact.VERSION,)
            )  # by reindex
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('loaded', '1')")
        self.analyze()

    def _analyze_new_indexes(self) -> None:
        """An archive kept from an older version (`--data DIR`) gets planner statistics for the indexes
        added since (a tenth of a second at 100,000 documents): without them SQLite may scan a new narrow
        index and look up every row."""
        stat = self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()
        if stat is None or not self.db.execute("SELECT 1 FROM docs LIMIT 1").fetchone():
            return
        known = {r[0] for r in self.db.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'docs'")}
        indexes = {
            r[0]
            for r in self.db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'docs'"
            )
        }
        if indexes - known - {None}:
            self.analyze()

    def analyze(self) -> None:
        """Planner statistics: without them SQLite prefers the unselective root_document index."""
        with self.lock:
            for table in ("docs", "doc_tags", "doc_cf", "doc_perm", "o_notes", "o_history", "o_share_links"):
                self.db.execute(f"ANALYZE {table}")

    def _insert_documents(self, db: sqlite3.Connection, docs: Iterable[dict[str, Any]]) -> None:
        docs = list(docs)
        doc_rows, tag_rows, cf_rows, perm_rows = [], [], [], []
        for doc in docs:
            doc_rows.append(self._doc_row(doc))
            tag_rows.extend((doc["id"], tag) for tag in doc.get("tags") or [])
            for cf in doc.get("custom_fields") or []:
                num, txt = _cf_sort_keys(cf.get("value"))
                cf_rows.append((doc["id"], cf["field"], json.dumps(cf.get("value")), num, txt))
            perm_rows.extend(self._perm_rows(doc))
        cols = ",".join(DOC_COLUMNS)
        db.executemany(f"INSERT INTO docs({cols}) VALUES ({','.join('?' * len(DOC_COLUMNS))})", doc_rows)
        db.executemany(
            "INSERT INTO doc_content(id, content) VALUES (?, ?)",
            [(d["id"], d.get("content") or "") for d in docs],
        )
        db.executemany("INSERT OR IGNORE INTO doc_tags(doc, tag) VALUES (?, ?)", tag_rows)
        db.executemany(
            "INSERT OR REPLACE INTO doc_cf(doc, field, value, num, txt) VALUES (?,?,?,?,?)", cf_rows
        )
        db.executemany("INSERT OR IGNORE INTO doc_perm(doc, perm, kind, pid) VALUES (?,?,?,?)", perm_rows)
        db.execute("UPDATE docs SET num_notes = (SELECT COUNT(*) FROM o_notes n WHERE n.doc = docs.id)")
        self.reindex(db)

    @staticmethod
    def _doc_row(doc: dict[str, Any]) -> tuple[Any, ...]:
        checksum = (
            doc.get("checksum")
            or hashlib.sha256(f"{doc['id']}:{doc.get('title')}:{doc.get('content')}".encode()).hexdigest()
        )
        archive_checksum = doc.get("archive_checksum")
        if doc.get("has_archive_version") and not archive_checksum:
            archive_checksum = hashlib.sha256(f"archive:{checksum}".encode()).hexdigest()
        values = {**doc, "checksum": checksum, "archive_checksum": archive_checksum}
        values["has_archive_version"] = 1 if doc.get("has_archive_version") else 0
        values["rotation"] = doc.get("rotation") or 0
        return tuple(values.get(col) for col in DOC_COLUMNS)

    @staticmethod
    def _perm_rows(doc: dict[str, Any]) -> list[tuple[int, str, str, int]]:
        rows = []
        for perm in ("view", "change"):
            rows.extend((doc["id"], perm, "u", uid) for uid in doc.get(f"{perm}_users") or [])
            rows.extend((doc["id"], perm, "g", gid) for gid in doc.get(f"{perm}_groups") or [])
        return rows

    # ------------------------------------------------------------------ full-text index
    def fts_values(
        self, db: sqlite3.Connection, doc_ids: Sequence[int] | None = None
    ) -> list[tuple[Any, ...]]:
        """(rowid, title, content, correspondent, type, tags, notes, path, custom_fields) per document."""
        names = {
            kind: {i: o.get("name", "") for i, o in self.objects(kind).items()} for kind in MATCHING_KINDS
        }
        fields = self.objects("custom_fields")
        where = ""
        params: list[Any] = []
        if doc_ids is not None:
            where = f"WHERE id IN ({','.join('?' * len(doc_ids))})"
            params = list(doc_ids)
        docs = db.execute(
            f"SELECT id, title, content, correspondent, document_type, storage_path FROM documents {where}",
            params,
        ).fetchall()
        ids = [row[0] for row in docs]
        tags: dict[int, list[str]] = {}
        cfs: dict[int, list[str]] = {}
        notes: dict[int, list[str]] = {}
        for chunk in _chunks(ids, 900):
            marks = ",".join("?" * len(chunk))
            for doc, tag in db.execute(f"SELECT doc, tag FROM doc_tags WHERE doc IN ({marks})", chunk):
                tags.setdefault(doc, []).append(names["tags"].get(tag, ""))
            for doc, field, value in db.execute(
                f"SELECT doc, field, value FROM doc_cf WHERE doc IN ({marks})",
                chunk,
            ):
                cfs.setdefault(doc, []).append(_cf_text(fields.get(field), json.loads(value)))
            for doc, data in db.execute(f"SELECT doc, data FROM o_notes WHERE doc IN ({marks})", chunk):
                notes.setdefault(doc, []).append(json.loads(data).get("note", ""))
        out = []
        for row in docs:
            did = row[0]
            out.append(
                (
                    did,
                    row[1],
                    row[2],
                    names["correspondents"].get(row[3], "") if row[3] else "",
                    names["document_types"].get(row[4], "") if row[4] else "",
                    " ".join(tags.get(did, [])),
                    "\n".join(notes.get(did, [])),
                    names["storage_paths"].get(row[5], "") if row[5] else "",
                    " ".join(cfs.get(did, [])),
                )
            )
        return out

    def reindex(self, db: sqlite3.Connection, doc_ids: Sequence[int] | None = None) -> None:
        """(Re)build FTS rows for the given documents (all when None). Call inside `write()`."""
        rows = self.fts_values(db, doc_ids)
        if doc_ids is None:
            db.execute("DELETE FROM fts")
        else:  # only the documents whose values changed (a bulk edit of owners or dates: none)
            old = {r[0]: r for chunk in _chunks(list(doc_ids), 900) for r in impact.indexed(db, chunk)}
            kept = {r[0] for r in rows}
            rows = [r for r in rows if old.get(r[0]) != r]
            doc_ids = [*(r[0] for r in rows), *(i for i in old if i not in kept)]  # changed, then gone
            before = [old[i] for i in doc_ids if i in old]
            for chunk in _chunks(doc_ids, 900):
                db.execute(f"DELETE FROM fts WHERE rowid IN ({','.join('?' * len(chunk))})", chunk)
        db.executemany(
            "INSERT INTO fts(rowid, title, content, correspondent, type, tags, notes, path, custom_fields) "
            "VALUES (?,?,?,?,?,?,?,?,?)",
            rows,
        )
        if doc_ids is None:
            db.execute("INSERT INTO fts(fts) VALUES ('optimize')")  # (one segment: a term is looked up once)
            impact.build(db, self.impact_min_docs)
        else:
            impact.update(db, doc_ids, rows, before)

    # ------------------------------------------------------------------ documents
    def doc_row(self, doc_id: int) -> sqlite3.Row | None:
        return self.q1("SELECT * FROM documents WHERE id=?", (doc_id,))

    def doc_dict(self, doc_id: int) -> dict[str, Any] | None:
        """The generator-shaped dict of one document (what render.py expects)."""
        row = self.doc_row(doc_id)
        if row is None:
            return None
        doc = dict(row)
        doc["has_archive_version"] = bool(doc["has_archive_version"])
        doc["tags"] = [r[0] for r in self.q("SELECT tag FROM doc_tags WHERE doc=? ORDER BY rowid", (doc_id,))]
        doc["custom_fields"] = [
            {"field": r[0], "value": loads(r[1])}
            for r in self.q("SELECT field, value FROM doc_cf WHERE doc=? ORDER BY rowid", (doc_id,))
        ]
        for perm in ("view", "change"):
            for kind, name in (("u", "users"), ("g", "groups")):
                doc[f"{perm}_{name}"] = [
                    r[0]
                    for r in self.q(
                        "SELECT pid FROM doc_perm WHERE doc=? AND perm=? AND kind=? ORDER BY pid",
                        (doc_id, perm, kind),
                    )
                ]
        return doc

    def set_doc_tags(self, db: sqlite3.Connection, doc_id: int, tags: Sequence[int]) -> None:
        db.execute("DELETE FROM doc_tags WHERE doc=?", (doc_id,))
        db.executemany("INSERT OR IGNORE INTO doc_tags(doc, tag) VALUES (?, ?)", [(doc_id, t) for t in tags])

    def set_doc_cf(self, db: sqlite3.Connection, doc_id: int, fields: Sequence[dict[str, Any]]) -> None:
        db.execute("DELETE FROM doc_cf WHERE doc=?", (doc_id,))
        rows = []
        for cf in fields:
            num, txt = _cf_sort_keys(cf.get("value"))
            rows.append((doc_id, cf["field"], json.dumps(cf.get("value")), num, txt))
        db.executemany("INSERT OR REPLACE INTO doc_cf(doc, field, value, num, txt) VALUES (?,?,?,?,?)", rows)

    def set_doc_perms(self, db: sqlite3.Connection, doc_id: int, perms: dict[str, Any]) -> None:
        db.execute("DELETE FROM doc_perm WHERE doc=?", (doc_id,))
        db.executemany(
            "INSERT OR IGNORE INTO doc_perm(doc, perm, kind, pid) VALUES (?,?,?,?)",
            self._perm_rows({"id": doc_id, **perms}),
        )

    def insert_document(self, db: sqlite3.Connection, doc: dict[str, Any]) -> int:
        if doc.get("id") is None:
            doc["id"] = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM docs").fetchone()[0]
        self._insert_documents_no_reindex(db, [doc])
        self.reindex(db, [doc["id"]])
        return int(doc["id"])

    def _insert_documents_no_reindex(self, db: sqlite3.Connection, docs: list[dict[str, Any]]) -> None:
        cols = ",".join(DOC_COLUMNS)
        for doc in docs:
            db.execute(
                f"INSERT INTO docs({cols}) VALUES ({','.join('?' * len(DOC_COLUMNS))})", self._doc_row(doc)
            )
            db.execute(
                "INSERT INTO doc_content(id, content) VALUES (?, ?)", (doc["id"], doc.get("content") or "")
            )
            self.set_doc_tags(db, doc["id"], doc.get("tags") or [])
            self.set_doc_cf(db, doc["id"], doc.get("custom_fields") or [])
            db.executemany(
                "INSERT OR IGNORE INTO doc_perm(doc, perm, kind, pid) VALUES (?,?,?,?)", self._perm_rows(doc)
            )

    def purge_document(self, db: sqlite3.Connection, doc_id: int) -> None:
        """Delete a document for good (trash empty), with its versions and dependent rows."""
        ids = [doc_id] + [r[0] for r in db.execute("SELECT id FROM docs WHERE root_document=?", (doc_id,))]
        for did in ids:
            for table in ("doc_tags", "doc_cf", "doc_perm"):
                db.execute(f"DELETE FROM {table} WHERE doc=?", (did,))
            for kind in ("notes", "share_links", "history"):
                db.execute(f"DELETE FROM o_{kind} WHERE doc=?", (did,))
            old = impact.indexed(db, [did])
            db.execute("DELETE FROM fts WHERE rowid=?", (did,))
            impact.update(db, [did], [], old)
            db.execute("DELETE FROM docs WHERE id=?", (did,))
            db.execute("DELETE FROM doc_content WHERE id=?", (did,))
        self._cache.clear()


def _cf_text(field: dict[str, Any] | None, value: Any) -> str:
    """Searchable text of a custom field value (select options by label)."""
    if field is None or value is None:
        return ""
    if field.get("data_type") == "select":
        for option in (field.get("extra_data") or {}).get("select_options") or []:
            if option.get("id") == value:
                return f"{field['name']} {option.get('label', '')}"
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return f"{field['name']} {value}"


def _chunks(seq: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]
