"""Dates as people type them: `2024-01-15`, `15.01.2024`, `15/01/2024`, `today`, `yesterday`.

`parse_date` answers a `date` or None. Day-first is the rule for dotted and slashed dates (as in
most of Europe, and as Paperless-ngx's own date parsing defaults); a two-digit year means 20xx.
Also `tomorrow`, and `-3` / `+2` (days from today), so a triage or an edit never needs a calendar.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})")
_OFFSET = re.compile(r"([+-])\s*(\d{1,4})")

WORDS = {"today": 0, "heute": 0, "yesterday": -1, "gestern": -1, "tomorrow": 1, "morgen": 1}


def parse_date(text: str, *, today: dt.date | None = None) -> dt.date | None:
    """The date `text` means, or None when it is not one."""
    value = text.strip().casefold()
    if not value:
        return None
    base = today or dt.date.today()
    if value in WORDS:
        return base + dt.timedelta(days=WORDS[value])
    if match := _OFFSET.fullmatch(value):
        days = int(match.group(2))
        return base + dt.timedelta(days=days if match.group(1) == "+" else -days)
    try:
        if match := _ISO.fullmatch(value):
            year, month, day = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        if match := _DAY_FIRST.fullmatch(value):
            day, month, year = (int(part) for part in match.groups())
            if year < 100:
                year += 2000
            return dt.date(year, month, day)
    except ValueError:  # 2024-02-30
        return None
    return None
