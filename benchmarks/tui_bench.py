"""Benchmark of the TUI's results list: CPU per key, fill cost and memory per row, vs a bare DataTable.

Run: `python3 benchmarks/tui_bench.py [--rows 10000 100000] [--keys 200] [--datatable-rows 10000]`

For each size it builds a headless app (`App.run_test`) holding the virtual `ResultsList` over a
`ResultSet` whose pages are answered synchronously from synthetic rows (as the screen's worker would),
and the same rows in Textual's `DataTable`. It then presses keys and reports the process CPU time per
key including the repaint (`pilot.pause()` waits for the refresh), the time to fill each widget, and
the memory held per row (tracemalloc around the fill). The "unbound key" line is the floor: what a
key that does nothing costs in this harness. Figures are printed, never asserted.
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

from paperless_tui.app.lookups import Lookups
from paperless_tui.app.widgets.result_set import ResultRow, ResultSet
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


if __name__ == "__main__":
    asyncio.run(main())
