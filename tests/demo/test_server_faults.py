"""Demo server robustness: fault injection, persistence with a data folder, concurrent writers, the CLI."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from paperless_tui.demo.routes import faults
from paperless_tui.demo.serve import running_server
from paperless_tui.demo.server import build_app


async def test_fail_rate_injects_5xx_and_resets() -> None:
    app = build_app(token="t", docs=20, fail_rate=1.0)
    transport = httpx.ASGITransport(app=app)
    statuses: list[int | str] = []
    async with httpx.AsyncClient(
        transport=transport, base_url="http://demo", headers={"Authorization": "Token t"}
    ) as c:
        for _ in range(40):
            try:
                statuses.append((await c.get("/api/documents/")).status_code)
            except ConnectionResetError:
                statuses.append("reset")
    assert "reset" in statuses
    assert {s for s in statuses if s != "reset"} <= {500, 502, 503, 504}
    assert len({s for s in statuses if s != "reset"}) > 1


async def test_no_faults_by_default_and_latency_is_applied(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(faults.asyncio, "sleep", fake_sleep)
    app = build_app(token="t", docs=20, latency_ms=200)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://demo", headers={"Authorization": "Token t"}
    ) as c:
        assert (await c.get("/api/documents/?page_size=1")).status_code == 200
    assert slept and all(0.1 <= s <= 0.3 for s in slept)


def test_resets_over_real_http() -> None:
    with (
        running_server(token="t", docs=20, fail_rate=1.0) as url,
        httpx.Client(base_url=url, headers={"Authorization": "Token t"}) as client,
    ):
        outcomes = set()
        for _ in range(30):
            try:
                outcomes.add(client.get("/api/documents/").status_code)
            except httpx.TransportError:
                outcomes.add("transport error")
        assert "transport error" in outcomes
        assert outcomes - {"transport error"} <= {500, 502, 503, 504}


async def test_data_folder_persists_across_restarts(tmp_path: Path) -> None:
    app = build_app(token="first", docs=20, data_dir=tmp_path)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://demo",
        headers={"Authorization": "Token first"},
    ) as c:
        assert (await c.patch("/api/documents/2/", json={"title": "Kept across restarts"})).status_code == 200
        await c.post("/api/documents/2/notes/", json={"note": "persistent note"})
    del app
    again = build_app(token="second", docs=999, data_dir=tmp_path)  # an existing archive is reused as is
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=again),
        base_url="http://demo",
        headers={"Authorization": "Token second"},
    ) as c:
        assert (await c.get("/api/documents/2/")).json()["title"] == "Kept across restarts"
        assert (await c.get("/api/documents/?page_size=1")).json()["count"] < 999
        hits = (await c.get("/api/documents/?query=persistent&fields=id")).json()["results"]
        assert [h["id"] for h in hits] == [2]
        assert (await c.get("/api/documents/", headers={"Authorization": "Token first"})).status_code == 401


def test_concurrent_writers_lose_no_update(demo_url: str, demo_token: str) -> None:
    headers = {"Authorization": f"Token {demo_token}"}
    with httpx.Client(base_url=demo_url, headers=headers) as client:
        new_tags = [
            client.post("/api/tags/", json={"name": f"Concurrent {i}"}).json()["id"] for i in range(8)
        ]

    def add(tag: int) -> int:
        with httpx.Client(base_url=demo_url, headers=headers) as c:
            body = {"documents": [1, 2], "method": "add_tag", "parameters": {"tag": tag}}
            status = c.post("/api/documents/bulk_edit/", json=body).status_code
            notes = c.post("/api/documents/3/notes/", json={"note": f"note {tag}"}).status_code
            return status + notes

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(add, new_tags)) == [400] * 8
    with httpx.Client(base_url=demo_url, headers=headers) as client:
        for doc_id in (1, 2):
            assert set(new_tags) <= set(client.get(f"/api/documents/{doc_id}/").json()["tags"])
        notes = {n["note"] for n in client.get("/api/documents/3/notes/").json()}
        assert {f"note {t}" for t in new_tags} <= notes


async def test_concurrent_in_process_bulk_edits(demo_client: httpx.AsyncClient) -> None:
    tags = [t["id"] for t in (await demo_client.get("/api/tags/?page_size=100")).json()["results"]][:6]

    async def edit(tag: int) -> int:
        body = {"documents": [4], "method": "add_tag", "parameters": {"tag": tag}}
        return (await demo_client.post("/api/documents/bulk_edit/", json=body)).status_code

    assert await asyncio.gather(*(edit(t) for t in tags)) == [200] * len(tags)
    assert set(tags) <= set((await demo_client.get("/api/documents/4/")).json()["tags"])


def test_cli_prints_url_and_token() -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "paperless_tui",
            "demo-server",
            "--port",
            "0",
            "--docs",
            "20",
            "--token",
            "cli-token",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(3)]
        url = next(line.split()[-1] for line in lines if "URL:" in line)
        assert "Token: cli-token" in "".join(lines)
        r = httpx.get(
            f"{url}/api/documents/?page_size=1", headers={"Authorization": "Token cli-token"}, timeout=10
        )
        assert r.status_code == 200 and 0 < r.json()["count"] <= 20
    finally:
        proc.terminate()
        proc.wait(timeout=10)


FUZZ_PATHS = [
    "/api/documents/",
    "/api/documents/1/",
    "/api/documents/1/notes/",
    "/api/documents/1/download/",
    "/api/documents/1/metadata/",
    "/api/documents/1/suggestions/",
    "/api/documents/bulk_edit/",
    "/api/documents/post_document/",
    "/api/documents/rotate/",
    "/api/documents/merge/",
    "/api/documents/selection_data/",
    "/api/trash/",
    "/api/tags/",
    "/api/tags/1/",
    "/api/custom_fields/",
    "/api/saved_views/",
    "/api/share_links/",
    "/api/users/2/",
    "/api/tasks/",
    "/api/tasks/acknowledge/",
    "/api/tasks/run/",
    "/api/search/",
    "/api/search/autocomplete/",
    "/api/ui_settings/",
    "/api/storage_paths/test/",
    "/api/bulk_edit_objects/",
    "/api/token/",
    "/api/documents/1/versions/1/",
]
FUZZ_VALUES = [
    "",
    "abc",
    "-1",
    "0",
    "99999999999999999999",
    "1,2,x",
    "[1]",
    "'; DROP TABLE docs;--",
    "\x00",
    "<b>",
    "null",
    "ü",
    '["AND"]',
    "*",
    '"',
    "(",
]
FUZZ_KEYS = [
    "page",
    "page_size",
    "query",
    "ordering",
    "fields",
    "id__in",
    "tags__id__all",
    "custom_field_query",
    "more_like_id",
    "title_search",
    "version",
    "term",
    "task_id",
    "truncate_content",
    "created__date__gte",
]
FUZZ_BODIES = [
    {},
    [],
    "x",
    1,
    {"documents": "x"},
    {"documents": [1], "method": "add_tag", "parameters": {"tag": "x"}},
    {"documents": [1], "method": "modify_custom_fields", "parameters": {"add_custom_fields": {"x": 1}}},
    {"name": None},
    {"name": "x" * 500},
    {"note": {"a": 1}},
    {"settings": []},
    {"tasks": ["a"]},
    {"title": 5, "tags": "x", "custom_fields": {"a": 1}},
    {"objects": "x", "object_type": "tags", "operation": "delete"},
    {"data_type": "select", "name": "s", "extra_data": {"select_options": "x"}},
    {"documents": [1, 1]},
    {"documents": [True]},
    {"documents": [1], "degrees": "x"},
]


async def test_random_hostile_requests_never_crash_or_corrupt(
    demo_app, demo_client: httpx.AsyncClient
) -> None:
    import json
    import random

    rng = random.Random(4)
    for _ in range(400):
        method = rng.choice(["GET", "GET", "POST", "PATCH", "PUT", "DELETE"])
        path = rng.choice(FUZZ_PATHS)
        params = {rng.choice(FUZZ_KEYS): rng.choice(FUZZ_VALUES) for _ in range(rng.randint(0, 3))}
        kwargs: dict = {}
        if method in ("POST", "PATCH", "PUT"):
            kwargs = {
                "content": json.dumps(rng.choice(FUZZ_BODIES)).encode(),
                "headers": {"content-type": rng.choice(["application/json", "text/plain"])},
            }
        r = await demo_client.request(method, path, params=params, **kwargs)
        assert r.status_code < 500, (method, path, params, kwargs, r.status_code, r.text[:200])
    store = demo_app.state.demo.store
    assert store.q1("PRAGMA integrity_check")[0] == "ok"
    assert store.q1("SELECT COUNT(*) FROM docs")[0] == store.q1("SELECT COUNT(*) FROM doc_content")[0]
    assert (await demo_client.get("/api/documents/?query=rechnung")).status_code == 200
