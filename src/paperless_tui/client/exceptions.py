"""One exception hierarchy for everything that can go wrong talking to Paperless-ngx.

Every exception derives from :class:`PaperlessError` and carries:

* ``status``: the HTTP status code, or ``None`` when no response arrived (connection, timeout) or the
  problem is on our side (a draft missing a field);
* ``server_message``: the server's own words (``detail``, ``error``, field messages or the plain text
  body of the ``text/html`` views), already reduced to one line;
* ``request``: a :class:`RequestInfo` (method and URL; never headers, so never the token);
* ``human``: a one-line message a UI can show as is.

Hierarchy::

    PaperlessError
    ├── PaperlessConnectionError            no response (refused, DNS, reset, incomplete body)
    │   └── PaperlessTimeoutError
    ├── ResponseError                       the server answered, but not with what we wanted
    │   ├── AuthError                       401
    │   │   ├── InvalidTokenError           401 "Invalid token." / bad Basic credentials
    │   │   └── NoCredentialsError          401 "Authentication credentials were not provided."
    │   ├── ForbiddenError                  403 (also the plain-text "Invalid more_like_id")
    │   ├── NotFoundError                   404
    │   │   ├── InvalidPageError            404 "Invalid page."
    │   │   └── TaskNotFoundError           no task with that UUID (the list came back empty)
    │   ├── BadRequestError                 400 (plain text: search syntax, autocomplete, global search)
    │   │   ├── ValidationError             400 with a field map (``.errors``: field -> messages)
    │   │   └── LoginError                  wrong username/password on POST /api/token/
    │   ├── MethodNotAllowedError           405
    │   ├── VersionNotAcceptedError         406 (API version refused)
    │   ├── UnsupportedMediaTypeError       415
    │   ├── RateLimitedError                429
    │   ├── ServerError                     5xx
    │   ├── ErrorInBodyError                200 {"error": ...} (notes)
    │   ├── InvalidResponseError            a body that is not what the API promises
    │   │   └── MalformedJsonError          not JSON at all, or truncated
    │   ├── UnexpectedStatusError           anything else (3xx redirects to a login page, ...)
    │   ├── BulkEditError                   a bulk edit the server did not accept
    │   └── SendEmailError                  an e-mail the server did not send
    └── DraftError                          a draft that cannot be saved (missing required field)
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Self

__all__ = [
    "AuthError",
    "BadRequestError",
    "BulkEditError",
    "DraftError",
    "ErrorInBodyError",
    "ForbiddenError",
    "InvalidPageError",
    "InvalidResponseError",
    "InvalidTokenError",
    "LoginError",
    "MalformedJsonError",
    "MethodNotAllowedError",
    "NoCredentialsError",
    "NotFoundError",
    "PaperlessConnectionError",
    "PaperlessError",
    "PaperlessTimeoutError",
    "RateLimitedError",
    "RequestInfo",
    "ResponseError",
    "SendEmailError",
    "ServerError",
    "TaskNotFoundError",
    "UnexpectedStatusError",
    "UnsupportedMediaTypeError",
    "ValidationError",
    "VersionNotAcceptedError",
]

_MAX_MESSAGE = 300


@dataclass(frozen=True, slots=True)
class RequestInfo:
    """The request an error belongs to: method and URL only (headers, and so the token, are never kept)."""

    method: str
    url: str

    def __str__(self) -> str:
        return f"{self.method} {self.url}"


def one_line(text: str, limit: int = _MAX_MESSAGE) -> str:
    """Collapse whitespace to single spaces and cut to ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


_TAG = re.compile(r"<[^>]*>")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)


def text_of_html(body: str) -> str:
    """The readable message of a plain-text or HTML error body (a Django error page gives its title)."""
    stripped = body.strip()
    if "<" in stripped and ">" in stripped:
        match = _H1.search(stripped) or _TITLE.search(stripped)
        if match:
            stripped = match.group(1)
        stripped = _TAG.sub(" ", stripped)
    return one_line(html.unescape(stripped))


def _flatten(value: Any, prefix: str = "") -> list[str]:
    """Field messages of a DRF error map, as ``field: message`` strings (nested lists and maps too)."""
    out: list[str] = []
    if isinstance(value, dict):
        for key, sub in value.items():
            name = prefix if key in ("non_field_errors", "detail", "error") else key
            if prefix and name != prefix:
                name = f"{prefix}.{name}"
            out.extend(_flatten(sub, name))
    elif isinstance(value, list):
        for item in value:
            out.extend(_flatten(item, prefix))
    elif value is not None:
        out.append(f"{prefix}: {value}" if prefix else str(value))
    return out


def message_of_json(body: Any) -> str:
    """The one-line message of a JSON error body (``detail``, ``error`` or a field map)."""
    if isinstance(body, dict):
        for key in ("detail", "error"):
            if isinstance(body.get(key), str) and len(body) == 1:
                return one_line(body[key])
        return one_line("; ".join(_flatten(body)))
    if isinstance(body, list):
        return one_line("; ".join(_flatten(body)))
    if isinstance(body, str):
        return one_line(body)
    return one_line(repr(body))


class PaperlessError(Exception):
    """Base class of every error raised by :mod:`paperless_tui.client`."""

    #: What kind of problem this is, for :attr:`human` (subclasses override it).
    title = "Paperless error"

    def __init__(
        self,
        server_message: str = "",
        *,
        status: int | None = None,
        request: RequestInfo | None = None,
        errors: dict[str, list[str]] | None = None,
        body: Any = None,
    ) -> None:
        self.server_message = one_line(server_message)
        self.status = status
        self.request = request
        #: Field -> messages of a validation error (empty for other errors).
        self.errors: dict[str, list[str]] = errors or {}
        #: The decoded error body as the server sent it (JSON value or text), for diagnostics.
        self.body = body
        super().__init__(self.human)

    @property
    def human(self) -> str:
        """One line a UI can show: what happened, the server's words, the status and the request."""
        parts = [self.title]
        if self.server_message:
            parts[0] += f": {self.server_message}"
        tail = []
        if self.status is not None:
            tail.append(f"HTTP {self.status}")
        if self.request is not None:
            tail.append(str(self.request))
        if tail:
            parts.append(f"({', '.join(tail)})")
        return one_line(" ".join(parts), 400)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, server_message={self.server_message!r})"


class PaperlessConnectionError(PaperlessError):
    """No (complete) response arrived: connection refused, DNS failure, reset, truncated transfer."""

    title = "Cannot reach the Paperless server"


class PaperlessTimeoutError(PaperlessConnectionError):
    """The server did not answer in time."""

    title = "The Paperless server did not answer in time"


class ResponseError(PaperlessError):
    """The server answered, but not with a successful, well-formed response."""

    title = "The Paperless server reported an error"

    @classmethod
    def wrap(cls, error: ResponseError) -> Self:
        """The same failure, re-raised as this type (status, message, request and field errors kept)."""
        return cls(
            error.server_message,
            status=error.status,
            request=error.request,
            errors=error.errors,
            body=error.body,
        )


class AuthError(ResponseError):
    """401: the server did not accept our credentials."""

    title = "Not logged in"


class InvalidTokenError(AuthError):
    """401: the token (or Basic password) is wrong."""

    title = "The API token was not accepted"


class NoCredentialsError(AuthError):
    """401: no credentials were sent."""

    title = "No credentials were sent"


class ForbiddenError(ResponseError):
    """403: the user may not do this."""

    title = "Permission denied"


class NotFoundError(ResponseError):
    """404: no such object (or not visible to this user)."""

    title = "Not found"


class InvalidPageError(NotFoundError):
    """404 "Invalid page.": a page number past the end."""

    title = "No such page"


class TaskNotFoundError(NotFoundError):
    """No task has the given UUID (the server answers with an empty list)."""

    title = "No such task"


class BadRequestError(ResponseError):
    """400: the server refused the request (plain-text answers of search and autocomplete land here)."""

    title = "The request was refused"


class ValidationError(BadRequestError):
    """400 with a field map: ``errors`` maps each field to its messages."""

    title = "Invalid input"


class LoginError(BadRequestError):
    """Wrong username or password when asking for a token."""

    title = "Login failed"


class MethodNotAllowedError(ResponseError):
    """405: the endpoint does not support this method."""

    title = "Operation not supported by the server"


class VersionNotAcceptedError(ResponseError):
    """406: the server accepts neither API version 10 nor 9."""

    title = "The server does not speak a supported API version"


class UnsupportedMediaTypeError(ResponseError):
    """415: the request body had a content type the endpoint does not take."""

    title = "Unsupported request format"


class RateLimitedError(ResponseError):
    """429: too many requests (the token endpoint allows 5 a minute)."""

    title = "Too many requests, try again later"


class ServerError(ResponseError):
    """5xx: the server failed."""

    title = "The Paperless server failed"


class ErrorInBodyError(ResponseError):
    """A 2xx answer whose JSON body is ``{"error": ...}`` (the notes endpoint does this)."""

    title = "The Paperless server reported an error"


class InvalidResponseError(ResponseError):
    """A body that does not have the shape the API promises."""

    title = "Unexpected answer from the server"


class MalformedJsonError(InvalidResponseError):
    """A body that is not valid JSON (garbage, HTML, or cut off)."""

    title = "Malformed answer from the server"


class UnexpectedStatusError(ResponseError):
    """A status code the client does not expect here (a redirect to a login page, for example)."""

    title = "Unexpected answer from the server"


class BulkEditError(ResponseError):
    """A bulk edit the server did not accept (bad method, missing parameter, unknown document, 5xx)."""

    title = "Bulk edit failed"


class SendEmailError(ResponseError):
    """The server did not send the e-mail (no mail server configured, invalid address, ...)."""

    title = "Sending the e-mail failed"


class DraftError(PaperlessError):
    """A draft that cannot be saved as it is (a required field is missing)."""

    title = "Cannot save"
