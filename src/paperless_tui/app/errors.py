"""Turn any failure into words a user understands, and show it: the app's one error handler.

`describe(error)` maps each `paperless_tui.client.exceptions` type (and the httpx/OS errors that can
slip past it) to a `Problem`: a short title, one clear line, a severity, whether it deserves a dialog
rather than a toast, and the full detail for that dialog. `PaperlessApp.report_error()` shows it.

Worker failures reach `report_error` by themselves (see `PaperlessApp`): a screen just runs its client
calls in `@work(exclusive=True, group=...)` workers and lets exceptions propagate.
"""

from __future__ import annotations

import json
import sys
import traceback
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from paperless_tui.app.safe_text import clean

if TYPE_CHECKING:  # imported lazily: the client and httpx cost ~1 s at start-up, before the first frame
    import httpx

    from paperless_tui.client import exceptions as client_errors

Severity = Literal["information", "warning", "error"]

TRANSIENT = frozenset(
    {"not-paperless", "server-down", "timeout", "server-error", "rate-limited", "not-found", "permission"}
)


@dataclass(frozen=True)
class Problem:
    """What went wrong, said for a person. Every text here is already cleaned of control characters."""

    kind: str
    """A stable name: bad-token, server-down, timeout, not-found, permission, server-error, refused, ..."""
    title: str
    message: str
    severity: Severity
    detail: str
    """Everything known (status, request, server's words, body, traceback) for the dialog and clipboard."""

    @property
    def transient(self) -> bool:
        """A passing or simple problem: a toast is enough."""
        return self.kind in TRANSIENT


class NoPaperlessApi(Exception):
    """The server answered, but not as Paperless-ngx: `path` gave HTTP `status` without the API's headers
    (a web server, or a Paperless URL with a wrong path)."""

    def __init__(self, url: str, status: int, path: str) -> None:
        super().__init__(f"no Paperless-ngx API at {url} (HTTP {status} on {path})")
        self.url, self.status, self.path = url, status, path


_SERVER_DOWN = "Cannot reach {host}: is the server running and the URL right?"
_TIMEOUT = "{host} did not answer in time. Try again."
_NOT_FOUND = "It is not there (deleted, or not visible to you)."

Rule = tuple["type[client_errors.PaperlessError]", str, str, Severity, str]


@cache
def _rules() -> tuple[Rule, ...]:
    """(exception type, kind, title, severity, message); the first type that matches wins."""
    from paperless_tui.client import exceptions as e

    return (
        (e.PaperlessTimeoutError, "timeout", "Timeout", "warning", _TIMEOUT),
        (e.PaperlessConnectionError, "server-down", "Server down", "error", _SERVER_DOWN),
        (
            e.AuthError,
            "bad-token",
            "Bad token",
            "error",
            "The server did not accept the API token: check it, or log in again to get a new one.",
        ),
        (e.ForbiddenError, "permission", "Permission denied", "error", "You may not do this.{said}"),
        (e.InvalidPageError, "not-found", "Not found", "warning", "That page of results is gone."),
        (e.NotFoundError, "not-found", "Not found", "warning", _NOT_FOUND),
        (
            e.RateLimitedError,
            "rate-limited",
            "Too many requests",
            "warning",
            "The server asks to slow down; try again shortly.",
        ),
        (
            e.ServerError,
            "server-error",
            "Server error",
            "error",
            "The server failed (HTTP {status}). Try again; if it persists, see the server's logs.",
        ),
        (e.LoginError, "login-failed", "Login failed", "error", "Wrong username or password."),
        (
            e.VersionNotAcceptedError,
            "version",
            "Unsupported server",
            "error",
            "The server speaks none of the API versions this app knows (Paperless-ngx 2.x or newer).",
        ),
        (
            e.InvalidResponseError,
            "bad-response",
            "Unexpected answer",
            "error",
            "{host} answered with something that is not the Paperless API. Is the URL right?",
        ),
        (
            e.UnexpectedStatusError,
            "bad-response",
            "Unexpected answer",
            "error",
            "{host} answered with something that is not the Paperless API (HTTP {status}). Is the URL right?",
        ),
        (e.BadRequestError, "refused", "Refused", "error", "The server refused this.{said}"),
    )


def _client_problem(error: client_errors.PaperlessError) -> tuple[str, str, str, Severity]:
    """(kind, title, message, severity) for an exception of the client."""
    host = "the server"
    if error.request is not None:
        host = urlsplit(error.request.url).netloc or host
    said = f" The server said: “{error.server_message}”" if error.server_message else ""
    for error_type, kind, title, severity, template in _rules():
        if isinstance(error, error_type):
            return kind, title, template.format(host=host, status=error.status, said=said), severity
    # Operation-specific errors (bulk edit, e-mail, notes, drafts): say what failed, then why.
    status = error.status or 0
    if status >= 500:
        return "server-error", error.title, f"The server failed (HTTP {status}).{said}", "error"
    if status == 403:
        return "permission", error.title, f"You may not do this.{said}", "error"
    return "failed", error.title, f"{error.title}.{said}", "error"


def _httpx_problem(error: httpx.HTTPError) -> tuple[str, str, str, Severity]:
    import httpx

    try:
        host = error.request.url.netloc.decode() or "the server"
    except RuntimeError:  # no request attached
        host = "the server"
    if isinstance(error, httpx.TimeoutException):
        return "timeout", "Timeout", _TIMEOUT.format(host=host), "warning"
    if isinstance(error, httpx.TransportError):
        return "server-down", "Server down", _SERVER_DOWN.format(host=host), "error"
    if isinstance(error, httpx.HTTPStatusError):
        status = error.response.status_code
        if status == 401:
            return "bad-token", "Bad token", "The server did not accept the API token.", "error"
        if status == 403:
            return "permission", "Permission denied", "You are not allowed to do this.", "error"
        if status == 404:
            return "not-found", "Not found", _NOT_FOUND, "warning"
        if status >= 500:
            return "server-error", "Server error", f"The server failed (HTTP {status}). Try again.", "error"
    return "unexpected", "Network error", str(error) or type(error).__name__, "error"


def _detail_of_client_error(error: client_errors.PaperlessError) -> list[str]:
    lines = [f"Error: {type(error).__name__}", f"Message: {error.human}"]
    if error.status is not None:
        lines.append(f"HTTP status: {error.status}")
    if error.request is not None:
        lines.append(f"Request: {error.request}")
    if error.server_message:
        lines.append(f"Server said: {error.server_message}")
    for field, messages in error.errors.items():
        lines.append(f"  {field}: {'; '.join(messages)}")
    if error.body is not None:
        try:
            body = json.dumps(error.body, indent=2, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            body = repr(error.body)
        lines += ["Body:", body[:4000]]
    return lines


def describe(error: BaseException, *, doing: str | None = None) -> Problem:
    """Say what `error` means for the user. `doing` (e.g. "Loading documents") prefixes the detail."""
    # Only loaded modules can have raised their exceptions: look them up instead of importing them.
    client_errors = sys.modules.get("paperless_tui.client.exceptions")
    httpx = sys.modules.get("httpx")
    if client_errors is not None and isinstance(error, client_errors.PaperlessError):
        kind, title, message, severity = _client_problem(error)
        detail = _detail_of_client_error(error)
    elif isinstance(error, NoPaperlessApi):
        kind, title, severity = "not-paperless", "No Paperless-ngx API", "error"
        message = f"No Paperless-ngx API at this URL (HTTP {error.status} on {error.path})."
        detail = [f"Error: {type(error).__name__}", f"URL: {error.url}", f"Message: {error}"]
    elif httpx is not None and isinstance(error, httpx.HTTPError):
        kind, title, message, severity = _httpx_problem(error)
        detail = [f"Error: {type(error).__name__}", f"Message: {error}"]
    elif isinstance(error, TimeoutError):
        kind, title, severity = "timeout", "Timeout", "warning"
        message = _TIMEOUT.format(host="The server")
        detail = [f"Error: {type(error).__name__}", f"Message: {error}"]
    elif isinstance(error, ConnectionError):
        kind, title, severity = "server-down", "Server down", "error"
        message = _SERVER_DOWN.format(host="the server")
        detail = [f"Error: {type(error).__name__}", f"Message: {error}"]
    else:
        kind, title, severity = "unexpected", "Unexpected error", "error"
        message = f"Something went wrong inside the app: {type(error).__name__}: {error}"
        detail = ["".join(traceback.format_exception(error)).rstrip()]
    if doing:
        detail.insert(0, f"While: {doing}")
    return Problem(
        kind=kind,
        title=clean(title),
        message=clean(message),
        severity=severity,
        detail=clean("\n".join(detail), multiline=True),
    )
