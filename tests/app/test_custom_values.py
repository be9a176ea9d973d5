"""The one parser of typed custom field values (models/custom_values.py), shared by the edit form, the
bulk editor and the upload form."""

from __future__ import annotations

import datetime as dt

from paperless_tui.app.models.custom_values import custom_value_text, parse_custom_value
from paperless_tui.app.models.lookups import CustomFieldInfo


def info(kind: str, **extra) -> CustomFieldInfo:
    return CustomFieldInfo(id=1, name="F", data_type=kind, **extra)


def test_each_type_parses_or_says_what_is_wrong():
    select = info("select", options={"a1": "Open", "b2": "Paid"})
    assert parse_custom_value(" 42 ", info("integer")) == (42, None)
    assert parse_custom_value("4.2", info("integer"))[1]
    assert parse_custom_value("19,5", info("float")) == (19.5, None)
    assert parse_custom_value("12,5", info("monetary", default_currency="EUR")) == ("EUR12.50", None)
    assert parse_custom_value("usd 3", info("monetary", default_currency="EUR")) == ("USD3.00", None)
    assert parse_custom_value("12x", info("monetary"))[1]
    assert parse_custom_value("15.01.2024", info("date")) == ("2024-01-15", None)
    assert parse_custom_value("today", info("date")) == (dt.date.today().isoformat(), None)
    assert parse_custom_value("31.02.2024", info("date"))[1]
    assert parse_custom_value("example.org", info("url"))[1]
    assert parse_custom_value("paid", select) == ("b2", None)
    assert parse_custom_value("Closed", select) == (None, "One of: Open, Paid")
    assert parse_custom_value("1, 2 3", info("documentlink")) == ([1, 2, 3], None)
    assert parse_custom_value("1, two", info("documentlink"))[1]
    assert parse_custom_value("no", info("boolean")) == (False, None)
    assert parse_custom_value("maybe", info("boolean"))[1]
    assert parse_custom_value("", info("string")) == (None, None)


def test_values_shown_as_typed_back():
    select = info("select", options={"b2": "Paid"})
    for kind, value, extra in (("select", "b2", {"options": {"b2": "Paid"}}), ("documentlink", [1, 2], {})):
        field = info(kind, **extra)
        assert parse_custom_value(custom_value_text(value, field), field) == (value, None)
    assert custom_value_text("b2", select) == "Paid" and custom_value_text(True, info("boolean")) == "yes"
