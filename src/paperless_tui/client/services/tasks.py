"""``paperless.tasks``: background tasks in both API shapes (v10 paginated, v9 a plain list).

``await paperless.tasks("uuid")`` finds a task by its Celery UUID (``TaskNotFoundError`` if none),
``await paperless.tasks(145)`` by id. Also ``active()``, ``summary()``, ``status_counts()``,
``acknowledge(ids)``, ``run(task_type)`` and ``wait(task_id)`` (poll until done).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from typing import Any, ClassVar

from pydantic import TypeAdapter

from .. import exceptions as exc
from ..models.base import Page, adapter
from ..models.tasks import Task, TaskStatusCounts, TaskSummary
from .base import Draft, ResourceService

__all__ = ["TaskService"]

_SUMMARY: TypeAdapter[list[TaskSummary]] = adapter(list[TaskSummary])
_COUNTS: TypeAdapter[TaskStatusCounts] = adapter(TaskStatusCounts)


class TaskService(ResourceService[Task]):
    """``/api/tasks/``."""

    path = "/api/tasks/"
    resource = "tasks"
    required: ClassVar[tuple[str, ...]] = ()

    async def __call__(self, pk: int | str, **params: Any) -> Task:
        """A task by id (int) or Celery UUID (str)."""
        if isinstance(pk, int):
            return await super().__call__(pk, **params)
        transport = self._paperless.transport
        response = await transport.request("GET", self.path, params={"task_id": pk})
        if response.content.lstrip()[:1] == b"[":
            tasks: list[Task] = transport.parse(response, self._list)
        else:
            page: Page[Task] = transport.parse(response, self._page)
            tasks = page.results
        for task in tasks:
            if task.task_id == pk:
                task.bind(self._paperless)
                return task
        raise exc.TaskNotFoundError(
            f"no task with id {pk}", request=exc.RequestInfo("GET", transport.url(self.path))
        )

    async def wait(self, task_id: str, *, max_wait: float = 120.0, interval: float = 1.0) -> Task:
        """Poll a task until it succeeded or failed (or ``max_wait`` seconds passed); return it."""
        deadline = time.monotonic() + max_wait
        while True:
            try:
                task = await self(task_id)
            except exc.TaskNotFoundError:
                task = None
            if task is not None and task.status in ("SUCCESS", "FAILURE", "REVOKED"):
                return task
            if time.monotonic() >= deadline:
                if task is None:
                    raise exc.TaskNotFoundError(f"task {task_id} did not appear within {max_wait:g} s")
                return task
            await asyncio.sleep(interval)

    async def active(self) -> list[Task]:
        """Pending and running tasks."""
        transport = self._paperless.transport
        response = await transport.request("GET", f"{self.path}active/")
        tasks: list[Task] = transport.parse(response, self._list)
        for task in tasks:
            task.bind(self._paperless)
        return tasks

    async def summary(self, days: int | None = None) -> list[TaskSummary]:
        """Statistics per task type."""
        transport = self._paperless.transport
        params = {"days": str(days)} if days is not None else None
        response = await transport.request("GET", f"{self.path}summary/", params=params)
        return transport.parse(response, _SUMMARY)

    async def status_counts(self) -> TaskStatusCounts:
        """Counts for the task list sections."""
        transport = self._paperless.transport
        response = await transport.request("GET", f"{self.path}status_counts/")
        return transport.parse(response, _COUNTS)

    async def acknowledge(self, tasks: Iterable[int | Task]) -> int:
        """Mark tasks as seen; return how many were acknowledged."""
        ids = [t.id if isinstance(t, Task) else int(t) for t in tasks]
        data = await self._post_json(f"{self.path}acknowledge/", {"tasks": ids})
        result = data.get("result") if isinstance(data, dict) else None
        return int(result) if isinstance(result, int) else 0

    async def run(self, task_type: str) -> str:
        """Start ``train_classifier``, ``sanity_check`` or ``llmindex_index``; return the task UUID."""
        data = await self._post_json(f"{self.path}run/", {"task_type": task_type})
        task_id = data.get("task_id") if isinstance(data, dict) else None
        if not isinstance(task_id, str):
            raise exc.InvalidResponseError(f"run returned {str(data)[:80]!r}")
        return task_id

    async def _post_json(self, path: str, body: dict[str, Any]) -> Any:
        transport = self._paperless.transport
        return transport.decode(await transport.request("POST", path, json=body))

    def create(self, **fields: Any) -> Draft:
        """Tasks cannot be created; use ``run()``."""
        raise exc.DraftError("tasks are created by the server; use paperless.tasks.run(task_type)")


TaskService._adapters(Task)
