"""The spec's documents calls against recorded responses (httpx.MockTransport): what is requested, what
comes back, and the cache promises counted in requests."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from recorded import MockServer, load_sample, response_of

from paperless_tui.client import DocumentFilter, Paperless
from paperless_tui.client import exceptions as exc
from paperless_tui.client.filters import CustomFieldQuery
from paperless_tui.client.models.custom_fields import CustomFieldValue
from paperless_tui.client.models.documents import DocumentCustomFieldList
from paperless_tui.client.models.types import Permissions

MakeClient = Callable[..., Paperless]


def _notes_after(sample: str, new: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    body: list[dict[str, Any]] = load_sample(sample)["body"]
    return [*body, new] if new else body


async def test_enter_reads_ui_settings(mock_server: MockServer, make_client: MakeClient) -> None:
    async with make_client() as paperless:
        assert paperless.settings is not None and paperless.settings.user is not None
        assert paperless.settings.user.username == "admin"
    assert mock_server.count("GET", "/api/ui_settings/") == 1


async def test_fetch_document_and_notes_cache(mock_server: MockServer, make_client: MakeClient) -> None:
    detail = mock_server.add_sample("document_detail")
    mock_server.add_sample("document_notes_get")
    async with make_client() as paperless:
        doc = await paperless.documents(1)
        assert doc.id == 1 and doc.title == detail["body"]["title"] and doc.created == dt.date(2024, 1, 15)
        before = len(mock_server.requests)
        notes = await doc.notes()  # served from cache
        assert [n.id for n in notes] == [1, 4, 6]
        assert len(mock_server.requests) == before
        notes = await doc.notes(force_request=True)
        assert len(mock_server.requests) == before + 1
        assert mock_server.count("GET", "/api/documents/1/notes/") == 1
        notes = await paperless.documents.notes(1)  # the service always requests
        assert mock_server.count("GET", "/api/documents/1/notes/") == 2
        assert notes[0].note == "Checked by admin on 2024-10-02." and notes[0].document == 1


async def test_notes_save_returns_new_id_and_updates_cache(
    mock_server: MockServer, make_client: MakeClient
) -> None:
    mock_server.add_sample("document_detail")
    posted = load_sample("document_notes_post")
    mock_server.add("POST", "/api/documents/1/notes/", response_of(posted))
    deleted = load_sample("document_notes_delete")
    async with make_client() as paperless:
        doc = await paperless.documents(1)
        draft = doc.notes.create(note="This needs review")
        assert draft.document == 1
        note_id = await doc.notes.save(draft)
        expected = {n["id"] for n in posted["body"]} - {1, 4, 6}
        assert note_id == max(expected)
        sent = json.loads(mock_server.requests[-1].content)
        assert sent == {"note": "This needs review"}
        before = len(mock_server.requests)
        notes = await doc.notes()
        assert len(mock_server.requests) == before  # cache took the server's list
        assert [n.id for n in notes] == [n["id"] for n in posted["body"]]
        mock_server.add("DELETE", f"/api/documents/1/notes/?id={note_id}", response_of(deleted))
        await doc.notes.delete(note_id)
        assert mock_server.requests[-1].url.params["id"] == str(note_id)
        notes = await doc.notes()
        assert len(mock_server.requests) == before + 1  # only the DELETE
        assert [n.id for n in notes] == [n["id"] for n in deleted["body"]]


async def test_service_notes_create_save(mock_server: MockServer, make_client: MakeClient) -> None:
    posted = load_sample("document_notes_post")
    mock_server.add("POST", "/api/documents/1/notes/", response_of(posted))
    async with make_client() as paperless:
        draft = paperless.documents.notes.create(1, note="x")
        note_id = await paperless.documents.notes.save(draft)
        assert note_id == max(n["id"] for n in posted["body"])
        assert await paperless.save(draft) == note_id


async def test_notes_error_in_200_body(mock_server: MockServer, make_client: MakeClient) -> None:
    mock_server.add_sample("document_notes_post_missing_note", url="/api/documents/1/notes/")
    async with make_client() as paperless:
        with pytest.raises(exc.ErrorInBodyError) as info:
            await paperless.documents.notes.save(paperless.documents.notes.create(1, note="x"))
        assert info.value.status == 200 and "Error saving note" in info.value.human


async def test_files(mock_server: MockServer, make_client: MakeClient) -> None:
    def file(request: httpx.Request) -> httpx.Response:
        name = "a.pdf" if request.url.params.get("original") != "true" else "orig.png"
        kind = "inline" if "preview" in request.url.path else "attachment"
        if "thumb" in request.url.path:
            return httpx.Response(200, headers={"content-type": "image/webp"}, content=b"RIFFxxxxWEBP")
        return httpx.Response(
            200,
            headers={
                "content-type": "application/pdf",
                "content-disposition": f"{kind}; filename=\"{name}\"; filename*=utf-8''{name}",
            },
            content=b"%PDF-1.7 bytes",
        )

    for path in ("download", "preview", "thumb"):
        mock_server.add("GET", f"/api/documents/42/{path}/", file)
        mock_server.add("GET", f"/api/documents/42/{path}/?original=true", file)
    async with make_client() as paperless:
        download = await paperless.documents.download(42)
        assert download.content == b"%PDF-1.7 bytes" and download.content_type == "application/pdf"
        assert download.disposition_type == "attachment" and download.disposition_filename == "a.pdf"
        original = await paperless.documents.download(42, original=True)
        assert original.disposition_filename == "orig.png" and original.original
        preview = await paperless.documents.preview(42)
        assert preview.disposition_type == "inline"
        thumb = await paperless.documents.thumbnail(42)
        assert thumb.content_type == "image/webp" and thumb.disposition_filename is None


async def test_search_ranks_continue_and_highlights_are_bold(
    mock_server: MockServer, make_client: MakeClient
) -> None:
    """An older server: 0-based per-page ranks and <span class="match"> highlights are bridged."""

    def page(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        size = int(request.url.params["page_size"])
        results = [
            {
                "id": 100 + (number - 1) * size + i,
                "title": f"doc {i}",
                "__search_hit__": {
                    "score": 1.0,
                    "highlights": 'a <span class="match">hit</span> here',
                    "note_highlights": None,
                    "rank": i,
                },
            }
            for i in range(size if number < 3 else 1)
        ]
        return httpx.Response(
            200,
            json={
                "count": 2 * size + 1,
                "next": None if number == 3 else "x",
                "previous": None,
                "results": results,
            },
        )

    mock_server.add("GET", "/api/documents/?query=telekom", page)
    async with make_client() as paperless:
        docs = [d async for d in paperless.documents.search("telekom")]
        assert len(docs) == 201
        ranks = [d.search_hit.rank for d in docs if d.search_hit]
        assert ranks == list(range(1, 202))
        assert all(d.search_hit and d.search_hit.highlights == "a <b>hit</b> here" for d in docs)
        docs = [d async for d in paperless.documents.search(query="telekom")]
        assert len(docs) == 201


async def test_search_real_sample_and_invalid_query(mock_server: MockServer, make_client: MakeClient) -> None:
    sample = load_sample("documents_search_page2")
    mock_server.add(
        "GET", "/api/documents/?query=telekom&fields=id,title,__search_hit__", response_of(sample)
    )
    mock_server.add_sample("documents_search_invalid_query_0", url="/api/documents/?query=title:(unclosed")
    async with make_client() as paperless:
        page = await paperless.documents.filter(query="telekom", fields=["title", "__search_hit__"]).page(
            2, 10
        )
        assert [d.search_hit.rank for d in page.results if d.search_hit] == list(
            range(11, 11 + len(page.results))
        )
        assert page.results[0].search_hit and "<b>" in (page.results[0].search_hit.highlights or "<b>")
        with pytest.raises(exc.BadRequestError) as info:
            [d async for d in paperless.documents.search("title:(unclosed")]
        assert "Error listing search results" in info.value.human


async def test_more_like_and_empty_result(mock_server: MockServer, make_client: MakeClient) -> None:
    similar_sample = load_sample("documents_more_like_id_full_objects")
    similar_sample["body"]["next"] = None  # the recorded page is the only one the mock has
    mock_server.add("GET", "/api/documents/?more_like_id=2", response_of(similar_sample))
    mock_server.add_sample("documents_search_query_no_hits", url="/api/documents/?more_like_id=3")
    async with make_client() as paperless:
        similar = [d async for d in paperless.documents.more_like(2)]
        assert similar and similar[0].id == 102 and similar[0].search_hit is not None
        assert [d async for d in paperless.documents.more_like(3)] == []


async def test_metadata_suggestions_share_links_history_next_asn(
    mock_server: MockServer, make_client: MakeClient
) -> None:
    mock_server.add_sample("document_metadata_image")
    mock_server.add_sample("document_suggestions_2")
    mock_server.add_sample("document_share_links")
    mock_server.add_sample("document_history")
    mock_server.add_sample("documents_next_asn")
    mock_server.add_sample("document_detail")
    async with make_client() as paperless:
        meta = await paperless.documents.metadata(21)
        assert meta.id == 21 and meta.has_archive_version and meta.archive_metadata
        entry = meta.archive_metadata[0]
        assert (entry.namespace, entry.key, entry.value) == (
            "http://ns.adobe.com/pdf/1.3/",
            "Producer",
            "pikepdf 10.2.0",
        )
        suggestions = await paperless.documents.suggestions(2)
        assert suggestions.correspondents == [2] and suggestions.tags == [4]
        assert suggestions.document_types == [1] and suggestions.storage_paths == []
        assert suggestions.dates == [dt.date(2024, 3, 2)]
        links = await paperless.documents.share_links(1)
        assert links[0].slug.startswith("bBim0") and links[0].expiration is not None
        doc = await paperless.documents(1)
        assert [link.id for link in await doc.share_links()] == [link.id for link in links]
        entries = await doc.history()
        assert entries[0].action == "update" and entries[0].changes == {"Note Added": ["None", 6]}
        assert await paperless.documents.history(1) == entries
        assert await paperless.documents.get_next_asn() == 1008


async def test_update_and_delete_via_service_and_dispatcher(
    mock_server: MockServer, make_client: MakeClient
) -> None:
    detail = load_sample("document_detail")

    def patch(request: httpx.Request) -> httpx.Response:
        body = {**detail["body"], **json.loads(request.content)}
        return httpx.Response(200, json=body)

    mock_server.add_sample("document_detail")
    mock_server.add("PATCH", "/api/documents/1/", patch)
    mock_server.add("PUT", "/api/documents/1/", patch)
    mock_server.add("DELETE", "/api/documents/1/", httpx.Response(204))
    async with make_client() as paperless:
        doc = await paperless.documents(1)
        assert await paperless.documents.update(doc) is False  # nothing changed: no request
        assert mock_server.count("PATCH") == 0
        doc.title = "Invoice 2024-01"
        doc.correspondent = 3
        assert await paperless.documents.update(doc) is True
        assert json.loads(mock_server.requests[-1].content) == {
            "title": "Invoice 2024-01",
            "correspondent": 3,
        }
        assert doc.title == "Invoice 2024-01" and doc.changed_fields() == {}
        doc.tags = [1, 2]
        doc.created = dt.date(2024, 2, 3)
        assert await paperless.update(doc) is True
        assert json.loads(mock_server.requests[-1].content) == {"tags": [1, 2], "created": "2024-02-03"}
        doc.permissions = Permissions(view_users=[2])
        assert await paperless.update(doc, only_changed=False) is True
        put = json.loads(mock_server.requests[-1].content)
        assert mock_server.requests[-1].method == "PUT"
        assert put["set_permissions"]["view"]["users"] == [2] and "permissions" not in put
        assert await paperless.documents.delete(doc) is True
        assert await paperless.delete(doc) is True
        assert mock_server.count("DELETE", "/api/documents/1/") == 2
        assert await paperless.documents.delete(999, silent_fail=True) is False
        with pytest.raises(exc.NotFoundError):
            await paperless.documents.delete(999)


async def test_upload_returns_task_id_and_polling_works(
    mock_server: MockServer, make_client: MakeClient
) -> None:
    mock_server.add_sample("documents_post_document")
    task_sample = load_sample("tasks_by_task_id_after_upload")
    mock_server.add(
        "GET", "/api/tasks/?task_id=853d21bc-935a-44a4-81b6-2cf7c59813b8", response_of(task_sample)
    )
    async with make_client() as paperless:
        cf_list = DocumentCustomFieldList(paperless, data=[])
        cf_list += CustomFieldValue(field=3, value="ACME Corp")
        cf_list += CustomFieldValue(field=8, value=42)
        draft = paperless.documents.create(
            document=b"%PDF-1.4 test",
            filename="invoice.pdf",
            title="Invoice 2024-01",
            created=dt.datetime(2024, 1, 15),
            correspondent=3,
            document_type=2,
            storage_path=1,
            tags=[1, 5],
            archive_serial_number=1042,
            custom_fields=cf_list,
        )
        task_id = await paperless.documents.save(draft)
        assert task_id == "853d21bc-935a-44a4-81b6-2cf7c59813b8"
        request = mock_server.requests[-1]
        assert request.headers["content-type"].startswith("multipart/form-data")
        body = request.content.decode("latin-1")
        for part in (
            'name="title"',
            "Invoice 2024-01",
            'name="created"',
            "2024-01-15T00:00:00",
            'name="archive_serial_number"',
            "1042",
            'filename="invoice.pdf"',
            "%PDF-1.4 test",
        ):
            assert part in body
        assert body.count('name="tags"') == 2
        assert '{"3": "ACME Corp", "8": 42}' in body
        task = await paperless.tasks(task_id)
        assert task.status in ("SUCCESS", "FAILURE")
        assert task.result == "Success. New document id 121 created"
        plain = paperless.documents.create(document=b"x", custom_fields=[3, 8])
        assert ("custom_fields", "[3, 8]") in plain.form_fields()
        with pytest.raises(exc.DraftError):
            paperless.documents.create(title="no file")


async def test_trash_and_is_deleted(mock_server: MockServer, make_client: MakeClient) -> None:
    mock_server.add_sample("trash_list")
    mock_server.add_sample("trash_restore")
    async with make_client() as paperless:
        docs = [d async for d in paperless.trash]
        assert docs and all(d.is_deleted and d.deleted_at is not None for d in docs)
        assert (await paperless.trash(22)).id == 22
        with pytest.raises(exc.NotFoundError):
            await paperless.trash(1)
        assert await paperless.trash.restore([84]) == [84]


async def test_email(mock_server: MockServer, make_client: MakeClient) -> None:
    calls: list[dict[str, Any]] = []

    def email(request: httpx.Request) -> httpx.Response:
        calls.append(json.loads(request.content))
        if "not-an-email" in calls[-1]["addresses"]:
            return response_of(load_sample("documents_email_invalid_address_400"))
        if calls[-1]["subject"] == "fail":
            return response_of(load_sample("documents_email_no_mailserver"))
        return httpx.Response(200, json={"message": "Email sent"})

    mock_server.add("POST", "/api/documents/email/", email)
    async with make_client() as paperless:
        assert await paperless.documents.email(
            [23, 42], addresses="alice@example.com, bob@example.com", subject="s", message="m"
        )
        assert calls[-1] == {
            "documents": [23, 42],
            "addresses": "alice@example.com, bob@example.com",
            "subject": "s",
            "message": "m",
            "use_archive_version": True,
        }
        await paperless.documents.email(
            42, addresses="a@b.c", subject="x", message="y", use_archive_version=False
        )
        assert calls[-1]["documents"] == [42] and calls[-1]["use_archive_version"] is False
        with pytest.raises(exc.SendEmailError) as info:
            await paperless.documents.email(42, addresses="a@b.c", subject="fail", message="y")
        assert info.value.status == 500 and "Error emailing documents" in info.value.human
        assert isinstance(info.value, exc.ResponseError)
        with pytest.raises(exc.SendEmailError) as info:
            await paperless.documents.email(42, addresses="not-an-email", subject="x", message="y")
        assert info.value.errors == {"addresses": ["Invalid email address: not-an-email"]}


BULK_CASES: list[tuple[str, Callable[[Any], Any], dict[str, Any]]] = [
    (
        "set_correspondent",
        lambda b: b.set_correspondent([1, 2, 3], 5),
        {"documents": [1, 2, 3], "method": "set_correspondent", "parameters": {"correspondent": 5}},
    ),
    (
        "clear_correspondent",
        lambda b: b.set_correspondent([1, 2, 3], None),
        {"documents": [1, 2, 3], "method": "set_correspondent", "parameters": {"correspondent": None}},
    ),
    (
        "set_document_type",
        lambda b: b.set_document_type([1, 2], 3),
        {"documents": [1, 2], "method": "set_document_type", "parameters": {"document_type": 3}},
    ),
    (
        "set_storage_path",
        lambda b: b.set_storage_path([1, 2], 4),
        {"documents": [1, 2], "method": "set_storage_path", "parameters": {"storage_path": 4}},
    ),
    (
        "add_tag",
        lambda b: b.add_tag([1, 2, 3], 7),
        {"documents": [1, 2, 3], "method": "add_tag", "parameters": {"tag": 7}},
    ),
    (
        "remove_tag",
        lambda b: b.remove_tag([1, 2, 3], 7),
        {"documents": [1, 2, 3], "method": "remove_tag", "parameters": {"tag": 7}},
    ),
    (
        "modify_tags",
        lambda b: b.modify_tags([1, 2, 3], add_tags=[5, 6], remove_tags=[2]),
        {
            "documents": [1, 2, 3],
            "method": "modify_tags",
            "parameters": {"add_tags": [5, 6], "remove_tags": [2]},
        },
    ),
    (
        "modify_custom_fields",
        lambda b: b.modify_custom_fields([1, 2], add_custom_fields={3: "open"}, remove_custom_fields=[4]),
        {
            "documents": [1, 2],
            "method": "modify_custom_fields",
            "parameters": {"add_custom_fields": {"3": "open"}, "remove_custom_fields": [4]},
        },
    ),
    (
        "modify_custom_fields_list",
        lambda b: b.modify_custom_fields([3], add_custom_fields=[4]),
        {
            "documents": [3],
            "method": "modify_custom_fields",
            "parameters": {"add_custom_fields": [4], "remove_custom_fields": []},
        },
    ),
    (
        "set_permissions",
        lambda b: b.set_permissions(
            [1, 2, 3], owner=1, permissions=Permissions(view_users=[2, 3], change_users=[1]), merge=False
        ),
        {
            "documents": [1, 2, 3],
            "method": "set_permissions",
            "parameters": {
                "set_permissions": {
                    "view": {"users": [2, 3], "groups": []},
                    "change": {"users": [1], "groups": []},
                },
                "owner": 1,
                "merge": False,
            },
        },
    ),
    (
        "set_owner_only",
        lambda b: b.set_permissions([9], owner=2, merge=True),
        {
            "documents": [9],
            "method": "set_permissions",
            "parameters": {
                "set_permissions": {
                    "view": {"users": [], "groups": []},
                    "change": {"users": [], "groups": []},
                },
                "owner": 2,
                "merge": True,
            },
        },
    ),
]


@pytest.mark.parametrize(("name", "call", "expected"), BULK_CASES, ids=[c[0] for c in BULK_CASES])
async def test_bulk_edit_payloads(
    name: str,
    call: Callable[[Any], Any],
    expected: dict[str, Any],
    mock_server: MockServer,
    make_client: MakeClient,
) -> None:
    mock_server.add("POST", "/api/documents/bulk_edit/", httpx.Response(200, json={"result": "OK"}))
    async with make_client() as paperless:
        assert await call(paperless.documents.bulk_edit) is True
        assert json.loads(mock_server.requests[-1].content) == expected


async def test_bulk_edit_operations_use_v10_endpoints_and_fall_back(
    mock_server: MockServer, make_client: MakeClient
) -> None:
    for op in ("delete", "reprocess", "rotate", "merge"):
        mock_server.add("POST", f"/api/documents/{op}/", httpx.Response(200, json={"result": "OK"}))
    async with make_client() as paperless:
        bulk = paperless.documents.bulk_edit
        assert await bulk.delete([10, 11, 12])
        assert json.loads(mock_server.requests[-1].content) == {"documents": [10, 11, 12]}
        assert await bulk.reprocess([1, 2, 3])
        assert await bulk.rotate([1, 2], 90)
        assert json.loads(mock_server.requests[-1].content) == {"documents": [1, 2], "degrees": 90}
        assert await bulk.merge([10, 11, 12], metadata_document_id=10, delete_originals=True)
        assert json.loads(mock_server.requests[-1].content) == {
            "documents": [10, 11, 12],
            "metadata_document_id": 10,
            "delete_originals": True,
        }
    # a server without the v10 endpoints (404): legacy bulk_edit methods
    legacy = MockServer()
    legacy.add("GET", "/api/ui_settings/", response_of(load_sample("ui_settings")))
    legacy.add("POST", "/api/documents/bulk_edit/", httpx.Response(200, json={"result": "OK"}))
    http = httpx.AsyncClient(transport=httpx.MockTransport(legacy.handler), base_url="http://legacy.test")
    async with Paperless("http://legacy.test", "t", client=http) as paperless:
        assert await paperless.documents.bulk_edit.rotate([20], 90)
        assert json.loads(legacy.requests[-1].content) == {
            "documents": [20],
            "method": "rotate",
            "parameters": {"degrees": 90},
        }


@pytest.mark.parametrize(
    "sample",
    [
        "bulk_edit_invalid_method_400",
        "bulk_edit_missing_parameters_400",
        "bulk_edit_nonexistent_document_400",
        "bulk_edit_set_permissions_owner",
    ],
)
async def test_bulk_edit_errors(sample: str, mock_server: MockServer, make_client: MakeClient) -> None:
    recorded = load_sample(sample)
    mock_server.add("POST", "/api/documents/bulk_edit/", response_of(recorded))
    async with make_client() as paperless:
        with pytest.raises(exc.BulkEditError) as info:
            await paperless.documents.bulk_edit.add_tag([3], 10)
        assert isinstance(info.value, exc.ResponseError)
        assert info.value.status == recorded["status"] and info.value.server_message
        assert info.value.human.startswith("Bulk edit failed")


async def test_bulk_edit_non_ok_result(mock_server: MockServer, make_client: MakeClient) -> None:
    mock_server.add("POST", "/api/documents/bulk_edit/", httpx.Response(200, json={"result": "nope"}))
    async with make_client() as paperless:
        with pytest.raises(exc.BulkEditError):
            await paperless.documents.bulk_edit.add_tag([3], 10)


async def test_filter_parameters_and_fields(mock_server: MockServer, make_client: MakeClient) -> None:
    seen: list[dict[str, list[str]]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(parse_qs(request.url.query.decode()))
        return response_of(load_sample("documents_list_fields"))

    mock_server.routes.clear()
    mock_server.add("GET", "/api/ui_settings/", response_of(load_sample("ui_settings")))
    flt = DocumentFilter(
        tags_all=[1, 4],
        tags_none=[9],
        correspondent=3,
        created_from=dt.date(2024, 1, 1),
        is_in_inbox=True,
        custom_fields=CustomFieldQuery("Amount", "gt", 100)
        & CustomFieldQuery("Payment Status", "exact", "x"),
        ordering="-created",
        fields=["title", "tags"],
        truncate_content=True,
    )
    query_url = "/api/documents/"
    async with make_client() as paperless:
        view = paperless.documents.filter(flt)
        mock_server.add("GET", query_url + "?" + httpx.QueryParams(view._list_params()).__str__(), handler)
        async with paperless.documents.filter(flt) as filtered:
            page = await filtered.page(1, page_size=3)
        assert page.count == 118 and page.last_page == 40 and page.has_next_page
        assert page.results[0].title == "bank_statement_2024-02 (merged)"
        assert page.results[0].content is None  # not requested
    q = seen[0]
    assert q["tags__id__all"] == ["1,4"] and q["tags__id__none"] == ["9"]
    assert q["correspondent__id__in"] == ["3"] and q["created__date__gte"] == ["2024-01-01"]
    assert (
        q["is_in_inbox"] == ["true"] and q["ordering"] == ["-created"] and q["truncate_content"] == ["true"]
    )
    assert q["fields"] == ["id,title,tags"]
    assert json.loads(q["custom_field_query"][0]) == [
        "AND",
        [["Amount", "gt", 100], ["Payment Status", "exact", "x"]],
    ]
    assert q["page"] == ["1"] and q["page_size"] == ["3"]


async def test_iteration_prefetches_and_stops_early(mock_server: MockServer, make_client: MakeClient) -> None:
    def page(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["page"])
        size = int(request.url.params["page_size"])
        results = [{"id": (number - 1) * size + i + 1, "name": "t"} for i in range(size)]
        return httpx.Response(
            200,
            json={
                "count": 10 * size,
                "next": None if number == 10 else "n",
                "previous": None,
                "results": results,
            },
        )

    mock_server.add("GET", "/api/tags/", page)
    async with make_client() as paperless:
        tags = [t async for t in paperless.tags]
        assert [t.id for t in tags] == list(range(1, 1001))
        assert mock_server.count("GET", "/api/tags/") == 10
        pages = [p.current_page async for p in paperless.tags.pages(page=9, page_size=100)]
        assert pages == [9, 10]
        assert await paperless.tags.count() == 10
        assert len(await paperless.tags.as_dict()) == 1000


async def test_crud_tags(mock_server: MockServer, make_client: MakeClient) -> None:
    created = load_sample("tags_create_nested")
    mock_server.add("POST", "/api/tags/", response_of(created))
    mock_server.add_sample("tag_detail_parent")
    mock_server.add(
        "PATCH",
        "/api/tags/2/",
        lambda r: httpx.Response(
            200, json={**load_sample("tag_detail_parent")["body"], **json.loads(r.content)}
        ),
    )
    mock_server.add("DELETE", "/api/tags/2/", httpx.Response(204))
    mock_server.add_sample("tags_filter_name")
    async with make_client() as paperless:
        draft = paperless.tags.create(name="Tax", color="#c62828", parent=2)
        assert await paperless.tags.save(draft) == 3
        assert json.loads(mock_server.requests[-1].content) == {
            "name": "Tax",
            "color": "#c62828",
            "parent": 2,
        }
        assert await paperless.save(paperless.tags.create(name="x")) == 3
        with pytest.raises(exc.DraftError):
            await paperless.tags.save(paperless.tags.create(color="#fff"))
        tag = await paperless.tags(2)
        assert tag.children and tag.children[0].name == "Banking"
        tag.name = "Money"
        assert await paperless.tags.update(tag) and tag.name == "Money"
        assert json.loads(mock_server.requests[-1].content) == {"name": "Money"}
        assert await paperless.delete(tag)
        names = [t.name async for t in paperless.tags.filter(name__icontains="fin")]
        assert names == ["Finance"]


async def test_status_statistics_ui_settings(mock_server: MockServer, make_client: MakeClient) -> None:
    mock_server.add_sample("status")
    mock_server.add_sample("statistics")
    mock_server.add_sample("ui_settings_post")
    async with make_client() as paperless:
        status = await paperless.status()
        assert status.pngx_version == "3.0.5" and status.storage_total
        stats = await paperless.statistics()
        assert stats.documents_total == 118 and stats.inbox_tags == [1]
        settings = await paperless.ui_settings()
        assert settings.email_enabled is False
        assert await paperless.ui_settings.update({"dark_mode": {"enabled": "true"}})


async def test_tasks_helpers(mock_server: MockServer, make_client: MakeClient) -> None:
    mock_server.add_sample("tasks_summary")
    mock_server.add_sample("tasks_status_counts")
    mock_server.add_sample("tasks_active")
    mock_server.add_sample("tasks_acknowledge")
    mock_server.add_sample("tasks_run_train_classifier")
    mock_server.add_sample("tasks_list")
    async with make_client() as paperless:
        assert (await paperless.tasks.summary())[0].task_type == "bulk_update"
        assert (await paperless.tasks.status_counts()).all == 146
        assert await paperless.tasks.active() == []
        assert await paperless.tasks.acknowledge([1]) == 1
        assert await paperless.tasks.run("train_classifier") == "44f0b095-9073-4555-81d1-7af0f37a07a7"
        page = await paperless.tasks.page(1, page_size=3)
        assert page.results[0].status == "SUCCESS"
