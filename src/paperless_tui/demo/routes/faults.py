"""Fault injection (off by default): `--latency` delays and `--fail-rate` 5xx answers or dropped connections.

A dropped connection starts a response and then fails mid-body, so a real HTTP client sees the peer close
the connection without a complete message (uvicorn aborts it); in-process clients see a transport error.
"""

from __future__ import annotations

import asyncio
import random
from typing import Any

_FAILURES = (
    (
        500,
        b'\n<!doctype html>\n<html lang="en">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n'
        b"  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n",
        b"text/html; charset=utf-8",
    ),
    (502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", b"text/html"),
    (503, b"<html><body><h1>503 Service Unavailable</h1></body></html>", b"text/html"),
    (504, b"<html><body><h1>504 Gateway Time-out</h1></body></html>", b"text/html"),
)


class InjectedReset(ConnectionResetError):
    """Raised mid-response to drop the connection."""


class FaultMiddleware:
    def __init__(
        self, app: Any, *, fail_rate: float = 0.0, latency_ms: float = 0.0, seed: int | None = None
    ) -> None:
        self.app = app
        self.fail_rate = max(0.0, min(1.0, float(fail_rate or 0.0)))
        self.latency = max(0.0, float(latency_ms or 0.0)) / 1000.0
        self.rng = random.Random(seed)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or (not self.fail_rate and not self.latency):
            await self.app(scope, receive, send)
            return
        if self.latency:
            await asyncio.sleep(self.latency * (0.5 + self.rng.random()))
        if self.fail_rate and self.rng.random() < self.fail_rate:
            if self.rng.random() < 0.25:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [(b"content-type", b"application/json"), (b"content-length", b"1000")],
                    }
                )
                await send({"type": "http.response.body", "body": b'{"count":', "more_body": True})
                raise InjectedReset("demo server: injected connection reset")
            status, body, ctype = self.rng.choice(_FAILURES)
            await send(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode())],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)
