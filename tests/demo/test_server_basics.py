"""Demo server basics: auth, versions, headers, pagination, over ASGI and once over real HTTP."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest


@pytest.fixture
def client(demo_client: httpx.AsyncClient) -> httpx.AsyncClient:
    return demo_client


async def test_no_credentials_401(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/documents/", headers={"Authorization": ""})
    assert r.status_code == 401
    assert r.json() == {"detail": "Authentication credentials were not provided."}
    assert r.headers["www-authenticate"] == "Token"
    assert "x-api-version" not in r.headers


async def test_bad_token_401(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/documents/", headers={"Authorization": "Token nope"})
    assert r.status_code == 401
    assert r.json() == {"detail": "Invalid token."}


async def test_basic_auth(client: httpx.AsyncClient) -> None:
    ok = await client.get("/api/documents/?page_size=1&fields=id", auth=("admin", "admin"))
    assert ok.status_code == 200
    bad = await client.get("/api/documents/", auth=("admin", "wrong"))
    assert bad.status_code == 401
    assert bad.json() == {"detail": "Invalid username/password."}
    assert bad.headers["www-authenticate"] == 'Basic realm="api"'


async def test_token_login_json_and_form(client: httpx.AsyncClient, demo_token: str) -> None:
    r = await client.post("/api/token/", json={"username": "admin", "password": "admin"})
    assert r.status_code == 200
    assert r.json() == {"token": demo_token}
    form = await client.post("/api/token/", data={"username": "bob", "password": "bob"})
    assert form.status_code == 200
    assert form.json()["token"] != demo_token
    bad = await client.post("/api/token/", data={"username": "admin", "password": "wrong"})
    assert bad.status_code == 400
    assert bad.json() == {"non_field_errors": ["Unable to log in with provided credentials."]}


@pytest.mark.parametrize(
    ("accept", "status"),
    [
        (None, 200),
        ("application/json", 200),
        ("application/json; version=9", 200),
        ("application/json; version=10", 200),
        ("application/json; version=8", 406),
        ("application/json; version=11", 406),
        ("application/json; version=abc", 406),
    ],
)
async def test_versions(client: httpx.AsyncClient, accept: str | None, status: int) -> None:
    headers = {"Accept": accept} if accept else {}
    r = await client.get("/api/documents/?page_size=1&fields=id", headers=headers)
    assert r.status_code == status
    if status == 200:
        assert r.headers["x-api-version"] == "10"
        assert r.headers["x-version"] == "3.0.5"
        assert ("all" in r.json()) is (accept is not None and "version=9" in accept)
    else:
        assert r.json() == {"detail": 'Invalid version in "Accept" header.'}
        assert "x-api-version" not in r.headers


async def test_compression(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/documents/?page_size=5", headers={"Accept-Encoding": "gzip, deflate, zstd"})
    assert r.headers["content-encoding"] == "zstd"
    assert r.json()["results"]
    r = await client.get("/api/documents/?page_size=5", headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"
    assert len(r.json()["results"]) == 5


async def test_pagination(client: httpx.AsyncClient) -> None:
    first = (await client.get("/api/documents/?page_size=10&fields=id")).json()
    assert first["previous"] is None
    assert first["next"] == "http://demo/api/documents/?fields=id&page=2&page_size=10"
    second = (await client.get(first["next"])).json()
    assert second["previous"] == "http://demo/api/documents/?fields=id&page_size=10"
    assert not {d["id"] for d in first["results"]} & {d["id"] for d in second["results"]}
    zero = (await client.get("/api/documents/?page_size=0&fields=id")).json()
    assert len(zero["results"]) == 25
    big = (await client.get("/api/documents/?page_size=100000&fields=id")).json()
    assert len(big["results"]) == big["count"]
    r = await client.get("/api/documents/?page=999")
    assert r.status_code == 404
    assert r.json() == {"detail": "Invalid page."}


async def test_api_root_redirect(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/")
    assert r.status_code == 302
    assert r.headers["location"] == "schema/view/"


async def test_method_not_allowed(client: httpx.AsyncClient) -> None:
    r = await client.put("/api/documents/next_asn/")
    assert r.status_code == 405
    assert r.json() == {"detail": 'Method "PUT" not allowed.'}
    assert r.headers["allow"] == "GET, HEAD, OPTIONS"


async def test_next_asn_is_bare_int(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/documents/next_asn/")
    value = r.json()
    assert isinstance(value, int)
    top = (
        await client.get(
            "/api/documents/?ordering=-archive_serial_number&page_size=1&fields=archive_serial_number"
        )
    ).json()
    assert value == top["results"][0]["archive_serial_number"] + 1


def test_real_http(demo_url: str, demo_token: str) -> None:
    with httpx.Client(base_url=demo_url, headers={"Authorization": f"Token {demo_token}"}) as c:
        r = c.get("/api/documents/?page_size=3")
        assert r.status_code == 200
        assert r.headers["content-encoding"] == "zstd"
        body = r.json()
        assert body["next"].startswith(demo_url + "/api/documents/?")
        assert len(body["results"]) == 3


async def test_unsatisfiable_accept_is_406(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/documents/?page_size=1", headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert r.json() == {"detail": "Could not satisfy the request Accept header."}
    r = await client.get(
        "/api/documents/?page_size=1", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    )
    assert r.status_code == 200


async def test_hostile_bodies_and_params(client: httpx.AsyncClient) -> None:
    deep = b"[" * 100000 + b"]" * 100000
    r = await client.post(
        "/api/documents/bulk_edit/", content=deep, headers={"content-type": "application/json"}
    )
    assert r.status_code == 400 and r.json()["detail"].startswith("JSON parse error")
    r = await client.get("/api/documents/", params={"custom_field_query": "[" * 5000})
    assert r.status_code == 400
    for params in ({"page": "-1"}, {"page": "abc"}, {"page": "99999999999999999999"}):
        assert (await client.get("/api/documents/", params=params)).json() == {"detail": "Invalid page."}
    for params in ({"page_size": "1e9"}, {"ordering": "custom_field_99999999999"}, {"id__in": "1,x"}):
        assert (await client.get("/api/documents/", params=params)).status_code == 200
    r = await client.post(
        "/api/documents/bulk_edit/", content=b"\xff\xfe", headers={"content-type": "application/json"}
    )
    assert r.status_code == 400
    r = await client.post(
        "/api/tags/", content=b"--x\r\nbroken", headers={"content-type": "multipart/form-data; boundary=x"}
    )
    assert r.status_code == 400


async def test_head_and_options(client: httpx.AsyncClient) -> None:
    head = await client.head("/api/documents/1/")
    assert head.status_code == 200
    options = await client.options("/api/documents/")
    assert options.status_code == 200
    assert options.json()["name"] == "Unified Search List"
    assert options.headers["allow"] == "GET, HEAD, OPTIONS"


async def test_v9_lists_carry_all_ids(client: httpx.AsyncClient) -> None:
    v9 = {"Accept": "application/json; version=9"}
    tags = (await client.get("/api/tags/?page_size=2", headers=v9)).json()
    everything = (await client.get("/api/tags/?page_size=1000")).json()["results"]
    assert sorted(tags["all"]) == sorted(t["id"] for t in everything)
    assert "all" not in (await client.get("/api/tags/?page_size=2")).json()


def test_a_kept_archive_gets_statistics_for_indexes_added_since(tmp_path: Path) -> None:
    """`--data DIR` from an older version: the indexes added since are built and analysed on open, or the
    planner may scan a narrow new index and look up every row."""
    import sqlite3

    from paperless_tui.demo.generate import generate_archive
    from paperless_tui.demo.store import Store

    path = tmp_path / "demo.sqlite3"
    store = Store(path)
    store.load_archive(generate_archive(docs=30))
    store.close()
    db = sqlite3.connect(path)
    db.execute("DROP INDEX doc_live_title")
    db.execute("DELETE FROM sqlite_stat1 WHERE idx = 'doc_live_title'")
    db.commit()
    db.close()
    store = Store(path)
    stats = {r[0] for r in store.db.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'docs'")}
    assert "doc_live_title" in stats
    store.close()


def test_a_kept_archive_gets_the_prefix_indexes_of_its_full_text_index(tmp_path: Path) -> None:
    """`--data DIR` from before the prefix indexes: the FTS5 index is made again with them on open, from
    its own values under the same rowids, so searches (and the impact rows built on it) give what they
    gave."""
    import sqlite3

    from paperless_tui.demo.generate import generate_archive
    from paperless_tui.demo.store import Store

    path = tmp_path / "demo.sqlite3"
    store = Store(path, impact_min_docs=1)
    store.load_archive(generate_archive(docs=30))
    store.close()
    columns = "title, content, correspondent, type, tags, notes, path, custom_fields"
    asked = ["r*", "content:re*", "rechnung OR m*", "e* NOT telekom"]
    db = sqlite3.connect(path)
    query = "SELECT rowid, bm25(fts) FROM fts WHERE fts MATCH ? ORDER BY rowid"
    before = {q: db.execute(query, (q,)).fetchall() for q in asked}
    db.execute(f"CREATE TEMP TABLE kept AS SELECT rowid AS id, {columns} FROM fts")
    db.execute("DROP TABLE fts_vocab")
    db.execute("DROP TABLE fts")  # (as an older version made it: no prefix indexes)
    db.execute(f"CREATE VIRTUAL TABLE fts USING fts5({columns}, tokenize = 'unicode61 remove_diacritics 2')")
    db.execute("CREATE VIRTUAL TABLE fts_vocab USING fts5vocab(fts, 'row')")
    db.execute(f"INSERT INTO fts(rowid, {columns}) SELECT * FROM temp.kept")
    db.commit()
    db.close()
    store = Store(path, impact_min_docs=1)
    made = store.db.execute("SELECT sql FROM sqlite_master WHERE name = 'fts'").fetchone()[0]
    assert "prefix = '1 2 3 4'" in made
    assert {q: [tuple(r) for r in store.db.execute(query, (q,))] for q in asked} == before
    assert all(before.values())
    assert store.db.execute("SELECT count(*) FROM fts_vocab").fetchone()[0] > 100
    with store.write() as db:  # a write stages its values in a scratch copy of the index: no prefix indexes
        db.execute("UPDATE docs SET title = title || ' rechnung' WHERE id = 1")
        store.reindex(db, [1])
    scratch = "SELECT sql FROM temp.sqlite_master WHERE name = 'impact_scratch'"
    assert "prefix" not in store.db.execute(scratch).fetchone()[0]
    store.db.execute("INSERT INTO fts(fts, rank) VALUES ('hashsize', 2048)")  # (a small hash: many segments)
    with store.write() as db:  # a full reindex merges what it wrote into one segment
        store.reindex(db)
    assert store.db.execute("SELECT count(DISTINCT segid) FROM fts_idx").fetchone()[0] == 1
    store.close()
