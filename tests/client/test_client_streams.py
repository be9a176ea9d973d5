"""Streamed downloads (``documents.stream_download``): chunks as they arrive, progress against the
Content-Length, errors before and during the body, and an early exit that frees the connection."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from recorded import BASE, TOKEN, load_sample, response_of

from paperless_tui.client import FileStream, Paperless
from paperless_tui.client import exceptions as exc

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 1024  # 256 KiB and a bit


class Body(httpx.AsyncByteStream):
    """A body sent in 16 KiB chunks; optionally failing after `fail_after` chunks. Remembers closing."""

    def __init__(self, data: bytes, fail_after: int | None = None) -> None:
        self.data = data
        self.fail_after = fail_after
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for n, start in enumerate(range(0, len(self.data), 16 * 1024)):
            if self.fail_after is not None and n == self.fail_after:
                raise httpx.ReadError("connection reset by peer")
            yield self.data[start : start + 16 * 1024]

    async def aclose(self) -> None:
        self.closed = True


def file_response(body: Body, *, length: bool = True) -> httpx.Response:
    headers = {
        "content-type": "application/pdf",
        "content-disposition": 'attachment; filename="../../etc/report 2024.pdf"',
    }
    if length:
        headers["content-length"] = str(len(body.data))
    return httpx.Response(200, headers=headers, stream=body)


def client_for(handler) -> Paperless:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url=BASE)
    return Paperless(BASE, TOKEN, client=http, backoff=0.001)


async def receive(stream: FileStream) -> tuple[bytes, list[int]]:
    parts, progress = [], []
    async for chunk in stream:
        parts.append(chunk)
        progress.append(stream.received)
    return b"".join(parts), progress


async def test_chunks_and_progress_add_up_to_the_file() -> None:
    body = Body(PDF)
    paperless = client_for(lambda request: file_response(body))
    try:
        async with paperless.documents.stream_download(7, original=True) as stream:
            assert stream.total == len(PDF) and stream.received == 0 and stream.fraction == 0
            assert stream.content_type == "application/pdf" and stream.original and stream.id == 7
            assert stream.disposition_filename == "report 2024.pdf"  # no directory parts
            data, progress = await receive(stream)
            assert stream.fraction == 1.0
        assert data == PDF
        assert len(progress) >= 4 and progress == sorted(progress) and progress[-1] == len(PDF)
        assert body.closed
    finally:
        await paperless.close()


async def test_size_unknown_without_content_length() -> None:
    body = Body(PDF)
    paperless = client_for(lambda request: file_response(body, length=False))
    try:
        async with paperless.documents.stream_download(7) as stream:
            assert stream.total is None and stream.fraction is None
            data, _ = await receive(stream)
        assert data == PDF
    finally:
        await paperless.close()


async def test_leaving_early_closes_the_transfer() -> None:
    body = Body(PDF)
    paperless = client_for(lambda request: file_response(body))
    try:
        async with paperless.documents.stream_download(7) as stream:
            async for _chunk in stream:
                break
            assert stream.received < len(PDF)
        assert body.closed
    finally:
        await paperless.close()


async def test_a_connection_lost_mid_file_is_a_client_error() -> None:
    body = Body(PDF, fail_after=3)
    paperless = client_for(lambda request: file_response(body))
    try:
        with pytest.raises(exc.PaperlessConnectionError) as caught:
            async with paperless.documents.stream_download(7) as stream:
                await receive(stream)
        assert "ReadError" in caught.value.human and TOKEN not in caught.value.human
        assert body.closed
    finally:
        await paperless.close()


async def test_errors_before_the_body_raise_on_entering() -> None:
    sample = load_sample("document_download_missing_404")
    paperless = client_for(lambda request: response_of(sample))
    try:
        with pytest.raises(exc.NotFoundError) as caught:
            async with paperless.documents.stream_download(999_999):
                pytest.fail("no stream for a missing document")
        assert caught.value.status == 404 and caught.value.server_message == "Not found."
    finally:
        await paperless.close()


async def test_a_503_before_the_body_is_retried() -> None:
    body = Body(PDF)
    answers = [httpx.Response(503, text="busy"), None]
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        answer = answers.pop(0)
        return answer if answer is not None else file_response(body)

    paperless = client_for(handler)
    try:
        async with paperless.documents.stream_download(7) as stream:
            data, _ = await receive(stream)
        assert data == PDF and seen == ["/api/documents/7/download/"] * 2
    finally:
        await paperless.close()
