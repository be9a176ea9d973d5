"""Benchmark of the built-in demo server over real HTTP, next to the recorded real Paperless-ngx figures.

Starts `running_server(docs=N)` (default 10,000 documents) on 127.0.0.1, then times, as medians of several
runs: a page of 100 full documents, a full-text query, a thumbnail (after a first, rendering request) and a
few more requests, and prints them beside `samples/timings.json` of the real server. Repeated identical
searches are served from a cache that lives until the next write, so the first (uncached) run of several
different full-text queries (and of more_like_id for several documents) is printed too.

    python benchmarks/demo_server_bench.py [--docs 10000] [--runs 15] [--timings PATH] [--data DIR]

`--data DIR` keeps the generated archive between runs (worth it for `--docs 100000`). A v9 page (which
carries every id of the filter in `all`) and a prefix query are timed too, and several query shapes (booleans,
prefixes, filters, field orders) on their first run after a write, which clears every cache.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import httpx

from paperless_tui.demo.serve import running_server

DEFAULT_TIMINGS = Path("/work/shared/paperless-api/samples/timings.json")
TOKEN = "bench-token"
COLD_TERMS = ("rechnung", "versicherung", "telekom", "contract", "statement", "gehalt", "strom")
COLD_MORE_LIKE = (1, 2, 3, 4, 5, 6, 7)

FIRST_RUN_SHAPES = [
    "query=rechnung",
    "query=inv*",
    "query=rech*",
    "query=re*",
    "query=r*",
    "query=invoice",
    "query=invoice rechnung",
    "query=invoice rechnung telekom",
    "query=rechnung AND telekom",
    "query=invoice AND rechnung",
    "query=rechnung -telekom",
    "query=NOT invoice",
    "query=title:inv*",
    "query=title:r*",
    "query=type:invoice",
    "query=tag:s*",
    "query=correspondent:m*",
    "query=content:r*",
    "query=content:rech*",
    "query=content:r*&page=last",
    "query=content:rech* telekom",
    "query=content:rech* AND telekom",
    "query=content:r* invoice",
    "query=content:r* AND invoice",
    "query=content:rech* invoice",
    "query=content:r*&page=middle",
    "query=a* b*",
    "query=re* invoice",
    "query=r* telekom",
    "query=title:r* invoice",
    "query=invoice telekom rechnung gehalt",
    'query="max mustermann"',
    'query="stadtwerke musterstadt"',
    'query="max mustermann" invoice',
    'query="max mustermann" AND invoice',
    'query="max mustermann" -invoice',
    "query=tag:inbox",
    "query=created:[2020 to 2021]",
    "query=invoice&ordering=-created",
    "query=invoice&ordering=title",
    "query=invoice&is_in_inbox=true",
    "query=invoice OR created:2021",
    "query=invoice&page=last",
    "query=invoice&page=middle",
    "query=r*&page=middle",
    "query=invoice rechnung&page=middle",
    "query=r* -telekom&page=middle",
    "query=invoice rechnung&page=last",
    "query=NOT invoice&page=last",
    "query=invoice&ordering=title&page=last",
    "is_in_inbox=true",
    "ordering=title",
    "ordering=correspondent__name",
]
"""Query shapes timed on their first run after a write (which clears every cache), as an app sees them."""

CASES = [
    ("page of 100 full documents", "/api/documents/?page_size=100", "GET /api/documents/ page_size=100 full"),
    (
        "page of 100, truncate_content",
        "/api/documents/?page_size=100&truncate_content=true",
        "GET /api/documents/ page_size=100 truncate_content",
    ),
    (
        "page of 100, fields=",
        "/api/documents/?page_size=100&fields=id,title,created,tags,correspondent",
        "GET /api/documents/ page_size=100 fields=id,title,created,tags,correspondent",
    ),
    (
        "full-text prefix query=inv*, page of 100",
        "/api/documents/?query=inv*&page_size=100",
        "GET /api/documents/ page_size=100 query=invoice",
    ),
    ("default page (25)", "/api/documents/", "GET /api/documents/ page_size=25 (default)"),
    (
        "full-text query=invoice, page of 100",
        "/api/documents/?query=invoice&page_size=100",
        "GET /api/documents/ page_size=100 query=invoice",
    ),
    (
        "more_like_id",
        "/api/documents/?more_like_id=1&page_size=25",
        "GET /api/documents/ page_size=25 more_like_id=1",
    ),
    ("one document", "/api/documents/1/", "GET /api/documents/{id}/"),
    ("thumbnail (cached)", "/api/documents/1/thumb/", "GET /api/documents/{id}/thumb/"),
    ("autocomplete", "/api/search/autocomplete/?term=inv", "GET /api/search/autocomplete/?term=inv"),
    ("global search", "/api/search/?query=telekom", "GET /api/search/?query=telekom"),
    ("statistics", "/api/statistics/", "GET /api/statistics/"),
]


def time_get(client: httpx.Client, url: str, runs: int) -> tuple[float, float, int, int]:
    samples = []
    size = status = 0
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        body = response.content
        samples.append((time.perf_counter() - start) * 1000)
        size, status = len(body), response.status_code
    return statistics.median(samples), min(samples), size, status


def first_runs(client: httpx.Client, urls: list[str]) -> list[float]:
    """Milliseconds for one request to each URL, in order (each is a first run when the URLs differ)."""
    times = []
    for url in urls:
        start = time.perf_counter()
        client.get(url).raise_for_status()
        times.append((time.perf_counter() - start) * 1000)
    return times


def bulk_edits(client: httpx.Client, rounds: int = 4) -> None:
    """Milliseconds of `bulk_edit` on 2,000 documents spread over the archive (every 50th id, or all of a
    smaller one), median of `rounds`: a tag added and removed in turn (their index values change), and
    permissions merged with none (nothing the index holds changes). The archive is left as it was."""
    every = max(1, client.get("/api/documents/?page_size=1").json()["count"] // 2000)
    ids = client.get("/api/documents/?fields=id&page_size=100000").json()["results"][::every][:2000]
    ids = [d["id"] for d in ids]
    tag = client.post("/api/tags/", json={"name": "bench-bulk"}).json()["id"]
    edits = {
        "a tag added or removed": [
            {"method": "add_tag" if r % 2 == 0 else "remove_tag", "parameters": {"tag": tag}}
            for r in range(rounds)
        ],
        "permissions merged, no text changed": [
            {"method": "set_permissions", "parameters": {"set_permissions": {}, "merge": True}}
        ]
        * rounds,
    }
    print(f"\nbulk_edit of {len(ids)} documents, median of {rounds} rounds:")
    for label, bodies in edits.items():
        samples = []
        for body in bodies:
            start = time.perf_counter()
            client.post("/api/documents/bulk_edit/", json={"documents": ids, **body}).raise_for_status()
            samples.append((time.perf_counter() - start) * 1000)
        print(f"  {label:50} {statistics.median(samples):8.1f} ms  (max {max(samples):8.1f})")
    client.delete(f"/api/tags/{tag}/").raise_for_status()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--timings", type=Path, default=DEFAULT_TIMINGS)
    parser.add_argument("--data", default=None, help="folder that keeps the generated archive between runs")
    args = parser.parse_args()
    real = json.loads(args.timings.read_text()) if args.timings.exists() else {}

    started = time.perf_counter()
    with running_server(token=TOKEN, docs=args.docs, data_dir=args.data) as url:
        ready = time.perf_counter() - started
        print(f"demo server with {args.docs} documents ready in {ready:.1f} s at {url}")
        headers = {"Authorization": f"Token {TOKEN}", "Accept": "application/json; version=10"}
        with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
            first = time.perf_counter()
            client.get("/api/documents/1/thumb/").raise_for_status()
            print(f"first thumbnail (rendered lazily): {(time.perf_counter() - first) * 1000:.1f} ms")
            # first run of distinct full-text queries: nothing cached yet
            cold = first_runs(client, [f"/api/documents/?query={term}&page_size=100" for term in COLD_TERMS])
            real_query = real.get("GET /api/documents/ page_size=100 query=invoice", {}).get("median_ms", "-")
            print(
                "full-text query, page of 100, first (uncached) run: "
                f"median {statistics.median(cold):.1f} ms over {len(cold)} different terms "
                f"(real server: {real_query} ms)"
            )
            # first run of more_like_id for distinct documents
            cold_like = first_runs(
                client, [f"/api/documents/?more_like_id={doc_id}&page_size=25" for doc_id in COLD_MORE_LIKE]
            )
            real_like = real.get("GET /api/documents/ page_size=25 more_like_id=1", {}).get("median_ms", "-")
            print(
                "more_like_id, page of 25, first (uncached) run: "
                f"median {statistics.median(cold_like):.1f} ms over {len(cold_like)} documents "
                f"(real server: {real_like} ms)"
            )
            print("\nfirst run after a write (nothing cached), median and max of 3 rounds, hits in brackets:")
            title = client.get("/api/documents/1/").json()["title"]
            for shape in FIRST_RUN_SHAPES:
                for where in ("last", "middle"):  # the last or middle page of 100 (found first)
                    if shape.endswith(f"&page={where}"):
                        query = shape[: -len(f"&page={where}")]
                        found = client.get(f"/api/documents/?{query}&page_size=1").json()
                        pages = max(1, -(-found["count"] // 100))
                        shape = f"{query}&page={pages if where == 'last' else max(1, pages // 2)}"
                samples, hits = [], 0
                for _ in range(3):
                    # a write clears every cache
                    client.patch("/api/documents/1/", json={"title": title}).raise_for_status()
                    start = time.perf_counter()
                    response = client.get(f"/api/documents/?{shape}&page_size=100")
                    samples.append((time.perf_counter() - start) * 1000)
                    hits = response.json().get("count", 0)
                print(
                    f"  {shape:50} {statistics.median(samples):7.1f} ms  (max {max(samples):6.1f})  [{hits}]"
                )
            bulk_edits(client)
            for _, path, _ in CASES:  # warm-up
                client.get(path)
            header = (
                f"{'request':40} {'demo median':>12} {'demo min':>9} {'real median':>12}  {'bytes':>8} status"
            )
            print(f"\n{header}")
            for label, path, key in CASES:
                median, best, size, status = time_get(client, path, args.runs)
                ref = real.get(key, {}).get("median_ms")
                ref_text = f"{ref:.1f} ms" if ref is not None else "-"
                print(f"{label:40} {median:9.1f} ms {best:6.1f} ms {ref_text:>12}  {size:8d} {status}")
            v9 = {**headers, "Accept": "application/json; version=9"}
            with httpx.Client(base_url=url, headers=v9, timeout=60) as client9:
                path = "/api/documents/?page_size=100"
                client9.get(path)
                median, best, size, status = time_get(client9, path, args.runs)
                ref = real.get("GET /api/documents/ page_size=100 full", {}).get("median_ms")
                ref_text = f"{ref:.1f} ms" if ref is not None else "-"
                label = "page of 100, API v9 (with all ids)"
                print(f"{label:40} {median:9.1f} ms {best:6.1f} ms {ref_text:>12}  {size:8d} {status}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
