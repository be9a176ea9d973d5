"""Background tasks (``/api/tasks/``) in both shapes: v10 (lowercase ``status``, ``result_data``) and the
legacy v9 one (UPPERCASE ``status``, ``task_name``, ``result``, ``related_document``).

``Task.status`` is a :class:`TaskStatus`, a ``str`` that compares case-insensitively, so the polling loop
``task.status in ("SUCCESS", "FAILURE")`` works against both versions.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from typing import Any, ClassVar

from pydantic.dataclasses import dataclass

from .base import CONFIG, Model

__all__ = ["Task", "TaskStatus", "TaskStatusCounts", "TaskSummary"]


class TaskStatus(str):
    """A task state (``PENDING``, ``STARTED``, ``SUCCESS``, ``FAILURE``, ...), stored upper-case,
    equal to any casing of itself."""

    __slots__ = ()

    def __new__(cls, value: str) -> TaskStatus:
        return super().__new__(cls, value.upper())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return str.__eq__(self, other.upper())
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return str.__hash__(self)

    @property
    def is_done(self) -> bool:
        """True once the task succeeded, failed or was revoked."""
        return str(self) in ("SUCCESS", "FAILURE", "REVOKED")


@dataclass(slots=True, kw_only=True, config=CONFIG)
class Task(Model):
    """A background task; v9 and v10 fields both present, the other version's left ``None``."""

    id: int
    task_id: str = ""
    task_type: str | None = None
    task_name: str | None = None
    task_file_name: str | None = None
    trigger_source: str | None = None
    type: str | None = None
    status: str = "PENDING"
    date_created: dt.datetime | None = None
    date_started: dt.datetime | None = None
    date_done: dt.datetime | None = None
    duration_seconds: float | None = None
    wait_time_seconds: float | None = None
    input_data: dict[str, Any] | None = None
    result_data: dict[str, Any] | None = None
    result: str | None = None
    related_document: int | str | None = None
    related_document_ids: list[int] = dataclasses.field(default_factory=list)
    acknowledged: bool = False
    owner: int | None = None

    _writable: ClassVar[tuple[str, ...]] = ("acknowledged",)
    _service: ClassVar[str] = "tasks"

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", TaskStatus(self.status))
        if self.result is None and self.result_data:
            data = self.result_data
            if data.get("error_message"):
                text = str(data["error_message"])
            elif data.get("document_id") is not None:
                text = f"Success. New document id {data['document_id']} created"
            else:
                text = ", ".join(f"{k}: {v}" for k, v in data.items())
            object.__setattr__(self, "result", text)
        if not self.related_document_ids and self.related_document not in (None, ""):
            with contextlib.suppress(ValueError):
                object.__setattr__(self, "related_document_ids", [int(str(self.related_document))])
        if self.task_type is None and self.task_name is not None:
            object.__setattr__(self, "task_type", self.task_name)

    @property
    def document_id(self) -> int | None:
        """The id of the document this task made or touched, if any."""
        if self.result_data and isinstance(self.result_data.get("document_id"), int):
            doc_id: int = self.result_data["document_id"]
            return doc_id
        return self.related_document_ids[0] if self.related_document_ids else None


@dataclass(slots=True, kw_only=True, config=CONFIG)
class TaskSummary:
    """Aggregated statistics of one task type (``/api/tasks/summary/``)."""

    task_type: str = ""
    total_count: int = 0
    pending_count: int = 0
    success_count: int = 0
    failure_count: int = 0
    avg_duration_seconds: float | None = None
    avg_wait_time_seconds: float | None = None
    last_run: dt.datetime | None = None
    last_success: dt.datetime | None = None
    last_failure: dt.datetime | None = None


@dataclass(slots=True, kw_only=True, config=CONFIG)
class TaskStatusCounts:
    """Counts for the task list sections (``/api/tasks/status_counts/``)."""

    all: int = 0
    needs_attention: int = 0
    in_progress: int = 0
    completed: int = 0
