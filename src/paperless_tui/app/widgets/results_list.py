"""A virtual results list for 10,000-100,000 matches, built on Textual's Line API.

Only the lines on screen are rendered (`render_line`), from the `ResultSet` page cache; rendered
lines are kept in a small LRU of strips keyed by row, cursor state and width. Rows whose page is not
loaded yet show a placeholder and the list posts `PageRequested` once per missing page; the screen's
worker fetches it and updates the result set, and the list re-renders. A sticky header shows the
column titles. For full-text hits each row has a second line with the server's highlighted snippet.

The list posts `Highlighted(doc_id)` when the cursor lands on a loaded row and `Selected(doc_id)` on
`enter`. It never calls the client itself.

Marked documents (`marks`, the screen's `Marks`) get a mark column (`●`) and the marked style; the
rows of an open visual range (`V`) the range style. The mark column shows only while something is
marked or a range is open, so the list looks as before otherwise.
"""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive, var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from paperless_tui.app.commands import bindings
from paperless_tui.app.models.lookups import Lookups
from paperless_tui.app.models.marks import Marks
from paperless_tui.app.models.result_set import ResultRow, ResultSet
from paperless_tui.app.widgets.tag_style import tag_chip_style_on

ELLIPSIS = "…"

# Column keys in display order, with their header titles.
HEADERS: dict[str, str] = {
    "asn": "ASN",
    "created": "Created",
    "title": "Title",
    "correspondent": "Correspondent",
    "document_type": "Type",
    "tags": "Tags",
    "notes": "✎",
    "score": "Score",
}


_RIGHT = frozenset({"asn", "notes", "score"})


@lru_cache(maxsize=64)
def column_layout(width: int, has_hits: bool) -> tuple[tuple[str, int], ...]:
    """Widths of the visible columns for a list `width` cells wide (one-cell gaps between columns)."""
    fixed: list[tuple[str, int]] = [("asn", 5), ("created", 10)]
    tail: list[tuple[str, int]] = [("notes", 2)]
    if has_hits:
        tail.append(("score", 5))
    flexible = ["title", "correspondent", "document_type", "tags"]
    if width < 100:
        flexible.remove("document_type")
    if width < 72:
        flexible.remove("correspondent")
    if width < 56:
        fixed = [("created", 10)]
        tail = [("score", 5)] if has_hits else []
    columns = len(fixed) + len(tail) + len(flexible)
    remaining = width - sum(w for _, w in fixed) - sum(w for _, w in tail) - (columns - 1)
    shares = {"title": 0.44, "correspondent": 0.2, "document_type": 0.14, "tags": 0.22}
    total_share = sum(shares[key] for key in flexible)
    sizes = {key: max(4, int(remaining * shares[key] / total_share)) for key in flexible}
    sizes["title"] += max(0, remaining - sum(sizes.values()))
    return (*fixed, *((key, sizes[key]) for key in flexible), *tail)


def fit(text: str, width: int) -> str:
    """`text` padded or cut (with an ellipsis) to exactly `width` cells."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + ELLIPSIS
    return set_cell_size(text, width)


class ResultsList(ScrollView, can_focus=True, inherit_bindings=False):
    """Scrollable, lazily paged list of documents with a cursor."""

    DEFAULT_CSS = """
    ResultsList {
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        & > .results-list--header { text-style: bold; color: $text-primary; background: $panel; }
        & > .results-list--cursor { background: $block-cursor-blurred-background; }
        &:focus > .results-list--cursor {
            background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
        }
        & > .results-list--dim { color: $text-muted; }
        & > .results-list--placeholder { color: $text-disabled; text-style: italic; }
        & > .results-list--error { color: $text-error; }
        & > .results-list--match { color: $text-accent; text-style: bold; }
        & > .results-list--tag { background: $boost; color: $text; }
        & > .results-list--marked { background: $secondary-muted; }
        & > .results-list--range { background: $primary-muted; }
        & > .results-list--mark { color: $text-secondary; text-style: bold; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "results-list--header",
        "results-list--cursor",
        "results-list--dim",
        "results-list--placeholder",
        "results-list--error",
        "results-list--match",
        "results-list--tag",
        "results-list--marked",
        "results-list--range",
        "results-list--mark",
    }

    BINDINGS: ClassVar[list[BindingType]] = bindings("results")

    class Highlighted(Message):
        """The cursor is on a loaded row."""

        def __init__(self, doc_id: int, index: int) -> None:
            super().__init__()
            self.doc_id = doc_id
            self.index = index

    class Selected(Message):
        """`enter` on a loaded row: open this document."""

        def __init__(self, doc_id: int, index: int) -> None:
            super().__init__()
            self.doc_id = doc_id
            self.index = index

    class PageRequested(Message):
        """A visible row needs `page` (0-based) of result set `generation`."""

        def __init__(self, generation: int, page: int) -> None:
            super().__init__()
            self.generation = generation
            self.page = page

    result_set: var[ResultSet | None] = var(None, always_update=True)
    """The rows to show; None while the first answer is awaited. Mutations re-render."""

    lookups: var[Lookups] = var(Lookups, always_update=True)
    """Names and colours for ids."""

    cursor: reactive[int] = reactive(0, repaint=False)
    """Index of the row under the cursor."""

    marks: var[Marks | None] = var(None, always_update=True)
    """The marked documents (and the visual range's anchor); None: marking is not offered."""

    empty_text: var[str] = var("No documents match.")
    """What an empty result set says."""

    loading_text: var[str] = var("Loading…")

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._strips: LRUCache[tuple[object, ...], tuple[ResultRow | None, Strip]] = LRUCache(512)
        self._generation = 0
        self._announced: tuple[int, int] | None = None
        self._wanted: list[tuple[int, int]] = []
        self._asked: set[tuple[int, int]] = set()  # pages asked for since the results last changed
        self._style_palette: dict[str, Style] | None = None

    # ----------------------------------------------------------------- geometry

    @property
    def row_height(self) -> int:
        result_set = self.result_set
        return 2 if result_set is not None and result_set.has_hits else 1

    @property
    def row_count(self) -> int:
        return self.result_set.total if self.result_set is not None else 0

    @property
    def visible_rows(self) -> int:
        """How many whole rows fit below the header."""
        return max(1, (self.scrollable_content_region.height - 1) // self.row_height)

    @property
    def highlighted_row(self) -> ResultRow | None:
        result_set = self.result_set
        if result_set is None or not result_set.total:
            return None
        return result_set.row(self.cursor)

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count * self.row_height + 1)

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self._update_virtual_size()
        self._scroll_cursor_into_view()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_palette = None
        self._strips.clear()

    def on_focus(self) -> None:
        self._style_palette = None
        self._strips.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._style_palette = None
        self._strips.clear()
        self.refresh()

    # ----------------------------------------------------------------- watchers

    def watch_result_set(self, result_set: ResultSet | None) -> None:
        self._strips.clear()
        self._asked.clear()  # the owner has answered (or marked) what was asked
        generation = result_set.generation if result_set is not None else 0
        if generation != self._generation:
            self._generation = generation
            if result_set is None or not result_set.keep_position:
                self.set_reactive(ResultsList.cursor, 0)
                self.scroll_to(y=0, animate=False, immediate=True)
            self._announced = None
        if result_set is not None and result_set.total:
            self.set_reactive(ResultsList.cursor, min(self.cursor, result_set.total - 1))
        self._update_virtual_size()
        self._scroll_cursor_into_view()
        self._announce()
        self.refresh()

    def watch_lookups(self) -> None:
        self._strips.clear()
        self.refresh()

    def watch_marks(self) -> None:
        self._strips.clear()
        self.refresh()

    @property
    def mark_gutter(self) -> int:
        """Cells of the mark column: 2 while something is marked or a range is open, else 0."""
        marks = self.marks
        return 2 if marks is not None and (len(marks) or marks.anchor is not None) else 0

    def watch_empty_text(self) -> None:
        self.refresh()

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.row_count - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        height = self.row_height
        self.refresh_lines(old * height + 1, height)
        self.refresh_lines(new * height + 1, height)
        self._scroll_cursor_into_view()
        self._announce()
        self._prefetch(new)
        if self.marks is not None and self.marks.anchor is not None:  # the range follows the cursor
            self._strips.clear()
            self.refresh()

    def _prefetch(self, index: int) -> None:
        """Ask for the page after (or before) the cursor's when the cursor nears its end, so holding
        `j`/`k` rarely shows placeholders."""
        result_set = self.result_set
        if result_set is None or not result_set.total:
            return
        size = result_set.page_size
        margin = max(self.visible_rows, size // 5)
        offset = index % size
        page = result_set.page_of(index)
        neighbour = page + 1 if offset >= size - margin else page - 1 if offset < margin else None
        if neighbour is None or not 0 <= neighbour < result_set.page_count:
            return
        if (
            result_set.has_page(neighbour)
            or result_set.is_requested(neighbour)
            or result_set.is_failed(neighbour)
        ):
            return
        self._request_page(result_set.generation, neighbour)

    def refresh_lines(self, y_start: int, line_count: int = 1) -> None:
        # Virtual line -> screen line, taking the sticky header into account.
        screen_y = y_start - int(self.scroll_y)
        if screen_y + line_count <= 1 or screen_y >= self.size.height:
            return
        super().refresh_lines(y_start, line_count)

    def _scroll_cursor_into_view(self) -> None:
        if not self.is_mounted or not self.row_count:
            return
        height = self.row_height
        body = max(1, self.scrollable_content_region.height - 1)
        top = self.cursor * height
        bottom = top + height
        scroll_y = int(self.scroll_y)
        if top < scroll_y:
            target = top
        elif bottom > scroll_y + body:
            target = bottom - body
        else:
            return
        self.scroll_to(y=target, animate=False, immediate=True)

    def _announce(self) -> None:
        result_set = self.result_set
        if result_set is None or not result_set.total:
            return
        row = result_set.row(self.cursor)
        if row is None:
            return
        key = (result_set.generation, row.id)
        if key != self._announced:
            self._announced = key
            self.post_message(self.Highlighted(row.id, self.cursor))

    # ----------------------------------------------------------------- actions

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.row_count - 1

    def action_page_down(self) -> None:
        self.cursor += self.visible_rows

    def action_page_up(self) -> None:
        self.cursor -= self.visible_rows

    def action_half_page_down(self) -> None:
        self.cursor += max(1, self.visible_rows // 2)

    def action_half_page_up(self) -> None:
        self.cursor -= max(1, self.visible_rows // 2)

    def action_select(self) -> None:
        row = self.highlighted_row
        if row is not None:
            self.post_message(self.Selected(row.id, self.cursor))

    async def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        index = (offset.y - 1 + int(self.scroll_y)) // self.row_height
        if 0 <= index < self.row_count:
            if index == self.cursor and event.chain > 1:
                self.action_select()
            self.cursor = index

    # ----------------------------------------------------------------- rendering

    def _palette(self) -> dict[str, Style]:
        """Styles used to draw rows, computed once per style change (focus, theme, CSS)."""
        palette = self._style_palette
        if palette is None:
            base = self.rich_style
            cursor = base + self.get_component_rich_style("results-list--cursor")
            palette = {"base": base, "cursor": cursor}
            for kind in ("marked", "range"):
                palette[kind] = base + self.get_component_rich_style(f"results-list--{kind}")
            for name in ("header", "dim", "placeholder", "error", "match", "tag", "mark"):
                component = self.get_component_rich_style(f"results-list--{name}")
                palette[name] = base + component
                palette[f"cursor-{name}"] = cursor + component
                for kind in ("marked", "range"):
                    palette[f"{kind}-{name}"] = palette[kind] + component
            palette["cursor-dim"] = cursor
            self._style_palette = palette
        return palette

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        palette = self._palette()
        if y == 0:
            return self._render_header(width, palette)
        result_set = self.result_set
        if result_set is None or not result_set.total:
            if y != 1:
                return Strip.blank(width, palette["base"])
            text = self.loading_text if result_set is None else self.empty_text
            return Strip([Segment(fit(" " + text, width), palette["placeholder"])], width)
        virtual_y = int(self.scroll_y) + y - 1
        height = self.row_height
        index, line = divmod(virtual_y, height)
        if index >= result_set.total:
            return Strip.blank(width, palette["base"])
        page = result_set.page_of(index)
        row = result_set.row(index)
        if row is None and result_set.needs(index) is not None:
            self._request_page(result_set.generation, page)
        is_cursor = index == self.cursor
        marks = self.marks
        gutter = self.mark_gutter
        marked = row is not None and marks is not None and row.id in marks
        in_range = marks is not None and marks.in_range(index, self.cursor)
        key = (result_set.generation, index, line, is_cursor, width, gutter, marked, in_range)
        cached = self._strips.get(key)
        if cached is not None and cached[0] is row and row is not None:
            return cached[1]
        prefix = "cursor-" if is_cursor else "marked-" if marked else "range-" if in_range else ""
        inner = width - gutter
        if row is None:
            strip = self._render_placeholder(inner, prefix, line, result_set.is_failed(page), palette)
        elif line == 0:
            strip = self._render_row(row, inner, prefix, result_set.has_hits, palette)
        else:
            strip = self._render_snippet(row, inner, prefix, palette)
        if gutter:
            glyph = "● " if marked and line == 0 else "┃ " if in_range else "  "
            mark_style = palette[prefix + "mark"] if prefix else palette["mark"]
            strip = Strip([Segment(glyph, mark_style), *strip], width)
        self._strips.set(key, (row, strip))
        return strip

    def _request_page(self, generation: int, page: int) -> None:
        """Ask the owner of the results for `page`, once until the results change (the owner marks it
        requested when it asks the server, failed when that fails). Rendering runs in the screen's
        context; a message created there would not bubble past the screen (Textual stops a message at
        its sender), so it is posted from the list's own."""
        if (generation, page) in self._asked:
            return
        self._asked.add((generation, page))
        if not self._wanted:
            self.call_later(self._post_page_requests)
        self._wanted.append((generation, page))

    def _post_page_requests(self) -> None:
        wanted, self._wanted = self._wanted, []
        for generation, page in wanted:
            self.post_message(self.PageRequested(generation, page))

    def _render_header(self, width: int, palette: dict[str, Style]) -> Strip:
        style = palette["header"]
        has_hits = self.result_set is not None and self.result_set.has_hits
        gutter = self.mark_gutter
        width -= gutter
        texts = [" " * gutter] if gutter else []
        for key, column_width in column_layout(width, has_hits):
            title = HEADERS[key]
            texts.append(fit(title.rjust(column_width) if key in _RIGHT else title, column_width))
        header = (texts[0] + " ".join(texts[1:])) if gutter else " ".join(texts)
        return Strip([Segment(fit(header, width + gutter), style)], width + gutter)

    def _render_placeholder(
        self, width: int, prefix: str, line: int, failed: bool, palette: dict[str, Style]
    ) -> Strip:
        if line:
            return Strip.blank(width, palette[prefix.rstrip("-") or "base"])
        if failed:
            text, style = "  could not load this page; press r to retry", palette[prefix + "error"]
        else:
            text, style = "  ⋯ loading", palette[prefix + "placeholder"]
        return Strip([Segment(fit(text, width), style)], width)

    def _render_row(
        self, row: ResultRow, width: int, prefix: str, has_hits: bool, palette: dict[str, Style]
    ) -> Strip:
        style = palette[prefix.rstrip("-") or "base"]
        dim = palette[prefix + "dim"]
        lookups = self.lookups
        segments: list[Segment] = []
        append = segments.append
        gap = Segment(" ", style)
        for position, (key, column_width) in enumerate(column_layout(width, has_hits)):
            if position:
                append(gap)
            if key == "tags":
                segments.extend(self._tag_segments(row, column_width, style, palette[prefix + "tag"]))
            elif key == "title":
                append(Segment(fit(row.title, column_width), style))
            elif key == "created":
                append(Segment(fit(row.created, column_width), dim))
            elif key == "asn":
                append(
                    Segment(
                        fit("" if row.asn is None else str(row.asn).rjust(column_width), column_width), dim
                    )
                )
            elif key == "correspondent":  # names stay blank (not "#id") until the cache has loaded
                name = lookups.correspondent(row.correspondent) if lookups.loaded else ""
                append(Segment(fit(name, column_width), style))
            elif key == "document_type":
                name = lookups.document_type(row.document_type) if lookups.loaded else ""
                append(Segment(fit(name, column_width), style))
            elif key == "notes":
                append(Segment(str(row.notes).rjust(column_width) if row.notes else " " * column_width, dim))
            else:  # score
                score = "" if row.score is None else f"{row.score:.1f}"
                append(Segment(fit(score.rjust(column_width), column_width), dim))
        # Neighbours of one style merged: every later step (filters, crops, the compositor's cuts)
        # works per segment, about a tenth of a key's time for a full page of rows.
        return Strip(list(Segment.simplify(segments)), width)

    def _tag_segments(self, row: ResultRow, width: int, style: Style, fallback: Style) -> list[Segment]:
        """Tag chips filling exactly `width` cells; a chip that would not show on the row's background
        (the cursor's, say) is inverted (see `tag_chip_style_on`)."""
        segments: list[Segment] = []
        used = 0
        background = style.bgcolor.get_truecolor().hex if style.bgcolor is not None else None
        for tag_id in row.tags if self.lookups.loaded else ():
            room = width - used - (1 if used else 0)
            if room <= 0:
                break
            tag = self.lookups.tags.get(tag_id)
            name = tag.name if tag is not None else f"#{tag_id}"
            chip_style = tag_chip_style_on(tag.colour, background) if tag is not None else None
            if used:
                segments.append(Segment(" ", style))
                used += 1
            chip = fit(f" {name} ", min(room, cell_len(name) + 2))
            segments.append(Segment(chip, style + chip_style if chip_style else fallback))
            used += cell_len(chip)
        if used < width:
            segments.append(Segment(" " * (width - used), style))
        return segments

    def _render_snippet(self, row: ResultRow, width: int, prefix: str, palette: dict[str, Style]) -> Strip:
        style = palette[prefix.rstrip("-") or "base"]
        dim = palette[prefix + "dim"] if prefix else palette["dim"]
        match = palette[prefix + "match"]
        indent = 6 if width >= 56 else 2
        segments = [Segment(" " * indent, style)]
        used = indent
        for text, is_match in row.snippet:
            if used >= width:
                break
            part = text if cell_len(text) <= width - used else set_cell_size(text, width - used)
            segments.append(Segment(part, match if is_match else dim))
            used += cell_len(part)
        if used < width:
            segments.append(Segment(" " * (width - used), style))
        return Strip(segments, width)
