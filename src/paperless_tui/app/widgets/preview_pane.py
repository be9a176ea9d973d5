"""The preview pane beside the results: the highlighted document's thumbnail and key metadata.

It owns its thumbnails: a small LRU of decoded images and the worker that fetches the highlighted
document's (after a short pause, so holding `j` does not fetch every one) and decodes it in a thread.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from textual import getters, on, work
from textual.app import ComposeResult
from textual.cache import LRUCache
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import Static

from paperless_tui.app.application import PaperlessApp
from paperless_tui.app.models.lookups import Lookups
from paperless_tui.app.models.result_set import ResultRow
from paperless_tui.app.surface import WorkerErrors
from paperless_tui.app.widgets.thumbnail import Thumbnail, decode_image

THUMBNAIL_DEBOUNCE_SECONDS = 0.15


def row_summary(row: ResultRow | None, lookups: Lookups) -> Content:
    """Key metadata of `row` as inert text (every value was cleaned when the row was built)."""
    if row is None:
        return Content("No document highlighted.")
    lines = [row.title or "(untitled)", ""]
    lines.append(f"Created        {row.created or '—'}")
    lines.append(f"ASN            {row.asn if row.asn is not None else '—'}")
    lines.append(f"Correspondent  {lookups.correspondent(row.correspondent) or '—'}")
    lines.append(f"Type           {lookups.document_type(row.document_type) or '—'}")
    tags = ", ".join(lookups.tag_name(t) for t in row.tags) or "—"
    lines.append(f"Tags           {tags}")
    lines.append(f"Notes          {row.notes}")
    if row.score is not None:
        lines.append(f"Score          {row.score:.2f}")
    return Content("\n".join(lines)).stylize("bold", 0, len(lines[0]))


class PreviewPane(WorkerErrors, VerticalScroll):
    """Bound to the search screen's highlighted row and names; fetches the row's thumbnail itself."""

    app = getters.app(PaperlessApp)

    row: var[ResultRow | None] = var(None)
    lookups: var[Lookups] = var(Lookups)
    image: var[Any] = var(None)
    fetching: var[bool] = var(False)

    @dataclass
    class _ThumbnailLoaded(Message):
        """The decoded thumbnail (a Pillow image) of document `doc_id` (None when it has none)."""

        doc_id: int
        data: Any

    def __init__(self, renderer: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.renderer = renderer
        self._thumbnails: LRUCache[int, Any] = LRUCache(32)

    def compose(self) -> ComposeResult:
        yield Thumbnail(self.renderer, id="preview-thumbnail")
        yield Static(id="preview-meta")

    def _update(self) -> None:
        if not self.is_mounted:
            return
        self.query_one("#preview-meta", Static).update(row_summary(self.row, self.lookups))
        thumbnail = self.query_one(Thumbnail)
        thumbnail.image = self.image
        thumbnail.note = "Loading thumbnail…" if self.fetching and self.image is None else ""

    def on_mount(self) -> None:
        self._update()

    def watch_row(self, row: ResultRow | None) -> None:
        if row is not None:
            self._show_thumbnail(row.id)
        self._update()

    def _show_thumbnail(self, doc_id: int) -> None:
        cached = self._thumbnails.get(doc_id)
        if cached is not None:
            self.image = cached
            self.fetching = False
            return
        self.image = None
        self.fetching = True
        self._load_thumbnail(doc_id)

    @work(exclusive=True, group="thumbnail", exit_on_error=False)
    async def _load_thumbnail(self, doc_id: int) -> None:
        from paperless_tui.client import exceptions as client_errors

        await asyncio.sleep(THUMBNAIL_DEBOUNCE_SECONDS)
        paperless = await self.app.wait_for_client()
        try:
            thumb = await paperless.documents.thumbnail(doc_id)
        except client_errors.NotFoundError:
            self.post_message(self._ThumbnailLoaded(doc_id, None))
            return
        image = await asyncio.to_thread(decode_image, thumb.content)
        self.post_message(self._ThumbnailLoaded(doc_id, image))

    @on(_ThumbnailLoaded)
    def _thumbnail_loaded(self, message: _ThumbnailLoaded) -> None:
        if message.data is not None:
            self._thumbnails.set(message.doc_id, message.data)
        if self.row is not None and self.row.id == message.doc_id:
            self.image = message.data
            self.fetching = False

    def watch_lookups(self) -> None:
        self._update()

    def watch_image(self) -> None:
        self._update()

    def watch_fetching(self) -> None:
        self._update()
