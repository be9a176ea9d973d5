"""The bulk panel under the results: how many documents are marked, where each tag, correspondent,
type and storage path is over them (on all, on some with the count, on none), and the action keys.

It only renders what the screen binds into it (`summary`, a `marks.Summary`, and `lookups`); the
screen fetches the values of marked documents that are not loaded. Names are server text: shown
inert, inside `Content`, never as markup.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from paperless_tui.app.models.lookups import Lookups
from paperless_tui.app.models.marks import Summary
from paperless_tui.app.safe_text import clean

KEYS = (
    ("t", "tags"),
    ("c", "correspondent"),
    ("d", "type"),
    ("s", "storage path"),
    ("a", "actions"),
    ("u", "undo"),
    ("H", "history"),
    ("U", "clear marks"),
    ("b", "hide"),
)

MAX_NAMES = 8


def where(count: int, total: int) -> str:
    return "all" if count >= total else f"{count} of {total}"


class BulkPanel(Static):
    """What a bulk change will act on."""

    DEFAULT_CSS = """
    BulkPanel {
        height: auto;
        max-height: 9;
        padding: 0 1;
        background: $panel;
        border-top: solid $secondary;
    }
    """

    summary: reactive[Summary | None] = reactive(None, always_update=True)
    lookups: reactive[Lookups] = reactive(Lookups, always_update=True)

    def render(self) -> Content:
        summary = self.summary
        keys = Content(" · ").join(
            Content.assemble((key, "bold $text-accent"), f" {label}") for key, label in KEYS
        )
        if summary is None or not summary.total:
            return Content.assemble(
                ("Nothing marked", "bold"), " — the keys act on the highlighted document. ", keys
            )
        head = Content.assemble((f"{summary.total:,} marked", "bold $text-secondary"))
        if not summary.complete:
            head += Content(f" (counting… {summary.known:,} known)")
        lines = [head + Content("  ") + keys]
        lookups = self.lookups
        tags = {lookups.tag_name(tag): count for tag, count in summary.tags.items()}
        lines.append(self._line("Tags", tags, summary.known, none_word="no tags"))
        for label, table, name_of in (
            ("Correspondent", summary.correspondents, lookups.correspondent),
            ("Type", summary.document_types, lookups.document_type),
            ("Storage path", summary.storage_paths, lookups.storage_path),
        ):
            named = {(name_of(k) if k is not None else ""): v for k, v in table.items()}
            lines.append(self._line(label, named, summary.known))
        return Content("\n").join(lines)

    @staticmethod
    def _line(label: str, counts: Mapping[str, int], total: int, *, none_word: str = "none") -> Content:
        parts: list[Content] = []
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
        for name, count in ordered[:MAX_NAMES]:
            shown = clean(name) if name else f"({none_word})"
            parts.append(Content.assemble(Content(shown), (f" {where(count, total)}", "$text-muted")))
        if len(ordered) > MAX_NAMES:
            parts.append(Content(f"+{len(ordered) - MAX_NAMES} more"))
        if not parts:
            parts.append(Content("—"))
        return Content.assemble((f"{label}: ", "bold")) + Content(" · ").join(parts)
