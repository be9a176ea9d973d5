"""The details tab: every field of a document, custom fields rendered by type, links you can follow."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from paperless_tui.app.models.lookups import Lookups
from paperless_tui.app.safe_text import clean
from paperless_tui.app.widgets.field_values import custom_field_text, linked_ids

LABEL_WIDTH = 16


def _when(value: Any) -> str:
    if value is None:
        return "—"
    if hasattr(value, "isoformat"):
        text = value.isoformat(sep=" ", timespec="minutes") if hasattr(value, "hour") else value.isoformat()
        return clean(text)
    return clean(value)


def detail_lines(doc: Any, lookups: Lookups, linked_titles: dict[int, str]) -> list[tuple[str, str]]:
    """(label, value) pairs for every field of `doc` (a client `Document`); values are cleaned."""
    tags = ", ".join(lookups.tag_name(t) for t in doc.tags or ()) or "—"
    versions = doc.versions or []
    lines = [
        ("Title", clean(doc.title) or "(untitled)"),
        ("ID", str(doc.id)),
        ("Created", _when(doc.created)),
        ("Added", _when(doc.added)),
        ("Modified", _when(doc.modified)),
        ("ASN", str(doc.archive_serial_number) if doc.archive_serial_number is not None else "—"),
        ("Correspondent", lookups.correspondent(doc.correspondent) or "—"),
        ("Document type", lookups.document_type(doc.document_type) or "—"),
        ("Storage path", lookups.storage_path(doc.storage_path) or "—"),
        ("Tags", tags),
        ("Owner", lookups.user(doc.owner) or "—"),
        ("Pages", str(doc.page_count) if doc.page_count is not None else "—"),
        ("File type", clean(doc.mime_type) or "—"),
        ("Original file", clean(doc.original_file_name) or "—"),
        ("Archive file", clean(doc.archived_file_name) or "none (the original is served)"),
        ("Versions", str(len(versions)) if versions else "1"),
        ("Notes", str(len(doc.note_list or ()))),
    ]
    if doc.deleted_at is not None:
        lines.append(("In trash since", _when(doc.deleted_at)))
    for duplicate in doc.duplicate_documents or ():
        lines.append(("Duplicate of", f"#{duplicate.id} {clean(duplicate.title)}"))
    for value in doc.custom_fields or ():
        info = lookups.custom_fields.get(value.field)
        name = info.name if info is not None else f"Field #{value.field}"
        lines.append((name, custom_field_text(value.value, info, linked_titles)))
    return lines


def details_content(lines: list[tuple[str, str]]) -> Content:
    """The pairs as aligned, inert text with bold labels."""
    parts: list[Content] = []
    for label, value in lines:
        indent = " " * (LABEL_WIDTH + 1)
        value_text = value.replace("\n", "\n" + indent)
        parts.append(Content(label.ljust(LABEL_WIDTH)).stylize("bold") + Content(" " + value_text))
    return Content("\n").join(parts)


class DocumentDetails(VerticalScroll):
    """Shows `document` with names from `lookups`; document links are listed to follow with enter."""

    document: var[Any] = var(None)
    lookups: var[Lookups] = var(Lookups)
    linked_titles: var[dict[int, str]] = var(dict)

    class LinkFollowed(Message):
        """The user chose a linked document."""

        def __init__(self, doc_id: int) -> None:
            super().__init__()
            self.doc_id = doc_id

    def compose(self) -> ComposeResult:
        yield Static(Content("Loading…"), id="details-text")
        yield Static(Content("Linked documents (enter opens):"), id="details-links-title")
        yield OptionList(id="details-links")

    def on_mount(self) -> None:
        self._render_details()

    def watch_document(self) -> None:
        self._render_details()

    def watch_lookups(self) -> None:
        self._render_details()

    def watch_linked_titles(self) -> None:
        self._render_details()

    def _render_details(self) -> None:
        if not self.is_mounted or self.document is None:
            return
        doc = self.document
        self.query_one("#details-text", Static).update(
            details_content(detail_lines(doc, self.lookups, self.linked_titles))
        )
        links: list[Option] = []
        for value in doc.custom_fields or ():
            info = self.lookups.custom_fields.get(value.field)
            if info is None or info.data_type != "documentlink":
                continue
            for target in linked_ids(value.value):
                title = self.linked_titles.get(target, f"document #{target}")
                links.append(Option(Content(f"→ {info.name}: {title}"), id=str(target)))
        options = self.query_one("#details-links", OptionList)
        options.clear_options()
        options.add_options(links)
        if links:
            options.highlighted = 0
        options.display = bool(links)
        self.query_one("#details-links-title", Static).display = bool(links)

    @on(OptionList.OptionSelected, "#details-links")
    def _follow(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None and event.option.id.isdigit():
            self.post_message(self.LinkFollowed(int(event.option.id)))
