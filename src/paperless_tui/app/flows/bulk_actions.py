"""The actions menu (`a`) of the search screen: what bulk edits can do besides tags and single values.

`MENU` is the table the menu shows: each entry's name (its command is `bulk_menu.<name>` in
`commands.py`, which holds its one-letter mnemonic), its label, and the flow that runs it. Adding an
action (say "email") means one `MenuEntry` here, one flow function and one command.

Each flow acts on the screen's targets (the marked documents, else the highlighted one), asks once,
saying what will happen to how many documents, before anything destructive or not undoable (trash,
merge with deleting the originals, permissions, owner), and reports its result. Custom field values
are typed: select options by label, monetary with its currency, dates, booleans, numbers.
Custom field changes are undoable (`BulkEditing.apply_change`); the others are recorded in the
history as not undoable.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from paperless_tui.app.models.bulk_history import Operation, fields_operation
from paperless_tui.app.models.lookups import CustomFieldInfo

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

MONEY = re.compile(r"([A-Za-z]{3})?\s*(-?\d+(?:[.,]\d{1,2})?)")


def money_value(text: str, currency: str | None) -> str | None:
    """'12.5' -> 'EUR12.50' (with the field's default currency), 'usd 3' -> 'USD3.00'; None if invalid."""
    found = MONEY.fullmatch(text.strip())
    if found is None:
        return None
    code = (found.group(1) or currency or "").upper()
    return f"{code}{float(found.group(2).replace(',', '.')):.2f}"


def _date_problem(text: str) -> str | None:
    try:
        date.fromisoformat(text)
    except ValueError:
        return "A date as YYYY-MM-DD, please."
    return None


def _number_problem(kind: str) -> Callable[[str], str | None]:
    def check(text: str) -> str | None:
        try:
            int(text) if kind == "integer" else float(text)
        except ValueError:
            return f"A{'n integer' if kind == 'integer' else ' number'}, please."
        return None

    return check


async def ask_value(screen: Screen[Any], info: CustomFieldInfo) -> tuple[bool, Any]:
    """Ask for a value of custom field `info`, typed; (False, None) when cancelled (bulk edits, uploads)."""
    title = f"Value of {info.name}"
    kind = info.data_type
    if kind == "select":
        items = [(option_id, label) for option_id, label in info.options.items()]
        chosen = await _pick(screen, title, items)
        return (chosen is not None, chosen)
    if kind == "boolean":
        chosen = await _pick(screen, title, [("true", "Yes"), ("false", "No")])
        return (chosen is not None, chosen == "true")
    if kind == "monetary":
        currency = info.default_currency or "EUR"

        def money_problem(text: str) -> str | None:
            return None if money_value(text, currency) else f"An amount like 12.50 or USD12.50 ({currency})."

        text = await _prompt(
            screen, title, hint=f"amount, optionally with a currency ({currency})", check=money_problem
        )
        return (text is not None, money_value(text or "", currency))
    if kind == "date":
        text = await _prompt(screen, title, hint="YYYY-MM-DD", check=_date_problem)
        return (text is not None, text)
    if kind in ("integer", "float"):
        text = await _prompt(screen, title, check=_number_problem(kind))
        if text is None:
            return (False, None)
        return (True, int(text) if kind == "integer" else float(text))
    if kind == "documentlink":
        screen.notify("Document links cannot be set in bulk here.", markup=False)
        return (False, None)
    text = await _prompt(screen, title)
    return (text is not None, text)


def value_label(info: CustomFieldInfo, value: Any) -> str:
    if info.data_type == "select":
        return info.options.get(str(value), str(value))
    return str(value)


async def custom_field(screen: BulkEditing, targets: tuple[int, ...]) -> None:
    from paperless_tui.app.dialogs.choice_picker import ChoicePicker, Picked

    fields = screen.app.names.custom_fields
    if not fields:
        screen.notify("The server has no custom fields.", markup=False)
        return
    items = sorted(((f.id, f.name) for f in fields.values()), key=lambda item: item[1].casefold())
    picked = await screen.app.push_screen_wait(ChoicePicker("Custom field", items, allow_clear=False))
    if not isinstance(picked, Picked):
        return
    info = fields[picked.value]
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
