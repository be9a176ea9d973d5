"""Demo server writes: bulk_edit methods and errors, v10 actions, uploads and tasks, email, objects CRUD."""

from __future__ import annotations

import asyncio

import httpx
import pytest


async def doc(client: httpx.AsyncClient, doc_id: int) -> dict:
    return (await client.get(f"/api/documents/{doc_id}/")).json()


async def wait_task(client: httpx.AsyncClient, task_id: str) -> dict:
    for _ in range(200):
        results = (await client.get(f"/api/tasks/?task_id={task_id}")).json()["results"]
        if results and results[0]["status"] in ("success", "failure"):
            return results[0]
        await asyncio.sleep(0.02)
    raise AssertionError(f"task {task_id} did not finish")


async def bulk(
    client: httpx.AsyncClient, docs: list[int], method: str, **parameters: object
) -> httpx.Response:
    return await client.post(
        "/api/documents/bulk_edit/", json={"documents": docs, "method": method, "parameters": parameters}
    )


async def test_bulk_edit_tags_and_relations(demo_client: httpx.AsyncClient) -> None:
    tags = [t["id"] for t in (await demo_client.get("/api/tags/?page_size=100")).json()["results"]]
    r = await bulk(demo_client, [1, 2], "add_tag", tag=tags[0])
    assert r.status_code == 200 and r.json() == {"result": "OK"}
    for doc_id in (1, 2):
        assert tags[0] in (await doc(demo_client, doc_id))["tags"]
    await bulk(demo_client, [1], "remove_tag", tag=tags[0])
    assert tags[0] not in (await doc(demo_client, 1))["tags"]
    await bulk(demo_client, [2], "modify_tags", add_tags=[tags[1], tags[2]], remove_tags=[tags[0]])
    assert {tags[1], tags[2]} <= set((await doc(demo_client, 2))["tags"]) and tags[0] not in (
        await doc(demo_client, 2)
    )["tags"]
    corr = (await demo_client.get("/api/correspondents/")).json()["results"][0]["id"]
    await bulk(demo_client, [3], "set_correspondent", correspondent=corr)
    assert (await doc(demo_client, 3))["correspondent"] == corr
    await bulk(demo_client, [3], "set_correspondent", correspondent=None)
    assert (await doc(demo_client, 3))["correspondent"] is None
    dtype = (await demo_client.get("/api/document_types/")).json()["results"][0]["id"]
    await bulk(demo_client, [3], "set_document_type", document_type=dtype)
    assert (await doc(demo_client, 3))["document_type"] == dtype
    path = (await demo_client.get("/api/storage_paths/")).json()["results"][0]["id"]
    await bulk(demo_client, [3], "set_storage_path", storage_path=path)
    assert (await doc(demo_client, 3))["storage_path"] == path


async def test_bulk_edit_custom_fields_and_permissions(demo_client: httpx.AsyncClient) -> None:
    fields = {
        f["data_type"]: f["id"] for f in (await demo_client.get("/api/custom_fields/")).json()["results"]
    }
    r = await bulk(
        demo_client,
        [4],
        "modify_custom_fields",
        add_custom_fields={str(fields["boolean"]): True, str(fields["longtext"]): "Checked in bulk"},
        remove_custom_fields=[fields["float"]],
    )
    assert r.json() == {"result": "OK"}
    values = {cf["field"]: cf["value"] for cf in (await doc(demo_client, 4))["custom_fields"]}
    assert values[fields["boolean"]] is True and values[fields["longtext"]] == "Checked in bulk"
    assert fields["float"] not in values
    await bulk(
        demo_client, [4], "modify_custom_fields", add_custom_fields=[fields["date"]], remove_custom_fields=[]
    )
    assert fields["date"] in {cf["field"] for cf in (await doc(demo_client, 4))["custom_fields"]}
    perms = {"view": {"users": [2], "groups": []}, "change": {"users": [], "groups": []}}
    r = await bulk(demo_client, [9], "set_permissions", set_permissions=perms, owner=1, merge=False)
    assert r.json() == {"result": "OK"}
    full = (await demo_client.get("/api/documents/9/?full_perms=true&fields=id,owner,permissions")).json()
    assert full == {"id": 9, "owner": 1, "permissions": perms}
    # the real server's bug: owner without set_permissions is a Django 500 page
    r = await bulk(demo_client, [9], "set_permissions", owner=1, merge=True)
    assert r.status_code == 500 and r.headers["content-type"].startswith("text/html")


async def test_bulk_edit_errors(demo_client: httpx.AsyncClient) -> None:
    r = await bulk(demo_client, [3], "explode")
    assert r.status_code == 400 and r.json() == {"method": ['"explode" is not a valid choice.']}
    r = await bulk(demo_client, [3], "add_tag")
    assert r.json() == {"non_field_errors": ["tag not specified"]}
    r = await bulk(demo_client, [999999], "add_tag", tag=1)
    assert r.json() == {"documents": ["Some documents in documents don't exist or were specified twice."]}
    r = await demo_client.post(
        "/api/documents/bulk_edit/", content=b"this is not json", headers={"content-type": "application/json"}
    )
    assert r.json() == {"detail": "JSON parse error - Expecting value: line 1 column 1 (char 0)"}
    r = await demo_client.post(
        "/api/documents/bulk_edit/", content=b"documents=1", headers={"content-type": "text/plain"}
    )
    assert r.status_code == 415 and r.json() == {"detail": 'Unsupported media type "text/plain" in request.'}
    r = await demo_client.post("/api/documents/bulk_edit/", json=[1, 2])
    assert r.status_code == 400
    r = await demo_client.request("BREW", "/api/documents/bulk_edit/")
    assert r.status_code == 405 and r.json() == {"detail": 'Method "BREW" not allowed.'}


async def test_delete_reprocess_rotate_merge(demo_client: httpx.AsyncClient) -> None:
    assert (await bulk(demo_client, [6], "delete")).json() == {"result": "OK"}
    assert (await demo_client.get("/api/documents/6/")).status_code == 404
    assert (await demo_client.post("/api/documents/delete/", json={"documents": [7]})).json() == {
        "result": "OK"
    }
    assert (await demo_client.get("/api/documents/7/")).status_code == 404
    assert (await demo_client.post("/api/documents/reprocess/", json={"documents": [8]})).json() == {
        "result": "OK"
    }
    before = len((await doc(demo_client, 10))["versions"])
    assert (
        await demo_client.post("/api/documents/rotate/", json={"documents": [10], "degrees": 90})
    ).json() == {"result": "OK"}
    rotate_task = (await demo_client.get("/api/tasks/?page_size=1&ordering=-date_created")).json()["results"][
        0
    ]
    assert (await wait_task(demo_client, rotate_task["task_id"]))["status"] == "success"
    versions = (await doc(demo_client, 10))["versions"]
    assert len(versions) == before + 1 and versions[0]["is_root"] is False
    r = await demo_client.post(
        "/api/documents/merge/", json={"documents": [11, 12], "metadata_document_id": 11}
    )
    assert r.json() == {"result": "OK"}
    merge_task = (await demo_client.get("/api/tasks/?page_size=1&ordering=-date_created")).json()["results"][
        0
    ]
    done = await wait_task(demo_client, merge_task["task_id"])
    merged = await doc(demo_client, done["result_data"]["document_id"])
    assert merged["title"] == (await doc(demo_client, 11))["title"] + " (merged)"
    inbox = [
        t["id"]
        for t in (await demo_client.get("/api/tags/?page_size=100")).json()["results"]
        if t["is_inbox_tag"]
    ]
    assert set(inbox) <= set(merged["tags"])


async def test_post_document_success_failure_and_duplicates(demo_client: httpx.AsyncClient) -> None:
    pdf = (await demo_client.get("/api/documents/1/download/?original=true")).content
    r = await demo_client.post(
        "/api/documents/post_document/",
        files={"document": ("upload.pdf", pdf, "application/pdf")},
        data={"title": "Uploaded invoice", "tags": ["1"], "created": "2024-12-01"},
    )
    assert r.status_code == 200
    task_id = r.json()
    assert isinstance(task_id, str) and len(task_id) == 36
    task = await wait_task(demo_client, task_id)
    assert task["status"] == "success", task
    new = await doc(demo_client, task["result_data"]["document_id"])
    assert new["title"] == "Uploaded invoice" and new["created"] == "2024-12-01"
    assert (await demo_client.get(f"/api/documents/{new['id']}/download/")).content == pdf
    again = await demo_client.post(
        "/api/documents/post_document/", files={"document": ("again.pdf", pdf, "application/pdf")}
    )
    dup = await wait_task(demo_client, again.json())
    assert dup["status"] == "success"
    assert new["id"] in [
        d["id"] for d in (await doc(demo_client, dup["result_data"]["document_id"]))["duplicate_documents"]
    ]
    bad = await demo_client.post(
        "/api/documents/post_document/", files={"document": ("notes.txt", b"hello", "text/plain")}
    )
    failed = await wait_task(demo_client, bad.json())
    assert failed["status"] == "failure" and failed["result_data"]["error_message"]
    r = await demo_client.post("/api/documents/post_document/", data={"title": "x"})
    assert r.status_code == 415
    r = await demo_client.post(
        "/api/documents/post_document/", files={"other": ("x.pdf", pdf, "application/pdf")}
    )
    assert r.status_code == 400 and r.json() == {"document": ["No file was submitted."]}
    r = await demo_client.post(
        "/api/documents/post_document/",
        files={"document": ("x.pdf", pdf, "application/pdf")},
        data={"tags": ["999999"]},
    )
    assert r.status_code == 400 and "tags" in r.json()


async def test_tasks_endpoints_and_v9_shape(demo_client: httpx.AsyncClient) -> None:
    v10 = (await demo_client.get("/api/tasks/?page_size=2")).json()
    assert set(v10) == {"count", "next", "previous", "results"}
    v9 = (await demo_client.get("/api/tasks/", headers={"Accept": "application/json; version=9"})).json()
    assert isinstance(v9, list) and v9
    assert {"task_name", "type", "result", "related_document"} <= set(v9[0])
    assert v9[0]["status"] == v9[0]["status"].upper()
    counts = (await demo_client.get("/api/tasks/status_counts/")).json()
    assert set(counts) == {"all", "needs_attention", "in_progress", "completed"}
    assert isinstance((await demo_client.get("/api/tasks/summary/")).json(), list)
    assert isinstance((await demo_client.get("/api/tasks/active/")).json(), list)
    task = v10["results"][0]
    assert (
        await demo_client.post("/api/tasks/acknowledge/", json={"tasks": [task["id"]]})
    ).status_code == 200
    r = await demo_client.post("/api/tasks/run/", json={"task_type": "consume_file"})
    assert r.json() == {"error": "Task type 'consume_file' cannot be manually triggered"}
    run = (await demo_client.post("/api/tasks/run/", json={"task_type": "train_classifier"})).json()
    assert (await wait_task(demo_client, run["task_id"]))["status"] == "success"
    assert (await demo_client.get("/api/tasks/?task_id=00000000-0000-0000-0000-000000000000")).json()[
        "count"
    ] == 0


async def test_email_as_a_server_without_mail(demo_client: httpx.AsyncClient) -> None:
    body = {"documents": [1], "addresses": "not-an-email", "subject": "x", "message": "y"}
    r = await demo_client.post("/api/documents/email/", json=body)
    assert r.status_code == 400 and r.json() == {"addresses": ["Invalid email address: not-an-email"]}
    r = await demo_client.post("/api/documents/email/", json={**body, "addresses": "someone@example.com"})
    assert r.status_code == 500 and r.text == "Error emailing documents, check logs for more detail."
    assert r.headers["content-type"].startswith("text/html")
    settings = (await demo_client.get("/api/ui_settings/")).json()["settings"]
    assert settings["email_enabled"] is False


async def test_objects_crud(demo_client: httpx.AsyncClient) -> None:
    r = await demo_client.post("/api/tags/", json={"name": "Quarterly", "color": "#112233", "parent": 2})
    assert r.status_code == 201
    tag = r.json()
    assert tag["slug"] == "quarterly" and tag["text_color"] == "#ffffff" and tag["parent"] == 2
    assert "document_count" not in tag
    dup = await demo_client.post("/api/tags/", json={"name": "Quarterly"})
    assert dup.status_code == 400 and dup.json() == {
        "error": "Object violates owner / name unique constraint"
    }
    r = await demo_client.patch(f"/api/tags/{tag['id']}/", json={"name": "Quarterly reports"})
    assert r.json()["name"] == "Quarterly reports"
    parent = (await demo_client.get("/api/tags/2/")).json()
    assert tag["id"] in [c["id"] for c in parent["children"]]
    await demo_client.post(
        "/api/documents/bulk_edit/",
        json={"documents": [1], "method": "add_tag", "parameters": {"tag": tag["id"]}},
    )
    assert (await demo_client.delete(f"/api/tags/{tag['id']}/")).status_code == 204
    assert tag["id"] not in (await doc(demo_client, 1))["tags"]
    assert (await demo_client.get(f"/api/tags/{tag['id']}/")).json() == {
        "detail": "No Tag matches the given query."
    }
    field = (
        await demo_client.post(
            "/api/custom_fields/",
            json={
                "name": "Colour",
                "data_type": "select",
                "extra_data": {"select_options": [{"label": "Red"}, {"label": "Blue"}]},
            },
        )
    ).json()
    assert [o["label"] for o in field["extra_data"]["select_options"]] == ["Red", "Blue"]
    assert all(len(o["id"]) == 16 for o in field["extra_data"]["select_options"])
    r = await demo_client.post("/api/custom_fields/", json={"name": "Broken", "data_type": "hologram"})
    assert r.status_code == 400 and r.json()["data_type"] == ['"hologram" is not a valid choice.']
    view = await demo_client.post(
        "/api/saved_views/",
        json={"name": "Mine", "filter_rules": [{"rule_type": 6, "value": "1"}], "sort_field": "added"},
    )
    assert view.status_code == 201 and view.json()["filter_rules"] == [{"rule_type": 6, "value": "1"}]
    link = (
        await demo_client.post(
            "/api/share_links/",
            json={"document": 1, "file_version": "original", "expiration": "2030-12-31T23:59:59Z"},
        )
    ).json()
    assert len(link["slug"]) == 50 and link["expiration"] == "2031-01-01T00:59:59+01:00"
    assert link["id"] in [x["id"] for x in (await demo_client.get("/api/documents/1/share_links/")).json()]
    shared = await demo_client.get(f"/share/{link['slug']}", headers={"Authorization": ""})
    assert shared.status_code == 200 and shared.content[:4] in (b"%PDF", b"\x89PNG", b"\xff\xd8\xff\xe0")
    r = await demo_client.get("/share/doesnotexist", headers={"Authorization": ""})
    assert r.status_code == 302 and r.headers["location"] == "/accounts/login/?sharelink_notfound=1"


async def test_ui_settings_statistics_status(demo_client: httpx.AsyncClient) -> None:
    r = await demo_client.post("/api/ui_settings/", json={"settings": {"dark_mode": {"enabled": "false"}}})
    assert r.json() == {"success": True}
    settings = (await demo_client.get("/api/ui_settings/")).json()
    assert settings["settings"]["dark_mode"] == {"enabled": "false"}
    assert settings["user"]["username"] == "admin"
    stats = (await demo_client.get("/api/statistics/")).json()
    count = (await demo_client.get("/api/documents/?page_size=1")).json()["count"]
    assert stats["documents_total"] == count
    assert (await demo_client.get("/api/documents/next_asn/")).json() == stats["current_asn"] + 1
    status = (await demo_client.get("/api/status/")).json()
    assert status["pngx_version"] == "3.0.5" and status["database"]["type"] == "sqlite"
    assert (await demo_client.get("/api/remote_version/")).json() == {
        "version": "0.0.0",
        "update_available": False,
    }


@pytest.mark.parametrize(
    "title", ["Robert'); DROP TABLE docs;--", "<img src=x onerror=alert(1)>", "\x1b[2J\x00ctrl", "🦘 ünïcode"]
)
async def test_hostile_titles_round_trip(demo_client: httpx.AsyncClient, title: str) -> None:
    r = await demo_client.patch("/api/documents/13/", json={"title": title})
    if "\x00" in title:
        assert r.status_code in (200, 400)
    else:
        assert r.status_code == 200 and r.json()["title"] == title
    disposition = (await demo_client.get("/api/documents/13/download/")).headers["content-disposition"]
    assert "\n" not in disposition and "\x1b" not in disposition
    assert (await demo_client.get("/api/documents/?page_size=1")).status_code == 200


async def test_update_version_and_version_label(demo_client: httpx.AsyncClient) -> None:
    pdf = (await demo_client.get("/api/documents/1/download/?original=true")).content
    r = await demo_client.post(
        "/api/documents/14/update_version/",
        files={"document": ("v2.pdf", pdf, "application/pdf")},
        data={"version_label": "signed"},
    )
    assert r.status_code == 200
    assert (await wait_task(demo_client, r.json()))["status"] == "success"
    versions = (await doc(demo_client, 14))["versions"]
    newest = versions[0]
    assert newest["is_root"] is False and newest["version_label"] == "signed"
    assert (
        await demo_client.get("/api/documents/14/download/")
    ).content == pdf  # the newest version is shown
    r = await demo_client.patch(
        f"/api/documents/14/versions/{newest['id']}/", json={"version_label": "final"}
    )
    assert r.json()["version_label"] == "final"
    assert (await demo_client.delete(f"/api/documents/14/versions/{newest['id']}/")).status_code == 204
    assert len((await doc(demo_client, 14))["versions"]) == len(versions) - 1
