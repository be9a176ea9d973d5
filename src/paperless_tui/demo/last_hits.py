"""The last hits of several very common words OR-ed, without adding up every document's shares.

The last page of `invoice rechnung` at 100,000 documents sums both words' shares for each of 43,066
documents and sorts them from the end (about 50 ms). The last hits have the smallest totals, and a total
is at least the share of each word the document has: so they come from the documents with the smallest
share of some word. Each word's rows with the smallest shares (one walk each, SQLite's top-N sorter) are
scored in full; their k-th smallest total is proven to be the end when each word's next share is above it.
"""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Callable, Sequence

from paperless_tui.demo import impact


def last(
    db: sqlite3.Connection, phrases: Sequence[tuple[str, str | None]], hits: Callable[[str], int], k: int
) -> list[tuple[int, float]] | None:
    """The first `k` rows (r, b) of `impact.phrases_sql(..., REVERSED)` (the OR of `phrases`, each its
    expression and impact term, from its last hit: b DESC, r), the same to the last bit; None when a
    phrase has no rows or its least shares do not prove it.
    1. Each phrase's 2k + 2 rows with the smallest shares (16k + 16 if that does not prove it): every other
       document of the phrase has a share at least the last one's (its `next`).
    2. The documents of those rows, scored in full (each phrase's share by a seek, added in phrase order
       as FTS5 adds them): their k-th smallest total T.
    3. Any other document's total is at least its share of any phrase it has, so at least the least
       `next`: when that is above T, no other document comes before the k-th.
    """
    if any(term is None for _, term in phrases):
        return None
    scores = [impact.score_params(db, hits(str(term))) for _, term in phrases]
    for rows in (2 * k + 2, 16 * k + 16):  # (a phrase's least shares are partly documents with others)
        found = _last(db, phrases, scores, k, rows)
        if found is not None:
            return found
    return None


def _last(
    db: sqlite3.Connection,
    phrases: Sequence[tuple[str, str | None]],
    scores: Sequence[tuple[float, float]],
    k: int,
    rows: int,
) -> list[tuple[int, float]] | None:
    """`last` from each phrase's `rows` least shares (each phrase's (idf, avgdl): `scores`); None when they
    do not prove it."""
    nexts, docs = [], set()
    for (_, term), score in zip(phrases, scores, strict=True):
        sql = f"SELECT doc, {impact.PHRASE_SQL} AS v FROM fts_impact WHERE term = ? ORDER BY v LIMIT ?"
        first = db.execute(sql, (*score, term, rows)).fetchall()
        nexts.append(float(first[-1][1]) if len(first) == rows else math.inf)  # (fewer: all of its rows)
        docs.update(int(r[0]) for r in first)
    total, params = impact.seek_total(list(zip((term for _, term in phrases), scores, strict=True)))
    sql = (
        f"SELECT o.doc AS r, -1.0 * {total} AS b "
        "FROM (SELECT value AS doc FROM json_each(?)) o ORDER BY b DESC, r LIMIT ?"
    )
    found = [(int(r), float(b)) for r, b in db.execute(sql, (*params, json.dumps(sorted(docs)), k))]
    if len(found) == k and min(nexts) <= -found[-1][1]:
        return None  # (fewer than k: every list is whole, each having 2k + 2 rows otherwise)
    return found
