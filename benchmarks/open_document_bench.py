"""Benchmark of opening a document and going back, next to a bare screen push and pop in the same run.

    python benchmarks/open_document_bench.py [--docs 10000] [--runs 15]

A headless app (`create_app`, `App.run_test`, 120x36) on a demo server over 127.0.0.1 in a thread of
this process (as `tui_bench.py` runs it). On the search screen's list, each run opens the document under
the cursor (`enter`), goes back (`escape`) and moves one row down (`j`). A first pass opens each
document once (the app fetches it: "not cached"); the timed pass opens the same documents again (the
app keeps the last ones it opened and shows them in the first frame, fetching them again after it:
"cached"). Timed, from the key press:

- `enter` -> the document screen's first frame (its first tab, Details, laid out and rendered);
- `enter` -> the first frame whose Details tab shows the document's fields;
- `escape` -> the search screen's first frame again (back).

"Frame" is the moment Textual's compositor hands a screen update to the display (`App._display`; the
headless driver then writes nothing, so terminal output is not included). The reference, measured in
the same process between the timed runs: pushing a bare `Screen` (one Static) and popping it, timed
the same way. Figures: min and median over the runs, and the ratio of the medians to the reference's.
The server runs in this process: its work for the requests an open makes competes with the app for the
interpreter (a remote server would not). Printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.screen import Screen
from textual.widgets import Static

SIZE = (120, 36)


class Frames:
    """Timestamps of the frames the app renders, with the screen each is of."""

    def __init__(self, app: App[Any]) -> None:
        self.frames: list[tuple[float, Screen[Any], bool]] = []
        original = app._display

        def display(screen: Screen[Any], renderable: Any) -> None:
            if renderable is not None:
                loaded = getattr(screen, "document", None) is not None
                self.frames.append((time.perf_counter(), screen, loaded))
            original(screen, renderable)

        app._display = display  # type: ignore[method-assign]

    async def first(
        self, since: float, test: Callable[[Screen[Any], bool], bool], limit: float = 10.0
    ) -> float:
        """Seconds from `since` to the first frame after it that passes `test`."""
        deadline = time.perf_counter() + limit
        while True:
            for at, screen, loaded in self.frames:
                if at >= since and test(screen, loaded):
                    return at - since
            if time.perf_counter() > deadline:
                raise TimeoutError("no such frame")
            await asyncio.sleep(0.0005)


class Bare(Screen[None]):
    def compose(self) -> Any:
        yield Static("bare screen")


async def settle(app: App[Any], pilot: Any) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()
    await asyncio.sleep(0.05)


async def bench(docs: int, runs: int) -> None:
    import httpx

    from paperless_tui.app.application import create_app
    from paperless_tui.app.data.connection import Connection
    from paperless_tui.app.screens.document import DocumentScreen
    from paperless_tui.app.screens.search import SearchScreen
    from paperless_tui.demo.serve import running_server

    os.environ["PAPERLESS_TUI_CONFIG_DIR"] = tempfile.mkdtemp()
    os.environ["PAPERLESS_TUI_DATA_DIR"] = tempfile.mkdtemp()
    with running_server(token="bench", docs=docs, seed=1) as url:
        async with httpx.AsyncClient(base_url=url) as warm:
            await warm.get("/api/documents/?page_size=1", headers={"Authorization": "Token bench"})
        app = create_app(Connection(url, "bench", source="demo"), image_renderer="none")
        async with app.run_test(size=SIZE) as pilot:
            frames = Frames(app)
            while not (isinstance(app.screen, SearchScreen) and app.screen.result_set is not None):  # noqa: ASYNC110
                await asyncio.sleep(0.01)
            search = app.screen
            await settle(app, pilot)

            async def open_and_back() -> tuple[float, float, float]:
                started = time.perf_counter()
                await pilot.press("enter")
                shown = await frames.first(started, lambda s, _: isinstance(s, DocumentScreen))
                filled = await frames.first(
                    started, lambda s, loaded: isinstance(s, DocumentScreen) and loaded
                )
                await settle(app, pilot)
                started = time.perf_counter()
                await pilot.press("escape")
                back = await frames.first(started, lambda s, _: s is search)
                await settle(app, pilot)
                return shown, filled, back

            async def bare_push_pop() -> tuple[float, float]:
                started = time.perf_counter()
                app.push_screen(Bare())
                pushed = await frames.first(started, lambda s, _: isinstance(s, Bare))
                await settle(app, pilot)
                started = time.perf_counter()
                app.pop_screen()
                popped = await frames.first(started, lambda s, _: s is search)
                await settle(app, pilot)
                return pushed, popped

            first: list[tuple[float, float, float]] = []
            for _ in range(runs):  # open each document once: fetched (the app keeps it)
                first.append(await open_and_back())
                await pilot.press("j")
                await settle(app, pilot)
            for _ in range(runs):
                await pilot.press("k")
            await settle(app, pilot)
            opened: list[tuple[float, float, float]] = []
            bare: list[tuple[float, float]] = []
            for _ in range(runs):
                opened.append(await open_and_back())
                bare.append(await bare_push_pop())
                await pilot.press("j")
                await settle(app, pilot)

    def line(label: str, samples: list[float], reference: float | None) -> str:
        ms = [s * 1000 for s in samples]
        ratio = f"  {statistics.median(ms) / (reference * 1000):5.1f}x the reference" if reference else ""
        return f"  {label:<44} min {min(ms):6.1f} ms  median {statistics.median(ms):6.1f} ms{ratio}"

    push_ref = statistics.median(b[0] for b in bare)
    pop_ref = statistics.median(b[1] for b in bare)
    print(
        f"Opening a document on a {docs:,}-document demo archive, {runs} runs, terminal {SIZE[0]}x{SIZE[1]}"
    )
    print(line("reference: bare screen push -> first frame", [b[0] for b in bare], None))
    print(line("reference: bare screen pop -> first frame", [b[1] for b in bare], None))
    print(line("not cached: enter -> first tab drawn", [o[0] for o in first], push_ref))
    print(line("not cached: enter -> Details with the fields", [o[1] for o in first], push_ref))
    print(line("cached: enter -> first tab drawn", [o[0] for o in opened], push_ref))
    print(line("cached: enter -> Details with the fields", [o[1] for o in opened], push_ref))
    print(line("escape -> search screen again (back)", [o[2] for o in opened], pop_ref))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    ns = parser.parse_args()
    asyncio.run(bench(ns.docs, ns.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
