"""Custom field values as typed and as shown (pure, no Textual): the one parser of them.

`parse_custom_value(text, info)` turns what the user typed into the API value of the field's data type
(string, longtext, integer, float, monetary with the field's default currency, boolean, date via
`models/dates.py`, url, select by option label, documentlink as ids) or says what is wrong;
`custom_value_text(value, info)` is the other way round. The edit form, the bulk editor and the upload
form all use these.
"""

from __future__ import annotations

import re
from typing import Any

from paperless_tui.app.models.dates import parse_date
from paperless_tui.app.models.lookups import CustomFieldInfo

_MONETARY = re.compile(r"([A-Za-z]{3})?\s*(-?\d+(?:[.,]\d{1,2})?)")
_TRUE = {"yes", "y", "true", "1", "x", "on", "ja"}
_FALSE = {"no", "n", "false", "0", "off", "nein", ""}

HINTS = {
    "integer": "a whole number",
    "float": "a number",
    "monetary": "an amount, optionally with a currency: 12.50, USD12.50",
    "date": "2024-01-15, 15.01.2024, today, -3",
    "url": "https://…",
    "documentlink": "document ids: 12, 14",
    "boolean": "yes or no",
}


def custom_value_text(value: Any, info: CustomFieldInfo | None) -> str:
    """A custom field's API value as a form shows it."""
    if value is None:
        return ""
    kind = info.data_type if info is not None else "string"
    if kind == "boolean":
        return "yes" if value else "no"
    if kind == "select":
        return info.options.get(str(value), str(value)) if info is not None else str(value)
    if kind == "documentlink":
        return ", ".join(str(item) for item in value) if isinstance(value, list | tuple) else str(value)
    return str(value)


def parse_custom_value(text: str, info: CustomFieldInfo | None) -> tuple[Any, str | None]:
    """(API value, None) or (None, what is wrong); empty text is no value (None), except for booleans."""
    text = text.strip()
    kind = info.data_type if info is not None else "string"
    if kind == "boolean":
        if text.casefold() in _TRUE:
            return True, None
        if text.casefold() in _FALSE:
            return False, None
        return None, "Type yes or no."
    if not text:
        return None, None
    if kind == "integer":
        return (int(text), None) if re.fullmatch(r"-?\d+", text) else (None, "A whole number, like 42.")
    if kind == "float":
        try:
            return float(text.replace(",", ".")), None
        except ValueError:
            return None, "A number, like 3.5."
    if kind == "monetary":
        match = _MONETARY.fullmatch(text)
        if match is None:
            return None, "An amount with an optional currency, like EUR12.50 or 12.50."
        currency = (match.group(1) or (info.default_currency if info else "") or "").upper()
        return f"{currency}{float(match.group(2).replace(',', '.')):.2f}", None
    if kind == "date":
        day = parse_date(text)
        return (day.isoformat(), None) if day else (None, "A date: 2024-01-15, 15.01.2024, today…")
    if kind == "url":
        return (
            (text, None) if re.match(r"[a-z][a-z0-9+.-]*://\S+$", text) else (None, "A URL, like https://…")
        )
    if kind == "select" and info is not None:
        for option_id, label in info.options.items():
            if label.casefold() == text.casefold() or option_id == text:
                return option_id, None
        return None, "One of: " + ", ".join(info.options.values())
    if kind == "documentlink":
        parts = [part for part in re.split(r"[,\s]+", text) if part]
        if not all(part.isdigit() for part in parts):
            return None, "Document ids, like 12, 14."
        return [int(part) for part in parts], None
    return text, None
