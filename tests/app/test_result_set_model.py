"""`models.result_set.ResultSet`: the one owner of a query's results (rows by id, all ids, updates and
removals by id, the pages to fetch, failed pages to retry)."""

from __future__ import annotations

from dataclasses import replace

from paperless_tui.app.models.result_set import ResultRow, ResultSet


def rows(start: int, count: int) -> list[ResultRow]:
    return [ResultRow(id=i, title=f"doc {i}") for i in range(start, start + count)]


def test_rows_by_id_and_updates():
    result_set = ResultSet(25, page_size=10, all_ids=range(25))
    result_set.add_page(0, rows(0, 10))
    result_set.add_page(2, rows(20, 5))
    assert result_set.all_ids == tuple(range(25))
    assert result_set.get(22) == ResultRow(id=22, title="doc 22") and result_set.get(15) is None
    assert result_set.index_of(22) == 22
    assert result_set.update_row(replace(result_set.get(3), title="renamed"))
    assert result_set.row(3).title == "renamed"
    assert not result_set.update_row(ResultRow(id=15, title="not loaded"))


def test_removal_shrinks_the_total_and_refetches_what_shifted():
    result_set = ResultSet(25, page_size=10, all_ids=range(25))
    for page in range(3):
        result_set.add_page(page, rows(page * 10, min(10, 25 - page * 10)))
    assert not any(result_set.wants(page) for page in range(3))
    assert result_set.remove(4)
    assert result_set.total == 24 and 4 not in result_set.all_ids
    assert result_set.get(4) is None and result_set.row(4).id == 5  # the rows after it move up
    assert result_set.wants(0)  # its last row is the next page's first now: asked for again
    assert not result_set.has_page(1) and not result_set.has_page(2)  # shifted on the server too
    assert result_set.needs(9) == 0
    assert not result_set.remove(99)
    assert result_set.total == 24


def test_failed_pages_are_retried_and_then_wanted():
    result_set = ResultSet(30, page_size=10)
    result_set.add_page(0, rows(0, 10))
    result_set.mark_requested(1)
    assert not result_set.wants(1) and result_set.needs(15) is None  # on its way
    result_set.mark_failed(1)
    assert not result_set.wants(1)  # the row says "press r to retry"
    assert result_set.retry_failed() == [1]
    assert result_set.wants(1) and result_set.needs(15) == 1
    assert result_set.retry_failed() == []
