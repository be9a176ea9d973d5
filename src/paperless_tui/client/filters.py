"""Typed document filters that map to the server's query parameters (for list views and search).

How the TUI uses it::

    from paperless_tui.client.filters import CustomFieldQuery as CF, DocumentFilter

    flt = DocumentFilter(
        tags_all=[1, 4],              # tags__id__all=1,4   (documents having every one of these tags)
        tags_any=[2],                 # tags__id__in=2      (at least one)
        tags_none=[9],                # tags__id__none=9    (none of them)
        correspondent=[3],            # correspondent__id__in=3 (``None`` = no filter; see no_correspondent)
        document_type=[1],            # document_type__id__in=1
        storage_path=[2],             # storage_path__id__in=2
        created_from=date(2024, 1, 1), created_to=date(2024, 12, 31),   # created__date__gte / __lte
        added_from=date(2024, 6, 1),  # added__date__gte (added_to -> added__date__lte)
        asn=1001,                     # archive_serial_number=1001 (asn_from/asn_to: __gte/__lte;
                                      #  has_asn=False -> archive_serial_number__isnull=true)
        is_in_inbox=True,             # is_in_inbox=true
        custom_fields=CF("Amount", "gt", 100) & CF("Payment Status", "exact", "HwjIztLg1XCFYD3q"),
        title_content="telekom",      # title_content= (plain substring of title or content)
        query="invoice stadtwerke",   # query= full-text search (documents then carry search_hit)
        ordering="-created",          # or order_by("created", descending=True)
    )
    view = paperless.documents.filter(flt, fields=LIST_FIELDS, truncate_content=True)
    page = await view.page(1, page_size=50)          # one page: page.count, page.results, page.last_page
    async for doc in view: ...                       # or everything

* ``fields=[...]`` makes the server send only those keys (``id`` is always added); other attributes of
  the returned documents stay ``None``. ``truncate_content=True`` cuts ``content`` to 300 characters.
* Only one of ``query``, ``more_like``, ``title_content``/``title`` should be used per request.
* ``ordering`` accepts ``created``, ``added``, ``modified``, ``title``, ``archive_serial_number``,
  ``num_notes``, ``correspondent__name``, ``document_type__name``, ``custom_field_<id>``, with ``-`` for
  descending. Unknown orderings are ignored by the server.
* ``DocumentFilter.to_params()`` returns the raw parameter mapping; ``filter(**raw)`` also takes raw
  server parameters (``paperless.documents.filter(title__icontains="x")``).
* ``CustomFieldQuery`` builds the ``custom_field_query`` JSON: ``CF(field, op, value)`` with ops such as
  ``exact``, ``in``, ``icontains``, ``gt``, ``gte``, ``lt``, ``lte``, ``range``, ``isnull``, ``exists``,
  ``contains`` (document links); combine with ``&`` (AND), ``|`` (OR) and ``~`` (NOT).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

__all__ = ["LIST_FIELDS", "CustomFieldQuery", "DocumentFilter", "order_by"]

#: A good ``fields=`` selection for a document list view (no content, notes, versions).
LIST_FIELDS: tuple[str, ...] = (
    "id",
    "title",
    "correspondent",
    "document_type",
    "storage_path",
    "tags",
    "created",
    "added",
    "archive_serial_number",
    "owner",
    "mime_type",
    "page_count",
    "custom_fields",
    "deleted_at",
)


def order_by(field: str, *, descending: bool = False) -> str:
    """An ``ordering`` value: ``order_by("created", descending=True)`` -> ``"-created"``."""
    return f"-{field}" if descending else field


class CustomFieldQuery:
    """A ``custom_field_query`` expression; ``str(q)`` is the JSON the server takes."""

    __slots__ = ("_expr",)

    def __init__(
        self, field: str | int | None = None, op: str = "exact", value: Any = None, *, expr: Any = None
    ):
        if expr is not None:
            self._expr: Any = expr
        else:
            if field is None:
                raise ValueError("a custom field name or id is required")
            self._expr = [field, op, _json_value(value)]

    @classmethod
    def all(cls, *queries: CustomFieldQuery) -> CustomFieldQuery:
        """All of the queries must hold (AND)."""
        return cls(expr=["AND", [q._expr for q in queries]])

    @classmethod
    def any(cls, *queries: CustomFieldQuery) -> CustomFieldQuery:
        """At least one query must hold (OR)."""
        return cls(expr=["OR", [q._expr for q in queries]])

    def __and__(self, other: CustomFieldQuery) -> CustomFieldQuery:
        return CustomFieldQuery.all(self, other)

    def __or__(self, other: CustomFieldQuery) -> CustomFieldQuery:
        return CustomFieldQuery.any(self, other)

    def __invert__(self) -> CustomFieldQuery:
        return CustomFieldQuery(expr=["NOT", self._expr])

    def to_json(self) -> str:
        """The JSON text for the ``custom_field_query`` parameter."""
        return json.dumps(self._expr, separators=(",", ":"))

    def __str__(self) -> str:
        return self.to_json()

    def __repr__(self) -> str:
        return f"CustomFieldQuery({self.to_json()})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CustomFieldQuery) and other._expr == self._expr

    def __hash__(self) -> int:
        return hash(self.to_json())


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_json_value(v) for v in value]
    return value


def _ids(value: int | Iterable[int] | None) -> list[int] | None:
    if value is None:
        return None
    if isinstance(value, int):
        return [value]
    return [int(v) for v in value]


@dataclasses.dataclass(slots=True, kw_only=True)
class DocumentFilter:
    """A typed documents filter; every attribute left at its default adds no parameter."""

    query: str | None = None
    more_like: int | None = None
    title_content: str | None = None
    title: str | None = None
    tags_all: list[int] | None = None
    tags_any: list[int] | None = None
    tags_none: list[int] | None = None
    is_tagged: bool | None = None
    correspondent: int | list[int] | None = None
    correspondent_none: list[int] | None = None
    no_correspondent: bool | None = None
    document_type: int | list[int] | None = None
    document_type_none: list[int] | None = None
    no_document_type: bool | None = None
    storage_path: int | list[int] | None = None
    storage_path_none: list[int] | None = None
    no_storage_path: bool | None = None
    owner: int | list[int] | None = None
    created_from: dt.date | None = None
    created_to: dt.date | None = None
    added_from: dt.date | None = None
    added_to: dt.date | None = None
    asn: int | None = None
    asn_from: int | None = None
    asn_to: int | None = None
    has_asn: bool | None = None
    is_in_inbox: bool | None = None
    mime_type: str | None = None
    custom_fields: CustomFieldQuery | str | None = None
    has_custom_fields: bool | None = None
    ordering: str | None = None
    fields: list[str] | tuple[str, ...] | None = None
    truncate_content: bool | None = None

    def to_params(self) -> dict[str, Any]:
        """The server's query parameters (values still typed; the services encode them)."""
        p: dict[str, Any] = {}
        if self.query:
            p["query"] = self.query
        if self.more_like is not None:
            p["more_like_id"] = self.more_like
        if self.title_content:
            p["title_content"] = self.title_content
        if self.title:
            p["title__icontains"] = self.title
        for key, value in (
            ("tags__id__all", self.tags_all),
            ("tags__id__in", self.tags_any),
            ("tags__id__none", self.tags_none),
            ("correspondent__id__in", _ids(self.correspondent)),
            ("correspondent__id__none", self.correspondent_none),
            ("document_type__id__in", _ids(self.document_type)),
            ("document_type__id__none", self.document_type_none),
            ("storage_path__id__in", _ids(self.storage_path)),
            ("storage_path__id__none", self.storage_path_none),
            ("owner__id__in", _ids(self.owner)),
        ):
            if value:
                p[key] = list(value)
        for key, flag in (
            ("is_tagged", self.is_tagged),
            ("correspondent__isnull", self.no_correspondent),
            ("document_type__isnull", self.no_document_type),
            ("storage_path__isnull", self.no_storage_path),
            ("is_in_inbox", self.is_in_inbox),
            ("has_custom_fields", self.has_custom_fields),
        ):
            if flag is not None:
                p[key] = flag
        if self.created_from is not None:
            p["created__date__gte"] = self.created_from
        if self.created_to is not None:
            p["created__date__lte"] = self.created_to
        if self.added_from is not None:
            p["added__date__gte"] = self.added_from
        if self.added_to is not None:
            p["added__date__lte"] = self.added_to
        if self.asn is not None:
            p["archive_serial_number"] = self.asn
        if self.asn_from is not None:
            p["archive_serial_number__gte"] = self.asn_from
        if self.asn_to is not None:
            p["archive_serial_number__lte"] = self.asn_to
        if self.has_asn is not None:
            p["archive_serial_number__isnull"] = not self.has_asn
        if self.mime_type:
            p["mime_type"] = self.mime_type
        if self.custom_fields is not None:
            p["custom_field_query"] = str(self.custom_fields)
        if self.ordering:
            p["ordering"] = self.ordering
        if self.fields:
            p["fields"] = list(self.fields)
        if self.truncate_content is not None:
            p["truncate_content"] = self.truncate_content
        return p
