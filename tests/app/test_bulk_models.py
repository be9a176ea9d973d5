"""The pure models behind marks and bulk edits: the marked set, snapshots and counts, and the undo of
each kind of change restoring every document's own previous values."""

from __future__ import annotations

from datetime import datetime

import pytest

from paperless_tui.app.models.bulk_history import (
    BulkHistory,
    Operation,
    apply_operation,
    change,
    fields_operation,
    inverse_of,
    set_operation,
    tags_operation,
)
from paperless_tui.app.models.marks import DocValues, Marks, range_ids
from paperless_tui.app.models.result_set import ResultRow

NOW = datetime(2026, 12, 2, 12, 0)


def run(operations, values):
    """Apply `operations` to a {id: DocValues} table, as the server would."""
    table = dict(values)
    for operation in operations:
        for doc_id in operation.documents:
            table[doc_id] = apply_operation(table[doc_id], operation)
    return table


def test_marks_toggle_add_clear_and_keep_order():
    marks = Marks()
    assert marks.toggle(5) and marks.toggle(2)
    assert not marks.toggle(5)
    assert marks.add([7, 2, 9]) == 2
    assert marks.ids == (2, 7, 9) and 7 in marks and len(marks) == 3
    version = marks.version
    marks.clear()
    assert len(marks) == 0 and marks.version > version


def test_visual_range_bounds_follow_the_cursor():
    marks = Marks()
    assert marks.range_bounds(3) is None
    marks.start_range(5)
    assert marks.range_bounds(2) == (2, 5) and marks.range_bounds(8) == (5, 8)
    assert marks.in_range(6, 8) and not marks.in_range(9, 8)
    rows = [ResultRow(id=10 + i, title="") for i in range(4)]
    assert range_ids(rows, None, 0, 3) == [10, 11, 12, 13]
    assert range_ids([rows[0], None], (1, 2, 3, 4, 5), 1, 3) == [2, 3, 4]


def test_summary_counts_all_some_none_and_knows_what_is_missing():
    marks = Marks()
    marks.add([1, 2, 3])
    marks.remember_rows([ResultRow(id=1, title="", tags=(4, 5), correspondent=9)])
    marks.store_complete([DocValues(2, frozenset({4}), correspondent=9, storage_path=3)])
    summary = marks.summary()
    assert summary.total == 3 and summary.known == 2 and not summary.complete
    assert summary.tags == {4: 2, 5: 1}
    assert summary.correspondents == {9: 2}
    assert summary.storage_paths == {3: 1}  # the row's snapshot does not know its path
    assert marks.missing([1, 2, 3]) == [3]
    assert marks.missing([1, 2, 3], complete=True) == [1, 3]


def test_undo_after_a_partly_overlapping_tag_change_restores_each_document_exactly():
    before = {
        1: DocValues(1, frozenset({10})),  # already had the added tag
        2: DocValues(2, frozenset({11, 12})),  # had the removed tag
        3: DocValues(3, frozenset()),  # had neither
        4: DocValues(4, frozenset({10, 11})),  # had both
    }
    forward = tags_operation([1, 2, 3, 4], add=[10], remove=[11])
    entry = change("add Paid, remove Open", [forward], before, NOW)
    after = run([forward], before)
    assert after[1].tags == {10} and after[2].tags == {10, 12} and after[4].tags == {10}
    assert entry.after() == after
    undo = entry.inverse()
    restored = run(undo, after)
    assert restored == before  # each its own tags, not a blanket removal of 10
    assert all(op.method == "modify_tags" for op in undo)
    # grouped by what each needs: 1 needs nothing, 2 and 3 differ, 4 gets 11 back
    assert sorted((op.documents, op.params["add_tags"], op.params["remove_tags"]) for op in undo) == [
        ((2,), [11], [10]),
        ((3,), [], [10]),
        ((4,), [11], []),
    ]


def test_tag_undo_sends_one_request_for_documents_alike():
    before = {i: DocValues(i, frozenset({1})) for i in range(100)}
    before |= {i: DocValues(i, frozenset({1, 7})) for i in range(100, 150)}
    forward = tags_operation(range(150), add=[7], remove=[])
    undo = inverse_of(forward, before)
    assert len(undo) == 1 and undo[0].documents == tuple(range(100))
    assert run(undo, run([forward], before)) == before


def test_correspondent_undo_groups_documents_by_their_previous_correspondent():
    before = {1: DocValues(1, correspondent=5), 2: DocValues(2, correspondent=None)}
    before |= {3: DocValues(3, correspondent=5), 4: DocValues(4, correspondent=8)}
    forward = set_operation("set_correspondent", [1, 2, 3, 4], 8)
    undo = inverse_of(forward, before)
    assert sorted((op.documents, op.params["correspondent"]) for op in undo if op.documents != (2,)) == [
        ((1, 3), 5)
    ]
    assert Operation("set_correspondent", (2,), {"correspondent": None}) in undo
    assert len(undo) == 2  # 4 already had 8: nothing to undo there
    assert run(undo, run([forward], before)) == before


@pytest.mark.parametrize("method", ["set_document_type", "set_storage_path"])
def test_type_and_path_undo(method):
    attribute = method[4:]
    before = {1: DocValues(1, **{attribute: 2}), 2: DocValues(2, **{attribute: 3})}
    forward = set_operation(method, [1, 2], None)
    assert run(inverse_of(forward, before), run([forward], before)) == before


def test_custom_field_undo_restores_old_values_and_removes_new_fields():
    before = {
        1: DocValues(1, custom_fields={4: "12.50", 6: "x"}),
        2: DocValues(2, custom_fields={}),
        3: DocValues(3, custom_fields={4: "EUR7.00"}),
    }
    forward = fields_operation([1, 2, 3], {4: "EUR99.00"}, remove=[6])
    after = run([forward], before)
    assert after[2].custom_fields == {4: "EUR99.00"} and 6 not in after[1].custom_fields
    assert run(inverse_of(forward, before), after) == before


def test_history_undo_redo_and_not_undoable_entries():
    history = BulkHistory()
    values = {1: DocValues(1)}
    first = change("add tag", [tags_operation([1], [2], [])], values, NOW)
    trash = change("move to trash", [Operation("delete", (1,))], values, NOW)
    assert first.undoable and not trash.undoable and trash.inverse() == []
    history.record(first)
    history.record(trash)
    assert history.to_undo() is first  # the last one whose inverse is known
    history.undone(first)
    assert first.undone and history.to_undo() is None and history.to_redo() is first
    history.redone(first)
    assert not first.undone and history.to_redo() is None
    history.undone(first)
    history.record(change("set type", [set_operation("set_document_type", [1], 3)], values, NOW))
    assert history.to_redo() is None  # a new change ends what could be redone


def test_a_change_without_every_previous_value_is_not_undoable():
    entry = change("add tag", [tags_operation([1, 2], [3], [])], {1: DocValues(1)}, NOW)
    assert not entry.undoable and entry.count == 2


def test_snapshot_from_a_client_document():
    class Doc:
        id = 3
        tags = (1, 2)
        correspondent = 4
        document_type = None
        storage_path = 7
        owner = 1
        custom_field_data = ({"field": 2, "value": "a"}, {"field": "bad", "value": 1})

    values = DocValues.from_document(Doc())
    assert values == DocValues(3, frozenset({1, 2}), 4, None, 7, {2: "a"}, 1)
