"""The edit form against the demo server: only changed fields go, dates as typed, field errors beside
their fields, a concurrent edit shown and chosen, the row and the tabs updated, drafts kept."""

from __future__ import annotations

import datetime as dt
import json

import httpx
from test_notes import until

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.data.drafts import pending_drafts
from paperless_tui.app.dialogs.picker import PickerDialog
from paperless_tui.app.screens.document import DocumentScreen
from paperless_tui.app.screens.edit_document import EditDocumentScreen
from paperless_tui.app.screens.search import SearchScreen

DEMO = "http://demo.test"


class Recorder:
    """ASGI middleware that remembers the body of every PATCH."""

    def __init__(self, app):
        self.app = app
        self.patches: list[dict] = []

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "PATCH":
            await self.app(scope, receive, send)
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        self.patches.append(json.loads(body or b"{}"))
        sent = False

        async def replay():
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def make_app(middleware):
    http = httpx.AsyncClient(transport=httpx.ASGITransport(middleware), base_url=DEMO)
    return http, create_app(
        Connection(DEMO, "test-token", source="demo"), http_client=http, image_renderer="unicode"
    )


async def open_form(pilot, app, wait, *, from_document=False):
    await until(
        pilot, app, wait, lambda: isinstance(app.screen, SearchScreen) and app.screen.results.highlighted_row
    )
    row = app.screen.results.highlighted_row
    if from_document:
        await pilot.press("enter")
        await until(pilot, app, wait, lambda: isinstance(app.screen, DocumentScreen) and app.screen.document)
    await pilot.press("e")
    await until(pilot, app, wait, lambda: isinstance(app.screen, EditDocumentScreen))
    return row


def field(app, key):
    return app.screen.query_one("#field-" + key.replace(":", "-"))


async def test_e_on_the_list_sends_only_the_changed_fields(demo_app, wait):
    recorder = Recorder(demo_app)
    http, app = make_app(recorder)
    async with http, app.run_test(size=(120, 40)) as pilot:
        row = await open_form(pilot, app, wait)
        field(app, "title").value = "Renamed [b]x[/b]"
        field(app, "created").value = "15.01.2024"
        await pilot.press("ctrl+s")
        await until(pilot, app, wait, lambda: isinstance(app.screen, SearchScreen))
        assert recorder.patches == [{"title": "Renamed [b]x[/b]", "created": "2024-01-15"}]
        doc = await app.paperless.documents(row.id)
        assert doc.title == "Renamed [b]x[/b]" and doc.created == dt.date(2024, 1, 15)
        assert app.screen.result_set.get(row.id).title == "Renamed [b]x[/b]"  # the row at once


async def test_from_the_document_screen_the_tabs_show_the_new_values(demo_app, wait, screen_text):
    http, app = make_app(demo_app)
    async with http, app.run_test(size=(120, 40)) as pilot:
        row = await open_form(pilot, app, wait, from_document=True)
        field(app, "title").value = "Fresh title"
        field(app, "created").value = "yesterday"
        await pilot.press("ctrl+s")
        await until(pilot, app, wait, lambda: isinstance(app.screen, DocumentScreen))
        screen = app.screen
        assert screen.document.title == "Fresh title"
        assert screen.document.created == dt.date.today() - dt.timedelta(days=1)
        assert "Fresh title" in screen_text(app)
        await until(
            pilot,
            app,
            wait,
            lambda: screen.history and "Fresh title" in json.dumps(screen.history[0].changes),
        )
        doc = await app.paperless.documents(row.id)
        assert doc.title == "Fresh title"


async def test_bad_input_is_said_beside_its_field_and_nothing_is_sent(demo_app, wait, screen_text):
    recorder = Recorder(demo_app)
    http, app = make_app(recorder)
    async with http, app.run_test(size=(120, 40)) as pilot:
        await open_form(pilot, app, wait)
        field(app, "created").value = "31.02.2024"
        field(app, "asn").value = "twelve"
        await pilot.press("ctrl+s")
        await wait(pilot, app)
        assert isinstance(app.screen, EditDocumentScreen) and recorder.patches == []
        assert set(app.screen.errors) == {"created", "asn"}
        assert "A whole number (ctrl+n: the next free one)." in screen_text(app)


async def test_a_duplicate_asn_is_refused_beside_the_asn_and_kept_as_a_draft(demo_app, wait, screen_text):
    http, app = make_app(demo_app)
    async with http, app.run_test(size=(120, 40)) as pilot:
        row = await open_form(pilot, app, wait)
        taken = await app.paperless.documents.filter(
            {"archive_serial_number__isnull": "0"}, fields=["id", "archive_serial_number"]
        ).page(1, 5)
        other = next(d for d in taken.results if d.id != row.id)
        field(app, "asn").value = str(other.archive_serial_number)
        field(app, "title").value = "Mine"
        await pilot.press("ctrl+s")
        await until(pilot, app, wait, lambda: app.screen.errors)
        assert list(app.screen.errors) == ["asn"] and "already exists" in app.screen.errors["asn"]
        assert "already exists" in screen_text(app)
        [draft] = pending_drafts(app.connection.state_key)
        assert draft.kind == "form" and draft.values["title"] == "Mine"
        assert (await app.paperless.documents(row.id)).title != "Mine"
        await pilot.press("ctrl+n")  # the next free ASN fixes it
        await wait(pilot, app)
        assert field(app, "asn").value == str(await app.paperless.documents.get_next_asn())
        await pilot.press("ctrl+s")
        await until(pilot, app, wait, lambda: isinstance(app.screen, SearchScreen))
        assert (await app.paperless.documents(row.id)).title == "Mine"
        assert pending_drafts(app.connection.state_key) == []


async def test_a_concurrent_edit_is_shown_and_the_user_chooses_field_by_field(demo_app, wait):
    recorder = Recorder(demo_app)
    http, app = make_app(recorder)
    async with http, app.run_test(size=(120, 40)) as pilot:
        row = await open_form(pilot, app, wait)
        theirs = await app.paperless.documents(row.id)
        theirs.title = "Their title"
        theirs.archive_serial_number = 987654
        await app.paperless.documents.update(theirs)  # someone else, meanwhile
        recorder.patches.clear()
        field(app, "title").value = "My title"
        field(app, "created").value = "2024-01-15"
        await pilot.press("ctrl+s")
        await until(pilot, app, wait, lambda: isinstance(app.screen, PickerDialog))
        assert "Title: theirs 'Their title', yours 'My title'" in app.screen.picker_title
        await pilot.press(*"field", "enter")  # choose field by field
        await until(
            pilot,
            app,
            wait,
            lambda: isinstance(app.screen, PickerDialog) and "Title?" in app.screen.picker_title,
        )
        await pilot.press(*"theirs", "enter")
        await until(pilot, app, wait, lambda: isinstance(app.screen, SearchScreen))
        assert recorder.patches == [{"created": "2024-01-15"}]  # theirs kept; their ASN untouched
        doc = await app.paperless.documents(row.id)
        assert (doc.title, doc.archive_serial_number, doc.created) == (
            "Their title",
            987654,
            dt.date(2024, 1, 15),
        )


async def test_escape_asks_before_changes_are_thrown_away(demo_app, wait):
    http, app = make_app(demo_app)
    async with http, app.run_test(size=(120, 40)) as pilot:
        row = await open_form(pilot, app, wait)
        field(app, "title").value = "Not wanted"
        await pilot.press("escape")
        await wait(pilot, app)
        await pilot.press("n")
        await wait(pilot, app)
        assert isinstance(app.screen, EditDocumentScreen)
        await pilot.press("escape")
        await wait(pilot, app)
        await pilot.press("y")
        await until(pilot, app, wait, lambda: isinstance(app.screen, SearchScreen))
        assert (await app.paperless.documents(row.id)).title != "Not wanted"


async def test_custom_fields_by_their_type(demo_app, wait):
    recorder = Recorder(demo_app)
    http, app = make_app(recorder)
    async with http, app.run_test(size=(120, 40)) as pilot:
        row = await open_form(pilot, app, wait)
        fields = {info.name: info.id for info in app.names.custom_fields.values()}
        field(app, f"cf:{fields['Amount']}").value = "12,5"
        field(app, f"cf:{fields['Payment Status']}").value = "paid"
        field(app, f"cf:{fields['Reviewed']}").value = "yes"
        field(app, f"cf:{fields['Due Date']}").value = "15/01/2024"
        field(app, f"cf:{fields['Related documents']}").value = "1, 2"
        await pilot.press("ctrl+s")
        await until(pilot, app, wait, lambda: isinstance(app.screen, SearchScreen))
        doc = await app.paperless.documents(row.id)
        values = {value.field: value.value for value in doc.custom_fields}
        paid = next(
            k for k, v in app.names.custom_fields[fields["Payment Status"]].options.items() if v == "Paid"
        )
        assert values[fields["Amount"]] == "EUR12.50"
        assert values[fields["Payment Status"]] == paid
        assert values[fields["Reviewed"]] is True
        assert values[fields["Due Date"]] == "2024-01-15"
        assert values[fields["Related documents"]] == [1, 2]
        assert set(recorder.patches[0]) == {"custom_fields"}


async def test_enter_on_a_name_field_picks_and_a_digit_takes_a_suggestion(demo_app, wait):
    from paperless_tui.app.dialogs.choice_picker import ChoicePicker

    http, app = make_app(demo_app)
    async with http, app.run_test(size=(120, 40)) as pilot:
        row = await open_form(pilot, app, wait)
        suggestions = await app.paperless.documents.suggestions(row.id)
        form = app.screen
        form.query_one("#field-correspondent").focus()
        await pilot.press("enter")
        await until(pilot, app, wait, lambda: isinstance(app.screen, ChoicePicker))
        await pilot.press("escape")
        await until(pilot, app, wait, lambda: app.screen is form)
        # The suggestions beside the fields (what a field holds already is not offered).
        kind = next(key for key in ("correspondent", "document_type", "tags") if form._suggested(key))
        offered = form._suggested(kind)[0]
        assert offered in getattr(
            suggestions,
            {"correspondent": "correspondents", "document_type": "document_types", "tags": "tags"}[kind],
        )
        form.query_one("#field-" + kind).focus()
        await pilot.press("1")
        assert offered == form.picked[kind] or offered in form.picked[kind]
        dates = form._suggested("created")
        if dates:
            await pilot.press("ctrl+g")
            assert field(app, "created").value == dates[0].isoformat()
        form.query_one("#field-tags").focus()
        await pilot.press("enter")
        await until(pilot, app, wait, lambda: app.screen is not form)
        await pilot.press("escape")
        await until(pilot, app, wait, lambda: app.screen is form)
        await pilot.press("ctrl+s")
        await until(pilot, app, wait, lambda: isinstance(app.screen, SearchScreen))
        doc = await app.paperless.documents(row.id)
        saved = getattr(doc, kind)
        assert offered == saved or offered in saved
        if dates:
            assert doc.created == dates[0]


class FailPatch:
    """ASGI middleware: every PATCH answers 503 while `failing`."""

    def __init__(self, app):
        self.app = app
        self.failing = True

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "PATCH" and self.failing:
            await send(
                {"type": "http.response.start", "status": 503, "headers": [(b"content-type", b"text/plain")]}
            )
            await send({"type": "http.response.body", "body": b"Service Unavailable"})
            return
        await self.app(scope, receive, send)


async def test_a_failed_save_keeps_the_form_as_a_draft_that_comes_back(demo_app, wait):
    failing = FailPatch(demo_app)
    http, app = make_app(failing)
    async with http, app.run_test(size=(120, 40)) as pilot:
        row = await open_form(pilot, app, wait)
        field(app, "title").value = "Typed before the outage"
        await pilot.press("ctrl+s")
        await until(pilot, app, wait, lambda: "" in app.screen.errors)
        assert isinstance(app.screen, EditDocumentScreen)
        assert field(app, "title").value == "Typed before the outage"  # still in the form
        [draft] = pending_drafts(app.connection.state_key)
        assert draft.values["title"] == "Typed before the outage"
        app.screen.dismiss(None)  # gone (as if the app had been closed)
        await until(pilot, app, wait, lambda: isinstance(app.screen, SearchScreen))
        failing.failing = False
        await pilot.press("e")  # the draft comes back
        await until(pilot, app, wait, lambda: isinstance(app.screen, EditDocumentScreen))
        assert field(app, "title").value == "Typed before the outage"
        await pilot.press("ctrl+s")
        await until(pilot, app, wait, lambda: isinstance(app.screen, SearchScreen))
        assert (await app.paperless.documents(row.id)).title == "Typed before the outage"
        assert pending_drafts(app.connection.state_key) == []


async def _conflict(pilot, app, wait, recorder, row, title="Their title"):
    theirs = await app.paperless.documents(row.id)
    theirs.title = title
    await app.paperless.documents.update(theirs)
    recorder.patches.clear()
    field(app, "title").value = "My title"
    await pilot.press("ctrl+s")
    await until(pilot, app, wait, lambda: isinstance(app.screen, PickerDialog))


async def test_a_concurrent_edit_mine_overwrites_and_reload_keeps_mine_as_a_draft(demo_app, wait):
    recorder = Recorder(demo_app)
    http, app = make_app(recorder)
    async with http, app.run_test(size=(120, 40)) as pilot:
        row = await open_form(pilot, app, wait)
        await _conflict(pilot, app, wait, recorder, row)
        await pilot.press(*"reload", "enter")
        await until(pilot, app, wait, lambda: isinstance(app.screen, EditDocumentScreen))
        assert field(app, "title").value == "Their title" and recorder.patches == []
        [draft] = pending_drafts(app.connection.state_key)
        assert draft.values["title"] == "My title"  # nothing typed is lost
        await _conflict(pilot, app, wait, recorder, row, "Their second title")
        await pilot.press(*"mine", "enter")
        await until(pilot, app, wait, lambda: isinstance(app.screen, SearchScreen))
        assert recorder.patches == [{"title": "My title"}]
        assert (await app.paperless.documents(row.id)).title == "My title"
