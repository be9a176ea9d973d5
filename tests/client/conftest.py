"""Fixtures for the client tests: a mock server replaying recorded samples, and clients on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from recorded import BASE, TOKEN, MockServer, load_sample, response_of

from paperless_tui.client import Paperless


@pytest.fixture
def mock_server() -> MockServer:
    server = MockServer()
    server.add("GET", "/api/ui_settings/", response_of(load_sample("ui_settings")))
    return server


@pytest.fixture
def make_client(mock_server: MockServer) -> Callable[..., Paperless]:
    """Paperless clients on the mock server (closed by the test's ``async with``)."""

    def make(**kwargs: Any) -> Paperless:
        http = httpx.AsyncClient(transport=httpx.MockTransport(mock_server.handler), base_url=BASE)
        kwargs.setdefault("backoff", 0.001)
        return Paperless(BASE, TOKEN, client=http, **kwargs)

    return make
