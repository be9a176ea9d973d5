"""Readable text for document fields and custom field values, by the field's data type.

Monetary values keep their currency ("EUR171.76" -> "171.76 EUR"), selects show their option label,
document links their target titles, booleans yes/no. Every result is cleaned (server text).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from paperless_tui.app.models.lookups import CustomFieldInfo
from paperless_tui.app.safe_text import clean

_MONEY = re.compile(r"([A-Za-z]{3})?\s*(-?\d+(?:\.\d+)?)")


def monetary_text(value: object, default_currency: str | None = None) -> str:
    """`"EUR171.76"` -> `"171.76 EUR"`; a bare amount takes the field's default currency."""
    if value is None or value == "":
        return ""
    match = _MONEY.fullmatch(str(value).strip())
    if match is None:
        return clean(value)
    currency = (match.group(1) or default_currency or "").upper()
    amount = match.group(2)
    if "." in amount:
        whole, _, cents = amount.partition(".")
        amount = f"{whole}.{cents.ljust(2, '0')}"
    return clean(f"{amount} {currency}".strip())


def linked_ids(value: object) -> list[int]:
    """The document ids of a document-link value (a list of ids)."""
    if isinstance(value, list):
        return [v for v in value if isinstance(v, int) and not isinstance(v, bool)]
    return []


def custom_field_text(
    value: object, info: CustomFieldInfo | None, linked_titles: Mapping[int, str] | None = None
) -> str:
    """A custom field value shown according to its field's data type."""
    if value is None:
        return "—"
    data_type = info.data_type if info is not None else ""
    if data_type == "monetary":
        return monetary_text(value, info.default_currency if info else None)
    if data_type == "select":
        label = info.options.get(str(value)) if info is not None else None
        return label if label is not None else clean(value)
    if data_type == "documentlink":
        titles = linked_titles or {}
        return ", ".join(titles.get(i, f"document #{i}") for i in linked_ids(value)) or "—"
    if data_type == "boolean" or isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict | list):
        return clean(json.dumps(value, ensure_ascii=False, default=str))
    return clean(value, multiline=data_type == "longtext")


def opaque_json(value: Any) -> str:
    """Any JSON value (e.g. history `changes`) as indented, inert text."""
    try:
        text = json.dumps(value, indent=2, ensure_ascii=False, default=str, sort_keys=True)
    except (TypeError, ValueError):
        text = repr(value)
    return clean(text, multiline=True)
