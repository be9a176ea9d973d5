"""The commands table (`app.commands`): every binding comes from it, and no two live bindings on one
screen share a key unless the table says one stands in for the other."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterable

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import paperless_tui.app
from paperless_tui.app import commands
from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.dialogs.bulk_menu import BulkMenu
from paperless_tui.app.dialogs.choice_picker import ChoicePicker
from paperless_tui.app.dialogs.confirm import Confirm
from paperless_tui.app.dialogs.email_form import EmailDialog
from paperless_tui.app.dialogs.error import ErrorDialog
from paperless_tui.app.dialogs.note_editor import NoteEditor
from paperless_tui.app.dialogs.picker import PickerDialog
from paperless_tui.app.dialogs.prompt import PromptDialog
from paperless_tui.app.dialogs.tag_picker import TagPicker
from paperless_tui.app.errors import describe
from paperless_tui.app.flows.bulk_actions import MENU
from paperless_tui.app.models.bulk_history import BulkHistory
from paperless_tui.app.screens.bulk_history import BulkHistoryScreen
from paperless_tui.app.screens.document import DocumentScreen
from paperless_tui.app.screens.edit_document import EditDocumentScreen
from paperless_tui.app.screens.login import LoginScreen
from paperless_tui.app.screens.preview import PreviewScreen
from paperless_tui.app.screens.search import SearchScreen
from paperless_tui.app.screens.tasks import TasksScreen
from paperless_tui.app.screens.trash import TrashScreen
from paperless_tui.app.screens.triage import TriageScreen
from paperless_tui.app.screens.upload import UploadScreen

DEMO = "http://demo.test"


def app_bindings():
    for info in pkgutil.walk_packages(paperless_tui.app.__path__, "paperless_tui.app."):
        module = importlib.import_module(info.name)
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and issubclass(cls, DOMNode) and cls.__module__ == module.__name__:
                for binding in cls.__dict__.get("BINDINGS", []):
                    yield f"{info.name}.{name}", binding


def test_every_binding_has_an_id_and_a_description():
    found = list(app_bindings())
    assert len(found) > 20  # the walk really sees the app's screens and widgets
    for owner, binding in found:
        assert isinstance(binding, Binding), f"{owner}: {binding!r} is not a Binding"
        assert binding.id, f"{owner}: {binding.key} -> {binding.action} has no id"
        assert binding.description, f"{owner}: {binding.key} -> {binding.action} has no description"


def test_binding_ids_name_one_action():
    actions: dict[str, set[str]] = {}
    for _owner, binding in app_bindings():
        actions.setdefault(binding.id, set()).add(binding.action.split("(")[0])
    assert {binding_id: acts for binding_id, acts in actions.items() if len(acts) > 1} == {}


def clashes(nodes: Iterable[DOMNode]) -> list[tuple[str, str, str]]:
    """(key, first id, second id) for every key bound by two commands among `nodes` that the table
    does not allow to share it."""
    seen: dict[str, str] = {}
    found: list[tuple[str, str, str]] = []
    for node in nodes:
        for binding in getattr(type(node), "BINDINGS", []):
            if not isinstance(binding, Binding) or binding.id not in commands.BY_ID:
                continue  # Textual's own widgets' bindings (Input, Tabs, ...)
            for key in binding.key.split(","):
                key = key.strip()
                other = seen.get(key)
                if other is not None and other != binding.id and not commands.may_share(other, binding.id):
                    found.append((key, other, binding.id))
                seen.setdefault(key, binding.id)
    return found


def live_nodes(app) -> list[DOMNode]:
    screen = app.screen
    return [app, screen, *screen.walk_children(with_self=False)]


def test_every_binding_is_the_tables():
    table = {command.id: command for command in commands.COMMANDS}
    found = list(app_bindings())
    for owner, binding in found:
        command = table.get(binding.id)
        assert command is not None, f"{owner}: {binding.id} is not in app.commands"
        assert (binding.key, binding.action, binding.description) == (
            command.keys,
            command.action,
            command.description,
        )
    used = {binding.id for _, binding in found}
    assert set(table) == used, f"commands bound nowhere: {sorted(set(table) - used)}"


def test_the_clash_check_sees_a_clash():
    """The checker itself: two commands of one screen on one key are found, a declared override is not."""

    class Fake(DOMNode):
        BINDINGS = [  # noqa: RUF012
            commands.BY_ID["search.filter"].binding(),
            Binding("f", "x", "X", id="results.open"),
        ]

    class Allowed(DOMNode):
        BINDINGS = [  # noqa: RUF012
            commands.BY_ID["search.refresh"].binding(),
            commands.BY_ID["app.retry"].binding(),
        ]

    assert clashes([Fake()]) == [("f", "search.filter", "results.open")]
    assert clashes([Allowed()]) == []


@pytest.mark.parametrize("scope", sorted({command.scope for command in commands.COMMANDS}))
def test_ids_are_unique_and_scoped(scope):
    ids = [command.id for command in commands.commands(scope)]
    assert len(ids) == len(set(ids))
    assert all(binding.id.startswith(f"{scope}.") for binding in commands.bindings(scope))


class _NoSaver:
    def keep(self, text):
        pass

    async def save(self, text):
        return "not saved"

    async def discard(self):
        pass


async def test_no_two_live_bindings_on_any_screen_share_a_key(demo_http, demo_token, wait):
    app = create_app(
        Connection(DEMO, demo_token, source="demo"), http_client=demo_http, image_renderer="unicode"
    )
    checked: list[str] = []

    def check(name: str) -> None:
        checked.append(name)
        assert clashes(live_nodes(app)) == [], f"on {name}"

    async with app.run_test(size=(120, 36)) as pilot:
        await wait(pilot, app)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("p")  # the preview pane
        await pilot.press("slash", *"tag:")  # the completion drop-down
        await wait(pilot, app)
        assert app.screen.completions and app.screen.preview_open
        check("search")
        await pilot.press(*["backspace"] * 4, "escape", "escape")
        await wait(pilot, app)
        await pilot.press("enter")
        await wait(pilot, app)
        assert isinstance(app.screen, DocumentScreen), (app.screen.total, app.focused)
        check("document")
        await pilot.press("5")  # the share links tab (its own keys: a, d, c)
        await wait(pilot, app)
        check("document share links")
        await pilot.press("e")  # the edit form
        for _ in range(100):
            await wait(pilot, app)
            if isinstance(app.screen, EditDocumentScreen):
                break
        assert isinstance(app.screen, EditDocumentScreen)
        check("edit")
        app.pop_screen()
        await wait(pilot, app)
        await pilot.press("P")
        await wait(pilot, app)
        assert isinstance(app.screen, PreviewScreen)
        check("preview")
        await pilot.press("escape", "question_mark")
        await wait(pilot, app)
        check("help")
        await pilot.press("escape")
        for dialog in (
            PickerDialog("Pick", [("a", "A")]),
            ChoicePicker("Pick one", [(1, "A")], allow_create=True),
            TagPicker("Tags", [(1, "A")], counts={1: 1}, total=2),
            PromptDialog("Type"),
            Confirm("Sure?", "Really?"),
            ErrorDialog(describe(RuntimeError("boom"))),
            LoginScreen(DEMO),
            EmailDialog("E-mail"),
            TrashScreen(),
            TasksScreen(),
            UploadScreen(),
            BulkMenu(3, MENU),
            BulkHistoryScreen(BulkHistory()),
            TriageScreen([1, 2], image_renderer="unicode"),
            NoteEditor("A document", _NoSaver()),
        ):
            app.push_screen(dialog)
            await wait(pilot, app)
            check(type(dialog).__name__)
            app.pop_screen()
            await wait(pilot, app)
    assert len(checked) == 21
