"""Demo server object permissions: bob sees and changes only what he owns or what is shared with him."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette


@pytest.fixture
async def bob(demo_app: Starlette, demo_client: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    token = (await demo_client.post("/api/token/", json={"username": "bob", "password": "bob"})).json()[
        "token"
    ]
    transport = httpx.ASGITransport(app=demo_app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://demo", headers={"Authorization": f"Token {token}"}
    ) as client:
        yield client


async def visible_ids(client: httpx.AsyncClient) -> set[int]:
    return {
        d["id"] for d in (await client.get("/api/documents/?page_size=100000&fields=id")).json()["results"]
    }


async def test_bob_sees_only_his_or_shared_documents(
    demo_client: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    everything = (await demo_client.get("/api/documents/?page_size=100000&full_perms=true")).json()["results"]
    bob_groups = (await bob.get("/api/ui_settings/")).json()["user"]["groups"]

    def shared_with_bob(d: dict) -> bool:
        perms = d["permissions"]
        return (
            d["owner"] in (None, 2)
            or 2 in perms["view"]["users"] + perms["change"]["users"]
            or bool(set(bob_groups) & set(perms["view"]["groups"] + perms["change"]["groups"]))
        )

    expected = {d["id"] for d in everything if shared_with_bob(d)}
    mine = await visible_ids(bob)
    assert mine == expected
    assert len(mine) < len(everything)
    hidden = next(d["id"] for d in everything if d["id"] not in mine)
    assert (await bob.get(f"/api/documents/{hidden}/")).status_code == 404
    assert (await bob.get(f"/api/documents/{hidden}/download/")).status_code == 404
    assert (await bob.get(f"/api/documents/{hidden}/notes/")).status_code == 404
    hits = (await bob.get("/api/documents/?query=rechnung&page_size=100000&fields=id")).json()["results"]
    assert {h["id"] for h in hits} <= mine
    assert (await bob.get("/api/statistics/")).json()["documents_total"] == len(mine)


async def test_bob_cannot_change_what_is_only_shared_for_viewing(
    demo_client: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    target = 1
    perms = {"view": {"users": [2], "groups": []}, "change": {"users": [], "groups": []}}
    await demo_client.post(
        "/api/documents/bulk_edit/",
        json={
            "documents": [target],
            "method": "set_permissions",
            "parameters": {"set_permissions": perms, "owner": 1, "merge": False},
        },
    )
    assert (await bob.get(f"/api/documents/{target}/")).json()["user_can_change"] is False
    r = await bob.patch(f"/api/documents/{target}/", json={"title": "bob was here"})
    assert r.status_code == 403
    r = await bob.post(
        "/api/documents/bulk_edit/",
        json={"documents": [target], "method": "add_tag", "parameters": {"tag": 1}},
    )
    assert r.status_code == 403
    assert (await bob.delete(f"/api/documents/{target}/")).status_code == 403
    assert (await demo_client.get(f"/api/documents/{target}/")).json()["title"] != "bob was here"
    perms["change"]["users"] = [2]
    await demo_client.post(
        "/api/documents/bulk_edit/",
        json={
            "documents": [target],
            "method": "set_permissions",
            "parameters": {"set_permissions": perms, "merge": False},
        },
    )
    r = await bob.patch(f"/api/documents/{target}/", json={"title": "bob was here"})
    assert r.status_code == 200 and r.json()["title"] == "bob was here"


async def test_bob_objects_and_admin_endpoints(
    demo_client: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    r = await bob.post("/api/tags/", json={"name": "Bobs tag"})
    assert r.status_code == 201
    tag = r.json()
    assert tag["owner"] == 2
    admin_tags = {t["id"] for t in (await demo_client.get("/api/tags/?page_size=1000")).json()["results"]}
    assert tag["id"] in admin_tags
    assert (await bob.get("/api/users/")).status_code == 403
    assert (await bob.get("/api/status/")).status_code == 403
    tasks = (await bob.get("/api/tasks/?page_size=1000")).json()["results"]
    assert all(t["owner"] in (None, 2) for t in tasks)


async def test_bob_autocomplete_only_suggests_words_he_can_see(
    demo_client: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    await demo_client.patch("/api/documents/1/", json={"title": "Zyzzyvaschatz hidden"})
    await demo_client.post(
        "/api/documents/bulk_edit/",
        json={
            "documents": [1],
            "method": "set_permissions",
            "parameters": {
                "set_permissions": {
                    "view": {"users": [], "groups": []},
                    "change": {"users": [], "groups": []},
                },
                "owner": 1,
                "merge": False,
            },
        },
    )
    assert (await demo_client.get("/api/search/autocomplete/?term=zyzz")).json() == ["zyzzyvaschatz"]
    assert (await bob.get("/api/search/autocomplete/?term=zyzz")).json() == []
