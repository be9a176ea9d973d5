"""`TabStrip`: one row naming a screen's tabs, the active one lit; a click on a name posts `Chosen`.

A light stand-in for Textual's tab bar (a dozen widgets: tabs, scroll containers, an animated
underline), which cost a document screen a third of its first frame. The screen owns the state: it
sets `active` and shows the pane in a `ContentSwitcher`; the keys that switch tabs are the screen's
(`1`-`5` in the commands table). Labels are the app's own words, never server text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

GAP = "  "


class TabStrip(Widget):
    """The names of `tabs` (`(id, label)` pairs) in one row; `active` is the id shown lit."""

    DEFAULT_CSS = """
    TabStrip {
        height: 1;
        padding: 0 1;
        color: $text-muted;
        background: $panel;
    }
    TabStrip > .tab-strip--active {
        color: $text;
        background: $primary-muted;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"tab-strip--active"}

    active: reactive[str] = reactive("")

    @dataclass
    class Chosen(Message):
        """The user clicked the name of tab `tab`."""

        tab: str

    def __init__(self, tabs: Sequence[tuple[str, str]], *, active: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tabs = tuple(tabs)
        self.set_reactive(TabStrip.active, active)

    def render(self) -> Content:
        lit = self.get_visual_style("tab-strip--active", partial=True)
        parts: list[Content] = []
        for index, (tab, label) in enumerate(self.tabs):
            if index:
                parts.append(Content(GAP))
            text = f" {label} "
            parts.append(Content.styled(text, lit) if tab == self.active else Content(text))
        return Content.assemble(*parts)

    def tab_at(self, x: int) -> str | None:
        """The id of the tab whose name is at column `x` of the content (None: between names)."""
        at = 0
        for tab, label in self.tabs:
            width = cell_len(label) + 2
            if at <= x < at + width:
                return tab
            at += width + len(GAP)
        return None

    def on_click(self, event: events.Click) -> None:
        tab = self.tab_at(event.x - self.styles.padding.left)
        if tab is not None:
            self.post_message(self.Chosen(tab))
