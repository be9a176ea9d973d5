"""Benchmark of paperless-tui as a person meets it: start-up, typing a query and memory, in a real pty.

    python benchmarks/tui_startup_bench.py [--docs 10000] [--runs 4] [--query invoice] [--quick] [--work DIR]

Everything is measured on a real pseudo-terminal (`benchmarks/_pty.py`, standard library only) of a
fixed size (120x36, TERM=xterm-256color) that never answers the program's queries, against the demo
archive served by `benchmarks/_bench_server.py` (the demo server in its own process, logging when
each request arrived and was answered, on the same monotonic clock). Each round runs, in turn:

1. a bare Textual app (Header + Footer, `benchmarks/_bare_app.py`): start to first frame;
2. `paperless-tui --url URL --token T --image-renderer halfcell`: start to first frame, start to the
   first result rows on screen, then (after `i` shows all documents) `/` and a query typed key by key,
   faster than the debounce: last key to the new count of matches on screen;
3. the same with `--image-renderer auto` (textual-image is imported lazily: start-up must not pay it).

"First frame" is the first complete paint after the switch to the alternate screen (the bottom row
written) showing the app's title; "first results" is the first result row (date + title) on screen,
checked against the server's first page. The first round also measures memory (VmRSS/VmHWM from
/proc) after the first results, after `G` (jump to the last of all rows) and after paging with
PgDn through every row, divided by the document rows the app had fetched (from the server's log).
The app's modules are byte-compiled first, as installing the package leaves them (`compile_package`).
Figures are printed (median, min, max over the runs), with the targets of issue 5; never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _pty import ALT_SCREEN_ON, PtyProgram, Timeout  # noqa: E402

WORK = HERE / "_work" / "tui-startup"
COLUMNS, LINES = 120, 36
PAGE_DOWN = "\x1b[6~"
ROW = re.compile(r"(\d{4}-\d{2}-\d{2}) (\S.{0,11})")
MATCHES = re.compile(r"(\d[\d,]*) match(?:es)?\b")
DROPPED_ENV = ("COLORTERM", "TERM_PROGRAM", "TERM_PROGRAM_VERSION", "KITTY_WINDOW_ID", "WEZTERM_PANE")
DROPPED_ENV += ("TMUX", "STY", "VTE_VERSION", "COLUMNS", "LINES", "PAPERLESS_URL", "PAPERLESS_TOKEN")


# ---------------------------------------------------------------------- the server


@dataclass
class Server:
    url: str
    token: str
    process: subprocess.Popen[str]

    def get(self, path_and_query: str, conn: http.client.HTTPConnection | None = None) -> Any:
        own = conn is None
        conn = conn or http.client.HTTPConnection(urlsplit(self.url).netloc, timeout=30)
        try:
            conn.request("GET", path_and_query, headers={"Authorization": f"Token {self.token}"})
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"GET {path_and_query}: {response.status} {body[:200]!r}")
            return json.loads(body)
        finally:
            if own:
                conn.close()

    def log(self, since: int = 0) -> list[dict[str, Any]]:
        return list(self.get(f"/__bench__/log?since={since}")["entries"])

    def log_count(self) -> int:
        return int(self.get("/__bench__/log?since=999999999")["count"])

    def round_trip(self, path_and_query: str, times: int) -> list[float]:
        """Seconds per request on one kept-alive connection (the app's client keeps its connection)."""
        conn = http.client.HTTPConnection(urlsplit(self.url).netloc, timeout=30)
        try:
            self.get(path_and_query, conn)  # connect and warm
            samples = []
            for _ in range(times):
                started = time.monotonic()
                self.get(path_and_query, conn)
                samples.append(time.monotonic() - started)
            return samples
        finally:
            conn.close()


@contextmanager
def demo_server(docs: int, work: Path) -> Iterator[Server]:
    """The recording demo server on 127.0.0.1 (its archive kept in `work` between runs)."""
    token = secrets.token_urlsafe(16)
    data = work / f"demo-{docs}"
    data.parent.mkdir(parents=True, exist_ok=True)
    # (`--token=`: a token may start with "-", which argparse would take for an option)
    command = [sys.executable, str(HERE / "_bench_server.py"), "--docs", str(docs), f"--token={token}"]
    process = subprocess.Popen(
        [*command, "--data", str(data)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        url = ""
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("URL "):
                url = line.split()[1]
                break
        if not url:
            raise RuntimeError("the demo server did not start (see its output above)")
        yield Server(url, token, process)
    finally:
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ---------------------------------------------------------------------- the programs


def app_command() -> list[str]:
    """`paperless-tui`: the console script of this interpreter, else the same entry point via `-c`."""
    script = Path(sys.executable).parent / "paperless-tui"
    if script.is_file() and os.access(script, os.X_OK):
        first = script.read_text(errors="replace").splitlines()[0]
        if first.startswith("#!") and Path(first[2:].strip()).resolve() == Path(sys.executable).resolve():
            return [str(script)]
    return [sys.executable, "-c", "import sys; from paperless_tui.cli import main; sys.exit(main())"]


def terminal_env(home: Path) -> dict[str, str]:
    """The environment of a plain xterm-256color that answers no queries, with a fresh config folder."""
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV and not k.startswith("TEXTUAL")}
    env["TERM"] = "xterm-256color"
    env["PAPERLESS_TUI_CONFIG_DIR"] = str(home / "config")
    env["PAPERLESS_TUI_DATA_DIR"] = str(home / "data")
    return env


@contextmanager
def running(argv: list[str]) -> Iterator[PtyProgram]:
    """`argv` on a fresh pty with a fresh config folder; killed once measured (quitting is not measured)."""
    home = Path(tempfile.mkdtemp(prefix="tui-bench-"))
    program = PtyProgram(argv, env=terminal_env(home), columns=COLUMNS, lines=LINES)
    try:
        yield program
    finally:
        program.close()
        shutil.rmtree(home, ignore_errors=True)


FRAME_END = re.compile(rb"\x1b\[%d;1H(?:[^\x1b]|\x1b\[[0-9;]*m)*\x1b\[\d+;\d+H" % LINES)


def first_frame(program: PtyProgram, title: str, timeout: float) -> float:
    """Seconds from process start to the first complete frame (bottom row written, title shown)."""
    _, alt_end = program.wait_for_raw(ALT_SCREEN_ON, timeout=timeout)
    painted, _ = program.wait_for_raw(FRAME_END, after=alt_end, timeout=timeout)
    titled, _ = program.wait_for(title, timeout=timeout)
    return max(painted, titled) - program.started


# ---------------------------------------------------------------------- one app run


@dataclass
class Figures:
    """Samples in seconds (or KiB / counts), keyed by the figure's label."""

    samples: dict[str, list[float]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    first_query: str = ""  # query string of the app's first document list request
    search_query: str = ""  # ... and of the search the typed query ran
    requests_before: list[str] = field(default_factory=list)  # paths requested before the first list
    memory: list[tuple[str, dict[str, int], int]] = field(default_factory=list)  # (when, KiB, rows)
    bare_memory: dict[str, int] = field(default_factory=dict)  # the bare app after its first frame

    def add(self, label: str, value: float) -> None:
        self.samples.setdefault(label, []).append(value)


def documents_entries(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in entries if e["path"] == "/api/documents/" and e["status"] == 200]


def rows_fetched(server: Server, since: int) -> int:
    return sum(e["rows"] or 0 for e in documents_entries(server.log(since)))


def page_query(query: str, page: int, page_size: int | None = None) -> str:
    params = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in ("page", "page_size")]
    params.append(("page", str(page)))
    if page_size is not None:
        params.append(("page_size", str(page_size)))
    return "/api/documents/?" + urlencode(params)


def check_row(match: Any, results: list[dict[str, Any]]) -> bool:
    """Whether the row seen on screen (date, start of title) is one of `results`."""
    day, start = match.group(1), match.group(2).rstrip(" …")
    return any(
        str(r.get("created", ""))[:10] == day and str(r.get("title", "")).startswith(start) for r in results
    )


def app_run(
    server: Server,
    renderer: str,
    figures: Figures,
    *,
    query: str | None,
    memory: bool,
    timeout: float,
    key_gap: float,
) -> None:
    """One start of paperless-tui: first frame and first results; optionally typing and memory."""
    label = f"paperless-tui {renderer}"
    log_start = server.log_count()
    argv = [*app_command(), "--url", server.url, f"--token={server.token}", "--image-renderer", renderer]
    with running(argv) as program:
        figures.add(f"start -> first frame, {label}", first_frame(program, "Paperless", timeout))
        shown, match = program.wait_for(ROW, timeout=timeout)
        figures.add(f"start -> first results, {label}", shown - program.started)
        entries = server.log(log_start)
        docs = documents_entries(entries)
        if not docs:
            raise RuntimeError("rows on screen but no document list request in the server's log")
        first = docs[0]
        figures.first_query = first["query"]
        if not check_row(match, server.get(page_query(first["query"], 1))["results"]):
            figures.notes.append(f"{label}: first row on screen {match.group(0)!r} is not on the first page")
        figures.add(f"  start -> first request at the server, {label}", entries[0]["start"] - program.started)
        figures.add(f"  start -> document list request, {label}", first["start"] - program.started)
        figures.add(f"  document list: server answer time, {label}", first["end"] - first["start"])
        figures.add(f"  document list answered -> rows on screen, {label}", shown - first["end"])
        figures.requests_before = [e["path"] for e in entries if e["start"] < first["start"]]
        if query is None:
            return
        program.quiet(0.3, timeout=5)
        if memory:
            before = program.memory_kib()
            rows_before = rows_fetched(server, log_start)
        # All documents (the inbox filter off), so typing and memory work on the whole archive.
        mark = program.mark()
        total = server.get("/api/documents/?page_size=1&fields=id")["count"]
        program.send("i")
        program.wait_for(f"{total:,} document", after=mark, timeout=timeout)
        program.quiet(0.3, timeout=5)
        if memory:
            memory_steps(server, program, figures, log_start, before, rows_before, total, timeout)
        type_query(server, program, figures, query, timeout, key_gap)


def memory_steps(
    server: Server,
    program: PtyProgram,
    figures: Figures,
    log_start: int,
    before: dict[str, int],
    rows_before: int,
    total: int,
    timeout: float,
) -> None:
    all_query = documents_entries(server.log(log_start))[-1]["query"]
    pages = (total + 99) // 100
    last = server.get(page_query(all_query, pages, 100))["results"][-1]
    last_row = f"{str(last['created'])[:10]} {str(last['title'])[:10]}"
    mark = program.mark()
    pressed = program.send("G")
    shown, _ = program.wait_for(last_row, after=mark, timeout=timeout)
    figures.add("G (jump to the last row) -> last row on screen", shown - pressed)
    program.quiet(0.5, timeout=5)
    after_jump = program.memory_kib()
    rows_jump = rows_fetched(server, log_start)
    program.send("g")
    program.quiet(0.3, timeout=5)
    first_mark = program.mark()
    presses = total // max(1, LINES - 10) + 10
    started = time.monotonic()
    for _ in range(presses):  # one key per screen update, so every page is drawn and fetched on the way
        mark = program.mark()
        program.send(PAGE_DOWN)
        with contextlib.suppress(Timeout):
            program.wait_for_raw(b"\x1b[", after=mark.raw, timeout=0.5)
    shown, _ = program.wait_for(last_row, after=first_mark, timeout=timeout)
    figures.add(f"PgDn x{presses} through every row -> last row on screen", shown - started)
    program.quiet(0.5, timeout=10)
    after_scroll = program.memory_kib()
    rows_scroll = rows_fetched(server, log_start)
    figures.memory = [
        ("after the first results", before, rows_before),
        ("after G (jump to the end)", after_jump, rows_jump),
        ("after PgDn through every row", after_scroll, rows_scroll),
    ]


def type_query(
    server: Server, program: PtyProgram, figures: Figures, query: str, timeout: float, key_gap: float
) -> None:
    program.send("/")
    time.sleep(0.2)
    for char in query[:-1]:
        program.send(char)
        time.sleep(key_gap)
    log_mark = server.log_count()
    mark = program.mark()
    last_key = program.send(query[-1])
    shown, match = program.wait_for(MATCHES, after=mark, timeout=timeout)
    figures.add("last key -> new match count on screen", shown - last_key)
    searches = [e for e in documents_entries(server.log(log_mark)) if "query=" in e["query"]]
    if not searches:
        figures.notes.append("typing: no search request found in the server's log")
        return
    search = searches[0]
    figures.add("  last key -> search request at the server", search["start"] - last_key)
    figures.add("  search: server answer time", search["end"] - search["start"])
    figures.add("  search answered -> count on screen", shown - search["end"])
    figures.search_query = search["query"]
    expected = server.get(page_query(search["query"], 1))["count"]
    if f"{expected:,}" != match.group(1):
        figures.notes.append(f"typing: screen shows {match.group(0)!r}, the server counts {expected:,}")
    if len(searches) > 1:
        figures.notes.append(f"typing: {len(searches)} search requests after the last key (expected 1)")


def bare_run(figures: Figures, timeout: float) -> None:
    with running([sys.executable, str(HERE / "_bare_app.py")]) as program:
        figures.add("start -> first frame, bare Textual app", first_frame(program, "Bare Textual", timeout))
        if not figures.bare_memory:
            program.quiet(0.3, timeout=5)
            figures.bare_memory = program.memory_kib()


def compile_package() -> str:
    """Byte-compile paperless_tui as installing it does (pip writes the .pyc files at install time;
    Textual's, httpx's, ... are there already). A source checkout run with PYTHONDONTWRITEBYTECODE=1,
    as on this machine, would otherwise compile every module of the app again at every start."""
    import compileall

    import paperless_tui

    folder = Path(paperless_tui.__file__).parent
    ok = compileall.compile_dir(folder, quiet=1)
    return f"{folder} compiled ({'ok' if ok else 'with errors'}), as an install leaves it"


# ---------------------------------------------------------------------- report


def debounce_seconds() -> float | None:
    """The app's declared search debounce (read from its source, without importing the app)."""
    try:
        import paperless_tui

        source = (Path(paperless_tui.__file__).parent / "app" / "screens" / "search.py").read_text()
    except (ImportError, OSError):
        return None
    found = re.search(r"^DEBOUNCE_SECONDS\s*=\s*([0-9.]+)", source, re.MULTILINE)
    return float(found.group(1)) if found else None


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f}"


def print_table(figures: Figures) -> None:
    print(f"{'figure':<62}{'median':>9}{'min':>9}{'max':>9}  (ms)  n")
    for label, values in figures.samples.items():
        med, low, high = statistics.median(values), min(values), max(values)
        print(f"{label:<62}{ms(med)} {ms(low)} {ms(high)}  ms   {len(values)}")


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def print_targets(figures: Figures, round_trip: float, renderers: list[str]) -> None:
    """Targets on medians, and on the best runs (the least disturbed on a busy machine)."""
    samples = figures.samples
    bare = samples["start -> first frame, bare Textual app"]
    print("\nTargets (issue 5): on medians | on the best run of each")
    for renderer in renderers:
        label = f"paperless-tui {renderer}"
        frames = samples[f"start -> first frame, {label}"]
        results = samples[f"start -> first results, {label}"]
        ratios = [statistics.median(frames) / statistics.median(bare), min(frames) / min(bare)]
        shown = " | ".join(f"{r:5.2f}x {verdict(r <= 1.5)}" for r in ratios)
        print(f"  first frame, {renderer:<9} vs the bare app's (target <= 1.50x):   {shown}")
        budgets = [statistics.median(frames) + round_trip, min(frames) + round_trip]
        got = [statistics.median(results), min(results)]
        shown = " | ".join(
            f"{g * 1000:5.0f} ms vs {b * 1000:5.0f} ms ({g / b:4.2f}x) {verdict(g <= b)}"
            for g, b in zip(got, budgets, strict=True)
        )
        print(f"  first results, {renderer:<9} vs first frame + one round trip: {shown}")


def print_memory(figures: Figures) -> None:
    steps = figures.memory
    if not steps:
        return
    print("\nMemory of the app process (first round, paperless-tui halfcell):")
    print(f"  {'when':<34}{'VmRSS KiB':>11}{'VmHWM KiB':>11}{'rows fetched':>14}{'bytes/row vs first':>20}")
    base, base_rows = steps[0][1]["VmRSS"], steps[0][2]
    for name, kib, rows in steps:
        extra_rows = rows - base_rows
        per_row = f"{(kib['VmRSS'] - base) * 1024 / extra_rows:18.0f}" if extra_rows > 0 else f"{'-':>18}"
        print(f"  {name:<34}{kib['VmRSS']:>11,}{kib['VmHWM']:>11,}{rows:>14,}  {per_row}")
    if figures.bare_memory:
        bare = figures.bare_memory
        print(f"  {'bare Textual app, first frame':<34}{bare['VmRSS']:>11,}{bare['VmHWM']:>11,}{'-':>14}")
        extra = steps[0][1]["VmRSS"] - bare["VmRSS"]
        print(f"  the app after its first results holds {extra:,} KiB more than the bare Textual app")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents in the demo archive")
    parser.add_argument("--runs", type=int, default=4, help="rounds (each: bare app, halfcell, auto)")
    parser.add_argument("--query", default="invoice", help="query typed key by key")
    parser.add_argument("--key-gap", type=float, default=0.1, help="seconds between typed keys")
    parser.add_argument("--renderers", nargs="+", default=["halfcell", "auto"])
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for any one step")
    parser.add_argument(
        "--quick", action="store_true", help="tiny configuration (smoke test): 200 docs, 1 run, halfcell only"
    )
    parser.add_argument("--work", type=Path, default=WORK, help="folder that keeps the demo archive")
    ns = parser.parse_args()
    if ns.quick:
        ns.docs, ns.runs, ns.renderers = min(ns.docs, 200), 1, ns.renderers[:1]
    began = time.monotonic()
    figures = Figures()
    with demo_server(ns.docs, ns.work) as server:
        total = server.get("/api/documents/?page_size=1&fields=id")["count"]
        print(
            f"paperless-tui start-up benchmark: {total:,} documents, pty {COLUMNS}x{LINES}, "
            f"TERM=xterm-256color (no query answered), {ns.runs} run(s) each; Python {sys.version.split()[0]}"
        )
        print(f"app command: {' '.join(app_command())} --url URL --token T --image-renderer R")
        print(f"bytecode: {compile_package()}\n")
        for run in range(ns.runs):
            bare_run(figures, ns.timeout)
            for number, renderer in enumerate(ns.renderers):
                app_run(
                    server,
                    renderer,
                    figures,
                    query=ns.query if number == 0 else None,
                    memory=run == 0 and number == 0,
                    timeout=ns.timeout,
                    key_gap=ns.key_gap,
                )
        first_query = page_query(figures.first_query, 1)
        trips = server.round_trip(first_query, 10)
        figures.samples["server round trip: the first results request (kept-alive)"] = trips
        search_query = figures.search_query
        if search_query:
            figures.samples["server round trip: the typed query's request (kept-alive)"] = server.round_trip(
                page_query(search_query, 1), 10
            )
    print_table(figures)
    debounce = debounce_seconds()
    if debounce is not None:
        print(
            f"\nthe app's search debounce (DEBOUNCE_SECONDS): {debounce * 1000:.0f} ms; "
            f"keys typed {ns.key_gap * 1000:.0f} ms apart"
        )
    before = figures.requests_before
    print(f"requests before the first document list (last run): {' '.join(before) or '-'}")
    print_targets(figures, statistics.median(trips), ns.renderers)
    print_memory(figures)
    for note in figures.notes:
        print(f"NOTE: {note}")
    print(f"\ntotal benchmark time {time.monotonic() - began:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
