"""`/api/documents/` list (filters, ordering, pagination, search), detail, PATCH/PUT/DELETE and next_asn."""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from paperless_tui.demo.routes.common import (
    Req,
    api,
    page_params,
    paginated,
    parse_bool,
    resolve_page,
)
from paperless_tui.demo.routes.doc_access import get_doc
from paperless_tui.demo.routes.doc_filters import Where, build_filters, order_sql
from paperless_tui.demo.routes.doc_json import serialize_docs, visible_clause, wanted_fields
from paperless_tui.demo.routes.doc_name_order import group_counts, name_order, name_ordered_ids
from paperless_tui.demo.routes.doc_search import LIVE, Search, highlights, hit_of, ranked_search, search_mode
from paperless_tui.demo.routes.doc_update import apply_update
from paperless_tui.demo.store import iso_local

DEFAULT_ORDER = "d.created DESC"


def base_where(req: Req, *, trashed: bool = False) -> Where:
    where = Where()
    where.add("d.deleted_at IS NOT NULL" if trashed else "d.deleted_at IS NULL")
    where.add("d.root_document IS NULL")
    sql, params = visible_clause(req)
    where.add(sql, *params)
    return where


def list_documents(
    req: Req, where: Where, *, search: Search | None = None, default_order: str = DEFAULT_ORDER
) -> dict[str, Any]:
    """One page of documents for `where` (+ search), shaped as the paginated API body."""
    store = req.store
    # An order by one name alone walks the list by names (doc_name_order), unless a search sorts its hits.
    by_name = name_order(req.query.get("ordering")) if search is None else None
    order = None if by_name is not None else order_sql(req, req.query.get("ordering"))
    page, size = page_params(req)
    fields = wanted_fields(req)
    truncate = bool(parse_bool(req.query.get("truncate_content")))
    full_perms = bool(parse_bool(req.query.get("full_perms")))
    sql_where = where.sql()
    # `docs` has no content column, so scans stay small; the `documents` view adds content when filtered on.
    table = "documents" if "d.content" in sql_where else "docs"
    order_by = order or default_order
    order_by += ", d.id DESC" if order_by.split(",")[0].strip().endswith("DESC") else ", d.id"
    if search is None:
        # The count and (API v9) every id of a filter are the same for each page: cached until a write.
        filter_key = (table, sql_where, tuple(where.params))
        # Every live document: counted in the narrow index of their ids (4 ms at 100k, not 14 in the rows).
        counted = "docs d INDEXED BY doc_live_id" if table == "docs" and sql_where == LIVE else f"{table} d"
        if by_name is not None:  # the groups' counts add up to it
            count = sum(group_counts(req, table, where, by_name[0]).values())
        else:
            count = store.memo(
                ("count", *filter_key),
                lambda: store.q1(f"SELECT COUNT(*) FROM {counted} WHERE {where.counted_sql()}", where.params)[
                    0
                ],
            )
        page = resolve_page(page, size, count)
        if by_name is not None:  # group by group in name order, not a sort of every row
            ids = name_ordered_ids(req, table, where, *by_name, (page - 1) * size, size)
        else:
            ids = [
                r[0]
                for r in store.q(
                    f"SELECT d.id FROM {table} d WHERE {sql_where} ORDER BY {order_by} LIMIT ? OFFSET ?",
                    (*where.params, size, (page - 1) * size),
                )
            ]
        all_ids = None
        if req.version < 10:

            def every_id() -> list[int]:
                if by_name is not None:
                    return name_ordered_ids(req, table, where, *by_name, 0, None)
                rows = store.q(
                    f"SELECT d.id FROM {table} d WHERE {sql_where} ORDER BY {order_by}", where.params
                )
                return [r[0] for r in rows]

            all_ids = store.memo(("all", *filter_key, order_by, by_name), every_id)
        results = serialize_docs(req, ids, fields=fields, truncate=truncate, full_perms=full_perms)
        return paginated(req, count, page, size, results, all_ids)

    ranked = ranked_search(req, search, table, where, order_by, relevance=order is None)
    count, page, hits = ranked.window(page, size)
    offset = (page - 1) * size
    search.scores = dict(hits)  # (id, score) of this page
    ids = list(search.scores)
    results = serialize_docs(req, ids, fields=fields, truncate=truncate, full_perms=full_perms)
    hls = highlights(req, search, ids)
    by_id = {doc["id"]: doc for doc in results if "id" in doc}
    for rank, did in enumerate(ids, start=offset + 1):
        doc = by_id.get(did)
        if doc is None:  # fields= without id: match by position
            continue
        doc["__search_hit__"] = hit_of(search, did, rank, hls)
    if fields is not None and "id" not in fields:
        for rank, (did, doc) in enumerate(zip(ids, results, strict=False), start=offset + 1):
            doc["__search_hit__"] = hit_of(search, did, rank, hls)
    every = ranked.every() if req.version < 10 else None
    body = paginated(req, count, page, size, results, every)
    body["corrected_query"] = None
    return body


@api("GET", name="Unified Search List")
async def documents_list(req: Req) -> Any:
    search = search_mode(req)
    where = base_where(req)
    build_filters(req, where)
    return list_documents(req, where, search=search)


@api("GET", "PUT", "PATCH", "DELETE", name="Document Detail")
async def document_detail(req: Req) -> Any:
    doc_id = req.path_int()
    method = req.request.method
    if method in ("GET", "HEAD"):
        get_doc(req, doc_id)
        docs = serialize_docs(
            req, [doc_id], fields=wanted_fields(req), full_perms=bool(parse_bool(req.query.get("full_perms")))
        )
        return docs[0]
    get_doc(req, doc_id, change=True)
    if method == "DELETE":
        with req.store.write() as db:
            db.execute("UPDATE docs SET deleted_at=? WHERE id=?", (iso_local(), doc_id))
        return Response(status_code=204)
    data = await req.json_object()
    apply_update(req, doc_id, data, partial=method == "PATCH")
    return serialize_docs(req, [doc_id], full_perms=True)[0]


@api("GET", name="Next ASN")
async def next_asn(req: Req) -> Any:
    row = req.store.q1("SELECT MAX(archive_serial_number) FROM docs")
    return (row[0] or 0) + 1


@api("GET", name="Root")
async def document_root(req: Req) -> Any:
    doc_id = req.path_int()
    row = get_doc(req, doc_id, allow_version=True)
    return {"root_id": row["root_document"] or row["id"]}
