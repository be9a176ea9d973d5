"""The standard CRUD service every resource has: fetch by id, iterate, page, filter, create/save,
update and delete.

``paperless.tags(3)`` fetches one; ``async for tag in paperless.tags`` iterates all (pages of 100, the
next page is requested while the current one is consumed); ``await paperless.tags.page(2, page_size=25)``
gives one :class:`~paperless_tui.client.models.Page`; ``paperless.tags.filter(name__icontains="fin")``
returns a filtered copy of the service (usable directly or as ``async with ... as filtered``);
``paperless.tags.create(name="x")`` makes a :class:`Draft` and ``await paperless.tags.save(draft)``
returns the new id; ``update(model, only_changed=True)`` sends a PATCH of changed fields (``False``: a
PUT of all writable ones); ``delete(model_or_id, silent_fail=False)``.

Filter values: lists become comma-separated strings, booleans ``true``/``false``, dates ISO strings.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import AsyncIterator, Mapping
from contextlib import suppress
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar, cast

import httpx
import pydantic
from pydantic import TypeAdapter
from pydantic.dataclasses import dataclass

from .. import exceptions as exc
from ..models.base import CONFIG, Model, Page, adapter, to_api
from ..transport import invalid_body

if TYPE_CHECKING:
    from ..client import Paperless

__all__ = ["Draft", "ResourceService", "encode_params"]

M = TypeVar("M", bound=Model)

#: Page size used when iterating (the server allows up to 100000; 100 keeps memory and latency low).
ITER_PAGE_SIZE = 100


def encode_param(value: Any) -> str:
    """A filter value as the server expects it in the query string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(encode_param(v) for v in value)
    return str(value)


def encode_params(params: Mapping[str, Any]) -> dict[str, str]:
    """Encode every value with :func:`encode_param`, dropping ``None`` values."""
    return {key: encode_param(value) for key, value in params.items() if value is not None}


@dataclasses.dataclass(slots=True)
class Draft:
    """A new object waiting for ``save()``: the resource name and its field values (API names)."""

    resource: str
    data: dict[str, Any]
    #: The created object as the server returned it, once saved.
    saved: Any = None

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.data[key] = value


def _payload(data: Mapping[str, Any]) -> dict[str, Any]:
    """Model values as a JSON body; ``permissions`` is sent as ``set_permissions``."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "permissions":
            if value is not None:
                out["set_permissions"] = to_api(value)
            continue
        out[key] = to_api(value)
    return out


#: At most this many event-loop turns are granted to a prefetch so that its request is written (the
#: httpcore trace tells when) before the current page is parsed.
_SEND_TICKS = 12
_NEXT_NULL = (b'"next":null', b'"next": null')


def _has_next(content: bytes) -> bool:
    """Cheap look at a page body: False if its ``next`` is null (DRF puts it right after ``count``)."""
    head = content[:200]
    return head[:1] == b"{" and not any(marker in head for marker in _NEXT_NULL)


def _request_of(response: httpx.Response) -> exc.RequestInfo:
    return exc.RequestInfo(response.request.method, str(response.request.url))


def _retrieve(task: asyncio.Task[Any]) -> None:
    """Done-callback: mark a prefetch's exception as seen (the consumer may have stopped early)."""
    if not task.cancelled():
        task.exception()


@dataclass(slots=True, kw_only=True, config=CONFIG)
class _Row:
    """What a lazily parsed page decodes of each object up front: its id (the other keys are skipped)."""

    id: int


@dataclass(slots=True, kw_only=True, config=CONFIG)
class _PageHead:
    """A page with its objects reduced to their ids (validated like :class:`Page`, minus the objects)."""

    count: int = 0
    next: str | None = None
    previous: str | None = None
    results: list[_Row] = dataclasses.field(default_factory=list)
    all: list[int] | None = None
    corrected_query: str | None = None


_HEAD: TypeAdapter[_PageHead] = adapter(_PageHead)


_PUBLIC_FIELDS: dict[type[Model], tuple[str, ...]] = {}


def _public_fields(model: type[Model]) -> tuple[str, ...]:
    names = _PUBLIC_FIELDS.get(model)
    if names is None:
        names = _PUBLIC_FIELDS[model] = tuple(f.name for f in dataclasses.fields(model) if f.name[0] != "_")
    return names


class LazyRows:
    """The undecoded body of one page and the objects made from it (each holding only its id).

    The first read of any other field of any of them (``Model.__getattr__``) calls :meth:`load`: the
    body is validated in one pass (the same ``TypeAdapter`` an eager page uses) and every object of
    the page gets its fields; then the body is dropped. A body that fails validation raises
    :class:`~paperless_tui.client.exceptions.InvalidResponseError` from that read (and from every
    later one).
    """

    __slots__ = ("_adapter", "_content", "_request", "_rows", "_status")

    def __init__(
        self, adapter: TypeAdapter[Any], content: bytes, status: int, request: exc.RequestInfo
    ) -> None:
        self._adapter = adapter
        self._content: bytes | None = content
        self._status = status
        self._request = request
        self._rows: list[Model] | None = None

    def load(self) -> None:
        """Decode the page and fill its objects (once; nothing to do afterwards)."""
        rows, content = self._rows, self._content
        if rows is None or content is None:
            return
        try:
            page: Page[Any] = self._adapter.validate_json(content)
        except pydantic.ValidationError as error:
            raise invalid_body(error, self._status, self._request) from error
        self._rows = self._content = None
        if not rows:
            return
        names = _public_fields(type(rows[0]))
        values_of = attrgetter(*names)
        setter = object.__setattr__
        for row, full in zip(rows, page.results, strict=True):
            for name, value in zip(names, values_of(full), strict=True):
                setter(row, name, value)
            setter(row, "_lazy", None)


class ResourceService(Generic[M]):
    """CRUD for one resource type. Instances are cheap; :meth:`filter` returns a new one."""

    #: API path of the collection, e.g. ``/api/tags/``.
    path: ClassVar[str] = ""
    #: Name used for drafts and error messages.
    resource: ClassVar[str] = ""
    #: Fields a draft must have before ``save``.
    required: ClassVar[tuple[str, ...]] = ("name",)
    model: ClassVar[type[Model]]
    #: Pages of this resource are parsed lazily (see :class:`LazyRows`): only the ids up front.
    lazy_rows: ClassVar[bool] = False
    _item: ClassVar[TypeAdapter[Any]]
    _page: ClassVar[TypeAdapter[Any]]
    _list: ClassVar[TypeAdapter[Any]]

    def __init__(self, paperless: Paperless, params: Mapping[str, Any] | None = None) -> None:
        self._paperless = paperless
        self._params: dict[str, Any] = dict(params or {})

    @classmethod
    def _adapters(cls, model: type[Model]) -> None:
        """Build the TypeAdapters of a subclass once, at class creation."""
        cls.model = model
        cls._item = adapter(model)
        cls._page = adapter(Page[model])  # type: ignore[valid-type]
        cls._list = adapter(list[model])  # type: ignore[valid-type]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(params={self._params!r})"

    @property
    def params(self) -> dict[str, Any]:
        """The filter parameters of this (filtered) service."""
        return dict(self._params)

    # -- single objects ---------------------------------------------------------------------------

    def _detail_path(self, pk: int | str) -> str:
        return f"{self.path}{pk}/"

    async def __call__(self, pk: int, **params: Any) -> M:
        """Fetch one object by id (``NotFoundError`` if it does not exist or is not visible)."""
        transport = self._paperless.transport
        response = await transport.request("GET", self._detail_path(pk), params=encode_params(params) or None)
        obj: M = transport.parse(response, self._item)
        obj.bind(self._paperless)
        obj.take_snapshot()
        return obj

    # -- lists ------------------------------------------------------------------------------------

    def filter(self, *filters: Any, **params: Any) -> Self:
        """A copy of this service restricted by query parameters.

        Positional arguments are objects with a ``to_params()`` method (such as
        :class:`~paperless_tui.client.filters.DocumentFilter`) or mappings; keyword arguments are raw
        server parameters (``name__icontains="fin"``). Later values win.
        """
        merged = dict(self._params)
        for item in filters:
            merged.update(item.to_params() if hasattr(item, "to_params") else dict(item))
        merged.update(params)
        return type(self)(self._paperless, merged)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *_: object) -> None:
        return None

    def _list_params(self) -> dict[str, str]:
        return encode_params(self._params)

    def _after_page(self, page: Page[M]) -> None:
        """Hook for subclasses (documents fix search ranks and highlights here)."""

    async def _get_page(
        self, params: Mapping[str, str], number: int, size: int, sent: asyncio.Event | None = None
    ) -> httpx.Response:
        query = {**params, "page": str(number), "page_size": str(size)}
        extensions = None
        if sent is not None:

            async def trace(event: str, info: Any) -> None:
                if event.endswith("send_request_body.complete"):
                    sent.set()

            extensions = {"trace": trace}
        return await self._paperless.transport.request("GET", self.path, params=query, extensions=extensions)

    def _parse_page(self, response: httpx.Response, number: int, size: int) -> Page[M]:
        transport = self._paperless.transport
        content = response.content
        if content[:1] == b"[":
            # An unpaginated list (v9 tasks): one page with everything.
            items: list[M] = transport.parse(response, self._list)
            page: Page[M] = Page(count=len(items), results=items)
        elif self.lazy_rows:
            page = self._lazy_page(response)
        else:
            page = transport.parse(response, self._page)
        page.current_page = number
        page.page_size = size
        if not self.lazy_rows:
            api = self._paperless
            setter = object.__setattr__
            for item in page.results:
                setter(item, "_api", api)
        self._after_page(page)
        return page

    def _lazy_page(self, response: httpx.Response) -> Page[M]:
        """A page whose objects carry only their ids until a field of one of them is read."""
        head = self._paperless.transport.parse(response, _HEAD)
        rows: list[M] = []
        if head.results:
            lazy = LazyRows(self._page, response.content, response.status_code, _request_of(response))
            model, api = self.model, self._paperless
            new, setter = object.__new__, object.__setattr__
            for row in head.results:
                obj = new(model)
                setter(obj, "id", row.id)
                setter(obj, "_api", api)
                setter(obj, "_lazy", lazy)
                rows.append(cast(M, obj))
            lazy._rows = cast(list[Model], rows)
        page: Page[M] = object.__new__(Page)
        for name, value in (
            ("count", head.count),
            ("next", head.next),
            ("previous", head.previous),
            ("results", rows),
            ("all", head.all),
            ("corrected_query", head.corrected_query),
        ):
            object.__setattr__(page, name, value)
        return page

    async def _fetch_page(self, params: Mapping[str, str], number: int, size: int) -> Page[M]:
        return self._parse_page(await self._get_page(params, number, size), number, size)

    async def page(self, page: int = 1, page_size: int = 25) -> Page[M]:
        """Fetch one page (1-based). A page past the end raises ``InvalidPageError``."""
        return await self._fetch_page(self._list_params(), page, page_size)

    async def pages(self, page: int = 1, page_size: int = ITER_PAGE_SIZE) -> AsyncIterator[Page[M]]:
        """Iterate pages from ``page`` on.

        While one page is parsed and consumed, the request for the next one is already on its way
        (when the body says there is a next page), so server time and client time overlap.
        """
        params = self._list_params()
        number = page
        fetch: asyncio.Task[httpx.Response] | None = asyncio.ensure_future(
            self._get_page(params, number, page_size)
        )
        try:
            while fetch is not None:
                response = await fetch
                fetch = None
                if _has_next(response.content):
                    sent = asyncio.Event()
                    fetch = asyncio.ensure_future(self._get_page(params, number + 1, page_size, sent))
                    fetch.add_done_callback(_retrieve)
                    for _ in range(_SEND_TICKS):  # let the next request reach the server before parsing
                        if sent.is_set() or fetch.done():
                            break
                        await asyncio.sleep(0)
                current = self._parse_page(response, number, page_size)
                if current.next is None or not current.results:
                    if fetch is not None:
                        fetch.cancel()
                        fetch = None
                elif fetch is None:
                    fetch = asyncio.ensure_future(self._get_page(params, number + 1, page_size))
                number += 1
                yield current
        finally:
            if fetch is not None and not fetch.done():
                fetch.cancel()
                with suppress(asyncio.CancelledError, exc.PaperlessError):
                    await fetch

    async def __aiter__(self) -> AsyncIterator[M]:
        async for page in self.pages():
            for item in page.results:
                yield item

    async def as_list(self) -> list[M]:
        """All (filtered) objects as a list."""
        return [item async for item in self]

    async def as_dict(self) -> dict[int, M]:
        """All (filtered) objects by id."""
        return {item.id: item async for item in self}  # type: ignore[attr-defined]

    async def count(self) -> int:
        """Number of (filtered) objects, with one small request."""
        page = await self._fetch_page(self._list_params(), 1, 1)
        return page.count

    # -- create / update / delete -----------------------------------------------------------------

    def create(self, **fields: Any) -> Draft:
        """A draft of a new object; nothing is sent until :meth:`save`."""
        return Draft(self.resource, dict(fields))

    async def save(self, draft: Draft) -> int:
        """Create the drafted object; return its id (``draft.saved`` holds the object)."""
        missing = [name for name in self.required if draft.data.get(name) in (None, "")]
        if missing:
            raise exc.DraftError(f"{self.resource}: missing required field(s) {', '.join(missing)}")
        transport = self._paperless.transport
        response = await transport.request("POST", self.path, json=_payload(draft.data))
        obj: M = transport.parse(response, self._item)
        obj.bind(self._paperless)
        draft.saved = obj
        pk: int = obj.id  # type: ignore[attr-defined]
        return pk

    async def update(self, model: M, *, only_changed: bool = True) -> bool:
        """Send changes: PATCH of changed fields (True if something was sent), or PUT of all."""
        if only_changed:
            data = model.changed_fields()
            if not data:
                return False
            method = "PATCH"
        else:
            data = model.writable_fields()
            method = "PUT"
        transport = self._paperless.transport
        pk = model.id  # type: ignore[attr-defined]
        response = await transport.request(method, self._detail_path(pk), json=_payload(data))
        fresh: M = transport.parse(response, self._item)
        model.refresh_from(fresh)
        model.bind(self._paperless)
        return True

    async def delete(self, model: M | int, *, silent_fail: bool = False) -> bool:
        """Delete an object (by model or id). With ``silent_fail`` a server error returns False."""
        pk = model if isinstance(model, int) else model.id  # type: ignore[attr-defined]
        try:
            await self._paperless.transport.request("DELETE", self._detail_path(pk))
        except exc.ResponseError:
            if silent_fail:
                return False
            raise
        return True
