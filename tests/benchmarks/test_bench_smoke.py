"""Smoke tests of the benchmark scripts: each one runs in a tiny configuration and prints well-formed figures.

These keep the scripts in `benchmarks/` from rotting as the code under them changes. They check that a
script finishes and that its report has the lines and the shape of numbers it promises; they never
look at how large a timing is (the machine is shared; speed is the benchmarks' business, not the tests').
Everything runs on 127.0.0.1 (the scripts start their own demo servers).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "benchmarks"
NUMBER = r"-?\d[\d,]*(?:\.\d+)?"


def run_script(name: str, *args: str, timeout: float = 300) -> str:
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / name), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"{name} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def figure_row(output: str, label: str) -> tuple[float, float, float, int]:
    """The (median, min, max, n) of a row of tui_startup_bench's table, checked for shape."""
    pattern = rf"^{re.escape(label)}\s+({NUMBER})\s+({NUMBER})\s+({NUMBER})\s+ms\s+(\d+)$"
    match = re.search(pattern, output, re.MULTILINE)
    assert match, f"no well-formed row {label!r} in:\n{output}"
    median, low, high = (float(match.group(i)) for i in (1, 2, 3))
    count = int(match.group(4))
    assert low <= median <= high
    assert count >= 1
    return median, low, high, count


def test_tui_startup_bench_quick(tmp_path: Path) -> None:
    out = run_script("tui_startup_bench.py", "--quick", "--work", str(tmp_path))
    assert re.search(r"^paperless-tui start-up benchmark: [\d,]+ documents, pty 120x36", out, re.MULTILINE)
    for label in (
        "start -> first frame, bare Textual app",
        "start -> first frame, paperless-tui halfcell",
        "start -> first results, paperless-tui halfcell",
        "  start -> first request at the server, paperless-tui halfcell",
        "  document list: server answer time, paperless-tui halfcell",
        "  document list answered -> rows on screen, paperless-tui halfcell",
        "G (jump to the last row) -> last row on screen",
        "last key -> new match count on screen",
        "  last key -> search request at the server",
        "  search answered -> count on screen",
        "server round trip: the first results request (kept-alive)",
        "server round trip: the typed query's request (kept-alive)",
    ):
        figure_row(out, label)
    assert figure_row(out, "server round trip: the first results request (kept-alive)")[3] == 10
    verdicts = r"(met|MISSED)"
    ratio = rf"{NUMBER}x {verdicts}"
    assert re.search(rf"first frame, halfcell .*: +{ratio} \| +{ratio}$", out, re.MULTILINE)
    versus = rf"{NUMBER} ms vs +{NUMBER} ms \( *{NUMBER}x\) {verdicts}"
    assert re.search(rf"first results, halfcell .*: +{versus} \| +{versus}$", out, re.MULTILINE)
    assert re.search(r"search debounce \(DEBOUNCE_SECONDS\): \d+ ms", out)
    steps = ("after the first results", "after G (jump to the end)", "after PgDn through every row")
    for step in steps:
        assert re.search(rf"^  {re.escape(step)}\s+[\d,]+\s+[\d,]+\s+[\d,]+\s", out, re.MULTILINE), step
    assert re.search(r"^  bare Textual app, first frame\s+[\d,]+\s+[\d,]+\s+-$", out, re.MULTILINE)
    assert re.search(r"^total benchmark time \d+ s$", out, re.MULTILINE)


def test_tui_bench_tiny() -> None:
    out = run_script(
        "tui_bench.py", "--rows", "300", "--keys", "4", "--datatable-rows", "300", "--app-docs", "40"
    )
    assert re.search(rf"ResultsList\s+cursor j/k\s+{NUMBER} /\s+{NUMBER} ms", out)
    assert re.search(rf"ResultsList\s+memory per loaded row\s+{NUMBER} bytes", out)
    assert re.search(rf"DataTable\s+fill 300 rows\s+{NUMBER} ms", out)
    assert re.search(rf"paperless-tui: first results on screen\s+{NUMBER} ms", out)


def test_demo_server_bench_tiny() -> None:
    out = run_script("demo_server_bench.py", "--docs", "60", "--runs", "1")
    assert re.search(rf"^page of 100 full documents\s+{NUMBER} ms\s+{NUMBER} ms", out, re.MULTILINE)
    assert re.search(rf"^full-text query=invoice, page of 100\s+{NUMBER} ms", out, re.MULTILINE)
    assert re.search(rf"^  a tag added or removed\s+{NUMBER} ms", out, re.MULTILINE)


def test_client_bench_tiny() -> None:
    out = run_script("client_bench.py", "--docs", "150", "--runs", "1", "--rounds", "1", "--no-peer")
    assert re.search(rf"^ours\s+\S+\s+\d+\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}$", out, re.MULTILINE)
    assert re.search(rf"^raw\s+\S+\s+\d+\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}$", out, re.MULTILINE)
    assert re.search(rf"ours / raw docs/s:\s+{NUMBER}x", out)


def test_open_document_bench_tiny() -> None:
    out = run_script("open_document_bench.py", "--docs", "40", "--runs", "2")
    assert re.search(r"^Opening a document on a 40-document demo archive, 2 runs", out, re.MULTILINE)
    for label in ("reference: bare screen push -> first frame", "reference: bare screen pop -> first frame"):
        assert re.search(
            rf"^  {re.escape(label)}\s+min\s+{NUMBER} ms  median\s+{NUMBER} ms$", out, re.MULTILINE
        )
    for label in (
        "not cached: enter -> first tab drawn",
        "not cached: enter -> Details with the fields",
        "cached: enter -> first tab drawn",
        "cached: enter -> Details with the fields",
        "escape -> search screen again (back)",
    ):
        row = rf"^  {re.escape(label)}\s+min\s+{NUMBER} ms  median\s+{NUMBER} ms\s+{NUMBER}x the reference$"
        assert re.search(row, out, re.MULTILINE), f"no well-formed row {label!r} in:\n{out}"


def test_bulk_bench_tiny() -> None:
    out = run_script("bulk_bench.py", "--docs", "80", "--rounds", "1")
    assert re.search(rf"^  \* -> {NUMBER} marked \(y to confirm\)\s+{NUMBER} ms", out, re.MULTILINE)
    assert re.search(r"^\s+\d+ HTTP requests: .*1 × POST /api/documents/bulk_edit/", out, re.MULTILINE)
    assert re.search(rf"^  u -> tag removed again, confirmed\s+{NUMBER} ms", out, re.MULTILINE)
    assert "server state checked through the client" in out
