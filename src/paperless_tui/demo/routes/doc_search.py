"""Running full-text searches for the documents list: `query=`, `text=`, `title_search=`, `more_like_id=`.

Scores come from FTS5 bm25, highlights from FTS5 snippets with `<b>` tags, ranks are 1-based across pages.
"""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

import functools
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from paperless_tui.demo import faint, impact, last_hits, middle_page, quoted
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
        Compiled(
            "d.id IN (SELECT rowid FROM fts WHERE fts MATCH ?) AND d.id != ?",
            [expr, doc_id],
            expr,
            match_expr=expr,
        ),
        more_like=True,
        exclude=doc_id,
    )


BM25 = impact.BM25
LIVE = "d.deleted_at IS NULL AND d.root_document IS NULL AND 1"  # base_where() for a superuser
RELEVANCE = impact.RELEVANCE
REVERSED = "b DESC, r"  # RELEVANCE from the last hit (a total order: ids are unique)
DEEP = impact.TOP  # hits before a page and from it on past which a common word's page comes from marks
LAST_HITS = 1024  # hits from the end at most that words OR-ed find from their least shares (last_hits)
LISTED_FROM = 1024  # hits walked past below which a common word is probed by seeks (`_listed`)
AND_JOINED = 16  # words AND-ed that are joined row by row at most (SQLite joins 64 tables at most)


def shown_score(b: float) -> float:
    """The score shown for a bm25 `b`, in Whoosh's sense (higher is better; 1.0 for a hit no text leaf
    matched, as on the real server)."""
    return round(-b * 1.5 + 1.0, 6)


@dataclass
class RankedSearch:
    """The hits of a search in list order, answered page by page with work bounded by the hits, never by
    the archive: FTS5 finds, counts and (by relevance) ranks the hits of a text query itself; only the
    rows a filter needs are joined (FTS5 first, so bm25 runs on the hits that pass); a date or field order
    walks the list's index and probes the hits, and scores just the page. Cached until the next write."""

    req: Req
    match: str | None  # FTS5 expression whose matches are the hits; None: the hits are `where` alone
    score_expr: str | None  # FTS5 expression that scores the hits; None: every hit scores 1.0
    table: str
    where: Where  # what a hit must satisfy besides `match`: filters, visibility, non-text leaves
    order_by: str | None  # None: by relevance
    exclude: int | None  # the more_like_id document
    plain: bool  # a text query over every live document (superuser, no filter): FTS5 alone
    negated: str | None = None  # a bare NOT of a text query: the FTS5 expression it leaves out
    base: Where | None = None  # `where` without the query (for a bare NOT's count)
    words: RankedSearch | None = None  # text words OR other leaves: the words' own search
    others: Where | None = None  # ... and the other leaves' hits that are not the words' matches

    def _run(self, kind: str, compute: Any) -> Any:
        def guarded() -> Any:
            try:
                return compute()
            except sqlite3.OperationalError:
                raise search_error() from None

        key = (kind, self.match, self.score_expr, self.table, self.where.sql(), tuple(self.where.params))
        return self.req.store.memo((*key, self.order_by), guarded)

    def _excluded(self) -> list[int]:
        """Ids the FTS5 table holds that are not hits of a plain search: trashed documents, versions, the
        more_like document (a handful: kept out by id rather than by joining every hit). Read once per
        write (a page asks for them up to three times)."""
        store = self.req.store
        sql = "SELECT id FROM docs INDEXED BY doc_not_live "
        sql += "WHERE deleted_at IS NOT NULL OR root_document IS NOT NULL"
        ids: tuple[int, ...] = store.memo(("not live",), lambda: tuple(r[0] for r in store.tuples(sql)))
        return [*ids, self.exclude] if self.exclude is not None else list(ids)

    def _hits_sql(self, *, reverse: bool = False, listed: bool = False) -> tuple[str, list[Any]]:
        """SELECT r (id), b (bm25, NULL when the page is scored afterwards) of every hit, in list order
        (`reverse`: from the last hit); `listed`: a very common word's documents probed in a list of them
        built once, not by a seek per walked row (for a page far from where the walk starts)."""
        sql, params = self._ordered_hits_sql(
            REVERSED if reverse else RELEVANCE,
            None if self.order_by is None else reversed_order(self.order_by) if reverse else self.order_by,
        )
        return (sql.replace(impact.HAS_TERM_SQL, impact.HAS_TERM_LISTED) if listed else sql), params

    def _ordered_hits_sql(self, relevance: str, order_by: str | None) -> tuple[str, list[Any]]:
        """`_hits_sql` sorted by `relevance` (RELEVANCE or REVERSED) or by `order_by` (this search's field
        order, or its reverse)."""
        w, wp = self.where.sql(), list(self.where.params)
        t = self.table
        if self.match is not None:
            word = impact_word(self.req, self.match)
            if order_by is not None:
                # A field order: walk the list's index and probe the hits (`+`: the hits must not drive
                # the loop, which would look up and sort every one of them); a very common word's hits
                # by a seek into its impact rows, others in the set of FTS5's matches.
                if word is not None:
                    probe, probed = impact.HAS_TERM_SQL, word
                else:
                    probe, probed = "+d.id IN (SELECT rowid FROM fts WHERE fts MATCH ?)", self.match
                sql = f"SELECT d.id AS r, NULL AS b FROM {t} d WHERE {w} AND {probe} ORDER BY {order_by}"
                return sql, [*wp, probed]
            if self.plain:
                return self._plain_sql(relevance)
            if word is not None:  # the word's impact rows of the documents in the filter's set
                sql = (
                    f"SELECT doc AS r, {impact.SCORE_SQL} AS b FROM fts_impact WHERE term = ? "
                    f"AND doc IN (SELECT value FROM json_each(?)) ORDER BY {relevance}"
                )
                return sql, [*self._score_params(word), word, self._filter_ids(self.where)]
            sql = (  # FTS5 walks its matches, keeps those in the filter's set, runs bm25 on those only
                f"SELECT rowid AS r, {BM25} AS b FROM fts WHERE fts MATCH ? "
                f"AND +rowid IN (SELECT d.id FROM {t} d WHERE {self.where.counted_sql()}) "
                f"ORDER BY {relevance}"
            )
            return sql, [self.match, *wp]
        if order_by is not None or self.score_expr is None:
            order = order_by or ("d.id" if relevance == REVERSED else "d.id DESC")
            return f"SELECT d.id AS r, NULL AS b FROM {t} d WHERE {w} ORDER BY {order}", wp
        # By relevance, with hits from more than text (a date, a custom field, a bare NOT): the scored hits
        # (bm25 on those that pass), then the rest at 1.0.
        sql = (
            f"SELECT rowid AS r, {BM25} AS b FROM fts WHERE fts MATCH ? "
            f"AND +rowid IN (SELECT d.id FROM {t} d WHERE {self.where.counted_sql()}) "
            f"UNION ALL SELECT d.id AS r, 0.0 AS b FROM {t} d WHERE {w} "
            f"AND d.id NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?) ORDER BY {relevance}"
        )
        return sql, [self.score_expr, *wp, *wp, self.score_expr]

    def _plain_sql(self, order: str) -> tuple[str, list[Any]]:
        """SELECT r (id), b (bm25) of every hit of a plain text search (every live document, no filter),
        sorted by `order`: RELEVANCE, or REVERSED (from the last hit)."""
        assert self.match is not None
        but = self._word_but(self.match)
        if but is not None:
            sql, params = self._word_sql(but)
            return f"{sql} ORDER BY {order}", params
        phrases = self._phrases_sql(self.match, order)
        if phrases is not None:
            return phrases
        conjunction = self._conjunction_sql(self.match, order)
        if conjunction is not None:
            return conjunction
        sql = f"SELECT rowid AS r, {BM25} AS b FROM fts WHERE fts MATCH ? ORDER BY {order}"
        return sql, [self.match]

    def _word_sql(self, but: tuple[str, list[tuple[str, str | None]]]) -> tuple[str, list[Any]]:
        """SELECT r (id), b (bm25) of the hits of a common word or prefix NOT others (`_word_but`), unsorted:
        bm25 from the word's rows, less the others' documents."""
        outside, outsideps = impact.outside_sql(but[1], "a", listed=True)
        sql = f"SELECT doc AS r, {impact.SCORE_SQL} AS b FROM fts_impact a WHERE term = ? {outside}"
        return sql, [*self._score_params(but[0]), but[0], *outsideps]

    def _phrase_terms(self, expr: str | None) -> list[tuple[str, str | None]] | None:
        """(phrase, its impact term or None) of an OR of bare words and prefixes of which some have impact
        rows; else None."""
        phrases = impact.bare_phrases(expr)
        if phrases is None or len(phrases) < 2:
            return None
        terms = [(phrase, rows_term(self.req, word)) for phrase, word in phrases]
        return terms if any(term for _, term in terms) else None

    def _topped_terms(self, expr: str | None) -> tuple[list[tuple[str, str | None]], str, bool] | None:
        """For an OR or an AND (`content:rech* telekom`, up to AND_JOINED phrases) of one word or prefix of
        a ROWLESS column with a count and top rows and bare words and prefixes with rows: ((phrase, its
        impact term, None for the ROWLESS one), the ROWLESS term, whether an AND); else None."""
        conjunction = impact.bare_conjunction(expr, rowless=True)
        phrases = conjunction or impact.bare_phrases(expr, rowless=True)
        if phrases is None or not 1 < len(phrases) <= AND_JOINED:
            return None
        rowless = [i for i, (_, word) in enumerate(phrases) if impact.is_rowless(word)]
        terms = [(phrase, rows_term(self.req, word)) for phrase, word in phrases]
        if len(rowless) != 1 or any(term is None for _, term in terms):
            return None
        term = terms[rowless[0]][1]
        terms[rowless[0]] = (terms[rowless[0]][0], None)
        return terms, str(term), conjunction is not None

    def _word_but(self, expr: str | None) -> tuple[str, list[tuple[str, str | None]]] | None:
        """(impact term, [(phrase, its impact term or None)] left out) of one very common word or prefix
        with rows, alone or NOT other bare words and prefixes; else None."""
        word = impact_word(self.req, expr)
        if word is not None:
            return word, []
        but = impact.word_but(expr)
        term = None if but is None else rows_term(self.req, but[0])
        if but is None or term is None:
            return None
        return term, [(phrase, rows_term(self.req, other)) for phrase, other in but[1]]

    def _conjunction_sql(self, expr: str, order: str) -> tuple[str, list[Any]] | None:
        """For an AND of bare words and prefixes that all have impact rows, when it matches at least half
        of the documents of the one with the fewest hits: bm25 from each phrase's share, that phrase's rows
        driving (impact.conjunction_sql), in about half the time of FTS5's bm25 (`invoice AND rechnung`
        at 100,000: 18 ms against 33). FTS5 goes faster when it has fewer matches to score."""
        with_rows = self._conjunction_terms(expr)
        if with_rows is None:
            return None
        with self.req.store.lock:
            return impact.conjunction_sql(self.req.store.db, with_rows, self._impact_count, order)

    def _conjunction_terms(self, expr: str | None) -> list[tuple[str, str]] | None:
        """(phrase, its impact term) of an AND of bare words and prefixes that `_conjunction_sql` answers
        from their rows; else None."""
        phrases = impact.bare_conjunction(expr)
        if phrases is None or len(phrases) > AND_JOINED:
            return None
        terms = [(phrase, rows_term(self.req, word)) for phrase, word in phrases]
        with_rows = [(phrase, term) for phrase, term in terms if term is not None]
        if len(with_rows) < len(terms) or self.count() * 2 < min(self._impact_count(t) for _, t in with_rows):
            return None
        return with_rows

    def _phrases_sql(self, expr: str, order: str) -> tuple[str, list[Any]] | None:
        """For an OR of bare words and prefixes of which some have impact rows: bm25 from each phrase's
        share (impact.phrases_sql): about half the time of FTS5's bm25 for two common words."""
        terms = self._phrase_terms(expr)
        if terms is None:
            return None
        with self.req.store.lock:
            return impact.phrases_sql(self.req.store.db, terms, self._impact_count, order)

    def count(self) -> int:
        def compute() -> int:
            if self.words is not None and self.others is not None:
                return self.words.count() + self._count_rows(self.others)
            if self.match is not None:
                return self._count_match(self.match, self.where, plain=self.plain)
            if self.negated is not None and self.base is not None:  # the list less what NOT leaves out
                plain = self.table == "docs" and self.base.sql() == LIVE
                left_out = f"({self.negated})"  # (as a query of it alone compiles to: rows answer it)
                return self._count_rows(self.base) - self._count_match(left_out, self.base, plain=plain)
            return self._count_rows(self.where)

        count: int = self._run("count", compute)
        return count

    def _filter_ids(self, where: Where) -> str:
        """The ids of the list `where` as a JSON array, built once per write for both the count and the
        pages of a common word within a filter (each statement would build the set again: 8-10 ms for
        the 4,079 inbox documents of 100,000)."""
        store = self.req.store
        sql = f"SELECT d.id FROM {self.table} d WHERE {where.counted_sql()}"
        key = ("filter ids", self.table, where.counted_sql(), tuple(where.params))
        ids: str = store.memo(key, lambda: json.dumps([r[0] for r in store.tuples(sql, where.params)]))
        return ids

    def _count_rows(self, where: Where) -> int:
        """The documents of the list `where`, once per write."""
        # Every live document: counted in the narrow index of their ids (4 ms at 100k, not 14 in the rows).
        index = " INDEXED BY doc_live_id" if self.table == "docs" and where.sql() == LIVE else ""
        sql = f"SELECT count(*) FROM {self.table} d{index} WHERE {where.counted_sql()}"
        key = ("list rows", self.table, where.counted_sql(), tuple(where.params))
        rows: int = self.req.store.memo(key, lambda: int(self.req.store.q1(sql, where.params)[0]))
        return rows

    def _count_match(self, expr: str, where: Where, *, plain: bool) -> int:
        """The matches of `expr` within `where`: for the whole list, FTS5's own count less the few ids
        outside it; else the matches in the filter's set."""
        store = self.req.store
        word = impact_word(self.req, expr)
        if not plain and word is not None:
            sql = "SELECT count(*) FROM fts_impact WHERE term = ? AND doc IN (SELECT value FROM json_each(?))"
            return int(store.q1(sql, [word, self._filter_ids(where)])[0])
        if not plain:
            sql = (
                "SELECT count(*) FROM fts WHERE fts MATCH ? "
                f"AND +rowid IN (SELECT d.id FROM {self.table} d WHERE {where.counted_sql()})"
            )
            return int(store.q1(sql, [expr, *where.params])[0])
        excluded = self._excluded()
        marks = ",".join("?" * len(excluded))
        if word is not None:  # from its impact rows, a seek per excluded id
            sql = f"SELECT count(*) FROM fts_impact WHERE term = ? AND doc IN ({marks})"
            return self._impact_count(word) - (int(store.q1(sql, (word, *excluded))[0]) if excluded else 0)
        rowless = rowless_term(self.req, expr) if len(excluded) <= impact.AMONG else None
        if rowless is not None:  # kept with its top rows, less the excluded ids among its matches
            with store.lock:
                among = impact.rowless_among(store.db, rowless, excluded) if excluded else 0
            return self._impact_count(rowless) - among
        terms = self._phrase_terms(expr)
        if terms is not None and any(term and term.endswith("*") for _, term in terms):
            with store.lock:  # (FTS5 would merge each word's list of every prefix: a* b* 110 ms)
                return impact.union_count(store.db, terms, excluded)
        but = self._word_but(expr)
        if but is not None and but[0].endswith("*"):  # (FTS5 would merge each word's list: r* -telekom 52 ms)
            return self._count_but(but, excluded)
        if not excluded:
            return self._fts_total(expr)
        if "*" in expr:  # a prefix would be expanded again for each id: test the ids during the count
            sql = f"SELECT count(*) - coalesce(sum(rowid IN ({marks})), 0) FROM fts WHERE fts MATCH ?"
            return int(store.q1(sql, (*excluded, expr))[0])
        total = self._fts_total(expr)
        sql = f"SELECT count(*) FROM fts WHERE fts MATCH ? AND rowid IN ({marks})"  # a seek per id
        return total - int(store.q1(sql, (expr, *excluded))[0])

    def _fts_count(self, expr: str) -> int:
        """FTS5's count of the matches of `expr` in its whole table (trashed documents and versions too, as
        its bm25's idf counts them), once per write."""
        store = self.req.store
        sql = "SELECT count(*) FROM fts WHERE fts MATCH ?"
        found: int = store.memo(("fts count", expr), lambda: int(store.q1(sql, (expr,))[0]))
        return found

    def _fts_total(self, expr: str) -> int:
        """`_fts_count` of `expr`; for an OR of a quoted phrase of common words and other words
        (`_phrased`), the phrase's (kept for its idf) plus the others' documents without it (FTS5 counts
        `invoice NOT "max mustermann"` in 8 ms at 100,000, the OR in 15)."""
        phrased = self._phrased(expr)
        if phrased is None or phrased[2]:
            return self._fts_count(expr)
        said = phrased[1][0].expr
        others = " OR ".join(phrase for phrase, term in phrased[0] if term is not None)
        return self._fts_count(said) + self._fts_count(f"(({others}) NOT {said})")

    def _quoted(self, expr: str | None) -> tuple[quoted.Quoted, list[str]] | None:
        """(the phrase, the impact terms of its words, those with the fewest rows first) of a quoted phrase
        of words that all have rows (`"max mustermann"`, or `"max mustermann" -invoice`) with at least
        quoted.FEWEST matches (FTS5 ranks fewer in about the time the phrase's first hits take from top
        rows); else None."""
        phrase = quoted.quoted(expr)
        if phrase is None or expr is None:
            return None
        terms = [rows_term(self.req, term) for term in phrase.terms]
        if any(term is None for term in terms) or self._fts_count(phrase.expr) < quoted.FEWEST:
            return None
        return phrase, sorted((str(term) for term in terms), key=self._impact_count)

    def _phrased(
        self, expr: str | None
    ) -> tuple[list[tuple[str, str | None]], tuple[quoted.Quoted, list[str]], bool] | None:
        """For an OR or an AND (up to AND_JOINED phrases) of one quoted phrase of words that all have rows
        (`_quoted`) and bare words and prefixes with rows (`"max mustermann" invoice`): ((phrase, its
        impact term, None for the quoted one), (the Quoted, its words' terms), whether an AND); else None."""
        split = quoted.joined(expr)
        if split is None or len(split[0]) > AND_JOINED:
            return None
        terms: list[tuple[str, str | None]] = []
        said = None
        for part in split[0]:
            word = impact.common_word(part)
            term = None if word is None else rows_term(self.req, word)
            if term is None and said is None:
                said = self._quoted(part)
                if said is not None and said[0].matched != said[0].expr:
                    return None  # (a phrase NOT others within an OR or an AND)
            elif term is None:
                return None
            terms.append((part, term))
        if said is None or sum(term is None for _, term in terms) != 1:
            return None
        return terms, said, split[1]

    def _count_but(self, but: tuple[str, list[tuple[str, str | None]]], excluded: list[int]) -> int:
        """The hits of a plain search for a common word or prefix NOT others (`_word_but`): its rows, less
        the documents of each other phrase (a seek into the word's rows per document) that no phrase
        before it has, less the `excluded` ids among the hits (r* -telekom at 100,000: 13 ms)."""
        store = self.req.store
        word, others = but
        total = self._impact_count(word)
        for i, (phrase, term) in enumerate(others):
            if term is not None and i == 0:  # both lists merged in doc order (re* -invoice: 10 ms, not 20)
                docs = impact.docs_of(phrase, term)[0]
                total -= int(
                    store.q1(f"SELECT count(*) FROM ({docs} INTERSECT {docs} ORDER BY 1)", [word, term])[0]
                )
                continue
            if term is not None:
                sql, params = "SELECT count(*) FROM fts_impact o WHERE o.term = ?", [term]
            else:
                sql, params = (
                    "SELECT count(*) FROM (SELECT rowid AS doc FROM fts WHERE fts MATCH ?) o WHERE 1",
                    [phrase],
                )
            before, beforeps = impact.outside_sql(others[:i], "o")
            sql += f" AND EXISTS (SELECT 1 FROM fts_impact a WHERE a.term = ? AND a.doc = o.doc) {before}"
            total -= int(store.q1(sql, [*params, word, *beforeps])[0])
        if excluded:
            outside, outsideps = impact.outside_sql(others, "a")
            marks = ",".join("?" * len(excluded))
            sql = f"SELECT count(*) FROM fts_impact a WHERE term = ? AND doc IN ({marks}) {outside}"
            total -= int(store.q1(sql, [word, *excluded, *outsideps])[0])
        return total

    def page(self, offset: int, size: int) -> list[tuple[int, float]]:
        """(id, score) of the hits at `offset`: SQLite's top-N sorter over the hits (LIMIT)."""
        store = self.req.store

        def compute() -> list[tuple[int, float]]:
            if self.words is not None and self.order_by is None:
                return self._words_then_others(offset, size)
            if self.plain and self.order_by is None:
                middle = self._middle(offset, size)
                if middle is not None:
                    return middle
            if self.plain and self.order_by is None and offset > self.count() - offset:
                return self._from_the_end(offset, size)
            if self.plain and self.order_by is None:
                excluded = set(self._excluded())
                k = offset + size + len(excluded)
                terms = self._phrase_terms(self.match)
                word = None if terms is not None else self._word_but(self.match)
                every = None if terms is not None or word is not None else self._conjunction_terms(self.match)
                alone = terms is None and word is None and every is None
                rowless = rowless_term(self.req, self.match) if alone else None
                topped = self._topped_terms(self.match) if alone and rowless is None else None
                phrase = self._quoted(self.match) if alone and rowless is None and topped is None else None
                phrased = self._phrased(self.match) if alone and not (rowless or topped or phrase) else None
                top = None
                if terms is not None:  # the first hits of an OR of phrases, not every document's sum
                    with store.lock:  # (of the others', if one is in most documents: its share is faint)
                        top = faint.floored(store.db, terms, self._impact_count, k)
                        if top is None:
                            top = impact.phrases_top(store.db, terms, self._impact_count, k)
                elif every is not None:  # of an AND: the driving phrase's rows that can reach them
                    with store.lock:
                        top = faint.floored(store.db, every, self._impact_count, k, every=True)
                        if top is None:
                            top = impact.conjunction_top(store.db, every, self._impact_count, k)
                elif word is not None:  # a very common word's first hits, from its top rows if they tell
                    idf, avgdl = self._score_params(word[0])
                    with store.lock:
                        top = impact.top(store.db, word[0], idf, avgdl, k, word[1])
                elif rowless is not None:  # a ROWLESS column's word: its top rows, if they tell
                    idf, avgdl = self._score_params(rowless)
                    with store.lock:
                        top = impact.top(store.db, rowless, idf, avgdl, k)
                elif topped is not None:  # one with words that have rows, OR-ed or AND-ed: its top rows
                    first_hits = impact.conjunction_top if topped[2] else impact.by_presence
                    with store.lock:
                        top = first_hits(store.db, topped[0], self._impact_count, k, topped[1])
                        if top is None:  # (or the word's share is too small to lift other documents)
                            top = faint.first(
                                store.db, topped[0], self._impact_count, k, topped[1], every=topped[2]
                            )
                elif phrase is not None:  # a quoted phrase of common words: a word's top rows hold it
                    matches = self._fts_count(phrase[0].expr)  # (its own, for its idf)
                    with store.lock:
                        top = quoted.first(store.db, phrase[0], phrase[1], matches, k)
                elif phrased is not None:  # one with words that have rows: faint beside them, or not told
                    together, (said, words), every_one = phrased
                    matches = self._fts_count(said.expr)
                    score, share = self._score_params_of(matches), matches / max(1, self._fts_rows())
                    with store.lock:
                        bound = quoted.share_bound(store.db, words, score)
                        shares = functools.partial(quoted.shares, store.db, said, score=score)
                        top = faint.phrased(
                            store.db,
                            together,
                            self._impact_count,
                            k,
                            bound,
                            shares,
                            every=every_one,
                            share=share,
                        )
                if top is not None:
                    rows: list[Any] = top
                else:
                    sql, params = self._hits_sql()
                    rows = store.tuples(f"{sql} LIMIT ?", [*params, k])
                rows = [r for r in rows if r[0] not in excluded][offset : offset + size]
            else:
                rows = self._walked(offset, size)
            if rows and rows[0][1] is None:
                scores = self._scores([r[0] for r in rows])
                return [(r[0], shown_score(scores.get(r[0], 0.0))) for r in rows]
            return [(r[0], shown_score(r[1])) for r in rows]

        hits: list[tuple[int, float]] = self._run(f"page {offset} {size}", compute)
        return hits

    def _walked(self, offset: int, size: int) -> list[tuple[Any, ...]]:
        """The rows (r, b) of a page from `_hits_sql`: in its back half, from the last hit (the walk or the
        sort from the other end, then reversed: the last page costs what the first does)."""
        tail = self.count() - offset  # the hits from `offset` to the last
        store = self.req.store
        if 0 < tail < offset:
            sql, params = self._hits_sql(reverse=True, listed=self._listed(tail))
            start = max(0, tail - size)
            return store.tuples(f"{sql} LIMIT ? OFFSET ?", [*params, tail - start, start])[::-1]
        sql, params = self._hits_sql(listed=self._listed(offset))
        return store.tuples(f"{sql} LIMIT ? OFFSET ?", [*params, size, offset])

    def _listed(self, past: int) -> bool:
        """Whether a walk past `past` hits probes the very common word it tests (a field order's, or a bare
        NOT's) in a list of its documents rather than by a seek per walked row: when it walks more rows
        than half the word's (a list costs about a third of a seek per document, its probe a quarter)."""
        if self.order_by is not None and self.match is not None:
            word, listing = impact_word(self.req, self.match), self.where
        elif self.negated is not None and self.base is not None:
            word, listing = impact_word(self.req, f"({self.negated})"), self.base
        else:
            return False
        if word is None or past < LISTED_FROM:
            return False
        return past * self._count_rows(listing) > self._impact_count(word) * max(self.count(), 1) / 2

    def _middle(self, offset: int, size: int) -> list[tuple[int, float]] | None:
        """A page (of at most DEEP hits) of a plain search for a common word or prefix with more than DEEP
        hits before its end and from its start on: from the term's marks, without sorting the hits before
        it or after it (middle_page); None for another page or search."""
        count = self.count()
        if size > DEEP or min(offset + size, count - offset) <= DEEP:
            return None
        but = self._word_but(self.match)
        ask = None
        if but is not None:
            word, unless = but
            ask = middle_page.Ask(word, self._score_params(word), offset, size, self._excluded(), unless)
        terms = None if but is not None else self._phrase_terms(self.match)
        store = self.req.store
        with store.lock:
            if terms is not None:
                ask = self._or_ask(terms, offset, size)
            rows = None if ask is None else middle_page.page(store.db, ask)
        return None if rows is None else [(r, shown_score(b)) for r, b in rows]

    def _or_ask(self, terms: list[tuple[str, str | None]], offset: int, size: int) -> middle_page.Ask | None:
        """The middle page of words OR-ed, asked of the marks of the one with rows and the most hits
        (`big`): its rows of the documents no other word has, plus every document of the others, summed in
        full (`impact.others_shares`, big's share by a seek); None when those are at least as many as the
        hits before the page (then phrases_top costs less). Call with the store's lock held."""
        big = max(
            (i for i, (_, t) in enumerate(terms) if t is not None),
            key=lambda i: self._impact_count(str(terms[i][1])),
        )
        term = str(terms[big][1])
        excluded = self._excluded()
        others_rows = sum(self._impact_count(str(t)) for i, (_, t) in enumerate(terms) if i != big and t)
        if others_rows >= offset:  # (phrases_top's first part holds the page's k and bounds big's rows)
            return None
        out = set(excluded)
        summed = impact.others_shares(self.req.store.db, terms, self._impact_count, big)
        extra = [(r, b) for r, b, _ in summed if r not in out]
        left_out = [alone for _, _, alone in summed if alone]  # (-0.0: a document without big)
        others = [phrase for i, phrase in enumerate(terms) if i != big]
        score = self._score_params(term)
        return middle_page.Ask(term, score, offset, size, excluded, others, sorted(left_out), extra)

    def _from_the_end(self, offset: int, size: int) -> list[tuple[int, float]]:
        """A page of a plain search in its back half: the hits from the last one on (SQLite's top-N sorter
        over the reversed order: the last page costs what the first does without top rows), reversed."""
        excluded = set(self._excluded())
        tail = self.count() - offset  # the hits from `offset` to the last
        terms = self._phrase_terms(self.match) if tail + len(excluded) <= LAST_HITS else None
        rows: list[Any] | None = None
        if terms is not None:  # words OR-ed: from each one's least shares, not every document's sum
            with self.req.store.lock:
                rows = last_hits.last(self.req.store.db, terms, self._impact_count, tail + len(excluded))
        rowless = bottomed_term(self.req, self.match) if terms is None else None
        if rowless is not None:  # a ROWLESS column's word: its bottom rows, if they tell
            idf, avgdl = self._score_params(rowless)
            with self.req.store.lock:
                rows = impact.bottom(self.req.store.db, rowless, idf, avgdl, tail + len(excluded))
        if rows is None:
            sql, params = self._plain_sql(REVERSED)
            rows = self.req.store.tuples(f"{sql} LIMIT ?", [*params, tail + len(excluded)])
        hits = [r for r in rows if r[0] not in excluded][::-1]  # the last `tail` hits, in list order
        start = len(hits) - tail
        return [(r[0], shown_score(r[1])) for r in hits[start : start + size]]

    def _words_then_others(self, offset: int, size: int) -> list[tuple[int, float]]:
        """A page by relevance of text words OR other leaves: the words' matches first (ranked as the
        words alone are), then the others' hits, newest first, at 1.0 (a bm25 is always below 0.0)."""
        assert self.words is not None and self.others is not None
        scored = self.words.count()
        hits = list(self.words.page(offset, size)) if offset < scored else []  # (a cached list)
        if len(hits) < size:
            sql, params = self._others_sql()
            rows = self.req.store.tuples(
                f"{sql} LIMIT ? OFFSET ?", [*params, size - len(hits), max(0, offset - scored)]
            )
            hits += [(r[0], shown_score(0.0)) for r in rows]
        return hits

    def _others_sql(self) -> tuple[str, list[Any]]:
        """The other leaves' hits that are not the words' matches, newest first."""
        assert self.others is not None
        return (
            f"SELECT d.id FROM {self.table} d WHERE {self.others.sql()} ORDER BY d.id DESC",
            self.others.params,
        )

    def _fts_rows(self) -> int:
        """The rows of the FTS5 table (every document, trashed ones and versions too)."""
        with self.req.store.lock:
            return impact.fts_totals(self.req.store.db)[0]

    def _score_params_of(self, hits: int) -> tuple[float, float]:
        """(idf, avgdl) of FTS5's bm25 for one phrase with `hits` matches in its table."""
        with self.req.store.lock:
            return impact.score_params(self.req.store.db, hits)

    def _score_params(self, word: str) -> tuple[float, float]:
        """(idf, avgdl) of FTS5's bm25 for the expression that impact term `word` answers."""
        return self._score_params_of(self._impact_count(word))

    def _impact_count(self, word: str) -> int:
        """The documents of the FTS5 table that match what impact term `word` answers: the number of its
        rows, kept with them (impact.count)."""
        store = self.req.store
        with store.lock:
            return impact.count(store.db, word)

    def _scores(self, ids: list[int]) -> dict[int, float]:
        """The bm25 of a page of hits found in another order: a very common word's from a seek per id into
        its impact rows; else FTS5 walks the text's matches (cheap) and runs bm25 on the page's ids only
        (`+rowid`: a filter, not one MATCH per id)."""
        if self.score_expr is None:
            return {}
        marks = ",".join("?" * len(ids))
        word = impact_word(self.req, self.score_expr)
        if word is not None:
            sql = f"SELECT doc, {impact.SCORE_SQL} FROM fts_impact WHERE term = ? AND doc IN ({marks})"
            params = [*self._score_params(word), word, *ids]
            return {r[0]: float(r[1]) for r in self.req.store.tuples(sql, params)}
        sql = f"SELECT rowid, {BM25} FROM fts WHERE fts MATCH ? AND +rowid IN ({marks})"
        return {r[0]: float(r[1]) for r in self.req.store.tuples(sql, [self.score_expr, *ids])}

    def window(self, page: int, size: int) -> tuple[int, int, list[tuple[int, float]]]:
        """(count, resolved page, that page's hits) for a requested page (-1: the last)."""
        count = self.count()
        page = resolve_page(page, size, count)
        return count, page, self.page((page - 1) * size, size) if count else []  # (no second walk)

    def every(self) -> list[int]:
        """Every hit's id in list order (API v9's `all`): the pages' own statement without a LIMIT."""

        def compute() -> list[int]:
            if self.words is not None and self.order_by is None:
                return self.words.every() + [r[0] for r in self.req.store.tuples(*self._others_sql())]
            sql, params = self._hits_sql()
            ids = [r[0] for r in self.req.store.tuples(sql, params)]
            if self.plain and self.order_by is None:
                excluded = set(self._excluded())
                ids = [i for i in ids if i not in excluded]
            return ids

        ids: list[int] = self._run("every", compute)
        return ids


def reversed_order(order: str) -> str:
    """ORDER BY terms `order` (each ending in ASC, DESC or neither) in reverse: each term's direction
    flipped (SQLite puts NULLs first ascending, so last descending: the exact reverse of a total order)."""
    terms, depth, start = [], 0, 0
    for i, char in enumerate(order):
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            terms.append(order[start:i].strip())
            start = i + 1
    terms.append(order[start:].strip())
    flipped = [
        t.removesuffix(" DESC") + " ASC" if t.endswith(" DESC") else t.removesuffix(" ASC") + " DESC"
        for t in terms
    ]
    return ", ".join(flipped)


def impact_word(req: Req, expr: str | None) -> str | None:
    """The very common word whose impact rows answer FTS5 expression `expr` (one bare word, or a prefix
    of only that word), else None."""
    word = impact.common_word(expr)
    return None if word is None else rows_term(req, word)


def rowless_term(req: Req, expr: str | None) -> str | None:
    """The ROWLESS term whose count and top rows answer FTS5 expression `expr` (one word or prefix in a
    ROWLESS column: `content:rech*`), else None."""
    word = impact.rowless_word(expr)
    return None if word is None else rows_term(req, word)


def bottomed_term(req: Req, expr: str | None) -> str | None:
    """The term of a ROWLESS column whose bottom rows give the last hits of FTS5 expression `expr` (one
    word or prefix of that column alone, ROWED or not: `content:rech*`, `content:r*`), else None."""
    word = impact.common_word(expr)
    if word is not None and impact.ROWED.match(word):
        return rows_term(req, word)
    return rowless_term(req, expr)


def rows_term(req: Req, word: str) -> str | None:
    """The impact term whose rows rank a bare word or prefix (`rech*`), else None (once per write: for a
    prefix, fts5vocab walks the doclist of each word it reads)."""
    return _once_per_write(req, impact.word_with_rows, word)


def only_word(req: Req, prefix: str) -> str | None:
    """The one word of the index under `prefix`, else None (once per write, as `rows_term`)."""
    return _once_per_write(req, impact.only_word, prefix)


def _once_per_write(
    req: Req, lookup: Callable[[sqlite3.Connection, str], str | None], text: str
) -> str | None:
    """`lookup(db, text)`, cached until the next write."""
    store = req.store

    def compute() -> str | None:
        with store.lock:
            return lookup(store.db, text)

    result: str | None = store.memo((lookup.__name__, text), compute)
    return result


def ranked_search(
    req: Req, search: Search, table: str, where: Where, order_by: str, *, relevance: bool
) -> RankedSearch:
    """How to answer the hits of `search` within `where` (see RankedSearch)."""
    compiled = search.compiled
    match = compiled.match_expr
    word = impact.common_word(match)
    if word is not None and word.endswith("*"):
        column, bare = impact.split_field(word[:-1])
        only = only_word(req, bare)
        if only is not None:  # a prefix of one word matches, counts and scores as that word
            match = impact.word_expression(only, column)
    plain = match is not None and table == "docs" and where.sql() == LIVE
    base = where.copy()
    words, others = None, None
    if compiled.others is not None and search.exclude is None:
        words, others = _split_words(req, compiled, table, base, order_by, relevance=relevance)
    negated = compiled.negated_match if match is None else None
    left_out = None if negated is None else impact_word(req, f"({negated})")
    if left_out is not None:  # a bare NOT of a very common word: a seek per walked row into its rows
        where.add(f"NOT {impact.HAS_TERM_SQL}", left_out)
    elif match is None:
        where.add(f"({compiled.sql})", *compiled.params)
    if search.exclude is not None:
        where.add("d.id != ?", search.exclude)
    ranked_order = None if relevance and compiled.score_expr is not None else order_by
    return RankedSearch(
        req,
        match,
        compiled.score_expr,
        table,
        where,
        ranked_order,
        search.exclude,
        plain,
        negated=negated,
        base=base,
        words=words,
        others=others,
    )


def _split_words(
    req: Req, compiled: Compiled, table: str, base: Where, order_by: str, *, relevance: bool
) -> tuple[RankedSearch, Where]:
    """For text words OR other leaves (`compiled.others`): the words' own search (FTS5 finds, counts and
    ranks their matches, from impact rows for a very common word) and the other leaves' hits that are
    not among those matches (a seek per row into the word's impact rows, or a set of the matches)."""
    assert compiled.others is not None and compiled.score_expr is not None
    expr = compiled.score_expr
    text = Compiled(
        "d.id IN (SELECT rowid FROM fts WHERE fts MATCH ?)",
        [expr],
        expr,
        pure_text=True,
        terms=compiled.terms,
        match_expr=expr,
    )
    words = ranked_search(req, Search(text), table, base.copy(), order_by, relevance=relevance)
    others = base.copy()
    rest = compiled.others
    others.add(f"({rest.sql})", *rest.params)
    word = impact_word(req, words.match)
    if word is not None:
        others.add(f"NOT {impact.HAS_TERM_SQL}", word)
    else:
        others.add("d.id NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)", words.match)
    return words, others


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
