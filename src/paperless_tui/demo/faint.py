"""The first hits of an OR or an AND of words with rows and one word whose share of bm25 is too small to
lift a document of the others among them (`content:r* invoice`, `r* AND invoice`).

A word or prefix in most documents has FTS5's least idf (10^-6), so its share is below idf * (k1 + 1): far
below the other words' shares, and the first hits are the others' first hits, in an order the small share
settles. So the others' first K are read from their rows, the faint word's share in each by a seek into its
rows (`floored`) or, for a word of a ROWLESS column without rows (`content:mustermann`: a count and top rows),
from FTS5 (`first`: one walk over its matches, bm25 for those K alone), and their totals added in phrase
order as FTS5 adds them. They are the answer when no other document can reach the k-th total: a document
outside them has at most the K-th's total of the others plus the word's bound, and a document with the word
alone at most its bound. Else K grows, up to a few times.
"""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence

from paperless_tui.demo import impact

FLOOR = 1e-6
"""FTS5's idf of a phrase in more than half of the documents (impact.score_params)."""
GROWTHS = 2
"""How many times the others' first hits are read again, four times as many, before FTS5 is left to it."""
SORTED = 20000
"""Rows of a word up to which its first hits are sorted from all of them when its top rows cannot tell."""
_MARGIN = 1e-9
"""Relative margin above a total summed in another order than FTS5's (a bound must not round below it)."""


def first(
    db: sqlite3.Connection,
    phrases: Sequence[tuple[str, str | None]],
    hits: Callable[[str], int],
    k: int,
    rowless: str,
    *,
    every: bool = False,
) -> list[tuple[int, float]] | None:
    """The first `k` rows (r, b) of the OR (`every`: the AND) of `phrases`, each (its expression, its
    impact term or None for the one of ROWLESS term `rowless`), by relevance, the same to the last bit as
    FTS5's bm25; None when the word's share can lift a document the others' first hits do not hold."""
    faint = next(i for i, (_, term) in enumerate(phrases) if term is None)
    return _first(db, phrases, hits, k, faint, rowless, impact.topped(db, faint, rowless).score, every)


def floored(
    db: sqlite3.Connection,
    phrases: Sequence[tuple[str, str | None]],
    hits: Callable[[str], int],
    k: int,
    *,
    every: bool = False,
) -> list[tuple[int, float]] | None:
    """As `first`, the faint phrase one with rows in more than half of the documents (`r*`, `content:r*`:
    FTS5's least idf, so a share below 2.2 millionths), its share by a seek; None without one or with
    several, or as `first`."""
    scores = [None if term is None else impact.score_params(db, hits(term)) for _, term in phrases]
    floored = [i for i, score in enumerate(scores) if score is not None and score[0] <= FLOOR]
    if len(floored) != 1:
        return None  # (two in most documents: neither share is small beside the other's)
    faint, score = floored[0], scores[floored[0]]
    assert score is not None
    return _first(db, phrases, hits, k, faint, str(phrases[faint][1]), score, every)


def _first(
    db: sqlite3.Connection,
    phrases: Sequence[tuple[str, str | None]],
    hits: Callable[[str], int],
    k: int,
    faint: int,
    term: str,
    score: tuple[float, float],
    every: bool,
) -> list[tuple[int, float]] | None:
    """`first` of the faint phrase `faint` (its impact term, with or without rows, and its idf and
    avgdl)."""
    others = [(phrase, term) for i, (phrase, term) in enumerate(phrases) if i != faint]
    if not others or any(term is None for _, term in others):
        return None
    bound = impact.share_bound(db, term, score) * (1 + _MARGIN)
    size = (8 if every else 2) * k  # (an AND's hits are those of them with the word: more are read)
    for _ in range(GROWTHS + 1):
        listed = _others_first(db, others, hits, size, every)
        if listed is None or (listed and bound >= -listed[0][1]):
            return None  # (or the word's share may reach the others' best: not faint, so not worth a read)
        found = _totals(db, phrases, hits, faint, [r for r, _ in listed], every)
        whole = len(listed) < size  # (every document of the others, or with each of them, was read)
        if len(found) < k:
            if whole:  # (fewer hits than k: an OR's come after them from the word alone)
                return found if every else None
        else:
            reach = -found[k - 1][1]  # the k-th total (bm25 is its negative)
            if not every and bound >= reach:
                return None  # (a document with the faint word alone can reach it)
            past = 0.0 if whole else -listed[-1][1] * (1 + _MARGIN) + bound
            if past < reach:
                return found[:k]
            if reach - bound <= 0.0:
                return None  # (no first hits of the others, however many, leave the word's share out)
        size *= 4
    return None


def _others_first(
    db: sqlite3.Connection,
    others: Sequence[tuple[str, str | None]],
    hits: Callable[[str], int],
    size: int,
    every: bool,
) -> list[tuple[int, float]] | None:
    """The first `size` rows (r, b) of the OR (`every`: the AND) of `others`, all with rows."""
    if len(others) > 1:
        first_hits = impact.conjunction_top if every else impact.phrases_top
        return first_hits(db, others, hits, size)
    term = str(others[0][1])
    idf, avgdl = impact.score_params(db, hits(term))
    found = impact.top(db, term, idf, avgdl, size)
    if found is not None or hits(term) > SORTED:
        return found  # (None: its top rows cannot tell, and its rows are too many to sort)
    sql = (
        f"SELECT doc AS r, {impact.SCORE_SQL} AS b FROM fts_impact WHERE term = ? ORDER BY {impact.RELEVANCE}"
    )
    return [(int(r), float(b)) for r, b in db.execute(f"{sql} LIMIT ?", (idf, avgdl, term, size))]


def _totals(
    db: sqlite3.Connection,
    phrases: Sequence[tuple[str, str | None]],
    hits: Callable[[str], int],
    faint: int,
    docs: Sequence[int],
    every: bool,
) -> list[tuple[int, float]]:
    """(r, b) of documents `docs` by relevance, b FTS5's bm25 of the OR of `phrases`: each share from the
    phrase's rows (a seek) or, for a phrase without rows, from FTS5's bm25 of it alone (its matches walked
    once, bm25 for `docs` alone: `+rowid` keeps FTS5 from a walk per id), added in phrase order from 0.0
    as FTS5 adds them. `every`: of those with the `faint` phrase (the others' AND holds the rest)."""
    listed = json.dumps(sorted(docs))
    sql = (
        f"SELECT rowid, -{impact.BM25} FROM fts WHERE fts MATCH ? "
        "AND +rowid IN (SELECT value FROM json_each(?))"
    )
    rowless: dict[int, dict[int, float]] = {}  # (per phrase without rows: its share per document)
    seeks, params = [], []
    for i, (phrase, term) in enumerate(phrases):
        if term is None:
            rowless[i] = {int(r): float(v) for r, v in db.execute(sql, (phrase, listed))}
        else:
            seeks.append(impact.SEEK_SQL)
            params += [*impact.score_params(db, hits(str(term))), term]
    sql = f"SELECT o.doc, {', '.join(seeks)} FROM (SELECT value AS doc FROM json_each(?)) o"
    found = []
    for doc, *shares in db.execute(sql, (*params, listed)):
        seen = iter(shares)
        total, lacks = 0.0, False
        for i in range(len(phrases)):
            share = rowless[i].get(doc, 0.0) if i in rowless else float(next(seen))
            lacks = lacks or (i == faint and share == 0.0)  # (a share is above 0.0 where the phrase is)
            total += share
        if not (every and lacks):
            found.append((int(doc), -1.0 * total))
    return sorted(found, key=lambda row: (row[1], -row[0]))
