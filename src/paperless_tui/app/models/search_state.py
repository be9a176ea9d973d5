"""What the search screen asks the server: the query, the filter chips and the sort order.

`SearchState` is immutable and JSON-able (it is remembered per profile). Each `Chip` is one removable
filter with the raw server parameters it adds; `to_params()` merges them the way the web UI does
(list-valued parameters such as `tags__id__all` are joined, others: the last chip wins).

`saved_view_params()` maps every filter rule type a saved view can hold (0-49, see the server's
`RuleTypeEnum`) to the query parameter the web UI sends for it, so a saved view runs faithfully.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from paperless_tui.app.models.lookups import CustomFieldInfo, Lookups
from paperless_tui.app.safe_text import clean

# Rule type -> query parameter, as the Paperless-ngx web UI sends them.
RULE_PARAMS: dict[int, str] = {
    0: "title__icontains",
    1: "content__icontains",
    2: "archive_serial_number",
    3: "correspondent__id",
    4: "document_type__id",
    5: "is_in_inbox",
    6: "tags__id__all",
    7: "is_tagged",
    8: "created__date__lt",
    9: "created__date__gt",
    10: "created__year",
    11: "created__month",
    12: "created__day",
    13: "added__date__lt",
    14: "added__date__gt",
    15: "modified__date__lt",
    16: "modified__date__gt",
    17: "tags__id__none",
    18: "archive_serial_number__isnull",
    19: "title_content",
    20: "query",
    21: "more_like_id",
    22: "tags__id__in",
    23: "archive_serial_number__gt",
    24: "archive_serial_number__lt",
    25: "storage_path__id",
    26: "correspondent__id__in",
    27: "correspondent__id__none",
    28: "document_type__id__in",
    29: "document_type__id__none",
    30: "storage_path__id__in",
    31: "storage_path__id__none",
    32: "owner__id",
    33: "owner__id__in",
    34: "owner__isnull",
    35: "owner__id__none",
    36: "custom_fields__icontains",
    37: "shared_by__id",
    38: "custom_fields__id__all",
    39: "custom_fields__id__in",
    40: "custom_fields__id__none",
    41: "has_custom_fields",
    42: "custom_field_query",
    43: "created__date__lte",
    44: "created__date__gte",
    45: "added__date__lte",
    46: "added__date__gte",
    47: "mime_type",
    48: "title_search",
    49: "text",
}

# Rules whose values accumulate into one comma-separated parameter.
MULTI_VALUE_PARAMS = frozenset(
    {
        "tags__id__all",
        "tags__id__none",
        "tags__id__in",
        "correspondent__id__in",
        "correspondent__id__none",
        "document_type__id__in",
        "document_type__id__none",
        "storage_path__id__in",
        "storage_path__id__none",
        "owner__id__in",
        "owner__id__none",
        "custom_fields__id__all",
        "custom_fields__id__in",
        "custom_fields__id__none",
    }
)

# "X is" rules with an empty value mean "has no X".
NULL_PARAMS = {
    "correspondent__id": "correspondent__isnull",
    "document_type__id": "document_type__isnull",
    "storage_path__id": "storage_path__isnull",
    "owner__id": "owner__isnull",
}

SEARCH_PARAMS = ("query", "more_like_id", "title_search", "text", "title_content")

# Every ordering the server knows (custom fields are added from the lookups), with a label.
ORDERINGS: tuple[tuple[str, str], ...] = (
    ("created", "Created"),
    ("added", "Added"),
    ("modified", "Modified"),
    ("title", "Title"),
    ("archive_serial_number", "ASN"),
    ("correspondent__name", "Correspondent"),
    ("document_type__name", "Document type"),
    ("storage_path__name", "Storage path"),
    ("num_notes", "Notes"),
    ("page_count", "Pages"),
    ("owner", "Owner"),
    ("mime_type", "File type"),
)


def orderings(lookups: Lookups) -> list[tuple[str, str]]:
    """Every sort field: the server's plus one per custom field."""
    fields = [(f"custom_field_{f.id}", f"Field: {f.name}") for f in lookups.custom_fields.values()]
    return [*ORDERINGS, *fields]


def ordering_label(ordering: str | None, lookups: Lookups) -> str:
    if not ordering:
        return "relevance"
    name = ordering.lstrip("-")
    label = dict(orderings(lookups)).get(name, clean(name))
    return f"{label} {'↓' if ordering.startswith('-') else '↑'}"


@dataclass(frozen=True)
class Chip:
    """One removable filter: a stable key, what it shows, and the parameters it adds."""

    key: str
    label: str
    params: tuple[tuple[str, str], ...]

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "params": [list(p) for p in self.params]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Chip | None:
        try:
            params = tuple((str(k), str(v)) for k, v in data["params"])
            return cls(key=str(data["key"]), label=clean(data["label"]), params=params)
        except (KeyError, TypeError, ValueError):
            return None


@dataclass(frozen=True)
class SearchState:
    """The query text, the filter chips and the sort: everything that defines a result list."""

    query: str = ""
    chips: tuple[Chip, ...] = ()
    ordering: str | None = None

    @property
    def is_search(self) -> bool:
        """True when the server answers with full-text hits (score, snippets)."""
        params = self.to_params()
        return "query" in params or "more_like_id" in params

    def to_params(self) -> dict[str, str]:
        """The server's query parameters for this state."""
        params: dict[str, str] = {}
        for chip in self.chips:
            for name, value in chip.params:
                if name in MULTI_VALUE_PARAMS and params.get(name):
                    merged = [*params[name].split(","), *value.split(",")]
                    params[name] = ",".join(dict.fromkeys(merged))
                else:
                    params[name] = value
        if self.query.strip():
            for name in SEARCH_PARAMS:
                params.pop(name, None)
            params["query"] = self.query.strip()
        if self.ordering:
            params["ordering"] = self.ordering
        elif not any(name in params for name in ("query", "more_like_id")):
            params.setdefault("ordering", "-created")
        return params

    def with_query(self, query: str) -> SearchState:
        """This state searching `query` in place of any other search (more-like-this). A sort chosen
        for the previous query does not carry over: a new full-text query ranks by relevance."""
        chips = tuple(c for c in self.chips if c.key != "more_like")
        ordering = self.ordering if query.strip() == self.query.strip() else None
        return replace(self, query=query, chips=chips, ordering=ordering)

    def more_like(self, chip: Chip) -> SearchState:
        """This state listing documents like the one of `chip` (a `more_like_chip`), by relevance."""
        chips = tuple(c for c in self.chips if c.key != "more_like")
        return replace(self, query="", chips=(*chips, chip), ordering=None)

    def with_chip(self, chip: Chip) -> SearchState:
        """This state with `chip` added (replacing a chip with the same key)."""
        chips = tuple(c for c in self.chips if c.key != chip.key)
        return replace(self, chips=(*chips, chip))

    def without_chip(self, key: str) -> SearchState:
        """This state without chip `key`; a saved view's chip takes the view's sort with it."""
        ordering = None if key.startswith("view:") else self.ordering
        return replace(self, chips=tuple(c for c in self.chips if c.key != key), ordering=ordering)

    def to_json(self) -> dict[str, Any]:
        return {"query": self.query, "chips": [c.to_json() for c in self.chips], "ordering": self.ordering}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SearchState:
        loaded = (Chip.from_json(x) for x in data.get("chips") or () if isinstance(x, dict))
        chips = tuple(chip for chip in loaded if chip is not None)
        query = data.get("query")
        ordering = data.get("ordering")
        return cls(
            query=query if isinstance(query, str) else "",
            chips=chips,
            ordering=ordering if isinstance(ordering, str) and ordering else None,
        )


def query_clauses(query: str) -> list[str]:
    """The top-level words of a full-text query: clauses and the operators between them (quotes,
    brackets and parentheses keep what is inside them together)."""
    clauses: list[str] = []
    current, depth, quoted = "", 0, False
    for char in query:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "([{":
            depth += 1
        elif not quoted and char in ")]}" and depth:
            depth -= 1
        if char.isspace() and not quoted and not depth:
            if current:
                clauses.append(current)
            current = ""
        else:
            current += char
    if current:
        clauses.append(current)
    return clauses


def clause_mode(query: str) -> str | None:
    """Says "all of N" or "any of N" for a query of several clauses (the server ORs clauses not joined by
    AND, as Paperless-ngx 3.0 does); None for one clause, or when AND and OR are mixed. A clause left out
    (`-telekom`, `NOT telekom`) is no clause a match has: `rechnung -telekom` is one clause."""
    words = query_clauses(query)
    left_out = {i for i, w in enumerate(words) if w.startswith("-") or (i and words[i - 1] == "NOT")}
    kept = [w for i, w in enumerate(words) if w != "NOT" and i not in left_out]
    operators = {w for w in kept if w in ("AND", "OR")}
    clauses = [w for w in kept if w not in ("AND", "OR")]
    if len(clauses) < 2 or len(operators) > 1:
        return None
    joined_by_and = operators == {"AND"} and all((w == "AND") == (i % 2 == 1) for i, w in enumerate(kept))
    if operators == {"AND"} and not joined_by_and:
        return None
    return f"{'all' if joined_by_and else 'any'} of {len(clauses)}"


QUERY_FIELDS = frozenset(
    {
        "title", "content", "correspondent", "tag", "tags", "type", "document_type", "path", "storage_path",
        "created", "added", "modified", "asn", "notes", "note", "owner", "custom_fields", "custom_field",
        "viewer_id", "checksum", "original_filename", "num_notes", "id", "has_tag", "has_correspondent",
        "has_type", "has_path", "is_shared", "shared", "mime_type",
    }
)  # fmt: skip


def query_problem(query: str) -> str:
    """What is most likely wrong with a full-text query the server refused (it does not say why)."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    stack: list[str] = []
    quoted = False
    for char in query:
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in pairs:
            stack.append(char)
        elif char in pairs.values():
            if not stack or pairs[stack[-1]] != char:
                return f"a {char} has no matching opening bracket"
            stack.pop()
    if quoted:
        return 'a " is not closed'
    if stack:
        return f"a {stack[-1]} is not closed"
    words = query_clauses(query)
    if words and words[-1] in ("AND", "OR", "NOT"):
        return f"it ends with {words[-1]}, which needs a clause after it"
    if words and words[0] in ("AND", "OR"):
        return f"it starts with {words[0]}, which needs a clause before it"
    for word in words:
        name, colon, _ = word.partition(":")
        if colon and name and not name.startswith('"') and name.casefold() not in QUERY_FIELDS:
            return f"{clean(name)}: is not a field (try tag:, correspondent:, type:, created:[2024 to 2025])"
    return "the server could not parse it; check quotes, brackets and field names (tag:, created:[… to …])"


# --------------------------------------------------------------------------- chips


def more_like_chip(doc_id: int, title: str) -> Chip:
    return Chip("more_like", f"Like: {clean(title)}", (("more_like_id", str(doc_id)),))


def inbox_chip() -> Chip:
    return Chip("inbox", "Inbox", (("is_in_inbox", "true"),))


def tag_chip(tag_id: int, lookups: Lookups) -> Chip:
    return Chip(f"tag:{tag_id}", f"Tag: {lookups.tag_name(tag_id)}", (("tags__id__all", str(tag_id)),))


def correspondent_chip(item_id: int, lookups: Lookups) -> Chip:
    label = f"Correspondent: {lookups.correspondent(item_id)}"
    return Chip("correspondent", label, (("correspondent__id__in", str(item_id)),))


def document_type_chip(item_id: int, lookups: Lookups) -> Chip:
    label = f"Type: {lookups.document_type(item_id)}"
    return Chip("document_type", label, (("document_type__id__in", str(item_id)),))


def storage_path_chip(item_id: int, lookups: Lookups) -> Chip:
    label = f"Path: {lookups.storage_path(item_id)}"
    return Chip("storage_path", label, (("storage_path__id__in", str(item_id)),))


def custom_field_chip(field: CustomFieldInfo, value: str, label: str | None = None) -> Chip:
    """A custom field filter: selects and numbers match exactly, text fields by substring."""
    operator = "icontains" if field.data_type in ("string", "longtext", "url") else "exact"
    typed: object = value
    if field.data_type == "integer" and value.lstrip("-").isdigit():
        typed = int(value)
    elif field.data_type == "boolean":
        typed = value.casefold() in ("1", "true", "yes", "y")
    query = json.dumps([field.id, operator, typed], separators=(",", ":"))
    shown = label if label is not None else value
    return Chip(f"custom_field:{field.id}", f"{field.name}: {clean(shown)}", (("custom_field_query", query),))


DATE_BOUNDS = {
    "created_from": ("Created from", "created__date__gte"),
    "created_to": ("Created to", "created__date__lte"),
    "added_from": ("Added from", "added__date__gte"),
    "added_to": ("Added to", "added__date__lte"),
}


def date_chip(kind: str, day: str) -> Chip:
    """A date bound chip; `kind` is one of `DATE_BOUNDS`, `day` an ISO date (validated by the caller)."""
    label, param = DATE_BOUNDS[kind]
    return Chip(kind, f"{label} {day}", ((param, day),))


def saved_view_params(rules: Iterable[Any]) -> list[tuple[str, str]]:
    """The query parameters the web UI sends for a saved view's filter rules."""
    params: list[tuple[str, str]] = []
    for rule in rules:
        rule_type = rule.get("rule_type") if isinstance(rule, Mapping) else getattr(rule, "rule_type", None)
        value = rule.get("value") if isinstance(rule, Mapping) else getattr(rule, "value", None)
        if not isinstance(rule_type, int) or rule_type not in RULE_PARAMS:
            continue
        name = RULE_PARAMS[rule_type]
        if value is None or value == "":
            if name in NULL_PARAMS:
                params.append((NULL_PARAMS[name], "1"))
            continue
        params.append((name, str(value)))
    return params


def _getter(view: Any) -> Callable[[str], Any]:
    """Field access for a saved view as a client model or as JSON."""
    if isinstance(view, Mapping):
        return view.get
    return lambda name: getattr(view, name, None)


def saved_view_chip(view: Any) -> Chip:
    """A chip that runs saved view `view` (its rules; its sort is applied by the screen)."""
    get = _getter(view)
    view_id = get("id")
    params = tuple(saved_view_params(get("filter_rules") or ()))
    return Chip(f"view:{view_id}", f"View: {clean(get('name'))}", params)


def saved_view_ordering(view: Any) -> str | None:
    get = _getter(view)
    sort_field = get("sort_field")
    if not sort_field or not isinstance(sort_field, str) or sort_field == "score":
        return None  # "score" is the web UI's name for relevance order
    return f"-{sort_field}" if get("sort_reverse") else sort_field
