"""The first hits of an OR or an AND of words with rows and one word whose share of bm25 is too small to
lift a document of the others among them (`content:r* invoice`, `r* AND invoice`).

A word or prefix in most documents has FTS5's least idf (10^-6), so its share is below idf * (k1 + 1): far
below the other words' shares, and the first hits are the others' first hits, in an order the small share
settles. So the others' first K are read from their rows, the faint word's share in each by a seek into its
rows (`floored`) or, for a word of a ROWLESS column without rows (`content:mustermann`: a count and top rows),
from FTS5 (`first`: one walk over its matches, bm25 for those K alone), or, for a quoted phrase in most
documents (`"max mustermann" invoice`), counted in a scratch copy of those of them that can be among the
first k (`phrased`, quoted.shares), and their totals added in phrase order as FTS5 adds them. They are
the answer when no other document can reach the k-th total: a document outside them has at most the K-th's
total of the others plus the word's bound, and a document with the word alone at most its bound. Else K
grows, up to a few times.
"""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Callable, Sequence

from paperless_tui.demo import impact

FLOOR = 1e-6
"""FTS5's idf of a phrase in more than half of the documents (impact.score_params)."""
GROWTHS = 2
"""How many times the others' first hits are read again, four times as many, before FTS5 is left to it."""
SORTED = 20000
"""Rows of a word up to which its first hits are sorted from all of them when its top rows cannot tell."""
SHARED = 1024
"""Documents up to which a faint phrase's shares come from `shares` when given (17 us a document for a quoted
phrase's), past them from FTS5 (one walk over its matches and their count for bm25's idf: 27 ms for
`"max mustermann"` at 100,000)."""
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
    bound = impact.share_bound(db, rowless, impact.topped(db, faint, rowless).score)
    return _first(db, phrases, hits, k, faint, bound, every)


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
    return _first(db, phrases, hits, k, faint, impact.share_bound(db, str(phrases[faint][1]), score), every)


def phrased(
    db: sqlite3.Connection,
    phrases: Sequence[tuple[str, str | None]],
    hits: Callable[[str], int],
    k: int,
    bound: float,
    shares: Callable[[Sequence[int]], dict[int, float]],
    *,
    every: bool = False,
    share: float = 0.5,
) -> list[tuple[int, float]] | None:
    """As `first`, the faint phrase a quoted phrase of common words in most documents (`"max mustermann"
    invoice`, its term None; FTS5's least idf), `bound` above its share in any document (quoted.share_bound)
    and `shares(docs)` its share in each of `docs` that has it (quoted.shares), `share` the part of the
    documents it is in; None for a rarer phrase."""
    faint = next(i for i, (_, term) in enumerate(phrases) if term is None)
    if bound > FLOOR * impact.SHARE_PER_IDF:
        return None  # (a phrase in at most half of the documents: its share may lift one)
    return _first(db, phrases, hits, k, faint, bound, every, shares, share)


def _first(
    db: sqlite3.Connection,
    phrases: Sequence[tuple[str, str | None]],
    hits: Callable[[str], int],
    k: int,
    faint: int,
    bound: float,
    every: bool,
    shares: Callable[[Sequence[int]], dict[int, float]] | None = None,
    share: float | None = None,
) -> list[tuple[int, float]] | None:
    """`first` of the faint phrase `faint`, `bound` above its share in any document, its shares from FTS5
    or from `shares`; `share`: the part of the documents it is in, if known."""
    others = [(phrase, term) for i, (phrase, term) in enumerate(phrases) if i != faint]
    if not others or any(term is None for _, term in others):
        return None
    bound *= 1 + _MARGIN
    size = (8 if every else 2) * k  # (an AND's hits are those of them with the word: more are read)
    if every and share is not None:  # (as many more as the phrase is rare, a phrase in half of them at most)
        size = math.ceil(2 * k / max(share, 0.25))
    for _ in range(GROWTHS + 1):
        listed = _others_first(db, others, hits, size, every)
        if listed is None or (listed and bound >= -listed[0][1]):
            return None  # (or the word's share may reach the others' best: not faint, so not worth a read)
        if shares is None:
            found = _totals(db, phrases, hits, faint, [r for r, _ in listed], every)
        else:
            found = _first_totals(db, phrases, hits, faint, listed, every, shares, k, bound)
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


def _first_totals(
    db: sqlite3.Connection,
    phrases: Sequence[tuple[str, str | None]],
    hits: Callable[[str], int],
    faint: int,
    listed: Sequence[tuple[int, float]],
    every: bool,
    shares: Callable[[Sequence[int]], dict[int, float]],
    k: int,
    bound: float,
) -> list[tuple[int, float]]:
    """`_totals` of the documents of `listed` (the others' first rows (r, b), by their total) from the first
    on, k, then twice as many at a time, until none left can pass the k-th total found (a total is at most
    the others' plus `bound`): the first k of all of them, and their k-th, with `shares` for a few."""
    found: list[tuple[int, float]] = []
    read, size = 0, k
    while read < len(listed):
        chunk = [r for r, _ in listed[read : read + size]]
        read += len(chunk)
        found += _totals(db, phrases, hits, faint, chunk, every, shares)
        found.sort(key=lambda row: (row[1], -row[0]))
        if (
            len(found) >= k
            and read < len(listed)
            and -listed[read][1] * (1 + _MARGIN) + bound < -found[k - 1][1]
        ):
            break  # (no document not read can pass the k-th: none is among the first k)
        size *= 2
    return found


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
        found = first_hits(db, others, hits, size)
        if found is not None or not every or min(hits(str(term)) for _, term in others) > SORTED:
            return found  # (an AND's top rows cannot tell: sorted from its rarest word's rows, if few)
        sql, params = impact.conjunction_sql(db, [(p, str(t)) for p, t in others], hits, impact.RELEVANCE)
        return [(int(r), float(b)) for r, b in db.execute(f"{sql} LIMIT ?", (*params, size))]
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
    shares: Callable[[Sequence[int]], dict[int, float]] | None = None,
) -> list[tuple[int, float]]:
    """(r, b) of documents `docs` by relevance, b FTS5's bm25 of the OR of `phrases`: each share from the
    phrase's rows (a seek) or, for a phrase without rows, from FTS5's bm25 of it alone (its matches walked
    once, bm25 for `docs` alone: `+rowid` keeps FTS5 from a walk per id), added in phrase order from 0.0
    as FTS5 adds them, or, given, the `faint` phrase's from `shares`. `every`: of those with the `faint`
    phrase (the others' AND holds the rest)."""
    listed = json.dumps(sorted(docs))
    sql = (
        f"SELECT rowid, -{impact.BM25} FROM fts WHERE fts MATCH ? "
        "AND +rowid IN (SELECT value FROM json_each(?))"
    )
    rowless: dict[int, dict[int, float]] = {}  # (per phrase without rows: its share per document)
    seeks, params = [], []
    for i, (phrase, term) in enumerate(phrases):
        if term is None and shares is not None and i == faint and len(docs) <= SHARED:
            rowless[i] = shares(docs)
        elif term is None:
            rowless[i] = {int(r): float(v) for r, v in db.execute(sql, (phrase, listed))}
        else:
            seeks.append(impact.SEEK_SQL)
            params += [*impact.score_params(db, hits(str(term))), term]
    sql = f"SELECT o.doc, {', '.join(seeks)} FROM (SELECT value AS doc FROM json_each(?)) o"
    found = []
    for doc, *sought in db.execute(sql, (*params, listed)):
        seen = iter(sought)
        total, lacks = 0.0, False
        for i in range(len(phrases)):
            share = rowless[i].get(doc, 0.0) if i in rowless else float(next(seen))
            lacks = lacks or (i == faint and share == 0.0)  # (a share is above 0.0 where the phrase is)
            total += share
        if not (every and lacks):
            found.append((int(doc), -1.0 * total))
    return sorted(found, key=lambda row: (row[1], -row[0]))
