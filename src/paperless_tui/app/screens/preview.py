"""Full-screen page preview (`P`): the document's preview file, one page at a time.

PDF pages are rendered with pypdfium2 (PDFium, the engine in Chrome: a self-contained wheel for
every platform, permissively licensed, no poppler/ghostscript install, fast) in a thread, one page
at a time, so paging never blocks the UI; image originals are shown directly. Pages are drawn with
textual-image using the app's renderer (kitty/sixel where the terminal has them, half-cell blocks
otherwise). Rendered pages are kept in a small LRU.
"""

from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.message import Message
from textual.reactive import var
from textual.widgets import Header, Static

from paperless_tui.app.commands import bindings
from paperless_tui.app.safe_text import clean, inert
from paperless_tui.app.surface import AppScreen
from paperless_tui.app.widgets.key_footer import KeyFooter
from paperless_tui.app.widgets.thumbnail import Thumbnail, decode_image

if TYPE_CHECKING:
    pass

RENDER_SCALE = 1.5  # 108 dpi: plenty for a terminal, cheap to render
_PDFIUM_LOCK = threading.Lock()  # PDFium is not thread-safe


class PdfPages:
    """A PDF opened with pypdfium2; `render(n)` gives page `n` as a Pillow image (call in a thread)."""

    def __init__(self, data: bytes) -> None:
        import pypdfium2

        with _PDFIUM_LOCK:
            self._pdf = pypdfium2.PdfDocument(data)
            self.count = len(self._pdf)

    def render(self, index: int) -> Any:
        with _PDFIUM_LOCK:
            page = self._pdf[index]
            try:
                return page.render(scale=RENDER_SCALE).to_pil()
            finally:
                page.close()

    def close(self) -> None:
        with _PDFIUM_LOCK:
            self._pdf.close()


def is_pdf(data: bytes, content_type: str | None) -> bool:
    return data[:5] == b"%PDF-" or (content_type or "").startswith("application/pdf")


class PreviewScreen(AppScreen[None]):
    """Pages through document `doc_id`'s preview file."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("preview")

    page: var[int] = var(0)
    page_count: var[int] = var(0)
    image: var[Any] = var(None)
    status: var[str] = var("Loading the preview…")

    class Opened(Message):
        def __init__(self, pages: PdfPages | None, image: Any) -> None:
            super().__init__()
            self.pages = pages
            self.image = image

    class PageRendered(Message):
        def __init__(self, index: int, image: Any) -> None:
            super().__init__()
            self.index = index
            self.image = image

    def __init__(self, doc_id: int, title: str = "") -> None:
        super().__init__()
        self.doc_id = doc_id
        self.doc_title = title
        self._pages: PdfPages | None = None
        self._rendered: LRUCache[int, Any] = LRUCache(8)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Thumbnail(self.app.image_renderer, id="preview-page").data_bind(image=PreviewScreen.image)
        yield Static(id="preview-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = clean(self.doc_title) or f"Document #{self.doc_id}"  # the header names the document
        self._open()

    def on_unmount(self) -> None:
        if self._pages is not None:
            self._pages.close()

    def watch_status(self, status: str) -> None:
        if self.is_mounted:
            self.query_one("#preview-status", Static).update(inert(status))

    @work(exclusive=True, group="preview-open", exit_on_error=False)
    async def _open(self) -> None:
        paperless = await self.app.wait_for_client()
        preview = await paperless.documents.preview(self.doc_id)
        data = preview.content
        if is_pdf(data, preview.content_type):
            pages = await asyncio.to_thread(PdfPages, data)
            self.post_message(self.Opened(pages, None))
        else:
            image = await asyncio.to_thread(decode_image, data)
            self.post_message(self.Opened(None, image))

    @on(Opened)
    def _opened(self, message: Opened) -> None:
        self._pages = message.pages
        if message.pages is None:
            self.page_count = 1
            self._rendered.set(0, message.image)
        else:
            self.page_count = message.pages.count
        self._show(0)

    def _show(self, index: int) -> None:
        self.page = index
        self.status = f"Page {index + 1} of {self.page_count}"
        cached = self._rendered.get(index)
        if cached is not None:
            self.image = cached
        elif self._pages is not None:
            self.status += " · rendering…"
            self._render_page(index)

    @work(exclusive=True, group="preview-render", exit_on_error=False)
    async def _render_page(self, index: int) -> None:
        pages = self._pages
        if pages is None:
            return
        image = await asyncio.to_thread(pages.render, index)
        self.post_message(self.PageRendered(index, image))

    @on(PageRendered)
    def _page_rendered(self, message: PageRendered) -> None:
        self._rendered.set(message.index, message.image)
        if message.index == self.page:
            self.image = message.image
            self.status = f"Page {self.page + 1} of {self.page_count}"

    def action_page(self, step: int) -> None:
        if self.page_count:
            self._show(max(0, min(self.page_count - 1, self.page + step)))

    def action_first(self) -> None:
        if self.page_count:
            self._show(0)

    def action_last(self) -> None:
        if self.page_count:
            self._show(self.page_count - 1)

    def action_back(self) -> None:
        self.dismiss(None)
