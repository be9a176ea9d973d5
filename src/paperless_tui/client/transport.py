"""HTTP transport: one long-lived ``httpx.AsyncClient``, API version negotiation, retries, error mapping.

* Keep-alive connection pool, timeouts, ``Accept: application/json; version=10``; zstd/gzip bodies are
  decoded by httpx (``httpx[zstd]`` offers zstd in ``Accept-Encoding``).
* The negotiated API version starts at 10. A 406 (a Paperless-ngx 2.x server) downgrades to 9 once and
  repeats the request; an ``X-Api-Version`` header below 10 downgrades too. ``X-Version`` is kept as
  :attr:`Transport.server_version`.
* Idempotent requests (GET, HEAD, OPTIONS, PUT, DELETE) are retried with exponential backoff on
  connection errors, timeouts, incomplete bodies and 502/503/504/429 (GET/HEAD/OPTIONS also on 500).
  POST and PATCH are never retried.
* Every failure becomes an exception of :mod:`paperless_tui.client.exceptions`. The token lives only in
  the request headers: it is never logged, never part of an exception or a ``repr``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import ssl
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any, TypeVar
from urllib.parse import urlencode

import httpx
import pydantic

from . import exceptions as exc

__all__ = ["DEFAULT_TIMEOUT", "Transport", "error_from_response", "iter_body", "normalise_url"]

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_TIMEOUT = 30.0
NEWEST_API_VERSION = 10
OLDEST_API_VERSION = 9
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
RETRY_STATUSES = frozenset({429, 502, 503, 504})
#: Safe requests (no side effects) also retry a 500: a reverse proxy or a worker restart can cause one.
SAFE_RETRY_STATUSES = RETRY_STATUSES | {500}


def normalise_url(url: str) -> str:
    """``host:8000`` -> ``http://host:8000``; trailing slashes and a trailing ``/api`` removed."""
    url = url.strip()
    if "://" not in url:
        url = f"http://{url}"
    url = url.rstrip("/")
    if url.endswith("/api"):
        url = url[: -len("/api")]
    return url


def _json_or_text(response: httpx.Response) -> tuple[Any, str]:
    """The decoded error body (JSON if it parses, else text) and its one-line message."""
    ctype = response.headers.get("content-type", "")
    text = response.text
    if "json" in ctype or text[:1] in ("{", "["):
        try:
            body = json.loads(text)
        except ValueError:
            return text, exc.text_of_html(text)
        return body, exc.message_of_json(body)
    return text, exc.text_of_html(text)


def _field_errors(body: Any) -> dict[str, list[str]]:
    """``{"tags": ["Invalid pk ..."]}`` -> same, with nested messages flattened to strings."""
    if not isinstance(body, dict):
        return {}
    out: dict[str, list[str]] = {}
    for key, value in body.items():
        if key == "detail":
            continue
        out[str(key)] = [m.split(": ", 1)[-1] if m.startswith(": ") else m for m in exc._flatten(value)]
    return out


def error_from_response(response: httpx.Response, request: exc.RequestInfo) -> exc.ResponseError:
    """The exception for an unsuccessful response (any status >= 300, or 2xx ``{"error": ...}``)."""
    status = response.status_code
    body, message = _json_or_text(response)
    kwargs: dict[str, Any] = {"status": status, "request": request, "body": body}
    detail = body.get("detail") if isinstance(body, dict) else None
    if status == 401:
        if isinstance(detail, str) and "not provided" in detail:
            return exc.NoCredentialsError(message, **kwargs)
        return exc.InvalidTokenError(message, **kwargs)
    if status == 403:
        return exc.ForbiddenError(message, **kwargs)
    if status == 404:
        if detail == "Invalid page.":
            return exc.InvalidPageError(message, **kwargs)
        return exc.NotFoundError(message, **kwargs)
    if status == 400:
        if isinstance(body, dict) and "detail" not in body:
            if set(body) == {"non_field_errors"} and "log in" in message:
                return exc.LoginError(message, errors=_field_errors(body), **kwargs)
            return exc.ValidationError(message, errors=_field_errors(body), **kwargs)
        return exc.BadRequestError(message, **kwargs)
    if status == 405:
        return exc.MethodNotAllowedError(message, **kwargs)
    if status == 406:
        return exc.VersionNotAcceptedError(message, **kwargs)
    if status == 415:
        return exc.UnsupportedMediaTypeError(message, **kwargs)
    if status == 429:
        return exc.RateLimitedError(message, **kwargs)
    if status >= 500:
        return exc.ServerError(message, **kwargs)
    if 200 <= status < 300:
        return exc.ErrorInBodyError(message, **kwargs)
    if 300 <= status < 400:
        location = response.headers.get("location", "")
        return exc.UnexpectedStatusError(f"redirected to {location}" if location else message, **kwargs)
    return exc.UnexpectedStatusError(message, **kwargs)


def _is_error_body(content: bytes) -> bool:
    """True for a 2xx JSON body that is exactly ``{"error": ...}`` (cheap check before parsing)."""
    head = content[:16].lstrip()
    if not head.startswith(b'{"error"'):
        return False
    try:
        body = json.loads(content)
    except ValueError:
        return False
    return isinstance(body, dict) and set(body) == {"error"}


class Transport:
    """The HTTP layer of one :class:`~paperless_tui.client.Paperless` instance (no shared state)."""

    def __init__(
        self,
        url: str,
        token: str | None,
        *,
        client: httpx.AsyncClient | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retries: int = 3,
        backoff: float = 0.25,
        api_version: int = NEWEST_API_VERSION,
    ) -> None:
        self.base_url = normalise_url(url) if url else str(client.base_url).rstrip("/") if client else ""
        self._owns_client = client is None
        if client is None:
            client = httpx.AsyncClient(
                timeout=timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
                limits=httpx.Limits(max_connections=20, max_keepalive_connections=10, keepalive_expiry=60),
                follow_redirects=False,
                verify=True if self.base_url.startswith("https://") else _trust_nothing(),
            )
        self._client = client
        self._auth = {"Authorization": f"Token {token}"} if token else {}
        self.retries = retries
        self.backoff = backoff
        #: The API version we send (10, or 9 after negotiating with a 2.x server).
        self.api_version = api_version
        #: ``X-Version`` of the server (for example ``"3.0.5"``), once seen.
        self.server_version: str | None = None
        #: ``X-Api-Version`` of the server: the newest version it allows.
        self.server_api_version: int | None = None
        #: Number of HTTP requests sent (retries included); handy for tests and diagnostics.
        self.requests_sent = 0

    def __repr__(self) -> str:
        return f"Transport({self.base_url!r}, api_version={self.api_version})"

    @property
    def http(self) -> httpx.AsyncClient:
        """The underlying httpx client."""
        return self._client

    async def aclose(self) -> None:
        """Close the httpx client if we created it (a client passed in belongs to the caller)."""
        if self._owns_client:
            await self._client.aclose()

    def url(self, path: str) -> str:
        """Absolute URL of an API path such as ``/api/documents/``."""
        if path.startswith(("http://", "https://")):
            return path
        return f"{self.base_url}{path}"

    def _headers(self, accept: str = "application/json") -> dict[str, str]:
        return {"Accept": f"{accept}; version={self.api_version}", **self._auth}

    def _note_versions(self, response: httpx.Response) -> None:
        api = response.headers.get("x-api-version")
        if api is not None and self.server_api_version is None:
            try:
                self.server_api_version = int(api)
            except ValueError:
                pass
            else:
                if OLDEST_API_VERSION <= self.server_api_version < self.api_version:
                    self.api_version = self.server_api_version
        version = response.headers.get("x-version")
        if version is not None:
            self.server_version = version

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        files: Any = None,
        ok_statuses: tuple[int, ...] = (),
        extensions: dict[str, Any] | None = None,
        stream: bool = False,
    ) -> httpx.Response:
        """Send a request; return the response if it is 2xx (or in ``ok_statuses``), else raise.

        With ``stream=True`` the body of a successful response is not read yet: the caller reads it
        (``aiter_bytes``) and closes the response (:meth:`stream` does both). Retries happen only
        before a body starts to arrive.
        """
        method = method.upper()
        url = self.url(path)
        idempotent = method in IDEMPOTENT
        retry_statuses = SAFE_RETRY_STATUSES if method in SAFE else RETRY_STATUSES
        attempt = 0
        downgraded = False
        info = exc.RequestInfo(method, f"{url}?{urlencode(params)}" if params else url)
        while True:
            self.requests_sent += 1
            log.debug("%s %s", method, info.url)
            try:
                built = self._client.build_request(
                    method,
                    url,
                    params=params,
                    json=json,
                    data=data,
                    files=files,
                    headers=self._headers(),
                    extensions=extensions,
                )
                response = await self._client.send(built, stream=stream)
                if stream and not (200 <= response.status_code < 300 or response.status_code in ok_statuses):
                    try:  # an error's body is small: read it for the message, then free the connection
                        await response.aread()
                    finally:
                        await response.aclose()
            except httpx.TimeoutException as error:
                failure: exc.PaperlessError = exc.PaperlessTimeoutError(
                    f"{type(error).__name__}", request=info
                )
                cause: BaseException = error
            except httpx.TransportError as error:
                failure = exc.PaperlessConnectionError(one_line_error(error), request=info)
                cause = error
            else:
                self._note_versions(response)
                status = response.status_code
                if (200 <= status < 300 or status in ok_statuses) and not (
                    status == 200 and not stream and _is_error_body(response.content)
                ):
                    return response
                if status == 406 and not downgraded and self.api_version > OLDEST_API_VERSION:
                    # A Paperless-ngx 2.x server: it only knows versions up to 9.
                    downgraded = True
                    self.api_version = OLDEST_API_VERSION
                    continue
                failure = error_from_response(response, info)
                cause = failure
                if not (idempotent and status in retry_statuses and attempt < self.retries):
                    raise failure
                retry_after = response.headers.get("retry-after", "")
                if retry_after.isdigit():
                    await asyncio.sleep(min(float(retry_after), 10.0))
                    attempt += 1
                    continue
            if not idempotent or attempt >= self.retries:
                raise failure from (cause if cause is not failure else None)
            delay = self.backoff * (2**attempt) * (0.5 + random.random())
            attempt += 1
            log.debug("retrying %s %s in %.2fs (%s)", method, info.url, delay, type(failure).__name__)
            await asyncio.sleep(delay)

    @asynccontextmanager
    async def stream(
        self, method: str, path: str, *, params: Mapping[str, Any] | None = None
    ) -> AsyncIterator[httpx.Response]:
        """``async with transport.stream("GET", path) as response:`` a successful response whose body is
        read by the caller (see :func:`iter_body`); closed on leaving the block. Failures raise as for
        :meth:`request`."""
        response = await self.request(method, path, params=params, stream=True)
        try:
            yield response
        finally:
            await response.aclose()

    async def get_json(self, path: str, *, params: Mapping[str, Any] | None = None) -> Any:
        """GET a path and return its decoded JSON (errors, including malformed JSON, raise)."""
        response = await self.request("GET", path, params=params)
        return self.decode(response)

    def decode(self, response: httpx.Response) -> Any:
        """The JSON of a response; :class:`MalformedJsonError` if it is not JSON."""
        try:
            return json.loads(response.content)
        except ValueError as error:
            raise exc.MalformedJsonError(
                f"invalid JSON ({error})", status=response.status_code, request=_info(response)
            ) from error

    def parse(self, response: httpx.Response, adapter: pydantic.TypeAdapter[T]) -> T:
        """Validate a response body straight from its bytes with a pydantic ``TypeAdapter``."""
        try:
            return adapter.validate_json(response.content)
        except pydantic.ValidationError as error:
            raise self.invalid(error, response) from error

    @staticmethod
    def invalid(error: pydantic.ValidationError, response: httpx.Response) -> exc.InvalidResponseError:
        """The client-side exception for a body that failed validation."""
        return invalid_body(error, response.status_code, _info(response))


def invalid_body(
    error: pydantic.ValidationError, status: int, request: exc.RequestInfo
) -> exc.InvalidResponseError:
    """The client-side exception for a body (answered with ``status`` to ``request``) that failed
    validation: ``MalformedJsonError`` if it is not JSON, else ``InvalidResponseError`` naming the place."""
    first = error.errors(include_url=False, include_context=False, include_input=False)
    kind = first[0]["type"] if first else ""
    where = ".".join(str(p) for p in first[0]["loc"]) if first else ""
    text = f"{first[0]['msg']} at {where}" if first else str(error)
    cls = exc.MalformedJsonError if kind in ("json_invalid", "json_type") else exc.InvalidResponseError
    return cls(text, status=status, request=request)


def _trust_nothing() -> ssl.SSLContext:
    """A TLS context for plain-HTTP servers: it verifies certificates but trusts no CA at all.

    Loading the system CA bundle costs ~80 ms per client; a client for an ``http://`` URL never makes a
    TLS connection (redirects are not followed and all requests go to the base URL), and if one ever
    happened it would fail verification instead of going unverified.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = True
    context.verify_mode = ssl.CERT_REQUIRED
    return context


def _info(response: httpx.Response) -> exc.RequestInfo:
    return exc.RequestInfo(response.request.method, str(response.request.url))


def one_line_error(error: BaseException) -> str:
    """A short description of a transport error (type and message, no headers)."""
    text = str(error) or type(error).__name__
    return exc.one_line(f"{type(error).__name__}: {text}" if str(error) else text, 200)


async def iter_body(response: httpx.Response, chunk_size: int | None = None) -> AsyncIterator[bytes]:
    """The decoded body of a streamed response in chunks (as they arrive, unless ``chunk_size``).

    A failure while reading (connection lost, timeout, body cut short) raises the client's
    :class:`~paperless_tui.client.exceptions.PaperlessConnectionError` or ``PaperlessTimeoutError``.
    """
    info = _info(response)
    try:
        async for chunk in response.aiter_bytes(chunk_size):
            yield chunk
    except httpx.TimeoutException as error:
        raise exc.PaperlessTimeoutError(f"{type(error).__name__} while reading", request=info) from error
    except httpx.TransportError as error:
        raise exc.PaperlessConnectionError(one_line_error(error), request=info) from error
