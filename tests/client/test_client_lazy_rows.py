"""Lazy rows: documents of a list page carry only their id until a field is read; then the whole page is
validated once and every document on it holds exactly what an eagerly validated page would hold."""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pydantic import TypeAdapter
from recorded import MockServer, load_sample

from paperless_tui.client import Paperless
from paperless_tui.client import exceptions as exc
from paperless_tui.client.models.base import Page
from paperless_tui.client.models.documents import Document

MakeClient = Callable[..., Paperless]


def _is_lazy(doc: Document) -> bool:
    try:
        return object.__getattribute__(doc, "_lazy") is not None
    except AttributeError:
        return False


def _public(doc: Document) -> dict[str, Any]:
    return {f.name: getattr(doc, f.name) for f in dataclasses.fields(doc) if f.name[0] != "_"}


def _list_body() -> dict[str, Any]:
    body: dict[str, Any] = load_sample("documents_list_default")["body"]
    return body


async def test_page_rows_are_lazy_until_a_field_is_read(
    mock_server: MockServer, make_client: MakeClient
) -> None:
    body = _list_body()
    mock_server.add("GET", "/api/documents/", httpx.Response(200, json=body))
    eager = TypeAdapter(Page[Document]).validate_json(json.dumps(body))
    async with make_client() as paperless:
        page = await paperless.documents.page(1)
        assert page.count == eager.count and page.next == eager.next and len(page) == len(eager.results)
        assert [d.id for d in page] == [d.id for d in eager.results]
        assert all(_is_lazy(d) for d in page)
        assert page.results[1].title == eager.results[1].title  # one read decodes the whole page
        assert not any(_is_lazy(d) for d in page)
        for lazy, full in zip(page.results, eager.results, strict=True):
            assert _public(lazy) == _public(full)
            assert lazy == full
            assert lazy.paperless is paperless
            assert lazy.note_list == full.note_list and lazy.custom_fields == full.custom_fields


async def test_assigning_to_a_lazy_row_tracks_the_server_value(
    mock_server: MockServer, make_client: MakeClient
) -> None:
    body = _list_body()
    first = body["results"][0]
    mock_server.add("GET", "/api/documents/", httpx.Response(200, json=body))
    async with make_client() as paperless:
        doc = (await paperless.documents.page(1)).results[0]
        assert _is_lazy(doc)
        doc.title = first["title"]  # the same value: nothing changed
        assert doc.changed_fields() == {}
        doc = (await paperless.documents.page(1)).results[0]
        doc.correspondent = 999
        assert doc.changed_fields() == {"correspondent": 999}
        assert doc.tags == first["tags"]
        doc = (await paperless.documents.page(1)).results[0]
        doc.take_snapshot()
        assert doc.tags is not None
        doc.tags.append(77)
        assert doc.changed_fields() == {"tags": [*first["tags"], 77]}


async def test_copy_and_pickle_of_a_lazy_row_are_whole(
    mock_server: MockServer, make_client: MakeClient
) -> None:
    body = _list_body()
    mock_server.add("GET", "/api/documents/", httpx.Response(200, json=body))
    async with make_client() as paperless:
        doc = (await paperless.documents.page(1)).results[0]
        twin = copy.copy(doc)
        assert twin.title == body["results"][0]["title"] and twin == doc
        doc = (await paperless.documents.page(1)).results[0]
        object.__setattr__(doc, "_api", None)  # (the client itself does not pickle)
        back = pickle.loads(pickle.dumps(doc))
        assert back.title == body["results"][0]["title"] and not _is_lazy(back)


async def test_a_bad_field_raises_when_read(mock_server: MockServer, make_client: MakeClient) -> None:
    body = _list_body()
    body["results"][1]["created"] = "not a date"
    mock_server.add("GET", "/api/documents/", httpx.Response(200, json=body))
    async with make_client() as paperless:
        page = await paperless.documents.page(1)  # ids are fine: the page itself is accepted
        assert page.results[1].id == body["results"][1]["id"]
        with pytest.raises(exc.InvalidResponseError) as info:
            _ = page.results[0].title
        assert "results.1.created" in info.value.server_message
        assert info.value.request is not None and "/api/documents/" in info.value.request.url
        with pytest.raises(exc.InvalidResponseError):  # and again: nothing was half-filled
            _ = page.results[0].title


async def test_search_pages_are_decoded_for_their_ranks(
    mock_server: MockServer, make_client: MakeClient
) -> None:
    sample = mock_server.add_sample("documents_search_query")
    async with make_client() as paperless:
        assert "query=invoice+stadtwerke" in sample["request"]["url"]
        page = await paperless.documents.filter(query="invoice stadtwerke").page(1, page_size=5)
        docs = page.results  # (the mock answers every page alike: one page is enough)
        assert docs and all(not _is_lazy(d) for d in docs)
        assert [d.search_hit.rank for d in docs if d.search_hit] == list(range(1, len(docs) + 1))
