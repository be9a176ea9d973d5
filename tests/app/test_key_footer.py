"""`KeyFooter`: several binding changes at once rebuild the footer once, with the bindings as they end up."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widgets import Footer

from paperless_tui.app.widgets.key_footer import KeyFooter


class FooterApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "first", "First", id="t.first"),
        Binding("b", "second", "Second", id="t.second"),
    ]
    second_on: reactive[bool] = reactive(True, bindings=True)

    def __init__(self, footer: type[Footer]) -> None:
        super().__init__()
        self.footer_class = footer

    def compose(self) -> ComposeResult:
        yield self.footer_class()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.second_on if action == "second" else True


def footer_keys(app: App[None]) -> list[str]:
    footer = app.query_one(Footer)
    return [key.description for key in footer.query("FooterKey").results()]  # type: ignore[attr-defined]


async def count_rebuilds(footer: type[Footer]) -> tuple[int, list[str]]:
    app = FooterApp(footer)
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        widget = app.query_one(Footer)
        calls = 0
        original = widget.recompose

        async def counting() -> None:
            nonlocal calls
            calls += 1
            await original()

        widget.recompose = counting  # type: ignore[method-assign]
        for on in (False, True, False, True, False):  # five changes in one go
            app.second_on = on
        await pilot.pause()
        await pilot.pause()
        return calls, footer_keys(app)


async def test_five_binding_changes_rebuild_the_footer_once():
    calls, keys = await count_rebuilds(KeyFooter)
    assert calls == 1
    assert "First" in keys and "Second" not in keys  # the final state: "second" off


async def test_textuals_footer_rebuilds_for_each_change():
    """The reason for KeyFooter (if Textual stops doing this, KeyFooter can go)."""
    calls, keys = await count_rebuilds(Footer)
    assert calls > 1
    assert "First" in keys and "Second" not in keys


async def test_no_rebuild_when_the_keys_shown_end_up_the_same():
    app = FooterApp(KeyFooter)
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        footer = app.query_one(KeyFooter)
        before = footer.rebuilds
        for on in (False, True, False, True):  # back where it started
            app.second_on = on
        await pilot.pause()
        await pilot.pause()
        assert footer.rebuilds == before
        assert "Second" in footer_keys(app)
        app.second_on = False
        await pilot.pause()
        await pilot.pause()
        assert footer.rebuilds == before + 1 and "Second" not in footer_keys(app)
