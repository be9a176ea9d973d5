"""Notes from the keyboard: the editor, $EDITOR, the notes tab, and drafts that survive every failure."""

from __future__ import annotations

import contextlib
import sys

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.data.drafts import pending_drafts
from paperless_tui.app.dialogs.confirm import Confirm
from paperless_tui.app.dialogs.note_editor import NoteEditor
from paperless_tui.app.screens.document import DocumentScreen
from paperless_tui.app.screens.search import SearchScreen
from paperless_tui.app.widgets.notes_view import NotesView

DEMO = "http://demo.test"
NOTE = "Paid by transfer [b]ref 42[/b]"


def make_app(http, token, url=DEMO):
    return create_app(Connection(url, token, source="demo"), http_client=http, image_renderer="unicode")


async def type_text(pilot, text):
    for char in text:
        await pilot.press("space" if char == " " else char)


async def until(pilot, app, wait, condition, seconds=10.0):
    for _ in range(int(seconds / 0.05)):
        await wait(pilot, app)
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the condition never held")


async def open_editor_on_first_row(pilot, app, wait):
    await until(
        pilot,
        app,
        wait,
        lambda: isinstance(app.screen, SearchScreen) and app.screen.results.highlighted_row is not None,
    )
    row = app.screen.results.highlighted_row
    await pilot.press("n")
    await wait(pilot, app)
    assert isinstance(app.screen, NoteEditor)
    return row


async def test_n_on_the_list_writes_a_note_that_reaches_the_server_and_the_row(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 36)) as pilot:
        row = await open_editor_on_first_row(pilot, app, wait)
        before = len(await app.paperless.documents.notes(row.id))
        await type_text(pilot, NOTE)
        await pilot.press("ctrl+s")
        await wait(pilot, app)
        assert isinstance(app.screen, SearchScreen)
        notes = await app.paperless.documents.notes(row.id)
        assert len(notes) == before + 1 and [n.note for n in notes].count(NOTE) == 1
        assert app.screen.result_set.get(row.id).notes == before + 1  # the list's count at once
        assert pending_drafts(app.connection.state_key) == []  # saved: no draft left behind


async def test_the_notes_tab_shows_the_new_note_exactly_and_deletes_and_copies(
    demo_http, demo_token, wait, screen_text
):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait(pilot, app)
        await pilot.press("enter")
        await wait(pilot, app)
        screen = app.screen
        assert isinstance(screen, DocumentScreen)
        await pilot.press("n")
        await wait(pilot, app)
        strange = NOTE + "\n\x1b[31mred\x07 [@click=app.quit]x[/]"
        app.screen.query_one("#note-text").insert(strange)
        await pilot.press("ctrl+s")
        await wait(pilot, app)
        assert app.screen is screen and screen.query_one("#document-tabs").current == "notes"
        text = screen_text(app)
        assert NOTE in text and "␛[31mred␇ [@click=app.quit]x[/]" in text
        view = screen.query_one(NotesView)
        assert view.has_focus and view.highlighted_note.note == strange  # newest first
        copied = []
        app.copy_to_clipboard = copied.append
        await pilot.press("c")
        assert copied == [strange]
        count = len(await app.paperless.documents.notes(screen.doc_id))
        await pilot.press("d")
        await wait(pilot, app)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await wait(pilot, app)
        remaining = await app.paperless.documents.notes(screen.doc_id)
        assert len(remaining) == count - 1 and strange not in [n.note for n in remaining]
        assert strange not in [n.note for n in screen.notes]


async def test_escape_asks_before_a_note_is_thrown_away(demo_http, demo_token, wait):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 36)) as pilot:
        row = await open_editor_on_first_row(pilot, app, wait)
        await type_text(pilot, "keep me")
        await pilot.press("escape")
        await wait(pilot, app)
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await wait(pilot, app)
        editor = app.screen
        assert isinstance(editor, NoteEditor) and editor.text_area.text == "keep me"
        await pilot.pause(0.7)  # what is typed is on disk
        assert [d.text for d in pending_drafts(app.connection.state_key)] == ["keep me"]
        await pilot.press("escape")
        await wait(pilot, app)
        await pilot.press("y")
        await wait(pilot, app)
        assert isinstance(app.screen, SearchScreen)
        assert pending_drafts(app.connection.state_key) == []
        assert "keep me" not in [n.note for n in await app.paperless.documents.notes(row.id)]


async def test_ctrl_o_hands_the_note_to_the_editor_and_takes_it_back(
    demo_http, demo_token, wait, tmp_path, monkeypatch
):
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "old = open(path, encoding='utf-8').read()\n"
        "open(path, 'w', encoding='utf-8').write(old + ' and from the editor [i]x[/i]\\n')\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    app = make_app(demo_http, demo_token)
    suspended = []

    @contextlib.contextmanager
    def suspend():  # the headless test driver cannot suspend; the real one hands over the terminal
        suspended.append(True)
        yield

    async with app.run_test(size=(120, 36)) as pilot:
        monkeypatch.setattr(app, "suspend", suspend)
        row = await open_editor_on_first_row(pilot, app, wait)
        await type_text(pilot, "typed")
        await pilot.press("ctrl+o")
        await wait(pilot, app)
        editor = app.screen
        assert suspended == [True]
        assert editor.text_area.text == "typed and from the editor [i]x[/i]"
        await pilot.press("ctrl+s")
        await wait(pilot, app)
        notes = await app.paperless.documents.notes(row.id)
        assert "typed and from the editor [i]x[/i]" in [n.note for n in notes]
        assert not list(app.scratch_folder().glob("note-*"))  # the temporary file is gone


async def test_a_failing_editor_leaves_the_note_as_it_was(demo_http, demo_token, wait, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} -c 'raise SystemExit(3)'")
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 36)) as pilot:
        monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
        await open_editor_on_first_row(pilot, app, wait)
        await type_text(pilot, "mine")
        await pilot.press("ctrl+o")
        await wait(pilot, app)
        editor = app.screen
        assert editor.text_area.text == "mine" and "status 3" in editor.error


class FailNotes:
    """ASGI middleware: POST .../notes/ answers 500 while `failing` ("before": not stored; "after":
    stored by the server, then the answer is lost in a 500)."""

    def __init__(self, app):
        self.app = app
        self.failing: str | None = "before"
        self.posts = 0

    async def __call__(self, scope, receive, send):
        is_post = scope["type"] == "http" and scope["method"] == "POST" and scope["path"].endswith("/notes/")
        if not is_post or self.failing is None:
            await self.app(scope, receive, send)
            return
        self.posts += 1
        if self.failing == "after":

            async def swallow(message):
                pass

            await self.app(scope, receive, swallow)
        await send(
            {"type": "http.response.start", "status": 500, "headers": [(b"content-type", b"text/plain")]}
        )
        await send({"type": "http.response.body", "body": b"Internal Server Error"})


async def _http(app):
    import httpx

    return httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url=DEMO)


async def test_a_draft_survives_a_5xx_and_is_saved_once(demo_app, demo_token, wait, screen_text):
    failing = FailNotes(demo_app)
    async with await _http(failing) as http:
        app = make_app(http, demo_token)
        async with app.run_test(size=(120, 36)) as pilot:
            row = await open_editor_on_first_row(pilot, app, wait)
            await type_text(pilot, NOTE)
            await pilot.press("ctrl+s")
            await wait(pilot, app)
            editor = app.screen
            assert isinstance(editor, NoteEditor) and editor.text_area.text == NOTE  # still there
            assert "Not saved" in editor.error and "Not saved" in screen_text(app)
            [draft] = pending_drafts(app.connection.state_key)
            assert (draft.text, draft.doc_id, draft.attempts) == (NOTE, row.id, 1)
            assert NOTE not in [n.note for n in await app.paperless.documents.notes(row.id)]
            failing.failing = None
            await pilot.press("ctrl+s")
            await wait(pilot, app)
            assert isinstance(app.screen, SearchScreen)
            assert [n.note for n in await app.paperless.documents.notes(row.id)].count(NOTE) == 1
            assert pending_drafts(app.connection.state_key) == []


async def test_a_retry_after_an_unclear_failure_never_saves_twice(demo_app, demo_token, wait):
    failing = FailNotes(demo_app)
    failing.failing = "after"  # the server stores the note, but the answer is a 500
    async with await _http(failing) as http:
        app = make_app(http, demo_token)
        async with app.run_test(size=(120, 36)) as pilot:
            row = await open_editor_on_first_row(pilot, app, wait)
            await type_text(pilot, NOTE)
            await pilot.press("ctrl+s")
            await wait(pilot, app)
            assert isinstance(app.screen, NoteEditor)
            assert [n.note for n in await app.paperless.documents.notes(row.id)].count(NOTE) == 1
            await pilot.press("ctrl+s")  # the retry sees the note is there: nothing is sent again
            await wait(pilot, app)
            assert isinstance(app.screen, SearchScreen) and failing.posts == 1
            assert [n.note for n in await app.paperless.documents.notes(row.id)].count(NOTE) == 1
            assert app.screen.result_set.get(row.id).notes == row.notes + 1
            assert pending_drafts(app.connection.state_key) == []


async def test_a_draft_survives_a_killed_server_and_a_restart_and_is_saved_once(
    demo_token, wait, screen_text
):
    import asyncio

    from paperless_tui.app.dialogs.picker import PickerDialog
    from paperless_tui.demo.serve import running_server
    from paperless_tui.demo.server import build_app

    demo = build_app(token=demo_token, docs=60, seed=1)

    def profile_app(url):  # a profile: its drafts are its own, whatever port the server has today
        return create_app(
            Connection(url, demo_token, source="profile", profile="home"), image_renderer="unicode"
        )

    server = contextlib.ExitStack()
    url = server.enter_context(running_server(demo))
    app = profile_app(url)
    async with app.run_test(size=(120, 36)) as pilot:
        row = await open_editor_on_first_row(pilot, app, wait)
        await type_text(pilot, NOTE)
        await asyncio.to_thread(server.close)  # the server is gone
        await pilot.press("ctrl+s")
        await wait(pilot, app)
        editor = app.screen
        assert (
            isinstance(editor, NoteEditor) and editor.text_area.text == NOTE and "Not saved" in editor.error
        )
    [draft] = pending_drafts("home")
    assert (draft.text, draft.doc_id, draft.attempts) == (NOTE, row.id, 1)

    with running_server(demo) as url:  # the next start, the server back (on another port)
        app = profile_app(url)
        async with app.run_test(size=(120, 36)) as pilot:
            await until(  # said at start
                pilot,
                app,
                wait,
                lambda: any("1 unsaved draft is kept" in n.message for n in app._notifications),
            )
            await pilot.press("D")
            await wait(pilot, app)
            assert isinstance(app.screen, PickerDialog)
            await pilot.press("enter")
            await wait(pilot, app)
            editor = app.screen
            assert isinstance(editor, NoteEditor) and editor.text_area.text == NOTE
            await pilot.press("ctrl+s")
            await wait(pilot, app)
            assert isinstance(app.screen, SearchScreen)
            assert [n.note for n in await app.paperless.documents.notes(row.id)].count(NOTE) == 1
        assert pending_drafts("home") == []


class Forbid:
    """ASGI middleware: POST .../notes/ answers 403 (no permission to change the document)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"].endswith("/notes/"):
            body = b'{"detail": "You do not have permission to perform this action."}'
            await send(
                {
                    "type": "http.response.start",
                    "status": 403,
                    "headers": [(b"content-type", b"application/json")],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


async def test_permission_denied_keeps_the_note_and_the_document_screen_offers_it(demo_app, demo_token, wait):
    async with await _http(Forbid(demo_app)) as http:
        app = make_app(http, demo_token)
        async with app.run_test(size=(120, 36)) as pilot:
            row = await open_editor_on_first_row(pilot, app, wait)
            await type_text(pilot, NOTE)
            await pilot.press("ctrl+s")
            await wait(pilot, app)
            editor = app.screen
            assert isinstance(editor, NoteEditor) and editor.text_area.text == NOTE
            assert "Not saved" in editor.error and "permission" in editor.error.lower()
            app.pop_screen()  # (the user leaves it for now: the draft stays)
            await wait(pilot, app)
            await pilot.press("enter")
            await until(
                pilot, app, wait, lambda: isinstance(app.screen, DocumentScreen) and app.screen.status
            )
            assert app.screen.doc_id == row.id and "unsaved note is kept" in app.screen.status
            await pilot.press("n")
            await wait(pilot, app)
            assert isinstance(app.screen, NoteEditor) and app.screen.text_area.text == NOTE


async def test_a_timeout_keeps_the_draft_and_the_retry_saves_once(demo_http, demo_token, wait, monkeypatch):
    from paperless_tui.client import exceptions as client_errors
    from paperless_tui.client.services.notes import DocumentNotes

    real_save = DocumentNotes.save
    calls = []

    async def slow_save(self, draft):  # the server stores it, but the answer never comes in time
        calls.append(draft.note)
        await real_save(self, draft)
        if len(calls) == 1:
            raise client_errors.PaperlessTimeoutError("read timeout")
        return 0

    monkeypatch.setattr(DocumentNotes, "save", slow_save)
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 36)) as pilot:
        row = await open_editor_on_first_row(pilot, app, wait)
        await type_text(pilot, NOTE)
        await pilot.press("ctrl+s")
        await wait(pilot, app)
        assert isinstance(app.screen, NoteEditor) and "Not saved" in app.screen.error
        assert [d.attempts for d in pending_drafts(app.connection.state_key)] == [1]
        await pilot.press("ctrl+s")
        await wait(pilot, app)
        assert isinstance(app.screen, SearchScreen) and calls == [NOTE]  # not sent a second time
        assert [n.note for n in await app.paperless.documents.notes(row.id)].count(NOTE) == 1
