"""Picker flows shared by triage, the edit form and uploads: ask, create a new name if asked, answer.

`pick_value` asks for a correspondent, document type or storage path with the `ChoicePicker`,
creates the typed name on the server when the user chose "create", and answers the id (None for
"clear", `CANCELLED` when the user backed out or the new name could not be made). `pick_tags` asks
with the `TagPicker` and answers the tags to add and to remove, new ones created. Both are awaited
from a worker in the "flow" group. A failure to create a name is reported and changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from paperless_tui.app.application import PaperlessApp


class _Cancelled:
    def __repr__(self) -> str:
        return "CANCELLED"


CANCELLED: Final = _Cancelled()

#: field -> (words, the Lookups table, the client's service)
FIELDS: dict[str, tuple[str, str, str]] = {
    "correspondent": ("correspondent", "correspondents", "correspondents"),
    "document_type": ("document type", "document_types", "document_types"),
    "storage_path": ("storage path", "storage_paths", "storage_paths"),
}


def sorted_names(table: Mapping[int, Any]) -> list[tuple[int, str]]:
    """`(id, name)` pairs by name (a Lookups table of names or of TagInfo)."""
    pairs = [(key, value if isinstance(value, str) else value.name) for key, value in table.items()]
    return sorted(pairs, key=lambda item: item[1].casefold())


async def pick_value(
    app: PaperlessApp,
    field: str,
    title: str,
    *,
    current: int | None = None,
    counts: Mapping[int, int] | None = None,
    total: int = 1,
    suggested: Collection[int] = (),
) -> int | _Cancelled | None:
    """Ask for the `field` value; a new name is created on the server first."""
    from paperless_tui.app.dialogs.choice_picker import ChoicePicker, Cleared, Create, Picked
    from paperless_tui.client import exceptions as client_errors

    label, table_name, service_name = FIELDS[field]
    table: Mapping[int, str] = getattr(app.names, table_name)
    picked = await app.push_screen_wait(
        ChoicePicker(
            title,
            sorted_names(table),
            current=current,
            counts=counts,
            total=total,
            suggested=suggested,
            allow_create=True,
        )
    )
    if isinstance(picked, Picked):
        return picked.value
    if isinstance(picked, Cleared):
        return None
    if isinstance(picked, Create):
        service = getattr(await app.wait_for_client(), service_name)
        try:
            created: int = await service.save(service.create(name=picked.name))
        except client_errors.PaperlessError as error:
            app.report_error(error, doing=f"Creating the {label} {picked.name!r} (nothing was changed)")
            return CANCELLED
        finally:
            app.names_store.refresh()
        return created
    return CANCELLED


async def pick_tags(
    app: PaperlessApp,
    title: str,
    *,
    counts: Mapping[int, int],
    total: int,
    suggested: Collection[int] = (),
) -> tuple[set[int], set[int]] | None:
    """Ask which tags to add and remove; new tags are created first. None when nothing is to change."""
    from paperless_tui.app.dialogs.tag_picker import TagPicker
    from paperless_tui.client import exceptions as client_errors

    picked = await app.push_screen_wait(
        TagPicker(title, sorted_names(app.names.tags), counts=counts, total=total, suggested=suggested)
    )
    if picked is None or picked.empty:
        return None
    add = set(picked.add)
    if picked.create:
        paperless = await app.wait_for_client()
        made = 0
        try:
            for name in picked.create:
                add.add(await paperless.tags.save(paperless.tags.create(name=name)))
                made += 1
        except client_errors.PaperlessError as error:
            app.report_error(error, doing=f"Creating the tag {name!r} (nothing was changed)")
            return None
        finally:
            if made:
                app.names_store.refresh()
    return add, set(picked.remove)
