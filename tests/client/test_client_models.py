"""The models parse every recorded response body of the real server, with typed dates, and the small
value types behave (task status casing, permissions, custom field lists, content-disposition)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from pydantic import TypeAdapter
from recorded import load_sample, sample_names

from paperless_tui.client.models.base import Page
from paperless_tui.client.models.custom_fields import CustomField, CustomFieldValue
from paperless_tui.client.models.documents import (
    Document,
    DocumentCustomFieldList,
    DocumentDraft,
    DocumentHistoryEntry,
    DocumentMeta,
    DocumentNote,
    DocumentSuggestions,
)
from paperless_tui.client.models.resources import (
    Correspondent,
    DocumentType,
    Group,
    SavedView,
    ShareLink,
    StoragePath,
    Tag,
    User,
)
from paperless_tui.client.models.system import Statistics, Status, UiSettings
from paperless_tui.client.models.tasks import Task, TaskStatus, TaskStatusCounts, TaskSummary
from paperless_tui.client.models.types import Permissions
from paperless_tui.client.services.documents import parse_content_disposition

RESOURCES: dict[str, type[Any]] = {
    "tags": Tag,
    "correspondents": Correspondent,
    "document_types": DocumentType,
    "storage_paths": StoragePath,
    "custom_fields": CustomField,
    "users": User,
    "groups": Group,
    "saved_views": SavedView,
    "share_links": ShareLink,
    "documents": Document,
    "trash": Document,
    "tasks": Task,
}

# Samples whose bodies the client does not model (with the reason), or that are errors/binary.
NOT_MODELLED = {
    "api_root": "redirect",
    "api_version_headers": "a summary, no response",
    "server_created_date_misparse": "a note, no response",
    "timings": "a summary, no response",
    "bulk_edit_objects_set_permissions": "{result: OK}",
    "config": "application config is not part of the client",
    "logs_list": "logs are not part of the client",
    "logs_paperless": "logs are not part of the client",
    "mail_accounts_list": "mail is not part of the client",
    "mail_rules_list": "mail is not part of the client",
    "processed_mail_list": "mail is not part of the client",
    "workflows_list": "workflows are not part of the client",
    "share_link_bundles_list": "bundles are not part of the client",
    "profile": "profile is not part of the client",
    "remote_version": "not part of the client",
    "documents_options": "OPTIONS metadata",
    "documents_selection_data": "not part of the client",
    "search_global": "global search is not modelled (documents searched via /api/documents/)",
    "search_global_db_only": "global search is not modelled",
    "storage_paths_test": "a plain string",
    "document_root": "{root_id} read by documents.root()",
    "document_version_root": "{root_id} read by documents.root()",
    "documents_next_asn": "a bare integer read by get_next_asn()",
    "documents_post_document": "a bare task id string read by documents.save()",
    "search_autocomplete": "a list of strings read by autocomplete()",
    "search_autocomplete_limit": "a list of strings read by autocomplete()",
    "tasks_acknowledge": "{result: n} read by tasks.acknowledge()",
    "tasks_run_train_classifier": "{task_id} read by tasks.run()",
    "auth_token_post_json": "{token} read by login()",
    "ui_settings_post": "{success} read by ui_settings.update()",
    "trash_restore": "{result, doc_ids} read by trash.restore()",
    "trash_empty_one": "{result, doc_ids} read by trash.empty()",
}


def adapter_for(sample: dict[str, Any]) -> TypeAdapter[Any] | None:
    """The TypeAdapter the client uses for this response (None: not a model)."""
    method = sample["request"]["method"]
    path = sample["request"]["url"].split("?")[0]
    body = sample["body"]
    if isinstance(body, dict) and set(body) == {"result"}:
        return None  # bulk edit / operations: {"result": "OK"}
    parts = [p for p in path.split("/") if p][1:]  # drop "api"
    special: dict[str, type[Any]] = {
        "notes": DocumentNote,
        "history": DocumentHistoryEntry,
        "share_links": ShareLink,
    }
    if parts[:1] == ["documents"] and len(parts) == 3 and parts[2] in special:
        return TypeAdapter(list[special[parts[2]]])
    if parts[:1] == ["documents"] and len(parts) == 3 and parts[2] == "metadata":
        return TypeAdapter(DocumentMeta)
    if parts[:1] == ["documents"] and len(parts) == 3 and parts[2] == "suggestions":
        return TypeAdapter(DocumentSuggestions)
    if parts == ["tasks", "summary"]:
        return TypeAdapter(list[TaskSummary])
    if parts == ["tasks", "status_counts"]:
        return TypeAdapter(TaskStatusCounts)
    if parts == ["tasks", "active"]:
        return TypeAdapter(list[Task])
    if parts == ["statistics"]:
        return TypeAdapter(Statistics)
    if parts == ["status"]:
        return TypeAdapter(Status)
    if parts == ["ui_settings"] and method == "GET":
        return TypeAdapter(UiSettings)
    if parts and parts[0] in RESOURCES:
        model = RESOURCES[parts[0]]
        if len(parts) == 1 and method == "GET":
            return TypeAdapter(list[model]) if isinstance(body, list) else TypeAdapter(Page[model])  # type: ignore[valid-type]
        if len(parts) == 1 and method == "POST":
            return TypeAdapter(model)
        if len(parts) == 2 and parts[1].isdigit():
            return TypeAdapter(model)
    return None


JSON_OK = [
    n
    for n in sample_names()
    if n not in NOT_MODELLED
    and "request" in load_sample(n)
    and 200 <= load_sample(n)["status"] < 300
    and not (isinstance(load_sample(n)["body"], str) and load_sample(n)["body"].startswith("<binary"))
    and load_sample(n)["status"] != 204
    and not (isinstance(load_sample(n)["body"], dict) and set(load_sample(n)["body"]) == {"error"})
]


@pytest.mark.parametrize("name", JSON_OK)
def test_every_successful_sample_parses(name: str) -> None:
    sample = load_sample(name)
    adapter = adapter_for(sample)
    if adapter is None:
        assert sample["body"] == {"result": "OK"}, f"{name} has no model and is not a plain OK"
        return
    parsed = adapter.validate_json(json.dumps(sample["body"]))
    assert parsed is not None


def test_not_modelled_list_is_honest() -> None:
    names = set(sample_names())
    assert set(NOT_MODELLED) <= names


def test_document_dates_are_typed() -> None:
    doc = TypeAdapter(Document).validate_json(json.dumps(load_sample("document_detail")["body"]))
    assert doc.created == dt.date(2024, 1, 15) and type(doc.created) is dt.date
    assert doc.added is not None and doc.added.utcoffset() == dt.timedelta(hours=1)
    assert doc.modified is not None and doc.modified.tzinfo is not None
    assert doc.versions and doc.versions[0].added is not None
    assert doc.versions[0].added.utcoffset() == dt.timedelta(0)  # "Z"
    assert doc.note_list is not None and [n.id for n in doc.note_list] == [1, 4, 6]
    assert doc.custom_fields is not None and doc.custom_fields[1] == CustomFieldValue(
        field=3, value="EUR171.76"
    )
    assert doc.custom_field(7) == CustomFieldValue(field=7, value=19.0)
    assert doc.is_deleted is False and doc.search_hit is None and doc.has_search_hit is False
    assert doc.archive_serial_number == 1001 and doc.page_count == 1 and doc.mime_type == "application/pdf"


def test_history_changes_stay_opaque_and_timestamps_are_utc() -> None:
    body = load_sample("document_history")["body"]
    entries = TypeAdapter(list[DocumentHistoryEntry]).validate_json(json.dumps(body))
    assert [e.changes for e in entries] == [b["changes"] for b in body]
    assert entries[0].timestamp is not None and entries[0].timestamp.utcoffset() == dt.timedelta(0)
    assert entries[0].actor is None
    with_actor = next(e for e in entries if e.actor is not None)
    assert with_actor.actor is not None and with_actor.actor.username == "admin"


def test_trash_documents_are_deleted() -> None:
    page = TypeAdapter(Page[Document]).validate_json(json.dumps(load_sample("trash_list")["body"]))
    assert page.results and all(d.is_deleted and d.deleted_at is not None for d in page.results)


def test_search_hit_alias() -> None:
    page = TypeAdapter(Page[Document]).validate_json(
        json.dumps(load_sample("documents_search_page2")["body"])
    )
    hit = page.results[0].search_hit
    assert hit is not None and hit.rank == 11 and hit.score is not None
    assert page.results[0].has_search_hit


def test_task_status_compares_case_insensitively() -> None:
    v10 = TypeAdapter(Page[Task]).validate_json(json.dumps(load_sample("tasks_list")["body"]))
    task = v10.results[0]
    assert task.status in ("SUCCESS", "FAILURE")
    assert task.status == "success" and task.status == "SUCCESS" and task.status != "FAILURE"
    assert isinstance(task.status, TaskStatus) and task.status.is_done
    assert task.result is not None and "122" in task.result
    assert task.document_id == 122
    v9 = TypeAdapter(list[Task]).validate_json(json.dumps(load_sample("tasks_list_v9_legacy")["body"]))
    assert v9[0].status == "PENDING" and v9[0].status not in ("SUCCESS", "FAILURE")
    assert {TaskStatus("success"): 1}["SUCCESS"] == 1


def test_permissions_nested_and_flat() -> None:
    nested = {"view": {"users": [3], "groups": []}, "change": {"users": [1], "groups": [2]}}
    perms = TypeAdapter(Permissions).validate_python(nested)
    assert perms == Permissions(view_users=[3], change_users=[1], change_groups=[2])
    assert perms.to_api() == nested


def test_custom_field_list_for_uploads() -> None:
    cf = DocumentCustomFieldList(None, data=[])
    cf += CustomFieldValue(field=3, value="ACME Corp")
    cf += CustomFieldValue(field=8, value=42)
    cf += CustomFieldValue(field=3, value="ACME Corp 2")
    assert len(cf) == 2 and 3 in cf and 9 not in cf
    assert cf.to_upload() == {"8": 42, "3": "ACME Corp 2"}
    draft = DocumentDraft(document=b"%PDF", custom_fields=cf, tags=[1, 5], created=dt.datetime(2024, 1, 15))
    fields = draft.form_fields()
    assert ("tags", "1") in fields and ("tags", "5") in fields
    assert ("created", "2024-01-15T00:00:00") in fields
    assert json.loads(dict(fields)["custom_fields"]) == {"8": 42, "3": "ACME Corp 2"}


def test_select_option_label() -> None:
    body = load_sample("custom_fields_create_select")["body"]
    field = TypeAdapter(CustomField).validate_json(json.dumps(body))
    assert field.option_label("oSEPsZfVTGtyfbj1") == "Paid" and field.option_label("nope") is None


@pytest.mark.parametrize(
    ("header", "kind", "name"),
    [
        (
            'attachment; filename="2024-01-15 Stadtwerke Invoice.pdf"; '
            "filename*=utf-8''2024-01-15%20Stadtwerke%20Invoice.pdf",
            "attachment",
            "2024-01-15 Stadtwerke Invoice.pdf",
        ),
        ('inline; filename="scan.png"', "inline", "scan.png"),
        ("attachment; filename*=UTF-8''M%C3%BCller%20Brief.pdf", "attachment", "Müller Brief.pdf"),
        ('attachment; filename="../../etc/passwd"', "attachment", "passwd"),
        ('attachment; filename=".."', "attachment", None),
        (None, None, None),
    ],
)
def test_content_disposition(header: str | None, kind: str | None, name: str | None) -> None:
    assert parse_content_disposition(header) == (kind, name)


def test_change_tracking_assignments_and_snapshot() -> None:
    doc = TypeAdapter(Document).validate_json(json.dumps(load_sample("document_detail")["body"]))
    assert doc.changed_fields() == {}
    doc.title = "Invoice 2024-01"
    doc.correspondent = 3
    doc.search_hit = None  # not writable: ignored
    assert doc.changed_fields() == {"title": "Invoice 2024-01", "correspondent": 3}
    doc.correspondent = 1  # back to the original
    assert doc.changed_fields() == {"title": "Invoice 2024-01"}
    doc.take_snapshot()
    assert doc.tags is not None
    doc.tags.append(99)
    assert doc.changed_fields() == {"tags": [4, 2, 11, 6, 99]}


def test_models_are_slotted() -> None:
    doc = Document(id=1)
    assert not hasattr(doc, "__dict__")
    assert re.match(r"Document\(id=1", repr(doc))


def test_lazy_typed_views_of_notes_custom_fields_versions() -> None:
    body = load_sample("document_detail_with_versions")["body"]
    doc = TypeAdapter(Document).validate_json(json.dumps(body))
    assert doc.note_list is doc.note_list  # built once, then cached
    assert doc.custom_fields is doc.custom_fields
    notes = doc.note_list or []
    assert all(n.document == doc.id and n.created is not None and n.created.tzinfo for n in notes)
    if notes:
        user = notes[0].user
        assert user is not None and not isinstance(user, int) and user.username
    versions = doc.versions
    assert versions is not None and len(versions) == len(body["versions"])
    assert all(v.added is not None and v.added.utcoffset() == dt.timedelta(0) for v in versions)
    assert doc.duplicate_documents == []
    doc.take_snapshot()
    assert doc.custom_fields is not None
    doc.custom_fields.append(CustomFieldValue(field=10, value="note"))
    changed = doc.changed_fields()
    assert list(changed) == ["custom_fields"] and changed["custom_fields"][-1].value == "note"
    doc.custom_fields = [CustomFieldValue(field=1, value="x")]
    assert doc.custom_fields == [CustomFieldValue(field=1, value="x")]
    assert doc.custom_field_data == ()
