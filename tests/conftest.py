"""Shared pytest fixtures: the built-in demo server, in-process (ASGI) and over real HTTP on 127.0.0.1.

`demo_token` is admin's token; bob's is obtained with `POST /api/token/` (bob/bob).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from starlette.applications import Starlette

from paperless_tui.demo.serve import running_server
from paperless_tui.demo.server import build_app

TEST_TOKEN = "test-token"
TEST_DOCS = 60
TEST_SEED = 1


@pytest.fixture
def demo_token() -> str:
    return TEST_TOKEN


@pytest.fixture
def demo_app(demo_token: str) -> Starlette:
    """A fresh in-process demo app with a small archive (function scope: write freely)."""
    return build_app(token=demo_token, docs=TEST_DOCS, seed=TEST_SEED)


@pytest.fixture
async def demo_client(demo_app: Starlette, demo_token: str) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client on `demo_app` in-process, authenticated as admin (base URL http://demo)."""
    demo_app.state.demo.consume_delay = 0.01  # background tasks finish quickly in tests
    transport = httpx.ASGITransport(app=demo_app)
    headers = {"Authorization": f"Token {demo_token}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://demo", headers=headers) as client:
        yield client


@pytest.fixture
def demo_url(demo_token: str) -> Iterator[str]:
    """A real uvicorn demo server on 127.0.0.1 with a fresh small archive (function scope)."""
    with running_server(token=demo_token, docs=TEST_DOCS, seed=TEST_SEED) as url:
        yield url


@pytest.fixture(scope="session")
def shared_demo_url() -> Iterator[str]:
    """One real demo server for the whole session: read-only use only."""
    with running_server(token=TEST_TOKEN, docs=TEST_DOCS, seed=TEST_SEED) as url:
        yield url
