"""Document list filters and orderings (django-filter semantics) compiled to SQL with bound parameters.

Invalid filter values are ignored, not rejected, as on the real server; `custom_field_query` is the one
filter that answers 400 on bad input.
"""

# SQL is assembled only from constant fragments and `?` placeholders; values are always bound.
# ruff: noqa: S608

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from paperless_tui.demo.routes.common import ApiError, Req, parse_bool, parse_id_list, parse_int
from paperless_tui.demo.store import SERVER_TZ

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_OBJ_COLS = {
    "correspondent": "correspondent",
    "document_type": "document_type",
    "storage_path": "storage_path",
}
OBJ_KIND = {
    "correspondent": "correspondents",
    "document_type": "document_types",
    "storage_path": "storage_paths",
}
_TEXT_LOOKUPS = {
    "icontains": ("LIKE", "%{}%"),
    "istartswith": ("LIKE", "{}%"),
    "iendswith": ("LIKE", "%{}"),
    "iexact": ("LIKE", "{}"),
}
_CMP = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def _like(value: str, pattern: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return pattern.format(escaped)


def _date_value(raw: str) -> str | None:
    if not _DATE.match(raw or ""):
        return None
    try:
        datetime.strptime(raw[:10], "%Y-%m-%d")
    except ValueError:
        return None
    return raw[:10]


def _datetime_value(raw: str) -> str | None:
    try:
        dt = datetime.fromisoformat(
            raw.strip().replace("Z", "+00:00").replace(" ", "+", 1) if "T" in raw else raw
        )
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=SERVER_TZ)
    return dt.astimezone(SERVER_TZ).isoformat()


class Where:
    """The conditions of a documents list (`d.` the row), with their bound parameters."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.counted_parts: list[str] = []
        self.params: list[Any] = []

    def add(self, sql: str, *params: Any, counted: str | None = None) -> None:
        """Add a condition; `counted`: the same condition (same parameters, same order) written for
        counting and for sets of ids, where SQLite should drive from it (a tag's index) rather than test
        each row (a page walks the list's order and tests the rows it meets: the first form)."""
        self.parts.append(sql)
        self.counted_parts.append(counted or sql)
        self.params.extend(params)

    def sql(self) -> str:
        return " AND ".join(self.parts) if self.parts else "1"

    def counted_sql(self) -> str:
        return " AND ".join(self.counted_parts) if self.counted_parts else "1"

    def copy(self) -> Where:
        other = Where()
        other.parts, other.counted_parts, other.params = (
            list(self.parts),
            list(self.counted_parts),
            list(self.params),
        )
        return other


def build_filters(req: Req, where: Where) -> None:
    """Add the SQL of every recognised filter in the query string to `where`."""
    q = req.query
    for key, raw in q.multi_items():
        _one_filter(req, where, key, raw)


def _marks(values: list[Any]) -> str:
    return ",".join("?" * len(values))


def _has_tag(ids: list[int]) -> str:
    return f"EXISTS (SELECT 1 FROM doc_tags t WHERE t.doc = d.id AND t.tag IN ({_marks(ids)}))"


def _tagged(ids: list[int]) -> str:
    """`_has_tag` for counting: the tags' documents from the tag index."""
    return f"d.id IN (SELECT t.doc FROM doc_tags t WHERE t.tag IN ({_marks(ids)}))"


def _ids_in(where: Where, col: str, ids: list[int], negate: bool = False) -> None:
    if not ids:
        return
    marks = ",".join("?" * len(ids))
    if negate:
        where.add(f"({col} IS NULL OR {col} NOT IN ({marks}))", *ids)
    else:
        where.add(f"{col} IN ({marks})", *ids)


def _one_filter(req: Req, where: Where, key: str, raw: str) -> None:
    if key == "id":
        if (v := parse_int(raw)) is not None:
            where.add("d.id = ?", v)
    elif key == "id__in":
        if (ids := parse_id_list(raw)) is not None:
            _ids_in(where, "d.id", ids)
    elif key in ("title_content",):
        where.add(
            "(d.title LIKE ? ESCAPE '\\' OR d.content LIKE ? ESCAPE '\\')",
            _like(raw, "%{}%"),
            _like(raw, "%{}%"),
        )
    elif m := re.fullmatch(
        r"(title|content|original_filename|checksum|mime_type)__(icontains|istartswith|iendswith|iexact)", key
    ):
        col = {"original_filename": "original_file_name"}.get(m.group(1), m.group(1))
        op, pattern = _TEXT_LOOKUPS[m.group(2)]
        where.add(f"d.{col} {op} ? ESCAPE '\\'", _like(raw, pattern))
    elif key == "mime_type":
        where.add("d.mime_type = ?", raw)
    elif key == "archive_serial_number":
        if (v := parse_int(raw)) is not None:
            where.add("d.archive_serial_number = ?", v)
    elif m := re.fullmatch(r"archive_serial_number__(gt|gte|lt|lte)", key):
        if (v := parse_int(raw)) is not None:
            where.add(f"d.archive_serial_number {_CMP[m.group(1)]} ?", v)
    elif key == "archive_serial_number__isnull":
        if (b := parse_bool(raw)) is not None:
            where.add("d.archive_serial_number IS NULL" if b else "d.archive_serial_number IS NOT NULL")
    elif m := re.fullmatch(r"(created|added|modified)(__date)?__(gt|gte|lt|lte)", key):
        col, is_date, cmp = m.group(1), bool(m.group(2)), _CMP[m.group(3)]
        if col == "created" or is_date:
            if (v := _date_value(raw)) is not None:
                where.add(f"substr(d.{col}, 1, 10) {cmp} ?", v)
        elif (v := _datetime_value(raw)) is not None:
            where.add(f"d.{col} {cmp} ?", v)
    elif m := re.fullmatch(r"(created|added|modified)__(year|month|day)", key):
        if (v := parse_int(raw)) is not None:
            start, length = {"year": (1, 4), "month": (6, 2), "day": (9, 2)}[m.group(2)]
            where.add(f"CAST(substr(d.{m.group(1)}, {start}, {length}) AS INTEGER) = ?", v)
    elif key in ("created", "created__date"):
        if (v := _date_value(raw)) is not None:
            where.add("d.created = ?", v)
    elif m := re.fullmatch(r"(correspondent|document_type|storage_path)(__id)?(__in|__none|__all)?", key):
        col = f"d.{_OBJ_COLS[m.group(1)]}"
        suffix = m.group(3)
        if suffix is None:
            if (v := parse_int(raw)) is not None:
                where.add(f"{col} = ?", v)
        elif (ids := parse_id_list(raw)) is not None:
            _ids_in(where, col, ids, negate=suffix == "__none")
    elif m := re.fullmatch(r"(correspondent|document_type|storage_path)__isnull", key):
        if (b := parse_bool(raw)) is not None:
            col = f"d.{_OBJ_COLS[m.group(1)]}"
            where.add(f"{col} IS NULL" if b else f"{col} IS NOT NULL")
    elif m := re.fullmatch(
        r"(correspondent|document_type|storage_path)__name__(icontains|istartswith|iendswith|iexact)", key
    ):
        objs = req.store.objects(OBJ_KIND[m.group(1)])
        low = raw.lower()
        test = {
            "icontains": lambda n: low in n,
            "istartswith": lambda n: n.startswith(low),
            "iendswith": lambda n: n.endswith(low),
            "iexact": lambda n: n == low,
        }[m.group(2)]
        ids = [i for i, o in objs.items() if test(str(o.get("name", "")).lower())]
        col = f"d.{_OBJ_COLS[m.group(1)]}"
        if ids:
            _ids_in(where, col, ids)
        else:
            where.add("0")
    elif key in ("tags__id", "tags__id__all"):
        ids = parse_id_list(raw)
        for tag in ids or []:
            where.add(_has_tag([tag]), tag, counted=_tagged([tag]))
    elif key == "tags__id__in":
        if ids := parse_id_list(raw):
            where.add(_has_tag(ids), *ids, counted=_tagged(ids))
    elif key == "tags__id__none":
        if ids := parse_id_list(raw):
            where.add("NOT " + _has_tag(ids), *ids, counted="NOT " + _tagged(ids))
    elif key in ("tags__name__icontains", "tags__name__iexact", "tags__name__istartswith"):
        low = raw.lower()
        tags = req.store.objects("tags")
        mode = key.rsplit("__", 1)[1]
        ids = [
            i
            for i, t in tags.items()
            if (
                low in t["name"].lower()
                if mode == "icontains"
                else t["name"].lower() == low
                if mode == "iexact"
                else t["name"].lower().startswith(low)
            )
        ]
        if ids:
            where.add(_has_tag(ids), *ids, counted=_tagged(ids))
        else:
            where.add("0")
    elif key == "is_tagged":
        if (b := parse_bool(raw)) is not None:
            where.add(("" if b else "NOT ") + "EXISTS (SELECT 1 FROM doc_tags t WHERE t.doc = d.id)")
    elif key == "is_in_inbox":
        if (b := parse_bool(raw)) is not None:
            inbox = [i for i, t in req.store.objects("tags").items() if t.get("is_inbox_tag")] or [-1]
            cond, counted = _has_tag(inbox), _tagged(inbox)
            where.add(cond if b else f"NOT {cond}", *inbox, counted=counted if b else f"NOT {counted}")
    elif key in ("owner__id", "owner"):
        if (v := parse_int(raw)) is not None:
            where.add("d.owner = ?", v)
    elif key in ("owner__id__in", "owner__id__none"):
        if ids := parse_id_list(raw):
            _ids_in(where, "d.owner", ids, negate=key.endswith("none"))
    elif key == "owner__isnull":
        if (b := parse_bool(raw)) is not None:
            where.add("d.owner IS NULL" if b else "d.owner IS NOT NULL")
    elif key in ("shared_by__id", "shared_by__id__in"):
        if ids := parse_id_list(raw):
            where.add(
                f"d.owner IN ({_marks(ids)}) AND EXISTS (SELECT 1 FROM doc_perm p WHERE p.doc = d.id)",
                *ids,
            )
    elif key == "has_custom_fields":
        if (b := parse_bool(raw)) is not None:
            where.add(("" if b else "NOT ") + "EXISTS (SELECT 1 FROM doc_cf c WHERE c.doc = d.id)")
    elif key in ("custom_fields__id__all", "custom_fields__id"):
        for fid in parse_id_list(raw) or []:
            where.add("EXISTS (SELECT 1 FROM doc_cf c WHERE c.doc = d.id AND c.field = ?)", fid)
    elif key in ("custom_fields__id__in", "custom_fields__id__none"):
        if ids := parse_id_list(raw):
            cond = f"EXISTS (SELECT 1 FROM doc_cf c WHERE c.doc = d.id AND c.field IN ({_marks(ids)}))"
            where.add(cond if key.endswith("__in") else f"NOT {cond}", *ids)
    elif key == "custom_fields__icontains":
        where.add(
            "EXISTS (SELECT 1 FROM doc_cf c WHERE c.doc = d.id AND c.txt LIKE ? ESCAPE '\\')",
            _like(raw, "%{}%"),
        )
    elif key == "custom_field_query":
        sql, params = custom_field_query(req, raw)
        where.add(sql, *params)


# ---------------------------------------------------------------------- custom_field_query
def _cfq_error(message: str = "Invalid custom field query expression") -> ApiError:
    return ApiError(400, {"custom_field_query": [message]})


def custom_field_query(req: Req, raw: str) -> tuple[str, list[Any]]:
    try:
        expr = json.loads(raw)
    except (ValueError, RecursionError):
        raise _cfq_error("Value must be valid JSON.") from None
    fields = req.store.objects("custom_fields")
    by_name = {str(f["name"]): f for f in fields.values()}
    params: list[Any] = []
    depth = {"n": 0}

    def rec(node: Any) -> str:
        depth["n"] += 1
        if depth["n"] > 50 or not isinstance(node, list) or not node:
            raise _cfq_error()
        if node[0] in ("AND", "OR") and len(node) == 2 and isinstance(node[1], list):
            if not node[1]:
                raise _cfq_error()
            return "(" + f" {node[0]} ".join(rec(c) for c in node[1]) + ")"
        if node[0] == "NOT" and len(node) == 2:
            return f"NOT ({rec(node[1])})"
        if len(node) != 3:
            raise _cfq_error()
        return atom(*node)

    def atom(ref: Any, op: Any, value: Any) -> str:
        field = fields.get(ref) if isinstance(ref, int) else by_name.get(str(ref))
        if field is None and isinstance(ref, str) and ref.isdigit():
            field = fields.get(int(ref))
        if field is None:
            raise _cfq_error(f"{ref} is not a valid custom field.")
        fid = int(field["id"])
        base = f"SELECT 1 FROM doc_cf c WHERE c.doc = d.id AND c.field = {fid}"
        if op == "exists":
            return ("" if value else "NOT ") + f"EXISTS ({base})"
        if op == "isnull":
            cond = f"EXISTS ({base} AND c.value = 'null')"
            return cond if value else f"EXISTS ({base} AND c.value != 'null')"
        if op == "exact":
            params.append(json.dumps(value))
            return f"EXISTS ({base} AND c.value = ?)"
        if op == "in":
            if not isinstance(value, list):
                raise _cfq_error()
            params.extend(json.dumps(v) for v in value)
            return f"EXISTS ({base} AND c.value IN ({','.join('?' * len(value)) or 'NULL'}))"
        if op in ("icontains", "istartswith", "iendswith"):
            params.append(_like(str(value), _TEXT_LOOKUPS[op][1]))
            return f"EXISTS ({base} AND c.txt LIKE ? ESCAPE '\\')"
        if op in _CMP:
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise _cfq_error()
            if isinstance(value, str):
                params.append(value)
                return f"EXISTS ({base} AND c.txt {_CMP[op]} ?)"
            params.append(float(value))
            return f"EXISTS ({base} AND c.num {_CMP[op]} ?)"
        if op == "range":
            if not isinstance(value, list) or len(value) != 2:
                raise _cfq_error()
            col = "c.num" if all(isinstance(v, int | float) for v in value) else "c.txt"
            params.extend(value)
            return f"EXISTS ({base} AND {col} BETWEEN ? AND ?)"
        if op == "contains":
            ids = value if isinstance(value, list) else [value]
            conds = []
            for item in ids:
                if parse_int(item) is None:
                    raise _cfq_error()
                conds.append(
                    f"EXISTS ({base} AND EXISTS (SELECT 1 FROM json_each(c.value) j WHERE j.value = ?))"
                )
                params.append(int(item))
            return "(" + " AND ".join(conds) + ")" if conds else "1"
        raise _cfq_error(f"{op} is not a supported lookup.")

    return rec(expr), params


# ---------------------------------------------------------------------- ordering
_ORDER_COLS = {
    "created": "d.created",
    "added": "d.added",
    "modified": "d.modified",
    "title": "d.title",  # binary order, as Django on SQLite
    "archive_serial_number": "d.archive_serial_number",
    "num_notes": "d.num_notes",
    "page_count": "d.page_count",
    "mime_type": "d.mime_type",
    "id": "d.id",
    "owner": "d.owner",
    **{  # the name's rank (Store.rank_names): names in binary order, as Django on SQLite
        f"{rel}__name": f"(SELECT n.r FROM temp.name_rank n WHERE n.kind = '{kind}' AND n.id = d.{rel})"
        for rel, kind in OBJ_KIND.items()
    },
}


def order_sql(req: Req, raw: str | None) -> str | None:
    """ORDER BY terms for `ordering=`; None for a missing or unknown ordering (ignored, as the server)."""
    if not raw:
        return None
    terms = []
    for part in raw.split(","):
        part = part.strip()
        desc = part.startswith("-")
        name = part.lstrip("-")
        if name in _ORDER_COLS:
            expr = _ORDER_COLS[name]
            if name.endswith("__name"):
                req.store.rank_names(OBJ_KIND[name.removesuffix("__name")])
        elif m := re.fullmatch(r"custom_field_(\d{1,9})", name):
            fid = int(m.group(1))
            expr = (
                f"(SELECT COALESCE(c.num, c.txt) FROM doc_cf c WHERE c.doc = d.id AND c.field = {fid} "
                "AND c.value != 'null')"
            )
        else:
            continue
        terms.append(f"{expr} {'DESC' if desc else 'ASC'}")
    if not terms:
        return None
    return ", ".join(terms)
