"""The edit form's pure parts: checking values, the PATCH of changed fields, the server's field errors
(the recorded Paperless-ngx refusals) placed beside their fields, concurrent changes."""

from __future__ import annotations

from paperless_tui.app.models import document_edit as edit
from paperless_tui.app.models.lookups import CustomFieldInfo, Lookups

LOOKUPS = Lookups(
    custom_fields={
        3: CustomFieldInfo(3, "Amount", "monetary", default_currency="EUR"),
        5: CustomFieldInfo(5, "Status", "select", options={"HwjI": "Open", "oSEP": "Paid"}),
        6: CustomFieldInfo(6, "Reviewed", "boolean"),
        9: CustomFieldInfo(9, "Links", "documentlink"),
        2: CustomFieldInfo(2, "Number", "integer"),
    }
)


# Paperless-ngx 3.0.5's answers as recorded (shared/paperless-api/samples/document_patch_*_400.json):
# (what was sent, what came back).
RECORDED = {
    "duplicate_asn": (
        {"archive_serial_number": 1001},
        {"archive_serial_number": ["document with this archive serial number already exists."]},
    ),
    "invalid_monetary": (
        {"custom_fields": [{"field": 3, "value": "12,34"}]},
        {
            "custom_fields": [
                {
                    "non_field_errors": [
                        "Must be a two-decimal number with optional currency code e.g. GBP123.45"
                    ]
                }
            ]
        },
    ),
    "invalid_select": (
        {"custom_fields": [{"field": 5, "value": "nope"}]},
        {
            "custom_fields": [
                {
                    "non_field_errors": [
                        "Value must be an id of an element in [{'label': 'Open', 'id': 'HwjI'}]"
                    ]
                }
            ]
        },
    ),
}


def sample_body(name):
    sent, body = RECORDED[name]
    return body, sent


def test_values_are_checked_by_type():
    values = {
        "created": "15/01/2024",
        "asn": "12",
        "cf:3": "usd 7",
        "cf:5": "PAID",
        "cf:6": "no",
        "cf:9": "3 4",
        "cf:2": "x",
    }
    api, errors = edit.check(values, LOOKUPS)
    assert api["created"].isoformat() == "2024-01-15" and api["asn"] == 12
    assert (api["cf:3"], api["cf:5"], api["cf:6"], api["cf:9"]) == ("USD7.00", "oSEP", False, [3, 4])
    assert errors == {"cf:2": "A whole number, like 42."}
    _, errors = edit.check({"cf:5": "nope", "title": " ", "created": "someday"}, LOOKUPS)
    assert errors["cf:5"] == "One of: Open, Paid" and set(errors) == {"cf:5", "title", "created"}


def test_the_patch_holds_the_changed_fields_and_the_whole_custom_field_list():
    before = {"title": "a", "tags": (1, 2), "asn": "", "cf:3": "EUR1.00", "cf:6": ""}
    after = {"title": "a ", "tags": [1, 2], "asn": "5", "cf:3": "EUR2.00", "cf:6": "yes"}
    changed = edit.changed_keys(before, after)
    assert changed == ["asn", "cf:3", "cf:6"]
    api, _ = edit.check({key: after[key] for key in changed}, LOOKUPS)
    body = edit.patch([(3, "EUR1.00"), (9, [1])], api, changed)
    assert body == {
        "archive_serial_number": 5,
        "custom_fields": [
            {"field": 3, "value": "EUR2.00"},
            {"field": 9, "value": [1]},
            {"field": 6, "value": True},
        ],
    }


def test_the_recorded_refusals_land_beside_their_fields():
    body, sent = sample_body("duplicate_asn")
    assert edit.field_errors(body, sent) == {
        "asn": "document with this archive serial number already exists."
    }
    body, sent = sample_body("invalid_monetary")
    assert edit.field_errors(body, sent) == {
        "cf:3": "Must be a two-decimal number with optional currency code e.g. GBP123.45"
    }
    body, sent = sample_body("invalid_select")
    assert list(edit.field_errors(body, sent)) == ["cf:5"]
    assert edit.field_errors({"detail": "nope"}, {}) == {"": "nope"}


def test_server_changes_split_into_conflicts_and_theirs_only():
    opened = {"title": "a", "asn": "1", "created": "2024-01-01"}
    fresh = {"title": "b", "asn": "2", "created": "2024-01-01"}
    assert edit.server_changes(opened, fresh, ["title", "created"]) == (["title"], ["asn"])
