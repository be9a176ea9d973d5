"""Demo server documents: filters, ordering, fields, truncation, detail, edits with validation, trash."""

from __future__ import annotations

import httpx
import pytest


async def ids_of(client: httpx.AsyncClient, query: str) -> list[int]:
    r = await client.get(f"/api/documents/?page_size=100000&fields=id&{query}")
    assert r.status_code == 200, r.text
    return [d["id"] for d in r.json()["results"]]


async def all_docs(client: httpx.AsyncClient) -> list[dict]:
    r = await client.get("/api/documents/?page_size=100000")
    return r.json()["results"]


async def test_filters_match_the_documents(demo_client: httpx.AsyncClient) -> None:
    docs = await all_docs(demo_client)
    by_id = {d["id"]: d for d in docs}
    tagged = [d for d in docs if d["tags"]]
    tag = tagged[0]["tags"][0]
    other = next(t for d in tagged for t in d["tags"] if t != tag)
    assert set(await ids_of(demo_client, f"tags__id__all={tag}")) == {
        i for i, d in by_id.items() if tag in d["tags"]
    }
    assert set(await ids_of(demo_client, f"tags__id__in={tag},{other}")) == {
        i for i, d in by_id.items() if tag in d["tags"] or other in d["tags"]
    }
    assert set(await ids_of(demo_client, f"tags__id__none={tag}")) == {
        i for i, d in by_id.items() if tag not in d["tags"]
    }
    assert set(await ids_of(demo_client, "is_tagged=false")) == {i for i, d in by_id.items() if not d["tags"]}
    corr = next(d["correspondent"] for d in docs if d["correspondent"])
    assert set(await ids_of(demo_client, f"correspondent__id={corr}")) == {
        i for i, d in by_id.items() if d["correspondent"] == corr
    }
    assert set(await ids_of(demo_client, "correspondent__isnull=true")) == {
        i for i, d in by_id.items() if d["correspondent"] is None
    }
    assert set(await ids_of(demo_client, f"correspondent__id__in={corr}")) == {
        i for i, d in by_id.items() if d["correspondent"] == corr
    }
    assert set(await ids_of(demo_client, "created__date__gte=2022-01-01&created__date__lte=2022-12-31")) == {
        i for i, d in by_id.items() if "2022-01-01" <= d["created"] <= "2022-12-31"
    }
    assert set(await ids_of(demo_client, "archive_serial_number__isnull=false")) == {
        i for i, d in by_id.items() if d["archive_serial_number"] is not None
    }
    asn = next(d for d in docs if d["archive_serial_number"])
    assert await ids_of(demo_client, f"archive_serial_number={asn['archive_serial_number']}") == [asn["id"]]
    word = asn["title"].split()[0]
    assert set(await ids_of(demo_client, f"title__icontains={word.lower()}")) == {
        i for i, d in by_id.items() if word.lower() in d["title"].lower()
    }
    assert set(await ids_of(demo_client, "id__in=1,2,3")) == {1, 2, 3} & set(by_id)
    assert set(await ids_of(demo_client, "mime_type=image/png")) == {
        i for i, d in by_id.items() if d["mime_type"] == "image/png"
    }


async def test_inbox_and_custom_field_filters(demo_client: httpx.AsyncClient) -> None:
    tags = (await demo_client.get("/api/tags/?page_size=1000")).json()["results"]
    inbox = {t["id"] for t in tags if t["is_inbox_tag"]}
    docs = await all_docs(demo_client)
    assert set(await ids_of(demo_client, "is_in_inbox=true")) == {
        d["id"] for d in docs if inbox & set(d["tags"])
    }
    fields = {f["name"]: f for f in (await demo_client.get("/api/custom_fields/")).json()["results"]}
    amount = fields["Amount"]["id"]
    expected = {
        d["id"]
        for d in docs
        for cf in d["custom_fields"]
        if cf["field"] == amount
        and cf["value"]
        and float(cf["value"].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) > 100
    }
    query = '["AND", [["Amount", "gt", 100]]]'
    assert set(await ids_of(demo_client, f"custom_field_query={query}")) == expected
    r = await demo_client.get('/api/documents/?custom_field_query=["Amount", "gt"')
    assert r.status_code == 400
    assert r.json() == {"custom_field_query": ["Value must be valid JSON."]}


async def test_invalid_filter_values_are_ignored(demo_client: httpx.AsyncClient) -> None:
    everything = await ids_of(demo_client, "")
    assert await ids_of(demo_client, "tags__id__all=abc") == everything
    assert await ids_of(demo_client, "correspondent__id=x'; DROP TABLE docs;--") == everything
    assert await ids_of(demo_client, "created__date__gte=not-a-date") == everything


@pytest.mark.parametrize("field", ["created", "title", "archive_serial_number", "added", "num_notes"])
async def test_ordering(demo_client: httpx.AsyncClient, field: str) -> None:
    docs = {d["id"]: d for d in await all_docs(demo_client)}
    for sign in ("", "-"):
        ordered = await ids_of(demo_client, f"ordering={sign}{field}")
        assert sorted(ordered) == sorted(docs)
        if field == "num_notes":
            values = [len(docs[i]["notes"]) for i in ordered]
        elif field == "title":
            values = [docs[i]["title"] for i in ordered]  # binary order, as Django on SQLite
        else:
            values = [docs[i][field] for i in ordered]
        present = [v for v in values if v is not None]
        assert present == sorted(present, reverse=bool(sign))


async def test_default_and_unknown_ordering(demo_client: httpx.AsyncClient) -> None:
    docs = {d["id"]: d for d in await all_docs(demo_client)}
    default = await ids_of(demo_client, "")
    created = [docs[i]["created"] for i in default]
    assert created == sorted(created, reverse=True)
    assert await ids_of(demo_client, "ordering=nonexistent_field") == default


async def test_custom_field_and_correspondent_ordering(demo_client: httpx.AsyncClient) -> None:
    docs = {d["id"]: d for d in await all_docs(demo_client)}
    fields = {f["name"]: f["id"] for f in (await demo_client.get("/api/custom_fields/")).json()["results"]}
    amount = fields["Amount"]
    ordered = await ids_of(demo_client, f"ordering=-custom_field_{amount}")

    def value(doc_id: int) -> float | None:
        for cf in docs[doc_id]["custom_fields"]:
            if cf["field"] == amount and cf["value"]:
                return float(cf["value"].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        return None

    values = [value(i) for i in ordered]
    present = [v for v in values if v is not None]
    assert present == sorted(present, reverse=True)
    assert values[: len(present)] == present  # documents without the field come last
    names = {
        c["id"]: c["name"]
        for c in (await demo_client.get("/api/correspondents/?page_size=100")).json()["results"]
    }
    by_name = [
        names.get(docs[i]["correspondent"]) for i in await ids_of(demo_client, "ordering=correspondent__name")
    ]
    assert [n for n in by_name if n] == sorted(n for n in by_name if n)


async def test_orders_by_name_follow_renames_and_equal_names(demo_client: httpx.AsyncClient) -> None:
    """ordering=<relation>__name sorts by the related object's name (binary order; equal names tie, then by
    id; no relation first ascending, last descending), also right after a rename, also with a search."""

    async def names(endpoint: str) -> dict[int, str]:
        body = (await demo_client.get(f"/api/{endpoint}/?page_size=1000")).json()
        return {o["id"]: o["name"] for o in body["results"]}

    async def check(key: str, endpoint: str, extra: str = "") -> None:
        known = await names(endpoint)
        docs = await all_docs(demo_client)
        if extra:
            hits = set(await ids_of(demo_client, extra))
            docs = [d for d in docs if d["id"] in hits]

        def sort_key(d: dict) -> tuple:
            name = known.get(d[key]) if d[key] is not None else None
            return (name is not None, name or "", d["id"])

        for desc in (False, True):
            query = f"ordering={'-' if desc else ''}{key}__name&{extra}"
            expected = [d["id"] for d in sorted(docs, key=sort_key, reverse=desc)]
            assert await ids_of(demo_client, query) == expected, (key, desc, extra)
            paged: list[int] = []  # pages of 4 start and end inside groups
            for page in range(1, -(-len(expected) // 4) + 1):
                paged += [
                    d["id"]
                    for d in (
                        await demo_client.get(f"/api/documents/?page_size=4&page={page}&{query}")
                    ).json()["results"]
                ]
            assert paged == expected
            v9 = {"Accept": "application/json; version=9"}
            body = (await demo_client.get(f"/api/documents/?page_size=2&{query}", headers=v9)).json()
            assert body["all"] == expected

    for key, endpoint in (
        ("correspondent", "correspondents"),
        ("document_type", "document_types"),
        ("storage_path", "storage_paths"),
    ):
        await check(key, endpoint)
    corr = sorted(await names("correspondents"))
    users = [u["id"] for u in (await demo_client.get("/api/users/")).json()["results"]]
    assert len(corr) >= 3 and len(users) >= 2
    renames = (  # equal names need different owners (a name is unique per owner)
        (corr[-1], {"name": "AAA first of all"}),
        (corr[0], {"name": "Same Name", "owner": users[0]}),
        (corr[1], {"name": "Same Name", "owner": users[1]}),
    )
    for cid, change in renames:
        r = await demo_client.patch(f"/api/correspondents/{cid}/", json=change)
        assert r.status_code == 200, r.text
        await check("correspondent", "correspondents")  # the ranks follow each rename
    assert list((await names("correspondents")).values()).count("Same Name") == 2
    await check("correspondent", "correspondents", "query=rechnung")
    await check("document_type", "document_types", "is_in_inbox=false")


async def test_fields_and_truncate(demo_client: httpx.AsyncClient) -> None:
    r = await demo_client.get("/api/documents/?page_size=3&fields=id,title,bogus,created")
    assert [list(d) for d in r.json()["results"]] == [["id", "title", "created"]] * 3
    docs = (await demo_client.get("/api/documents/?page_size=100&truncate_content=true")).json()["results"]
    assert docs and all(len(d["content"]) <= 300 for d in docs)


async def test_detail_shape(demo_client: httpx.AsyncClient) -> None:
    doc = (await demo_client.get("/api/documents/1/")).json()
    for key in (
        "id",
        "title",
        "content",
        "tags",
        "created",
        "created_date",
        "added",
        "modified",
        "notes",
        "custom_fields",
        "versions",
        "duplicate_documents",
        "user_can_change",
        "archived_file_name",
    ):
        assert key in doc
    assert doc["created"] == doc["created_date"]
    assert doc["added"].endswith("+01:00")
    assert doc["versions"][-1]["is_root"] is True and doc["versions"][-1]["added"].endswith("Z")
    full = (await demo_client.get("/api/documents/1/?full_perms=true")).json()
    assert "permissions" in full and "user_can_change" not in full
    missing = await demo_client.get("/api/documents/999999/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "No Document matches the given query."}
    non_numeric = await demo_client.get("/api/documents/abc/")
    assert non_numeric.json() == {"detail": "Not found."}


async def test_patch_validation(demo_client: httpx.AsyncClient) -> None:
    r = await demo_client.patch("/api/documents/2/", json={"created": "not-a-date"})
    assert r.status_code == 400
    assert r.json() == {"created": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]}
    r = await demo_client.patch("/api/documents/2/", json={"tags": [999999]})
    assert r.json() == {"tags": ['Invalid pk "999999" - object does not exist.']}
    fields = {
        f["data_type"]: f["id"] for f in (await demo_client.get("/api/custom_fields/")).json()["results"]
    }
    r = await demo_client.patch(
        "/api/documents/2/", json={"custom_fields": [{"field": fields["monetary"], "value": "12,34"}]}
    )
    assert r.json() == {
        "custom_fields": [
            {"non_field_errors": ["Must be a two-decimal number with optional currency code e.g. GBP123.45"]}
        ]
    }
    taken = next(d for d in await all_docs(demo_client) if d["archive_serial_number"] and d["id"] != 2)
    r = await demo_client.patch(
        "/api/documents/2/", json={"archive_serial_number": taken["archive_serial_number"]}
    )
    assert r.json() == {"archive_serial_number": ["document with this archive serial number already exists."]}
    r = await demo_client.patch(
        "/api/documents/2/", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code == 400
    assert r.json()["detail"].startswith("JSON parse error")


async def test_patch_applies_and_is_searchable(demo_client: httpx.AsyncClient) -> None:
    tags = [t["id"] for t in (await demo_client.get("/api/tags/")).json()["results"]][:2]
    r = await demo_client.patch(
        "/api/documents/3/",
        json={"title": "Quokka <b>report</b> \x07", "created": "2020-02-03", "tags": tags},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["title"] == "Quokka <b>report</b> \x07"
    assert body["created"] == "2020-02-03"
    assert sorted(body["tags"]) == sorted(tags)
    assert "permissions" in body
    hits = (await demo_client.get("/api/documents/?query=quokka&fields=id")).json()["results"]
    assert [h["id"] for h in hits] == [3]
    history = (await demo_client.get("/api/documents/3/history/")).json()
    assert history[0]["actor"]["username"] == "admin"


async def test_delete_moves_to_trash_and_restore(demo_client: httpx.AsyncClient) -> None:
    r = await demo_client.delete("/api/documents/5/")
    assert r.status_code == 204
    assert (await demo_client.get("/api/documents/5/")).status_code == 404
    trash = (await demo_client.get("/api/trash/?page_size=1000")).json()["results"]
    assert 5 in [d["id"] for d in trash]
    assert all(d["deleted_at"] for d in trash)
    r = await demo_client.post("/api/trash/", json={"documents": [5], "action": "restore"})
    assert r.json() == {"result": "OK", "doc_ids": [5]}
    assert (await demo_client.get("/api/documents/5/")).status_code == 200
    r = await demo_client.post("/api/trash/", json={"documents": [5], "action": "restore"})
    assert r.status_code == 400
    assert r.json() == {"documents": ["Some documents in the list have not yet been deleted."]}
    await demo_client.delete("/api/documents/5/")
    r = await demo_client.post("/api/trash/", json={"documents": [5], "action": "empty"})
    assert r.json() == {"result": "OK", "doc_ids": [5]}
    assert 5 not in [d["id"] for d in (await demo_client.get("/api/trash/")).json()["results"]]


async def test_versions_hidden_and_root(demo_client: httpx.AsyncClient) -> None:
    docs = await all_docs(demo_client)
    rotated = next(d for d in docs if len(d["versions"]) > 1)
    hidden = next(v["id"] for v in rotated["versions"] if not v["is_root"])
    assert (await demo_client.get(f"/api/documents/{hidden}/")).status_code == 404
    assert (await demo_client.get(f"/api/documents/{hidden}/root/")).json() == {"root_id": rotated["id"]}
    assert hidden not in [d["id"] for d in docs]


async def test_files_headers(demo_client: httpx.AsyncClient) -> None:
    r = await demo_client.get("/api/documents/1/download/")
    assert r.status_code == 200
    assert r.headers["content-disposition"].startswith('attachment; filename="')
    assert "filename*=utf-8''" in r.headers["content-disposition"]
    assert r.content[:5] in (b"%PDF-", b"\x89PNG\r")
    r = await demo_client.get("/api/documents/1/preview/?original=true")
    assert r.headers["content-disposition"].startswith("inline;")
    assert r.headers["etag"] and r.headers["last-modified"]
    thumb = await demo_client.get("/api/documents/1/thumb/")
    assert thumb.headers["content-type"] == "image/webp"
    assert thumb.content[:4] == b"RIFF" and thumb.content[8:12] == b"WEBP"
    again = await demo_client.get("/api/documents/1/thumb/", headers={"If-None-Match": thumb.headers["etag"]})
    assert again.status_code == 304
    meta = (await demo_client.get("/api/documents/1/metadata/")).json()
    assert meta["original_size"] > 0 and meta["original_mime_type"]
    assert (await demo_client.get("/api/documents/999999/thumb/")).json() == {"detail": "Not found."}


async def test_notes_roundtrip(demo_client: httpx.AsyncClient) -> None:
    before = (await demo_client.get("/api/documents/1/notes/")).json()
    after = (await demo_client.post("/api/documents/1/notes/", json={"note": "Paid on time"})).json()
    assert len(after) == len(before) + 1
    assert after[-1]["note"] == "Paid on time" and after[-1]["user"]["username"] == "admin"
    r = await demo_client.post("/api/documents/1/notes/", json={"text": "wrong key"})
    assert r.status_code == 200
    assert r.json() == {"error": "Error saving note, check logs for more detail."}
    r = await demo_client.delete("/api/documents/1/notes/")
    assert r.status_code == 400 and r.json() == {"id": "This field is required."}
    r = await demo_client.delete("/api/documents/1/notes/?id=999999")
    assert r.status_code == 404
    remaining = (await demo_client.delete(f"/api/documents/1/notes/?id={after[-1]['id']}")).json()
    assert remaining == before


async def test_next_asn_and_suggestions(demo_client: httpx.AsyncClient) -> None:
    suggestions = (await demo_client.get("/api/documents/1/suggestions/")).json()
    assert set(suggestions) == {"correspondents", "tags", "document_types", "storage_paths", "dates"}
    assert (await demo_client.get("/api/documents/999999/suggestions/")).status_code == 404
