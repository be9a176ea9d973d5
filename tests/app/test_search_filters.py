"""The search state: saved-view rules mapped as the web UI sends them, chips merged, state remembered."""

from __future__ import annotations

import json

from paperless_tui.app.models.lookups import CustomFieldInfo, Lookups
from paperless_tui.app.models.search_state import (
    RULE_PARAMS,
    Chip,
    SearchState,
    custom_field_chip,
    inbox_chip,
    more_like_chip,
    ordering_label,
    orderings,
    saved_view_chip,
    saved_view_ordering,
    saved_view_params,
    tag_chip,
)


def test_every_rule_type_of_the_schema_maps_to_a_parameter():
    assert sorted(RULE_PARAMS) == list(range(50))  # RuleTypeEnum 0..49 of the server's schema


def test_saved_view_rules_run_faithfully():
    rules = [
        {"rule_type": 6, "value": "1"},  # has tag 1
        {"rule_type": 6, "value": "4"},  # and tag 4 -> tags__id__all=1,4
        {"rule_type": 17, "value": "9"},  # not tag 9
        {"rule_type": 3, "value": None},  # no correspondent
        {"rule_type": 44, "value": "2024-01-01"},  # created from
        {"rule_type": 20, "value": "invoice"},  # full text
        {"rule_type": 99, "value": "x"},  # unknown: ignored
    ]
    view = {
        "id": 7,
        "name": "Open [b]invoices[/b]",
        "filter_rules": rules,
        "sort_field": "created",
        "sort_reverse": True,
    }
    chip = saved_view_chip(view)
    assert chip.label == "View: Open [b]invoices[/b]"
    params = SearchState(chips=(chip,), ordering=saved_view_ordering(view)).to_params()
    assert params == {
        "tags__id__all": "1,4",
        "tags__id__none": "9",
        "correspondent__isnull": "1",
        "created__date__gte": "2024-01-01",
        "query": "invoice",
        "ordering": "-created",
    }
    assert saved_view_params([{"rule_type": 5, "value": "true"}]) == [("is_in_inbox", "true")]


def test_typed_query_replaces_other_searches_and_more_like():
    state = SearchState(chips=(more_like_chip(5, "x"),))
    assert state.to_params() == {"more_like_id": "5"}
    assert state.is_search
    typed = SearchState(query=" invoice ", chips=(more_like_chip(5, "x"), inbox_chip()))
    assert typed.to_params() == {"query": "invoice", "is_in_inbox": "true"}
    assert SearchState().to_params() == {"ordering": "-created"}


def test_chips_replace_by_key_and_state_round_trips_json():
    lookups = Lookups.build(tags=[{"id": 3, "name": "\x1b[31mred", "color": "#ff0000"}])
    state = (
        SearchState(query="x").with_chip(tag_chip(3, lookups)).with_chip(inbox_chip()).with_chip(inbox_chip())
    )
    assert [c.key for c in state.chips] == ["tag:3", "inbox"]
    assert state.chips[0].label == "Tag: ␛[31mred"
    restored = SearchState.from_json(json.loads(json.dumps(state.to_json())))
    assert restored == state
    assert SearchState.from_json({"chips": [{"bad": 1}, "x"], "query": 5}) == SearchState()
    assert Chip.from_json({"key": "k", "label": "\x07", "params": [["a", "b"]]}).label == "␇"


def test_custom_field_chips_build_a_custom_field_query():
    select = CustomFieldInfo(id=4, name="Status", data_type="select", options={"abc": "Paid"})
    chip = custom_field_chip(select, "abc", "Paid")
    assert chip.label == "Status: Paid"
    assert json.loads(dict(chip.params)["custom_field_query"]) == [4, "exact", "abc"]
    text = CustomFieldInfo(id=1, name="Invoice number", data_type="string")
    assert json.loads(dict(custom_field_chip(text, "INV-1").params)["custom_field_query"]) == [
        1,
        "icontains",
        "INV-1",
    ]
    number = CustomFieldInfo(id=2, name="Count", data_type="integer")
    assert json.loads(dict(custom_field_chip(number, "12").params)["custom_field_query"]) == [2, "exact", 12]


def test_every_server_ordering_is_offered():
    lookups = Lookups.build(custom_fields=[{"id": 8, "name": "Amount", "data_type": "monetary"}])
    fields = [name for name, _ in orderings(lookups)]
    for name in (
        "created",
        "added",
        "modified",
        "title",
        "archive_serial_number",
        "correspondent__name",
        "document_type__name",
        "storage_path__name",
        "num_notes",
        "page_count",
        "owner",
        "mime_type",
        "custom_field_8",
    ):
        assert name in fields
    assert ordering_label("-custom_field_8", lookups) == "Field: Amount ↓"
    assert ordering_label(None, lookups) == "relevance"


def test_a_new_query_and_more_like_this_rank_by_relevance_again():
    state = SearchState(query="invoice", ordering="title")
    assert state.with_query("invoice ").ordering == "title"  # the same query keeps the user's sort
    assert state.with_query("invoice acme").ordering is None
    assert "ordering" not in state.with_query("invoice acme").to_params()
    liked = SearchState(ordering="-modified").more_like(more_like_chip(5, "x"))
    assert liked.ordering is None and liked.to_params() == {"more_like_id": "5"}
    assert saved_view_ordering({"sort_field": "score", "sort_reverse": True}) is None


def test_several_clauses_are_any_of_unless_joined_by_and():
    from paperless_tui.app.models.search_state import clause_mode

    assert clause_mode("invoice") is None
    assert clause_mode('correspondent:"ACME Corp" created:[2023 to 2023]') == "any of 2"
    assert clause_mode('correspondent:"ACME Corp" AND created:[2023 to 2023]') == "all of 2"
    assert clause_mode("a OR b OR c") == "any of 3"
    assert clause_mode("a AND b OR c") is None  # mixed: no claim
    assert clause_mode("rechnung -telekom") is None  # a word left out is no clause of a match
    assert clause_mode("invoice NOT rechnung") is None
    assert clause_mode("invoice rechnung -telekom") == "any of 2"
    assert clause_mode("invoice AND rechnung NOT telekom") == "all of 2"


def test_query_problem_names_the_likely_fault():
    from paperless_tui.app.models.search_state import query_problem

    assert query_problem('"unclosed') == 'a " is not closed'
    assert query_problem("created:[2024 to") == "a [ is not closed"
    assert query_problem("a )") == "a ) has no matching opening bracket"
    assert query_problem("invoice AND") == "it ends with AND, which needs a clause after it"
    assert query_problem("colour:red").startswith("colour: is not a field")


def test_removing_a_saved_views_chip_drops_its_sort():
    view = {
        "id": 3,
        "name": "Overdue",
        "filter_rules": [],
        "sort_field": "custom_field_4",
        "sort_reverse": False,
    }
    state = SearchState(chips=(saved_view_chip(view), inbox_chip()), ordering=saved_view_ordering(view))
    assert state.without_chip("view:3").ordering is None
    assert state.without_chip("inbox").ordering == "custom_field_4"
