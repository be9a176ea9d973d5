"""The entry point: :class:`Paperless`, one connected client with a service per API area.

    async with Paperless("http://localhost:8000", token) as paperless:
        doc = await paperless.documents(42)

Entering the context checks the connection and the token (``GET /api/ui_settings/``) and negotiates the
API version; leaving closes the HTTP client (unless it was passed in: it belongs to the caller).
:func:`login` exchanges a username and password for a token (``POST /api/token/``).
"""

from __future__ import annotations

from typing import Any

import httpx

from . import exceptions as exc
from .models.base import Model
from .models.documents import DocumentDraft, DocumentNoteDraft
from .models.system import UiSettings
from .services.base import Draft, ResourceService
from .services.documents import DocumentService
from .services.resources import (
    CorrespondentService,
    CustomFieldService,
    DocumentTypeService,
    GroupService,
    SavedViewService,
    ShareLinkService,
    StoragePathService,
    TagService,
    UserService,
)
from .services.system import StatisticsService, StatusService, UiSettingsService
from .services.tasks import TaskService
from .services.trash import TrashService
from .transport import DEFAULT_TIMEOUT, Transport, normalise_url

__all__ = ["Paperless", "login"]


class Paperless:
    """A Paperless-ngx server, as one user (``token``). Holds no global state; make as many as you like.

    ``client``: an ``httpx.AsyncClient`` to use instead of our own (for example one with an
    ``httpx.ASGITransport`` for in-process tests); it is not closed by :meth:`close`.
    """

    def __init__(
        self,
        url: str,
        token: str | None = None,
        *,
        client: httpx.AsyncClient | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retries: int = 3,
        backoff: float = 0.25,
        api_version: int = 10,
    ) -> None:
        self.transport = Transport(
            url,
            token,
            client=client,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            api_version=api_version,
        )
        #: The logged-in user and their UI settings, read when entering the context.
        self.settings: UiSettings | None = None
        self.documents = DocumentService(self)
        self.tags = TagService(self)
        self.correspondents = CorrespondentService(self)
        self.document_types = DocumentTypeService(self)
        self.storage_paths = StoragePathService(self)
        self.custom_fields = CustomFieldService(self)
        self.users = UserService(self)
        self.groups = GroupService(self)
        self.saved_views = SavedViewService(self)
        self.share_links = ShareLinkService(self)
        self.tasks = TaskService(self)
        self.trash = TrashService(self)
        self.status = StatusService(self)
        self.statistics = StatisticsService(self)
        self.ui_settings = UiSettingsService(self)

    def __repr__(self) -> str:
        return f"Paperless({self.base_url!r}, api_version={self.api_version})"

    # -- connection -------------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The server's base URL (``http://host:8000``)."""
        return self.transport.base_url

    @property
    def api_version(self) -> int:
        """The API version in use: 10, or 9 for Paperless-ngx 2.x servers."""
        return self.transport.api_version

    @property
    def server_version(self) -> str | None:
        """The server's version (``X-Version``, e.g. ``"3.0.5"``), once a response carried it."""
        return self.transport.server_version

    async def initialize(self) -> None:
        """Check connection and token and negotiate the API version (done by ``async with``)."""
        try:
            self.settings = await self.ui_settings()
        except exc.NotFoundError:
            self.settings = None

    async def close(self) -> None:
        """Close the HTTP client (if we own it)."""
        await self.transport.aclose()

    async def __aenter__(self) -> Paperless:
        try:
            await self.initialize()
        except BaseException:
            await self.close()
            raise
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    # -- dispatcher -------------------------------------------------------------------------------

    def _service_of(self, model: Model) -> ResourceService[Any]:
        name = type(model)._service
        service = getattr(self, name, None) if name else None
        if not isinstance(service, ResourceService):
            raise TypeError(f"no service for {type(model).__name__}")
        return service

    async def update(self, model: Model, *, only_changed: bool = True) -> bool:
        """Save changes of any model through its service (``paperless.update(doc)``)."""
        return await self._service_of(model).update(model, only_changed=only_changed)

    async def delete(self, model: Model, *, silent_fail: bool = False) -> bool:
        """Delete any model through its service (``paperless.delete(doc)``)."""
        return await self._service_of(model).delete(model, silent_fail=silent_fail)

    async def save(self, draft: Draft | DocumentDraft | DocumentNoteDraft) -> int | str:
        """Save any draft: the new id, or a task id for document uploads."""
        if isinstance(draft, DocumentDraft):
            return await self.documents.save(draft)
        if isinstance(draft, DocumentNoteDraft):
            return await self.documents.notes.save(draft)
        service = getattr(self, draft.resource, None)
        if not isinstance(service, ResourceService):
            raise exc.DraftError(f"unknown resource {draft.resource!r}")
        saved: int | str = await service.save(draft)
        return saved


async def login(
    url: str,
    username: str,
    password: str,
    *,
    client: httpx.AsyncClient | None = None,
    timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109 (the HTTP timeout handed to httpx)
) -> str:
    """Exchange username and password for the user's API token (``POST /api/token/``).

    Raises ``LoginError`` for wrong credentials, ``RateLimitedError`` after 5 tries a minute.
    """
    transport = Transport(normalise_url(url), None, client=client, timeout=timeout, retries=0)
    try:
        response = await transport.request(
            "POST", "/api/token/", json={"username": username, "password": password}
        )
        data = transport.decode(response)
    finally:
        await transport.aclose()
    token = data.get("token") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token:
        raise exc.InvalidResponseError("the token endpoint returned no token")
    return token
