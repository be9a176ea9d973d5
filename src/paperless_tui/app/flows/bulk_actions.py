"""The actions menu (`a`) of the search screen: what bulk edits can do besides tags and single values.

`MENU` is the table the menu shows: each entry's name (its command is `bulk_menu.<name>` in
`commands.py`, which holds its one-letter mnemonic), its label, and the flow that runs it. Adding an
action (say "email") means one `MenuEntry` here, one flow function and one command.

Each flow acts on the screen's targets (the marked documents, else the highlighted one), asks once,
saying what will happen to how many documents, before anything destructive or not undoable (trash,
merge with deleting the originals, permissions, owner), and reports its result. Custom field values
are typed (`flows/custom_value.py`, the parser shared with the edit and upload forms): select options
by label, monetary with its currency, dates, booleans, numbers, URLs (not document links, in bulk).
Custom field changes are undoable (`BulkEditing.apply_change`); the others are recorded in the
history as not undoable.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from paperless_tui.app.flows.custom_value import ask_value, value_label
from paperless_tui.app.models.bulk_history import Operation, fields_operation

if TYPE_CHECKING:
    from textual.screen import Screen

    from paperless_tui.app.flows.bulk import BulkEditing

Flow = Callable[["BulkEditing", tuple[int, ...]], Awaitable[None]]


@dataclass(frozen=True)
class MenuEntry:
    """One line of the actions menu."""

    name: str
    label: str
    flow: Flow


async def _confirm(screen: BulkEditing, title: str, question: str) -> bool:
    from paperless_tui.app.dialogs.confirm import Confirm

    answer: bool = await screen.app.push_screen_wait(Confirm(title, question))
    return answer


async def _pick(screen: Screen[Any], title: str, items: list[tuple[str, str]]) -> str | None:
    from paperless_tui.app.dialogs.picker import PickerDialog

    return await screen.app.push_screen_wait(PickerDialog(title, items))


async def _prompt(
    screen: Screen[Any], title: str, *, hint: str = "", check: Callable[[str], str | None] | None = None
) -> str | None:
    from paperless_tui.app.dialogs.prompt import PromptDialog

    return await screen.app.push_screen_wait(PromptDialog(title, hint=hint, check=check))


async def _send_other(screen: BulkEditing, what: str, operation: Operation, doing: str) -> bool:
    """Send an operation without a known inverse; report and record it."""
    from paperless_tui.app.flows.bulk import plural, send
    from paperless_tui.client import exceptions as client_errors

    paperless = await screen.app.wait_for_client()
    try:
        await send(paperless, operation)
    except client_errors.PaperlessError as error:
        screen.app.report_error(error, doing=f"{doing} (nothing was changed)")
        return False
    screen.record_other(what, operation.documents, operation)
    screen.notify(f"Done: {what} on {plural(len(operation.documents))}.", markup=False)
    return True


# ---------------------------------------------------------------------- custom fields


async def custom_field(screen: BulkEditing, targets: tuple[int, ...]) -> None:
    from paperless_tui.app.flows.custom_value import pick_field

    info = await pick_field(screen, screen.app.names.custom_fields)
    if info is None:
        return
    if info.data_type == "documentlink":
        screen.notify("Document links cannot be set in bulk here.", markup=False)
        return
    how = await _pick(
        screen, info.name, [("set", f"Set a value of {info.name}"), ("remove", f"Remove {info.name}")]
    )
    if how is None:
        return
    targets = await screen.ensure_values(targets)
    if not targets:
        return
    if how == "remove":
        await screen.apply_change(f"remove field {info.name}", [fields_operation(targets, {}, [info.id])])
        return
    ok, value = await ask_value(screen, info)
    if ok:
        what = f"set field {info.name} to {value_label(info, value)}"
        await screen.apply_change(what, [fields_operation(targets, {info.id: value})])


# ---------------------------------------------------------------------- owner and permissions


async def owner(screen: BulkEditing, targets: tuple[int, ...]) -> None:
    from paperless_tui.app.dialogs.choice_picker import ChoicePicker, Picked
    from paperless_tui.app.flows.bulk import plural

    users = screen.app.names.users
    if not users:
        screen.notify("No users to choose from (only an administrator sees them).", markup=False)
        return
    items = sorted(users.items(), key=lambda item: item[1].casefold())
    title = f"Owner of {plural(len(targets))}"
    picked = await screen.app.push_screen_wait(ChoicePicker(title, items, allow_clear=False))
    if not isinstance(picked, Picked):
        return
    new, name = picked.value, users.get(picked.value, "")
    question = f"Make {name} the owner of {plural(len(targets))}? This cannot be undone here."
    if not await _confirm(screen, "Change owner", question):
        return
    operation = Operation("set_permissions", targets, {"owner": new, "merge": True})
    await _send_other(
        screen, f"owner set to {name}", operation, f"Setting the owner of {plural(len(targets))}"
    )


async def permissions(screen: BulkEditing, targets: tuple[int, ...]) -> None:
    from paperless_tui.app.dialogs.choice_picker import ChoicePicker, Picked
    from paperless_tui.app.flows.bulk import plural
    from paperless_tui.client.models.types import Permissions

    users = screen.app.names.users
    if not users:
        screen.notify("No users to choose from (only an administrator sees them).", markup=False)
        return
    items = sorted(users.items(), key=lambda item: item[1].casefold())
    picked = await screen.app.push_screen_wait(ChoicePicker("Share with", items, allow_clear=False))
    if not isinstance(picked, Picked):
        return
    level = await _pick(screen, "Allow", [("view", "View"), ("change", "View and change")])
    if level is None:
        return
    name = users.get(picked.value, "")
    grants = Permissions(view_users=[picked.value], change_users=[picked.value] if level == "change" else [])
    words = "view and change" if level == "change" else "view"
    question = f"Let {name} {words} {plural(len(targets))}? This cannot be undone here."
    if not await _confirm(screen, "Permissions", question):
        return
    operation = Operation("set_permissions", targets, {"permissions": grants, "merge": True})
    await _send_other(
        screen, f"let {name} {words}", operation, f"Setting permissions of {plural(len(targets))}"
    )


# ---------------------------------------------------------------------- document operations


async def reprocess(screen: BulkEditing, targets: tuple[int, ...]) -> None:
    from paperless_tui.app.flows.bulk import plural

    operation = Operation("reprocess", targets)
    if await _send_other(screen, "reprocess", operation, f"Reprocessing {plural(len(targets))}"):
        screen.notify("The server runs OCR and classification again in the background.", markup=False)


async def rotate(screen: BulkEditing, targets: tuple[int, ...]) -> None:
    from paperless_tui.app.flows.bulk import plural

    chosen = await _pick(
        screen, "Rotate", [("90", "90° clockwise"), ("180", "180°"), ("270", "90° anticlockwise")]
    )
    if chosen is None:
        return
    operation = Operation("rotate", targets, {"degrees": int(chosen)})
    await _send_other(screen, f"rotate by {chosen}°", operation, f"Rotating {plural(len(targets))}")


async def merge(screen: BulkEditing, targets: tuple[int, ...]) -> None:
    from paperless_tui.app.flows.bulk import plural

    if len(targets) < 2:
        screen.notify("Mark at least two documents to merge.", markup=False)
        return
    result_set = screen.bulk_result_set()
    titles = {i: (result_set.get(i) if result_set is not None else None) for i in targets}
    items = [(str(i), f"#{i} {row.title if row is not None else ''}".strip()) for i, row in titles.items()]
    chosen = await _pick(screen, "Whose metadata (title, tags, correspondent...)?", items)
    if chosen is None:
        return
    originals = await _pick(
        screen,
        "The originals",
        [("keep", "Keep the originals"), ("delete", "Move the originals to the trash")],
    )
    if originals is None:
        return
    delete = originals == "delete"
    question = f"Merge {plural(len(targets))} into one new document (metadata of #{chosen})"
    question += ", then move the originals to the trash?" if delete else "? The originals stay."
    if delete and not await _confirm(screen, "Merge", question):
        return
    params = {"metadata_document_id": int(chosen), "delete_originals": delete}
    if await _send_other(
        screen, "merge", Operation("merge", targets, params), f"Merging {plural(len(targets))}"
    ):
        screen.notify("The server merges them in the background (see its tasks).", markup=False)
        if delete:
            screen.forget_documents(targets)


async def trash(screen: BulkEditing, targets: tuple[int, ...]) -> None:
    from paperless_tui.app.flows.bulk import plural

    question = f"Move {plural(len(targets))} to the trash? (The server's trash can restore them.)"
    if not await _confirm(screen, "Move to trash", question):
        return
    if await _send_other(
        screen, "move to trash", Operation("delete", targets), f"Moving {plural(len(targets))} to the trash"
    ):
        screen.forget_documents(targets)


MENU: tuple[MenuEntry, ...] = (
    MenuEntry("field", "Set or remove a custom field", custom_field),
    MenuEntry("owner", "Owner", owner),
    MenuEntry("permissions", "Share (permissions)", permissions),
    MenuEntry("reprocess", "Reprocess (OCR again)", reprocess),
    MenuEntry("rotate", "Rotate", rotate),
    MenuEntry("merge", "Merge into one document", merge),
    MenuEntry("trash", "Move to trash", trash),
)


async def run(screen: BulkEditing, name: str) -> None:
    """Run the menu's entry `name` on the screen's targets."""
    targets = screen.targets()
    if not targets:
        screen.notify("No document to act on.", markup=False)
        return
    entry = next(e for e in MENU if e.name == name)
    await entry.flow(screen, targets)
