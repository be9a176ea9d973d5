"""Running full-text searches for the documents list: `query=`, `text=`, `title_search=`, `more_like_id=`.

Scores come from FTS5 bm25, highlights from FTS5 snippets with `<b>` tags, ranks are 1-based across pages.
"""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from paperless_tui.demo.routes.common import ApiError, Req, parse_int
from paperless_tui.demo.routes.doc_filters import Where
from paperless_tui.demo.routes.doc_json import can_view, perms_of, visible_clause
from paperless_tui.demo.search import (
    BoolOp,
    Compiled,
    QuerySyntaxError,
    Term,
    compile_query,
    custom_field_names,
    fts_string,
    highlight,
    highlighter,
    parse_query,
    words,
)
from paperless_tui.demo.store import now_local

SEARCH_ERROR = "Error listing search results, check logs for more detail."
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "you",
        "your",
        "this",
        "that",
        "are",
        "was",
        "will",
        "from",
        "have",
        "has",
        "not",
        "our",
        "der",
        "die",
        "das",
        "und",
        "ist",
        "mit",
        "von",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einer",
        "sie",
        "wir",
        "ihr",
        "ihre",
        "bei",
        "auf",
        "aus",
        "zum",
        "zur",
        "fur",
    ]
)


def search_error() -> ApiError:
    return ApiError(400, SEARCH_ERROR, text=True)


@dataclass
class Search:
    compiled: Compiled
    more_like: bool = False
    exclude: int | None = None
    scores: dict[int, float] = field(default_factory=dict)


def search_mode(req: Req) -> Search | None:
    """The search a documents list request asks for (first of query, text, title_search, more_like_id)."""
    q = req.query
    fields = custom_field_names(req.store.objects("custom_fields"))
    today = now_local().date()
    try:
        if "query" in q:
            return Search(compile_query(parse_query(q["query"], fields), fields, today))
        if "text" in q:
            return Search(compile_query(_plain(q["text"], None), fields, today))
        if "title_search" in q:
            return Search(compile_query(_plain(q["title_search"], "title"), fields, today))
    except (QuerySyntaxError, RecursionError):
        raise search_error() from None
    if "more_like_id" in q:
        return more_like(req, q["more_like_id"])
    return None


def _plain(text: str, column: str | None) -> Any:
    toks = words(text)[:50]
    if not toks:
        return BoolOp("OR", [Term(column, "")])
    return BoolOp("OR", [Term(column, t) for t in toks])


def more_like(req: Req, raw: str) -> Search:
    doc_id = parse_int(raw)
    row = req.store.doc_row(doc_id) if doc_id is not None else None
    if (
        row is None
        or row["deleted_at"]
        or not can_view(req, row["owner"], perms_of(req.store, [doc_id])[doc_id])
    ):
        raise ApiError(403, "Invalid more_like_id", text=True)
    counts = Counter(
        w
        for w in words(f"{row['title']} {row['content']}")
        if len(w) > 2 and not w.isdigit() and w not in _STOP
    )
    if not counts:
        return Search(Compiled("0", [], None), more_like=True, exclude=doc_id)
    candidates = [w for w, _ in counts.most_common(200)]
    marks = ",".join("?" * len(candidates))
    dfs = {
        r[0]: r[1]
        for r in req.store.q(f"SELECT term, doc FROM fts_vocab WHERE term IN ({marks})", candidates)
    }
    total = max(1, req.store.q1("SELECT COUNT(*) FROM docs")[0])
    scored = sorted(
        ((counts[w] * (1.0 + (total / (1 + dfs.get(w, 0)))), w) for w in candidates if dfs.get(w, 0) > 1),
        reverse=True,
    )[:12]
    if not scored:
        return Search(Compiled("0", [], None), more_like=True, exclude=doc_id)
    expr = " OR ".join(fts_string(w) for _, w in scored)
    return Search(
        Compiled("d.id IN (SELECT rowid FROM fts WHERE fts MATCH ?) AND d.id != ?", [expr, doc_id], expr),
        more_like=True,
        exclude=doc_id,
    )


BM25 = "bm25(fts, 4.0, 1.0, 2.0, 2.0, 2.0, 1.0, 1.0, 1.0)"
LIVE = "d.deleted_at IS NULL AND d.root_document IS NULL AND 1"  # base_where() for a superuser
LIVE_ORDER = "d.created DESC, d.id DESC"  # the default list order (what doc_live_id holds besides the id)
SCORE = "round(-coalesce(s.b, 0.0) * 1.5 + 1.0, 6)"
"""The score shown for a bm25 `s.b` (1.0 for a hit the text leaves did not score, as the real server)."""


def ranked_hits(
    req: Req, search: Search, table: str, where: Where, order_by: str, *, relevance: bool
) -> list[tuple[int, float]]:
    """Every hit of `search` within `where` as (id, score), in list order: by score if `relevance` (ties
    in `order_by`), else by `order_by`. One SQL statement: FTS5's bm25 scores, SQLite sorts; no per-row
    Python work. Cached until the next write (the next page, a refresh)."""
    compiled = search.compiled
    expr = compiled.score_expr
    inner = expr is not None and (compiled.pure_text or search.more_like)  # the scored matches are the hits
    if not inner:
        where.add(f"({compiled.sql})", *compiled.params)
    elif search.exclude is not None:
        where.add("d.id != ?", search.exclude)
    if relevance and expr is not None:
        order_by = f"{SCORE} DESC, {order_by}"
    if expr is None:
        sql = f"SELECT d.id, 1.0 FROM {table} d WHERE {where.sql()} ORDER BY {order_by}"
        params: list[Any] = list(where.params)
    else:
        scored = f"(SELECT rowid AS r, {BM25} AS b FROM fts WHERE fts MATCH ?) s"
        # The plain case (live documents, everyone visible, list order): the hits are looked up in the
        # narrow index of live ids and dates, not in the rows (SQLite would pick the rows' primary key).
        narrow = inner and table == "docs" and where.sql() == LIVE and order_by.endswith(LIVE_ORDER)
        index = " INDEXED BY doc_live_id" if narrow else ""
        join = (
            f"{scored} JOIN {table} d{index} ON d.id = s.r"
            if inner
            else f"{table} d LEFT JOIN {scored} ON s.r = d.id"
        )
        sql = f"SELECT d.id, {SCORE} FROM {join} WHERE {where.sql()} ORDER BY {order_by}"
        params = [expr, *where.params]

    def compute() -> list[tuple[int, float]]:
        try:
            return req.store.tuples(sql, params)
        except sqlite3.OperationalError:
            raise search_error() from None

    hits: list[tuple[int, float]] = req.store.memo(("hits", sql, tuple(params)), compute)
    return hits  # (the filter's positions are no longer kept: after a write the first search costs its hits)


def highlights(req: Req, search: Search, ids: list[int]) -> dict[int, tuple[str, str | None]]:
    expr = search.compiled.score_expr
    if not expr or search.more_like or not ids:
        return {}

    def compute() -> dict[int, tuple[str, str | None]]:
        # Highlights are made in Python from the stored text: much cheaper than an FTS5 snippet per row.
        marks = ",".join("?" * len(ids))
        contents = dict(req.store.q(f"SELECT id, content FROM doc_content WHERE id IN ({marks})", ids))
        with_notes = [
            r[0] for r in req.store.q(f"SELECT id FROM docs WHERE id IN ({marks}) AND num_notes > 0", ids)
        ]
        notes = {
            doc: "\n".join(n.get("note", "") for n in items)
            for doc, items in req.store.objects_for_docs("notes", with_notes).items()
        }
        content_re = highlighter(search.compiled.terms, "content")
        notes_re = highlighter(search.compiled.terms, "notes")
        out = {}
        for doc_id in ids:
            note = highlight(notes[doc_id], notes_re) if doc_id in notes else ""
            out[doc_id] = (highlight(contents.get(doc_id) or "", content_re), note or None)
        return out

    return dict(req.store.memo(("highlights", expr, tuple(ids)), compute))


def hit_of(search: Search, doc_id: int, rank: int, hl: dict[int, tuple[str, str | None]]) -> dict[str, Any]:
    text, notes = hl.get(doc_id, ("", None))
    return {
        "score": 0.0 if search.more_like else search.scores.get(doc_id, 1.0),
        "highlights": text,
        "note_highlights": notes,
        "rank": rank,
    }


def autocomplete_terms(req: Req, term: str, limit: int) -> list[str]:
    toks = words(term)
    if not toks:
        return []
    prefix = toks[-1]
    limit = max(1, min(limit, 100))
    # fts5vocab cannot use an index for LIKE; a range on `term` can.
    rows = req.store.q(
        "SELECT term FROM fts_vocab WHERE term >= ? AND term < ? ORDER BY doc DESC, term LIMIT ?",
        (prefix, prefix + "\U0010ffff", limit if req.is_superuser else limit * 5),
    )
    terms = [r[0] for r in rows if re.fullmatch(r"\w+", r[0])]
    if req.is_superuser:
        return terms
    # others only get words from documents they may see
    vis, params = visible_clause(req)
    out = []
    for word in terms:
        found = req.store.q1(
            "SELECT 1 FROM fts JOIN docs d ON d.id = fts.rowid "
            f"WHERE fts MATCH ? AND d.deleted_at IS NULL AND {vis} LIMIT 1",
            (fts_string(word), *params),
        )
        if found:
            out.append(word)
            if len(out) >= limit:
                break
    return out
