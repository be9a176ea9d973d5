"""Rows of the trash and tasks screens in words: pure, unit-tested without Textual.

- `trash_row`: a trashed document's title, when it was deleted and how long until it is removed for good
  (the server's `trash_delay` days after deletion, from `ui_settings`; unknown if it does not say).
- `task_row`: a task's state, file and outcome (the server's own message for a failure).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from paperless_tui.app.models.uploads import task_file_name, task_outcome
from paperless_tui.app.safe_text import clean


def until_removed(deleted_at: dt.datetime | None, delay_days: int | None, now: dt.datetime) -> str:
    """ "removed in 29 days", "removed today", "" (the server does not say)."""
    if deleted_at is None or delay_days is None:
        return ""
    left = deleted_at + dt.timedelta(days=delay_days) - now
    if left <= dt.timedelta(0):
        return "due for removal"
    days = left.days
    if days == 0:
        hours = max(1, int(left.total_seconds() // 3600))
        return f"removed in {hours} h"
    return f"removed in {days} day" + ("" if days == 1 else "s")


@dataclass(frozen=True)
class TrashRow:
    id: int
    title: str
    deleted: str
    remaining: str


def trash_row(document: Any, delay_days: int | None, now: dt.datetime) -> TrashRow:
    deleted_at = getattr(document, "deleted_at", None)
    deleted = deleted_at.astimezone().strftime("%Y-%m-%d %H:%M") if deleted_at is not None else "—"
    title = clean(getattr(document, "title", "") or "") or f"Document #{document.id}"
    return TrashRow(document.id, title, deleted, until_removed(deleted_at, delay_days, now))


def trash_delay(settings: Any) -> int | None:
    """`trash_delay` (days) from the client's ui_settings, if the server says."""
    values = getattr(settings, "settings", None) or {}
    delay = values.get("trash_delay") if isinstance(values, dict) else None
    return delay if isinstance(delay, int) and not isinstance(delay, bool) else None


@dataclass(frozen=True)
class TaskRow:
    id: int
    state: str
    name: str
    message: str
    document_id: int | None
    done: bool
    acknowledged: bool


def task_row(task: Any) -> TaskRow:
    outcome = task_outcome(task)
    name = clean(task_file_name(task)) or clean(str(getattr(task, "task_type", "") or "task"))
    return TaskRow(
        id=task.id,
        state=outcome.state,
        name=name,
        message=clean(outcome.message),
        document_id=outcome.document_id,
        done=outcome.done,
        acknowledged=bool(getattr(task, "acknowledged", False)),
    )
