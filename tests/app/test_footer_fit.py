"""The footer fits its width: keys that do not fit are left out whole, the least important first, and
`?` Help always stays; a modal dialog shows its own keys in its own footer."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets._footer import FooterKey

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.dialogs.choice_picker import ChoicePicker
from paperless_tui.app.dialogs.confirm import Confirm
from paperless_tui.app.dialogs.note_editor import NoteEditor
from paperless_tui.app.dialogs.picker import PickerDialog
from paperless_tui.app.dialogs.prompt import PromptDialog
from paperless_tui.app.dialogs.tag_picker import TagPicker
from paperless_tui.app.screens.document import DocumentScreen
from paperless_tui.app.screens.search import SearchScreen
from paperless_tui.app.widgets.key_footer import KeyFooter, ModalFooter, ShownKey, fit_keys

DEMO = "http://demo.test"


def make_app(demo_http, token):
    return create_app(Connection(DEMO, token, source="demo"), http_client=demo_http, image_renderer="unicode")


def shown(footer: KeyFooter) -> list[str]:
    return [key.description for key in footer.query(FooterKey) if not key.has_class("-command-palette")]


def bottom_line(app: App[object]) -> str:
    return app.screen._compositor.render_strips()[-1].text


def assert_fits(app: App[object], footer: KeyFooter) -> list[str]:
    """Every key shown is whole on the bottom line, left of the palette key, and Help is among them."""
    keys = [key for key in footer.query(FooterKey) if not key.has_class("-command-palette")]
    palette = [key for key in footer.query(FooterKey) if key.has_class("-command-palette")]
    limit = palette[0].region.x if palette else footer.region.right
    line = bottom_line(app)
    for key in keys:
        assert key.region.right <= limit, f"{key.description!r} runs under the palette key or off the edge"
        assert f"{key.key_display} {key.description}" in line
    descriptions = [key.description for key in keys]
    return descriptions


def test_fit_keys_drops_the_least_important_whole():
    keys = [
        ShownKey(k, k, d, d, True, "")
        for k, d in [("a", "Alpha"), ("b", "Beta"), ("?", "Help"), ("c", "Gamma")]
    ]
    important = [2, 0, 1, 3]  # Help first, then the usual order
    every = sum(len(k.display) + len(k.description) + 3 for k in keys)
    assert fit_keys(keys, important, every, 3) == keys
    assert [k.description for k in fit_keys(keys, important, every - 1, 3)] == ["Alpha", "Beta", "Help"]
    assert [k.description for k in fit_keys(keys, important, 17, 3)] == ["Alpha", "Help"]
    assert [k.description for k in fit_keys(keys, important, 16, 3)] == ["Help"]
    assert [k.description for k in fit_keys(keys, important, 0, 3)] == ["Help"]  # Help even when nothing fits


class ManyKeys(App[None]):
    """More keys than any width: as the search screen gets when more commands are added."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(chr(ord("a") + n), f"noop({n})", f"Command number {n}") for n in range(20)),
        Binding("question_mark", "noop(99)", "Help", id="app.help"),
    ]

    def compose(self) -> ComposeResult:
        yield KeyFooter()

    def action_noop(self, n: int) -> None:
        pass


async def test_many_keys_keep_help_and_their_order_at_any_width():
    for width in (40, 80, 120, 200):
        app = ManyKeys()
        async with app.run_test(size=(width, 5)) as pilot:
            await pilot.pause()
            await pilot.pause()
            descriptions = assert_fits(app, app.query_one(KeyFooter))
            assert descriptions[-1] == "Help"
            numbers = [int(d.rsplit(" ", 1)[1]) for d in descriptions[:-1]]
            assert numbers == list(range(len(numbers)))  # the first ones kept, the last ones left out
            if width >= 80:
                assert len(numbers) >= 2


async def test_the_search_screens_footer_fits_80_and_120_columns(demo_http, demo_token, wait):
    kept: dict[int, list[str]] = {}
    for width, height in ((80, 24), (120, 36)):
        app = make_app(demo_http, demo_token)
        async with app.run_test(size=(width, height)) as pilot:
            await wait(pilot, app)
            assert isinstance(app.screen, SearchScreen)
            kept[width] = assert_fits(app, app.screen.query_one(KeyFooter))
            assert "Help" in kept[width] and kept[width][0] == "Open"
            await pilot.press("slash")  # typing: ? types, f1 is the help key shown
            await pilot.pause()
            await pilot.pause()
            typing = assert_fits(app, app.screen.query_one(KeyFooter))
            assert "Help" in typing and "f1 Help" in bottom_line(app)
    assert len(kept[120]) > len(kept[80])
    assert kept[80] == [key for key in kept[120] if key in kept[80]]  # the same order, a prefix kept
    assert "Mark" in kept[120] and "Mark" not in kept[80]  # (marking comes right after the search keys)


async def test_the_document_screens_footer_fits_80_and_120_columns(demo_http, demo_token, wait):
    kept: dict[int, list[str]] = {}
    for width, height in ((80, 24), (120, 36)):
        app = make_app(demo_http, demo_token)
        async with app.run_test(size=(width, height)) as pilot:
            await wait(pilot, app)
            await pilot.press("enter")
            await wait(pilot, app)
            assert isinstance(app.screen, DocumentScreen)
            kept[width] = assert_fits(app, app.screen.query_one(KeyFooter))
            assert "Help" in kept[width] and kept[width][0] == "Back"
            # the tabs name themselves in the tab bar: their digits go before Pages, Open file, Save
            assert {"Pages", "Open file", "Save"} <= set(kept[width])
    assert len(kept[120]) > len(kept[80])


async def test_a_resize_refits_the_footer(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait(pilot, app)
        footer = app.screen.query_one(KeyFooter)
        wide = shown(footer)
        await pilot.resize_terminal(80, 24)
        await wait(pilot, app)
        narrow = assert_fits(app, app.screen.query_one(KeyFooter))
        assert len(narrow) < len(wide) and "Help" in narrow


class _NoSaver:
    def keep(self, text):
        pass

    async def save(self, text):
        return "not saved"

    async def discard(self):
        pass


async def test_modal_dialogs_show_their_own_keys(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait(pilot, app)
        dialogs = [
            (PickerDialog("Pick", [("a", "A"), ("b", "B")]), ["Choose", "Cancel"]),
            (PromptDialog("Date"), ["OK", "Cancel"]),
            (Confirm("Sure?", "Really?"), ["Yes", "No"]),
            (ChoicePicker("Correspondent", [(1, "ACME")]), ["Choose", "Cancel"]),
            (TagPicker("Tags", [(1, "Inbox")], counts={}, total=1), ["Apply", "Add/remove/leave", "Cancel"]),
            (NoteEditor("A document", _NoSaver()), ["Save", "$EDITOR", "Close"]),
        ]
        for dialog, keys in dialogs:
            app.push_screen(dialog)
            await wait(pilot, app)
            footer = dialog.query_one(ModalFooter)
            assert shown(footer) == keys
            line = bottom_line(app)
            assert "Filter" not in line and "Views" not in line  # not the search screen's keys
            for key in keys:
                assert key in line
            dialog.dismiss(None)
            await wait(pilot, app)


async def test_enter_in_a_picker_chooses_and_in_a_prompt_checks(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait(pilot, app)
        results: list[object] = []
        app.push_screen(PickerDialog("Pick", [("a", "Apple"), ("b", "Banana")]), results.append)
        await wait(pilot, app)
        await pilot.press("b", "a", "enter")
        await wait(pilot, app)
        assert results == ["b"]
        app.push_screen(PromptDialog("Year", pattern=r"\d{4}", hint="Four digits."), results.append)
        await wait(pilot, app)
        await pilot.press("2", "0", "enter")
        await wait(pilot, app)
        assert isinstance(app.screen, PromptDialog) and "Not valid" in str(
            app.screen.query_one("#prompt-error").render()
        )
        await pilot.press("2", "4", "enter")
        await wait(pilot, app)
        assert results == ["b", "2024"]
