"""Relevance for very common words without FTS5's bm25 per match.

FTS5's `bm25()` costs about 0.75 us per match (a position-list walk and a size lookup), so ranking a word
found in 43,000 of 100,000 documents takes 30 ms before anything else. For one word, bm25 depends on
just two numbers per document: `f`, the column-weighted count of the word's instances, and `D`, the
document's length in tokens. This module keeps those two numbers for the words found in many documents
(table `fts_impact`) and evaluates FTS5's own formula on them in SQL: the same scores to the last bit, in
less than half the time. The table is kept in step with the FTS5 index by `Store.reindex`.

A prefix query is one phrase too: its `f` counts the instances of every word under the prefix. So the
prefixes whose words are in as many documents and that expand to several words (`r*`, `re*`, `rech*`:
rechnung, rechnungsnummer, ...) get rows of their own, under the term `rech*`, one per document with a word
under the prefix, a shorter prefix summed from the rows under it.

A field query (`title:rech*`, `type:invoice`) is one phrase of one column: FTS5's bm25 then counts the
instances in that column alone and still divides by the document's whole length. So the common words and
prefixes of each KEYED column get rows too, under `title:rech*`, and every path below serves them as it
serves a bare word.

The content column (ROWLESS) is the exception: its rows would nearly repeat the bare words'. Its common words
and prefixes (`content:rech*`) keep only their count, top rows and bottom rows (`fts_impact_bottom`, below
a floor), built from rows made for the build alone and kept in step from each write's staged values: a
search of one of them is counted from those, its first and last pages come from them as far as they tell,
and the pages between from FTS5.

Each term's number of rows (`fts_impact_counts`: its hits, from which bm25's idf follows) and its first
rows by f / (f + K(d)) (`fts_impact_top`, above a bar) are kept with the rows, so that the first pages of a
search read a few hundred rows (`top`, `by_presence`) rather than every document of the term; marks
every 64th row in relevance order (`fts_impact_marks`, placed by `middle_page`) let a page deep inside one
read a few hundred too.
"""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

import math
import re
import sqlite3
from bisect import bisect_left
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from typing import Any

from paperless_tui.demo.search import DEFAULT_COLUMNS, Term, fts_term

SCHEMA = """
CREATE TABLE IF NOT EXISTS fts_impact (
    term TEXT NOT NULL, doc INTEGER NOT NULL, f REAL NOT NULL, d INTEGER NOT NULL,
    PRIMARY KEY(term, doc)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fts_impact_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fts_impact_prefixes (prefix TEXT PRIMARY KEY, upper TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fts_impact_top (
    term TEXT NOT NULL, s REAL NOT NULL, doc INTEGER NOT NULL, f REAL NOT NULL, d INTEGER NOT NULL,
    PRIMARY KEY(term, s, doc)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS fts_impact_top_doc ON fts_impact_top(doc);
CREATE TABLE IF NOT EXISTS fts_impact_bottom (
    term TEXT NOT NULL, s REAL NOT NULL, doc INTEGER NOT NULL, f REAL NOT NULL, d INTEGER NOT NULL,
    PRIMARY KEY(term, s, doc)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS fts_impact_bottom_doc ON fts_impact_bottom(doc);
CREATE TABLE IF NOT EXISTS fts_impact_floors (term TEXT PRIMARY KEY, low REAL NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fts_impact_counts (term TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fts_impact_bars (
    term TEXT PRIMARY KEY, theta REAL NOT NULL, avgdl REAL NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fts_impact_marks (
    term TEXT NOT NULL, at INTEGER NOT NULL, f REAL NOT NULL, d INTEGER NOT NULL,
    PRIMARY KEY(term, at)
) WITHOUT ROWID;
"""
VERSION = "8"
"""Meta `impact` of an archive whose rows are built (1: words only; 2: prefixes of three letters or more
of a common word; 3: no top rows; 4: no row counts; 5: no rows of a column alone; 6: no top rows of a
ROWLESS column; 7: no rows of a ROWLESS column's one-letter prefixes): an older one is rebuilt on open."""

COLUMNS = ("title", "content", "correspondent", "type", "tags", "notes", "path", "custom_fields")  # of fts
WEIGHTS = (4.0, 1.0, 2.0, 2.0, 2.0, 1.0, 1.0, 1.0)  # bm25's weight per column (routes/doc_search.BM25)
SEARCHED = DEFAULT_COLUMNS  # the columns a bare word is looked for in
KEYED = ("title", "correspondent", "type", "tags", "notes", "path", "custom_fields")
"""The columns whose common words and prefixes get rows of their own too, under `title:rechnung`, `tags:s*`
(a field query, ranked as FTS5 ranks it: the column's weighted count, the document's whole length). Not
`content`: its rows would be nearly those of the bare words again (16.8 M rows at 100,000); see ROWLESS."""
ROWLESS = ("content",)
"""The columns whose common words and prefixes keep only their count, top rows and bottom rows
(`content:rech*`), built from rows made for the build alone and kept in step as the rows of every term are:
a field query of one is counted from them, its first pages come from the top rows (`top`) and its last
pages from the bottom rows (`bottom`) as far as they tell, the pages between from FTS5. But their
one-letter prefixes (ROWED: `content:r*`) have rows, as a KEYED column's terms do: FTS5 is slowest on them
(64% of the documents for `content:r*`; the middle page 115 ms at 100,000 from FTS5), and their rows are
few (2.5 M of the 14.6 M a ROWLESS column's terms would have at 100,000)."""
ROWED = re.compile(r"^(?:" + "|".join(ROWLESS) + r"):[a-z0-9]\*$")
"""The terms of a ROWLESS column that have rows all the same: its one-letter prefixes."""
MIN_DOCS = 10000
"""A word gets rows once it is in this many documents (and a tenth of the archive): below that, bm25
over its matches costs less than ~10 ms."""

_ASCII_WORD = re.compile(r"[a-z0-9]+")
_WORD = re.compile(r"^\(\{" + " ".join(SEARCHED) + r'\} : "([a-z0-9]+)"( \*)?\)$')
_FIELD_WORD = re.compile(r"^\(\{(" + "|".join(KEYED) + r')\} : "([a-z0-9]+)"( \*)?\)$')
_WEIGHT_SQL = (
    "CASE col " + " ".join(f"WHEN '{c}' THEN {w!r}" for c, w in zip(COLUMNS, WEIGHTS, strict=True)) + " END"
)
_SEARCHED_SQL = ", ".join(f"'{c}'" for c in SEARCHED)
_KEYED_SQL = ", ".join(f"'{c}'" for c in (*KEYED, *ROWLESS))
_ROWLESS_WORD = re.compile(r"^\(\{(" + "|".join(ROWLESS) + r')\} : "([a-z0-9]+)"( \*)?\)$')
_ROWED_SQL = " OR ".join(f"{{t}} GLOB '{c}:[a-z0-9][*]'" for c in ROWLESS) or "0"
"""SQL that term `{t}` is ROWED."""
_KEPT_SQL = (
    "("
    + (" AND ".join(f"NOT ({{t}} >= '{c}:' AND {{t}} < '{c};')" for c in ROWLESS) or "1")
    + f" OR {_ROWED_SQL})"
)
"""SQL that term `{t}` has rows (is of no ROWLESS column, `;` following `:`, or is ROWED)."""
_PHRASE = "? * (({f} * (1.2 + 1.0)) / ({f} + 1.2 * (1 - 0.75 + 0.75 * {d} / ?)))"
PHRASE_SQL = _PHRASE.format(f="f", d="d")
"""One phrase's share of FTS5's bm25 (k1 = 1.2, b = 0.75), written in its order of operations: parameters idf
and avgdl. bm25 is -1.0 times the sum of the phrases' shares, added in phrase order."""
SHARE_PER_IDF = (1.2 + 1.0) * (1 + 1e-9)
"""Above any share / idf: (k1 + 1) * f / (f + k1 * (...)) < k1 + 1 (with a margin for rounding)."""
SHARE_PER_IDF_BELOW = (1.2 + 1.0) * (1 - 1e-9)
"""k1 + 1 with a margin below it: a share / (idf * this) is at least its f / (f + K(d)), rounding included."""
_TOP = "f / (f + 1.2 * (1 - 0.75 + 0.75 * d / {avgdl}))"
TOP_SQL = _TOP.format(avgdl="?")
"""A row's place in its term's top rows: its share / (idf * (k1 + 1)) for the average length `?` the rows
were built with. Another average length changes a share by at most its ratio to that one (`top`)."""
TOP = 1024
"""Rows per term kept in `fts_impact_top` when it is built: the first pages of a search come from them."""
SCORE_SQL = f"-1.0 * ({PHRASE_SQL})"
"""FTS5's bm25 for one phrase."""
BM25 = f"bm25(fts, {', '.join(map(str, WEIGHTS))})"
"""FTS5's own bm25 with the weights above."""
RELEVANCE = "b, r DESC"
"""Relevance order: bm25 `b` (negative, lower is better; 0.0 for a hit no text leaf matched), ties newest
id first: a total order FTS5 alone can sort by, with no join. SQLite sorts by the raw bm25 column (a sort
key computed from it would run bm25 twice per hit)."""
HAS_TERM_SQL = "EXISTS (SELECT 1 FROM fts_impact i WHERE i.term = ? AND i.doc = d.id)"
"""Whether list row `d` is among the documents of impact term `?` (a seek into its rows)."""
HAS_TERM_LISTED = "+d.id IN (SELECT i.doc FROM fts_impact i WHERE i.term = ?)"
"""HAS_TERM_SQL by a probe of the list of the term's documents, built once (half the time of the seeks when
tens of thousands of rows are walked; `+`: the list must not drive the walk)."""


def varints(blob: bytes) -> list[int]:
    """The SQLite varints of an FTS5 record (sizes per column, the averages record)."""
    out, i = [], 0
    while i < len(blob):
        value = 0
        for k in range(9):
            byte = blob[i]
            i += 1
            if k == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        out.append(value)
    return out


def common_word(match_expr: str | None) -> str | None:
    """The word or prefix of a match expression that is one bare word or prefix (all searched columns),
    the prefix ending in `*`, or one in a KEYED column alone (`title:rech*`), or a ROWED prefix
    (`content:r*`); else None."""
    if match_expr is None:
        return None
    found = _WORD.match(match_expr)
    if found:
        return found.group(1) + ("*" if found.group(2) else "")
    field = _FIELD_WORD.match(match_expr)
    if field:
        return f"{field.group(1)}:{field.group(2)}" + ("*" if field.group(3) else "")
    column = _column_word(match_expr)
    return column if column is not None and ROWED.match(column) else None


def rowless_word(match_expr: str | None) -> str | None:
    """The term (`content:rech*`) of a match expression that is one word or prefix in a ROWLESS column
    alone, and not ROWED; else None."""
    column = _column_word(match_expr)
    return column if column is not None and not ROWED.match(column) else None


def is_rowless(term: str) -> bool:
    """Whether impact term `term` has no rows (a ROWLESS column's, not ROWED): a count and top rows."""
    return split_field(term)[0] in ROWLESS and not ROWED.match(term)


def _column_word(match_expr: str | None) -> str | None:
    found = _ROWLESS_WORD.match(match_expr or "")
    return None if found is None else f"{found.group(1)}:{found.group(2)}" + ("*" if found.group(3) else "")


def split_field(word: str) -> tuple[str | None, str]:
    """(column, word or prefix) of a term or word of `common_word`: (None, word) for all searched columns."""
    column, colon, bare = word.partition(":")  # (a word of the index holds no colon: it separates words)
    return (column, bare) if colon else (None, word)


def bare_phrases(match_expr: str | None, *, rowless: bool = False) -> list[tuple[str, str]] | None:
    """(phrase, word or prefix) of each phrase of an OR of bare words or prefixes (all searched columns),
    in phrase order, as a query's `score_expr` joins them; else None. `rowless`: a phrase may be a word or
    prefix of a ROWLESS column too (`content:rech*`)."""
    if match_expr is None:
        return None
    out = []
    for phrase in match_expr.split(" OR "):  # (a word holds no space)
        word = common_word(phrase) or (rowless_word(phrase) if rowless else None)
        if word is None:
            return None
        out.append((phrase, word))
    return out


def word_but(match_expr: str | None) -> tuple[str, list[tuple[str, str]]] | None:
    """(word or prefix, [(phrase, word or prefix)] of the phrases left out) of a match expression that is
    one bare word or prefix NOT others, as `rechnung -telekom` compiles to; else None. Its bm25 is the
    word's alone: a phrase left out has no instance in a hit, and adds 0.0."""
    if match_expr is None or not match_expr.startswith("((") or not match_expr.endswith(")"):
        return None
    first, *rest = match_expr[1:-1].split(" NOT ")  # (a word holds no space)
    word = common_word(first[1:-1]) if first.startswith("(") and first.endswith(")") else None
    if word is None or not rest:
        return None
    out = []
    for phrase in rest:
        other = common_word(phrase)
        if other is None:
            return None
        out.append((phrase, other))
    return word, out


def bare_conjunction(match_expr: str | None, *, rowless: bool = False) -> list[tuple[str, str]] | None:
    """(phrase, word or prefix) of each phrase of an AND of bare words or prefixes (all searched columns),
    in phrase order, as `invoice AND rechnung` compiles to; else None. `rowless`: as for `bare_phrases`."""
    if match_expr is None or not match_expr.startswith("((") or not match_expr.endswith("))"):
        return None
    out = []
    for phrase in match_expr[2:-2].split(" AND "):  # (a word holds no space)
        word = common_word(phrase) or (rowless_word(phrase) if rowless else None)
        if word is None:
            return None
        out.append((phrase, word))
    return out if len(out) > 1 else None


def conjunction_sql(
    db: sqlite3.Connection, phrases: Sequence[tuple[str, str]], hits: Callable[[str], int], order: str
) -> tuple[str, list[Any]]:
    """SELECT r (doc), b (bm25) of an AND of phrases with impact rows (each its expression and impact
    term), in phrase order, sorted by `order`: the rows of the phrase with the fewest hits, each other
    phrase's share from its row by a seek (a document without one is no hit), the shares added in phrase
    order as FTS5 adds them: FTS5's bm25 of the whole expression, without its work per match."""
    arms = _arms(db, phrases, hits)
    return _with(phrases, arms, set(range(len(phrases))), set(), hits, order)


SEEK_SQL = f"coalesce((SELECT {PHRASE_SQL} FROM fts_impact WHERE term = ? AND doc = o.doc), 0.0)"
"""A phrase's share in document `o.doc` (0.0 without one), from its impact rows: params idf, avgdl, term."""


def seek_total(terms: Sequence[tuple[str | None, Sequence[float]]]) -> tuple[str, list[Any]]:
    """SQL of document `o.doc`'s total share of phrases (each its impact term, or None for 0.0, and its
    (idf, avgdl)), each share by a seek into the term's rows, added in phrase order as FTS5 adds them."""
    shares, params = [], []
    for term, score in terms:
        if term is None:
            shares.append("0.0")
        else:
            shares.append(SEEK_SQL)
            params += [*score[:2], term]
    return f"({' + '.join(shares)})", params


@dataclass(frozen=True)
class Topped:
    """The phrase of an OR or an AND (`phrase`, its index) that is a word or prefix of a ROWLESS column:
    no rows, but the count and top rows of `term`, and its (idf, avgdl) (`score`). Its share is known in
    the documents of its top rows alone, so a read with it is driven by those rows or not done."""

    phrase: int
    term: str
    score: tuple[float, float]


def topped(db: sqlite3.Connection, phrase: int, term: str) -> Topped:
    """The Topped phrase `phrase` of ROWLESS term `term` (its idf from the count kept with its top rows)."""
    return Topped(phrase, term, score_params(db, count(db, term)))


@dataclass(frozen=True)
class Reach:
    """What a document must reach to be among the first hits of an OR or an AND of phrases: a bound above
    each phrase's shares (`most`), the total (`total`) k documents reach, and each phrase's bar and the
    average length its top rows were placed with (`bars`, from `bars`: None without top rows); the
    `topped` phrase, if any, and a bound above the total of any document outside its top rows
    (`outside`, from `_outside`)."""

    most: Sequence[float]
    total: float
    bars: Sequence[tuple[float, float] | None]
    topped: Topped | None = None
    outside: float | None = None


def bars(
    db: sqlite3.Connection, phrases: Sequence[tuple[str, str | None]]
) -> list[tuple[float, float] | None]:
    """(bar, average length the top rows were placed with) of each phrase's impact term; None for one
    without rows or bar."""
    sql = "SELECT theta, avgdl FROM fts_impact_bars WHERE term = ?"
    found = [None if term is None else db.execute(sql, (term,)).fetchone() for _, term in phrases]
    return [None if bar is None else (float(bar[0]), float(bar[1])) for bar in found]


def _drive(
    phrases: Sequence[tuple[str, str | None]],
    arms: Sequence[tuple[str, list[Any]]],
    having: AbstractSet[int],
    lacking: AbstractSet[int],
    hits: Callable[[str], int],
    reach: Reach | None,
) -> tuple[int, float | None, float | None]:
    """(driver, its least share, the least place of its top rows that can reach it, or None) of a read of
    the documents with every phrase of `having` and none of `lacking`. The phrase without rows drives if it
    is in `having` (FTS5 walks its few matches). Else, with `reach`, a phrase whose least share, the total
    less the other phrases' bounds, needs a place above its bar: every document it can reach is among its
    top rows (a share is at most idf * (k1 + 1) * place * max(1, today's average length / the one they were
    placed with), as in `top`), so those rows drive, from that place on (the one with the fewest hits
    first). Else the one with the fewest hits."""
    driver = _driver(phrases, having, hits)

    def least(i: int) -> float | None:
        if reach is None:
            return None
        shares = reach.total - sum(reach.most[j] for j in range(len(phrases)) if j != i and j not in lacking)
        return shares * (1 - 1e-9) if shares > 0 else None

    def place(i: int) -> tuple[float, float] | None:
        """(least share, least place) of phrase i when that place is above its bar, else None."""
        assert reach is not None
        bar, share = reach.bars[i], least(i)
        if bar is None or share is None:
            return None
        idf, avgdl = reach.topped.score if reach.topped and reach.topped.phrase == i else arms[i][1][:2]
        needed = share / (float(idf) * SHARE_PER_IDF * max(1.0, float(avgdl) / bar[1]))
        return (share, needed) if needed > bar[0] else None

    if reach is None:
        return driver, least(driver), None
    if phrases[driver][1] is None:  # (the phrase without rows: a ROWLESS one's top rows, else FTS5)
        if reach.topped is None or reach.topped.phrase != driver:
            return driver, least(driver), None
        found = place(driver)
        if found is None and reach.outside is not None and reach.outside < reach.total:
            return driver, least(driver), 0.0  # (all its top rows: no document outside them can reach)
        return (driver, least(driver), None) if found is None else (driver, *found)
    for i in sorted(having, key=lambda i: hits(str(phrases[i][1]))):
        found = place(i)
        if found is not None:
            return i, *found
    return driver, least(driver), None


def _with(
    phrases: Sequence[tuple[str, str | None]],
    arms: Sequence[tuple[str, list[Any]]],
    having: AbstractSet[int],
    lacking: AbstractSet[int],
    hits: Callable[[str], int],
    order: str,
    reach: Reach | None = None,
) -> tuple[str, list[Any]]:
    """SELECT r, b (bm25 of the OR of `phrases`, each with its arm from `_arms`) of the documents with
    every phrase of `having` and none of `lacking` (indexes), sorted by `order`. The rows of one phrase of
    `having` (`_drive`) drive; each other one's share comes from its row by a seek (a document without one
    is left out), each phrase in neither set from a seek too (0.0 without a row: it must have rows), and
    the shares are added in phrase order as FTS5 adds them (0.0 for a phrase of `lacking`). With `reach`:
    only the documents that can reach its total, the driver's share at least the total less the other
    phrases' bounds (tested before any seek), read from the driver's top rows when they hold them all; the
    other phrases are sought in the order of their bounds, the largest first, and after each seek a
    document goes on only while its shares so far and the bounds of those not yet sought reach the total
    (`invoice telekom rechnung gehalt`: of `gehalt`'s 5,761 documents, 4,492 after `telekom`, none after
    `rechnung`)."""
    driver, least, place = _drive(phrases, arms, having, lacking, hits, reach)
    cut, cuts = ("", []) if least is None else ("AND o.v >= ?", [least])
    arm, armps = arms[driver]
    if place is not None:  # (the same shares, from the rows kept in place order)
        arm = f"SELECT {driver} AS p, doc, {PHRASE_SQL} AS v FROM fts_impact_top WHERE term = ? AND s >= ?"
        if reach is not None and reach.topped is not None and reach.topped.phrase == driver:
            armps = [*reach.topped.score, reach.topped.term]
        armps = [*armps, place]
    sought = [i for i in range(len(phrases)) if i != driver and i not in lacking]
    if reach is not None:
        sought.sort(key=lambda i: -reach.most[i])
    shares: dict[int, tuple[str, list[Any]]] = {driver: ("o.v", [])}
    joins, joinps, reached, reachedps = [], [], [], []
    for at, i in enumerate(sought):  # (CROSS: the driver's documents drive the loop; LEFT: 0.0 without)
        share = _PHRASE.format(f=f"x{i}.f", d=f"x{i}.d")
        joins.append(
            f"{'CROSS' if i in having else 'LEFT'} JOIN fts_impact x{i} ON x{i}.term = ? AND x{i}.doc = o.doc"
        )
        joinps.append(phrases[i][1])
        score = list(arms[i][1][:2])  # (idf, avgdl)
        shares[i] = (share, score) if i in having else (f"coalesce({share}, 0.0)", score)
        if reach is not None:  # (tested once the tables it names are read)
            so_far = [shares[j] for j in (driver, *sought[: at + 1])]
            reached.append(f"AND {' + '.join(sql for sql, _ in so_far)} + ? >= ?")
            rest = sum(reach.most[j] for j in sought[at + 1 :])
            reachedps += [*(p for _, ps in so_far for p in ps), rest, reach.total * (1 - 1e-9)]
    total = [("0.0", []) if i in lacking else shares[i] for i in range(len(phrases))]
    outside, outsideps = outside_sql([phrases[i] for i in sorted(lacking)], "o")
    sql = (
        f"SELECT o.doc AS r, -1.0 * ({' + '.join(sql for sql, _ in total)}) AS b FROM ({arm}) o "
        f"{' '.join(joins)} WHERE 1 {cut} {' '.join(reached)} {outside} ORDER BY {order}"
    )
    params = [p for _, ps in total for p in ps]
    return sql, [*params, *armps, *joinps, *cuts, *reachedps, *outsideps]


def _driver(
    phrases: Sequence[tuple[str, str | None]], having: AbstractSet[int], hits: Callable[[str], int]
) -> int:
    """The phrase of `having` whose documents drive a read of them when no top rows can: the one without
    rows, else the one with the fewest hits."""
    rare = [i for i in having if phrases[i][1] is None]
    return rare[0] if rare else min(having, key=lambda i: hits(str(phrases[i][1])))


PRESENCE_PHRASES = 8
"""Phrases of an OR that `by_presence` answers at most: it weighs every set of them (255 for 8)."""
UNCUT = 32768
"""Rows of a driving phrase past which `by_presence` leaves a read that no bound cuts to `phrases_top`."""
DEEPER = 16384
"""Rows of driving phrases past which `by_presence` weighs the sets again with a total from every top row of
each phrase, not the first k (2-4 ms for two common words: less than the rows it may spare)."""


def by_presence(
    db: sqlite3.Connection,
    phrases: Sequence[tuple[str, str | None]],
    hits: Callable[[str], int],
    k: int,
    rowless: str | None = None,
) -> list[tuple[int, float]] | None:
    """The first `k` rows (r, b) of `phrases_sql(..., RELEVANCE)`, the same to the last bit, from the
    documents of the sets of phrases that can reach them alone. A document's total share is below
    idf * (k1 + 1) summed over the phrases it has (its set's bound). The first k of the top rows of the
    phrases, scored, give a total L that k documents reach: a document of a set bound below L cannot come
    first. The smallest sets bound at L or more are read (the documents with each one's phrases, and any
    others); the phrase without rows, if any, is either read whole (when a set with it is bound at L or
    more) or left out of the other reads. When those reads would walk more than DEEPER rows, every top row
    of each phrase is scored for L (a document with a high share of one phrase and a fair share of another
    is often past the first k of either: `title:r* invoice` at 100,000, L 0.77 from the first k, 1.22 from
    every top row, which leaves no document with `title:r*` alone to read). None when they cannot tell:
    fewer than k top rows, two phrases without rows (their shares are not seeks), or more than
    PRESENCE_PHRASES phrases (2 ** n sets).
    `rowless`: the ROWLESS term (count and top rows) of the phrase without rows (`content:rech*`). Its
    share is known only in its top rows, so it bounds the reads (its first top row), the total comes from
    its top rows too (a share it lacks there adds 0.0: the totals stay ones the documents reach), and the
    documents with it are read from its top rows. When they cannot hold them all but only the documents
    with every phrase can come first, FTS5's AND of the phrases gives them (`every_first`); else None, as
    when a read must leave out its documents (FTS5 would list every one)."""
    rare = [i for i, (_, term) in enumerate(phrases) if term is None]
    if len(rare) > 1 or len(phrases) > PRESENCE_PHRASES or (rowless is not None and not rare):
        return None
    arms = _arms(db, phrases, hits)
    top = None if rowless is None else topped(db, rare[0], rowless)
    floor = _floor(db, phrases, arms, k, topped=top, deep=top is not None)
    if floor is None:
        return None
    reach = _reach(db, phrases, arms, floor, top)
    most = reach.most
    reads = _reads(len(phrases), rare, most, floor)
    if top is not None and any(top.phrase in without for _, without in reads):
        return None  # (FTS5 would list every document of the ROWLESS word to leave them out)
    drives = [_drive(phrases, arms, *read, hits, reach) for read in reads]
    if top is None and sum(_rows_walked(phrases, drive, hits) for drive in drives) > DEEPER:
        deeper = _floor(db, phrases, arms, k, deep=True)  # (at least L: the documents include the first k)
        if deeper is not None and deeper > floor:
            reach = replace(reach, total=deeper)
            reads = _reads(len(phrases), rare, most, deeper)
            drives = [_drive(phrases, arms, *read, hits, reach) for read in reads]
    if top is not None and _undriven(top, drives):
        reach = replace(reach, outside=_outside(db, phrases, arms, reach))
        drives = [_drive(phrases, arms, *read, hits, reach) for read in reads]
    if top is not None and _undriven(top, drives):  # (FTS5 would score every document of the OR)
        if sum(most) - min(most) < reach.total:  # only a document with every phrase can come first
            return every_first(db, phrases, k)
        return None
    for driver, least, _ in drives:  # a read with no cut walks all its driver's rows, a seek each
        if least is None and phrases[driver][1] is not None and hits(str(phrases[driver][1])) > UNCUT:
            return None  # (phrases_top bounds its rows: invoice rechnung, k = 903: 15 ms, not 59)
    found: dict[int, float] = {}
    for with_all, without in reads:
        sql, params = _with(phrases, arms, with_all, without, hits, RELEVANCE, reach)
        found.update((int(r), float(b)) for r, b in db.execute(f"{sql} LIMIT ?", (*params, k)))
    return sorted(found.items(), key=lambda row: (row[1], -row[0]))[:k]


def every_first(
    db: sqlite3.Connection, phrases: Sequence[tuple[str, str | None]], k: int
) -> list[tuple[int, float]]:
    """The first `k` rows (r, b) of FTS5's AND of `phrases`, which are the OR's when the documents without
    some phrase cannot reach them: FTS5's bm25 adds the same share of each phrase (its idf counted over
    the whole index) in the same order, whichever the operators (`content:rech* invoice` at 100,000: 29
    ms against 57 for the OR, which scores the documents with either)."""
    sql = f"SELECT rowid AS r, {BM25} AS b FROM fts WHERE fts MATCH ? ORDER BY {RELEVANCE} LIMIT ?"
    every = " AND ".join(phrase for phrase, _ in phrases)
    return [(int(r), float(b)) for r, b in db.execute(sql, (every, k))]


def _undriven(top: Topped | None, drives: Sequence[tuple[int, float | None, float | None]]) -> bool:
    """Whether a read of the `top` phrase's documents is not driven by its top rows."""
    return top is not None and any(driver == top.phrase and place is None for driver, _, place in drives)


def _outside(
    db: sqlite3.Connection,
    phrases: Sequence[tuple[str, str | None]],
    arms: Sequence[tuple[str, list[Any]]],
    reach: Reach,
) -> float:
    """Above the total of any document outside the topped phrase's top rows (every other phrase has rows):
    its share there is below its bar's bound, idf * (k1 + 1) * bar * max(1, today's average length / the
    one the rows were placed with); so is each other phrase's in a document outside that phrase's top
    rows, and the documents of those top rows are scored by seeks (their other shares at most)."""
    assert reach.topped is not None
    top = reach.topped

    def below(i: int, idf: float, avgdl: float) -> float:
        bar = reach.bars[i]
        if bar is None:
            return reach.most[i]
        return min(reach.most[i], idf * SHARE_PER_IDF * bar[0] * max(1.0, avgdl / bar[1]))

    others = [i for i in range(len(phrases)) if i != top.phrase]
    bound = sum(below(i, float(arms[i][1][0]), float(arms[i][1][1])) for i in others)
    own = below(top.phrase, *top.score)
    if own + bound >= reach.total:
        return own + bound  # (no need to score the others' top rows: it cannot tell)
    total, params = seek_total([(phrases[i][1], arms[i][1]) for i in others])
    terms = [str(phrases[i][1]) for i in others]
    theirs = f"SELECT doc FROM fts_impact_top WHERE term IN ({','.join('?' * len(terms))})"
    sql = f"SELECT max({total}) FROM ({theirs} EXCEPT SELECT doc FROM fts_impact_top WHERE term = ?) o"
    scored = db.execute(sql, [*params, *terms, top.term]).fetchone()[0]
    return own + max(bound, 0.0 if scored is None else float(scored) * (1 + 1e-9))


def _reach(
    db: sqlite3.Connection,
    phrases: Sequence[tuple[str, str | None]],
    arms: Sequence[tuple[str, list[Any]]],
    total: float,
    top: Topped | None,
) -> Reach:
    """The Reach of `total`: each phrase's bound from its first top row (the `top` phrase's from its
    ROWLESS term's; a rare phrase's idf * (k1 + 1), its idf from FTS5's count) and its bar."""
    most, tops = [], []
    for i, (phrase, term) in enumerate(phrases):
        if top is not None and i == top.phrase:
            most.append(share_bound(db, top.term, top.score))
            term = top.term
        elif term is None:
            matches = db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (phrase,)).fetchone()[0]
            most.append(score_params(db, int(matches))[0] * SHARE_PER_IDF)
        else:
            most.append(share_bound(db, term, arms[i][1]))
        tops.append((phrase, term))
    return Reach(most, total, bars(db, tops), top)


def _reads(
    phrases: int, rare: Sequence[int], most: Sequence[float], floor: float
) -> list[tuple[frozenset[int], frozenset[int]]]:
    """The reads (phrases a document has every one of, phrases it has none of) that find every document
    whose set of phrases is bound at `floor` or more (`most`: a bound above each phrase's shares; `rare`:
    the phrase without rows, if any, read whole when a set with it is kept, else left out of the reads)."""
    sets = [frozenset(i for i in range(phrases) if mask >> i & 1) for mask in range(1, 1 << phrases)]
    kept = [having for having in sets if sum(most[i] for i in having) >= floor]
    reads: list[tuple[frozenset[int], frozenset[int]]] = []
    if rare and any(rare[0] in having for having in kept):  # all of its documents (few: it has no rows)
        reads.append((frozenset(rare), frozenset()))
        kept = [having for having in kept if rare[0] not in having]
    for having in kept:
        if not any(other < having for other in kept):  # the documents of the sets above it too
            reads.append((having, frozenset(rare)))
    return reads


def _rows_walked(
    phrases: Sequence[tuple[str, str | None]],
    drive: tuple[int, float | None, float | None],
    hits: Callable[[str], int],
) -> int:
    """The rows a read driven as `_drive` tells walks: its driver's (none from top rows, at most a few
    thousand, or for the phrase without rows: FTS5 walks its few matches)."""
    driver, _, place = drive
    term = phrases[driver][1]
    return 0 if term is None or place is not None else hits(term)


def share_bound(db: sqlite3.Connection, term: str, score: Sequence[Any]) -> float:
    """Above the share of impact term `term` (`score`: its idf and avgdl) in any document: idf * (k1 + 1)
    times its first top row's place (at the build's average length) times max(1, today's average length /
    that one), as in `top`; idf * (k1 + 1) alone without top rows."""
    idf, avgdl = float(score[0]), float(score[1])
    sql = "SELECT max(t.s), b.avgdl FROM fts_impact_top t JOIN fts_impact_bars b ON b.term = t.term "
    first = db.execute(f"{sql} WHERE t.term = ?", (term,)).fetchone()
    if first is None or first[0] is None:
        return idf * SHARE_PER_IDF
    return idf * SHARE_PER_IDF * min(1.0, float(first[0]) * max(1.0, avgdl / float(first[1])))


def _floor(
    db: sqlite3.Connection,
    phrases: Sequence[tuple[str, str | None]],
    arms: Sequence[tuple[str, list[Any]]],
    k: int,
    *,
    every: bool = False,
    deep: bool = False,
    topped: Topped | None = None,
) -> float | None:
    """A total share that k documents reach: the k-th of the documents among the first k top rows of each
    phrase with rows (`deep`: among all its top rows; `every`: of those with every phrase), their shares of
    the phrases with rows added in phrase order (0.0 for the one without: a total no greater than theirs);
    None with fewer than k such documents. With a `topped` phrase, the documents among its top rows alone
    (where its share is known: the first hits must be there to be read from them), their other shares by
    seeks."""
    tops, topsps = [], []  # (each phrase's top rows, as its arm: its share from the row itself)
    for i, (_, term) in enumerate(phrases):
        rows, score = (topped.term, topped.score) if topped and topped.phrase == i else (term, arms[i][1][:2])
        if rows is not None and (topped is None or topped.phrase == i):
            first = "SELECT doc, f, d FROM fts_impact_top WHERE term = ? ORDER BY s DESC LIMIT ?"
            tops.append(f"SELECT {i} AS p, doc, {PHRASE_SQL} AS v FROM ({first})")
            topsps += [*score, rows, -1 if deep else k]
    shares, sharesps, having, havingps = [], [], [], []
    for i, ((_, term), arm) in enumerate(zip(phrases, arms, strict=True)):
        if topped is not None and topped.phrase == i:
            shares.append(f"max(CASE WHEN p = {i} THEN v END)")
            continue
        if term is None:
            shares.append("0.0")
            continue
        shares.append(f"coalesce(max(CASE WHEN p = {i} THEN v END), {SEEK_SQL})")  # (else by a seek)
        sharesps += [*arm[1][:2], term]
        seek = "EXISTS (SELECT 1 FROM fts_impact WHERE term = ? AND doc = o.doc)"
        having.append(f"AND (max(p = {i}) OR {seek})")
        havingps.append(term)
    sql = (
        f"SELECT {' + '.join(shares)} AS v FROM ({' UNION ALL '.join(tops)}) o "
        f"GROUP BY doc HAVING 1 {' '.join(having) if every else ''} ORDER BY v DESC LIMIT 1 OFFSET ?"
    )
    params = [*sharesps, *topsps, *(havingps if every else []), k - 1]
    found = db.execute(sql, params).fetchone()
    return None if found is None else float(found[0])


def conjunction_top(
    db: sqlite3.Connection,
    phrases: Sequence[tuple[str, str | None]],
    hits: Callable[[str], int],
    k: int,
    rowless: str | None = None,
) -> list[tuple[int, float]] | None:
    """The first `k` rows (r, b) of `conjunction_sql(..., RELEVANCE)`, the same to the last bit, from the
    driving phrase's rows that can reach them: among the first k top rows of each phrase, the k-th total
    of those with every phrase is one that k documents reach, so a document among the first has a share
    of the driving phrase of at least that total less the other phrases' bounds (their first top rows'
    places). None with fewer than k such documents. `rowless`: the ROWLESS term of the one phrase without
    rows (FTS5's bm25 of the AND is then the sum too), whose top rows must drive (else None)."""
    rare = [i for i, (_, term) in enumerate(phrases) if term is None]
    if len(rare) != (rowless is not None):
        return None
    arms = _arms(db, phrases, hits)
    top = None if rowless is None else topped(db, rare[0], rowless)
    floor = _floor(db, phrases, arms, k, every=True, topped=top, deep=top is not None)
    if floor is None:
        return None
    reach = _reach(db, phrases, arms, floor, top)
    having = set(range(len(phrases)))
    if top is not None and _drive(phrases, arms, having, set(), hits, reach)[2] is None:
        reach = replace(reach, outside=_outside(db, phrases, arms, reach))
        if _drive(phrases, arms, having, set(), hits, reach)[2] is None:
            return None  # (FTS5 would score every document of a common ROWLESS word)
    sql, params = _with(phrases, arms, having, set(), hits, RELEVANCE, reach)
    return [(int(r), float(b)) for r, b in db.execute(f"{sql} LIMIT ?", (*params, k))]


def outside_sql(
    phrases: Sequence[tuple[str, str | None]], alias: str, *, listed: bool = False
) -> tuple[str, list[Any]]:
    """SQL (`AND ...` for each) that the document `alias`.doc has none of `phrases` (each its expression
    and its impact term or None): a seek into a term's rows, or, `listed`, a probe of the list of its
    documents (built once: half the time when every row of a common word is tested, `r* -telekom` at
    100,000: 36 ms against 76); FTS5's matches of a phrase without rows."""
    sql, params = [], []
    for phrase, term in phrases:
        if term is not None and listed:
            sql.append(
                f"AND {alias}.doc NOT IN (SELECT lacks.doc FROM fts_impact lacks WHERE lacks.term = ?)"
            )
            params.append(term)
        elif term is not None:
            seek = f"SELECT 1 FROM fts_impact lacks WHERE lacks.term = ? AND lacks.doc = {alias}.doc"
            sql.append(f"AND NOT EXISTS ({seek})")
            params.append(term)
        else:
            sql.append(f"AND {alias}.doc NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
            params.append(phrase)
    return " ".join(sql), params


def docs_of(phrase: str, term: str | None) -> tuple[str, str]:
    """SELECT doc of the documents of a phrase (its expression, its impact term or None), and its
    parameter: its rows, in doc order, or FTS5's matches."""
    if term is not None:
        return "SELECT doc FROM fts_impact WHERE term = ?", term
    return "SELECT rowid AS doc FROM fts WHERE fts MATCH ?", phrase


def union_count(
    db: sqlite3.Connection, phrases: Sequence[tuple[str, str | None]], excluded: Sequence[int]
) -> int:
    """The documents with any of `phrases` (each its expression and its impact term or None), less the
    `excluded` ids among them: the kept count of the phrase with rows and the most of them, plus the other
    phrases' documents it lacks, the lists merged in doc order (a compound SELECT with ORDER BY merges its
    sorted arms, and EXCEPT names fewer rows than UNION: `a* b*` at 100,000: 12 ms against 16.5; FTS5
    counting an OR with a prefix merges every word's list: 110 ms)."""
    arms = [docs_of(phrase, term) for phrase, term in phrases]
    rows = [-1 if term is None else count(db, term) for _, term in phrases]
    big = max(range(len(phrases)), key=rows.__getitem__)
    assert rows[big] >= 0 and len(phrases) > 1, phrases
    rest = [arm for i, arm in enumerate(arms) if i != big]
    lacked = f"{' UNION '.join(sql for sql, _ in rest)} EXCEPT {arms[big][0]} ORDER BY 1"
    params = [*(p for _, p in rest), arms[big][1]]
    total = rows[big] + int(db.execute(f"SELECT count(*) FROM ({lacked})", params).fetchone()[0])
    if excluded:  # (a seek per id and phrase; tested in the merge, they would be per document)
        marks = ",".join("?" * len(excluded))
        among = " UNION ".join(f"SELECT * FROM ({sql}) WHERE doc IN ({marks})" for sql, _ in arms)
        params = [v for _, p in arms for v in (p, *excluded)]
        total -= int(db.execute(f"SELECT count(*) FROM ({among})", params).fetchone()[0])
    return total


def _arms(
    db: sqlite3.Connection, phrases: Sequence[tuple[str, str | None]], hits: Callable[[str], int]
) -> list[tuple[str, list[Any]]]:
    """Per phrase (its expression, its impact term or None): SELECT p (its index), doc, v (its share of
    bm25 in that document) from its impact rows, or from FTS5's bm25 of the phrase alone (the same
    number); `hits(term)`: the documents a term's rows answer for."""
    arms: list[tuple[str, list[Any]]] = []
    for i, (phrase, term) in enumerate(phrases):
        if term is not None:
            sql = f"SELECT {i} AS p, doc, {PHRASE_SQL} AS v FROM fts_impact WHERE term = ?"
            arms.append((sql, [*score_params(db, hits(term)), term]))
        else:
            arms.append((f"SELECT {i} AS p, rowid AS doc, -{BM25} AS v FROM fts WHERE fts MATCH ?", [phrase]))
    return arms


def _summed(
    arms: Sequence[tuple[str, list[Any]]],
    phrases: int,
    seek: tuple[int, list[Any]] | None = None,
    *,
    apart: bool = False,
) -> tuple[str, list[Any]]:
    """SELECT r (doc), b (bm25) of the documents of `arms`: the shares of the `phrases` added in phrase
    order as FTS5 adds them (from 0.0, which changes no bit; 0.0 for a phrase a document lacks), each from
    its arm or, for `seek` (phrase, its idf, avgdl and term), from a seek into its rows, a LEFT JOIN (a
    third of the time of a subquery per document). Several arms are grouped by document; one is not (a
    document is in it once, and FTS5's bm25 cannot be used in a grouping of its own rows). `apart`: SELECT
    r and each share in phrase order, not their sum."""
    grouped = len(arms) > 1
    union = " UNION ALL ".join(a for a, _ in arms)
    params = [p for _, ps in arms for p in ps]
    shares, inner = [], []  # (each phrase's share; those from the arms, named s0, s1, ...)
    for i in range(phrases):
        if seek is not None and seek[0] == i:
            shares.append(f"coalesce({_PHRASE.format(f='x.f', d='x.d')}, 0.0)")
        else:
            share = f"coalesce({'max' if grouped else ''}(CASE WHEN p = {i} THEN v END), 0.0)"
            inner.append(f"{share} AS s{i}")
            shares.append(share if seek is None else f"o.s{i}")
    columns = (
        ", ".join(f"{sh} AS s{i}" for i, sh in enumerate(shares))
        if apart
        else f"-1.0 * ({' + '.join(shares)}) AS b"
    )
    group = " GROUP BY doc" if grouped else ""
    if seek is None:
        return f"SELECT doc AS r, {columns} FROM ({union}) o{group}", params
    sql = f"SELECT doc AS r, {', '.join(inner)} FROM ({union}){group} LIMIT -1"  # (bm25 stays in its arm)
    joined = f"SELECT o.r AS r, {columns} FROM ({sql}) o LEFT JOIN fts_impact x ON x.term = ? AND x.doc = o.r"
    return joined, [*seek[1][:2], *params, seek[1][2]]


def others_shares(
    db: sqlite3.Connection, phrases: Sequence[tuple[str, str | None]], hits: Callable[[str], int], big: int
) -> list[tuple[int, float, float]]:
    """(r, b, `big`'s bm25 alone or -0.0) of every document of the phrases but `big` (one with rows), by
    relevance: b adds the shares in phrase order as `phrases_sql` does (the same bits), `big`'s from a seek
    into its rows (once: the shares are read in a statement of their own)."""
    arms = _arms(db, phrases, hits)
    term = str(phrases[big][1])
    seek = (big, [*arms[big][1][:2], term])
    sql, params = _summed([arm for i, arm in enumerate(arms) if i != big], len(phrases), seek, apart=True)
    total = " + ".join(f"s{i}" for i in range(len(phrases)))
    sql = f"SELECT r, -1.0 * ({total}) AS b, -1.0 * s{big} FROM ({sql} LIMIT -1) ORDER BY {RELEVANCE}"
    return db.execute(sql, params).fetchall()  # (r an INTEGER, b and the share REALs: no conversion)


def phrases_sql(
    db: sqlite3.Connection, phrases: Sequence[tuple[str, str | None]], hits: Callable[[str], int], order: str
) -> tuple[str, list[Any]]:
    """SELECT r (doc), b (bm25) of an OR of phrases, each (its expression, its impact term or None), in
    phrase order, sorted by `order`; `hits(term)`: the documents a term's rows answer for. Each phrase's
    share per document comes from its rows, or from FTS5's bm25 of the phrase alone (the same number);
    the shares are added in phrase order as FTS5 adds them, 0.0 for a phrase a document lacks.
    A sort of the shares by document replaces FTS5's work per match."""
    sql, params = _summed(_arms(db, phrases, hits), len(phrases))
    return f"{sql} ORDER BY {order}", params


def phrases_top(
    db: sqlite3.Connection, phrases: Sequence[tuple[str, str | None]], hits: Callable[[str], int], k: int
) -> list[tuple[int, float]]:
    """The first `k` rows (r, b) of `phrases_sql(..., RELEVANCE)`, the same to the last bit, without
    grouping the shares of every document: the phrase with rows and the most hits (`big`) is left out of
    the grouping.
    1. The documents of the other phrases, grouped, `big`'s share added by a seek into its rows: their
       first k, the k-th at `b` = L.
    2. `big`'s rows of the documents no other phrase has: their bm25 is `big`'s share alone, so only
       those with b <= L (a share >= -L) can be among the first k; their first k.
    The first k of both parts are the answer: a document outside part 1's first k comes after L. Part 2 is
    skipped when no share of `big` can reach L (a share is below idf * (k1 + 1)): a common word's idf is
    small, so that is the rule when another phrase is in the first hits."""
    first_hits = by_presence(db, phrases, hits, k)
    if first_hits is not None:
        return first_hits
    with_rows = [i for i, (_, term) in enumerate(phrases) if term is not None]
    big = max(with_rows, key=lambda i: hits(str(phrases[i][1])))
    term = str(phrases[big][1])
    arms = _arms(db, phrases, hits)
    share = arms[big][1][:2]  # (idf, avgdl) of `big`
    others = [arm for i, arm in enumerate(arms) if i != big]
    sql, params = _summed(others, len(phrases), (big, [*share, term]))
    first = [(int(r), float(b)) for r, b in db.execute(f"{sql} ORDER BY {RELEVANCE} LIMIT ?", (*params, k))]
    if len(first) == k and share[0] * SHARE_PER_IDF < -first[-1][1]:
        return first  # no share of `big` alone reaches part 1's k-th total
    bound, bounds = ("", []) if len(first) < k else (f"AND {PHRASE_SQL} >= ?", [*share, -first[-1][1]])
    alone, aloneps = outside_sql([p for i, p in enumerate(phrases) if i != big], "a")
    sql = (
        f"SELECT doc AS r, {SCORE_SQL} AS b FROM fts_impact a WHERE term = ? {bound} {alone} "
        f"ORDER BY {RELEVANCE} LIMIT ?"
    )
    rest = [(int(r), float(b)) for r, b in db.execute(sql, (*share, term, *bounds, *aloneps, k))]
    return sorted(first + rest, key=lambda row: (row[1], -row[0]))[:k]


def word_with_rows(db: sqlite3.Connection, word: str) -> str | None:
    """The term whose impact rows rank `word`: itself; for a prefix the only word it expands to (its
    instances are then the prefix's, so are its scores), or the prefix with rows that expands to the
    same words (`rechn*` is `rechnung*`); None when there are no such rows."""
    if word.endswith("*"):
        column, bare = split_field(word[:-1])
        only = only_word(db, bare)
        if only is None:
            return prefix_with_rows(db, word[:-1])
        word = only if column is None else f"{column}:{only}"
    return word if has_word(db, word) else None


def upper_bound(prefix: str) -> str:
    """The least string above every string that starts with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def prefix_with_rows(db: sqlite3.Connection, prefix: str) -> str | None:
    """The term (`key*`) of the prefix rows whose words are exactly those under `prefix`, else None. The
    first key under `prefix` is the one, if any is: then no word lies under `prefix` outside the key."""
    found = db.execute(
        "SELECT prefix, upper FROM fts_impact_prefixes WHERE prefix >= ? AND prefix < ? "
        "AND (instr(prefix, ':') > 0) = ? ORDER BY prefix LIMIT 1",  # (a column's keys, or the bare ones)
        (prefix, upper_bound(prefix), ":" in prefix),
    ).fetchone()
    if found is None:
        return None
    key, key_upper = found
    bare, bare_key, bare_upper = (split_field(p)[1] for p in (prefix, key, key_upper))
    outside = "SELECT 1 FROM fts_vocab WHERE term >= ? AND term < ? LIMIT 1"  # (in any column)
    if key != prefix and db.execute(outside, (bare, bare_key)).fetchone() is not None:
        return None
    if db.execute(outside, (bare_upper, upper_bound(bare))).fetchone() is not None:
        return None
    return f"{key}*"


def prefix_keys(vocabulary: Sequence[tuple[str, int]], threshold: int) -> list[str]:
    """The prefixes whose words of the sorted `vocabulary` (word, its documents) are in `threshold`
    documents counted word by word (at least the prefix's hits, often more) and that expand to several
    words, each as the longest prefix of the words it expands to (rechn, rechnu, ... are all `rechnung` when
    every word under them starts with it); of prefixes of ASCII letters and digits only, as queries are."""
    docs: dict[str, int] = {}
    for word, n in vocabulary:
        for end in range(1, len(word) + 1):
            docs[word[:end]] = docs.get(word[:end], 0) + n
    words = [word for word, _ in vocabulary]
    keys: set[str] = set()
    for prefix, n in docs.items():
        if n < threshold or not _ASCII_WORD.fullmatch(prefix):
            continue
        low, high = bisect_left(words, prefix), bisect_left(words, upper_bound(prefix))
        if high - low > 1:
            keys.add(_common_start(words[low], words[high - 1]))  # the words under it: first to last
    return sorted(keys)


def _common_start(first: str, last: str) -> str:
    same = next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), len(first))
    return first[:same]


def only_word(db: sqlite3.Connection, prefix: str) -> str | None:
    """The one word of the index that starts with `prefix` (ASCII letters and digits), else None."""
    found = db.execute(
        "SELECT term FROM fts_vocab WHERE term >= ? AND term < ? LIMIT 2", (prefix, upper_bound(prefix))
    )
    terms = found.fetchall()
    return terms[0][0] if len(terms) == 1 else None


def word_expression(word: str, column: str | None = None) -> str:
    """The match expression of one bare word (or of one in `column`), as a query of it compiles to."""
    return f"({fts_term(Term(column, word))})"


def build(db: sqlite3.Connection, min_docs: int = MIN_DOCS) -> None:
    """(Re)build the rows of every word found in `min_docs` documents and a tenth of the archive, and of
    every prefix found in as many that expands to several words (`prefix_keys`), from `r*` to
    `rechnung*`: the longest first, so that a shorter prefix sums the rows of those under it; the same
    within each KEYED column alone, from the words found in it (`title:rechnung`, `title:r*`); and the
    counts, top rows and bottom rows alone of those of each ROWLESS column (from rows in a temporary
    table)."""
    db.execute("DELETE FROM fts_impact")
    db.execute("DELETE FROM fts_impact_terms")
    db.execute("DELETE FROM fts_impact_prefixes")
    db.execute("DELETE FROM fts_impact_top")
    db.execute("DELETE FROM fts_impact_bottom")
    db.execute("DELETE FROM fts_impact_floors")
    db.execute("DELETE FROM fts_impact_bars")
    db.execute("DELETE FROM fts_impact_counts")
    db.execute("DELETE FROM fts_impact_marks")  # (placed by middle_page, from these rows)
    rows = int(db.execute("SELECT count(*) FROM fts_docsize").fetchone()[0])
    threshold = max(min_docs, rows // 10, 1)
    vocabularies: list[tuple[str | None, list[tuple[str, int]]]] = [
        (None, db.execute("SELECT term, doc FROM fts_vocab").fetchall())  # in term order
    ]
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.impact_vocab_col USING fts5vocab(main, fts, 'col')")
    for column in (*KEYED, *ROWLESS):
        sql = "SELECT term, doc FROM temp.impact_vocab_col WHERE col = ? ORDER BY term"
        vocabularies.append((column, db.execute(sql, (column,)).fetchall()))
    db.execute("CREATE TEMP TABLE IF NOT EXISTS impact_len (doc INTEGER PRIMARY KEY, d INTEGER)")
    db.execute("DELETE FROM temp.impact_len")
    db.executemany(
        "INSERT INTO temp.impact_len VALUES (?, ?)",
        ((doc, sum(varints(sz))) for doc, sz in db.execute("SELECT id, sz FROM fts_docsize").fetchall()),
    )
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.impact_inst USING fts5vocab(main, fts, 'instance')")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS impact_ranges (lo TEXT, hi TEXT)")
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS impact_rowless (term TEXT NOT NULL, doc INTEGER NOT NULL, "
        "f REAL NOT NULL, d INTEGER NOT NULL, PRIMARY KEY(term, doc)) WITHOUT ROWID"
    )
    counts: dict[str, int] = {}  # rows per term, as inserted
    for of, vocabulary in vocabularies:  # (of: the column, None for the searched ones)
        if of in ROWLESS:  # rows for the build alone: their counts and both ends are kept
            db.execute("DELETE FROM temp.impact_rowless")
            made = _build_rows(db, of, vocabulary, threshold, "temp.impact_rowless")
            rowed = {term: n for term, n in made.items() if ROWED.match(term)}  # (but these keep them)
            for term in rowed:  # (copied: the temporary rows go with the table)
                db.execute("INSERT INTO fts_impact SELECT * FROM temp.impact_rowless WHERE term = ?", (term,))
            _build_top(db, rowed, bottom=True)  # (and their bottom rows, as the column's other terms)
            rowless = {term: n for term, n in made.items() if term not in rowed}
            _build_top(db, rowless, "temp.impact_rowless", bottom=True)
        else:
            counts.update(_build_rows(db, of, vocabulary, threshold))
    _build_top(db, counts)
    db.execute("DROP TABLE temp.impact_rowless")
    db.execute("DELETE FROM temp.impact_len")


def _build_rows(
    db: sqlite3.Connection,
    column: str | None,
    vocabulary: Sequence[tuple[str, int]],
    threshold: int,
    table: str = "fts_impact",
) -> dict[str, int]:
    """The rows, in `table`, of the words and prefixes of `vocabulary` (of the searched columns, or of
    `column` alone, with their terms named `column:word`) found in `threshold` documents; rows per term."""
    name = "" if column is None else f"{column}:"
    columns = _SEARCHED_SQL if column is None else f"'{column}'"  # (a constant of KEYED)
    terms = [term for term, docs in vocabulary if docs >= threshold]
    keys = prefix_keys(vocabulary, threshold)
    counts: dict[str, int] = {}
    for term in terms:
        counts[name + term] = db.execute(
            f"INSERT INTO {table} SELECT ?, i.doc, i.f, l.d FROM (SELECT doc, sum({_WEIGHT_SQL}) AS f "
            f"FROM temp.impact_inst WHERE term = ? AND col IN ({columns}) GROUP BY doc) i "
            "JOIN temp.impact_len l ON l.doc = i.doc",
            (name + term, term),
        ).rowcount
    words = [term for term, _ in vocabulary]
    common, kept = set(terms), []
    built: set[str] = set()
    for key in sorted(keys, key=len, reverse=True):
        under = words[bisect_left(words, key) : bisect_left(words, upper_bound(key))]
        sources, ranges = _sources(key, under, common, built)
        added = _build_prefix(db, name + key, ([name + t for t in sources], ranges), columns, table)
        if added >= threshold:
            kept.append(key)
            counts[f"{name}{key}*"] = added
        built.add(f"{key}*")
    for key in set(keys) - set(kept):  # found word by word in enough documents, not in fact
        db.execute(f"DELETE FROM {table} WHERE term = ?", (f"{name}{key}*",))
    db.executemany("INSERT INTO fts_impact_terms VALUES (?)", [(name + t,) for t in terms])
    prefixes = [(name + k, upper_bound(name + k)) for k in kept]
    db.executemany("INSERT INTO fts_impact_prefixes VALUES (?, ?)", prefixes)
    return counts


def _build_top(
    db: sqlite3.Connection, counts: dict[str, int], table: str = "fts_impact", *, bottom: bool = False
) -> None:
    """The first TOP rows in `table` of each term (`counts`: its number of rows) by TOP_SQL at today's
    average length, less those tied with the last (the term's bar, `theta`): then its top rows are exactly
    its rows above the bar, as `update` keeps them. A term with fewer rows keeps them all (bar 0.0: every
    row is above it). `bottom`: its last TOP rows too, less those tied with the last (its floor, `low`):
    then its bottom rows are exactly its rows below the floor (2.0 when it keeps them all)."""
    avgdl = score_params(db, 0)[1]
    db.executemany("INSERT INTO fts_impact_counts VALUES (?, ?)", counts.items())
    for term in counts:
        theta = _build_end(db, table, term, avgdl, first=True)
        db.execute("INSERT INTO fts_impact_bars VALUES (?, ?, ?)", (term, theta, avgdl))
        if bottom:
            low = _build_end(db, table, term, avgdl, first=False)
            db.execute("INSERT INTO fts_impact_floors VALUES (?, ?)", (term, low))


def _build_end(db: sqlite3.Connection, table: str, term: str, avgdl: float, *, first: bool) -> float:
    """Keep the TOP rows of `term` in `table` by TOP_SQL at `avgdl` from one end, in `fts_impact_top` (the
    `first`) or `fts_impact_bottom`, less those tied with the last kept: the place between them and the
    rest, 0.0 (first) or 2.0 when every row is kept."""
    kept, order, bar, beyond = (
        ("fts_impact_top", "DESC", "min", "<=") if first else ("fts_impact_bottom", "", "max", ">=")
    )
    added = db.execute(
        f"INSERT INTO {kept} SELECT term, {TOP_SQL} AS s, doc, f, d FROM {table} "
        f"WHERE term = ? ORDER BY s {order} LIMIT ?",
        (avgdl, term, TOP),
    ).rowcount
    if added < TOP:
        return 0.0 if first else 2.0
    place = float(db.execute(f"SELECT {bar}(s) FROM {kept} WHERE term = ?", (term,)).fetchone()[0])
    db.execute(f"DELETE FROM {kept} WHERE term = ? AND s {beyond} ?", (term, place))
    return place


def top(
    db: sqlite3.Connection,
    term: str,
    idf: float,
    avgdl: float,
    k: int,
    unless: Sequence[tuple[str, str | None]] = (),
) -> list[tuple[int, float]] | None:
    """The first `k` rows (r, b) by relevance of impact term `term`'s search (less the documents with any
    of the phrases `unless`, each its expression and impact term or None), the same to the last bit as
    from all its rows, from its top rows alone; None when they cannot tell. Their first k by place `s`
    give a share L that k documents reach. A share is at most idf * (k1 + 1) * s * max(1, avgdl / the
    average length the rows were placed with), so a document with a share >= L has s >= L / that; when
    that is above the term's bar, every such document is among the top rows."""
    bar = db.execute("SELECT theta, avgdl FROM fts_impact_bars WHERE term = ?", (term,)).fetchone()
    if bar is None:
        return None
    theta, placed = float(bar[0]), float(bar[1])
    outside, outsideps = outside_sql(unless, "t")
    first = f"SELECT {PHRASE_SQL} FROM fts_impact_top t WHERE term = ? {outside} ORDER BY s DESC LIMIT ?"
    shares = [float(v) for (v,) in db.execute(first, (idf, avgdl, term, *outsideps, k))]
    if len(shares) < k:
        return None
    cutoff = min(shares) / (idf * SHARE_PER_IDF * max(1.0, avgdl / placed))
    if cutoff <= theta:
        return None
    sql = (
        f"SELECT doc AS r, {SCORE_SQL} AS b FROM fts_impact_top t WHERE term = ? AND s >= ? {outside} "
        f"ORDER BY {RELEVANCE} LIMIT ?"
    )
    return [(int(r), float(b)) for r, b in db.execute(sql, (idf, avgdl, term, cutoff, *outsideps, k))]


def bottom(
    db: sqlite3.Connection, term: str, idf: float, avgdl: float, k: int
) -> list[tuple[int, float]] | None:
    """The last `k` rows (r, b), from the last on, of a ROWLESS column's term `term`'s search (ROWED or not:
    they alone have bottom rows), the same to the last bit as from all its rows, from its bottom rows
    alone; None when they cannot tell. Their last k by place `s` give a share U that k documents stay at or
    below. A share is at least idf * (k1 + 1) * s * min(1, avgdl / the average length the rows were placed
    with), so a document with a share <= U has s <= U / that; when that is below the term's floor, every
    such document is among the bottom rows."""
    floor = db.execute(
        "SELECT f.low, b.avgdl FROM fts_impact_floors f JOIN fts_impact_bars b ON b.term = f.term "
        "WHERE f.term = ?",
        (term,),
    ).fetchone()
    if floor is None:
        return None
    low, placed = float(floor[0]), float(floor[1])
    last = f"SELECT {PHRASE_SQL} FROM fts_impact_bottom WHERE term = ? ORDER BY s LIMIT ?"
    shares = [float(v) for (v,) in db.execute(last, (idf, avgdl, term, k))]
    if len(shares) < k and low <= 1.0:  # (a floor of 2.0: every row of the term is a bottom row)
        return None
    cutoff = max(shares, default=0.0) / (idf * SHARE_PER_IDF_BELOW * min(1.0, avgdl / placed))
    if cutoff >= low:
        return None
    sql = (
        f"SELECT doc AS r, {SCORE_SQL} AS b FROM fts_impact_bottom WHERE term = ? AND s <= ? "
        "ORDER BY b DESC, r LIMIT ?"
    )
    return [(int(r), float(b)) for r, b in db.execute(sql, (idf, avgdl, term, cutoff, k))]


def _sources(
    key: str, under: Sequence[str], common: set[str], built: set[str]
) -> tuple[list[str], list[tuple[str, str]]]:
    """What the rows of prefix `key` sum, for `under` (the sorted words under it), split by the letter
    after `key`: the rows of a word in `common` or of a prefix in `built` (`key*`) that holds a group
    exactly, and the first and last word of each group with no rows, whose instances are walked."""
    terms: list[str] = []
    ranges: list[tuple[str, str]] = []
    rest = list(under)
    if rest and rest[0] == key:
        if key in common:
            terms.append(key)
        else:
            ranges.append((key, key))
        rest = rest[1:]
    i = 0
    while i < len(rest):
        j = i
        while j < len(rest) and rest[j][len(key)] == rest[i][len(key)]:
            j += 1
        group = rest[i:j]
        start = _common_start(group[0], group[-1])
        if len(group) == 1 and group[0] in common:
            terms.append(group[0])
        elif len(group) > 1 and f"{start}*" in built:
            terms.append(f"{start}*")
        elif not common.intersection(group):
            ranges.append((group[0], group[-1]))
        else:  # several words, one with rows, under no built prefix (one that is not ASCII)
            more_terms, more_ranges = _sources(start, group, common, built)
            terms += more_terms
            ranges += more_ranges
        i = j
    return terms, ranges


def _build_prefix(
    db: sqlite3.Connection,
    key: str,
    sources: tuple[list[str], list[tuple[str, str]]],
    columns: str,
    table: str = "fts_impact",
) -> int:
    """Insert into `table` the rows of prefix `key` from its `sources` (`_sources`): the sum, per
    document, of the rows of the terms and of the instances in `columns` (SQL: the names, quoted) of each
    range's words (a walk of just those words: the rows of the common ones are not walked again); the
    number of rows."""
    terms, ranges = sources
    db.execute("DELETE FROM temp.impact_ranges")
    db.executemany("INSERT INTO temp.impact_ranges VALUES (?, ?)", ranges)
    parts = [f"SELECT doc, f FROM {table} WHERE term IN ({','.join('?' * len(terms))})"] if terms else []
    if ranges:  # (CROSS JOIN: a walk of each range's instances, not a scan of every instance per range)
        parts.append(
            f"SELECT i.doc AS doc, {_WEIGHT_SQL} AS f FROM temp.impact_ranges r "
            "CROSS JOIN temp.impact_inst i WHERE i.term >= r.lo AND i.term <= r.hi "
            f"AND i.col IN ({columns})"
        )
    inserted = db.execute(
        f"INSERT INTO {table} SELECT ?, u.doc, sum(u.f), l.d FROM ({' UNION ALL '.join(parts)}) u "
        "JOIN temp.impact_len l ON l.doc = u.doc GROUP BY u.doc",
        (f"{key}*", *terms),
    )
    return int(inserted.rowcount)


def update(
    db: sqlite3.Connection,
    doc_ids: Sequence[int],
    rows: Sequence[tuple[Any, ...]],
    old: Sequence[tuple[Any, ...]],
) -> None:
    """Bring the rows of `doc_ids` in step after their FTS5 rows were replaced by `rows` (the values given
    to FTS5; a document missing from them has left the index). An fts5vocab table cannot be read for a few
    documents, so their new values go through a scratch FTS5 table with the same tokenizer. `old`: the
    FTS5 values they had, staged the same way, so that only the rows they made and the new ones lack are
    deleted, and a row both make is changed in place where it changed. A ROWLESS column's terms get their
    top rows and counts from the staged values alone."""
    terms = [r[0] for r in db.execute("SELECT term FROM fts_impact_terms")]
    terms += [f"{r[0]}*" for r in db.execute("SELECT prefix FROM fts_impact_prefixes")]
    ids = list(doc_ids)
    if not terms or not ids:
        return
    counts = dict.fromkeys(terms, 0)  # rows added less rows deleted, per term
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS impact_old (term TEXT, doc INTEGER, PRIMARY KEY(term, doc)) "
        "WITHOUT ROWID"
    )
    db.execute("DELETE FROM temp.impact_old")
    for term, staged in _stage(db, old):
        counts[term] -= staged
    kept = _KEPT_SQL.format(t="n.term")  # (a ROWLESS column's staged values make no rows)
    db.execute(f"INSERT INTO temp.impact_old SELECT term, doc FROM temp.impact_new n WHERE {kept}")
    _unstage(db)
    for chunk in range(0, len(ids), 900):
        part = ids[chunk : chunk + 900]
        for table in ("fts_impact_top", "fts_impact_bottom"):
            db.execute(f"DELETE FROM {table} WHERE doc IN ({','.join('?' * len(part))})", part)
    for term, added in _stage(db, rows):
        counts[term] += added
    db.execute(  # the old rows the new values do not make
        "DELETE FROM fts_impact WHERE (term, doc) IN (SELECT o.term, o.doc FROM temp.impact_old o "
        "WHERE NOT EXISTS (SELECT 1 FROM temp.impact_new n WHERE n.term = o.term AND n.doc = o.doc))"
    )
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS impact_changed (term TEXT, doc INTEGER, f REAL, d INTEGER, "
        "PRIMARY KEY(term, doc)) WITHOUT ROWID"
    )
    db.execute(  # those both make, where they changed (UPDATE ... FROM would copy every joined row first)
        "INSERT INTO temp.impact_changed SELECT n.term, n.doc, n.f, n.d FROM temp.impact_new n "
        "JOIN fts_impact i ON i.term = n.term AND i.doc = n.doc "
        f"WHERE (i.f != n.f OR i.d != n.d) AND {kept}"
    )
    db.execute("INSERT OR REPLACE INTO fts_impact SELECT term, doc, f, d FROM temp.impact_changed")
    db.execute("DELETE FROM temp.impact_changed")
    db.execute(
        f"INSERT INTO fts_impact SELECT term, doc, f, d FROM temp.impact_new n WHERE {kept} "
        "AND NOT EXISTS (SELECT 1 FROM temp.impact_old o WHERE o.term = n.term AND o.doc = n.doc)"
    )
    placed = _TOP.format(avgdl="b.avgdl")
    db.execute(  # placed with the average length of the term's top rows (CROSS JOIN: a seek per new row)
        f"INSERT INTO fts_impact_top SELECT term, s, doc, f, d FROM (SELECT n.term, {placed} AS s, n.doc, "
        "n.f, n.d, b.theta FROM temp.impact_new n CROSS JOIN fts_impact_bars b ON b.term = n.term) "
        "WHERE s > theta"
    )
    db.execute(  # and below their term's floor, the bottom rows (a ROWLESS column's terms alone, ROWED too)
        f"INSERT INTO fts_impact_bottom SELECT term, s, doc, f, d FROM (SELECT n.term, {placed} AS s, n.doc, "
        "n.f, n.d, l.low FROM temp.impact_new n CROSS JOIN fts_impact_floors l ON l.term = n.term "
        "CROSS JOIN fts_impact_bars b ON b.term = n.term) WHERE s < low"
    )
    _unstage(db)
    db.execute("DELETE FROM temp.impact_old")
    changed = [(n, term) for term, n in counts.items() if n]
    db.executemany("UPDATE fts_impact_counts SET n = n + ? WHERE term = ?", changed)


def _unstage(db: sqlite3.Connection) -> None:
    db.execute("DELETE FROM temp.impact_new")
    db.execute("DELETE FROM temp.impact_f")
    db.execute("DELETE FROM temp.impact_fc")
    db.execute("DELETE FROM temp.impact_scratch")
    db.execute("DELETE FROM temp.impact_len")


def _scratch(db: sqlite3.Connection, rows: Sequence[tuple[Any, ...]]) -> None:
    """The FTS5 values `rows` (rowid first, then each column) alone in `temp.impact_scratch`, a table with
    fts's own columns and tokenizer, and its instances in `temp.impact_scratch_inst`. Its values are kept
    apart (`temp.impact_scratch_values`: external content), so that its index is emptied at once
    ('delete-all': FTS5 would tokenize every row it held again to delete it, and dropping the table would
    make SQLite prepare every statement of the connection again), and it is filled in one transaction (a
    savepoint: a request runs in autocommit, and FTS5 writes a segment at each commit)."""
    columns, marks = ", ".join(COLUMNS), ",".join("?" * (1 + len(COLUMNS)))
    if db.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'impact_scratch'").fetchone() is None:
        definition = db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'fts'"
        ).fetchone()
        using = re.sub(r",\s*prefix\s*=\s*'[^']*'", "", definition[0][definition[0].index("USING") :])
        external = (
            using.rstrip().removesuffix(")") + ", content = 'impact_scratch_values', content_rowid = 'id')"
        )
        db.execute(f"CREATE TABLE temp.impact_scratch_values (id INTEGER PRIMARY KEY, {columns})")
        db.execute(  # fts's own columns and tokenizer, without its prefix indexes (read by fts5vocab alone)
            "CREATE VIRTUAL TABLE temp.impact_scratch " + external
        )
        db.execute(
            "CREATE VIRTUAL TABLE temp.impact_scratch_inst USING fts5vocab(temp, impact_scratch, 'instance')"
        )
    db.execute("SAVEPOINT impact_scratch")
    try:
        db.execute("INSERT INTO temp.impact_scratch(impact_scratch) VALUES ('delete-all')")
        db.execute("DELETE FROM temp.impact_scratch_values")
        db.executemany(f"INSERT INTO temp.impact_scratch_values(id, {columns}) VALUES ({marks})", rows)
        db.execute("INSERT INTO temp.impact_scratch(impact_scratch) VALUES ('rebuild')")
    except BaseException:
        db.execute("ROLLBACK TO impact_scratch")
        db.execute("RELEASE impact_scratch")
        raise
    db.execute("RELEASE impact_scratch")


def indexed(db: sqlite3.Connection, ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """The FTS5 values (rowid first, then each column) of those of `ids` in the index."""
    sql = f"SELECT rowid, {', '.join(COLUMNS)} FROM fts WHERE rowid IN ({','.join('?' * len(ids))})"
    return [tuple(r) for r in db.execute(sql, list(ids))]


AMONG = 100
"""Ids past which `rowless_among` costs more than FTS5's own count (a copy of each one's values)."""


def rowless_among(db: sqlite3.Connection, term: str, ids: Sequence[int]) -> int:
    """How many of the documents `ids` (a handful) match ROWLESS term `term` (`content:rech*`: a word under
    the key in that column), from their FTS5 values alone, copied to a scratch table (FTS5 would expand a
    prefix for each id: 27 ms each for `content:r*` at 100,000)."""
    column, word = split_field(term)
    prefix = word.endswith("*")
    low, high = (word[:-1], upper_bound(word[:-1])) if prefix else (word, word)
    _scratch(db, indexed(db, ids))
    found = db.execute(
        "SELECT count(DISTINCT doc) FROM temp.impact_scratch_inst WHERE col = ? AND term >= ? "
        f"AND term {'<' if prefix else '<='} ?",
        (column, low, high),
    ).fetchone()[0]
    _scratch(db, [])
    return int(found)


def _stage(db: sqlite3.Connection, rows: Sequence[tuple[Any, ...]]) -> list[tuple[str, int]]:
    """The rows that the FTS5 values `rows` make, staged in `temp.impact_new` (`_unstage` clears it);
    (term, rows staged) per term."""
    _scratch(db, rows)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS impact_len (doc INTEGER PRIMARY KEY, d INTEGER)")
    db.execute("DELETE FROM temp.impact_len")
    scratch_sizes = db.execute("SELECT id, sz FROM temp.impact_scratch_docsize").fetchall()
    db.executemany(
        "INSERT INTO temp.impact_len VALUES (?, ?)", ((d, sum(varints(sz))) for d, sz in scratch_sizes)
    )
    for table in ("impact_f", "impact_fc"):  # (bare words; `column:word`, apart: a range holds one kind)
        db.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {table} (term TEXT, doc INTEGER, f REAL, "
            "PRIMARY KEY(term, doc)) WITHOUT ROWID"
        )
        db.execute(f"DELETE FROM temp.{table}")
    db.execute(  # every word's f in each document, once (a walk of the scratch table's instances)
        f"INSERT INTO temp.impact_f SELECT term, doc, sum({_WEIGHT_SQL}) FROM temp.impact_scratch_inst "
        f"WHERE col IN ({_SEARCHED_SQL}) GROUP BY term, doc"
    )
    db.execute(  # and its f in each KEYED and ROWLESS column alone, under `column:word`
        f"INSERT INTO temp.impact_fc SELECT col || ':' || term, doc, sum({_WEIGHT_SQL}) "
        f"FROM temp.impact_scratch_inst WHERE col IN ({_KEYED_SQL}) GROUP BY col, term, doc"
    )
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS impact_new (term TEXT, doc INTEGER, f REAL, d INTEGER, "
        "PRIMARY KEY(term, doc)) WITHOUT ROWID"
    )
    db.execute("DELETE FROM temp.impact_new")
    for table, kind in (("impact_f", "= 0"), ("impact_fc", "> 0")):  # (bare terms; a column's)
        db.execute(  # the new rows, staged: inserted into the rows, those above their term's bar into the top
            "INSERT INTO temp.impact_new SELECT s.term, s.doc, s.f, l.d FROM fts_impact_terms t "
            f"JOIN temp.{table} s ON s.term = t.term JOIN temp.impact_len l ON l.doc = s.doc "
            f"WHERE instr(t.term, ':') {kind}"
        )
        db.execute(  # each prefix: the instances of every word under it
            "INSERT INTO temp.impact_new SELECT i.term, i.doc, i.f, l.d FROM "
            "(SELECT p.prefix || '*' AS term, s.doc AS doc, sum(s.f) AS f FROM fts_impact_prefixes p "
            f"JOIN temp.{table} s ON s.term >= p.prefix AND s.term < p.upper "
            f"WHERE instr(p.prefix, ':') {kind} GROUP BY p.prefix, s.doc) i "
            "JOIN temp.impact_len l ON l.doc = i.doc"
        )
    return [
        (str(t), int(n)) for t, n in db.execute("SELECT term, count(*) FROM temp.impact_new GROUP BY term")
    ]


def count(db: sqlite3.Connection, term: str) -> int:
    """The number of impact term `term`'s rows (kept with them: a count of 43,000 rows takes 2-4 ms)."""
    found = db.execute("SELECT n FROM fts_impact_counts WHERE term = ?", (term,)).fetchone()
    return 0 if found is None else int(found[0])


def has_word(db: sqlite3.Connection, word: str) -> bool:
    return db.execute("SELECT 1 FROM fts_impact_terms WHERE term = ?", (word,)).fetchone() is not None


def fts_totals(db: sqlite3.Connection) -> tuple[int, int]:
    """(rows, tokens in all columns) of the FTS5 table, from its averages record."""
    totals = varints(db.execute("SELECT block FROM fts_data WHERE id = 1").fetchone()[0])
    return totals[0], sum(totals[1 : 1 + len(COLUMNS)])


def score_params(db: sqlite3.Connection, hits: int) -> tuple[float, float]:
    """(idf, avgdl) as FTS5's bm25 computes them for a one-phrase query: from the index's row count and
    token totals (its averages record) and the phrase's number of matching rows, `hits` (the number of its
    impact rows: one per document with an instance in the searched columns, as FTS5 counts them)."""
    rows, tokens = fts_totals(db)
    idf = math.log((rows - hits + 0.5) / (hits + 0.5))
    if idf <= 0.0:
        idf = 1e-6
    return idf, tokens / rows
