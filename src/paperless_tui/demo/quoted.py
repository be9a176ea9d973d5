"""The first hits of a quoted phrase of common words (`"max mustermann"`) without FTS5's bm25 of each match.

A phrase has no impact rows of its own, so FTS5 ranks it by running bm25 on every match: 95 ms for the 82,000
documents of `"max mustermann"` at 100,000. But each instance of the phrase in a column is an instance of each
of its words there, so the phrase's column-weighted count `f` in a document is at most each word's, and its
share of bm25 (which grows with `f` at a given length) is at most its idf times (k1 + 1) times the word's
place, as `impact.top` bounds a share. So the word's top rows, read in order of place, hold the first hits of
the phrase: a document outside them, or further down them, cannot pass the k-th share found among them.

In those few hundred documents the phrase's `f` is counted without bm25 (whose idf would walk every match of
the phrase again for each document FTS5 is asked about), in a scratch copy of their values, FTS5's own
tokenizer: its `highlight()` marks each instance of the phrase in a column with one character, so the text
grows by its number of instances. Instances of a phrase that no proper start of it ends (`max mustermann`, not
`la la`) cannot overlap, and `highlight()` marks each on its own. The share follows from FTS5's formula
(`impact.PHRASE_SQL`) with the idf of the phrase's count of matches and each document's length (kept in the
word's rows): the same to the last bit as FTS5's bm25.
"""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from paperless_tui.demo import impact

_PHRASE = re.compile(r'^\(?\{([a-z_ ]+)\} : "([a-z0-9]+(?: [a-z0-9]+)+)"\)?$')
_COLUMN = {column: i for i, column in enumerate(impact.COLUMNS)}
_WEIGHT = dict(zip(impact.COLUMNS, impact.WEIGHTS, strict=True))
FEWEST = 10000
"""Matches from which a phrase's first hits come from top rows: FTS5 ranks fewer (bm25 at about 1 us a match)
in about the time a page's highlight() of two hundred top rows takes (50 us a document)."""
PROBE = 16
"""Top rows read first, to give up early on a word whose instances are seldom the phrase's."""
DEEP = 4
"""Rows per hit read from all of a word's rows when its top rows run out before k."""
GROWTH = 2
"""How many times more of the word's top rows are read when those read cannot tell yet (after the probe:
k)."""


@dataclass(frozen=True)
class Quoted:
    """A quoted phrase of two words or more (`words`) in `columns`: every searched column, or one KEYED
    column (`title:"max mustermann"`), whose words are looked up as `terms` (`max`, or `title:max`); `expr`
    its FTS5 expression, `matched` what a hit matches: it, or it NOT others (`"max mustermann" -invoice`:
    the same share, as a phrase left out is in no hit)."""

    expr: str
    columns: tuple[str, ...]
    words: tuple[str, ...]
    matched: str = ""

    def __post_init__(self) -> None:
        if not self.matched:
            object.__setattr__(self, "matched", self.expr)

    @property
    def terms(self) -> list[str]:
        if self.columns == impact.SEARCHED:
            return list(self.words)
        return [f"{self.columns[0]}:{word}" for word in self.words]


def joined(match_expr: str | None) -> tuple[list[str], bool] | None:
    """The phrases of an OR, or of an AND (True), as a query compiles them; None for one phrase."""
    if match_expr is None:
        return None
    every = match_expr.startswith("((") and match_expr.endswith("))") and " AND " in match_expr
    parts = match_expr[2:-2].split(" AND ") if every else match_expr.split(" OR ")
    return (parts, every) if len(parts) > 1 else None


def quoted(match_expr: str | None) -> Quoted | None:
    """The Quoted phrase FTS5 expression `match_expr` is, alone or NOT other expressions (as
    `"max mustermann" -invoice` compiles to), if it is one whose instances cannot overlap (no proper start
    of its words is also their end); else None."""
    text = match_expr or ""
    if text.startswith("(((") and " NOT " in text:
        first = text[1:-1].split(" NOT ")[0]  # (a phrase's words hold no NOT)
        alone = quoted(first[1:-1]) if first.startswith("((") and first.endswith("))") else None
        return None if alone is None else Quoted(alone.expr, alone.columns, alone.words, text)
    found = _PHRASE.match(text)
    if found is None:
        return None
    columns, words = tuple(found.group(1).split(" ")), tuple(found.group(2).split(" "))
    if columns != impact.SEARCHED and not (len(columns) == 1 and columns[0] in impact.KEYED):
        return None
    if any(words[:n] == words[-n:] for n in range(1, len(words))):
        return None  # (`la la`: two instances may share words, and highlight() marks them as one)
    return Quoted(str(match_expr), columns, words)


def first(
    db: sqlite3.Connection, phrase: Quoted, terms: Sequence[str], matches: int, k: int
) -> list[tuple[int, float]] | None:
    """The first `k` rows (r, b) by relevance of the phrase's matches, b FTS5's bm25, the same to the last
    bit, from the top rows of one of `terms` (the impact terms of its words, the rarest first, tried in turn
    while their top rows run out before k), or then (a later page) from the first of all the rows of the
    first; `matches`: FTS5's count of the phrase's matches (its idf follows). None when they cannot tell."""
    score = impact.score_params(db, matches)
    deeper = None
    for term in terms:
        found, spent = _first(db, phrase, term, score, k)
        if found is not None:
            return found
        if not spent:
            break  # (the rarest word's instances are seldom the phrase's: the others' will be no likelier)
        deeper = deeper or term
    return None if deeper is None else _deep(db, phrase, deeper, score, k)[0]


def _first(
    db: sqlite3.Connection, phrase: Quoted, term: str, score: tuple[float, float], k: int
) -> tuple[list[tuple[int, float]] | None, bool]:
    """`first` from the top rows of `term`, and whether they ran out. The share a document outside them can
    have is bounded by the term's bar, as in `impact.top`."""
    bar = db.execute("SELECT theta, avgdl FROM fts_impact_bars WHERE term = ?", (term,)).fetchone()
    if bar is None:
        return None, False
    idf, avgdl = score
    outside = idf * impact.SHARE_PER_IDF * float(bar[0]) * max(1.0, avgdl / float(bar[1]))
    return _read(
        db, phrase, _bounded(db, "fts_impact_top", term, score, outside, -1), outside, None, score, k
    )


def _deep(
    db: sqlite3.Connection, phrase: Quoted, term: str, score: tuple[float, float], k: int
) -> tuple[list[tuple[int, float]] | None, bool]:
    """`first` from the first DEEP * k of all the rows of `term` by their bound (every document with the
    phrase has one; SQLite picks them: 82,000 rows of `max` in 20 ms at 100,000), the next one's bound
    above the rest."""
    rows = _bounded(db, "fts_impact", term, score, 0.0, DEEP * k + 1)
    return _read(
        db, phrase, rows[: DEEP * k], 0.0, rows[DEEP * k] if len(rows) > DEEP * k else None, score, k
    )


def _bounded(
    db: sqlite3.Connection, table: str, term: str, score: tuple[float, float], above: float, limit: int
) -> list[tuple[float, int, int]]:
    """(bound, doc, length) of the first `limit` (-1: all) rows of `term` in `table` (its top rows or all
    its rows) whose bound is above `above`, by bound, ties by id from the highest: the bound is the share
    the phrase would have if all the word's instances there were its (FTS5's formula on the word's `f`)."""
    sql = (
        f"SELECT v, doc, d FROM (SELECT {impact.PHRASE_SQL} AS v, doc, d FROM {table} WHERE term = ?) "
        "WHERE v > ? ORDER BY v DESC, doc DESC LIMIT ?"
    )
    return [(float(v), int(doc), int(d)) for v, doc, d in db.execute(sql, (*score, term, above, limit))]


def _read(
    db: sqlite3.Connection,
    phrase: Quoted,
    rows: Sequence[tuple[float, int, int]],
    outside: float,
    after: tuple[float, int, int] | None,
    score: tuple[float, float],
    k: int,
) -> tuple[list[tuple[int, float]] | None, bool]:
    """The first k of the phrase's matches from `rows` (bound, doc, length) of one of its words, read in
    order of bound (the share the phrase would have if all its word's instances there were the phrase's:
    `_bounded`; the phrase's share is at most that, and equal when they are all its), ties
    by id from the highest, as the hits go; `outside`: above the share of any document not in them but
    for `after`, the row that follows them. Once the k-th share found is above that of every row not read
    and above `outside`, the k found are the first hits. (None, whether the rows ran out) when they cannot
    tell: too few rows, or too few of those read pass `outside` (the phrase is rarer in them than the
    word)."""
    found: list[tuple[int, float]] = []
    read, size = 0, min(k, PROBE)
    while len(rows) >= k:
        chunk = rows[read : read + size]
        read += len(chunk)
        found += _shares(db, phrase, [(doc, d) for _, doc, d in chunk], *score)
        found.sort(key=lambda row: (row[1], -row[0]))
        following = rows[read] if read < len(rows) else after
        if len(found) >= k and -found[k - 1][1] > outside:
            doc, share = found[k - 1][0], -found[k - 1][1]
            if following is None or (following[0], following[1]) < (share, doc):
                return found[:k], False  # (a row not read has at most its bound, and ties by a lower id)
        if sum(-b > outside for _, b in found) * len(rows) < k * read:
            return None, False  # (at the rate of those read, too few rows pass the documents outside)
        if read == len(rows):
            return None, True
        size = max(size * GROWTH, k)
    return None, True


def _share(f: float, d: int, idf: float, avgdl: float) -> float:
    """A phrase's share of FTS5's bm25 (impact.PHRASE_SQL, its operations in the same order) in a document
    of length `d` where its column-weighted count is `f`; it grows with f."""
    return idf * ((f * (1.2 + 1.0)) / (f + 1.2 * (1 - 0.75 + 0.75 * d / avgdl)))


def _shares(
    db: sqlite3.Connection, phrase: Quoted, docs: Sequence[tuple[int, int]], idf: float, avgdl: float
) -> list[tuple[int, float]]:
    """(r, b) of the documents `docs` (each its id and length) that match the phrase (`matched`), b FTS5's
    bm25 of it: its instances in each column counted by highlight(), weighted as bm25 weighs them, and FTS5's
    formula. Counted in a scratch copy of their values (impact._scratch): FTS5 finds a row of its own by
    a walk along the newer segments' lists after bulk writes (160 us for a late id at 100,000, against 8
    with one segment), and bm25's idf would walk every match of the phrase again for each."""
    marked = "length(highlight(impact_scratch, {i}, char(1), '')) - length({c})"  # (one mark an instance)
    counted = " + ".join(
        f"{_WEIGHT[c]!r} * coalesce({marked.format(i=_COLUMN[c], c=c)}, 0)" for c in phrase.columns
    )
    length = dict(docs)
    impact._scratch(db, impact.indexed(db, sorted(length)))
    sql = f"SELECT rowid, {counted} FROM temp.impact_scratch WHERE impact_scratch MATCH ?"
    found = []
    for doc, f in db.execute(sql, (phrase.matched,)):
        found.append((int(doc), -1.0 * _share(float(f), length[doc], idf, avgdl)))
    return found


def share_bound(db: sqlite3.Connection, terms: Sequence[str], score: tuple[float, float]) -> float:
    """Above the phrase's share in any document (`score`: its idf and avgdl): impact.share_bound of the
    least of its words' (`terms`: their impact terms), as its share is at most each word's place times its
    idf * (k1 + 1)."""
    return min(impact.share_bound(db, term, score) for term in terms)


def shares(
    db: sqlite3.Connection, phrase: Quoted, docs: Sequence[int], score: tuple[float, float]
) -> dict[int, float]:
    """The phrase's share of FTS5's bm25 in each of the documents `docs` that has it (`score`: its idf and
    avgdl), from their lengths in FTS5's own records."""
    sql = "SELECT id, sz FROM fts_docsize WHERE id IN (SELECT value FROM json_each(?))"
    length = [(int(doc), sum(impact.varints(sz))) for doc, sz in db.execute(sql, (json.dumps(list(docs)),))]
    return {doc: -b for doc, b in _shares(db, phrase, length, *score)}
