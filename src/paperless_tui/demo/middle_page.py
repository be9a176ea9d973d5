"""A page deep inside the hits of a very common word or prefix, ranked by relevance, without sorting every
hit before it.

SQLite's top-N sorter keeps the first offset + size hits in order while it walks them all: page 200 of a
word found in 43,000 documents sorts 20,100 of them (35-45 ms at 100,000 documents). A page needs only the
number of hits ranked before it and the few around it. Marks (`fts_impact_marks`) keep the `f` and `D`
of every MARK-th row of a term in relevance order; the marks on either side of the page give two scores,
one walk over the term's rows counts the hits scored better than the first and names those in between,
and only these are scored again and sorted. The count proves the page: marks that writes have made stale
widen the walk's window or, when they miss the page, send it to the sort, which places them anew, as the
first deep page of a term does.

A word NOT others (`rechnung -telekom`) is ranked as the word alone, less the others' documents: its pages
come from the word's marks too, each mark's place among the hits being its place among the word's rows less
the left-out documents scored better than it.
"""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

import json
import math
import sqlite3
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from paperless_tui.demo import impact

MARK = 64
"""Rows of a term in relevance order from one mark to the next."""

_MARKED = (
    f"SELECT at, -1.0 * ({impact.PHRASE_SQL}) FROM fts_impact_marks WHERE term = ? AND at BETWEEN ? AND ? "
    "ORDER BY at"
)
_WALK = (  # (LIMIT: the rows' statement is not flattened into this one, so b is computed once per row)
    "SELECT count(*) FILTER (WHERE b < ?), group_concat(CASE WHEN b >= ? AND b <= ? THEN r END) "
    "FROM ({hits} LIMIT -1)"
)


@dataclass(frozen=True)
class Ask:
    """A page of an impact term's hits: the term, bm25's (idf, avgdl) for it, the page's offset and size,
    and the ids left out of the hits; for a word NOT others, the phrases left out (each its expression and
    impact term or None). For words OR-ed, the term is the one with the most hits, `unless` the others,
    `left_out` the term's scores (bm25 of it alone, sorted) of their documents and `extra` their documents'
    hits (r, b), sorted by relevance: the hits are the term's rows of documents no other has, and those."""

    term: str
    score: tuple[float, float]
    offset: int
    size: int
    excluded: Sequence[int]
    unless: Sequence[tuple[str, str | None]] = ()
    left_out: Sequence[float] | None = None
    extra: Sequence[tuple[int, float]] = ()


def page(db: sqlite3.Connection, ask: Ask) -> list[tuple[int, float]] | None:
    """The hits (r, b) at `ask.offset`, in relevance order (b, r DESC), of impact term `ask.term`'s search,
    bm25 from `ask.score` (idf, avgdl), less the ids `ask.excluded`: the same rows, in the same order, as
    sorting them all. From the marks on either side of the page, or, without marks or when they miss it,
    from every row sorted (the marks placed anew). A word NOT others (`ask.unless`) places the word's marks
    when it has none, and is None when they miss its page."""
    found = _from_marks(db, ask)
    if found is not None or not ask.unless:
        return found if found is not None else _sorted_and_marked(db, ask)
    if db.execute("SELECT 1 FROM fts_impact_marks WHERE term = ? LIMIT 1", (ask.term,)).fetchone() is None:
        _sorted_and_marked(db, Ask(ask.term, ask.score, 0, 0, ()))
        return _from_marks(db, ask)
    return None


def _from_marks(db: sqlite3.Connection, ask: Ask) -> list[tuple[int, float]] | None:
    """The page from the marks at least MARK hits before it and after it; None without marks or when
    they miss the page. For a word NOT others, a mark's place among the hits is its place among the word's
    rows less the left-out documents scored better (their scores, read first by a seek each, tell)."""
    term, score, offset, size = ask.term, ask.score, ask.offset, ask.size
    left_out = _left_out(db, ask) if ask.left_out is None else ask.left_out
    extra = [b for _, b in ask.extra]
    first, last = offset - MARK, offset + size + len(ask.excluded) + MARK  # (places among the hits)
    lo_at = math.floor((first - len(extra)) / MARK) * MARK
    hi_at = math.ceil((last + len(left_out)) / MARK) * MARK
    marked = db.execute(_MARKED, (*score, term, lo_at, hi_at)).fetchall()
    places = [
        (int(at) - bisect_left(left_out, float(b)) + bisect_left(extra, float(b)), float(b))
        for at, b in marked
    ]
    below = [b for place, b in places if place <= first]
    if not marked or (first >= 0 and not below and not extra):
        return None  # no marks (or fewer rows than when they were placed: place them anew)
    lo = below[-1] if below and first >= 0 else -math.inf  # (bm25 of the rows at them; -inf: from the first)
    hi = next((b for place, b in places if place >= last), math.inf)
    sql = f"SELECT doc AS r, {impact.SCORE_SQL} AS b FROM fts_impact a WHERE term = ?"
    better, between = db.execute(_WALK.format(hits=sql), (lo, lo, hi, *score, term)).fetchone()
    ids = [int(i) for i in between.split(",")] if between else []
    out = set(ask.excluded)
    seeks, seeksps = impact.outside_sql(ask.unless, "a")  # (the hits among them, a seek per id)
    exact = f"{sql} AND doc IN (SELECT value FROM json_each(?)) {seeks}"
    rows = db.execute(exact, (*score, term, json.dumps(ids + sorted(out)), *seeksps)).fetchall()
    better -= bisect_left(left_out, lo) + sum(1 for r, b in rows if r in out and b < lo)
    better += bisect_left(extra, lo)
    within = ask.extra[bisect_left(extra, lo) : bisect_right(extra, hi)]
    window = sorted(
        [*((int(r), float(b)) for r, b in rows if r not in out and b >= lo), *within], key=_relevance
    )
    start = offset - better
    if start < 0 or (hi != math.inf and start + size > len(window)):
        return None
    return window[start : start + size]


def _left_out(db: sqlite3.Connection, ask: Ask) -> list[float]:
    """The bm25 (b), sorted, of the term's rows of the documents that `ask.unless` leaves out: the others'
    documents drive, a seek each into the term's rows."""
    if not ask.unless:
        return []
    arms = [impact.docs_of(phrase, other) for phrase, other in ask.unless]
    sql = (
        f"SELECT {impact.SCORE_SQL} FROM ({' UNION '.join(sql for sql, _ in arms)}) o "
        "CROSS JOIN fts_impact a ON a.term = ? AND a.doc = o.doc"
    )
    return sorted(float(b) for (b,) in db.execute(sql, (*ask.score, *(p for _, p in arms), ask.term)))


def _sorted_and_marked(db: sqlite3.Connection, ask: Ask) -> list[tuple[int, float]]:
    """The page from every row of the term sorted, the term's marks placed anew from the same order (of
    the term alone: not for an ask with `unless`)."""
    sql = f"SELECT doc, f, d, {impact.SCORE_SQL} AS b FROM fts_impact WHERE term = ? ORDER BY b, doc DESC"
    rows = db.execute(sql, (*ask.score, ask.term)).fetchall()
    out = set(ask.excluded)
    hits = [(int(r[0]), float(r[3])) for r in rows if r[0] not in out][ask.offset : ask.offset + ask.size]
    if db.in_transaction:  # (a write's: its rows may still change)
        return hits
    try:
        db.execute("BEGIN")  # (a request's own transaction: the marks are no answer, so no write's)
    except sqlite3.OperationalError:  # (another process writes the archive: the marks can wait)
        return hits
    try:
        db.execute("DELETE FROM fts_impact_marks WHERE term = ?", (ask.term,))
        db.executemany(
            "INSERT INTO fts_impact_marks VALUES (?, ?, ?, ?)",
            [(ask.term, at, rows[at][1], rows[at][2]) for at in range(0, len(rows), MARK)],
        )
        db.execute("COMMIT")
    except sqlite3.OperationalError:  # (locked: the marks are left as they were)
        db.execute("ROLLBACK")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return hits


def _relevance(row: tuple[int, float]) -> tuple[float, int]:
    return row[1], -row[0]
