"""Pages of the documents list ordered by a correspondent's, type's or storage path's name, without a sort.

`ordering=correspondent__name` as an ORDER BY sorts every listed row by its name's rank (doc_filters):
~40 ms at 100,000 documents. Here the list is walked group by group instead: each related object's
documents are one range of the index on (relation, id), the groups come in name order (equal names tie and
share a group, ids in list order within it; no relation first ascending, last descending), so a page counts
the groups (once per write) and reads just the ranges it covers.
"""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from paperless_tui.demo.routes.common import Req
from paperless_tui.demo.routes.doc_filters import OBJ_KIND, Where
from paperless_tui.demo.routes.doc_search import LIVE

NAME_ORDERS = {f"{rel}__name": rel for rel in OBJ_KIND}
LIVE_INDEX = {
    "correspondent": "doc_live_corr",
    "document_type": "doc_live_type",
    "storage_path": "doc_live_path",
}
"""The live documents' index on (relation, id) of each relation (store.SCHEMA)."""


def name_order(raw: str | None) -> tuple[str, bool] | None:
    """(relation column, descending) when `ordering=` is one relation's name alone, else None."""
    if not raw or "," in raw:
        return None
    rel = NAME_ORDERS.get(raw.strip().lstrip("-"))
    return None if rel is None else (rel, raw.strip().startswith("-"))


def _groups(req: Req, rel: str, counts: dict[Any, int], desc: bool) -> list[list[Any]]:
    """The relation's values that have documents, grouped by name, in list order. A value without a name
    (none, or an object without one) sorts as no name: first ascending, as SQL sorts NULL."""
    objects = req.store.objects(OBJ_KIND[rel])
    unnamed: list[Any] = []
    named: dict[str, list[Any]] = {}
    for value in counts:
        name = objects.get(value, {}).get("name") if value is not None else None
        if isinstance(name, str):
            named.setdefault(name, []).append(value)
        else:
            unnamed.append(value)
    groups = ([unnamed] if unnamed else []) + [named[name] for name in sorted(named)]
    return groups[::-1] if desc else groups


def _in_group(rel: str, group: list[Any]) -> tuple[str, list[Any]]:
    values = [v for v in group if v is not None]
    parts = [f"d.{rel} IN ({','.join('?' * len(values))})"] if values else []
    if None in group:
        parts.append(f"d.{rel} IS NULL")
    return "(" + " OR ".join(parts) + ")", values


def group_counts(req: Req, table: str, where: Where, rel: str) -> dict[Any, int]:
    """How many documents of the list `where` each value of `rel` has (from the index on it; cached until
    the next write). Their sum is the list's count."""
    store = req.store
    key = ("name groups", table, where.counted_sql(), tuple(where.params), rel)
    # Every live document: counted in the relation's live index (SQLite's planner would take the index on
    # the relation alone and look up each row: 100-170 ms at 100,000 documents, against a few).
    index = f" INDEXED BY {LIVE_INDEX[rel]}" if table == "docs" and where.sql() == LIVE else ""
    sql = f"SELECT d.{rel}, count(*) FROM {table} d{index} WHERE {where.counted_sql()} GROUP BY d.{rel}"
    counts: dict[Any, int] = store.memo(key, lambda: dict(store.tuples(sql, where.params)))
    return counts


def name_ordered_ids(
    req: Req, table: str, where: Where, rel: str, desc: bool, offset: int, size: int | None
) -> list[int]:
    """The ids at `offset` (`size` of them; None: all) of the list `where` ordered by `rel`'s name."""
    store = req.store
    counts = group_counts(req, table, where, rel)
    ids: list[int] = []
    for group, skip, take in _windows(_groups(req, rel, counts, desc), counts, offset, size):
        cond, values = _in_group(rel, group)
        rows = store.tuples(
            f"SELECT d.id FROM {table} d WHERE {where.sql()} AND {cond} "
            f"ORDER BY d.id {'DESC' if desc else 'ASC'} LIMIT ? OFFSET ?",
            [*where.params, *values, take, skip],
        )
        ids += [r[0] for r in rows]
    return ids


def _windows(
    groups: list[list[Any]], counts: dict[Any, int], offset: int, size: int | None
) -> Iterator[tuple[list[Any], int, int]]:
    """(group, rows to skip in it, rows to take from it) for the groups the window covers."""
    left = size
    for group in groups:
        rows = sum(counts[v] for v in group)
        if offset >= rows:
            offset -= rows
            continue
        take = rows - offset if left is None else min(left, rows - offset)
        yield group, offset, take
        offset = 0
        if left is not None:
            left -= take
            if left <= 0:
                return
