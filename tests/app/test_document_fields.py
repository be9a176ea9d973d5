"""Field rendering of the document screen (no UI): custom field types, history changes, notes, find."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from paperless_tui.app.models.lookups import CustomFieldInfo, Lookups
from paperless_tui.app.widgets.content_view import find_spans, query_terms
from paperless_tui.app.widgets.field_values import custom_field_text, monetary_text, opaque_json
from paperless_tui.app.widgets.history_view import change_lines, history_content
from paperless_tui.app.widgets.notes_view import notes_content


def test_monetary_values_keep_their_currency():
    assert monetary_text("EUR171.76") == "171.76 EUR"
    assert monetary_text("GBP5.5") == "5.50 GBP"
    assert monetary_text("12.30", "usd") == "12.30 USD"
    assert monetary_text("-3.00", None) == "-3.00"
    assert monetary_text("\x1b[31m") == "␛[31m"


def test_custom_fields_by_type():
    select = CustomFieldInfo(id=1, name="Status", data_type="select", options={"abc": "Paid"})
    link = CustomFieldInfo(id=2, name="Related", data_type="documentlink")
    flag = CustomFieldInfo(id=3, name="Done", data_type="boolean")
    long = CustomFieldInfo(id=4, name="Memo", data_type="longtext")
    money = CustomFieldInfo(id=5, name="Amount", data_type="monetary", default_currency="EUR")
    assert custom_field_text("abc", select) == "Paid"
    assert custom_field_text("zzz", select) == "zzz"
    assert custom_field_text([4, 5], link, {4: "Invoice [b]4[/b]"}) == "Invoice [b]4[/b], document #5"
    assert custom_field_text(True, flag) == "yes" and custom_field_text(False, flag) == "no"
    assert custom_field_text("a\nb\x07", long) == "a\nb␇"
    assert custom_field_text("19.99", money) == "19.99 EUR"
    assert custom_field_text(None, money) == "—"
    assert custom_field_text({"x": "\x1b"}, None) == '{"x": "\\u001b"}'  # JSON escapes control characters


def test_history_changes_are_readable_and_inert():
    assert change_lines({"title": ["old [b]", "\x1b]2;new\x07"]}) == ["title: old [b] → ␛]2;new␇"]
    assert change_lines({"tags": {"type": "m2m", "operation": "add", "objects": ["Inbox", "[/b]"]}}) == [
        "tags: add Inbox, [/b]"
    ]
    assert change_lines({"tags": [14, [1, 11]]}) == ["tags: #14 → #1, #11"]  # names not loaded (yet)
    weird = change_lines({"custom_fields": {"type": "custom_field", "field": "A", "value": "\x1b[31m"}})
    assert weird == ["A (custom field): ␛[31m"]
    assert change_lines("not a dict") == ['"not a dict"']
    entry = SimpleNamespace(
        timestamp=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        action="update",
        changes={"Note Added": ["None", 3]},
        actor=None,
    )
    assert "2024-01-02 03:04:05 · update · system" in history_content([entry]).plain
    assert opaque_json({"b": 1, "a": "\x07"}) == '{\n  "a": "\\u0007",\n  "b": 1\n}'


def test_history_names_ids_and_shows_local_time(monkeypatch):
    import time

    lookups = Lookups.build(
        tags=[{"id": 11, "name": "Work"}, {"id": 14, "name": "Paid [b]"}],
        correspondents=[{"id": 1, "name": "ACME"}],
        document_types=[{"id": 3, "name": "Invoice"}],
        users=[{"id": 2, "username": "bob"}],
        custom_fields=[
            {"id": 5, "name": "Amount", "data_type": "monetary", "extra_data": {"default_currency": "EUR"}},
            {
                "id": 6,
                "name": "Status",
                "data_type": "select",
                "extra_data": {"select_options": [{"id": "x1", "label": "Paid"}]},
            },
        ],
    )
    changes = {
        "tags": [14, [11, 14]],
        "correspondent": ["None", "1"],
        "document_type": [None, 3],
        "owner": ["None", "2"],
        "title": ["None", "Rechnung 7"],
        "archive_serial_number": ["None", "1018"],
    }
    assert change_lines(changes, lookups) == [
        "tags: Paid [b] → Work, Paid [b]",
        "correspondent: — → ACME",
        "document_type: — → Invoice",
        "owner: — → bob",
        "title: — → Rechnung 7",
        "archive_serial_number: — → 1018",
    ]
    amount = {"custom_fields": {"type": "custom_field", "field": "Amount", "value": "12.5"}}
    assert change_lines(amount, lookups) == ["Amount (custom field): 12.50 EUR"]
    status = {"custom_fields": {"type": "custom_field", "field": "Status", "value": "x1"}}
    assert change_lines(status, lookups) == ["Status (custom field): Paid"]
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    entry = SimpleNamespace(
        timestamp=dt.datetime(2024, 7, 2, 3, 4, 5, tzinfo=dt.UTC), action="update", changes={}, actor=None
    )
    assert history_content([entry], lookups).plain.startswith("2024-07-02 05:04:05 · update")  # CEST


def test_notes_newest_first_and_inert():
    old = SimpleNamespace(note="first [@click=app.quit]x[/]", created=dt.datetime(2024, 1, 1), user=None)
    new = SimpleNamespace(
        note="second\n\x1b[31mline",
        created=dt.datetime(2024, 2, 1),
        user=SimpleNamespace(id=1, username="admin", first_name="", last_name=""),
    )
    text = notes_content([old, new]).plain
    assert text.index("second") < text.index("first")
    assert "[@click=app.quit]x[/]" in text and "␛[31mline" in text and "admin" in text
    assert notes_content([]).plain == "No notes."


def test_query_terms_and_find():
    assert query_terms('invoice AND tag:inbox "electricity bill" created:[2024 to 2025] -x*') == [
        "invoice",
        "inbox",
        "electricity bill",
        "2024",
        "2025",
    ]
    assert find_spans("Invoice invoice INVOICE", "invoice") == [(0, 7), (8, 15), (16, 23)]
    assert find_spans("a.b", ".") == [(1, 2)]
    assert find_spans("abc", "") == []
