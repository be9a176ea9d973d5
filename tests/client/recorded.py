"""Recorded samples of a real Paperless-ngx 3.0.5 and a mock server (httpx.MockTransport) that replays
them and counts requests: helpers the client tests import (their fixtures are in conftest.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

# shared/ lies beside the checkout (as CI lays it out); /work/shared on the developers' machines.
SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "paperless-api" / "samples"
if not SAMPLES.is_dir():
    SAMPLES = Path("/work/shared/paperless-api/samples")

BASE = "http://paperless.test"
TOKEN = "s3cret-token-never-shown"


def strip_trimmed(value: Any) -> Any:
    """Remove the "... (N more items trimmed)" markers the recorder put into long lists."""
    if isinstance(value, list):
        return [
            strip_trimmed(v)
            for v in value
            if not (isinstance(v, str) and v.startswith("... (") and "trimmed" in v)
        ]
    if isinstance(value, dict):
        return {k: strip_trimmed(v) for k, v in value.items()}
    return value


def load_sample(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / f"{name}.json").read_text())
    if "body" in data:
        data["body"] = strip_trimmed(data["body"])
    return data


def sample_names() -> list[str]:
    return sorted(p.stem for p in SAMPLES.glob("*.json"))


def _key(method: str, url: str) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    parts = urlsplit(url)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("page", "page_size")
    ]
    return method.upper(), parts.path, tuple(sorted(query))


def response_of(sample: dict[str, Any]) -> httpx.Response:
    """An httpx response equal to a recorded one (binary bodies are replaced by fake bytes)."""
    headers = {
        k: v
        for k, v in sample.get("headers", {}).items()
        if k.lower() not in ("content-length", "content-encoding", "transfer-encoding")
    }
    body = sample.get("body")
    ctype = headers.get("content-type", "application/json")
    if isinstance(body, str) and body.startswith("<binary "):
        content = b"%PDF-1.4 fake" if "pdf" in ctype else b"RIFF....WEBPfake"
    elif "json" in ctype or ctype == "" or sample.get("status") == 201:
        content = json.dumps(body).encode()
        headers.setdefault("content-type", "application/json")
    else:
        content = (body or "").encode()
    return httpx.Response(sample["status"], headers=headers, content=content)


@dataclass
class MockServer:
    """Replays routes: (method, path, sorted query without paging) -> response; records every request."""

    routes: dict[tuple[str, str, tuple[tuple[str, str], ...]], Callable[[httpx.Request], httpx.Response]] = (
        field(default_factory=dict)
    )
    requests: list[httpx.Request] = field(default_factory=list)

    def add(
        self, method: str, url: str, response: httpx.Response | Callable[[httpx.Request], httpx.Response]
    ) -> None:
        if isinstance(response, httpx.Response):
            fixed = response

            def factory(_: httpx.Request) -> httpx.Response:
                return httpx.Response(fixed.status_code, headers=fixed.headers, content=fixed.content)

            self.routes[_key(method, url)] = factory
        else:
            self.routes[_key(method, url)] = response

    def add_sample(self, name: str, url: str | None = None) -> dict[str, Any]:
        sample = load_sample(name)
        request = sample["request"]
        self.add(request["method"], url or request["url"], response_of(sample))
        return sample

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        key = _key(request.method, str(request.url))
        route = self.routes.get(key)  # page and page_size are not part of the key
        if route is None:
            return httpx.Response(404, json={"detail": f"no mock route for {key}"})
        return route(request)

    def count(self, method: str | None = None, path: str | None = None) -> int:
        return sum(
            1
            for r in self.requests
            if (method is None or r.method == method) and (path is None or r.url.path == path)
        )
