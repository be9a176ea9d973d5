"""The demo server's routes, one small module per area; `api_routes()` assembles the URL table."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from paperless_tui.demo.routes import auth, documents

Endpoint = Callable[[Request], Awaitable[Response]]


class AnyMethod:
    """An ASGI app around an endpoint, so the route takes every method and the view answers 405 itself."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        response = await self.endpoint(Request(scope, receive))
        await response(scope, receive, send)


def api_routes() -> list[BaseRoute]:
    table: list[tuple[str, Endpoint]] = [
        ("/api/", auth.api_root),
        ("/api/token/", auth.obtain_token),
        ("/api/profile/", auth.profile),
        ("/api/documents/", documents.documents_list),
        ("/api/documents/next_asn/", documents.next_asn),
        ("/api/documents/{id}/", documents.document_detail),
        ("/api/documents/{id}/root/", documents.document_root),
    ]
    return [Route(path, AnyMethod(endpoint)) for path, endpoint in table]
