"""Demo server full-text search: syntax, hits, ranks, highlights, bad input, autocomplete, global search."""

from __future__ import annotations

import functools
import itertools
import re
import sqlite3
from collections import Counter
from datetime import date
from typing import Any

import httpx
import pytest

SEARCH_ERROR = "Error listing search results, check logs for more detail."


async def search(client: httpx.AsyncClient, query: str, **params: str) -> dict:
    r = await client.get("/api/documents/", params={"query": query, "page_size": "100000", **params})
    assert r.status_code == 200, r.text
    return r.json()


async def all_docs(client: httpx.AsyncClient) -> list[dict]:
    return (await client.get("/api/documents/?page_size=100000")).json()["results"]


def rebuild_rows(store: Any, min_docs: int) -> None:
    """Build the impact rows again: a word or prefix in `min_docs` documents gets rows (10**9: none)."""
    from paperless_tui.demo import impact

    with store.write() as db:
        impact.build(db, min_docs)


async def test_word_query_hits_and_ranks(demo_client: httpx.AsyncClient) -> None:
    docs = await all_docs(demo_client)
    expected = {d["id"] for d in docs if "telekom" in (d["title"] + " " + d["content"]).lower()}
    body = await search(demo_client, "telekom")
    hits = body["results"]
    assert body["corrected_query"] is None
    assert expected <= {h["id"] for h in hits}
    assert [h["__search_hit__"]["rank"] for h in hits] == list(range(1, len(hits) + 1))
    scores = [h["__search_hit__"]["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert any("<b>" in h["__search_hit__"]["highlights"] for h in hits)


async def test_rank_continues_across_pages_and_fields_keep_hit(demo_client: httpx.AsyncClient) -> None:
    first = (await demo_client.get("/api/documents/?query=rechnung&page_size=3&fields=id,title")).json()
    assert first["count"] > 3
    second = (await demo_client.get(first["next"])).json()
    assert [h["__search_hit__"]["rank"] for h in second["results"]] == [4, 5, 6][: len(second["results"])]
    assert set(second["results"][0]) == {"id", "title", "__search_hit__"}


async def test_boolean_phrase_prefix_and_fields(demo_client: httpx.AsyncClient) -> None:
    docs = await all_docs(demo_client)
    corr = {
        c["id"]: c["name"]
        for c in (await demo_client.get("/api/correspondents/?page_size=100")).json()["results"]
    }
    words = {
        d["id"]: set(
            re.findall(r"\w+", f"{d['title']} {d['content']} {corr.get(d['correspondent'], '')}".lower())
        )
        for d in docs
    }
    text = {d["id"]: (d["title"] + " " + d["content"]).lower() for d in docs}
    both = {h["id"] for h in (await search(demo_client, "rechnung AND telekom"))["results"]}
    assert both >= {i for i, w in words.items() if {"rechnung", "telekom"} <= w}
    assert both
    without = {h["id"] for h in (await search(demo_client, "rechnung NOT telekom"))["results"]}
    assert without and without.isdisjoint(both)
    assert all("telekom" not in words[i] for i in without)
    either = {h["id"] for h in (await search(demo_client, "rechnung OR telekom"))["results"]}
    assert both | without <= either
    prefix = {h["id"] for h in (await search(demo_client, "rechn*"))["results"]}
    assert prefix >= {h["id"] for h in (await search(demo_client, "rechnung"))["results"]}
    title_hits = (await search(demo_client, "title:rechnung"))["results"]
    assert title_hits and all("rechnung" in h["title"].lower() for h in title_hits)
    phrase = (await search(demo_client, '"Max Mustermann"'))["results"]
    assert phrase and all("max mustermann" in text[h["id"]] for h in phrase)
    slop = (await search(demo_client, '"Max Mustermann"~2'))["results"]
    assert {h["id"] for h in slop} == {h["id"] for h in phrase}
    grouped = {
        h["id"] for h in (await search(demo_client, "title:(rechnung OR kontoauszug) -telekom"))["results"]
    }
    assert grouped and all("telekom" not in words[i] for i in grouped)
    # a `-` joined to a phrase or a group leaves it out, as tantivy reads it (not a word `-` OR-ed)
    invoices = {h["id"] for h in (await search(demo_client, "invoice"))["results"]}
    named = {h["id"] for h in (await search(demo_client, '"software engineering"'))["results"]}
    assert invoices & named and invoices - named
    assert {
        h["id"] for h in (await search(demo_client, 'invoice -"software engineering"'))["results"]
    } == invoices - named
    assert {
        h["id"] for h in (await search(demo_client, 'invoice +"software engineering"'))["results"]
    } == invoices | named
    unless = {h["id"] for h in (await search(demo_client, "invoice -(rechnung OR telekom)"))["results"]}
    assert unless == invoices - either


async def test_field_prefixes(demo_client: httpx.AsyncClient) -> None:
    docs = {d["id"]: d for d in await all_docs(demo_client)}
    corr = {
        c["id"]: c["name"]
        for c in (await demo_client.get("/api/correspondents/?page_size=100")).json()["results"]
    }
    name = corr[next(d["correspondent"] for d in docs.values() if d["correspondent"])]
    word = name.split()[0].strip(".,")
    hits = (await search(demo_client, f"correspondent:{word}"))["results"]
    assert hits and all(word.lower() in corr[docs[h["id"]]["correspondent"]].lower() for h in hits)
    tags = {t["id"]: t["name"] for t in (await demo_client.get("/api/tags/?page_size=100")).json()["results"]}
    tag_id = next(t for d in docs.values() for t in d["tags"])
    hits = (await search(demo_client, f"tag:{tags[tag_id].split()[0]}"))["results"]
    assert tag_id in {t for h in hits for t in docs[h["id"]]["tags"]}
    in_2021 = {h["id"] for h in (await search(demo_client, "created:[2021-01-01 to 2021-12-31]"))["results"]}
    assert in_2021 == {i for i, d in docs.items() if d["created"].startswith("2021")}
    assert {h["id"] for h in (await search(demo_client, "created:2021"))["results"]} == in_2021
    asn_doc = next(d for d in docs.values() if d["archive_serial_number"])
    hits = (await search(demo_client, f"asn:{asn_doc['archive_serial_number']}"))["results"]
    assert [h["id"] for h in hits] == [asn_doc["id"]]


async def test_notes_are_searchable_with_note_highlights(demo_client: httpx.AsyncClient) -> None:
    await demo_client.post("/api/documents/2/notes/", json={"note": "wombat reminder"})
    hits = (await search(demo_client, "notes:wombat"))["results"]
    assert [h["id"] for h in hits] == [2]
    assert "<b>wombat</b>" in hits[0]["__search_hit__"]["note_highlights"]


@pytest.mark.parametrize(
    "query", ["title:(unclosed", '"unterminated phrase', "created:[2024 to", "AND OR NOT", "tag:", "a:b:c:d"]
)
async def test_invalid_syntax_is_400_text(demo_client: httpx.AsyncClient, query: str) -> None:
    r = await demo_client.get("/api/documents/", params={"query": query})
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("text/html")
    assert r.text == SEARCH_ERROR


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE docs; --",
        'x" OR 1=1 --',
        "NEAR(a b)",
        'title : "',
        "{title content} : foo",
        "<script>alert(1)</script>",
        "\x00\x01\x1b[31m",
        "*",
        "invoice~3",
        "^ $ % & \\",
        "a" * 5000,
        "(" * 300 + "x" + ")" * 300,
    ],
)
async def test_injection_shaped_queries_never_break(demo_client: httpx.AsyncClient, query: str) -> None:
    count = (await demo_client.get("/api/documents/?page_size=1")).json()["count"]
    for key in ("query", "text", "title_search", "title_content", "title__icontains"):
        r = await demo_client.get("/api/documents/", params={key: query, "page_size": "5"})
        assert r.status_code in (200, 400), (key, r.status_code, r.text)
        if r.status_code == 400:
            assert r.text == SEARCH_ERROR
    # the archive is intact
    assert (await demo_client.get("/api/documents/?page_size=1")).json()["count"] == count


async def test_text_title_search_and_more_like(demo_client: httpx.AsyncClient) -> None:
    r = await demo_client.get("/api/documents/?text=telekom&page_size=100000")
    text_hits = r.json()["results"]
    assert text_hits and all("__search_hit__" in h for h in text_hits)
    r = await demo_client.get("/api/documents/?title_search=rechnung&page_size=100000")
    titles = r.json()["results"]
    assert titles and all("rechnung" in h["title"].lower() for h in titles)
    r = await demo_client.get("/api/documents/?more_like_id=1&page_size=10")
    similar = r.json()["results"]
    assert similar and 1 not in [h["id"] for h in similar]
    assert all(
        h["__search_hit__"]["score"] == 0.0 and h["__search_hit__"]["highlights"] == "" for h in similar
    )
    source = (await demo_client.get("/api/documents/1/")).json()
    top = (await demo_client.get(f"/api/documents/{similar[0]['id']}/")).json()
    shared = set(re.findall(r"\w{4,}", source["content"].lower())) & set(
        re.findall(r"\w{4,}", top["content"].lower())
    )
    assert len(shared) >= 5  # the best hit really is similar
    missing = await demo_client.get("/api/documents/?more_like_id=999999")
    assert missing.status_code == 403 and missing.text == "Invalid more_like_id"


async def test_search_combines_with_filters_and_ordering(demo_client: httpx.AsyncClient) -> None:
    docs = {d["id"]: d for d in await all_docs(demo_client)}
    hits = (await search(demo_client, "rechnung", ordering="-created"))["results"]
    created = [docs[h["id"]]["created"] for h in hits]
    assert created == sorted(created, reverse=True)
    assert [h["__search_hit__"]["rank"] for h in hits] == list(range(1, len(hits) + 1))
    corr = next(docs[h["id"]]["correspondent"] for h in hits if docs[h["id"]]["correspondent"])
    narrowed = (await search(demo_client, "rechnung", correspondent__id=str(corr)))["results"]
    assert narrowed and all(docs[h["id"]]["correspondent"] == corr for h in narrowed)


async def test_autocomplete(demo_client: httpx.AsyncClient) -> None:
    r = await demo_client.get("/api/search/autocomplete/?term=rech")
    words = r.json()
    assert words and all(w.startswith("rech") for w in words)
    limited = (await demo_client.get("/api/search/autocomplete/?term=r&limit=2")).json()
    assert len(limited) <= 2
    r = await demo_client.get("/api/search/autocomplete/")
    assert r.status_code == 400 and r.text == "Term required"


async def test_global_search(demo_client: httpx.AsyncClient) -> None:
    body = (await demo_client.get("/api/search/?query=telekom")).json()
    keys = {
        "total",
        "documents",
        "saved_views",
        "tags",
        "correspondents",
        "document_types",
        "storage_paths",
        "users",
        "groups",
        "mail_accounts",
        "mail_rules",
        "custom_fields",
        "workflows",
    }
    assert set(body) == keys
    assert body["total"] == sum(len(v) for v in body.values() if isinstance(v, list))
    assert all(d["user_can_change"] is False for d in body["documents"])
    assert any("Telekom" in c["name"] for c in body["correspondents"])
    titles = (await demo_client.get("/api/search/?query=telekom&db_only=true")).json()["documents"]
    assert all("telekom" in d["title"].lower() for d in titles)
    r = await demo_client.get("/api/search/?query=in")
    assert r.status_code == 400 and r.text == "Query must be at least 3 characters"


async def test_custom_field_type_and_asn_range_prefixes(demo_client: httpx.AsyncClient) -> None:
    docs = {d["id"]: d for d in await all_docs(demo_client)}
    fields = {f["name"]: f["id"] for f in (await demo_client.get("/api/custom_fields/")).json()["results"]}
    number = fields["Invoice Number"]
    holder = next(
        d for d in docs.values() for cf in d["custom_fields"] if cf["field"] == number and cf["value"]
    )
    value = next(cf["value"] for cf in holder["custom_fields"] if cf["field"] == number)
    hits = (await search(demo_client, f"invoice_number:{value.split('-')[0]}"))["results"]
    assert holder["id"] in {h["id"] for h in hits}
    assert all(any(cf["field"] == number for cf in docs[h["id"]]["custom_fields"]) for h in hits)
    types = {t["id"]: t["name"] for t in (await demo_client.get("/api/document_types/")).json()["results"]}
    type_id = next(d["document_type"] for d in docs.values() if d["document_type"])
    word = types[type_id].split()[0]
    hits = (await search(demo_client, f"type:{word}"))["results"]
    assert type_id in {docs[h["id"]]["document_type"] for h in hits}
    asns = sorted(d["archive_serial_number"] for d in docs.values() if d["archive_serial_number"])
    low, high = asns[0], asns[min(2, len(asns) - 1)]
    hits = (await search(demo_client, f"asn:[{low} to {high}]"))["results"]
    assert {docs[h["id"]]["archive_serial_number"] for h in hits} == {a for a in asns if low <= a <= high}


async def test_highlights_mark_matches_fold_diacritics_and_escape_markup(
    demo_client: httpx.AsyncClient,
) -> None:
    await demo_client.patch(
        "/api/documents/2/", json={"content": "Grüße aus München <script>x</script> und Muenchen"}
    )
    hit = (await search(demo_client, "munchen"))["results"]
    mine = next(h for h in hit if h["id"] == 2)["__search_hit__"]["highlights"]
    assert "<b>München</b>" in mine
    assert "<script>" not in mine and "&lt;script&gt;" in mine


async def test_the_plain_search_ranks_as_a_filtered_one(demo_client: httpx.AsyncClient) -> None:
    """The plain search (no filter, list order) joins its hits with a narrow index; a filter that keeps
    every document takes the rows' own path: both rank the same hits the same, ties in list order."""
    assert (await search(demo_client, "rechnung", created__date__gt="2999-01-01"))["count"] == 0  # applied
    for query in ("rechnung", "telekom OR invoice", "inv*"):
        plain = (await search(demo_client, query))["results"]
        filtered = (await search(demo_client, query, created__date__gt="1900-01-01"))["results"]
        assert plain and [(h["id"], h["__search_hit__"]["score"]) for h in plain] == [
            (h["id"], h["__search_hit__"]["score"]) for h in filtered
        ]
        for ordering in ("-created", "title"):
            plain = (await search(demo_client, query, ordering=ordering))["results"]
            filtered = (await search(demo_client, query, ordering=ordering, created__date__gt="1900-01-01"))[
                "results"
            ]
            assert [h["id"] for h in plain] == [h["id"] for h in filtered]


@pytest.mark.parametrize(
    "params",
    [
        "query=eur",
        "query=gmbh",
        "query=rech*",
        "more_like_id=1",
        "query=rechnung -telekom",
        "query=NOT rechnung",
        "query=rechnung OR created:2021",
        "query=eur&is_in_inbox=false",
        "query=rechnung&ordering=title",
    ],
)
async def test_pages_of_the_top_hits_agree_with_the_full_ordering(
    demo_client: httpx.AsyncClient, params: str
) -> None:
    """Pages come from a bounded top-N query (by score, ties newest id first; or the list's order); API
    v9's `all` from the same statement without a LIMIT. Both must agree, a trashed hit left out of both."""
    trashed = (await demo_client.get(f"/api/documents/?{params}&page_size=3")).json()["results"][1]["id"]
    assert (await demo_client.delete(f"/api/documents/{trashed}/")).status_code == 204
    v9 = {"Accept": "application/json; version=9"}
    reference = (await demo_client.get(f"/api/documents/?{params}&page_size=1", headers=v9)).json()
    ordered = reference["all"]
    assert trashed not in ordered and len(ordered) == reference["count"] >= 2
    paged: list[int] = []
    ranks: list[int] = []
    scores: list[float] = []
    page = 1
    while True:
        body = (await demo_client.get(f"/api/documents/?{params}&page_size=4&page={page}")).json()
        assert body["count"] == len(ordered)
        paged += [h["id"] for h in body["results"]]
        ranks += [h["__search_hit__"]["rank"] for h in body["results"]]
        scores += [h["__search_hit__"]["score"] for h in body["results"]]
        if body["next"] is None:
            break
        page += 1
    assert paged == ordered
    assert ranks == list(range(1, len(ordered) + 1))
    if "ordering=" not in params:
        assert scores == sorted(scores, reverse=True)
    else:  # a field order: each page's hits still carry their own scores (page scored afterwards)
        assert all(score > 1.0 for score in scores)
    last = (await demo_client.get(f"/api/documents/?{params}&page_size=4&page=last")).json()
    assert [h["id"] for h in last["results"]] == ordered[(len(ordered) - 1) // 4 * 4 :]


async def test_more_like_with_estimated_word_frequencies(
    demo_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large archives count common words' documents in an id window only (the 60-doc archive is below it)."""
    from paperless_tui.demo.routes import doc_search

    exact = (await demo_client.get("/api/documents/?more_like_id=1&page_size=100")).json()
    monkeypatch.setattr(doc_search, "DF_WINDOW", 20)
    estimated = (await demo_client.get("/api/documents/?more_like_id=1&page_size=100")).json()
    assert estimated["count"] >= 1 and 1 not in [h["id"] for h in estimated["results"]]
    top = {h["id"] for h in exact["results"][:3]}
    assert top & {h["id"] for h in estimated["results"]}  # the estimate still finds the closest documents


@pytest.mark.parametrize(
    "text",
    [
        "plain ASCII Text",
        "Ärger über Öl, Straße",
        "İstanbul Ünye",
        "ΣΟΦΙΑΣ σοφίας",
        "Kelvin \u212a, ﬁ Ligatur",
        "Wörld",
    ],
)
def test_fold_in_place_keeps_positions(text: str) -> None:
    """Highlights fold text one character for one character (lower case, no diacritics), as the tokenizer."""
    from paperless_tui.demo.search import _fold_char, fold_in_place

    expected = "".join(c.lower() if c.isascii() else _fold_char(c) for c in text)
    assert fold_in_place(text) == expected and len(expected) == len(text)


ROWS_PATH = "created:[1900-01-01 to 2999-12-31]"  # a range: the query can no longer be one FTS5 expression


@pytest.mark.parametrize(
    "query",
    [
        "rechnung AND telekom",
        "rechnung -telekom",
        "(rechnung OR invoice) AND NOT telekom",
        "title:rech* -telekom",
    ],
)
async def test_text_booleans_are_answered_by_fts5_alone_as_by_the_rows(
    demo_client: httpx.AsyncClient, query: str
) -> None:
    """AND, OR and AND NOT of text leaves are one FTS5 expression (FTS5 finds, counts and ranks the hits);
    the same query with a range that keeps every document takes the rows' path: same hits, scores, order."""
    from paperless_tui.demo.search import compile_query, parse_query

    assert compile_query(parse_query(query), {}, date.today()).match_expr is not None
    assert compile_query(parse_query(f"({query}) AND {ROWS_PATH}"), {}, date.today()).match_expr is None
    fts = await search(demo_client, query)
    rows = await search(demo_client, f"({query}) AND {ROWS_PATH}")
    assert fts["count"] == rows["count"] == len(fts["results"]) > 0
    pairs = [(h["id"], h["__search_hit__"]["score"]) for h in fts["results"]]
    assert pairs == [(h["id"], h["__search_hit__"]["score"]) for h in rows["results"]]


async def test_a_bare_not_counts_the_list_less_its_matches(demo_client: httpx.AsyncClient) -> None:
    total = len(await all_docs(demo_client))
    matched = {h["id"] for h in (await search(demo_client, "rechnung"))["results"]}
    body = await search(demo_client, "NOT rechnung")
    assert body["count"] == total - len(matched) == len(body["results"]) > 0
    assert matched.isdisjoint(h["id"] for h in body["results"])
    rows = await search(demo_client, f"NOT rechnung AND {ROWS_PATH}")
    assert [h["id"] for h in rows["results"]] == [h["id"] for h in body["results"]]
    # a trashed match is in neither: counted as outside the list, not as "not rechnung"
    gone = next(iter(matched))
    assert (await demo_client.delete(f"/api/documents/{gone}/")).status_code == 204
    assert (await search(demo_client, "NOT rechnung"))["count"] == total - len(matched)


async def test_a_filtered_search_ranks_as_the_plain_one_within_the_filter(
    demo_client: httpx.AsyncClient,
) -> None:
    """With a filter, FTS5 walks its matches and keeps those in the filter's set (tags from their index)."""
    plain = (await search(demo_client, "rechnung OR invoice"))["results"]
    inbox = (await demo_client.get("/api/documents/?is_in_inbox=true&page_size=100000")).json()
    inbox_ids = {d["id"] for d in inbox["results"]}
    assert inbox["count"] == len(inbox_ids) > 0
    filtered = await search(demo_client, "rechnung OR invoice", is_in_inbox="true")
    expected = [(h["id"], h["__search_hit__"]["score"]) for h in plain if h["id"] in inbox_ids]
    assert expected and filtered["count"] == len(expected)
    assert [(h["id"], h["__search_hit__"]["score"]) for h in filtered["results"]] == expected


@pytest.mark.parametrize(
    "params",
    ["is_in_inbox=true", "is_in_inbox=false", "tags__id__in=1,2", "tags__id__none=1", "tags__id__all=1,2"],
)
async def test_tag_filter_counts_match_their_pages(demo_client: httpx.AsyncClient, params: str) -> None:
    """Tag filters count through the tag index and page through the list's order: both must agree."""
    body = (await demo_client.get(f"/api/documents/?{params}&page_size=100000")).json()
    assert body["count"] == len(body["results"])
    small = (await demo_client.get(f"/api/documents/?{params}&page_size=2")).json()
    assert small["count"] == body["count"]
    assert [d["id"] for d in small["results"]] == [d["id"] for d in body["results"][:2]]


async def test_date_ranges_on_times_use_the_local_date(demo_client: httpx.AsyncClient) -> None:
    docs = await all_docs(demo_client)
    day = sorted(d["added"][:10] for d in docs)[len(docs) // 2]
    hits = {h["id"] for h in (await search(demo_client, f"added:[{day} to {day}]"))["results"]}
    assert hits and hits == {d["id"] for d in docs if d["added"][:10] == day}
    after = {h["id"] for h in (await search(demo_client, f"added:[{day} to *]"))["results"]}
    assert after == {d["id"] for d in docs if d["added"][:10] >= day}


async def test_common_words_rank_from_impact_rows_exactly_as_fts5_does(
    demo_app, demo_client: httpx.AsyncClient, monkeypatch
) -> None:
    """Words in many documents are ranked from their impact rows (demo/impact.py), not by FTS5's bm25 per
    match: same ids, scores and order as FTS5, also after an edit, a new document and a purge."""
    from paperless_tui.demo import impact, middle_page
    from paperless_tui.demo.routes import doc_search
    from paperless_tui.demo.search import compile_query, parse_query

    store = demo_app.state.demo.store
    monkeypatch.setattr(doc_search, "DEEP", 8)  # pages past the 8th hit and 8 before the last: from marks
    monkeypatch.setattr(middle_page, "MARK", 3)
    monkeypatch.setattr(doc_search, "LISTED_FROM", 8)  # pages past the 8th hit may probe a word in a list
    marked = []  # the words whose pages came from marks
    answer_deep = middle_page.page

    def deep(db: sqlite3.Connection, ask: middle_page.Ask) -> list | None:
        found = answer_deep(db, ask)
        marked.append(ask.term if found is not None else None)  # (None: missed, sorted instead)
        return found

    monkeypatch.setattr(middle_page, "page", deep)
    conjunctions = []  # the ANDs answered from the rows
    answer_conjunction = impact.conjunction_sql
    monkeypatch.setattr(
        impact, "conjunction_sql", lambda *a: conjunctions.append(a[1]) or answer_conjunction(*a)
    )

    rebuild = functools.partial(rebuild_rows, store)

    async def both_ways(word: str, **params: str) -> tuple[list, list]:
        rebuild(1)  # every word in a tenth of the archive gets rows
        assert " " in word or impact.word_with_rows(store.db, word) is not None
        fast_body = await search(demo_client, word, **params)
        paged = []  # the first pages, as the app asks for them (from the top rows where they tell)
        last = -(-fast_body["count"] // 4)
        back = [p for p in (last // 2 + 1, last - 1, last) if p > 3]  # the back half: from the last hit
        for page in (1, 2, 3, *back):
            got = await demo_client.get(
                "/api/documents/", params={"query": word, "page_size": "4", "page": str(page), **params}
            )
            paged += got.json()["results"] if got.status_code == 200 else []
        whole = fast_body["results"]
        expected = whole[:12] + [h for p in back for h in whole[(p - 1) * 4 : p * 4]]
        assert [(h["id"], h["__search_hit__"]["score"]) for h in paged] == [
            (h["id"], h["__search_hit__"]["score"]) for h in expected
        ]
        rebuild(10**9)  # none: FTS5's bm25
        assert impact.word_with_rows(store.db, word.split()[0]) is None
        slow_body = await search(demo_client, word, **params)
        rebuild(1)
        assert fast_body["count"] == slow_body["count"] == len(slow_body["results"])
        fast, slow = fast_body["results"], slow_body["results"]
        return (
            [(h["id"], h["__search_hit__"]["score"]) for h in fast],
            [(h["id"], h["__search_hit__"]["score"]) for h in slow],
        )

    rebuild(1)
    words = [
        r[0]
        for r in store.db.execute(
            "SELECT term FROM fts_vocab WHERE term IN (SELECT term FROM fts_impact_terms) "
            "AND term GLOB '[a-z][a-z][a-z]*' ORDER BY doc DESC"
        )
    ]
    assert len(words) > 10
    for word in (words[0], words[1], words[len(words) // 2], words[-1]):
        fast, slow = await both_ways(word)
        assert fast == slow and len(fast) > 1
        assert (word in marked) == (len(fast) > 3 * 4 + 8), word  # (the middle page is past the 3rd)
    for ordering in ("-created", "title"):  # a field order probes the rows and scores the page from them
        fast, slow = await both_ways(words[len(words) // 2], ordering=ordering)
        assert fast == slow and 1 < len(fast) < len(await all_docs(demo_client))
    for name, value in (("is_in_inbox", "false"), ("tags__id__none", "1")):  # a filter: rows of its set
        fast, slow = await both_ways(words[len(words) // 2], **{name: value})
        assert fast == slow and 1 < len(fast) < len(await all_docs(demo_client))
    vocabulary = [r[0] for r in store.db.execute("SELECT term FROM fts_vocab")]
    prefixes = [  # a prefix that expands to one common word only ranks from that word's rows
        w[:k]
        for w in words
        for k in range(3, len(w))
        if [t for t in vocabulary if t.startswith(w[:k])] == [w]
    ]
    assert prefixes
    fast, slow = await both_ways(prefixes[0] + "*")
    assert fast == slow and len(fast) > 1
    rows = (await search(demo_client, f"({prefixes[0]}*) AND {ROWS_PATH}"))["results"]  # the prefix itself
    assert fast == [(h["id"], h["__search_hit__"]["score"]) for h in rows]
    several = [  # prefixes of several words, with rows of their own
        key
        for (key,) in store.db.execute("SELECT prefix FROM fts_impact_prefixes")
        if impact.word_with_rows(store.db, f"{key}*") == f"{key}*"
    ]
    assert len(several) > 10
    for key in (several[0], several[len(several) // 2], several[-1]):
        fast, slow = await both_ways(f"{key}*")
        assert fast == slow and len(fast) > 1
    fast, slow = await both_ways(f"{several[0]}*", ordering="-created")
    assert fast == slow and len(fast) > 1
    fielded = [  # words and prefixes of one column alone, with rows of their own (`title:rech*`)
        t for (t,) in store.db.execute("SELECT term FROM fts_impact_terms WHERE term GLOB '*:*' ORDER BY 1")
    ] + [
        f"{p}*" for (p,) in store.db.execute("SELECT prefix FROM fts_impact_prefixes WHERE prefix GLOB '*:*'")
    ]
    columns = sorted({impact.split_field(t)[0] for t in fielded})
    assert {"title", "type", "tags", "correspondent", "custom_fields"} <= set(columns)
    for column in columns:
        here = [t for t in fielded if t.startswith(f"{column}:")]
        for term in sorted({here[0], here[-1]}):
            rebuild(1)
            statements = []
            store.db.set_trace_callback(statements.append)
            if impact.is_rowless(term):  # its first page from its count and top rows alone
                got = await demo_client.get("/api/documents/", params={"query": term, "page_size": "4"})
                assert got.status_code == 200 and got.json()["count"] > 4
            else:
                await search(demo_client, term)
            store.db.set_trace_callback(None)
            assert not any("bm25(fts" in s for s in statements), term  # from the rows alone
            fast, slow = await both_ways(term)
            assert fast == slow and len(fast) > 1, term
    rowed = sorted(t for t in fielded if impact.ROWED.match(t))  # (`content:r*`: rows, though of the content)
    assert len(rowed) > 5
    for term in (rowed[0], rowed[-1]):
        marked.clear()
        fast, slow = await both_ways(term)
        assert fast == slow and len(fast) > 3 * 4 + 8 and term in marked, term  # its middle page from marks
    title = next(t for t in fielded if t.startswith("title:"))
    pre, whole_word = next(  # a prefix of a word of the title that expands to that word alone
        (w[:k], w)
        for t in fielded
        if t.startswith("title:") and not t.endswith("*")
        for w in [impact.split_field(t)[1]]
        for k in range(2, len(w))
        if [v for v in vocabulary if v.startswith(w[:k])] == [w]
    )
    fast, slow = await both_ways(f"title:{pre}*")
    assert fast == slow and len(fast) > 1  # ranked as the word itself, in the title alone:
    assert fast == [
        (h["id"], h["__search_hit__"]["score"])
        for h in (await search(demo_client, f"title:{whole_word}"))["results"]
    ]
    for params in ({"ordering": "-created"}, {"is_in_inbox": "false"}):
        fast, slow = await both_ways(title, **params)
        assert fast == slow and len(fast) > 1, params
    rare = store.db.execute(
        "SELECT term FROM fts_vocab WHERE term NOT IN (SELECT term FROM fts_impact_terms) "
        "AND term GLOB '[a-z][a-z][a-z]*' AND doc > 1 ORDER BY doc DESC LIMIT 1"
    ).fetchone()[0]
    half = [  # in at most half of the documents: a score far from 1.0 (idf > 0)
        r[0]
        for r in store.db.execute(
            "SELECT term FROM fts_vocab WHERE term IN (SELECT term FROM fts_impact_terms) "
            "AND term GLOB '[a-z][a-z][a-z]*' AND doc <= ? ORDER BY doc DESC",
            (len(await all_docs(demo_client)) // 2,),
        )
    ]

    def together(a: str, b: str) -> int:
        sql = "SELECT count(*) FROM fts_impact x JOIN fts_impact y ON y.term = ? AND y.doc = x.doc "
        sql += "WHERE x.term = ?"
        return int(store.db.execute(sql, (b, a)).fetchone()[0])

    pair = next(  # two words found together in most documents of the one with fewer hits
        (a, b)
        for a in half
        for b in half
        if a < b and 2 * together(a, b) >= min(together(a, a), together(b, b))
    )
    under = next(  # (a word with rows under a prefix, in most of its documents)
        (key, w)
        for key in several
        for w in half
        if w.startswith(key) and w != key and 2 * together(w, w) >= together(f"{key}*", f"{key}*") > 0
    )
    for query in (  # several words: each one's share of bm25 from its rows, or from FTS5 for a rare word
        f"{half[0]} {half[-1]}",
        f"{half[1]} {rare} {several[-1]}* {half[len(half) // 2]}",
        f"{rare} {half[2]} {half[2]}",
        f"{half[0]} -{half[1]}",  # a word less others: its own rows, those with the others left out
        f"{several[0]}* -{rare} -{half[2]}",
        f"{several[0]}* -{half[2]}",  # counted as its rows less both lists merged
        f"{title} {half[0]} {title}*",  # a word of the title alone, OR-ed
        f"{half[0]} -{title}",
        f"NOT {title}",
        f"{pair[0]} AND {pair[1]}",  # words AND-ed: driven by the rows of the one with fewer hits
        f"{pair[0]} AND {pair[1]} AND {pair[0]}",
        f"{under[0]}* AND {under[1]}",  # a prefix and a word under it
        f"NOT {half[1]}",  # the list less a word's documents: a seek into its rows per walked row
        " AND ".join([pair[0]] * 70),  # more words than SQLite joins: FTS5 answers
        " ".join([pair[0], pair[1]] * 10),  # more words than sets of them are weighed for: phrases_top
    ):
        statements: list[str] = []
        store.db.set_trace_callback(statements.append)
        marked.clear()
        fast, slow = await both_ways(query)
        store.db.set_trace_callback(None)
        assert fast == slow and len(fast) > 1, query
        if " -" in query and len(fast) > 3 * 4 + 8:  # a word NOT others: its middle page from its marks
            assert marked and None not in marked, (query, marked)
        print("MARKED", query, marked, len(fast))
        assert query.startswith("NOT ") == any(
            "NOT EXISTS (SELECT 1 FROM fts_impact i" in s for s in statements
        )
        assert (" AND " in query and query.count(" AND ") < 10) == bool(conjunctions), query
        conjunctions.clear()
        if " -" in query:  # ranked from the word's rows (impact.word_but), not by FTS5
            compiled = compile_query(parse_query(query), {}, date.today())
            assert impact.word_but(compiled.match_expr) is not None
    word, other = words[len(words) // 2], words[0]
    bottom = (await search(demo_client, word))["results"][-1]["id"]
    patched = await demo_client.patch(f"/api/documents/{bottom}/", json={"title": f"{word} {word} {word}"})
    assert patched.status_code == 200
    with store.write() as db:
        store.purge_document(db, (await search(demo_client, other))["results"][-1]["id"])
    fast, slow = await both_ways(word)
    assert fast == slow and fast[0][0] == bottom  # the edited title now ranks first
    fast, slow = await both_ways(other)
    assert fast == slow and (await search(demo_client, other))["count"] == len(fast)


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("{common} OR created:{year}", "{common}"),
        ("telekom OR rechnung OR asn:[1 to 30] OR created:{year}", "telekom OR rechnung"),
        ("rech* OR created:[{year}-03 to {year}-05] OR asn:[5 to 9]", "rech*"),
        ("(created:{year} AND NOT rechnung) OR {common}", "{common}"),
    ],
)
async def test_words_or_other_leaves_answer_as_the_rows_path_does(
    demo_app, demo_client: httpx.AsyncClient, query: str, words: str
) -> None:
    """Text words OR leaves FTS5 cannot answer (a date, a number) are split: the words' matches, ranked as
    the words alone, then the others' hits newest first at 1.0. Same ids, scores, order, count and pages
    as the query answered row by row, with and without impact rows, by relevance and by a field, filtered,
    and in API v9's `all`."""
    from paperless_tui.demo import impact
    from paperless_tui.demo.search import compile_query, parse_query

    docs = await all_docs(demo_client)
    years = sorted(d["created"][:4] for d in docs)
    store = demo_app.state.demo.store
    with store.write() as db:
        impact.build(db, 1)
    common = store.db.execute(  # a word with impact rows in at most half of the documents
        "SELECT term FROM fts_vocab WHERE term IN (SELECT term FROM fts_impact_terms) "
        "AND term GLOB '[a-z][a-z][a-z]*' AND doc <= ? ORDER BY doc DESC LIMIT 1",
        (len(docs) // 2,),
    ).fetchone()[0]
    query = query.format(year=years[len(years) // 2], common=common)
    words = words.format(common=common)
    assert compile_query(parse_query(query), {}, date.today()).others is not None  # the split applies
    reference = f"({query}) AND {ROWS_PATH}"
    assert compile_query(parse_query(reference), {}, date.today()).others is None

    def pairs(body: dict) -> list[tuple[int, float]]:
        return [(h["id"], h["__search_hit__"]["score"]) for h in body["results"]]

    for min_docs in (1, 10**9):  # every word with impact rows; none
        with store.write() as db:
            impact.build(db, min_docs)
        for extra in ({}, {"is_in_inbox": "false"}, {"ordering": "-created"}):
            split, rows = (
                await search(demo_client, query, **extra),
                await search(demo_client, reference, **extra),
            )
            assert split["count"] == rows["count"] == len(split["results"]) > 0
            assert pairs(split) == pairs(rows)
        whole = pairs(await search(demo_client, query))
        scores = [score for _, score in whole]
        assert 1.0 in scores and scores[0] != 1.0  # both parts are there, the words' matches first
        paged: list[tuple[int, float]] = []
        for page in range(1, -(-len(whole) // 7) + 1):  # pages of 7 cross from the words' part to the others'
            body = (
                await demo_client.get(
                    "/api/documents/", params={"query": query, "page_size": "7", "page": str(page)}
                )
            ).json()
            assert body["count"] == len(whole)
            paged += pairs(body)
        assert paged == whole
        v9 = {"Accept": "application/json; version=9"}
        every = [
            (
                await demo_client.get("/api/documents/", params={"query": q, "page_size": "3"}, headers=v9)
            ).json()["all"]
            for q in (query, reference)
        ]
        assert every[0] == every[1] == [i for i, _ in whole]
        alone = await search(demo_client, words)  # the words' own search, asked for after the split
        words_part = [(i, score) for i, score in whole if score != 1.0]
        assert alone["count"] == len(words_part) and pairs(alone) == words_part
        assert pairs(alone) == pairs(await search(demo_client, f"({words}) AND {ROWS_PATH}"))


def test_the_first_hits_of_several_words_are_those_of_the_whole_sum(tmp_path, monkeypatch) -> None:
    """impact.phrases_top (the first k hits of an OR of phrases, from the smaller phrases' documents and
    the largest one's rows) gives, for every k, the first k rows of the sum of every document's shares,
    last_hits.last the last k (or says it cannot tell), conjunction_top the first k of an AND:
    with ties across the two parts (equal shares of two words found in as many documents), documents of
    the largest phrase alone that come first, a rare phrase with no rows and a phrase given twice."""
    from paperless_tui.demo import impact, last_hits
    from paperless_tui.demo.generate import generate_archive
    from paperless_tui.demo.routes.doc_search import BM25, REVERSED
    from paperless_tui.demo.store import Store

    store = Store(tmp_path / "demo.sqlite3", impact_min_docs=1)
    store.load_archive(generate_archive(docs=40))
    base = store.doc_dict(1)
    assert base is not None
    titles = ["alphaq pad", "betaq pad"] * 6 + ["alphaq betaq"] * 3 + ["alphaq alphaq alphaq"] * 2
    titles += ["betaq betaq", "betaq zzzq", "betaq zzzq", "alphaq zzzq", "zzzq pad"]
    titles += ["alphaq pad pad pad pad", "betaq betaq zzzq"]  # 13 alphaq, 13 betaq; one alphaq comes last
    with store.write() as db:
        for n, title in enumerate(titles):
            doc = {**base, "id": None, "title": title, "checksum": f"{n:032x}", "archive_serial_number": None}
            store.insert_document(db, doc)
        # The last hits of xqa OR xqb are the documents with xqa alone (short), though the least shares of
        # xqa are in long documents that also have xqb many times (their totals come first).
        pad = " ".join(["lorem"] * 400)
        contents = [f"{pad} xqa " + "xqb " * 20] * 8 + ["xqa"] * 4
        for n, content in enumerate(contents, start=len(titles)):
            doc = {**base, "id": None, "title": "pad", "content": content, "checksum": f"{n:032x}"}
            store.insert_document(db, {**doc, "archive_serial_number": None})
        impact.build(db, 1)  # rows for the new words
    cols = "title content correspondent type tags notes custom_fields"

    def count_rows(term: str) -> int:
        return int(store.db.execute("SELECT count(*) FROM fts_impact WHERE term = ?", (term,)).fetchone()[0])

    assert count_rows("alphaq") == count_rows("betaq") == 13 and count_rows("zzzq") == 0
    many = ["alphaq", "betaq", "pad"] * 3  # more phrases than sets of them are weighed for: phrases_top alone
    ended = {True: 0, False: 0}  # last hits told by last_hits, or not
    left = [0]  # first hits by_presence leaves to phrases_top for a read that no bound cuts
    raised = [0]  # totals that every top row raises above the first k's
    queries = (
        ["alphaq", "betaq"],
        ["betaq", "alphaq"],
        ["alphaq", "zzzq", "betaq"],
        ["alphaq", "alphaq"],
        ["xqa", "xqb"],
        ["xqb", "xqa"],
        many,
    )
    for words in queries:
        phrases = [(f'({{{cols}}} : "{w}")', impact.word_with_rows(store.db, w)) for w in words]
        told = impact.by_presence(store.db, phrases, count_rows, 1)
        assert (told is None) == (len(words) > impact.PRESENCE_PHRASES), words
        sql, params = impact.phrases_sql(store.db, phrases, count_rows, impact.RELEVANCE)
        whole = [(int(r), float(b)) for r, b in store.db.execute(sql, params)]
        assert len({b for _, b in whole}) < len(whole)  # ties
        for k in range(1, len(whole) + 3):
            assert impact.phrases_top(store.db, phrases, count_rows, k) == whole[:k], (words, k)
        if len(words) <= impact.PRESENCE_PHRASES:  # a read that no bound cuts: left to phrases_top
            monkeypatch.setattr(impact, "UNCUT", 0)
            cut = [impact.by_presence(store.db, phrases, count_rows, k) for k in range(1, len(whole) + 1)]
            monkeypatch.undo()
            assert all(c is None or c == whole[:k] for k, c in enumerate(cut, 1)), words
            told_k = [impact.by_presence(store.db, phrases, count_rows, k) for k in range(1, len(whole) + 1)]
            left[0] += cut.count(None) - told_k.count(None)  # (the rows here are far below UNCUT)
            monkeypatch.setattr(impact, "DEEPER", 0)  # every read weighed again from every top row
            deep = [impact.by_presence(store.db, phrases, count_rows, k) for k in range(1, len(whole) + 1)]
            monkeypatch.undo()
            assert all(d is None or d == whole[:k] for k, d in enumerate(deep, 1)), words
            assert deep.count(None) <= told_k.count(None), words
            arms = impact._arms(store.db, phrases, count_rows)
            for k in range(1, len(whole) + 1):
                first, every = (impact._floor(store.db, phrases, arms, k, deep=d) for d in (False, True))
                raised[0] += first is not None and every is not None and every > first
        sql, params = impact.phrases_sql(store.db, phrases, count_rows, REVERSED)
        ending = [(int(r), float(b)) for r, b in store.db.execute(sql, params)]
        assert ending == whole[::-1]
        for k in range(1, len(whole) + 3):  # the last hits, from each phrase's least shares
            last = last_hits.last(store.db, phrases, count_rows, k)
            assert last is None or last == ending[:k], (words, k)
            ended[last is not None] += 1
    assert ended[True] > 10 and ended[False] > 10, ended  # told, and not (a rare word has no rows)
    assert left[0] > 5, left
    assert raised[0] > 5, raised
    told = 0  # first hits of an AND told by conjunction_top
    for words in (["alphaq", "betaq"], ["betaq", "alphaq"], ["alphaq", "alphaq"], ["pad", "alphaq"]):
        phrases = [(f'({{{cols}}} : "{w}")', str(impact.word_with_rows(store.db, w))) for w in words]
        sql, params = impact.conjunction_sql(store.db, phrases, count_rows, impact.RELEVANCE)
        whole = [(int(r), float(b)) for r, b in store.db.execute(sql, params)]
        assert whole
        for k in range(1, len(whole) + 3):
            first = impact.conjunction_top(store.db, phrases, count_rows, k)
            assert first is None or first == whole[:k], (words, k)
            told += first is not None
    assert told > 10
    told = 0  # first hits of an OR or an AND with a word of the content (no rows) told by its top rows
    for content, word in (("xqa", "alphaq"), ("xqb", "pad"), ("lorem", "betaq"), ("xqa", "zzzq")):
        term = impact.word_with_rows(store.db, f"content:{content}")
        assert term is not None and impact.count(store.db, term) >= 8 and not count_rows(term), content
        other = f'({{{cols}}} : "{word}")'
        phrases = [(f'({{content}} : "{content}")', None), (other, impact.word_with_rows(store.db, word))]
        for order in (phrases, phrases[::-1]):
            for joined in (" OR ".join(p for p, _ in order), f"(({' AND '.join(p for p, _ in order)}))"):
                theirs = store.db.execute(f"SELECT rowid, {BM25} FROM fts WHERE fts MATCH ?", (joined,))
                whole = sorted(((int(r), float(b)) for r, b in theirs), key=lambda row: (row[1], -row[0]))
                first_hits = impact.by_presence if " OR " in joined else impact.conjunction_top
                for k in range(1, len(whole) + 2):
                    first = first_hits(store.db, order, count_rows, k, term)
                    assert first is None or first == whole[:k], (joined, k)
                    told += first is not None
    assert told > 40, told
    store.close()


def test_impact_rows_follow_every_write_of_the_index(tmp_path, monkeypatch) -> None:
    """After a load, edits, new documents and a purge, every word's and every prefix's rows give FTS5's
    bm25 to the last bit for every match (the table is kept in step by Store.reindex, not rebuilt), and
    their top rows give the first k of them for every k they can tell."""
    from paperless_tui.demo import faint, impact, quoted
    from paperless_tui.demo.generate import generate_archive
    from paperless_tui.demo.impact import varints
    from paperless_tui.demo.routes.doc_search import BM25
    from paperless_tui.demo.search import words as tokens_of
    from paperless_tui.demo.store import Store

    monkeypatch.setattr(impact, "TOP", 20)  # 20 top rows per term: some hold all, most searches go past them
    store = Store(tmp_path / "demo.sqlite3", impact_min_docs=1)
    store.load_archive(generate_archive(docs=120))

    cols = "title content correspondent type tags notes custom_fields"

    def count_rows(term: str) -> int:
        return int(store.db.execute("SELECT count(*) FROM fts_impact WHERE term = ?", (term,)).fetchone()[0])

    told = [0, 0]  # first hits told by top rows that hold all of a term's rows, by those that do not
    rowless = [0, 0, 0]  # ROWLESS terms checked; first hits their top rows told; last hits their bottom rows
    topped = [0, 0]  # first hits of an OR, of an AND, with a ROWLESS term told by its top rows
    faints = [0, 0]  # of an OR, of an AND, told by the others' first hits (faint: the word's share is small)
    floors = [0, 0]  # the same with a word with rows in most documents (faint.floored)
    driven = [0]  # reads of an OR's or an AND's first hits driven by top rows that do not hold all rows
    beyond = [0]  # of those, by a ROWLESS word's top rows that hold every document outside which none can
    drive = impact._drive

    def counting_drive(*args: object) -> tuple[int, float | None, float | None]:
        found = drive(*args)
        reach = args[-1]
        bar = reach.bars[found[0]] if isinstance(reach, impact.Reach) else None
        driven[0] += found[2] is not None and bar is not None and bar[0] > 0.0
        beyond[0] += found[2] == 0.0 and bar is not None and bar[0] > 0.0
        return found

    monkeypatch.setattr(impact, "_drive", counting_drive)
    anded = [0]  # first hits of an OR told by FTS5's AND: no document without every phrase can reach them
    every_first = impact.every_first
    monkeypatch.setattr(
        impact, "every_first", lambda *a: anded.__setitem__(0, anded[0] + 1) or every_first(*a)
    )
    deeper = impact.DEEPER

    def check_rowless(expr: str, term: str) -> None:
        """A ROWLESS term's count is FTS5's, its top rows give FTS5's first k and its bottom rows FTS5's
        last k (from the last) wherever they tell."""
        assert impact.common_word(expr) is None and not count_rows(term), term  # (no rows at all)
        hits = store.db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (expr,)).fetchone()[0]
        assert impact.count(store.db, term) == hits, term
        idf, avgdl = impact.score_params(store.db, hits)
        theirs = store.db.execute(f"SELECT rowid, {BM25} FROM fts WHERE fts MATCH ?", (expr,)).fetchall()
        ranked = sorted(((int(r), float(b)) for r, b in theirs), key=lambda row: (row[1], -row[0]))
        for k in range(1, len(ranked) + 2):
            first = impact.top(store.db, term, idf, avgdl, k)
            if first is not None:
                assert first == ranked[:k], (term, k)
                rowless[1] += 1
            last = impact.bottom(store.db, term, idf, avgdl, k)
            if last is not None:
                assert last == ranked[::-1][:k], (term, k)
                rowless[2] += 1
        rowless[0] += 1

    def ranked(expr: str) -> list[tuple[int, float]]:
        """FTS5's hits of `expr` by relevance (ties: newest first)."""
        theirs = store.db.execute(f"SELECT rowid, {BM25} FROM fts WHERE fts MATCH ?", (expr,)).fetchall()
        return sorted(((int(r), float(b)) for r, b in theirs), key=lambda row: (row[1], -row[0]))

    def check_topped(contents: list[tuple[str, str]], busy: list[str]) -> None:
        """An OR and an AND of a ROWLESS word or prefix (no rows: a count and top rows) and a word with
        rows give FTS5's first k wherever its top rows tell (`by_presence` / `conjunction_top` with it)."""
        contents = [c for c in contents if impact.count(store.db, c[1]) > 2 * impact.TOP]  # (a bar above 0.0)
        assert len(contents) > 5, contents
        for n, (expr, term) in enumerate(contents):
            word = busy[n % len(busy)]
            other = (f'({{{cols}}} : "{word}")', word)
            for phrases in ([(expr, None), other], [other, (expr, None)]):
                joined = " OR ".join(p for p, _ in phrases)
                for k, answer in ((k, ranked(joined)[:k]) for k in range(1, 40)):
                    first = impact.by_presence(store.db, phrases, count_rows, k, term)
                    assert first is None or first == answer, (joined, k)
                    topped[0] += first is not None
                    quiet = faint.first(store.db, phrases, count_rows, k, term) if k % 3 == 1 else None
                    assert quiet is None or quiet == answer, (joined, k)
                    faints[0] += quiet is not None
                both = f"(({' AND '.join(p for p, _ in phrases)}))"
                for k, answer in ((k, ranked(both)[:k]) for k in range(1, 40)):
                    first = impact.conjunction_top(store.db, phrases, count_rows, k, term)
                    assert first is None or first == answer, (both, k)
                    topped[1] += first is not None
                    quiet = (
                        faint.first(store.db, phrases, count_rows, k, term, every=True)
                        if k % 3 == 1
                        else None
                    )
                    assert quiet is None or quiet == answer, (both, k)
                    faints[1] += quiet is not None

    def check_floored(busy: list[str]) -> None:
        """An OR and an AND of a word or prefix with rows in most documents (FTS5's least idf: `e*`,
        `content:r*`) and a word with rows give FTS5's first k wherever the word's first hits tell
        (faint.floored)."""
        half = store.db.execute("SELECT count(*) FROM fts_docsize").fetchone()[0] / 2
        common = [
            t
            for (t,) in store.db.execute("SELECT term FROM fts_impact_counts ORDER BY n DESC, term")
            if not impact.is_rowless(t) and count_rows(t) > half
        ]
        assert any(impact.ROWED.match(t) for t in common) and any(":" not in t for t in common), common
        for n, term in enumerate(common[:: max(1, len(common) // 12)]):
            column, word = impact.split_field(term)
            expr = (
                "({" + (column or cols) + '} : "' + word.rstrip("*") + '"' + " *" * word.endswith("*") + ")"
            )
            word = busy[n % len(busy)]
            other = (f'({{{cols}}} : "{word}")', word)
            for phrases in ([(expr, term), other], [other, (expr, term)]):
                joined = " OR ".join(p for p, _ in phrases)
                both = f"(({' AND '.join(p for p, _ in phrases)}))"
                for k in range(1, 40, 3):
                    quiet = faint.floored(store.db, phrases, count_rows, k)
                    assert quiet is None or quiet == ranked(joined)[:k], (joined, k)
                    floors[0] += quiet is not None
                    quiet = faint.floored(store.db, phrases, count_rows, k, every=True)
                    assert quiet is None or quiet == ranked(both)[:k], (both, k)
                    floors[1] += quiet is not None

    phrased = [0, 0, 0, 0]  # quoted phrases checked; first hits told by top rows, of an OR, of an AND

    def check_quoted(busy: list[str]) -> None:
        """A quoted phrase of common words (`"max mustermann"`, `title:"rechnung telekom"`): its share
        counted by highlight() is FTS5's bm25 in every match, and a word's top rows give FTS5's first k
        wherever they tell (quoted.first); OR-ed and AND-ed with words with rows, the others' first hits
        give FTS5's first k wherever they tell (faint.phrased: a phrase in most documents)."""
        pairs: Counter[tuple[str, str, str]] = Counter()
        for row in store.db.execute("SELECT rowid, title, content FROM fts"):
            for column, text in (("", f"{row[1]} {row[2]}"), ("title", row[1])):
                pairs.update({(column, a, b) for a, b in itertools.pairwise(tokens_of(text or ""))})
        common = pairs.most_common()
        bare, titled = ([p for p, _ in common if p[0] == column] for column in ("", "title"))
        for column, *pair in [*bare[:30], *titled[:10], ("", "quotx", "quoty")]:
            expr = "({" + (column or cols) + '} : "' + " ".join(pair) + '")'
            phrase = quoted.quoted(expr)
            terms = [impact.word_with_rows(store.db, term) for term in phrase.terms] if phrase else [None]
            if phrase is None or None in terms:
                continue
            answer = ranked(expr)
            hits = store.db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (expr,)).fetchone()[0]
            idf, avgdl = impact.score_params(store.db, hits)
            length = dict(store.db.execute("SELECT id, sz FROM fts_docsize"))
            docs = [(doc, sum(varints(length[doc]))) for doc, _ in answer]
            assert sorted(quoted._shares(store.db, phrase, docs, idf, avgdl)) == sorted(answer), expr
            phrased[0] += 1
            for k in range(1, 2 * impact.TOP, 3):
                first = quoted.first(store.db, phrase, [str(t) for t in terms], hits, k)
                assert first is None or first == answer[:k], (expr, k)
                phrased[1] += first is not None
            score = (idf, avgdl)
            bound = quoted.share_bound(store.db, [str(t) for t in terms], score)
            shares = functools.partial(quoted.shares, store.db, phrase, score=score)
            share = hits / store.db.execute("SELECT count(*) FROM fts_docsize").fetchone()[0]
            for n, word in enumerate(busy[:3]):
                other = (f'({{{cols}}} : "{word}")', word)
                together = [(expr, None), other] if n % 2 else [other, (expr, None)]
                for joined, every in ((" OR ".join(p for p, _ in together), False), (None, True)):
                    joined = joined or f"(({' AND '.join(p for p, _ in together)}))"
                    answer = ranked(joined)
                    for k in range(1, 2 * impact.TOP, 4):
                        found = faint.phrased(
                            store.db, together, count_rows, k, bound, shares, every=every, share=share
                        )
                        assert found is None or found == answer[:k], (joined, k)
                        phrased[2 + every] += found is not None

    def check() -> int:
        told[:] = [0, 0]
        rowless[:] = [0, 0, 0]
        contents = []
        terms = [r[0] for r in store.db.execute("SELECT term FROM fts_impact_terms")]
        prefixes = [r[0] for r in store.db.execute("SELECT prefix FROM fts_impact_prefixes")]
        checked, fielded = 0, set()
        for term, star in [(t, "") for t in terms] + [(p, " *") for p in prefixes]:
            column, word = impact.split_field(term)  # (`title:rechnung`: the word in the title alone)
            expr = "({" + (column or cols) + '} : "' + word + '"' + star + ")"
            if impact.is_rowless(term + star.strip()):
                assert impact.rowless_word(expr) == term + star.strip()
                check_rowless(expr, term + star.strip())
                contents.append((expr, term + star.strip()))
                continue
            if impact.common_word(expr) != term + star.strip():
                continue
            fielded.add(column and column + star)
            hits = store.db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (expr,)).fetchone()[0]
            idf, avgdl = impact.score_params(store.db, hits)
            mine = store.db.execute(
                f"SELECT doc, {impact.SCORE_SQL} FROM fts_impact WHERE term = ?",
                (idf, avgdl, term + star.strip()),
            ).fetchall()
            theirs = store.db.execute(f"SELECT rowid, {BM25} FROM fts WHERE fts MATCH ?", (expr,)).fetchall()
            assert dict(mine) == dict(theirs), term + star
            assert impact.count(store.db, term + star.strip()) == len(mine)  # kept with the rows
            checked += bool(star and mine)
            ranked = sorted(((int(r), float(b)) for r, b in theirs), key=lambda row: (row[1], -row[0]))
            for k in range(1, len(ranked) + 2):
                first = impact.top(store.db, term + star.strip(), idf, avgdl, k)
                if first is not None:
                    assert first == ranked[:k], (term + star, k)
                    told[len(ranked) > impact.TOP] += 1
            less = f'{expr} NOT ({{{cols}}} : "telekom") NOT ({{{cols}}} : "zzlang")'  # with rows; without
            unless = [
                (less.split(" NOT ")[i], impact.word_with_rows(store.db, w))
                for i, w in ((1, "telekom"), (2, "zzlang"))
            ]
            theirs = store.db.execute(f"SELECT rowid, {BM25} FROM fts WHERE fts MATCH ?", (less,)).fetchall()
            ranked = sorted(((int(r), float(b)) for r, b in theirs), key=lambda row: (row[1], -row[0]))
            for k in range(1, len(ranked) + 2):
                first = impact.top(store.db, term + star.strip(), idf, avgdl, k, unless)
                assert first is None or first == ranked[:k], (less, k)
        assert checked > 10  # prefixes
        half = [  # words with rows in at most half of the documents (idf well above 0)
            r[0]
            for r in store.db.execute(
                "SELECT term FROM fts_vocab WHERE term IN (SELECT term FROM fts_impact_terms) "
                "AND term GLOB '[a-z][a-z][a-z]*' AND doc * 2 <= (SELECT count(*) FROM fts_docsize) "
                "ORDER BY doc DESC"
            )
        ]
        busy = [w for w in half if count_rows(w) > 2 * impact.TOP]  # (their bars are above 0.0)
        queries = [
            [half[0], half[-1]],
            [half[1], "telekom", f"{prefixes[0]}*", half[2], half[1]],
            [busy[0], busy[-1]],  # a rarer word's least share above its bar: its top rows drive
            [busy[-2], busy[1]],
            [busy[3], busy[-4]],  # (and of an AND)
        ]
        for words in queries:
            phrases = [
                (
                    f'({{{cols}}} : "{w.rstrip("*")}"{" *" if w.endswith("*") else ""})',
                    impact.word_with_rows(store.db, w),
                )
                for w in words
            ]
            assert sum(term is not None for _, term in phrases) >= 2
            shares = (store.db, phrases, count_rows)
            sql, params = impact.phrases_sql(*shares, "r")
            theirs = store.db.execute(
                f"SELECT rowid, {BM25} FROM fts WHERE fts MATCH ? ORDER BY rowid",
                (" OR ".join(p for p, _ in phrases),),
            ).fetchall()
            assert [tuple(r) for r in store.db.execute(sql, params)] == [tuple(r) for r in theirs], words
            ranked = [tuple(r) for r in store.db.execute(*impact.phrases_sql(*shares, impact.RELEVANCE))]
            ks = [*range(1, 40), len(ranked) + 1]  # the first hits, as page() asks for them
            for k in ks:
                assert impact.phrases_top(*shares, k) == ranked[:k], (words, k)
            monkeypatch.setattr(impact, "DEEPER", 0)  # with a total from every top row
            for k in ks:
                assert impact.phrases_top(*shares, k) == ranked[:k], (words, k)
            monkeypatch.setattr(impact, "DEEPER", deeper)
            every = list(dict.fromkeys((p, t) for p, t in phrases if t is not None))[:2]  # (an AND of two)
            whole = [
                tuple(r)
                for r in store.db.execute(
                    *impact.conjunction_sql(store.db, every, count_rows, impact.RELEVANCE)
                )
            ]
            for k in range(1, min(len(whole), 60) + 2):
                first = impact.conjunction_top(store.db, every, count_rows, k)
                assert first is None or [tuple(r) for r in first] == whole[:k], (every, k)
        check_topped(contents, busy)
        check_floored(busy)
        phrased[:] = [0, 0, 0, 0]
        check_quoted(busy)
        assert phrased[0] > 10 and phrased[1] > 200 and phrased[2] > 20 and phrased[3] > 20, phrased
        assert told[0] > 50 and told[1] > 50, told
        assert driven[0] > 10, driven
        assert topped[0] > 100 and topped[1] > 100 and beyond[0] > 5 and anded[0] > 5, (topped, beyond, anded)
        assert faints[0] > 100 and faints[1] > 30, faints
        assert floors[0] > 50 and floors[1] > 10, floors
        assert rowless[0] > 20 and rowless[1] > 200 and rowless[2] > 200, rowless
        assert {"title", "title *", "type", "tags", "tags *", "correspondent", "custom_fields *"} <= fielded
        for column, key in (impact.split_field(p) for p in prefixes if ":" in p):
            for shorter in (key[:n] for n in range(1, len(key))):  # ranked by the rows of a key, or by FTS5
                found = impact.word_with_rows(store.db, f"{column}:{shorter}*")
                expr = f'({{{column}}} : "{shorter}" *)'
                if found is not None and impact.is_rowless(found):  # the key's count and top rows
                    check_rowless(expr, found)
                elif found is not None:
                    hits = store.db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (expr,)).fetchone()[
                        0
                    ]
                    idf, avgdl = impact.score_params(store.db, hits)
                    sql = f"SELECT doc, {impact.SCORE_SQL} FROM fts_impact WHERE term = ?"
                    mine = store.db.execute(sql, (idf, avgdl, found)).fetchall()
                    theirs = store.db.execute(f"SELECT rowid, {BM25} FROM fts WHERE fts MATCH ?", (expr,))
                    assert dict(mine) == dict(theirs.fetchall()), (expr, found)
        return len(terms)

    assert check() > 10
    # every word under rechn is under rechnung, every word under ueberw under ueberweis
    assert impact.word_with_rows(store.db, "rechn*") == "rechnung*"
    assert impact.word_with_rows(store.db, "ueberw*") == "ueberweis*"
    assert impact.word_with_rows(store.db, "re*") == "re*"  # one or two letters: in nearly every document
    assert impact.word_with_rows(store.db, "r*") == "r*"
    with store.write() as db:
        db.execute("UPDATE docs SET title = title || ' invoice invoice telefonanlage' WHERE id IN (1, 2, 3)")
        store.reindex(db, [1, 2, 3])
        store.purge_document(db, 5)
        new = {
            **store.doc_dict(1),
            "id": None,
            "title": "Rechnung Telekom",
            "content": "rechnung invoice rechnungskorrektur rechnx ueberwachung",  # new words under prefixes
        }
        store.insert_document(db, new)
        for n in range(20):  # common words under a prefix that is not ASCII (maß), summed one by one
            store.insert_document(
                db, {**new, "id": None, "title": "maßx maßy", "content": "", "checksum": f"{n:032x}"}
            )
        long = {**new, "id": None, "title": "lang", "content": "zzlang " * 40000, "checksum": f"{30:032x}"}
        store.insert_document(db, long)  # the average length grows: a share by up to as much
        for n, content in enumerate(["quotx quoty quotx zz"] * 3 + ["quotx quoty zz zz"] * 14):
            store.insert_document(  # (the first hits of "quotx quoty" are the last 14 by id, tied with the 3)
                db, {**new, "id": None, "title": "pair", "content": content, "checksum": f"{n + 40:032x}"}
            )
        twice = "Max Mustermann max mustermann"  # (a phrase in two columns, twice, in text with \x01)
        twice_doc = {
            **new,
            "id": None,
            "title": twice,
            "content": f"\x01{twice}\x01 max",
            "checksum": f"{31:032x}",
        }
        store.insert_document(db, twice_doc)
        for n in range(3):  # qq: 15 documents word by word, 3 in fact: too few for rows
            store.insert_document(
                db, {**new, "id": None, "title": "qqa qqb qqc qqd qqe", "checksum": f"{n + 20:032x}"}
            )
    assert check() > 10
    assert impact.word_with_rows(store.db, "rechnungs*") == "rechnungs*"
    assert impact.word_with_rows(store.db, "rechn*") is None  # rechnx is not under rechnung: FTS5 ranks it
    assert impact.word_with_rows(store.db, "ueberw*") is None  # nor ueberwachung under ueberweis
    store.close()
    store = Store(tmp_path / "demo.sqlite3")  # kept archive: rows as they were
    assert check() > 10
    with store.write() as db:  # an archive kept from a version without impact rows
        db.execute("DELETE FROM fts_impact")
        db.execute("DELETE FROM fts_impact_terms")
        db.execute("DELETE FROM fts_impact_prefixes")
        db.execute("UPDATE meta SET value = '1' WHERE key = 'impact'")  # words only, no prefixes
    store.close()
    store = Store(tmp_path / "demo.sqlite3", impact_min_docs=1)  # built on open
    assert check() > 10
    assert impact.has_word(store.db, "maßx") and impact.word_with_rows(store.db, "ma*") == "ma*"
    assert impact.word_with_rows(store.db, "qq*") is None
    store.close()


@pytest.mark.parametrize(
    "ordering", ["correspondent__name", "-correspondent__name", "-custom_field_{amount}", "title", "-created"]
)
async def test_pages_from_the_end_agree_with_the_whole_list(
    demo_client: httpx.AsyncClient, ordering: str
) -> None:
    """A page in the back half of a search by a field (a name's rank, a custom field's value with documents
    lacking it, a title) is read in the reversed order from the last hit: every page of 4, the last one
    short, gives the whole list in its order, with a text query and with a bare NOT."""
    fields = {f["name"]: f["id"] for f in (await demo_client.get("/api/custom_fields/")).json()["results"]}
    ordering = ordering.format(amount=fields["Amount"])
    for query in ("rechnung OR invoice OR telekom", "NOT rechnung"):
        whole = (await search(demo_client, query, ordering=ordering))["results"]
        assert len(whole) > 9 and len(whole) % 4  # several pages, the last one short
        paged = []
        for page in range(1, -(-len(whole) // 4) + 1):
            params = {"query": query, "ordering": ordering, "page_size": "4", "page": page}
            got = await demo_client.get("/api/documents/", params=params)
            assert got.status_code == 200
            paged += [h["id"] for h in got.json()["results"]]
        assert paged == [h["id"] for h in whole], (query, ordering)


async def test_an_or_with_a_prefix_is_counted_from_rows_less_trashed_hits(
    demo_app, demo_client: httpx.AsyncClient, monkeypatch
) -> None:
    """Words OR-ed with a prefix that has rows are counted by merging the rows' lists of documents
    (impact.union_count), not by FTS5 expanding the prefix: the same count as FTS5's, with trashed hits
    left out, and the same hits."""
    from paperless_tui.demo import impact

    store = demo_app.state.demo.store
    merged = []
    count_union = impact.union_count
    monkeypatch.setattr(impact, "union_count", lambda *a: merged.append(a[1]) or count_union(*a))
    with store.write() as db:
        impact.build(db, 1)
    key = store.db.execute(
        "SELECT prefix FROM fts_impact_prefixes ORDER BY length(prefix) LIMIT 1"
    ).fetchone()[0]
    word = store.db.execute(
        "SELECT term FROM fts_vocab WHERE term IN (SELECT term FROM fts_impact_terms) AND term NOT GLOB ? "
        "ORDER BY doc LIMIT 1",
        (f"{key}*",),
    ).fetchone()[0]
    rare = store.db.execute(  # one without rows, found in a few documents only
        "SELECT term FROM fts_vocab WHERE term NOT IN (SELECT term FROM fts_impact_terms) "
        "AND term GLOB '[a-z][a-z][a-z]*' AND doc > 1 ORDER BY doc DESC LIMIT 1"
    ).fetchone()[0]
    for query in (f"{key}* {word}", f"{word} {rare} {key}*"):
        first = await search(demo_client, query)
        for hit in (first["results"][0], first["results"][-1]):  # to the trash: no longer hits
            assert (await demo_client.delete(f"/api/documents/{hit['id']}/")).status_code == 204
        merged.clear()
        fast = await search(demo_client, query)
        assert merged, query
        with store.write() as db:
            impact.build(db, 10**9)  # no rows: FTS5 counts
        slow = await search(demo_client, query)
        with store.write() as db:
            impact.build(db, 1)
        assert fast["count"] == slow["count"] == len(fast["results"]) == first["count"] - 2
        assert [h["id"] for h in fast["results"]] == [h["id"] for h in slow["results"]]


def test_a_prefix_in_a_column_ranks_from_a_longer_key_only_while_no_word_lies_outside_it(tmp_path) -> None:
    """`title:q*` is ranked by the rows of `title:qe*` while every word of the index under q starts with
    qe (in any column: the rows are not kept for other words); a word under q outside qe, before it or
    after it, sends it to FTS5 (q: a prefix of no word of the archive)."""
    from paperless_tui.demo import impact
    from paperless_tui.demo.generate import generate_archive
    from paperless_tui.demo.store import Store

    store = Store(tmp_path / "demo.sqlite3", impact_min_docs=1)
    store.load_archive(generate_archive(docs=30))
    ids = [r[0] for r in store.db.execute("SELECT id FROM docs")]
    vocabulary = [r[0] for r in store.db.execute("SELECT term FROM fts_vocab")]
    q = next(p for p in ("q", "xq", "qxj", "zqxj") if not any(w.startswith(p) for w in vocabulary))

    with store.write() as db:
        db.execute("UPDATE docs SET title = ?", (f"{q}ea {q}eb",))
        store.reindex(db, ids)
        impact.build(db, 1)

    def titled(first: str) -> str | None:  # (the keys stay those built)
        with store.write() as db:
            db.execute("UPDATE docs SET title = ? WHERE id = ?", (first, ids[0]))
            store.reindex(db, ids[:1])
        return impact.word_with_rows(store.db, f"title:{q}*")

    assert titled(f"{q}ea") == f"title:{q}e*"
    assert titled(f"{q}ea {q}0x") is None  # a word below the key
    assert titled(f"{q}ea {q}zzx") is None  # above it
    assert titled(f"{q}eb") == f"title:{q}e*"
    store.close()


def test_a_reindex_rewrites_only_what_changed_and_drops_what_left(tmp_path, monkeypatch) -> None:
    """Store.reindex compares each document's values with the index's: unchanged ones are left alone (a
    bulk edit of owners or dates rewrites nothing), changed ones are replaced, and one gone from the list
    leaves the index and its impact rows."""
    from paperless_tui.demo import impact
    from paperless_tui.demo.generate import generate_archive
    from paperless_tui.demo.store import Store

    store = Store(tmp_path / "demo.sqlite3", impact_min_docs=1)
    store.load_archive(generate_archive(docs=40))
    updated = []
    update = impact.update
    monkeypatch.setattr(
        impact, "update", lambda db, ids, *a: updated.append(list(ids)) or update(db, ids, *a)
    )

    def counted() -> dict[str, int]:
        return dict(store.db.execute("SELECT term, n FROM fts_impact_counts").fetchall())

    before = counted()
    with store.write() as db:
        db.execute("UPDATE docs SET owner = NULL WHERE id IN (1, 2, 3)")
        store.reindex(db, [1, 2, 3])
    assert updated == [[]] and counted() == before
    with store.write() as db:
        db.execute("UPDATE docs SET title = title || ' invoice' WHERE id = 2")
        db.execute("DELETE FROM docs WHERE id = 3")
        store.reindex(db, [1, 2, 3])
    assert updated[-1] == [2, 3]
    assert not store.db.execute("SELECT 1 FROM fts WHERE rowid = 3").fetchall()
    assert not store.db.execute("SELECT 1 FROM fts_impact WHERE doc = 3").fetchall()
    rows = dict(store.db.execute("SELECT term, count(*) FROM fts_impact GROUP BY term").fetchall())
    kept = {t: n for t, n in counted().items() if n and not impact.is_rowless(t)}
    assert kept == rows
    assert any(impact.ROWED.match(t) for t in kept)  # (a ROWLESS column's one-letter prefixes have rows)
    rowless = {t: n for t, n in counted().items() if impact.is_rowless(t)}
    assert len(rowless) > 20
    for term, n in rowless.items():  # (counted from the staged values alone: FTS5's count)
        column, word = impact.split_field(term)
        expr = f'({{{column}}} : "{word.rstrip("*")}"{" *" if word.endswith("*") else ""})'
        assert store.db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (expr,)).fetchone()[0] == n
    store.close()


async def test_every_page_of_words_or_ed_comes_from_the_marks_of_the_commonest(
    demo_app, demo_client: httpx.AsyncClient, monkeypatch
) -> None:
    """A page deep inside words OR-ed (one common, the others in fewer documents, one of them without rows)
    comes from the commonest word's marks, the others' documents summed in full: every page of 4 gives the
    whole list in its order and scores, with a trashed hit left out, also after an edit makes the marks
    stale."""
    from paperless_tui.demo import impact, middle_page
    from paperless_tui.demo.routes import doc_search

    store = demo_app.state.demo.store
    monkeypatch.setattr(doc_search, "DEEP", 8)
    monkeypatch.setattr(middle_page, "MARK", 3)
    answered = []
    ask_marks = middle_page.page

    def spy(db: sqlite3.Connection, ask: middle_page.Ask) -> list | None:
        found = ask_marks(db, ask)
        answered.append(found is not None)
        return found

    monkeypatch.setattr(middle_page, "page", spy)
    with store.write() as db:
        impact.build(db, 1)
    docs = len(await all_docs(demo_client))
    with_rows = [
        r[0]
        for r in store.db.execute(
            "SELECT term FROM fts_vocab WHERE term IN (SELECT term FROM fts_impact_terms) "
            "AND term GLOB '[a-z][a-z][a-z]*' AND doc * 2 <= ? ORDER BY doc DESC",
            (docs,),
        )
    ]
    common = max(with_rows, key=lambda w: impact.count(store.db, w))

    def hits(*words: str) -> int:
        return int(
            store.db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (" OR ".join(words),)).fetchone()[
                0
            ]
        )

    fewer = next(  # its hits spread over the pages, fewer than half of the OR's
        w for w in with_rows if w != common and 0 < 2 * impact.count(store.db, w) <= hits(common, w)
    )
    rare = store.db.execute(
        "SELECT term FROM fts_vocab WHERE term NOT IN (SELECT term FROM fts_impact_terms) "
        "AND term GLOB '[a-z][a-z][a-z]*' ORDER BY doc DESC LIMIT 1"
    ).fetchone()[0]
    query = f"{fewer} {common} {rare}"

    async def every_page() -> None:
        answered.clear()
        whole = [
            (h["id"], h["__search_hit__"]["score"]) for h in (await search(demo_client, query))["results"]
        ]
        paged = []
        for page in range(1, -(-len(whole) // 4) + 1):
            got = await demo_client.get(
                "/api/documents/", params={"query": query, "page_size": "4", "page": page}
            )
            paged += [(h["id"], h["__search_hit__"]["score"]) for h in got.json()["results"]]
        assert paged == whole and len(whole) > 20
        assert answered.count(True) > 3, answered

    await every_page()
    deep = (await search(demo_client, fewer))["results"][0]["id"]  # (among the others' documents, summed)
    assert (await demo_client.delete(f"/api/documents/{deep}/")).status_code == 204
    await every_page()
    bottom = (await search(demo_client, common))["results"][-1]["id"]
    patched = await demo_client.patch(
        f"/api/documents/{bottom}/", json={"title": f"{common} {common} {common}"}
    )
    assert patched.status_code == 200
    await every_page()


async def test_a_word_of_the_content_alone_pages_from_its_count_and_top_rows_as_fts5_ranks_it(
    demo_app, demo_client: httpx.AsyncClient, monkeypatch
) -> None:
    """`content:rech*` (a ROWLESS column: no rows; a count, top rows and bottom rows) gives FTS5's count
    and, page by page, FTS5's hits: its first pages from the top rows alone and its last from the bottom
    rows (no bm25 per match), pages between from FTS5; a trashed hit is left out of the count by its own
    values, and an edit that moves a document into the first hits moves it there."""
    from paperless_tui.demo import impact

    store = demo_app.state.demo.store
    not_live = store.db.execute(
        "SELECT count(*) FROM docs WHERE deleted_at IS NOT NULL OR root_document IS NOT NULL"
    ).fetchone()[0]
    monkeypatch.setattr(impact, "TOP", not_live + 7)  # few top rows: the pages past them come from FTS5
    among = []
    count_among = impact.rowless_among
    monkeypatch.setattr(impact, "rowless_among", lambda *a: among.append(a[1]) or count_among(*a))

    rebuild = functools.partial(rebuild_rows, store)

    async def pages(query: str) -> tuple[int, list[tuple[int, float]], list[str]]:
        """The count, the hits of pages 1-4 and the last two (of 3), and the statements that the first and
        the last page ran."""
        statements: list[str] = []
        store.db.set_trace_callback(statements.append)
        body = await demo_client.get("/api/documents/", params={"query": query, "page_size": "3"})
        last = -(-body.json()["count"] // 3)
        await demo_client.get("/api/documents/", params={"query": query, "page_size": "3", "page": str(last)})
        store.db.set_trace_callback(None)
        assert body.status_code == 200
        hits = []
        for page in (1, 2, 3, 4, last - 1, last):
            got = await demo_client.get(
                "/api/documents/", params={"query": query, "page_size": "3", "page": str(page)}
            )
            hits += [(h["id"], h["__search_hit__"]["score"]) for h in got.json()["results"]]
        return body.json()["count"], hits, statements

    rebuild(1)
    prefix = store.db.execute(  # the commonest key of the content alone without rows (not ROWED)
        "SELECT c.term FROM fts_impact_counts c JOIN fts_impact_prefixes p ON p.prefix || '*' = c.term "
        "WHERE c.term GLOB 'content:*' AND c.term NOT GLOB 'content:?[*]' ORDER BY c.n DESC LIMIT 1"
    ).fetchone()[0]
    word = store.db.execute(
        "SELECT term FROM fts_impact_counts WHERE term GLOB 'content:*' AND term NOT GLOB '*[*]' "
        "ORDER BY n DESC LIMIT 1"
    ).fetchone()[0]
    queries = [prefix.replace("*", "") + "*", word]
    for query in queries:
        expr_word = impact.split_field(query)[1]
        assert impact.rowless_word(f'({{content}} : "{expr_word.rstrip("*")}"{" *" * query.endswith("*")})')
        statements: list[str] = []
        store.db.set_trace_callback(statements.append)
        await demo_client.get("/api/documents/", params={"query": query, "page_size": "3", "page": "4"})
        store.db.set_trace_callback(None)
        assert any("bm25(fts" in s for s in statements), query  # past the top rows: FTS5
        count, fast, statements = await pages(query)
        assert count > 20 and not any("bm25(fts" in s for s in statements), query  # count, top, bottom
        trashed = fast[0][0]
        assert (await demo_client.delete(f"/api/documents/{trashed}/")).status_code == 204
        among.clear()
        after, fast, _ = await pages(query)
        assert among == [impact.word_with_rows(store.db, query)] and after == count - 1, query
        assert trashed not in [i for i, _ in fast]
        rebuild(10**9)  # no counts, no top rows: FTS5
        slow_count, slow, _ = await pages(query)
        rebuild(1)
        assert (after, fast) == (slow_count, slow), query
    mover = slow[-1][0]  # the 12th hit of the word gets it many times over: first
    _, bare = impact.split_field(word)
    doc = (await demo_client.get(f"/api/documents/{mover}/")).json()
    edited = await demo_client.patch(
        f"/api/documents/{mover}/", json={"content": f"{doc['content']} " + f"{bare} " * 40}
    )
    assert edited.status_code == 200
    count, fast, statements = await pages(word)
    assert fast[0][0] == mover and not any("bm25(fts" in s for s in statements)
    rebuild(10**9)
    assert (count, fast) == (await pages(word))[:2]
    rebuild(1)
    monkeypatch.setattr(impact, "AMONG", 0)  # more ids left out than a copy of their values pays for
    among.clear()
    assert (count, fast) == (await pages(word))[:2] and not among


async def test_a_word_of_the_content_with_other_words_ranks_from_its_top_rows_as_fts5_does(
    demo_app, demo_client: httpx.AsyncClient, monkeypatch
) -> None:
    """`content:rech* telekom` and `content:rech* AND telekom` (a ROWLESS word with a count and top rows,
    and words with rows) give FTS5's first pages from the content word's top rows, without FTS5's bm25
    per match; with no rows at all, FTS5 gives the same pages."""
    from paperless_tui.demo import impact

    store = demo_app.state.demo.store
    monkeypatch.setattr(impact, "TOP", 10)  # a bar above 0.0 for the content's words in 21 documents or more

    rebuild = functools.partial(rebuild_rows, store)

    async def first_pages(query: str) -> tuple[list[tuple[int, float]], list[str]]:
        statements: list[str] = []
        store.db.set_trace_callback(statements.append)
        hits, count = [], 4
        for page in range(1, 3):
            if (page - 1) * 3 < count:
                params = {"query": query, "page_size": "3", "page": str(page)}
                got = await demo_client.get("/api/documents/", params=params)
                assert got.status_code == 200, got.text
                hits += [(h["id"], h["__search_hit__"]["score"]) for h in got.json()["results"]]
                count = got.json()["count"]
        store.db.set_trace_callback(None)
        return hits, statements

    rebuild(1)
    sql = "SELECT term FROM fts_impact_counts WHERE term GLOB ? AND n BETWEEN ? AND ? ORDER BY n DESC, term"
    contents = [r[0] for r in store.db.execute(sql, ("content:*", 2 * impact.TOP + 1, 30))]
    words = [r[0] for r in store.db.execute(sql, ("[a-z][a-z][a-z]*", 11, 30)) if ":" not in r[0]]
    not_live = store.db.execute(
        "SELECT count(*) FROM docs WHERE deleted_at IS NOT NULL OR root_document IS NOT NULL"
    ).fetchone()[0]
    cols = "title content correspondent type tags notes custom_fields"
    anded: list[int] = []
    every_first = impact.every_first
    monkeypatch.setattr(impact, "every_first", lambda *a: anded.append(1) or every_first(*a))
    queries: dict[str, list[str]] = {" ": [], " AND ": [], "and": []}  # those the top rows tell; FTS5's AND
    for content, word in ((c, w) for c in contents for w in words):
        bare = impact.split_field(content)[1]
        phrase = f'({{content}} : "{bare.rstrip("*")}"{" *" if bare.endswith("*") else ""})'
        phrases = [(phrase, None), (f'({{{cols}}} : "{word}")', word)]
        for joined, first_hits in ((" ", impact.by_presence), (" AND ", impact.conjunction_top)):
            anded.clear()
            told = first_hits(store.db, phrases, lambda t: impact.count(store.db, t), 6 + not_live, content)
            kind = "and" if anded else joined
            if told is not None and len(queries[kind]) < 4:
                queries[kind].append(f"{content}{joined}{word}")
    assert len(queries[" "]) == len(queries[" AND "]) == len(queries["and"]) == 4, queries
    fast = {}
    for kind, query in ((kind, query) for kind, asked in queries.items() for query in asked):
        fast[query], statements = await first_pages(query)
        ranked = [s for s in statements if "bm25(fts" in s]
        assert not ranked if kind != "and" else ranked and not any(" OR " in s for s in ranked), query
    rebuild(10**9)  # no counts, no top rows: FTS5
    for query in fast:
        slow, statements = await first_pages(query)
        assert any("bm25(fts" in s for s in statements)
        assert fast[query] == slow, query
    rebuild(1)


async def test_a_common_word_of_the_content_with_other_words_ranks_from_their_first_hits_as_fts5_does(
    demo_app, demo_client: httpx.AsyncClient, monkeypatch
) -> None:
    """`content:r* invoice` and `content:r* AND invoice` (a ROWLESS word in most documents, whose share of
    bm25 is too small to lift a document, and a word with rows) give FTS5's first pages from the word's
    first hits, FTS5's bm25 of the content word for those alone (faint.first); with no rows at all, FTS5
    gives the same pages."""
    from paperless_tui.demo import faint, impact

    store = demo_app.state.demo.store
    monkeypatch.setattr(impact, "TOP", 10)

    rebuild = functools.partial(rebuild_rows, store)

    async def first_pages(query: str) -> tuple[list[tuple[int, float]], list[str]]:
        statements: list[str] = []
        store.db.set_trace_callback(statements.append)
        hits = []
        for page in (1, 2):
            params = {"query": query, "page_size": "3", "page": str(page)}
            got = await demo_client.get("/api/documents/", params=params)
            assert got.status_code == 200, got.text
            hits += [(h["id"], h["__search_hit__"]["score"]) for h in got.json()["results"]]
        store.db.set_trace_callback(None)
        assert len(hits) == 6, query
        return hits, statements

    rebuild(1)
    live = store.db.execute("SELECT count(*) FROM fts_docsize").fetchone()[0]
    sql = "SELECT term FROM fts_impact_counts WHERE term GLOB ? AND n BETWEEN ? AND ? ORDER BY n DESC, term"
    contents = [  # (idf: FTS5's least; the one-letter prefixes have rows)
        r[0] for r in store.db.execute(sql, ("content:*", live // 2 + 1, live)) if impact.is_rowless(r[0])
    ]
    words = [r[0] for r in store.db.execute(sql, ("[a-z][a-z][a-z]*", 11, live // 2)) if ":" not in r[0]]
    not_live = store.db.execute(
        "SELECT count(*) FROM docs WHERE deleted_at IS NOT NULL OR root_document IS NOT NULL"
    ).fetchone()[0]
    cols = "title content correspondent type tags notes custom_fields"
    queries: dict[str, list[str]] = {" ": [], " AND ": []}  # those only faint.first tells
    for content, word in ((c, w) for c in contents for w in words):
        bare = impact.split_field(content)[1]
        phrase = f'({{content}} : "{bare.rstrip("*")}"{" *" if bare.endswith("*") else ""})'
        phrases = [(phrase, None), (f'({{{cols}}} : "{word}")', word)]
        hits = lambda t: impact.count(store.db, t)  # noqa: E731
        k = 6 + not_live
        for joined, first_hits in ((" ", impact.by_presence), (" AND ", impact.conjunction_top)):
            told = first_hits(store.db, phrases, hits, k, content)
            quiet = faint.first(store.db, phrases, hits, k, content, every=joined == " AND ")
            if told is None and quiet is not None and len(queries[joined]) < 4:
                queries[joined].append(f"{content}{joined}{word}")
    assert len(queries[" "]) == len(queries[" AND "]) == 4, queries
    fast = {}
    for query in (query for asked in queries.values() for query in asked):
        fast[query], statements = await first_pages(query)
        ranked = [s for s in statements if "bm25(fts" in s]
        assert ranked and all("+rowid IN" in s for s in ranked), query  # (the content word's, for a few ids)
    rebuild(10**9)  # no counts, no top rows: FTS5
    for query in fast:
        slow, statements = await first_pages(query)
        assert any("bm25(fts" in s and "+rowid" not in s for s in statements)
        assert fast[query] == slow, query
    rebuild(1)


async def test_a_quoted_phrase_of_common_words_ranks_from_a_words_top_rows_as_fts5_does(
    demo_app, demo_client: httpx.AsyncClient, monkeypatch
) -> None:
    """`"max mustermann"`, `title:"bank statement"`: the first pages of a quoted phrase of words with rows
    come from a word's top rows (quoted.first), and OR-ed or AND-ed with words from their first hits
    (faint.phrased: the phrase is in most documents); they and their counts are FTS5's, trashed documents
    left out; with no rows, FTS5 gives the same pages."""
    from paperless_tui.demo import faint, impact, quoted
    from paperless_tui.demo.search import compile_query, parse_query

    store = demo_app.state.demo.store
    monkeypatch.setattr(impact, "TOP", 10)
    monkeypatch.setattr(quoted, "FEWEST", 1)
    told: list[str] = []
    first = quoted.first

    def telling(db: sqlite3.Connection, phrase: Any, *args: Any) -> Any:
        found = first(db, phrase, *args)
        if found is not None:
            told.append(phrase.matched)
        return found

    monkeypatch.setattr(quoted, "first", telling)
    phrased = faint.phrased

    def told_with(db: sqlite3.Connection, phrases: Any, *args: Any, **kwargs: Any) -> Any:
        found = phrased(db, phrases, *args, **kwargs)
        if found is not None:
            told.append(f"{phrases} {kwargs.get('every')}")
        return found

    monkeypatch.setattr(faint, "phrased", told_with)
    rebuild = functools.partial(rebuild_rows, store)

    async def first_pages(query: str) -> list[tuple[int, float]]:
        hits: list[tuple[int, float]] = []
        for page in (1, 2, 3):
            params = {"query": query, "page_size": "3", "page": str(page)}
            got = await demo_client.get("/api/documents/", params=params)
            assert got.status_code == 200, got.text
            hits += [(h["id"], h["__search_hit__"]["score"]) for h in got.json()["results"]]
            if len(hits) == got.json()["count"]:
                break
        return [*hits, (-1, got.json()["count"])]

    trashed = (await demo_client.get("/api/documents/?page_size=1&query=%22max%20mustermann%22")).json()
    assert trashed["count"] > 20
    assert (await demo_client.delete(f"/api/documents/{trashed['results'][0]['id']}/")).status_code == 204
    rebuild(1)
    queries = [
        '"max mustermann"',
        '"12345 musterstadt"',
        '"software engineering"',
        '"mustermann hauptstrasse 12"',
        'title:"bank statement"',
        '"stadtwerke musterstadt"',
        '"max mustermann" -bank',
        '"12345 musterstadt" -telekom -"software engineering"',
        '"max mustermann" invoice',
        '"max mustermann" AND invoice',
        'telekom "12345 musterstadt" invoice',
        'invoice AND "max mustermann" AND telekom',
    ]
    fast = {query: await first_pages(query) for query in queries}
    ored = {t for t in told if t.endswith((" True", " False"))}  # (faint.phrased's: every OR and AND)
    assert len(ored) == 4 and len(set(told) - ored) >= 5, told
    assert (
        {t for t in told if " NOT " in t}
        == {  # (its hits match it NOT the others, as in FTS5)
            quoted.quoted(compile_query(parse_query(q), {}, date.today()).match_expr).matched  # type: ignore[union-attr]
            for q in queries[6:8]
        }
    )
    assert trashed["results"][0]["id"] not in {doc for doc, _ in fast['"max mustermann"']}
    rebuild(10**9)  # no rows: FTS5
    told.clear()
    for query in queries:
        assert await first_pages(query) == fast[query], query
    assert not told
    rebuild(1)


def test_a_quoted_phrase_whose_instances_can_overlap_is_left_to_fts5(tmp_path) -> None:
    """highlight() marks overlapping instances of a phrase (`la la` in `la la la`) as one, so a phrase one
    of whose proper starts is also its end is not counted by it: its share would be below FTS5's."""
    from paperless_tui.demo import impact, quoted
    from paperless_tui.demo.generate import generate_archive
    from paperless_tui.demo.routes.doc_search import BM25
    from paperless_tui.demo.store import Store

    store = Store(tmp_path / "demo.sqlite3")
    store.load_archive(generate_archive(docs=3))
    with store.write() as db:
        new = {**store.doc_dict(1), "id": None, "title": "la la la lb", "content": "la lb la lb la la"}
        doc = store.insert_document(db, {**new, "tags": []})
    cols = "{" + " ".join(impact.SEARCHED) + "}"
    d = store.db.execute("SELECT sz FROM fts_docsize WHERE id = ?", (doc,)).fetchone()[0]
    for words, overlaps in (("la la", True), ("la lb", False), ("la la lb", False), ("la lb la", True)):
        expr = f'({cols} : "{words}")'
        assert (quoted.quoted(expr) is None) == overlaps, words
        hits = store.db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (expr,)).fetchone()[0]
        idf, avgdl = impact.score_params(store.db, hits)
        phrase = quoted.Quoted(expr, impact.SEARCHED, tuple(words.split()))
        mine = quoted._shares(store.db, phrase, [(doc, sum(impact.varints(d)))], idf, avgdl)
        sql = f"SELECT rowid, {BM25} FROM fts WHERE fts MATCH ? AND rowid = ?"
        theirs = [tuple(row) for row in store.db.execute(sql, (expr, doc))]
        assert (mine != theirs) == overlaps, (words, mine, theirs)
    store.close()
