"""The trash and tasks screens and the e-mail flow, against the demo server; the server's state is checked
through the client afterwards."""

from __future__ import annotations

import io
import json

import httpx
from PIL import Image
from starlette.responses import Response

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.dialogs.confirm import Confirm
from paperless_tui.app.dialogs.email_form import EmailDialog
from paperless_tui.app.models.archive_rows import until_removed
from paperless_tui.app.screens import tasks as tasks_module
from paperless_tui.app.screens.document import DocumentScreen
from paperless_tui.app.screens.search import SearchScreen
from paperless_tui.app.screens.tasks import TasksScreen
from paperless_tui.app.screens.trash import TrashScreen

DEMO = "http://demo.test"


def make_app(http, token):
    return create_app(Connection(DEMO, token, source="demo"), http_client=http, image_renderer="unicode")


def png_bytes(text: str) -> bytes:
    image = Image.new("RGB", (60, 20), "white")
    image.putpixel((len(text) % 60, 3), (0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


async def until(pilot, condition, rounds: int = 100) -> None:
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met")


def test_time_until_removed():
    import datetime as dt

    now = dt.datetime(2026, 12, 2, tzinfo=dt.UTC)
    assert until_removed(now - dt.timedelta(days=1), 30, now) == "removed in 29 days"
    assert until_removed(now - dt.timedelta(days=29, hours=20), 30, now) == "removed in 4 h"
    assert until_removed(now - dt.timedelta(days=31), 30, now) == "due for removal"
    assert until_removed(now, None, now) == ""


async def test_trash_restores_the_highlighted_the_marked_and_all_and_empties(
    demo_http, demo_token, wait, screen_text
):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 34)) as pilot:
        await wait(pilot, app)
        paperless = app.paperless
        already = {doc.id async for doc in paperless.trash}  # (the demo archive has one there)
        for doc_id in (2, 4, 6, 8, 10):
            await paperless.documents.delete(doc_id)
        await pilot.press("X")
        await wait(pilot, app)
        screen = app.screen
        assert isinstance(screen, TrashScreen)
        assert {row.id for row in screen.rows} == {2, 4, 6, 8, 10} | already
        text = screen_text(app)
        assert f"{5 + len(already)} documents in the trash" in text and "removed in 29 days" in text
        order = [row.id for row in screen.rows]
        # r: the highlighted one.
        await pilot.press("r")
        await wait(pilot, app)
        trashed = {doc.id async for doc in paperless.trash}
        assert trashed == set(order) - {order[0]}
        # space marks two, r restores those two.
        order = [row.id for row in screen.rows]
        await pilot.press("space", "space")
        assert screen.marked == {order[0], order[1]}
        await pilot.press("r")
        await wait(pilot, app)
        assert {doc.id async for doc in paperless.trash} == set(order[2:])
        # R: all the rest.
        await pilot.press("R")
        await wait(pilot, app)
        assert [doc async for doc in paperless.trash] == []
        assert (await paperless.documents(order[0])).id == order[0]
        # E empties after a confirmation naming the count.
        await paperless.documents.delete(12)
        await paperless.documents.delete(14)
        await pilot.press("escape", "X")
        await wait(pilot, app)
        screen = app.screen
        await pilot.press("E")
        await wait(pilot, app)
        assert isinstance(app.screen, Confirm)
        assert "Delete all 2 documents in the trash for good?" in screen_text(app)
        await pilot.press("y")
        await wait(pilot, app)
        assert [doc async for doc in paperless.trash] == []
        assert await paperless.documents.filter(id__in=[12, 14]).count() == 0
        assert "The trash is empty." in screen_text(app)
        await pilot.press("escape")
        await wait(pilot, app)
        assert isinstance(app.screen, SearchScreen)
        assert not app.problems


async def test_tasks_follow_uploads_open_documents_and_acknowledge(
    demo_app, demo_http, demo_token, wait, screen_text, monkeypatch
):
    demo_app.state.demo.consume_delay = 0.05
    monkeypatch.setattr(tasks_module, "POLL_SECONDS", 0.05)
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(130, 34)) as pilot:
        await wait(pilot, app)
        paperless = app.paperless
        good = await paperless.documents.save(
            paperless.documents.create(document=png_bytes("a"), filename="good.png")
        )
        bad = await paperless.documents.save(
            paperless.documents.create(document=b"plain text", filename="bad.txt")
        )
        await pilot.press("T")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TasksScreen)
        await until(pilot, lambda: screen.rows and all(row.done for row in screen.rows[:2]))
        await pilot.pause(0.1)
        text = screen_text(app)
        assert "good.png" in text and "bad.txt" in text
        assert "Unsupported mime type" in text  # the server's own message
        good_task = await paperless.tasks(good)
        bad_task = await paperless.tasks(bad)
        # enter on the good one opens its document; escape comes back, polling again.
        screen.listing.highlighted = [row.id for row in screen.rows].index(good_task.id)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DocumentScreen))
        assert app.screen.doc_id == good_task.document_id
        polls = screen.polls
        await pilot.pause(0.3)
        assert screen.polls == polls  # not polling while covered
        await pilot.press("escape")
        await until(pilot, lambda: screen.polls > polls)
        # a acknowledges the highlighted finished task: it leaves the list (and the server knows).
        screen.listing.highlighted = [row.id for row in screen.rows].index(bad_task.id)
        await pilot.press("a")
        await until(pilot, lambda: bad_task.id not in [row.id for row in screen.rows])
        assert (await paperless.tasks(bad)).acknowledged
        await pilot.press("A")
        await until(pilot, lambda: not any(row.done for row in screen.rows))
        assert (await paperless.tasks(good)).acknowledged
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert not [w for w in app.workers if w.group == "tasks-poll" and w.is_running]
        assert not app.problems


async def test_tasks_under_api_version_9(demo_app, demo_token, screen_text, monkeypatch):
    demo_app.state.demo.consume_delay = 0.02
    monkeypatch.setattr(tasks_module, "POLL_SECONDS", 0.05)

    async with httpx.AsyncClient(transport=httpx.ASGITransport(demo_app), base_url=DEMO) as http:
        from paperless_tui.client import Paperless

        app = make_app(http, demo_token)
        async with app.run_test(size=(130, 34)) as pilot:
            await until(pilot, lambda: app.paperless is not None and app.names.loaded)
            old = Paperless(DEMO, demo_token, client=http, api_version=9)
            await old.initialize()
            app.paperless = old  # (the app as it would talk to a 2.x server)
            await old.documents.save(old.documents.create(document=b"nope", filename="v9.txt"))
            await pilot.press("T")
            await pilot.pause()
            screen = app.screen
            await until(pilot, lambda: screen.rows and screen.rows[0].done)
            await pilot.pause(0.1)
            assert screen.rows[0].state == "failure"
            assert "v9.txt" in screen_text(app) and "Unsupported mime type" in screen_text(app)


async def test_email_says_why_not_where_the_server_has_it_off(demo_http, demo_token, wait, monkeypatch):
    app = make_app(demo_http, demo_token)
    said: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **_: said.append(message))
    async with app.run_test(size=(120, 34)) as pilot:
        await wait(pilot, app)
        app.screen.open_document(3)
        await wait(pilot, app)
        await pilot.press("E")
        await wait(pilot, app)
        assert isinstance(app.screen, DocumentScreen)
        assert len(said) == 1 and said[0].startswith("E-mail is not enabled on this server")


def mail_enabled(app, sent, *, fail_first: bool):
    """Wrap `app` (the demo server): ui_settings says e-mail is on, and POST email/ is answered here."""
    state = {"fail": fail_first}

    async def wrapper(scope, receive, send):
        path = scope.get("path", "")
        if scope["type"] == "http" and path == "/api/documents/email/" and scope["method"] == "POST":
            body = b""
            while True:
                message = await receive()
                body += message.get("body", b"")
                if not message.get("more_body"):
                    break
            if state["fail"]:
                state["fail"] = False
                response = Response("Error emailing documents, check logs for more detail.", 500)
            else:
                sent.append(json.loads(body))
                response = Response('{"message":"Email sent"}', 200, media_type="application/json")
            await response(scope, receive, send)
            return
        if scope["type"] == "http" and path == "/api/ui_settings/" and scope["method"] == "GET":
            chunks = []

            async def capture(message):
                if message["type"] == "http.response.body":
                    chunks.append(message.get("body", b""))
                    if not message.get("more_body"):
                        data = json.loads(b"".join(chunks))
                        data["settings"]["email_enabled"] = True
                        await send({"type": "http.response.body", "body": json.dumps(data).encode()})
                    return
                headers = [(k, v) for k, v in message["headers"] if k.lower() != b"content-length"]
                await send({**message, "headers": headers})

            plain = [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]
            await app({**scope, "headers": plain}, receive, capture)  # (uncompressed, to edit it)
            return
        await app(scope, receive, send)

    return wrapper


async def test_email_form_sends_and_keeps_what_was_typed_on_failure(demo_app, demo_token, screen_text):
    sent: list[dict] = []
    transport = httpx.ASGITransport(mail_enabled(demo_app, sent, fail_first=True))
    async with httpx.AsyncClient(transport=transport, base_url=DEMO) as http:
        app = make_app(http, demo_token)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: app.paperless is not None and app.names.loaded)
            app.screen.open_document(3)
            await until(pilot, lambda: isinstance(app.screen, DocumentScreen))
            await pilot.press("E")
            await until(pilot, lambda: isinstance(app.screen, EmailDialog))
            await pilot.press(*"a@example.org", "tab", *"The contract", "tab", *"See attached.")
            await pilot.press("ctrl+s")
            # The server failed: the form is back with everything typed, and says why.
            await until(
                pilot, lambda: isinstance(app.screen, EmailDialog) and app.screen.is_mounted and app.problems
            )
            await pilot.pause(0.1)
            form = app.screen.current()
            assert (form.addresses, form.subject, form.message) == (
                "a@example.org",
                "The contract",
                "See attached.",
            )
            assert "Not sent" in screen_text(app)
            assert sent == []
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, DocumentScreen) and sent)
            assert sent == [
                {
                    "documents": [3],
                    "addresses": "a@example.org",
                    "subject": "The contract",
                    "message": "See attached.",
                    "use_archive_version": True,
                }
            ]
