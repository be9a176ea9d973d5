"""Bulk edit benchmark: mark every match of a query in a big archive and tag them all, through the app.

    python3 benchmarks/bulk_bench.py [--docs 10000] [--rounds 3]

Starts the demo server on 127.0.0.1 (uvicorn in a thread, as the other benchmarks do) with `--docs`
documents, wrapped in a thin ASGI counter of the requests it answers, and drives the real app with
Textual's pilot: it searches for the query whose matches come closest to half the archive, presses
`*` (and `y`: more than 500), then `t`, types the name of a fresh tag and presses `enter` (the app's
own code path: the tag picker, one `modify_tags` request, the optimistic rows, the confirmation), and
`u`. For each it prints the time from the key press to the confirmed result and the HTTP requests
the server answered meanwhile, and checks the server's state through the client. Figures, never a
timed test (`tests/benchmarks/test_bench_smoke.py` only runs it tiny).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

SIZE = (120, 36)
QUERIES = ("invoice OR rechnung OR letter OR brief", "invoice OR rechnung", "invoice", "*")


class Counting:
    """ASGI middleware: counts the requests answered, by 'METHOD /path'."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.seen: Counter[str] = Counter()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.seen[f"{scope['method']} {scope['path']}"] += 1
        await self.app(scope, receive, send)

    def since(self, before: Counter[str]) -> Counter[str]:
        return self.seen - before


async def wait_until(condition: Callable[[], bool], pilot: Any, limit: float = 120.0) -> None:
    deadline = time.perf_counter() + limit
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there")
        await pilot.pause(0.005)


def quiet(app: Any) -> Callable[[], bool]:
    """No bulk work left running (the flow and the confirmation refetch finished)."""

    def check() -> bool:
        return not [
            w
            for w in app.workers
            if w.group in ("flow", "bulk-confirm", "bulk-snapshots") and not w.is_finished
        ]

    return check


def show(label: str, seconds: list[float], requests: Counter[str]) -> None:
    ms = [s * 1000 for s in seconds]
    spread = f"(min {min(ms):,.0f}, max {max(ms):,.0f}, n={len(ms)})"
    print(f"  {label:<42} {statistics.median(ms):8,.0f} ms {spread}")
    total = sum(requests.values())
    detail = ", ".join(f"{n} × {key}" for key, n in sorted(requests.items()))
    print(f"  {'':<42} {total} HTTP requests: {detail}")


async def bench(docs: int, rounds: int) -> None:
    import httpx

    from paperless_tui.app.application import create_app
    from paperless_tui.app.data.connection import Connection
    from paperless_tui.app.dialogs.confirm import Confirm
    from paperless_tui.app.dialogs.tag_picker import TagPicker
    from paperless_tui.app.screens.search import SearchScreen
    from paperless_tui.demo.serve import running_server
    from paperless_tui.demo.server import build_app

    os.environ["PAPERLESS_TUI_CONFIG_DIR"] = tempfile.mkdtemp()
    os.environ["PAPERLESS_TUI_DATA_DIR"] = tempfile.mkdtemp()
    counting = Counting(build_app(token="bench", docs=docs, seed=1))
    with running_server(app=counting) as url:
        headers = {"Authorization": "Token bench"}
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=120) as plain:
            counts = {}
            for query in QUERIES:
                answer = await plain.get("/api/documents/", params={"query": query, "page_size": 1})
                counts[query] = answer.json()["count"]
            query = min(QUERIES, key=lambda q: abs(counts[q] - docs / 2))
            tag_ids = []
            for r in range(rounds):
                made = await plain.post("/api/tags/", json={"name": f"bulk-bench-{r}"})
                tag_ids.append(made.json()["id"])
        matches = counts[query]
        print(f"== bulk edits on a {docs:,}-document demo archive: query {query!r}, {matches:,} matches ==")
        app = create_app(Connection(url, "bench", source="demo"), image_renderer="none")
        mark_times, tag_times, undo_times = [], [], []
        mark_requests: Counter[str] = Counter()
        tag_requests: Counter[str] = Counter()
        undo_requests: Counter[str] = Counter()
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(
                lambda: isinstance(app.screen, SearchScreen) and app.screen.result_set is not None, pilot
            )
            screen = app.screen
            assert isinstance(screen, SearchScreen)
            await pilot.press("F")
            await wait_until(lambda: not screen.searching, pilot)
            await pilot.press("slash", *query, "enter")
            await wait_until(lambda: not screen.searching and screen.total == counts[query], pilot)
            await wait_until(lambda: app.names.loaded and tag_ids[-1] in app.names.tags, pilot)
            paperless = app.paperless
            assert paperless is not None
            for r in range(rounds):
                await pilot.press("U")
                await wait_until(quiet(app), pilot)
                before = Counter(counting.seen)
                started = time.perf_counter()
                await pilot.press("asterisk")
                await wait_until(lambda: isinstance(app.screen, Confirm) or len(screen.marks) > 0, pilot)
                if isinstance(app.screen, Confirm):
                    await pilot.press("y")
                await wait_until(lambda: len(screen.marks) == counts[query] and quiet(app)(), pilot)
                mark_times.append(time.perf_counter() - started)
                mark_requests = counting.since(before)
                name = f"bulk-bench-{r}"
                await pilot.press("t")
                await wait_until(lambda: isinstance(app.screen, TagPicker), pilot)
                await pilot.press(*name)
                await pilot.pause(0.05)
                before = Counter(counting.seen)
                entries = len(screen.bulk_history.entries)
                started = time.perf_counter()
                await pilot.press("enter")
                await wait_until(
                    lambda entries=entries: len(screen.bulk_history.entries) > entries and quiet(app)(), pilot
                )
                tag_times.append(time.perf_counter() - started)
                tag_requests = counting.since(before)
                tagged = await paperless.documents.filter(
                    {"tags__id__all": str(tag_ids[r])}, fields=["id"]
                ).page(1, 1)
                assert tagged.count == counts[query], (tagged.count, counts[query])
                before = Counter(counting.seen)
                started = time.perf_counter()
                await pilot.press("u")
                await wait_until(lambda: screen.bulk_history.entries[-1].undone and quiet(app)(), pilot)
                undo_times.append(time.perf_counter() - started)
                undo_requests = counting.since(before)
                tagged = await paperless.documents.filter(
                    {"tags__id__all": str(tag_ids[r])}, fields=["id"]
                ).page(1, 1)
                assert tagged.count == 0, tagged.count
        show(f"* -> {counts[query]:,} marked (y to confirm)", mark_times, mark_requests)
        show("t, name, enter -> tag on all, confirmed", tag_times, tag_requests)
        show("u -> tag removed again, confirmed", undo_times, undo_requests)
        print("  server state checked through the client after each step: all tagged, then none")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(bench(args.docs, args.rounds))


if __name__ == "__main__":
    main()
