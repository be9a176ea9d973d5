"""Rows, highlights, tag colours and the name cache behind the results list (no UI)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from paperless_tui.app.models.highlight import highlights_content, parse_highlights
from paperless_tui.app.models.lookups import Lookups
from paperless_tui.app.models.result_set import ResultRow, ResultSet
from paperless_tui.app.widgets.tag_style import readable_foreground, tag_chip_style, valid_colour


def test_highlights_only_b_tags_mean_bold():
    parts = parse_highlights("a <b>[b]x[/b]</b> <i>y</i> &lt;z&gt; \x1b[2J\nnext")
    assert parts == (("a ", False), ("[b]x[/b]", True), (" <i>y</i> <z> ␛[2J next", False))
    content = highlights_content(parts)
    assert content.plain == "a [b]x[/b] <i>y</i> <z> ␛[2J next"
    assert [(s.start, s.end) for s in content.spans] == [(2, 10)]
    assert parse_highlights(None) == () and parse_highlights("") == ()


def test_tag_colours_are_validated_and_readable():
    assert valid_colour("#A6CEE3") == "#a6cee3"
    assert valid_colour("red") is None and valid_colour("#12345") is None and valid_colour(None) is None
    assert readable_foreground("#ffffff") == "#000000"
    assert readable_foreground("#000000") == "#ffffff"
    assert readable_foreground("#1f78b4") == "#ffffff"
    assert readable_foreground("#ffff99") == "#000000"
    assert tag_chip_style("javascript:1") is None
    style = tag_chip_style("#1f78b4")
    assert style is not None and style.bgcolor is not None and style.color is not None


def test_rows_from_json_and_from_client_documents_are_cleaned():
    row = ResultRow.from_api(
        {
            "id": 3,
            "title": "[@click=app.quit]x[/] \x1b]2;t\x07",
            "created": "2024-01-15",
            "tags": [1, "x", True, 2],
            "notes": [{}, {}],
            "__search_hit__": {"score": 4.5, "highlights": "", "note_highlights": "a <b>note</b>"},
        }
    )
    assert row.title == "[@click=app.quit]x[/] ␛]2;t␇"
    assert row.tags == (1, 2) and row.notes == 2 and row.score == 4.5
    assert row.snippet == (("a ", False), ("note", True))
    doc = SimpleNamespace(
        id=9,
        title="\x1b[31mred",
        created=dt.date(2024, 5, 1),
        archive_serial_number=12,
        correspondent=None,
        document_type=4,
        tags=[7],
        note_list=[object()],
        search_hit=None,
    )
    row = ResultRow.from_document(doc)
    assert (row.title, row.created, row.asn, row.document_type, row.tags, row.notes, row.score) == (
        "␛[31mred",
        "2024-05-01",
        12,
        4,
        (7,),
        1,
        None,
    )


def test_result_set_pages_are_bounded_and_tracked():
    result_set = ResultSet(1000, page_size=10, max_pages=3)
    rows = [ResultRow(id=i, title=str(i)) for i in range(10)]
    assert result_set.page_count == 100 and result_set.row(5) is None
    result_set.mark_requested(0)
    assert result_set.is_requested(0)
    for page in range(4):
        result_set.add_page(page, rows)
    assert not result_set.has_page(0) and result_set.has_page(3)  # least recently stored page evicted
    assert result_set.row(35) is rows[5] and not result_set.is_requested(0)
    result_set.mark_failed(7)
    assert result_set.is_failed(7) and not result_set.is_requested(7)
    assert result_set.index_of(3) == 13


def test_lookups_from_models_or_json_staleness_and_unknown_ids():
    tag = SimpleNamespace(id=1, name="\x1b[31mInbox", color="#ff0000", is_inbox_tag=True, parent=None)
    option = SimpleNamespace(id="abc", label="Paid")
    field = SimpleNamespace(
        id=5, name="Status", data_type="select", extra_data=SimpleNamespace(select_options=[option])
    )
    lookups = Lookups.build(
        tags=[tag],
        correspondents=[{"id": 2, "name": "[b]ACME[/b]"}],
        custom_fields=[field],
        users=[{"id": 1, "username": "admin"}],
        loaded_at=100.0,
    )
    assert lookups.tags[1].name == "␛[31mInbox" and lookups.inbox_tags() == [1]
    assert lookups.correspondent(2) == "[b]ACME[/b]" and lookups.correspondent(99) == "#99"
    assert lookups.custom_fields[5].options == {"abc": "Paid"}
    assert lookups.user(1) == "admin"
    assert not lookups.is_stale(now=150.0) and lookups.is_stale(now=1000.0)
    assert lookups.knows(tags=[1], correspondent=2) and not lookups.knows(tags=[3])
    assert Lookups().is_stale()
