"""The demo server for the start-up benchmark, in its own process, recording every request it answers.

    python benchmarks/_bench_server.py --docs 10000 --token TOKEN [--data DIR]

It serves `paperless_tui.demo.server.build_app()` (the same app as `paperless-tui demo-server`) with
`running_server()` on 127.0.0.1, wrapped in a thin ASGI recorder, prints `URL http://127.0.0.1:PORT`
once ready and serves until its stdin closes. The recorder notes, for each request, the path, the
query string, when it arrived and when the last byte of the answer was handed to the server (both
`time.monotonic()`, the clock the benchmark uses too, so times compare across processes) and, for the
document list, how many document rows it carried (the answer decompressed as the client would).
`GET /__bench__/log?since=N` returns the entries from the N-th on as JSON; it is answered by the
recorder itself and never reaches the demo app.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from typing import Any

from paperless_tui.demo.serve import running_server
from paperless_tui.demo.server import build_app

LOG_PATH = "/__bench__/log"
DOCUMENT_LIST = "/api/documents/"


def count_rows(body: bytes, encoding: str) -> int | None:
    """Documents in a list answer (decompressed as the server compressed it), None if unreadable."""
    try:
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "zstd":
            import zstandard

            body = zstandard.ZstdDecompressor().decompressobj().decompress(body)
        elif encoding:
            return None
        return len(json.loads(body)["results"])
    except (ValueError, KeyError, TypeError, OSError, ImportError):
        return None


class Recorder:
    """ASGI middleware: passes every request to `app` and keeps a log of what was answered when."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.log: list[dict[str, Any]] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        if scope["path"] == LOG_PATH:
            await self._send_log(query, send)
            return
        entry: dict[str, Any] = {
            "path": scope["path"],
            "query": query,
            "start": time.monotonic(),
            "end": None,
            "status": None,
            "rows": None,
        }
        body: list[bytes] = []
        encoding = [""]
        keep_body = scope["path"] == DOCUMENT_LIST

        async def recording_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                entry["status"] = message["status"]
                for name, value in message.get("headers", []):
                    if name.lower() == b"content-encoding":
                        encoding[0] = value.decode("latin-1").lower()
            elif message["type"] == "http.response.body":
                if keep_body:
                    body.append(message.get("body", b""))
                if not message.get("more_body", False):
                    entry["end"] = time.monotonic()
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                if keep_body and entry["status"] == 200:
                    entry["rows"] = count_rows(b"".join(body), encoding[0])
                self.log.append(entry)

        await self.app(scope, receive, recording_send)

    async def _send_log(self, query: str, send: Any) -> None:
        since = 0
        for part in query.split("&"):
            name, _, value = part.partition("=")
            if name == "since" and value.isdigit():
                since = int(value)
        payload = json.dumps({"count": len(self.log), "entries": self.log[since:]}).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": payload})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--token", required=True)
    parser.add_argument("--data", default=None, help="folder that keeps the generated archive between runs")
    ns = parser.parse_args()
    started = time.monotonic()
    app = Recorder(build_app(token=ns.token, docs=ns.docs, data_dir=ns.data))
    with running_server(app=app) as url:
        print(f"READY {time.monotonic() - started:.1f}", flush=True)
        print(f"URL {url}", flush=True)
        sys.stdin.read()  # serve until the benchmark closes our stdin (or ends)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
