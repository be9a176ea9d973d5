"""The edit form's values, checked and turned into a PATCH of only what changed (pure, no Textual).

A form value is what the user sees and types, keyed by field: `title`, `created`, `asn` and every
custom field (`cf:<id>`) are text as typed; `correspondent`, `document_type`, `storage_path`, `owner`
are an id or None; `tags` a sorted tuple of ids. `form_values(doc, lookups)` reads them from a
document, `check(values, lookups)` turns them into API values or says what is wrong per field,
`patch(...)` builds the request of the changed fields only (custom fields go as the document's whole
list, as the API replaces it), `field_errors(body, ...)` places the server's refusals next to their
fields, and `server_changes(...)` tells what someone else changed meanwhile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from paperless_tui.app.models.custom_values import custom_value_text as _cf_text
from paperless_tui.app.models.custom_values import parse_custom_value as _custom_value
from paperless_tui.app.models.dates import parse_date
from paperless_tui.app.models.lookups import Lookups

PICKED = ("correspondent", "document_type", "storage_path", "owner")
LABELS = {
    "title": "Title",
    "created": "Created",
    "correspondent": "Correspondent",
    "document_type": "Document type",
    "storage_path": "Storage path",
    "tags": "Tags",
    "asn": "ASN",
    "owner": "Owner",
}
API_NAMES = {"asn": "archive_serial_number"}


def cf_key(field_id: int) -> str:
    return f"cf:{field_id}"


def label_of(key: str, lookups: Lookups) -> str:
    if key.startswith("cf:"):
        info = lookups.custom_fields.get(int(key[3:]))
        return info.name if info is not None else f"Custom field #{key[3:]}"
    return LABELS.get(key, key)


def form_values(doc: Any, lookups: Lookups) -> dict[str, Any]:
    """What the form shows for `doc` (client `Document`)."""
    created = getattr(doc, "created", None)
    asn = getattr(doc, "archive_serial_number", None)
    values: dict[str, Any] = {
        "title": getattr(doc, "title", None) or "",
        "created": created.isoformat() if isinstance(created, dt.date) else (created or ""),
        "correspondent": doc.correspondent,
        "document_type": doc.document_type,
        "storage_path": doc.storage_path,
        "tags": tuple(sorted(doc.tags or ())),
        "asn": "" if asn is None else str(asn),
        "owner": doc.owner,
    }
    for value in doc.custom_fields or ():
        values[cf_key(value.field)] = _cf_text(value.value, lookups.custom_fields.get(value.field))
    for field_id in lookups.custom_fields:  # every custom field, the document's first
        values.setdefault(cf_key(field_id), "")
    return values


def changed_keys(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The fields whose value differs, in the form's order."""
    keys = list(before) + [key for key in after if key not in before]
    return [key for key in keys if _same(before.get(key)) != _same(after.get(key))]


def _same(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, str):
        return value.strip()
    return value


def check(values: Mapping[str, Any], lookups: Lookups) -> tuple[dict[str, Any], dict[str, str]]:
    """API values of the form (by form key) and what is wrong, by form key."""
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, value in values.items():
        if key == "title":
            if not str(value).strip():
                errors[key] = "A document needs a title."
            out[key] = str(value).strip()
        elif key == "created":
            day = parse_date(str(value))
            if day is None:
                errors[key] = "A date: 2024-01-15, 15.01.2024, 15/01/2024, today, yesterday."
            out[key] = day
        elif key == "asn":
            text = str(value).strip()
            if text and not text.isdigit():
                errors[key] = "A whole number (ctrl+n: the next free one)."
            out[key] = int(text) if text.isdigit() else None
        elif key.startswith("cf:"):
            info = lookups.custom_fields.get(int(key[3:]))
            result, problem = _custom_value(str(value), info)
            if problem:
                errors[key] = problem
            out[key] = result
        else:
            out[key] = list(value) if key == "tags" else value
    return out, errors


def patch(
    doc_custom_fields: Sequence[tuple[int, Any]], api: Mapping[str, Any], changed: Sequence[str]
) -> dict[str, Any]:
    """The request of the `changed` fields: API names -> values. Custom fields go as the document's
    whole list (`doc_custom_fields`, `(field, value)` as on the server) with the changed ones replaced."""
    out: dict[str, Any] = {}
    custom = [key for key in changed if key.startswith("cf:")]
    for key in changed:
        if not key.startswith("cf:"):
            out[API_NAMES.get(key, key)] = api[key]
    if custom:
        replaced = {int(key[3:]): api[key] for key in custom}
        fields = [{"field": field, "value": replaced.pop(field, value)} for field, value in doc_custom_fields]
        fields += [{"field": field, "value": value} for field, value in replaced.items()]
        out["custom_fields"] = fields
    return out


def field_errors(body: Any, sent: Mapping[str, Any]) -> dict[str, str]:
    """The server's refusal (a 400's JSON body) by form key: `archive_serial_number` next to the ASN,
    the n-th entry of `custom_fields` next to the n-th custom field sent, anything else under `""`."""
    if not isinstance(body, dict):
        return {"": str(body)}
    errors: dict[str, str] = {}
    back = {api: key for key, api in API_NAMES.items()}
    for name, problem in body.items():
        if name == "custom_fields" and isinstance(problem, list):
            sent_fields = sent.get("custom_fields") or []
            for index, entry in enumerate(problem):
                text = _words(entry)
                if not text:
                    continue
                key = cf_key(sent_fields[index]["field"]) if index < len(sent_fields) else ""
                errors[key] = text
            continue
        key = back.get(name) or (name if name in LABELS else "")
        errors[key] = (errors.get(key, "") + " " + _words(problem)).strip()
    return errors


def _words(problem: Any) -> str:
    if isinstance(problem, str):
        return problem
    if isinstance(problem, list):
        return " ".join(_words(item) for item in problem if item)
    if isinstance(problem, dict):
        return " ".join(_words(item) for item in problem.values() if item)
    return "" if problem is None else str(problem)


def server_changes(
    opened: Mapping[str, Any], fresh: Mapping[str, Any], mine: Sequence[str]
) -> tuple[list[str], list[str]]:
    """What someone else changed since the form was opened: (fields the user changed too: a choice is
    needed, fields only they changed: the form takes them)."""
    theirs = changed_keys(opened, fresh)
    both = [key for key in theirs if key in mine]
    return both, [key for key in theirs if key not in mine]
