"""A share link's expiry as the user chooses it (never, 1/7/30 days, or a date) and the datetime sent.

Pure: `expiration_for("7", now)` is `now + 7 days`; a date means the end of that day, local time;
`date_problem` says what is wrong with a typed date (not a date, in the past).
"""

from __future__ import annotations

import datetime as dt

EXPIRY_CHOICES: tuple[tuple[str, str], ...] = (
    ("never", "Never expires"),
    ("1", "In 1 day"),
    ("7", "In 7 days"),
    ("30", "In 30 days"),
    ("date", "On a date…"),
)
FILE_VERSIONS: tuple[tuple[str, str], ...] = (
    ("archive", "Archive version (PDF/A, searchable)"),
    ("original", "Original file"),
)


def expiration_for(choice: str, now: dt.datetime, on: dt.date | None = None) -> dt.datetime | None:
    """The expiration to send for `choice` (None: never). `now` must be timezone-aware."""
    if choice == "never":
        return None
    if choice == "date":
        if on is None:
            raise ValueError("a date is needed")
        end = dt.datetime.combine(on, dt.time(23, 59, 59))
        return end.astimezone()  # the end of that day, local time (the server keeps the offset)
    return now + dt.timedelta(days=int(choice))


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def date_problem(text: str, today: dt.date) -> str | None:
    """What is wrong with `text` as an expiry date (None: it is a date from today on)."""
    day = parse_date(text)
    if day is None:
        return f"{text!r} is not a date: type YYYY-MM-DD."
    if day < today:
        return f"{day.isoformat()} has passed: give today or a later day."
    return None
