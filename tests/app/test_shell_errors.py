"""Each failure the client (or httpx, or a bug) can raise becomes one clear line with the right weight."""

from __future__ import annotations

import httpx
import pytest

from paperless_tui.app.errors import describe
from paperless_tui.client import exceptions as e

REQUEST = e.RequestInfo("GET", "http://paperless.example:8000/api/documents/7/")


@pytest.mark.parametrize(
    ("error", "kind", "words", "transient"),
    [
        (e.InvalidTokenError("Invalid token.", status=401), "bad-token", "not accept the API token", False),
        (e.NoCredentialsError("", status=401), "bad-token", "did not accept the API token", False),
        (e.PaperlessConnectionError("refused"), "server-down", "Cannot reach paperless.example:8000", True),
        (e.PaperlessTimeoutError("read timeout"), "timeout", "did not answer in time", True),
        (e.NotFoundError("No Document matches", status=404), "not-found", "not there", True),
        (e.InvalidPageError("Invalid page.", status=404), "not-found", "page of results", True),
        (e.ForbiddenError("no permission", status=403), "permission", "You may not do this", True),
        (e.ServerError("boom", status=502), "server-error", "HTTP 502", True),
        (e.RateLimitedError("slow down", status=429), "rate-limited", "slow down", True),
        (e.LoginError("Unable to log in", status=400), "login-failed", "Wrong username or password", False),
        (e.ValidationError("title: too long", status=400), "refused", "title: too long", False),
        (e.BadRequestError("Syntax error at 'AND'", status=400), "refused", "Syntax error", False),
        (e.VersionNotAcceptedError("", status=406), "version", "API versions", False),
        (e.MalformedJsonError("<html>", status=200), "bad-response", "not the Paperless API", False),
        (e.UnexpectedStatusError("", status=302), "bad-response", "HTTP 302", False),
        (e.BulkEditError("bad method", status=400), "failed", "failed. The server said: “bad method”", False),
        (e.SendEmailError("no mail server", status=500), "server-error", "no mail server", True),
        (e.ErrorInBodyError("note not found", status=200), "failed", "note not found", False),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else None,
)
def test_client_errors_in_plain_words(error, kind, words, transient):
    error.request = REQUEST
    problem = describe(error, doing="Opening document 7")
    assert problem.kind == kind
    assert words in problem.message
    assert problem.transient is transient
    assert "\n" not in problem.message
    assert problem.detail.startswith("While: Opening document 7\nError: " + type(error).__name__)
    assert "GET http://paperless.example:8000/api/documents/7/" in problem.detail


def test_every_client_error_type_gets_a_message():
    for name in e.__all__:
        error_type = getattr(e, name)
        if isinstance(error_type, type) and issubclass(error_type, e.PaperlessError):
            problem = describe(error_type("something", status=None))
            assert problem.message and problem.title and problem.kind != "unexpected", name


def test_httpx_errors_that_slip_through():
    request = httpx.Request("GET", "http://paperless.example/api/")
    assert describe(httpx.ConnectError("refused", request=request)).kind == "server-down"
    assert describe(httpx.ReadTimeout("slow", request=request)).kind == "timeout"
    response = httpx.Response(503, request=request)
    assert describe(httpx.HTTPStatusError("x", request=request, response=response)).kind == "server-error"


def test_a_bug_is_an_unexpected_error_with_its_traceback():
    try:
        {}["missing"]
    except KeyError as error:
        problem = describe(error)
    assert problem.kind == "unexpected" and not problem.transient
    assert "KeyError" in problem.message
    assert "Traceback" in problem.detail and "test_a_bug_is" in problem.detail


def test_server_words_are_cleaned():
    problem = describe(e.ForbiddenError("\x1b]2;pwned\x07 [b]x[/b]", status=403))
    assert "\x1b" not in problem.message and "␛]2;pwned␇ [b]x[/b]" in problem.message
    assert "\x1b" not in problem.detail
