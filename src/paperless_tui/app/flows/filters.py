"""Filter, saved-view and sort flows of the search screen, as straight code.

Each flow is a coroutine run inside a worker of the screen: it awaits the pickers and prompts it
needs (`push_screen_wait`) one after the other, and returns the new search state, or None when the
user cancelled at any step. Nothing here touches the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from textual.app import App

from paperless_tui.app.dialogs.picker import PickerDialog
from paperless_tui.app.dialogs.prompt import PromptDialog
from paperless_tui.app.models.lookups import CustomFieldInfo, Lookups
from paperless_tui.app.models.search_state import (
    DATE_BOUNDS,
    Chip,
    SearchState,
    correspondent_chip,
    custom_field_chip,
    date_chip,
    document_type_chip,
    inbox_chip,
    orderings,
    saved_view_chip,
    saved_view_ordering,
    storage_path_chip,
    tag_chip,
)
from paperless_tui.app.safe_text import clean

ISO_DAY = r"\d{4}-\d{2}-\d{2}"

FILTER_KINDS: tuple[tuple[str, str], ...] = (
    ("view", "Saved view…"),
    ("inbox", "Inbox"),
    ("tag", "Tag…"),
    ("correspondent", "Correspondent…"),
    ("document_type", "Document type…"),
    ("storage_path", "Storage path…"),
    *((kind, f"{label}…") for kind, (label, _) in DATE_BOUNDS.items()),
    ("custom_field", "Custom field…"),
)


def with_saved_view(state: SearchState, view: Any) -> SearchState:
    """Saved view `view` (its rules and its sort) in place of the current query and filters, as the
    web UI runs it."""
    return SearchState(chips=(saved_view_chip(view),), ordering=saved_view_ordering(view))


async def pick_saved_view(app: App[Any], state: SearchState, views: Sequence[Any]) -> SearchState | None:
    """Choose one of `views`."""
    items = [(str(view.id), clean(view.name)) for view in views]
    value = await app.push_screen_wait(PickerDialog("Saved view", items))
    chosen = next((view for view in views if value is not None and str(view.id) == value), None)
    return with_saved_view(state, chosen) if chosen is not None else None


async def add_filter(
    app: App[Any], state: SearchState, lookups: Lookups, views: Sequence[Any]
) -> SearchState | None:
    """Choose a kind of filter, then its value."""
    kind = await app.push_screen_wait(PickerDialog("Add a filter", list(FILTER_KINDS)))
    if kind is None:
        return None
    if kind == "view":
        if not views:
            app.notify("No saved views (yet).", markup=False, timeout=3)
            return None
        return await pick_saved_view(app, state, views)
    if kind == "inbox":
        return state.with_chip(inbox_chip())
    chip: Chip | None
    if kind == "custom_field":
        chip = await _custom_field_chip(app, lookups)
    elif kind in DATE_BOUNDS:
        label = DATE_BOUNDS[kind][0]
        prompt = PromptDialog(label, placeholder="YYYY-MM-DD", pattern=ISO_DAY, hint="Use YYYY-MM-DD.")
        day = await app.push_screen_wait(prompt)
        chip = date_chip(kind, day) if day else None
    else:
        chip = await _object_chip(app, kind, lookups)
    return state.with_chip(chip) if chip is not None else None


async def _object_chip(app: App[Any], kind: str, lookups: Lookups) -> Chip | None:
    tables: dict[str, tuple[str, dict[int, str], Callable[[int, Lookups], Chip]]] = {
        "tag": ("Tag", {t.id: t.name for t in lookups.tags.values()}, tag_chip),
        "correspondent": ("Correspondent", dict(lookups.correspondents), correspondent_chip),
        "document_type": ("Document type", dict(lookups.document_types), document_type_chip),
        "storage_path": ("Storage path", dict(lookups.storage_paths), storage_path_chip),
    }
    title, names, make_chip = tables[kind]
    items = sorted(((str(i), name) for i, name in names.items()), key=lambda item: item[1].casefold())
    value = await app.push_screen_wait(PickerDialog(title, items))
    if value is None or not value.isdigit():
        return None
    return make_chip(int(value), lookups)


async def _custom_field_chip(app: App[Any], lookups: Lookups) -> Chip | None:
    fields: dict[str, CustomFieldInfo] = {
        str(f.id): f for f in lookups.custom_fields.values() if f.data_type != "documentlink"
    }
    items = [(key, f"{f.name} ({f.data_type})") for key, f in fields.items()]
    key = await app.push_screen_wait(PickerDialog("Custom field", items))
    field = fields.get(key or "")
    if field is None:
        return None
    if field.data_type == "select":
        option = await app.push_screen_wait(PickerDialog(field.name, list(field.options.items())))
        if option is None:
            return None
        return custom_field_chip(field, option, field.options.get(option, option))
    hint = "Text matches anywhere in the value." if field.data_type in ("string", "longtext") else ""
    value = await app.push_screen_wait(PromptDialog(f"{field.name} is…", hint=hint))
    return custom_field_chip(field, value) if value else None


async def pick_sort(app: App[Any], state: SearchState, lookups: Lookups) -> SearchState | None:
    """Choose the sort field (the direction is kept; dates sort newest first)."""
    items = list(orderings(lookups))
    if state.is_search:  # a full-text query or more-like-this: back to ranking by relevance
        items.insert(0, ("", "Relevance"))
    value = await app.push_screen_wait(PickerDialog("Sort by", items))
    if value is None:
        return None
    current = state.ordering or ""
    descending = current.startswith("-") if current else value in ("created", "added", "modified")
    ordering = (f"-{value}" if descending else value) if value else None
    return replace(state, ordering=ordering)
