"""Asking for one custom field's value, typed by its data type (the bulk editor and the upload form).

A select field offers its options by label and a boolean yes/no (pickers); every other type is a
prompt whose text goes through the one parser, `models/custom_values.parse_custom_value`, so what the
prompt refuses (with what is wrong, the prompt staying open) is what the edit form refuses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from paperless_tui.app.models.custom_values import HINTS, custom_value_text, parse_custom_value
from paperless_tui.app.models.lookups import CustomFieldInfo

if TYPE_CHECKING:
    from textual.screen import Screen


async def pick_field(screen: Screen[Any], fields: Mapping[int, CustomFieldInfo]) -> CustomFieldInfo | None:
    """Ask which custom field (by name); None when cancelled or the server has none (said so)."""
    from paperless_tui.app.dialogs.choice_picker import ChoicePicker, Picked

    if not fields:
        screen.notify("The server has no custom fields.", markup=False)
        return None
    items = sorted(((f.id, f.name) for f in fields.values()), key=lambda item: item[1].casefold())
    picked = await screen.app.push_screen_wait(ChoicePicker("Custom field", items, allow_clear=False))
    return fields.get(picked.value) if isinstance(picked, Picked) else None


async def ask_value(screen: Screen[Any], info: CustomFieldInfo) -> tuple[bool, Any]:
    """Ask for a value of custom field `info`, typed; (False, None) when cancelled."""
    from paperless_tui.app.dialogs.picker import PickerDialog
    from paperless_tui.app.dialogs.prompt import PromptDialog

    title = f"Value of {info.name}"
    kind = info.data_type
    if kind == "select":
        items = list(info.options.items())
        chosen = await screen.app.push_screen_wait(PickerDialog(title, items))
        return (chosen is not None, chosen)
    if kind == "boolean":
        chosen = await screen.app.push_screen_wait(PickerDialog(title, [("true", "Yes"), ("false", "No")]))
        return (chosen is not None, chosen == "true")
    hint = HINTS.get(kind, "")
    if kind == "monetary":
        hint += f" ({info.default_currency or 'no default currency'})"

    def problem(text: str) -> str | None:
        return parse_custom_value(text, info)[1]

    text = await screen.app.push_screen_wait(PromptDialog(title, hint=hint, check=problem))
    if text is None:
        return (False, None)
    return (True, parse_custom_value(text, info)[0])


def value_label(info: CustomFieldInfo, value: Any) -> str:
    """A value as the forms show it (a select option by its label)."""
    return custom_value_text(value, info) if value is not None else "(empty)"
