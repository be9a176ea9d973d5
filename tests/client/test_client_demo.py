"""Every call of the spec page against the project's demo server over real HTTP on 127.0.0.1
(``shared_demo_url`` for read-only checks, a fresh ``demo_url`` for tests that write), plus the
standard CRUD of every resource, v9, login and the error shapes the demo server reproduces.

Requests are counted with an httpx event hook, so the cache promises are checked by request counts.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from paperless_tui.client import DocumentFilter, Paperless, login
from paperless_tui.client import exceptions as exc
from paperless_tui.client.filters import CustomFieldQuery
from paperless_tui.client.models.custom_fields import CustomFieldValue
from paperless_tui.client.models.documents import Document, DocumentCustomFieldList
from paperless_tui.client.models.types import Permissions

pytest.importorskip("paperless_tui.demo.server", reason="the demo server is not available")


class Counter:
    """Counts requests made through an httpx client (an event hook)."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []

    async def __call__(self, request: httpx.Request) -> None:
        self.requests.append((request.method, request.url.path))

    def __len__(self) -> int:
        return len(self.requests)


Connect = Callable[..., Awaitable[tuple[Paperless, Counter]]]


@pytest.fixture
async def connect() -> AsyncIterator[Connect]:
    opened: list[Paperless] = []

    async def make(url: str, token: str = "test-token", **kwargs: Any) -> tuple[Paperless, Counter]:
        counter = Counter()
        http = httpx.AsyncClient(event_hooks={"request": [counter]}, timeout=30)
        paperless = Paperless(url, token, client=http, **kwargs)
        await paperless.__aenter__()
        opened.append(paperless)
        return paperless, counter

    yield make
    for paperless in opened:
        await paperless.__aexit__(None, None, None)
        await paperless.transport.http.aclose()


async def _doc_with_notes(paperless: Paperless) -> Document:
    async for doc in paperless.documents:
        if doc.note_list:
            return doc
    raise AssertionError("the demo archive has no document with notes")


# -- read-only: the shared server -------------------------------------------------------------------


async def test_async_with_and_fetch(shared_demo_url: str, demo_token: str) -> None:
    async with Paperless(shared_demo_url, demo_token) as paperless:
        assert paperless.api_version == 10 and paperless.server_version
        first = await paperless.documents.page(1, page_size=1)
        document = await paperless.documents(first.results[0].id)
        assert document.id == first.results[0].id
        assert isinstance(document.title, str) and document.title
        assert isinstance(document.tags, list)
        assert isinstance(document.created, dt.date) and not isinstance(document.created, dt.datetime)
        assert document.added is not None and document.added.tzinfo is not None
        assert isinstance(document.content, str)
        assert document.mime_type in ("application/pdf", "image/png", "image/jpeg")
        assert document.search_hit is None and not document.has_search_hit and not document.is_deleted
        _ = (
            document.correspondent,
            document.document_type,
            document.page_count,
            document.archive_serial_number,
        )


async def test_downloads(shared_demo_url: str, connect: Connect) -> None:
    paperless, _ = await connect(shared_demo_url)
    doc = (await paperless.documents.page(1, page_size=1)).results[0]
    download = await paperless.documents.download(doc.id)
    assert download.content and download.content_type
    assert download.disposition_type == "attachment" and download.disposition_filename
    assert "/" not in download.disposition_filename
    original = await paperless.documents.download(doc.id, original=True)
    assert original.original and original.content
    preview = await paperless.documents.preview(doc.id)
    assert preview.disposition_type == "inline" and preview.content == download.content
    thumbnail = await paperless.documents.thumbnail(doc.id)
    assert thumbnail.content_type == "image/webp" and thumbnail.content[:4] == b"RIFF"
    scans = [d async for d in paperless.documents.filter(mime_type="image/png", fields=["mime_type"])]
    if scans:
        scan_original = await paperless.documents.download(scans[0].id, original=True)
        assert scan_original.content_type == "image/png" and scan_original.content[:4] == b"\x89PNG"


async def test_search_hits_ranks_and_highlights(shared_demo_url: str, connect: Connect) -> None:
    paperless, _ = await connect(shared_demo_url)
    docs = [d async for d in paperless.documents.search("invoice", page_size=3)]
    assert len(docs) > 3, "the demo archive should have several invoices"
    ranks = [d.search_hit.rank for d in docs if d.search_hit]
    assert ranks == list(range(1, len(docs) + 1))  # 1-based, continuing across pages of 3
    assert all(d.has_search_hit for d in docs)
    hit = docs[0].search_hit
    assert hit is not None and hit.score is not None and hit.score > 0
    assert any(d.search_hit and d.search_hit.highlights and "<b>" in d.search_hit.highlights for d in docs)
    assert not any(d.search_hit and "<span" in (d.search_hit.highlights or "") for d in docs)
    by_keyword = [d.id async for d in paperless.documents.search(query="invoice")]
    assert by_keyword == [d.id for d in docs]
    page2 = await paperless.documents.filter(query="invoice").page(2, page_size=3)
    assert page2.results[0].search_hit is not None and page2.results[0].search_hit.rank == 4
    with pytest.raises(exc.BadRequestError) as info:
        [d async for d in paperless.documents.search("title:(unclosed")]
    assert info.value.status == 400 and "\n" not in info.value.human


async def test_more_like_metadata_suggestions(shared_demo_url: str, connect: Connect) -> None:
    paperless, _ = await connect(shared_demo_url)
    doc = (await paperless.documents.page(1, page_size=1)).results[0]
    similar = [d async for d in paperless.documents.more_like(doc.id)]
    assert all(d.id != doc.id and d.search_hit is not None for d in similar)
    meta = await paperless.documents.metadata(doc.id)
    assert meta.id == doc.id and meta.original_checksum and meta.original_size
    for entry in meta.original_metadata:
        assert entry.key is not None
        _ = (entry.namespace, entry.value)
    suggestions = await paperless.documents.suggestions(doc.id)
    for values in (
        suggestions.correspondents,
        suggestions.document_types,
        suggestions.tags,
        suggestions.storage_paths,
    ):
        assert all(isinstance(v, int) for v in values)
    assert all(isinstance(d, dt.date) for d in suggestions.dates)
    with pytest.raises(exc.NotFoundError):
        await paperless.documents.suggestions(999999)
    with pytest.raises(exc.ForbiddenError):
        [d async for d in paperless.documents.more_like(999999)]


async def test_notes_served_from_cache(shared_demo_url: str, connect: Connect) -> None:
    paperless, counter = await connect(shared_demo_url)
    listed = await _doc_with_notes(paperless)
    doc = await paperless.documents(listed.id)
    before = len(counter)
    notes = await doc.notes()
    assert len(counter) == before  # no request
    assert notes and all(n.id and isinstance(n.note, str) and n.created and n.created.tzinfo for n in notes)
    fresh = await doc.notes(force_request=True)
    assert len(counter) == before + 1 and [n.id for n in fresh] == [n.id for n in notes]
    service = await paperless.documents.notes(doc.id)
    assert len(counter) == before + 2 and [n.id for n in service] == [n.id for n in notes]


async def test_share_links_history_next_asn(shared_demo_url: str, connect: Connect) -> None:
    paperless, _ = await connect(shared_demo_url)
    links = [link async for link in paperless.share_links]
    assert links, "the demo archive has share links"
    doc_links = await paperless.documents.share_links(links[0].document or 0)
    assert links[0].id in [link.id for link in doc_links]
    for link in doc_links:
        assert len(link.slug) == 50 and (link.expiration is None or link.expiration.tzinfo is not None)
    doc = await paperless.documents(links[0].document or 0)
    assert [link.id for link in await doc.share_links()] == [link.id for link in doc_links]
    entries = await doc.history()
    assert entries and entries == await paperless.documents.history(doc.id)
    for entry in entries:
        assert entry.timestamp is not None and entry.timestamp.utcoffset() == dt.timedelta(0)
        assert entry.action
        _ = (entry.actor.username if entry.actor else "-", entry.changes)
    stats = await paperless.statistics()
    assert await paperless.documents.get_next_asn() == (stats.current_asn or 0) + 1


async def test_trash_is_deleted(shared_demo_url: str, connect: Connect) -> None:
    paperless, _ = await connect(shared_demo_url)
    trashed = [d async for d in paperless.trash]
    assert trashed and all(d.is_deleted and d.deleted_at is not None for d in trashed)
    with pytest.raises(exc.NotFoundError):
        await paperless.documents(trashed[0].id)


@pytest.mark.parametrize(
    "resource",
    [
        "tags",
        "correspondents",
        "document_types",
        "storage_paths",
        "custom_fields",
        "users",
        "groups",
        "saved_views",
        "share_links",
        "tasks",
    ],
)
async def test_standard_reads(resource: str, shared_demo_url: str, connect: Connect) -> None:
    paperless, _ = await connect(shared_demo_url)
    service = getattr(paperless, resource)
    items = [item async for item in service]
    if resource != "groups":
        assert items, f"the demo archive has {resource}"
    pages = [page async for page in service.pages(page_size=2)]
    assert [i.id for p in pages for i in p] == [i.id for i in items]
    assert sum(len(p) for p in pages) == (pages[0].count if pages else 0)
    if items:
        one = await service(items[0].id)
        assert one.id == items[0].id
        assert (await service.as_dict())[items[0].id].id == items[0].id
    with pytest.raises(exc.NotFoundError):
        await service(999999)


async def test_filters_match_client_side_filtering(shared_demo_url: str, connect: Connect) -> None:
    paperless, _ = await connect(shared_demo_url)
    everything = [d async for d in paperless.documents]
    tagged = next(d for d in everything if d.tags and len(d.tags) >= 2)
    assert tagged.tags is not None
    wanted = tagged.tags[:2]
    flt = DocumentFilter(tags_all=wanted, fields=["tags"])
    got = {d.id async for d in paperless.documents.filter(flt)}
    assert got == {d.id for d in everything if set(wanted) <= set(d.tags or [])}
    flt = DocumentFilter(tags_none=wanted[:1])
    assert {d.id async for d in paperless.documents.filter(flt)} == {
        d.id for d in everything if wanted[0] not in (d.tags or [])
    }
    corr = next(d.correspondent for d in everything if d.correspondent)
    got = {d.id async for d in paperless.documents.filter(DocumentFilter(correspondent=corr))}
    assert got == {d.id for d in everything if d.correspondent == corr}
    start = dt.date(2024, 1, 1)
    got = {d.id async for d in paperless.documents.filter(DocumentFilter(created_from=start))}
    assert got == {d.id for d in everything if d.created and d.created >= start}
    inbox = {d.id async for d in paperless.documents.filter(DocumentFilter(is_in_inbox=True))}
    inbox_tags = {t.id async for t in paperless.tags if t.is_inbox_tag}
    assert inbox == {d.id for d in everything if inbox_tags & set(d.tags or [])}
    asn_doc = next(d for d in everything if d.archive_serial_number)
    got = {d.id async for d in paperless.documents.filter(DocumentFilter(asn=asn_doc.archive_serial_number))}
    assert got == {asn_doc.id}
    ordered = [d.title async for d in paperless.documents.filter(DocumentFilter(ordering="title"))]
    assert ordered == sorted(ordered, key=lambda t: (t or "").lower()) or ordered == sorted(ordered)
    narrow = await paperless.documents.filter(fields=["title"], truncate_content=True).page(1, page_size=5)
    assert narrow.results and all(d.content is None and d.title for d in narrow.results)
    truncated = await paperless.documents.filter(truncate_content=True).page(1, page_size=5)
    assert all(len(d.content or "") <= 303 for d in truncated.results)
    cfq = CustomFieldQuery("Amount", "gt", 0)
    with_amount = [d async for d in paperless.documents.filter(DocumentFilter(custom_fields=cfq))]
    assert all(d.custom_field(3) is not None for d in with_amount)


async def test_status_statistics_ui_settings(shared_demo_url: str, connect: Connect) -> None:
    paperless, _ = await connect(shared_demo_url)
    status = await paperless.status()
    assert status.pngx_version and status.classifier_last_trained is not None
    stats = await paperless.statistics()
    assert stats.documents_total > 0
    settings = await paperless.ui_settings()
    assert settings.user is not None and settings.user.username == "admin"


async def test_v9_lists_and_tasks(shared_demo_url: str, connect: Connect) -> None:
    paperless, _ = await connect(shared_demo_url, api_version=9)
    assert paperless.api_version == 9
    tasks = [t async for t in paperless.tasks]
    assert tasks and all(t.status.upper() == t.status for t in tasks)
    assert any(t.status in ("SUCCESS", "FAILURE") for t in tasks)
    docs = [d async for d in paperless.documents.filter(fields=["title"])]
    assert docs
    by_uuid = await paperless.tasks(tasks[0].task_id)
    assert by_uuid.task_id == tasks[0].task_id


async def test_error_shapes_of_the_demo_server(shared_demo_url: str, connect: Connect) -> None:
    with pytest.raises(exc.InvalidTokenError) as info:
        async with Paperless(shared_demo_url, "wrong-token"):
            pass
    assert info.value.status == 401 and "wrong-token" not in info.value.human
    with pytest.raises(exc.NoCredentialsError):
        async with Paperless(shared_demo_url, None):
            pass
    paperless, _ = await connect(shared_demo_url)
    with pytest.raises(exc.NotFoundError) as nf:
        await paperless.documents(999999)
    assert nf.value.server_message == "No Document matches the given query."
    with pytest.raises(exc.InvalidPageError):
        await paperless.documents.page(9999, page_size=25)
    with pytest.raises(exc.BadRequestError):
        await paperless.documents.autocomplete("")
    assert isinstance(await paperless.documents.autocomplete("inv"), list)


# -- writes: a fresh server per test -----------------------------------------------------------------


async def test_notes_save_and_delete_keep_the_cache(demo_url: str, connect: Connect) -> None:
    paperless, counter = await connect(demo_url)
    doc = await paperless.documents((await _doc_with_notes(paperless)).id)
    old_ids = [n.id for n in await doc.notes()]
    draft = doc.notes.create(note="This needs review")
    before = len(counter)
    note_id = await doc.notes.save(draft)
    assert len(counter) == before + 1  # the POST only
    assert isinstance(note_id, int) and note_id not in old_ids
    notes = await doc.notes()
    assert len(counter) == before + 1  # served from the updated cache
    assert note_id in [n.id for n in notes] and any(n.note == "This needs review" for n in notes)
    server_side = await paperless.documents.notes(doc.id)
    assert [n.id for n in server_side] == [n.id for n in notes]
    await doc.notes.delete(next(n for n in notes if n.id == note_id))
    count = len(counter)
    after = await doc.notes()
    assert len(counter) == count and [n.id for n in after] == old_ids
    assert [n.id for n in await paperless.documents.notes(doc.id)] == old_ids
    service_draft = paperless.documents.notes.create(doc.id, note="via service")
    second = await paperless.documents.notes.save(service_draft)
    assert second in [n.id for n in await paperless.documents.notes(doc.id)]
    with pytest.raises(exc.NotFoundError):
        await paperless.documents.notes.delete(999999, doc.id)


async def test_update_delete_restore(demo_url: str, connect: Connect) -> None:
    paperless, counter = await connect(demo_url)
    first = (await paperless.documents.page(1, page_size=1)).results[0]
    doc = await paperless.documents(first.id)
    corrs = [c.id async for c in paperless.correspondents if c.id != doc.correspondent]
    corr = corrs[0]
    doc.title = "Invoice 2024-01"
    doc.correspondent = corr
    assert await paperless.documents.update(doc)
    again = await paperless.documents(doc.id)
    assert again.title == "Invoice 2024-01" and again.correspondent == corr
    before = len(counter)
    assert await paperless.documents.update(again) is False and len(counter) == before
    again.title = "Dispatcher title"
    assert await paperless.update(again)
    assert (await paperless.documents(doc.id)).title == "Dispatcher title"
    again.tags = [*(again.tags or [])[:1]]
    assert await paperless.update(again, only_changed=False)
    with_bad_tag = await paperless.documents(doc.id)
    with_bad_tag.tags = [999999]
    with pytest.raises(exc.ValidationError) as info:
        await paperless.update(with_bad_tag)
    assert "tags" in info.value.errors
    assert await paperless.documents.delete(doc)
    with pytest.raises(exc.NotFoundError):
        await paperless.documents(doc.id)
    trashed = await paperless.trash(doc.id)
    assert trashed.is_deleted
    assert await paperless.trash.restore([doc.id]) == [doc.id]
    restored = await paperless.documents(doc.id)
    assert not restored.is_deleted
    assert await paperless.delete(restored)
    assert await paperless.delete(restored, silent_fail=True) is False


async def test_upload_and_poll_task(demo_url: str, connect: Connect) -> None:
    paperless, _ = await connect(demo_url)
    content = (
        await paperless.documents.download((await paperless.documents.page(1, 1)).results[0].id)
    ).content
    tag_ids = [t.id async for t in paperless.tags][:2]
    cf_list = DocumentCustomFieldList(paperless, data=[])
    cf_list += CustomFieldValue(field=1, value="ACME Corp")
    cf_list += CustomFieldValue(field=2, value=42)
    draft = paperless.documents.create(
        document=content + b"\n% unique upload",
        filename="invoice.pdf",
        title="Invoice 2024-01 upload",
        created=dt.datetime(2024, 1, 15),
        tags=tag_ids,
        archive_serial_number=4242,
        custom_fields=cf_list,
    )
    task_id = await paperless.documents.save(draft)
    assert isinstance(task_id, str) and len(task_id) >= 32
    task = await paperless.tasks(task_id)
    for _ in range(60):
        task = await paperless.tasks(task_id)
        if task.status in ("SUCCESS", "FAILURE"):
            break
        await asyncio.sleep(0.25)
    assert task.status == "SUCCESS", task.result
    assert task.result
    new_id = task.document_id
    assert new_id is not None
    new = await paperless.documents(new_id)
    assert new.title == "Invoice 2024-01 upload" and new.created == dt.date(2024, 1, 15)
    assert new.archive_serial_number == 4242 and set(tag_ids) <= set(new.tags or [])
    assert new.custom_field(1) == CustomFieldValue(field=1, value="ACME Corp")
    plain = paperless.documents.create(document=content + b"\n% plain", custom_fields=[3, 8])
    task2 = await paperless.tasks.wait(await paperless.documents.save(plain), max_wait=30, interval=0.2)
    assert task2.status == "SUCCESS"


async def test_email_raises_send_email_error(demo_url: str, connect: Connect) -> None:
    paperless, _ = await connect(demo_url)
    doc = (await paperless.documents.page(1, page_size=1)).results[0]
    with pytest.raises(exc.SendEmailError) as info:
        await paperless.documents.email(
            [doc.id], addresses="alice@example.com, bob@example.com", subject="Docs", message="Attached."
        )
    assert info.value.status == 500 and "Error emailing documents" in info.value.human
    with pytest.raises(exc.SendEmailError) as bad:
        await paperless.documents.email(
            doc.id, addresses="not-an-email", subject="x", message="y", use_archive_version=False
        )
    assert bad.value.status == 400 and "addresses" in bad.value.errors


async def test_bulk_edit_every_method(demo_url: str, connect: Connect) -> None:
    paperless, _ = await connect(demo_url)
    docs = [d.id for d in (await paperless.documents.page(1, page_size=6)).results]
    a, b, c, d, e, f = docs
    bulk = paperless.documents.bulk_edit
    corr = (await paperless.correspondents.page(1, 1)).results[0].id
    dtype = (await paperless.document_types.page(1, 1)).results[0].id
    spath = (await paperless.storage_paths.page(1, 1)).results[0].id
    tags = [x.id async for x in paperless.tags if not x.is_inbox_tag]
    tag = tags[0]
    assert await bulk.set_correspondent([a, b], corr)
    assert (await paperless.documents(a)).correspondent == corr
    assert await bulk.set_correspondent([a], None)
    assert (await paperless.documents(a)).correspondent is None
    assert await bulk.set_document_type([a, b], dtype)
    assert (await paperless.documents(b)).document_type == dtype
    assert await bulk.set_storage_path([a], spath)
    assert (await paperless.documents(a)).storage_path == spath
    assert await bulk.add_tag([a, b], tag)
    assert tag in ((await paperless.documents(a)).tags or [])
    assert await bulk.remove_tag([a, b], tag)
    assert tag not in ((await paperless.documents(a)).tags or [])
    assert await bulk.modify_tags([a], add_tags=[tag], remove_tags=[])
    assert tag in ((await paperless.documents(a)).tags or [])
    assert await bulk.modify_custom_fields([a, b], add_custom_fields={10: "open"}, remove_custom_fields=[])
    assert (await paperless.documents(a)).custom_field(10) == CustomFieldValue(field=10, value="open")
    assert await bulk.modify_custom_fields([a], add_custom_fields=[6], remove_custom_fields=[10])
    assert (await paperless.documents(a)).custom_field(10) is None
    assert await bulk.set_permissions([a], owner=1, permissions=Permissions(view_users=[2]), merge=False)
    perms = await paperless.documents(a, full_perms="true")
    assert perms.permissions is not None and perms.permissions.view_users == [2] and perms.owner == 1
    assert await bulk.set_permissions([b], owner=1, merge=True)
    assert await bulk.reprocess([c])
    assert await bulk.rotate([c], 90)
    assert await bulk.merge([d, e], metadata_document_id=d, delete_originals=True)
    assert await bulk.delete([f])
    with pytest.raises(exc.NotFoundError):
        await paperless.documents(f)
    with pytest.raises(exc.BulkEditError) as info:
        await bulk.add_tag([999999], tag)
    assert info.value.status == 400 and "documents" in info.value.errors


async def test_crud_create_update_delete(demo_url: str, connect: Connect) -> None:
    paperless, _ = await connect(demo_url)
    cases: list[tuple[str, dict[str, Any], str, Any]] = [
        ("tags", {"name": "Client test tag", "color": "#123456"}, "name", "Renamed tag"),
        ("correspondents", {"name": "Client test corr"}, "name", "Renamed corr"),
        ("document_types", {"name": "Client test type"}, "name", "Renamed type"),
        ("storage_paths", {"name": "Client path", "path": "{{ title }}"}, "path", "x/{{ title }}"),
        ("custom_fields", {"name": "Client field", "data_type": "string"}, "name", "Renamed field"),
        (
            "saved_views",
            {
                "name": "Client view",
                "sort_field": "created",
                "sort_reverse": True,
                "filter_rules": [],
                "show_on_dashboard": False,
                "show_in_sidebar": False,
            },
            "name",
            "V2",
        ),
        ("groups", {"name": "Client group", "permissions": []}, "name", "Group 2"),
        ("users", {"username": "carol", "password": "pw-carol"}, "first_name", "Carol"),
    ]
    for resource, fields, attr, value in cases:
        service = getattr(paperless, resource)
        draft = service.create(**fields)
        pk = await service.save(draft)
        assert isinstance(pk, int) and draft.saved is not None
        item = await service(pk)
        setattr(item, attr, value)
        assert await service.update(item), resource
        assert getattr(await service(pk), attr) == value, resource
        assert await paperless.delete(item), resource
        with pytest.raises(exc.NotFoundError):
            await service(pk)
        assert await service.delete(pk, silent_fail=True) is False
    with pytest.raises(exc.ValidationError) as dup:
        await paperless.tags.save(
            paperless.tags.create(name=(await paperless.tags.page(1, 1)).results[0].name)
        )
    assert dup.value.status == 400
    doc = (await paperless.documents.page(1, page_size=1)).results[0]
    link_id = await paperless.share_links.save(
        paperless.share_links.create(document=doc.id, file_version="original")
    )
    assert link_id in [link.id for link in await paperless.documents.share_links(doc.id)]
    assert await paperless.share_links.delete(link_id)
    assert link_id not in [link.id for link in await paperless.documents.share_links(doc.id)]


async def test_tasks_helpers_and_trash_empty(demo_url: str, connect: Connect) -> None:
    paperless, _ = await connect(demo_url)
    counts = await paperless.tasks.status_counts()
    assert counts.all >= counts.completed
    assert isinstance(await paperless.tasks.summary(), list)
    assert isinstance(await paperless.tasks.active(), list)
    task_id = await paperless.tasks.run("train_classifier")
    assert (await paperless.tasks(task_id)).task_id == task_id
    first = (await paperless.tasks.page(1, page_size=1)).results[0]
    assert await paperless.tasks.acknowledge([first.id]) == 1
    trashed = [d.id async for d in paperless.trash]
    assert await paperless.trash.empty(trashed) == trashed
    assert [d async for d in paperless.trash] == []


async def test_login_and_a_second_user(demo_url: str, connect: Connect) -> None:
    token = await login(demo_url, "bob", "bob")
    assert token and isinstance(token, str)
    with pytest.raises(exc.LoginError):
        await login(demo_url, "bob", "wrong")
    admin, _ = await connect(demo_url)
    bob, _ = await connect(demo_url, token=token)
    assert bob.settings is not None and bob.settings.user is not None and bob.settings.user.username == "bob"
    everything = await admin.documents.count()
    visible = await bob.documents.count()
    assert 0 < visible < everything


async def test_flaky_server_reads_survive_by_retries(demo_token: str) -> None:
    from paperless_tui.demo.serve import running_server

    with running_server(token=demo_token, docs=30, seed=1, fail_rate=0.3) as url:
        http = httpx.AsyncClient(timeout=30)
        flaky = Paperless(url, demo_token, client=http, retries=12, backoff=0.001)
        try:
            await flaky.initialize()
            docs = [d async for d in flaky.documents.filter(fields=["title"])]
            assert len(docs) == (await flaky.documents.count())
            for doc in docs[:10]:
                assert (await flaky.documents(doc.id)).id == doc.id
            assert flaky.transport.requests_sent > len(docs[:10]) + 2  # some requests were retried
        finally:
            await http.aclose()


async def test_streamed_download_over_http(shared_demo_url: str, connect: Connect) -> None:
    """Over real loopback HTTP: the streamed file equals the whole download, and progress reaches the
    Content-Length the demo server sends."""
    paperless, _ = await connect(shared_demo_url)
    doc = (await paperless.documents.page(1, page_size=1)).results[0]
    whole = await paperless.documents.download(doc.id, original=True)
    async with paperless.documents.stream_download(doc.id, original=True) as stream:
        assert stream.total == len(whole.content)
        assert stream.disposition_filename == whole.disposition_filename
        parts = [chunk async for chunk in stream]
        assert stream.received == stream.total
    assert b"".join(parts) == whole.content
