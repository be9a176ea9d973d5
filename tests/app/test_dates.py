"""Dates typed the way people type them."""

from __future__ import annotations

import datetime as dt

import pytest

from paperless_tui.app.models.dates import parse_date

TODAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-15", dt.date(2024, 1, 15)),
        ("15.01.2024", dt.date(2024, 1, 15)),
        ("15/01/2024", dt.date(2024, 1, 15)),
        ("5.1.24", dt.date(2024, 1, 5)),
        (" today ", TODAY),
        ("Yesterday", dt.date(2026, 12, 1)),
        ("gestern", dt.date(2026, 12, 1)),
        ("tomorrow", dt.date(2026, 12, 3)),
        ("-3", dt.date(2026, 11, 29)),
        ("+2", dt.date(2026, 12, 4)),
    ],
)
def test_dates_people_type(text, expected):
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize("text", ["", "2024-02-30", "31.13.2024", "soon", "2024/01", "15-01-2024x"])
def test_not_dates(text):
    assert parse_date(text, today=TODAY) is None
