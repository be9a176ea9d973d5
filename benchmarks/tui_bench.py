"""Benchmark of the TUI: the results list (CPU per key, memory per row, vs a bare DataTable) and the
whole app on a 10,000-document demo archive (first frame, first results, typing, keys).

Run: `python3 benchmarks/tui_bench.py [--rows 10000 100000] [--keys 200] [--datatable-rows 10000]
[--app-docs 10000 | --app-docs 0 to skip the app part]`

Part 1, the list alone:
For each size it builds a headless app (`App.run_test`) holding the virtual `ResultsList` over a
`ResultSet` whose pages are answered synchronously from synthetic rows (as the screen's worker would),
and the same rows in Textual's `DataTable`. It then presses keys and reports the process CPU time per
key including the repaint (`pilot.pause()` waits for the refresh), the time to fill each widget, and
the memory held per row (tracemalloc around the fill). The "unbound key" line is the floor: what a
key that does nothing costs in this harness.

Part 2, the app (headless, `create_app` on a real demo server over 127.0.0.1 in a thread of this
process): wall time from start to first frame and to first results on screen, next to a bare Textual
app's first frame; from typing a word and `enter` to updated results, and from typing a word to updated
results without `enter` (this includes the 300 ms typing debounce); CPU per cursor key at 10,000
documents; memory per row compared with the client's `Document` objects for the same page. Figures
are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.reactive import var
from textual.widgets import DataTable

from paperless_tui.app.models.lookups import Lookups
from paperless_tui.app.models.result_set import ResultRow, ResultSet
from paperless_tui.app.widgets.results_list import ResultsList

SIZE = (120, 40)
PAGE_SIZE = 100
KEY_PLANS: dict[str, list[str]] = {
    "unbound key": ["x"],  # the cost of a key press + repaint cycle in the harness itself
    "cursor j/k": ["j", "k"],
    "page down/up": ["pagedown", "pageup"],
    "ctrl+d/ctrl+u": ["ctrl+d", "ctrl+u"],
    "G/g (jump ends)": ["G", "g"],
}


def synthetic_document(i: int) -> dict[str, object]:
    return {
        "id": i + 1,
        "title": f"Stadtwerke electricity invoice {i:06d} for the flat in Musterstadt",
        "created": f"20{10 + i % 15:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}",
        "archive_serial_number": 1000 + i if i % 3 else None,
        "correspondent": 1 + i % 40,
        "document_type": 1 + i % 12,
        "tags": [1 + i % 25, 1 + (i * 7) % 25],
        "notes": [{}] * (i % 3),
    }


def lookups() -> Lookups:
    return Lookups.build(
        tags=[
            {"id": t, "name": f"tag-{t}", "color": f"#{(t * 2654435) % 0xFFFFFF:06x}"} for t in range(1, 26)
        ],
        correspondents=[{"id": c, "name": f"Correspondent {c}"} for c in range(1, 41)],
        document_types=[{"id": d, "name": f"Type {d}"} for d in range(1, 13)],
    )


def page_rows(page: int, total: int) -> list[ResultRow]:
    start = page * PAGE_SIZE
    return [ResultRow.from_api(synthetic_document(i)) for i in range(start, min(total, start + PAGE_SIZE))]


class ListBench(App[None]):
    result_set: var[ResultSet | None] = var(None, always_update=True)
    lookups: var[Lookups] = var(Lookups)

    def __init__(self, total: int) -> None:
        super().__init__()
        self.total = total
        self.pages_served = 0

    def compose(self) -> ComposeResult:
        yield ResultsList().data_bind(ListBench.result_set, ListBench.lookups)

    def on_mount(self) -> None:
        self.lookups = lookups()
        self.result_set = ResultSet(self.total, page_size=PAGE_SIZE)
        self.query_one(ResultsList).focus()

    def on_results_list_page_requested(self, message: ResultsList.PageRequested) -> None:
        assert self.result_set is not None
        self.pages_served += 1
        self.result_set.add_page(message.page, page_rows(message.page, self.total))
        self.mutate_reactive(ListBench.result_set)


class TableBench(App[None]):
    def __init__(self, total: int) -> None:
        super().__init__()
        self.total = total
        self.fill_seconds = 0.0

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("ASN", "Created", "Title", "Correspondent", "Type", "Tags", "Notes")
        started = time.process_time()
        table.add_rows(table_rows(self.total))
        self.fill_seconds = time.process_time() - started
        table.focus()


def table_rows(total: int) -> list[tuple[str, ...]]:
    rows = []
    for i in range(total):
        doc = synthetic_document(i)
        rows.append(
            (
                str(doc["archive_serial_number"] or ""),
                str(doc["created"]),
                str(doc["title"]),
                f"Correspondent {doc['correspondent']}",
                f"Type {doc['document_type']}",
                " ".join(f"tag-{t}" for t in doc["tags"]),  # type: ignore[attr-defined]
                str(len(doc["notes"])),  # type: ignore[arg-type]
            )
        )
    return rows


async def per_key_ms(pilot: Pilot[None], keys: list[str], presses: int) -> tuple[float, float]:
    """Median and 95th percentile CPU milliseconds per key press (including the repaint)."""
    samples: list[float] = []
    for n in range(presses):
        key = keys[n % len(keys)]
        started = time.process_time()
        await pilot.press(key)
        await pilot.pause()
        samples.append((time.process_time() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


async def bench_keys(app_factory: Callable[[], App[None]], presses: int) -> dict[str, tuple[float, float]]:
    app = app_factory()
    figures: dict[str, tuple[float, float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j")  # warm up: first render, first page
        await pilot.pause()
        for name, keys in KEY_PLANS.items():
            figures[name] = await per_key_ms(pilot, keys, presses)
    return figures


def list_memory_per_row(total: int) -> float:
    """Bytes held per row by a fully loaded ResultSet (every page kept)."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    result_set = ResultSet(total, page_size=PAGE_SIZE, max_pages=total // PAGE_SIZE + 1)
    for page in range(result_set.page_count):
        result_set.add_page(page, page_rows(page, total))
    gc.collect()
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del result_set
    return held / total


async def table_memory_and_fill(total: int) -> tuple[float, float]:
    """Bytes held per row by a DataTable holding `total` rows, and its fill time in seconds."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    app = TableBench(total)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return held / total, app.fill_seconds


async def wait_until(condition: Callable[[], bool], pilot: Pilot[object], limit: float = 30.0) -> float:
    """Wall seconds until `condition()` holds (polled between event-loop turns; fails after `limit`)."""
    started = time.perf_counter()
    while not condition():
        if time.perf_counter() - started > limit:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.002)
    return time.perf_counter() - started


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        from textual.widgets import Footer, Header

        yield Header()
        yield Footer()


async def first_frame_seconds(app: App[object]) -> float:
    started = time.perf_counter()
    async with app.run_test(size=SIZE):
        while not app._dom_ready:  # noqa: ASYNC110 - set once the first layout/frame is done
            await asyncio.sleep(0.001)
        return time.perf_counter() - started


async def bench_app(docs: int, presses: int) -> None:
    import os
    import tempfile

    import httpx

    from paperless_tui.app.application import create_app
    from paperless_tui.app.data.connection import Connection
    from paperless_tui.app.models.result_set import ROW_FIELDS
    from paperless_tui.app.screens.search import SearchScreen
    from paperless_tui.client import Paperless
    from paperless_tui.demo.serve import running_server

    os.environ["PAPERLESS_TUI_CONFIG_DIR"] = tempfile.mkdtemp()
    os.environ["PAPERLESS_TUI_DATA_DIR"] = tempfile.mkdtemp()
    print(f"== the app on a {docs:,}-document demo archive (server in a thread of this process) ==")
    bare = statistics.median([await first_frame_seconds(BareApp()) for _ in range(3)])
    print(f"  bare Textual app: first frame             {bare * 1000:7.0f} ms")
    with running_server(token="bench", docs=docs, seed=1) as url:
        async with httpx.AsyncClient(base_url=url) as warm:  # build lazy server caches outside the timing
            await warm.get("/api/documents/?page_size=1", headers={"Authorization": "Token bench"})
        started = time.perf_counter()
        app = create_app(Connection(url, "bench", source="demo"), image_renderer="none")
        async with app.run_test(size=SIZE) as pilot:
            frame = await wait_until(lambda: app._dom_ready, pilot) + 0.0
            first_frame = time.perf_counter() - started

            def results_shown() -> bool:
                screen = app.screen
                return isinstance(screen, SearchScreen) and screen.result_set is not None

            await wait_until(results_shown, pilot)
            first_results = time.perf_counter() - started
            del frame
            print(f"  paperless-tui: first frame                {first_frame * 1000:7.0f} ms")
            print(f"  paperless-tui: first results on screen    {first_results * 1000:7.0f} ms")
            screen = app.screen
            assert isinstance(screen, SearchScreen)
            await pilot.press("F")  # all documents
            await wait_until(
                lambda: screen.result_set is not None and screen.result_set.total >= docs // 2, pilot
            )
            for _ in range(5):
                await app.workers.wait_for_complete()
                await pilot.pause()

            def generation() -> int:
                return screen.result_set.generation if screen.result_set is not None else 0

            enter_times, typed_times = [], []
            for word in ("invoice", "telekom", "insurance", "rechnung", "contract"):
                for timed in (typed_times, enter_times):
                    await pilot.press("slash")
                    screen.search_input.value = ""
                    await wait_until(lambda: not screen.searching, pilot)
                    for _ in range(3):
                        await app.workers.wait_for_complete()
                        await pilot.pause()
                    before = generation()
                    # typed_times: type and wait (debounced search); enter_times: type, then enter at once
                    # (enter cancels the pending debounce and runs the query).
                    keys = [*word] if timed is typed_times else [*word, "enter"]
                    started = time.perf_counter()
                    await pilot.press(*keys)
                    await wait_until(
                        lambda before=before: generation() != before and not screen.searching, pilot
                    )
                    timed.append(time.perf_counter() - started)
            print(
                f"  type + enter -> updated results (median)  {statistics.median(enter_times) * 1000:7.0f} ms"
            )
            print(
                f"  typing a word -> updated results (median) {statistics.median(typed_times) * 1000:7.0f} ms"
                "  (includes the 300 ms debounce)"
            )
            screen.search_input.value = ""
            await pilot.press("enter")
            await wait_until(lambda: not screen.searching and screen.result_set is not None, pilot)
            for _ in range(5):
                await app.workers.wait_for_complete()
                await pilot.pause()
            total = screen.result_set.total if screen.result_set else 0
            for name, keys in (
                ("unbound key", ["x"]),
                ("cursor j/k", ["j", "k"]),
                ("page down/up", ["pagedown", "pageup"]),
            ):
                median, p95 = await per_key_ms(pilot, keys, presses)
                print(f"  app, {total:,} rows: {name:<16} {median:6.2f} / {p95:6.2f} ms CPU/key (median/p95)")
        async with Paperless(url, "bench") as paperless:
            gc.collect()
            tracemalloc.start()
            before_mem = tracemalloc.get_traced_memory()[0]
            page = await paperless.documents.filter(fields=list(ROW_FIELDS)).page(1, page_size=1000)
            gc.collect()
            documents_held = tracemalloc.get_traced_memory()[0] - before_mem
            rows = [ResultRow.from_document(doc) for doc in page.results]
            gc.collect()
            rows_held = tracemalloc.get_traced_memory()[0] - before_mem - documents_held
            tracemalloc.stop()
            count = len(page.results)
            print(f"  client Document (row fields), per doc     {documents_held / count:7.0f} bytes")
            print(f"  ResultRow, per row                        {rows_held / len(rows):7.0f} bytes")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--keys", type=int, default=120, help="key presses per measured key pair")
    parser.add_argument(
        "--datatable-rows",
        type=int,
        nargs="*",
        default=[10_000],
        help="sizes to compare with DataTable (its fill costs ~80 us per row; 100k takes seconds)",
    )
    parser.add_argument(
        "--app-docs", type=int, default=10_000, help="demo archive size for the app part (0: skip)"
    )
    ns = parser.parse_args()
    print(f"Textual results list benchmark, terminal {SIZE[0]}x{SIZE[1]}, {ns.keys} presses per key pair")
    print("CPU ms per key press incl. repaint: median / p95\n")
    for total in ns.rows:
        print(f"== {total:,} rows ==")
        figures = await bench_keys(lambda total=total: ListBench(total), ns.keys)
        for name, (median, p95) in figures.items():
            print(f"  ResultsList  {name:<16} {median:6.2f} / {p95:6.2f} ms")
        print(f"  ResultsList  memory per loaded row  {list_memory_per_row(total):7.0f} bytes")
        if total in ns.datatable_rows:
            held, fill = await table_memory_and_fill(total)
            print(f"  DataTable    fill {total:,} rows       {fill * 1000:7.0f} ms")
            print(f"  DataTable    memory per row         {held:7.0f} bytes")
            figures = await bench_keys(lambda total=total: TableBench(total), ns.keys)
            for name, (median, p95) in figures.items():
                print(f"  DataTable    {name:<16} {median:6.2f} / {p95:6.2f} ms")
        print()
    if ns.app_docs:
        await bench_app(ns.app_docs, ns.keys)


if __name__ == "__main__":
    asyncio.run(main())
