"""The actions menu (`a`), trash (`delete`), the history (`H`), and faults: inert names, a tag deleted
meanwhile, documents bob may not change, and a server failing the bulk request. The server's state is
checked through the client afterwards."""

from __future__ import annotations

import json

import httpx
from tests.app import test_bulk_edits as edits
from tests.app.test_bulk_edits import DEMO, docs, make_app, record_requests, start

from paperless_tui.app.dialogs.bulk_menu import BulkMenu
from paperless_tui.app.dialogs.choice_picker import ChoicePicker
from paperless_tui.app.dialogs.confirm import Confirm
from paperless_tui.app.dialogs.picker import PickerDialog
from paperless_tui.app.dialogs.prompt import PromptDialog
from paperless_tui.app.screens.bulk_history import BulkHistoryScreen

wait = edits.wait  # (the fixture that also waits for modal flows up to the next dialog)


async def mark(pilot, app, wait, count):
    await pilot.press(*["space"] * count)
    await wait(pilot, app)
    return app.screen.marks.ids


def field_id(app, name):
    return next(f.id for f in app.names.custom_fields.values() if f.name == name)


async def test_a_sets_a_monetary_field_with_its_currency_and_u_restores_it(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(140, 36)) as pilot:
        await start(pilot, app, wait)
        ids = await mark(pilot, app, wait, 3)
        amount = field_id(app, "Amount")
        before = {
            i: {c.field: c.value for c in d.custom_fields or ()} for i, d in (await docs(app, ids)).items()
        }
        await pilot.press("a")
        await wait(pilot, app)
        assert isinstance(app.screen, BulkMenu)
        await pilot.press("f")
        await wait(pilot, app)
        assert isinstance(app.screen, ChoicePicker)
        await pilot.press(*"amount", "enter")
        await wait(pilot, app)
        assert isinstance(app.screen, PickerDialog)  # set or remove
        await pilot.press("enter")  # set
        await wait(pilot, app)
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"12,5x", "enter")  # not an amount: the dialog stays
        await wait(pilot, app)
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("backspace", "enter")
        await wait(pilot, app)
        after = await docs(app, ids)
        currency = app.names.custom_fields[amount].default_currency or "EUR"
        assert all(
            {c.field: c.value for c in d.custom_fields}[amount] == f"{currency}12.50" for d in after.values()
        )
        await pilot.press("u")
        await wait(pilot, app)
        restored = {
            i: {c.field: c.value for c in d.custom_fields or ()} for i, d in (await docs(app, ids)).items()
        }
        assert restored == before


async def test_a_sets_a_select_field_by_its_label(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(140, 36)) as pilot:
        await start(pilot, app, wait)
        ids = await mark(pilot, app, wait, 2)
        status = field_id(app, "Payment Status")
        options = app.names.custom_fields[status].options
        option_id, label = next(iter(options.items()))
        await pilot.press("a", "f")
        await wait(pilot, app)
        await pilot.press(*"payment", "enter")
        await wait(pilot, app)
        await pilot.press("enter")  # set
        await wait(pilot, app)
        await pilot.press(*label.lower(), "enter")
        await wait(pilot, app)
        after = await docs(app, ids)
        assert all({c.field: c.value for c in d.custom_fields}[status] == option_id for d in after.values())
        assert label in app.screen.bulk_history.entries[-1].what


async def test_delete_asks_then_moves_to_the_trash_and_unmarks(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(140, 36)) as pilot:
        screen = await start(pilot, app, wait)
        ids = await mark(pilot, app, wait, 2)
        total = screen.result_set.total
        await pilot.press("delete")
        await wait(pilot, app)
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")  # nothing happens
        await wait(pilot, app)
        assert set(await docs(app, ids)) == set(ids)
        await pilot.press("delete")
        await wait(pilot, app)
        await pilot.press("y")
        await wait(pilot, app)
        assert await docs(app, ids) == {}
        trashed = {d.id for d in await app.paperless.trash.as_list()}
        assert set(ids) <= trashed
        assert len(screen.marks) == 0 and screen.result_set.total == total - 2
        entry = screen.bulk_history.entries[-1]
        assert entry.what == "move to trash" and not entry.undoable


async def test_a_owner_asks_once_and_reprocess_reports(demo_http, demo_token, wait, screen_text):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(140, 36)) as pilot:
        await start(pilot, app, wait)
        ids = await mark(pilot, app, wait, 2)
        bob = next(i for i, name in app.names.users.items() if name == "bob")
        await pilot.press("a", "o")
        await wait(pilot, app)
        await pilot.press(*"bob", "enter")
        await wait(pilot, app)
        assert isinstance(app.screen, Confirm) and "2 documents" in screen_text(app)
        await pilot.press("y")
        await wait(pilot, app)
        owners = {d.owner for d in (await docs(app, ids, ("id", "owner"))).values()}
        assert owners == {bob}
        sent = record_requests(demo_http)
        await pilot.press("a", "r")
        await wait(pilot, app)
        assert "POST /api/documents/reprocess/" in sent
        assert [e.what for e in app.screen.bulk_history.entries] == ["owner set to bob", "reprocess"]


async def test_H_shows_the_history(demo_http, demo_token, wait, screen_text):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(140, 36)) as pilot:
        await start(pilot, app, wait)
        await mark(pilot, app, wait, 2)
        await pilot.press("d")
        await wait(pilot, app)
        await pilot.press("down", "enter")
        await wait(pilot, app)
        await pilot.press("u")
        await wait(pilot, app)
        await pilot.press("H")
        await wait(pilot, app)
        assert isinstance(app.screen, BulkHistoryScreen)
        text = screen_text(app)
        assert "on 2 documents" in text and "undone" in text and "set document type" in text


# ---------------------------------------------------------------------- faults


async def test_tag_names_with_markup_and_control_characters_are_shown_inert(
    demo_http, demo_token, wait, screen_text
):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(140, 36)) as pilot:
        evil = "[bold red]x[/]\x1b[31m"
        screen = await start(pilot, app, wait)
        await app.paperless.tags.save(app.paperless.tags.create(name=evil))
        app.names_store.refresh()
        await wait(pilot, app)
        await mark(pilot, app, wait, 1)
        await pilot.press("t")
        await wait(pilot, app)
        await pilot.press(*"boldred", "enter")
        await wait(pilot, app)
        assert isinstance(app.screen, type(screen))
        text = screen_text(app)
        assert "[bold red]x[/]␛[31m" in text  # the panel and the row show it literally
        tag = next(t for t in app.names.tags.values() if t.name.startswith("[bold"))
        assert tag.id in (await docs(app, screen.marks.ids))[screen.marks.ids[0]].tags


async def test_a_tag_deleted_on_the_server_meanwhile_changes_nothing_and_keeps_the_marks(
    demo_http, demo_token, wait
):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(140, 36)) as pilot:
        screen = await start(pilot, app, wait)
        ids = await mark(pilot, app, wait, 3)
        before = {i: set(d.tags) for i, d in (await docs(app, ids)).items()}
        doomed = next(t for t in app.names.tags.values() if not any(t.id in v for v in before.values()))
        await pilot.press("t")
        await wait(pilot, app)
        await app.paperless.tags.delete(doomed.id)  # someone deletes it while the picker is open
        await pilot.press(*doomed.name.lower().replace(" ", ""), "enter")
        await wait(pilot, app)
        assert {i: set(d.tags) for i, d in (await docs(app, ids)).items()} == before
        assert screen.marks.ids == ids
        assert not screen.bulk_history.entries
        problem = app.problems[-1]
        assert "exist" in (problem.message + str(problem.detail)).lower()
        assert str(ids[0]) in str(problem.detail)  # the documents concerned
        assert all(doomed.id not in screen.result_set.get(i).tags for i in ids)  # the rows went back


async def test_bob_is_asked_before_changing_only_the_documents_he_may_change(demo_app, demo_http, wait):
    login = await demo_http.post("/api/token/", data={"username": "bob", "password": "bob"})
    token = login.json()["token"]
    app = make_app(demo_http, token)
    async with app.run_test(size=(140, 36)) as pilot:
        screen = await start(pilot, app, wait, query="")
        view = app.paperless.documents.filter({}, fields=["id", "user_can_change"])
        every = (await view.page(1, page_size=500)).results
        locked = [d.id for d in every if d.user_can_change is False]
        free = [d.id for d in every if d.user_can_change]
        assert locked and free
        screen.marks.add([locked[0], free[0]])
        screen.marks_changed()
        await wait(pilot, app)
        await pilot.press("d")
        await wait(pilot, app)
        assert isinstance(app.screen, Confirm)  # "you may not change 1 of these..."
        await pilot.press("n")
        await wait(pilot, app)
        assert not screen.bulk_history.entries and len(screen.marks) == 2
        await pilot.press("d")
        await wait(pilot, app)
        await pilot.press("y")
        await wait(pilot, app)
        assert isinstance(app.screen, ChoicePicker) and app.screen.total == 1
        await pilot.press("down", "enter")
        await wait(pilot, app)
        assert screen.bulk_history.entries[-1].documents == (free[0],)


async def test_bob_denied_by_the_server_changes_nothing(demo_app, demo_http, wait):
    """The snapshot said he may, the server says no (shared rights taken away meanwhile)."""
    login = await demo_http.post("/api/token/", data={"username": "bob", "password": "bob"})
    app = make_app(demo_http, login.json()["token"])
    async with app.run_test(size=(140, 36)) as pilot:
        screen = await start(pilot, app, wait, query="")
        view = app.paperless.documents.filter({}, fields=["id", "user_can_change"])
        locked = next(d.id for d in (await view.page(1, page_size=500)).results if d.user_can_change is False)
        from paperless_tui.app.models.marks import DocValues

        screen.marks.add([locked])
        screen.marks.store_complete([DocValues(locked)])  # (believes it may change it)
        screen.marks_changed()
        await pilot.press("c")
        await wait(pilot, app)
        await pilot.press("down", "enter")
        await wait(pilot, app)
        assert not screen.bulk_history.entries and screen.marks.ids == (locked,)
        problem = app.problems[-1]
        assert problem.kind != "unexpected" and str(locked) in str(problem.detail)


def failing_bulk_edit(app):
    """ASGI middleware: POST /api/documents/bulk_edit/ answers 500; everything else passes."""

    async def middleware(scope, receive, send):
        if (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"] == "/api/documents/bulk_edit/"
        ):
            response = httpx.Response(500, text="<h1>Server Error (500)</h1>")
            await send(
                {"type": "http.response.start", "status": 500, "headers": [(b"content-type", b"text/html")]}
            )
            await send({"type": "http.response.body", "body": response.content})
            return
        await app(scope, receive, send)

    return middleware


async def test_a_failing_server_keeps_the_marks_and_changes_nothing(demo_app, demo_token, wait):
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(failing_bulk_edit(demo_app)), base_url=DEMO
    ) as http:
        app = make_app(http, demo_token)
        async with app.run_test(size=(140, 36)) as pilot:
            screen = await start(pilot, app, wait)
            ids = await mark(pilot, app, wait, 3)
            before = {i: (set(d.tags), d.correspondent) for i, d in (await docs(app, ids)).items()}
            rows = {i: screen.result_set.get(i) for i in ids}
            await pilot.press("c")
            await wait(pilot, app)
            await pilot.press("down", "enter")
            await wait(pilot, app)
            assert {i: (set(d.tags), d.correspondent) for i, d in (await docs(app, ids)).items()} == before
            assert screen.marks.ids == ids and not screen.bulk_history.entries
            assert {i: screen.result_set.get(i) for i in ids} == rows  # the rows show the truth again
            problem = app.problems[-1]
            assert problem.kind != "unexpected" and str(ids[0]) in str(problem.detail)
            json.dumps(problem.detail)  # plain text


async def test_a_rotate_merge_and_permissions_send_one_request_each(demo_http, demo_token, wait, screen_text):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(140, 36)) as pilot:
        screen = await start(pilot, app, wait)
        ids = await mark(pilot, app, wait, 2)
        sent = record_requests(demo_http)
        await pilot.press("a", "R")
        await wait(pilot, app)
        await pilot.press("enter")  # 90°
        await wait(pilot, app)
        assert "POST /api/documents/rotate/" in sent
        await pilot.press("a", "m")
        await wait(pilot, app)
        await pilot.press("down", "enter")  # the second one's metadata
        await wait(pilot, app)
        await pilot.press("down", "enter")  # move the originals to the trash: asks
        await wait(pilot, app)
        assert isinstance(app.screen, Confirm) and "trash" in screen_text(app)
        await pilot.press("y")
        await wait(pilot, app)
        assert "POST /api/documents/merge/" in sent
        assert len(screen.marks) == 0  # the originals left
        await pilot.press("k", "space")
        await wait(pilot, app)
        target = screen.marks.ids
        await pilot.press("a", "p")
        await wait(pilot, app)
        await pilot.press(*"bob", "enter")
        await wait(pilot, app)
        await pilot.press("enter")  # view
        await wait(pilot, app)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await wait(pilot, app)
        bob = next(i for i, name in app.names.users.items() if name == "bob")
        doc = await app.paperless.documents(target[0], full_perms="true")
        assert bob in doc.permissions.view_users
        whats = [e.what for e in screen.bulk_history.entries]
        assert whats == ["rotate by 90°", "merge", "let bob view"]
        assert ids  # (marked before)
