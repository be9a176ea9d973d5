"""Benchmark: iterate ~10,000 real-shaped documents four ways and compare speed and memory.

    python benchmarks/client_bench.py [--docs 10000] [--runs 2] [--source samples|demo] [--no-peer]

1. Pages of real-shaped documents are built once: by default from the recorded documents of a real
   Paperless-ngx 3.0.5 (``--source samples``: its three recorded document bodies, with title and
   content varied per document), or captured from the project's demo server (``--source demo``).
2. A tiny static HTTP server (a separate process on 127.0.0.1, pre-built response bytes, keep-alive)
   serves those pages, compressed like the real server does (zstd when the client offers it, else
   gzip), so the server is not the bottleneck and client costs are compared. Every contender gets the
   same bytes.
3. Each contender runs in its own fresh process on the same interpreter (Python 3.13 from the
   ``benchmarks/.venv-peer`` venv that this script creates with pypaperless 6.0.2; never a project
   dependency): ``paperless_tui.client`` (``ours``: documents are decoded when a field is first read,
   so iterating only decodes ids), ``ours-read`` (the same, reading a field of every document, so every
   page is decoded and validated), pypaperless 6.0.2, and raw ``httpx`` + ``json.loads``. All use the
   same page size (``--page-size``, default 100) and keep every document in a list.
4. Contenders run interleaved for ``--rounds`` rounds (each process: a warm-up, then ``--runs`` timed
   iterations). It prints docs/s (best of all timed iterations, and the median) and bytes held per
   document (tracemalloc: memory with the list alive minus memory after dropping it), then ratios and
   targets: >= 2.5x pypaperless docs/s, >= 1.0x raw docs/s, <= 1/3 of pypaperless bytes/doc.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "_work"
PEER = HERE / ".venv-peer"
PEER_PYTHON = PEER / "bin" / "python"
PY313 = Path.home() / ".pyenv" / "versions" / "3.13.0" / "bin" / "python3.13"
TOKEN = "bench-token"
#: Documents per page for all three contenders (``--page-size``; passed to subprocesses by environment).
PAGE_SIZE = int(os.environ.get("CLIENT_BENCH_PAGE_SIZE", "100"))
SAMPLES = Path("/work/shared/paperless-api/samples")


# -- 1. capture pages -------------------------------------------------------------------------------


def capture_from_demo(docs: int) -> list[dict[str, Any]]:
    """All documents of a fresh demo archive, as the demo server serves them (full objects)."""
    import httpx

    from paperless_tui.demo.serve import running_server

    out: list[dict[str, Any]] = []
    with (
        running_server(token=TOKEN, docs=docs, seed=1) as url,
        httpx.Client(
            headers={"Authorization": f"Token {TOKEN}", "Accept": "application/json; version=10"}, timeout=60
        ) as http,
    ):
        page = 1
        while True:
            response = http.get(f"{url}/api/documents/", params={"page": page, "page_size": PAGE_SIZE})
            response.raise_for_status()
            body = response.json()
            out.extend(body["results"])
            if not body["next"]:
                return out
            page += 1


def capture_from_samples(docs: int) -> list[dict[str, Any]]:
    """Documents built from the recorded real documents, varied so that strings are not shared."""
    bases = []
    for name in ("document_detail", "document_detail_image_scan", "document_detail_with_versions"):
        bases.append(json.loads((SAMPLES / f"{name}.json").read_text())["body"])
    out = []
    for i in range(docs):
        doc = json.loads(json.dumps(bases[i % len(bases)]))
        doc["id"] = i + 1
        doc["title"] = f"{doc['title']} #{i}"
        doc["content"] = f"{doc['content']}\n{i}"
        out.append(doc)
    return out


def write_pages(documents: list[dict[str, Any]], base_url: str) -> int:
    """Write page files (``next``/``previous`` pointing at the static server); return the page count."""
    pages_dir = WORK / "pages"
    pages_dir.mkdir(parents=True, exist_ok=True)
    for old in pages_dir.glob("*.json"):
        old.unlink()
    count = len(documents)
    total = -(-count // PAGE_SIZE)
    for number in range(1, total + 1):
        chunk = documents[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        body = {
            "count": count,
            "next": f"{base_url}/api/documents/?page={number + 1}&page_size={PAGE_SIZE}"
            if number < total
            else None,
            "previous": f"{base_url}/api/documents/?page={number - 1}&page_size={PAGE_SIZE}"
            if number > 1
            else None,
            "results": chunk,
        }
        (pages_dir / f"{number}.json").write_bytes(json.dumps(body, ensure_ascii=False).encode())
    return total


# -- 2. static server -------------------------------------------------------------------------------


def serve(port: int) -> None:
    """Run the static page server (called in a subprocess).

    A minimal asyncio HTTP/1.1 server with keep-alive that answers with pre-built response bytes,
    so that it costs next to no CPU and the clients' own costs dominate the measurement.
    """
    import gzip
    from urllib.parse import parse_qs, urlsplit

    import zstandard

    zstd = zstandard.ZstdCompressor(level=3)

    def response(status: str, body: bytes) -> dict[str, bytes]:
        """The full response in each content coding the real server offers (zstd, gzip, identity)."""
        out = {}
        for coding, data in (
            ("zstd", zstd.compress(body)),
            ("gzip", gzip.compress(body, compresslevel=5)),
            ("identity", body),
        ):
            encoding = "" if coding == "identity" else f"content-encoding: {coding}\r\n"
            head = (
                f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {len(data)}\r\n"
                f"{encoding}vary: Accept-Encoding\r\nx-api-version: 10\r\nx-version: 3.0.5\r\n\r\n"
            )
            out[coding] = head.encode() + data
        return out

    pages = {int(p.stem): response("200 OK", p.read_bytes()) for p in (WORK / "pages").glob("*.json")}
    fixed = {
        "/api/": response("200 OK", b'{"documents": "/api/documents/"}'),
        "/api/schema/": response("200 OK", b'{"openapi": "3.0.3"}'),  # pypaperless probes it on connect
        "/api/ui_settings/": response("200 OK", b'{"user": {"id": 1, "username": "admin"}, "settings": {}}'),
    }
    not_found = response("404 Not Found", b'{"detail": "Invalid page."}')

    def coding_of(head: bytes) -> str:
        for line in head.lower().split(b"\r\n"):
            if line.startswith(b"accept-encoding:"):
                if b"zstd" in line:
                    return "zstd"
                if b"gzip" in line:
                    return "gzip"
        return "identity"

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                target = head.split(b" ", 2)[1].decode()
                parts = urlsplit(target)
                if parts.path == "/api/documents/":
                    query = parse_qs(parts.query)
                    size = query.get("page_size", [str(PAGE_SIZE)])[0]
                    page = int(query.get("page", ["1"])[0])
                    out = pages.get(page, not_found) if size == str(PAGE_SIZE) else not_found
                else:
                    out = fixed.get(parts.path, not_found)
                writer.write(out[coding_of(head)])
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", port)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def wait_for(url: str, timeout: float = 30.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("static server did not start")


# -- 3. workers -------------------------------------------------------------------------------------


async def iterate_ours(url: str) -> list[Any]:
    from paperless_tui.client import Paperless

    async with Paperless(url, TOKEN) as paperless:
        return [doc async for page in paperless.documents.pages(page_size=PAGE_SIZE) for doc in page.results]


async def iterate_ours_read(url: str) -> list[Any]:
    """As ``iterate_ours``, reading a field of every document (which decodes and validates every page)."""
    from paperless_tui.client import Paperless

    docs: list[Any] = []
    async with Paperless(url, TOKEN) as paperless:
        async for page in paperless.documents.pages(page_size=PAGE_SIZE):
            for doc in page.results:
                doc.title  # noqa: B018 - the read is the point
                docs.append(doc)
    return docs


async def iterate_pypaperless(url: str) -> list[Any]:
    from pypaperless import PaperlessClient  # type: ignore[import-not-found]

    docs: list[Any] = []
    async with PaperlessClient(url, TOKEN) as paperless:
        async for page in paperless.documents.pages(page_size=PAGE_SIZE):
            docs.extend(page)
    return docs


async def iterate_raw(url: str) -> list[Any]:
    import httpx

    docs: list[Any] = []
    headers = {"Authorization": f"Token {TOKEN}", "Accept": "application/json; version=10"}
    async with httpx.AsyncClient(headers=headers) as http:
        page = 1
        while True:
            response = await http.get(f"{url}/api/documents/", params={"page": page, "page_size": PAGE_SIZE})
            response.raise_for_status()
            body = json.loads(response.content)
            docs.extend(body["results"])
            if not body["next"]:
                return docs
            page += 1


WORKERS = {
    "ours": iterate_ours,
    "ours-read": iterate_ours_read,
    "pypaperless": iterate_pypaperless,
    "raw": iterate_raw,
}


def worker(kind: str, url: str, runs: int, memory: bool) -> None:
    """One untimed warm-up (imports, schema builds), ``runs`` timed iterations (best wins), then
    optionally the held memory of one more iteration; print JSON."""
    iterate = WORKERS[kind]
    count = len(asyncio.run(iterate(url)))
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        docs = asyncio.run(iterate(url))
        times.append(time.perf_counter() - start)
        count = len(docs)
        del docs
    held = None
    if memory:
        gc.collect()
        tracemalloc.start()
        docs = asyncio.run(iterate(url))
        gc.collect()
        with_docs = tracemalloc.get_traced_memory()[0]
        count = len(docs)
        del docs
        gc.collect()
        held = (with_docs - tracemalloc.get_traced_memory()[0]) / count
        tracemalloc.stop()
    print(
        json.dumps(
            {
                "kind": kind,
                "python": sys.version.split()[0],
                "docs": count,
                "seconds": min(times),
                "times": times,
                "bytes_per_doc": held,
            }
        )
    )


# -- 4. orchestration -------------------------------------------------------------------------------


def ensure_peer() -> Path:
    """The Python 3.13 venv with pypaperless 6.0.2 (created on first use)."""
    if PEER_PYTHON.exists():
        check = subprocess.run(
            [str(PEER_PYTHON), "-c", "import pypaperless, httpx, pydantic, sniffio, zstandard"], check=False
        )
        if check.returncode == 0:
            return PEER_PYTHON
    if not PY313.exists():
        raise SystemExit(f"Python 3.13 not found at {PY313}")
    print("creating benchmarks/.venv-peer (Python 3.13, pypaperless 6.0.2) ...", flush=True)
    subprocess.run([str(PY313), "-m", "venv", str(PEER)], check=True)
    subprocess.run(
        # sniffio: without it httpcore retries a failing import (a file-system search) on every lock
        # set-up, several times per request, which would slow all three contenders alike.
        [
            str(PEER_PYTHON),
            "-m",
            "pip",
            "install",
            "-q",
            "pypaperless==6.0.2",
            "httpx[zstd]>=0.28,<0.29",
            "sniffio",
        ],
        check=True,
    )
    return PEER_PYTHON


def run_worker(python: Path | str, kind: str, url: str, runs: int, memory: bool) -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    result = subprocess.run(
        [str(python), str(Path(__file__).resolve()), "worker", kind, url, str(runs), "1" if memory else "0"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{kind} worker failed:\n{result.stdout}\n{result.stderr}")
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def main() -> int:
    global PAGE_SIZE
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=2, help="timed iterations per worker process")
    parser.add_argument("--rounds", type=int, default=7, help="rounds of (ours, ..., raw) processes")
    parser.add_argument("--source", choices=("demo", "samples"), default=None)
    parser.add_argument(
        "--page-size", type=int, default=PAGE_SIZE, help="documents per page (all contenders)"
    )
    parser.add_argument("--no-peer", action="store_true", help="skip pypaperless (no Python 3.13 venv)")
    args = parser.parse_args()

    PAGE_SIZE = args.page_size
    os.environ["CLIENT_BENCH_PAGE_SIZE"] = str(PAGE_SIZE)
    source = args.source or "samples"
    cache = WORK / f"documents-{source}-{args.docs}.json"
    if cache.exists():
        documents = json.loads(cache.read_bytes())
    else:
        print(f"capturing {args.docs} documents from {source} ...", flush=True)
        documents = capture_from_demo(args.docs) if source == "demo" else capture_from_samples(args.docs)
        WORK.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(json.dumps(documents, ensure_ascii=False).encode())
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    pages = write_pages(documents, url)
    size = sum(p.stat().st_size for p in (WORK / "pages").glob("*.json"))
    per_doc = size / len(documents)
    print(f"{len(documents)} documents, {pages} pages of {PAGE_SIZE}, {per_doc:.0f} JSON bytes/doc")
    del documents

    server = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "serve", str(port)])
    try:
        wait_for(url)
        python: Path | str = sys.executable if args.no_peer else ensure_peer()
        kinds = ["ours", "ours-read", "raw"] if args.no_peer else ["ours", "ours-read", "pypaperless", "raw"]
        results: dict[str, dict[str, Any]] = {}
        for round_ in range(args.rounds):  # interleaved, so load changes on the machine hit all alike
            for kind in kinds:
                r = run_worker(python, kind, url, args.runs, memory=round_ == 0)
                if kind not in results:
                    results[kind] = r
                else:
                    results[kind]["seconds"] = min(results[kind]["seconds"], r["seconds"])
                    results[kind]["times"].extend(r["times"])
            print(f"round {round_ + 1}/{args.rounds} done", flush=True)
        for r in results.values():
            r["docs_per_s"] = r["docs"] / r["seconds"]
            r["median_docs_per_s"] = r["docs"] / statistics.median(r["times"])
    finally:
        server.terminate()
        server.wait(timeout=10)

    print()
    print(f"{'client':<14}{'python':<9}{'docs':>7}{'docs/s best':>13}{'(median)':>10}{'bytes/doc':>11}")
    for kind, r in results.items():
        print(
            f"{kind:<14}{r['python']:<9}{r['docs']:>7}{r['docs_per_s']:>13.0f}"
            f"{r['median_docs_per_s']:>10.0f}{r['bytes_per_doc']:>11.0f}"
        )
    ours, raw = results["ours"], results["raw"]
    print()
    print("ratios on best runs (and on medians; the machine is shared, so both are shown):")

    def ratio(a: dict[str, Any], b: dict[str, Any]) -> tuple[float, float]:
        return a["docs_per_s"] / b["docs_per_s"], a["median_docs_per_s"] / b["median_docs_per_s"]

    best, median = ratio(ours, raw)
    ok = best >= 1.0
    verdict = "OK" if ok else "MISSED"
    print(f"ours / raw docs/s:            {best:5.2f}x ({median:4.2f}x)  target >= 1.00x  {verdict}")
    if "pypaperless" in results:
        peer = results["pypaperless"]
        best, median = ratio(ours, peer)
        memory = ours["bytes_per_doc"] / peer["bytes_per_doc"]
        verdict = "OK" if best >= 2.5 else "MISSED"
        print(f"ours / pypaperless docs/s:    {best:5.2f}x ({median:4.2f}x)  target >= 2.50x  {verdict}")
        verdict = "OK" if memory <= 1 / 3 else "MISSED"
        print(f"ours / pypaperless bytes/doc: {memory:5.2f}x          target <= 0.33x  {verdict}")
        ok = ok and best >= 2.5 and memory <= 1 / 3
    print(f"ours / raw bytes/doc:         {ours['bytes_per_doc'] / raw['bytes_per_doc']:5.2f}x")
    best, median = ratio(results["ours-read"], raw)
    print(f"ours-read / raw docs/s:       {best:5.2f}x ({median:4.2f}x)  (a field of every document read)")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        serve(int(sys.argv[2]))
    elif len(sys.argv) > 1 and sys.argv[1] == "worker":
        worker(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1")
    else:
        sys.exit(main())
