"""`Prefetch`: one GET sent the moment the program starts, before httpx, pydantic and Textual load.

Importing the async client costs about a third of a second and Textual about as much; a first page of
results asked for only after both would reach the screen a second after start. A `Prefetch` sends that
one request from a thread with the standard library while the imports run, so its answer is usually
waiting by the time the first screen is drawn.

It is deliberately small and cautious: plain GET, no redirects, no retries, no decompression, a
short timeout, and never used when a proxy is configured (httpx would honour the proxy; going around
it is not ours to decide). It only carries bytes: the caller checks the status and the body and, for
anything but a clean 200 with JSON, simply goes the normal way through `Paperless`, which handles
errors, retries and the server's quirks. The token only travels in the request header.
"""

from __future__ import annotations

import http.client
import json
import os
import ssl
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

__all__ = ["Prefetch", "PrefetchAnswer", "proxy_configured", "tls_context"]

_PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy")


def proxy_configured(env: dict[str, str] | None = None) -> bool:
    """Whether the environment names a proxy (any case), as httpx would use it."""
    env = dict(os.environ) if env is None else env
    names = {name.lower() for name, value in env.items() if value}
    return any(name in names for name in _PROXY_VARIABLES)


def tls_context(env: Mapping[str, str]) -> ssl.SSLContext:
    """The certificates httpx (and so the client) trusts: `SSL_CERT_FILE` or `SSL_CERT_DIR` when set,
    else certifi's bundle; so the early request trusts no server the client would refuse."""
    if env.get("SSL_CERT_FILE"):
        return ssl.create_default_context(cafile=env["SSL_CERT_FILE"])
    if env.get("SSL_CERT_DIR"):
        return ssl.create_default_context(capath=env["SSL_CERT_DIR"])
    import certifi  # installed with httpx; a path, not a heavy import

    return ssl.create_default_context(cafile=certifi.where())


@dataclass(frozen=True)
class PrefetchAnswer:
    """What the server sent: the status and the raw body (or the error that stopped the request)."""

    status: int
    body: bytes = b""
    error: str = ""

    def json(self) -> Any:
        """The decoded body of a 200 answer, or None (any other status, or not JSON)."""
        if self.status != 200:
            return None
        try:
            return json.loads(self.body)
        except ValueError:
            return None


class Prefetch:
    """`GET {url}{path}?{params}` with the token, sent by `start()` in a daemon thread.

    `answer()` returns the answer once it has arrived, else None (it never blocks). `params`,
    `path` and `key` say what was asked, so a caller uses the answer only for that very request.
    """

    def __init__(
        self,
        url: str,
        token: str,
        path: str,
        params: dict[str, str],
        *,
        api_version: int = 10,
        timeout: float = 5.0,
    ) -> None:
        self.url = url.rstrip("/")
        self.path = path
        self.params = dict(params)
        self._token = token
        self._api_version = api_version
        self._timeout = timeout
        self._answer: PrefetchAnswer | None = None
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:  # never the token
        return f"Prefetch({self.url}{self.path}, done={self._done.is_set()})"

    def start(self) -> Prefetch:
        """Send the request from a daemon thread; returns self."""
        self._thread = threading.Thread(target=self._run, name="prefetch", daemon=True)
        self._thread.start()
        return self

    def answer(self) -> PrefetchAnswer | None:
        """The answer, if it has arrived (never waits)."""
        return self._answer if self._done.is_set() else None

    def wait(self, timeout: float | None = None) -> PrefetchAnswer | None:
        """The answer, waiting up to `timeout` seconds for it (for tests and tools)."""
        self._done.wait(timeout)
        return self.answer()

    def _run(self) -> None:
        try:
            self._answer = self._fetch()
        except Exception as error:  # the normal path will meet (and report) the same problem
            self._answer = PrefetchAnswer(0, error=type(error).__name__)
        finally:
            self._done.set()

    def _fetch(self) -> PrefetchAnswer:
        parts = urlsplit(self.url)
        if parts.scheme == "https":
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.netloc, timeout=self._timeout, context=tls_context(os.environ)
            )
        elif parts.scheme == "http":
            connection = http.client.HTTPConnection(parts.netloc, timeout=self._timeout)
        else:
            return PrefetchAnswer(0, error="unsupported URL")
        target = f"{parts.path}{self.path}"
        if self.params:
            target = f"{target}?{urlencode(self.params)}"
        headers = {
            "Accept": f"application/json; version={self._api_version}",
            "Accept-Encoding": "identity",
            "Authorization": f"Token {self._token}",
        }
        try:
            connection.request("GET", target, headers=headers)
            response = connection.getresponse()
            return PrefetchAnswer(response.status, response.read())
        finally:
            connection.close()
