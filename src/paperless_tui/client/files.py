"""Streamed file downloads: :class:`FileStream`, what ``paperless.documents.stream_download()`` yields.

A file is read in chunks as it arrives instead of all at once, so a caller can write it to disk as it
comes, show progress (bytes received against the ``Content-Length``, when the server sends one) and
stop half-way (leaving the ``async with`` block closes the connection)::

    async with paperless.documents.stream_download(42, original=True) as stream:
        with open(chosen_path, "wb") as out:        # the caller picks the path, not the server
            async for chunk in stream:
                out.write(chunk)
                print(stream.received, "of", stream.total)
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from .transport import iter_body

__all__ = ["FileStream"]


class FileStream:
    """A document file being received: the response headers' facts, then the body chunk by chunk.

    ``disposition_filename`` is the server's suggested name reduced to a bare name (no directory
    parts); still untrusted text, to be sanitised before it names a file.
    """

    def __init__(
        self,
        response: httpx.Response,
        *,
        id: int,
        mode: str,
        original: bool,
        disposition_type: str | None,
        disposition_filename: str | None,
        chunk_size: int | None = None,
    ) -> None:
        self._response = response
        self.id = id
        self.mode = mode
        self.original = original
        self.content_type: str | None = response.headers.get("content-type")
        self.disposition_type = disposition_type
        self.disposition_filename = disposition_filename
        self.chunk_size = chunk_size
        length = response.headers.get("content-length", "")
        #: Bytes the server said it would send (``Content-Length``), or None when it did not say.
        self.total: int | None = int(length) if length.isdigit() else None

    def __repr__(self) -> str:
        return f"FileStream(id={self.id}, mode={self.mode!r}, received={self.received}, total={self.total})"

    @property
    def received(self) -> int:
        """Bytes received so far, as sent (compressed if the server compressed them): comparable with
        :attr:`total`."""
        return self._response.num_bytes_downloaded

    @property
    def fraction(self) -> float | None:
        """Share of the file received (0..1), or None when the size is unknown."""
        if not self.total:
            return None
        return min(1.0, self.received / self.total)

    def __aiter__(self) -> AsyncIterator[bytes]:
        """The file's bytes (decoded), chunk by chunk (as they arrive, or of ``chunk_size`` bytes);
        connection failures raise the client's errors."""
        return iter_body(self._response, self.chunk_size)
