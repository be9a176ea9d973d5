"""Background tasks: consumption of uploads (`post_document`), document actions (rotate/merge/reprocess/...),
and the `/api/tasks/` endpoints in their v10 (paginated) and v9 (legacy plain list) shapes.

A task is recorded `pending`, becomes `started` and then ends in `success` or `failure` a moment later,
on the event loop of the server, as Celery would.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from paperless_tui.demo.routes.common import ApiError, Req, api, paginate_list, parse_bool, parse_int
from paperless_tui.demo.store import iso_local, now_local

TYPE_DISPLAY = {
    "consume_file": "Consume File",
    "reprocess_document": "Reprocess Document",
    "bulk_update": "Bulk Update",
    "train_classifier": "Train Classifier",
    "sanity_check": "Sanity Check",
    "llmindex_index": "LLM Index",
    "index_optimize": "Index Optimize",
}
SOURCE_DISPLAY = {
    "api_upload": "API Upload",
    "manual": "Manual",
    "scheduled": "Scheduled",
    "folder_consume": "Folder Consume",
    "email_consume": "Email Consume",
    "system": "System",
}
RUNNABLE = ("train_classifier", "sanity_check", "llmindex_index")

# A job returns result_data ({"document_id": n} ...) and related document ids; raising fails the task.
Job = Callable[[], tuple[dict[str, Any] | None, list[int]]]


class TaskFailure(Exception):
    """A task ends in failure with this message (error_type is the class name given)."""

    def __init__(self, message: str, error_type: str = "ConsumerError") -> None:
        super().__init__(message)
        self.error_type = error_type


def new_task(
    req: Req, task_type: str, trigger: str, *, input_data: dict[str, Any] | None = None
) -> dict[str, Any]:
    task = {
        "id": None,
        "task_id": str(uuid.uuid4()),
        "task_type": task_type,
        "task_type_display": TYPE_DISPLAY.get(task_type, task_type.replace("_", " ").title()),
        "trigger_source": trigger,
        "trigger_source_display": SOURCE_DISPLAY.get(trigger, trigger.title()),
        "status": "pending",
        "status_display": "Pending",
        "date_created": iso_local(),
        "date_started": None,
        "date_done": None,
        "duration_seconds": None,
        "wait_time_seconds": None,
        "input_data": input_data or {},
        "result_data": None,
        "related_document_ids": [],
        "acknowledged": False,
        "owner": req.uid or None,
    }
    with req.store.write() as db:
        req.store.put_object(db, "tasks", task, key=task["task_id"])
    return task


def _seconds(a: str | None, b: str | None) -> float | None:
    if not a or not b:
        return None
    return round((datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds(), 6)


def run_task(req: Req, task: dict[str, Any], job: Job) -> None:
    """Run `job` in the background after a short queue wait; records started/success/failure."""
    state = req.state
    store = req.store

    async def runner() -> None:
        await asyncio.sleep(state.consume_delay)
        task["status"], task["status_display"] = "started", "Started"
        task["date_started"] = iso_local()
        task["wait_time_seconds"] = _seconds(task["date_created"], task["date_started"])
        with store.write() as db:
            store.put_object(db, "tasks", task, key=task["task_id"])
        await asyncio.sleep(state.consume_delay)
        try:
            result, related = job()
            task["status"], task["status_display"] = "success", "Success"
            task["result_data"] = result
            task["related_document_ids"] = related
        except TaskFailure as exc:
            task["status"], task["status_display"] = "failure", "Failure"
            task["result_data"] = {
                "error_type": exc.error_type,
                "error_message": str(exc),
                "traceback": f"{exc.error_type}: {exc}",
            }
        except Exception as exc:  # a bug in a job still ends the task, as Celery would
            task["status"], task["status_display"] = "failure", "Failure"
            task["result_data"] = {
                "error_type": type(exc).__name__,
                "error_message": str(exc)[:500],
                "traceback": f"{type(exc).__name__}: {str(exc)[:500]}",
            }
        task["date_done"] = iso_local()
        task["duration_seconds"] = _seconds(task["date_started"], task["date_done"])
        try:
            with store.write() as db:
                store.put_object(db, "tasks", task, key=task["task_id"])
        except Exception:  # the store was closed under us (app torn down): nothing to record into
            return

    job_task = asyncio.get_running_loop().create_task(runner())
    state.jobs.add(job_task)
    job_task.add_done_callback(state.jobs.discard)


# ---------------------------------------------------------------------- views
def visible_tasks(req: Req) -> list[dict[str, Any]]:
    tasks = list(req.store.objects("tasks").values())
    if not req.is_superuser:
        tasks = [t for t in tasks if t.get("owner") in (None, req.uid)]
    return tasks


def legacy_task(task: dict[str, Any]) -> dict[str, Any]:
    status = str(task.get("status", "pending")).upper()
    result = task.get("result_data") or {}
    trigger = task.get("trigger_source")
    legacy_type = {"scheduled": "scheduled_task", "manual": "manual_task", "system": "manual_task"}.get(
        trigger or "", "auto_task"
    )
    if task.get("task_type") == "consume_file" and result.get("document_id"):
        message = f"Success. New document id {result['document_id']} created"
    else:
        message = result.get("error_message")
    related = (task.get("related_document_ids") or [None])[0]
    return {
        "id": task["id"],
        "task_id": task["task_id"],
        "task_name": task.get("task_type"),
        "task_file_name": (task.get("input_data") or {}).get("filename"),
        "type": legacy_type,
        "status": status,
        "date_created": task.get("date_created"),
        "date_done": task.get("date_done"),
        "result": message,
        "acknowledged": bool(task.get("acknowledged")),
        "related_document": str(related) if related is not None else None,
        "duplicate_documents": [],
        "owner": task.get("owner"),
    }


@api("GET", name="Tasks")
async def tasks_list(req: Req) -> Any:
    tasks = visible_tasks(req)
    q = req.query
    if "task_id" in q:
        tasks = [t for t in tasks if t.get("task_id") == q["task_id"]]
    if "task_type" in q:
        tasks = [t for t in tasks if t.get("task_type") == q["task_type"]]
    if "status" in q:
        tasks = [t for t in tasks if str(t.get("status")).lower() == q["status"].lower()]
    if "trigger_source" in q:
        tasks = [t for t in tasks if t.get("trigger_source") == q["trigger_source"]]
    if (ack := parse_bool(q.get("acknowledged"))) is not None:
        tasks = [t for t in tasks if bool(t.get("acknowledged")) is ack]
    ordering = q.get("ordering") or "-date_created"
    field = ordering.lstrip("-")
    if field not in ("date_created", "date_done", "id", "task_type", "status"):
        field = "date_created"
    tasks.sort(key=lambda t: (str(t.get(field) or ""), t["id"]), reverse=ordering.startswith("-"))
    if req.version < 10:
        return [legacy_task(t) for t in tasks]
    return paginate_list(req, tasks)


@api("GET", name="Task")
async def task_detail(req: Req) -> Any:
    tid = req.path_int(model="PaperlessTask")
    for task in visible_tasks(req):
        if task["id"] == tid:
            return legacy_task(task) if req.version < 10 else task
    raise ApiError(404, {"detail": "No PaperlessTask matches the given query."})


@api("GET", name="Task Summary")
async def tasks_summary(req: Req) -> Any:
    groups: dict[str, list[dict[str, Any]]] = {}
    for task in visible_tasks(req):
        groups.setdefault(task.get("task_type", ""), []).append(task)
    out = []
    for task_type in sorted(groups):
        items = groups[task_type]
        durations = [t["duration_seconds"] for t in items if t.get("duration_seconds") is not None]
        waits = [t["wait_time_seconds"] for t in items if t.get("wait_time_seconds") is not None]
        success = [t for t in items if t.get("status") == "success"]
        failure = [t for t in items if t.get("status") == "failure"]
        out.append(
            {
                "task_type": task_type,
                "total_count": len(items),
                "pending_count": sum(1 for t in items if t.get("status") in ("pending", "started")),
                "success_count": len(success),
                "failure_count": len(failure),
                "avg_duration_seconds": sum(durations) / len(durations) if durations else None,
                "avg_wait_time_seconds": sum(waits) / len(waits) if waits else None,
                "last_run": max((t.get("date_created") or "" for t in items), default=None),
                "last_success": max((t.get("date_done") or "" for t in success), default=None),
                "last_failure": max((t.get("date_done") or "" for t in failure), default=None),
            }
        )
    return out


@api("GET", name="Task Status Counts")
async def tasks_status_counts(req: Req) -> Any:
    tasks = visible_tasks(req)
    return {
        "all": len(tasks),
        "needs_attention": sum(
            1 for t in tasks if t.get("status") == "failure" and not t.get("acknowledged")
        ),
        "in_progress": sum(1 for t in tasks if t.get("status") in ("pending", "started")),
        "completed": sum(1 for t in tasks if t.get("status") == "success"),
    }


@api("GET", name="Active Tasks")
async def tasks_active(req: Req) -> Any:
    return [t for t in visible_tasks(req) if t.get("status") in ("pending", "started")]


@api("POST", name="Acknowledge Tasks")
async def tasks_acknowledge(req: Req) -> Any:
    data = await req.json_object()
    ids = data.get("tasks")
    if not isinstance(ids, list) or any(parse_int(i) is None for i in ids):
        raise ApiError(400, {"tasks": ["A valid integer is required."]})
    wanted = {int(i) for i in ids}
    count = 0
    with req.store.write() as db:
        for task in visible_tasks(req):
            if task["id"] in wanted and not task.get("acknowledged"):
                req.store.put_object(db, "tasks", {**task, "acknowledged": True}, key=task["task_id"])
                count += 1
    return {"result": count}


@api("POST", name="Run Task")
async def tasks_run(req: Req) -> Any:
    data = await req.json_object()
    task_type = data.get("task_type")
    if task_type not in RUNNABLE:
        if task_type in TYPE_DISPLAY:
            raise ApiError(400, {"error": f"Task type '{task_type}' cannot be manually triggered"})
        raise ApiError(400, {"task_type": [f'"{task_type}" is not a valid choice.']})
    if not req.is_superuser:
        raise ApiError(403, {"detail": "You do not have permission to perform this action."})
    task = new_task(req, task_type, "manual")

    def job() -> tuple[dict[str, Any] | None, list[int]]:
        if task_type == "llmindex_index":
            raise TaskFailure("LLM index is disabled on this server", "ValueError")
        return {"result": f"{TYPE_DISPLAY[task_type]} finished at {now_local().isoformat()}"}, []

    run_task(req, task, job)
    return {"task_id": task["task_id"]}
