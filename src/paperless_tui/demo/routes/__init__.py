"""The demo server's routes, one small module per area; `api_routes()` assembles the URL table."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from paperless_tui.demo.routes import (
    auth,
    bulk,
    consume,
    doc_extras,
    documents,
    files,
    mail,
    misc,
    objects,
    selection,
    tasks,
    trash,
)

Endpoint = Callable[[Request], Awaitable[Response]]
EMPTY_LISTS = (
    "mail_accounts",
    "mail_rules",
    "processed_mail",
    "workflows",
    "workflow_triggers",
    "workflow_actions",
    "share_link_bundles",
)


class AnyMethod:
    """An ASGI app around an endpoint, so the route takes every method and the view answers 405 itself."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        response = await self.endpoint(Request(scope, receive))
        await response(scope, receive, send)


def api_routes() -> list[BaseRoute]:
    d = "/api/documents"
    table: list[tuple[str, Endpoint]] = [
        ("/api/", auth.api_root),
        ("/api/token/", auth.obtain_token),
        ("/api/profile/", auth.profile),
        (f"{d}/", documents.documents_list),
        (f"{d}/next_asn/", documents.next_asn),
        (f"{d}/post_document/", consume.post_document),
        (f"{d}/bulk_edit/", bulk.bulk_edit),
        (f"{d}/bulk_download/", selection.bulk_download),
        (f"{d}/selection_data/", selection.selection_data),
        (f"{d}/email/", mail.email),
        (f"{d}/rotate/", bulk.rotate),
        (f"{d}/merge/", bulk.merge),
        (f"{d}/delete/", bulk.delete),
        (f"{d}/reprocess/", bulk.reprocess),
        (f"{d}/edit_pdf/", bulk.edit_pdf),
        (f"{d}/remove_password/", bulk.remove_password),
        (d + "/{id}/", documents.document_detail),
        (d + "/{id}/root/", documents.document_root),
        (d + "/{id}/download/", files.download),
        (d + "/{id}/preview/", files.preview),
        (d + "/{id}/thumb/", files.thumb),
        (d + "/{id}/metadata/", files.metadata),
        (d + "/{id}/notes/", doc_extras.notes),
        (d + "/{id}/share_links/", doc_extras.doc_share_links),
        (d + "/{id}/history/", doc_extras.history),
        (d + "/{id}/suggestions/", doc_extras.suggestions),
        (d + "/{id}/email/", mail.email_single),
        (d + "/{id}/update_version/", consume.update_version),
        (d + "/{id}/versions/{version_id}/", consume.version_detail),
        ("/api/trash/", trash.trash),
        ("/api/bulk_edit_objects/", objects.bulk_edit_objects),
        ("/api/tasks/", tasks.tasks_list),
        ("/api/tasks/summary/", tasks.tasks_summary),
        ("/api/tasks/status_counts/", tasks.tasks_status_counts),
        ("/api/tasks/active/", tasks.tasks_active),
        ("/api/tasks/acknowledge/", tasks.tasks_acknowledge),
        ("/api/tasks/run/", tasks.tasks_run),
        ("/api/tasks/{id}/", tasks.task_detail),
        ("/api/statistics/", misc.statistics),
        ("/api/status/", misc.status),
        ("/api/ui_settings/", misc.ui_settings),
        ("/api/remote_version/", misc.remote_version),
        ("/api/config/", misc.config),
        ("/api/logs/", misc.logs),
        ("/api/logs/{name}/", misc.log_detail),
        ("/api/storage_paths/test/", misc.storage_path_test),
        ("/api/search/", misc.global_search),
        ("/api/search/autocomplete/", misc.autocomplete),
    ]
    for name, (list_view, detail_view) in objects.VIEWS.items():
        table.append((f"/api/{name}/", list_view))
        table.append((f"/api/{name}/" + "{id}/", detail_view))
    table.extend((f"/api/{name}/", misc.empty_list) for name in EMPTY_LISTS)
    routes: list[BaseRoute] = [Route(path, AnyMethod(endpoint)) for path, endpoint in table]
    routes.append(Route("/share/{slug}", files.public_share))
    routes.append(Route("/share/{slug}/", files.public_share))
    return routes
