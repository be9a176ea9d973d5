"""A document thumbnail drawn with textual-image, using the renderer the user chose.

textual-image's widgets are imported only when the first image is shown (~100 ms), so start-up stays
fast; the terminal detection they rely on (`auto`: sixel, kitty or half cells) ran before the app took
over the terminal (see `app.run`). `--image-renderer none` shows a text note instead.

textual-image asks the terminal about itself when imported (device attributes, kitty graphics, the
cell size in pixels) unless that was done before the app started: with Textual reading stdin, the
answers (`ESC[?62;4c`, ...) would be read as keys (`?` opened the help) and the import would wait for
them. So before the first import here its terminal queries are turned off: what is not known by then
is what it assumes without an answer (half cells; the ioctl's cell size, else 10×20 pixels).
"""

from __future__ import annotations

import io
import logging
import sys
from typing import Any, NoReturn

from textual.app import ComposeResult
from textual.containers import Container
from textual.content import Content
from textual.reactive import var
from textual.widgets import Static

RENDERERS = ("auto", "kitty", "sixel", "halfcell", "unicode", "none")


def image_widget_class(renderer: str) -> type[Any] | None:
    """The textual-image widget class for `renderer` (None for "none")."""
    if renderer == "none":
        return None
    no_terminal_queries()
    from textual_image import widget as image_widgets  # lazy: see the module docstring

    return {
        "kitty": image_widgets.TGPImage,
        "sixel": image_widgets.SixelImage,
        "halfcell": image_widgets.HalfcellImage,
        "unicode": image_widgets.UnicodeImage,
    }.get(renderer, image_widgets.Image)


def no_terminal_queries() -> None:
    """Make textual-image's terminal queries fail at once, without writing or reading anything (the app
    owns the terminal now: see the module docstring). Its failed queries log warnings: not on screen."""
    from textual_image import _terminal

    def refuse(*args: Any, **kwargs: Any) -> NoReturn:
        raise _terminal.TerminalError("the app is running: the terminal is not asked")

    logging.getLogger("textual_image").addHandler(logging.NullHandler())
    _terminal.capture_terminal_response = refuse
    for name in ("textual_image.renderable.sixel", "textual_image.renderable.tgp"):
        module = sys.modules.get(name)  # imported before the app ran (the probe): it holds its own name
        if module is not None:
            module.capture_terminal_response = refuse  # type: ignore[attr-defined]


def decode_image(data: bytes) -> Any:
    """Decode image bytes with Pillow (call from a thread worker: it is CPU work)."""
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def fit_cells(pixels: tuple[int, int], space: tuple[int, int], cell: tuple[int, int]) -> tuple[int, int]:
    """The largest (columns, rows) an image of `pixels` (width, height) takes in `space` (columns, rows)
    with its aspect ratio kept, for terminal cells of `cell` (width, height) pixels."""
    (width, height), (columns, rows), (cell_width, cell_height) = pixels, space, cell
    if min(width, height, columns, rows, cell_width, cell_height) <= 0:
        return 0, 0
    ratio = (width / cell_width) / (height / cell_height)  # the image's width per height, in cells
    if columns / rows > ratio:  # the space is wider than the image: the height decides
        return max(1, min(columns, round(rows * ratio))), rows
    return columns, max(1, min(rows, round(columns / ratio)))


class Thumbnail(Container):
    """Shows `image` (a decoded Pillow image), as large as its own size allows with the aspect ratio
    kept (give it a height: `1fr`, say), or a short text when there is none."""

    DEFAULT_CSS = """
    Thumbnail { height: auto; min-height: 3; }
    Thumbnail > .thumbnail-note { color: $text-muted; }
    Thumbnail > .thumbnail-note.-empty { display: none; }
    """

    image: var[Any] = var(None)
    note: var[str] = var("")

    def __init__(self, renderer: str = "auto", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.renderer = renderer if renderer in RENDERERS else "auto"
        self._widget: Any = None

    def compose(self) -> ComposeResult:
        yield Static(
            Content(self.note), classes="thumbnail-note -empty" if not self.note else "thumbnail-note"
        )

    def watch_note(self, note: str) -> None:
        if self.is_mounted:
            field = self.query_one(".thumbnail-note", Static)
            field.update(Content(note))
            field.set_class(not note, "-empty")
            self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Size the image widget to the space left under the note, keeping the image's aspect ratio."""
        widget, image = self._widget, self.image
        if widget is None or image is None:
            return
        from textual_image._terminal import get_cell_size  # imported with the widgets (no query)

        note = self.query_one(".thumbnail-note", Static)
        rows = self.content_size.height - (note.outer_size.height if note.display and self.note else 0)
        cell = get_cell_size()
        columns, rows = fit_cells(image.size, (self.content_size.width, rows), (cell.width, cell.height))
        if columns and rows:
            widget.styles.width, widget.styles.height = columns, rows

    def watch_image(self, image: Any) -> None:
        if not self.is_mounted:
            return
        if image is None:
            if self._widget is not None:
                self._widget.display = False
            return
        widget_class = image_widget_class(self.renderer)
        if widget_class is None:
            self.note = "(images are off: --image-renderer none)"
            return
        if self._widget is None:
            self._widget = widget_class(image, classes="thumbnail-image")
            self.mount(self._widget)
        else:
            self._widget.image = image
            self._widget.display = True
        self._fit()
