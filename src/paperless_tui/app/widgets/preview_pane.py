"""The preview pane beside the results: the highlighted document's thumbnail and key metadata."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.widgets import Static

from paperless_tui.app.models.lookups import Lookups
from paperless_tui.app.models.result_set import ResultRow
from paperless_tui.app.widgets.thumbnail import Thumbnail


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


class PreviewPane(VerticalScroll):
    """Bound to the search screen's highlighted row, lookups and thumbnail image."""

    row: var[ResultRow | None] = var(None)
    lookups: var[Lookups] = var(Lookups)
    image: var[Any] = var(None)
    fetching: var[bool] = var(False)

    def __init__(self, renderer: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.renderer = renderer

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

    def watch_row(self) -> None:
        self._update()

    def watch_lookups(self) -> None:
        self._update()

    def watch_image(self) -> None:
        self._update()

    def watch_fetching(self) -> None:
        self._update()
