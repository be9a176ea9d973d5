"""Completion of the word at the cursor (pure functions of `app.completion`)."""

from __future__ import annotations

import pytest

from paperless_tui.app.models.completion import (
    MAX_COMPLETIONS,
    Completion,
    Word,
    apply,
    local_completions,
    merge,
    needs_terms,
    term_completions,
    word_at,
)
from paperless_tui.app.models.lookups import Lookups

LOOKUPS = Lookups.build(
    tags=[{"id": 1, "name": "Inbox"}, {"id": 2, "name": "Tax 2024"}, {"id": 3, "name": "invoices"}],
    correspondents=[{"id": 1, "name": "Stadtwerke München"}, {"id": 2, "name": "ACME"}],
    document_types=[{"id": 1, "name": "Invoice"}],
)


@pytest.mark.parametrize(
    ("value", "cursor", "word"),
    [
        ("", 0, Word(0, 0, "")),
        ("invo", 4, Word(0, 4, "invo")),
        ("tag:inbox invo", 14, Word(10, 14, "invo")),
        ("tag:inbox invo", 6, Word(0, 9, "tag:inbox")),  # inside a word: the whole word
        ("tag:inbox invo", 9, Word(0, 9, "tag:inbox")),  # right after it
        ("tag:inbox invo", 10, Word(10, 14, "invo")),
        ("a  b", 2, Word(2, 2, "")),  # between two spaces
        ("(tele OR gas)", 5, Word(1, 5, "tele")),
        ('tag:"Tax 20', 11, Word(0, 11, 'tag:"Tax 20')),  # a quoted part belongs to the word
        ('tag:"Tax 2024" inv', 18, Word(15, 18, "inv")),
    ],
)
def test_word_at(value, cursor, word):
    assert word_at(value, cursor) == word


def test_apply_replaces_the_whole_word_and_puts_the_cursor_after_it():
    value = "tag:inbox invo telekom"
    word = word_at(value, 12)
    assert apply(value, word, Completion("invoice", "term")) == ("tag:inbox invoice telekom", 17)


def test_field_prefixes_and_names():
    assert [c.text for c in local_completions(Word(0, 4, "corr"), LOOKUPS)] == ["correspondent:"]
    assert [c.text for c in local_completions(Word(0, 1, "c"), LOOKUPS)] == [
        "content:",
        "correspondent:",
        "created:",
        "custom_fields:",
        "checksum:",
    ]
    tags = [c.text for c in local_completions(Word(0, 4, "tag:"), LOOKUPS)]
    assert tags == ["tag:Inbox", "tag:invoices", 'tag:"Tax 2024"']  # all, by name; spaces quoted
    assert [c.text for c in local_completions(Word(0, 6, "tag:in"), LOOKUPS)] == ["tag:Inbox", "tag:invoices"]
    # starts-with first, then contains
    assert [c.text for c in local_completions(Word(0, 7, "tag:voi"), LOOKUPS)] == ["tag:invoices"]
    assert [c.text for c in local_completions(Word(0, 9, 'tag:"Tax '), LOOKUPS)] == ['tag:"Tax 2024"']
    assert [c.kind for c in local_completions(Word(0, 19, "correspondent:stadt"), LOOKUPS)] == [
        "correspondent"
    ]
    assert local_completions(Word(0, 8, "created:"), LOOKUPS) == []  # not a name field
    assert local_completions(Word(0, 9, "tag:Inbox"), LOOKUPS) == []  # already complete
    assert local_completions(Word(0, 0, ""), LOOKUPS) == []


def test_terms_extend_the_word_and_are_asked_for_only_when_useful():
    terms = ["invoice", "invoices", "Invoice", "inventory", "invo"]
    assert [c.text for c in term_completions(Word(0, 4, "invo"), terms)] == ["invoice", "invoices", "Invoice"]
    assert needs_terms(Word(0, 2, "in"))
    assert not needs_terms(Word(0, 1, "i"))
    assert not needs_terms(Word(0, 6, "tag:in"))
    assert not needs_terms(Word(0, 4, '"inv'))


def test_merge_drops_repeats_and_caps_the_list():
    a = [Completion("type:", "field")]
    b = [Completion("Type:", "term")] + [Completion(f"t{i}", "term") for i in range(20)]
    merged = merge(a, b)
    assert merged[0] == Completion("type:", "field")
    assert len(merged) == MAX_COMPLETIONS and Completion("Type:", "term") not in merged
