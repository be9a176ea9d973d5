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

from paperless_tui.demo.routes.common import ApiError, Req, parse_int, resolve_page
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


MORE_LIKE_TERMS = 8
"""How many of the source document's most telling words (count in it times rarity) a more_like_id search
looks for at most."""
MORE_LIKE_HITS = 8000
"""Budget of (estimated) hits for those words: FTS5 scores every hit with bm25, ~3 us per hit and word, so
a word that would pass it is skipped (the first word is always kept). 12 words without it: ~200 ms at 100k."""
MORE_LIKE_MAX_SHARE = 0.5
"""Words in more than this share of the documents say nothing about one (Lucene's maxDocFreq)."""
DF_WINDOW = 2048
"""Document frequencies are counted among the first DF_WINDOW ids and scaled to the archive."""
DF_EXACT_BELOW = 4
"""A word seen fewer times than this in the window is rare: its frequency is counted exactly (cheap)."""


def document_frequencies(req: Req, words_: list[str], top: int) -> dict[str, int]:
    """In how many documents each word occurs: exact for rare words and small archives, else estimated
    from the first DF_WINDOW ids (`top`: the highest id). An exact count walks the word's whole doclist
    (fts5vocab), which for the common words of a letter costs ~80 ms at 100k documents; a count within
    an id range seeks only that part of it."""
    store = req.store
    exact_sql = "SELECT doc FROM fts_vocab WHERE term = ?"
    out: dict[str, int] = {}
    for word in words_:
        if top <= DF_WINDOW:
            row = store.q1(exact_sql, (word,))
            out[word] = row[0] if row else 0
            continue
        seen = store.q1(
            "SELECT count(*) FROM fts WHERE fts MATCH ? AND rowid <= ?", (fts_string(word), DF_WINDOW)
        )[0]
        if seen < DF_EXACT_BELOW:
            row = store.q1(exact_sql, (word,))
            out[word] = row[0] if row else 0
        else:
            out[word] = round(seen * top / DF_WINDOW)
    return out


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
    total = max(1, req.store.q1("SELECT max(id) FROM docs")[0] or 0)  # about the number of documents
    dfs = document_frequencies(req, candidates, total)
    scored = sorted(
        (
            (counts[w] * (1.0 + (total / (1 + dfs[w]))), w)
            for w in candidates
            if 1 < dfs[w] <= total * MORE_LIKE_MAX_SHARE
        ),
        reverse=True,
    )
    chosen: list[str] = []
    spent = 0
    for _, word in scored:  # the most telling words first, while their hits stay within the budget
        if chosen and spent + dfs[word] > MORE_LIKE_HITS:
            continue
        chosen.append(word)
        spent += dfs[word]
        if len(chosen) == MORE_LIKE_TERMS:
            break
    if not chosen:
        return Search(Compiled("0", [], None), more_like=True, exclude=doc_id)
    expr = " OR ".join(fts_string(w) for w in chosen)
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


FTS_SCORE = f"round(-{BM25} * 1.5 + 1.0, 6)"
"""SCORE computed straight in the FTS5 table (no join): the same number for the same row."""


@dataclass
class RankedSearch:
    """A search within `where`, in list order (by score if relevance, ties in `order_by`, else by
    `order_by`), answered page by page: `count()` and `page(offset, size)` each run one bounded query
    (SQLite's top-N sorter with LIMIT; no list of every hit in Python). `every()` (API v9) is the full list.
    Results are cached until the next write (the next page, a refresh)."""

    req: Req
    expr: str | None
    fts_only: bool  # plain case: top hits from FTS5 alone, then the few not-live ids dropped
    exclude: int | None
    count_sql: str
    count_params: list[Any]
    list_sql: str
    list_params: list[Any]

    def _run(self, kind: str, sql: str, params: list[Any], compute: Any) -> Any:
        def guarded() -> Any:
            try:
                return compute()
            except sqlite3.OperationalError:
                raise search_error() from None

        return self.req.store.memo((kind, sql, tuple(params)), guarded)

    def _excluded(self) -> list[int]:
        """Ids the FTS5 table holds that are not hits here: trashed documents, versions, the more_like doc."""
        rows = self.req.store.tuples(
            "SELECT id FROM docs INDEXED BY doc_not_live "
            "WHERE deleted_at IS NOT NULL OR root_document IS NOT NULL"
        )
        ids = [r[0] for r in rows]
        if self.exclude is not None:
            ids.append(self.exclude)
        return ids

    def count(self) -> int:
        store = self.req.store

        def compute() -> int:
            if not self.fts_only:
                return int(store.q1(self.count_sql, self.count_params)[0])
            total = int(store.q1("SELECT count(*) FROM fts WHERE fts MATCH ?", (self.expr,))[0])
            excluded = self._excluded()
            if not excluded:
                return total
            marks = ",".join("?" * len(excluded))
            sql = f"SELECT count(*) FROM fts WHERE fts MATCH ? AND rowid IN ({marks})"
            return total - int(store.q1(sql, (self.expr, *excluded))[0])

        count: int = self._run("count", self.count_sql, self.count_params, compute)
        return count

    def page(self, offset: int, size: int) -> list[tuple[int, float]]:
        store = self.req.store

        def compute() -> list[tuple[int, float]]:
            if self.fts_only:
                return self._fts_window(offset, size)[1]
            return store.tuples(f"{self.list_sql} LIMIT ? OFFSET ?", [*self.list_params, size, offset])

        hits: list[tuple[int, float]] = self._run(
            f"page {offset} {size}", self.list_sql, self.list_params, compute
        )
        return hits

    def window(self, page: int, size: int) -> tuple[int, int, list[tuple[int, float]]]:
        """(count, resolved page, that page's hits) for a requested page (-1: the last)."""
        if self.fts_only and page >= 1:
            offset = (page - 1) * size

            def compute() -> tuple[int | None, list[tuple[int, float]]]:
                return self._fts_window(offset, size)

            key = f"window {offset} {size}"
            count, hits = self._run(key, self.list_sql, self.list_params, compute)
            if count is not None:  # a non-empty page carries the count
                return count, resolve_page(page, size, count), hits
        count = self.count()
        page = resolve_page(page, size, count)
        return count, page, self.page((page - 1) * size, size)

    def _fts_window(self, offset: int, size: int) -> tuple[int | None, list[tuple[int, float]]]:
        """One statement: FTS5 scores every match once (materialised), SQLite's top-N sorter finds the score
        at the page's end, only the hits at or above it are joined with the live ids for the date order,
        and the count is that of the materialised matches less the ids outside the list."""
        excluded = self._excluded()
        marks = ",".join("?" * len(excluded))
        not_self = " AND d.id != ?" if self.exclude is not None else ""
        sql = (
            f"WITH s AS MATERIALIZED (SELECT rowid AS r, {FTS_SCORE} AS sc FROM fts WHERE fts MATCH ?), "
            "edge AS (SELECT sc FROM s ORDER BY sc DESC LIMIT 1 OFFSET ?) "
            f"SELECT d.id, s.sc, (SELECT count(*) FROM s) - (SELECT count(*) FROM s WHERE r IN ({marks})) "
            "FROM s JOIN docs d INDEXED BY doc_live_id ON d.id = s.r "
            f"WHERE s.sc >= coalesce((SELECT sc FROM edge), -1e308) AND {LIVE}{not_self} "
            f"ORDER BY s.sc DESC, {LIVE_ORDER} LIMIT ? OFFSET ?"
        )
        edge = offset + size + len(excluded) - 1
        params = [
            self.expr,
            edge,
            *excluded,
            *([self.exclude] if self.exclude is not None else []),
            size,
            offset,
        ]
        rows = self.req.store.tuples(sql, params)
        if not rows:
            return None, []
        return int(rows[0][2]), [(r[0], r[1]) for r in rows]

    def every(self) -> list[int]:
        def compute() -> list[int]:
            return [r[0] for r in self.req.store.tuples(self.list_sql, self.list_params)]

        ids: list[int] = self._run("every", self.list_sql, self.list_params, compute)
        return ids


def ranked_search(
    req: Req, search: Search, table: str, where: Where, order_by: str, *, relevance: bool
) -> RankedSearch:
    """The SQL for the hits of `search` within `where`: FTS5's bm25 scores, SQLite sorts and counts."""
    compiled = search.compiled
    expr = compiled.score_expr
    inner = expr is not None and (compiled.pure_text or search.more_like)  # the scored matches are the hits
    # The plain case (live documents, everyone visible, list order by relevance): the top hits come from
    # FTS5 alone; the count from FTS5's own count less the few ids outside the live list.
    fts_only = inner and relevance and table == "docs" and where.sql() == LIVE and order_by == LIVE_ORDER
    narrow = inner and table == "docs" and where.sql() == LIVE and order_by.endswith(LIVE_ORDER)
    if not inner:
        where.add(f"({compiled.sql})", *compiled.params)
    elif search.exclude is not None:
        where.add("d.id != ?", search.exclude)
    if relevance and expr is not None:
        order_by = f"{SCORE} DESC, {order_by}"
    if expr is None:
        list_sql = f"SELECT d.id, 1.0 FROM {table} d WHERE {where.sql()} ORDER BY {order_by}"
        list_params: list[Any] = list(where.params)
        count_sql = f"SELECT count(*) FROM {table} d WHERE {where.sql()}"
        count_params = list(where.params)
    else:
        scored = f"(SELECT rowid AS r, {BM25} AS b FROM fts WHERE fts MATCH ?) s"
        # The hits are looked up in the narrow index of live ids and dates, not in the rows (SQLite would
        # pick the rows' primary key).
        index = " INDEXED BY doc_live_id" if narrow else ""
        join = (
            f"{scored} JOIN {table} d{index} ON d.id = s.r"
            if inner
            else f"{table} d LEFT JOIN {scored} ON s.r = d.id"
        )
        list_sql = f"SELECT d.id, {SCORE} FROM {join} WHERE {where.sql()} ORDER BY {order_by}"
        list_params = [expr, *where.params]
        if inner:
            count_sql = (
                f"SELECT count(*) FROM (SELECT rowid AS r FROM fts WHERE fts MATCH ?) s "
                f"JOIN {table} d{index} ON d.id = s.r WHERE {where.sql()}"
            )
            count_params = [expr, *where.params]
        else:
            count_sql = f"SELECT count(*) FROM {table} d WHERE {where.sql()}"
            count_params = list(where.params)
    return RankedSearch(req, expr, fts_only, search.exclude, count_sql, count_params, list_sql, list_params)


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
