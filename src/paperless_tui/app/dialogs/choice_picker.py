"""Pick one name (correspondent, document type, storage path, owner...) for one or many documents.

Typing filters the list fuzzily and the best match is highlighted, so "type part of a name, `enter`"
picks it. The list can offer "none" (unset the field) and, when the typed name matches no item,
creating it. For several documents each item shows on how many of them it is set now. Items the
server suggests are listed first and marked. Names are server text and are shown inert.

Dismisses with `Picked(id)`, `Cleared()`, `Create(name)` (the caller creates it), or None on `escape`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from paperless_tui.app.commands import bindings
from paperless_tui.app.models.fuzzy import fuzzy_rank
from paperless_tui.app.safe_text import clean
from paperless_tui.app.widgets.key_footer import ModalFooter
from paperless_tui.app.widgets.option_moves import move_highlight


@dataclass(frozen=True)
class Picked:
    """An existing item was chosen."""

    value: int


@dataclass(frozen=True)
class Cleared:
    """ "None" was chosen: unset the field."""


@dataclass(frozen=True)
class Create:
    """Make a new item with this name (the caller creates it on the server)."""

    name: str


ChoiceResult = Picked | Cleared | Create

CLEAR_ID = "clear"
CREATE_ID = "create"


def choice_label(name: str, *, count: int | None, total: int, current: bool, suggested: bool) -> Content:
    """One row of the picker: a marker, the inert name, and on how many documents it is set."""
    marker = "●" if current else " "
    parts: list[Content | tuple[str, str] | str] = [f"{marker} ", Content(clean(name))]
    if total > 1 and count:
        parts.append(("  on all" if count >= total else f"  on {count} of {total}", "$text-muted"))
    if suggested:
        parts.append(("  ★ suggested", "$text-accent"))
    return Content.assemble(*parts)


class ChoicePicker(ModalScreen[ChoiceResult | None]):
    """Choose one of `items` (`(id, name)` pairs); typing narrows the list."""

    DEFAULT_CSS = """
    ChoicePicker { align: center middle; }
    ChoicePicker > Vertical {
        width: 64;
        max-width: 100%;
        height: auto;
        max-height: 80%;
        background: $panel;
        border: thick $primary;
        padding: 0 1;
    }
    ChoicePicker .picker-title { text-style: bold; color: $text-primary; }
    ChoicePicker .picker-hint { color: $text-muted; }
    ChoicePicker OptionList { height: auto; max-height: 20; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("picker")

    def __init__(
        self,
        title: str,
        items: Sequence[tuple[int, str]],
        *,
        current: int | None = None,
        counts: Mapping[int, int] | None = None,
        total: int = 1,
        suggested: Collection[int] = (),
        allow_clear: bool = True,
        allow_create: bool = False,
    ) -> None:
        super().__init__()
        self.picker_title = title
        suggested_set = set(suggested)
        # Suggestions first, then the rest in the caller's order (usually by name).
        ordered = [item for item in items if item[0] in suggested_set]
        ordered += [item for item in items if item[0] not in suggested_set]
        self.items = [(value, clean(name)) for value, name in ordered]
        self.current = current
        self.counts = dict(counts or {})
        self.total = max(1, total)
        self.suggested = suggested_set
        self.allow_clear = allow_clear
        self.allow_create = allow_create
        self.needle = ""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(clean(self.picker_title)), classes="picker-title")
            yield Input(placeholder="Type to filter", id="picker-filter")
            yield OptionList(*self._options(), id="picker-options")
            hint = "enter picks · esc cancels"
            if self.allow_create:
                hint = "type a new name to create it · " + hint
            yield Static(hint, classes="picker-hint")
        yield ModalFooter()

    def _options(self) -> list[Option]:
        options: list[Option] = []
        needle = self.needle.strip()
        if self.allow_clear and not needle:
            label = "  none (clear)"
            if self.total > 1:
                unset = self.total - sum(self.counts.values())
                if unset > 0:
                    label += f"  unset on {unset} of {self.total}"
            options.append(Option(Content.styled(label, "italic"), id=CLEAR_ID))
        for value, name in fuzzy_rank(needle, self.items):
            options.append(
                Option(
                    choice_label(
                        name,
                        count=self.counts.get(value),
                        total=self.total,
                        current=value == self.current,
                        suggested=value in self.suggested,
                    ),
                    id=f"item:{value}",
                )
            )
        if (
            self.allow_create
            and needle
            and all(name.casefold() != needle.casefold() for _, name in self.items)
        ):
            options.append(
                Option(Content.assemble("+ create ", (f"“{clean(needle)}”", "bold")), id=CREATE_ID)
            )
        return options

    def _first_highlight(self) -> int:
        """The current item when nothing is typed, else the best match."""
        options = self.query_one(OptionList)
        if not self.needle.strip() and self.current is not None:
            with contextlib.suppress(OptionDoesNotExist):  # (the current item was deleted meanwhile)
                return options.get_option_index(f"item:{self.current}")
        return 1 if (self.allow_clear and not self.needle.strip() and options.option_count > 1) else 0

    def on_mount(self) -> None:
        self._highlight_best()

    def _highlight_best(self) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = self._first_highlight()

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        self.needle = event.value
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options())
        self._highlight_best()

    def action_choose(self) -> None:
        """`enter` (the `picker` scope's key, shown in the footer): pick the highlighted item."""
        self._submit()

    @on(Input.Submitted, "#picker-filter")
    def _submit(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._choose(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, option_id: str | None) -> None:
        if option_id == CLEAR_ID:
            self.dismiss(Cleared())
        elif option_id == CREATE_ID:
            self.dismiss(Create(" ".join(self.needle.split())))
        elif option_id and option_id.startswith("item:"):
            self.dismiss(Picked(int(option_id.removeprefix("item:"))))

    def action_move(self, step: int) -> None:
        move_highlight(self.query_one(OptionList), step)

    def action_cancel(self) -> None:
        self.dismiss(None)
