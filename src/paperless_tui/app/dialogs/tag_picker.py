"""The tri-state tag picker: add, remove or leave each tag over one or many documents.

Each tag shows where it is now (on all, on some with the count, on none of the target documents) and
what the user chose for it. `space` cycles the highlighted tag between add, remove and leave as it is
(a priority key; it types into the filter only when no tag matches, so a new name can have spaces).
Typing filters the list fuzzily. `enter` applies everything chosen; with nothing chosen it adds the
highlighted tag, which makes the quick path "type part of a name, `enter`". When the typed name
matches no tag, creating it is offered. For one document (`total=1`) it is a plain checklist. Tag
names are server text, shown inert.

Dismisses with a `TagChange` (the caller creates new tags and sends one request) or None.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
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
from paperless_tui.app.models.tag_change import Pending, Presence, TagChange, TagPlan
from paperless_tui.app.safe_text import clean
from paperless_tui.app.widgets.key_footer import ModalFooter
from paperless_tui.app.widgets.option_moves import move_highlight

__all__ = ["TagChange", "TagPicker"]

CREATE_ID = "create"
NEW_PREFIX = "new:"
TAG_PREFIX = "tag:"


class TagFilter(Input):
    """The filter box: it leaves `space` to the picker (cycle the tag); names match without spaces."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return key != "space" and super().check_consume_key(key, character)


class TagPicker(ModalScreen[TagChange | None]):
    """Choose tags to add and remove on `total` documents; `counts[tag]` says how many have it now."""

    DEFAULT_CSS = """
    TagPicker { align: center middle; }
    TagPicker > Vertical {
        width: 68;
        max-width: 100%;
        height: auto;
        max-height: 85%;
        background: $panel;
        border: thick $primary;
        padding: 0 1;
    }
    TagPicker .picker-title { text-style: bold; color: $text-primary; }
    TagPicker .picker-hint { color: $text-muted; }
    TagPicker #tag-summary { color: $text-accent; height: auto; }
    TagPicker OptionList { height: auto; max-height: 20; }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings("tag_picker")

    def __init__(
        self,
        title: str,
        tags: Sequence[tuple[int, str]],
        *,
        counts: Mapping[int, int],
        total: int,
        suggested: Collection[int] = (),
        allow_create: bool = True,
    ) -> None:
        super().__init__()
        self.picker_title = title
        suggested_set = set(suggested)
        ordered = [tag for tag in tags if tag[0] in suggested_set] + [
            tag for tag in tags if tag[0] not in suggested_set
        ]
        self.tags = [(tag_id, clean(name)) for tag_id, name in ordered]
        self.suggested = suggested_set
        self.plan = TagPlan(counts=dict(counts), total=max(1, total))
        self.allow_create = allow_create
        self.needle = ""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(clean(self.picker_title)), classes="picker-title")
            yield TagFilter(placeholder="Type to filter, enter adds the highlighted tag", id="picker-filter")
            yield OptionList(*self._options(), id="picker-options")
            yield Static("", id="tag-summary")
            yield Static("space add/remove/leave · enter apply · esc cancel", classes="picker-hint")
        yield ModalFooter()

    # --- rows ------------------------------------------------------------------------------------

    def _tag_label(self, tag_id: int, name: str) -> Content:
        plan = self.plan
        now = plan.presence(tag_id)
        want = plan.state(tag_id)
        count = plan.counts.get(tag_id, 0)
        if want is Pending.ADD:
            box, style, note = "[+]", "$text-success", "  → add" if plan.total > 1 else "  → on"
        elif want is Pending.REMOVE:
            box, style, note = "[−]", "$text-error", "  → remove" if plan.total > 1 else "  → off"
        else:
            box = {Presence.ALL: "[✓]", Presence.SOME: "[~]", Presence.NONE: "[ ]"}[now]
            style, note = "", ""
        parts: list[Content | tuple[str, str] | str] = [
            (box, style) if style else box,
            " ",
            Content(clean(name)),
        ]
        if plan.total > 1 and want is Pending.LEAVE:
            if now is Presence.ALL:
                parts.append(("  on all", "$text-muted"))
            elif now is Presence.SOME:
                parts.append((f"  on {count} of {plan.total}", "$text-muted"))
        if note:
            parts.append((note, style))
        if tag_id in self.suggested:
            parts.append(("  ★ suggested", "$text-accent"))
        return Content.assemble(*parts)

    def _options(self) -> list[Option]:
        options = [
            Option(
                Content.assemble(("[+] ", "$text-success"), Content(name), ("  new tag", "$text-success")),
                id=f"{NEW_PREFIX}{index}",
            )
            for index, name in enumerate(self.plan.create)
        ]
        needle = " ".join(self.needle.split())
        for tag_id, name in fuzzy_rank(needle, self.tags):
            options.append(Option(self._tag_label(tag_id, name), id=f"{TAG_PREFIX}{tag_id}"))
        if self.allow_create and needle and self._is_new(needle):
            options.append(
                Option(Content.assemble("+ create tag ", (f"“{clean(needle)}”", "bold")), id=CREATE_ID)
            )
        return options

    def _is_new(self, name: str) -> bool:
        key = name.casefold()
        return all(existing.casefold() != key for _, existing in self.tags) and all(
            created.casefold() != key for created in self.plan.create
        )

    def _refresh_options(self, *, keep: str | None = None) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options())
        if not options.option_count:
            return
        index = 0
        if keep is not None:
            try:
                index = options.get_option_index(keep)
            except OptionDoesNotExist:  # the option went away (a new name that was dropped)
                index = 0
        else:
            # With a typed needle, the best match; new tags listed on top do not count.
            index = len(self.plan.create) if self.needle.strip() else 0
        options.highlighted = min(index, options.option_count - 1)
        summary = self.plan.summary()
        self.query_one("#tag-summary", Static).update(f"Will {summary}" if summary else "")

    def on_mount(self) -> None:
        self._refresh_options()

    def _highlighted_id(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    # --- keys ------------------------------------------------------------------------------------

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        self.needle = event.value
        self._refresh_options()

    def action_cycle(self) -> None:
        option_id = self._highlighted_id()
        if option_id is None:
            if self.needle:
                self.query_one(Input).insert_text_at_cursor(" ")
            return
        if option_id.startswith(TAG_PREFIX):
            self.plan.cycle(int(option_id.removeprefix(TAG_PREFIX)))
            self._refresh_options(keep=option_id)
        elif option_id == CREATE_ID:
            # No tag matches what is typed: it is a new name, and a space is part of it.
            self.query_one(Input).insert_text_at_cursor(" ")
        elif option_id.startswith(NEW_PREFIX):
            self.plan.create.pop(int(option_id.removeprefix(NEW_PREFIX)))
            self._refresh_options()

    def action_apply(self) -> None:
        option_id = self._highlighted_id()
        if option_id == CREATE_ID:
            self.plan.toggle_create(" ".join(self.needle.split()))
        elif not self.plan.changed and option_id and option_id.startswith(TAG_PREFIX):
            tag_id = int(option_id.removeprefix(TAG_PREFIX))
            if self.plan.presence(tag_id) is not Presence.ALL:
                self.plan.pending[tag_id] = Pending.ADD  # the quick path: enter adds the highlighted tag
        change = self.plan.change()
        self.dismiss(None if change.empty else change)

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        self.action_cycle()

    def action_move(self, step: int) -> None:
        move_highlight(self.query_one(OptionList), step)

    def action_cancel(self) -> None:
        self.dismiss(None)
