"""The upload form (`+`): paths (completion, globs), names from the shared pickers, progress, and faults
(bad paths named, a server error keeps the form as typed). Server state checked through the client."""

from __future__ import annotations

import io

import httpx
from PIL import Image
from starlette.responses import Response
from textual.widgets import Input

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.dialogs.choice_picker import ChoicePicker
from paperless_tui.app.dialogs.tag_picker import TagPicker
from paperless_tui.app.models.uploads import complete_path, split_paths
from paperless_tui.app.screens.tasks import TasksScreen
from paperless_tui.app.screens.upload import UploadScreen

DEMO = "http://demo.test"


def make_app(http, token):
    return create_app(Connection(DEMO, token, source="demo"), http_client=http, image_renderer="unicode")


def png(path, shade: int):
    image = Image.new("RGB", (40, 20), (shade, shade, shade))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


async def until(pilot, condition, rounds: int = 100) -> None:
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met")


def test_path_completion_and_splitting(tmp_path):
    (tmp_path / "scans").mkdir()
    (tmp_path / "scan-1.pdf").write_bytes(b"x")
    (tmp_path / ".hidden").write_bytes(b"x")
    assert complete_path(f"{tmp_path}/sc") == (f"{tmp_path}/scan", ["scan-1.pdf", "scans/"])
    assert complete_path(f"{tmp_path}/scans") == (f"{tmp_path}/scans/", ["scans/"])
    assert complete_path(f"{tmp_path}/scansx") == (f"{tmp_path}/scansx", [])
    assert complete_path(f"{tmp_path}/scan-") == (f"{tmp_path}/scan-1.pdf", ["scan-1.pdf"])
    assert split_paths('a.pdf "my scan.pdf" b*.png') == ["a.pdf", "my scan.pdf", "b*.png"]


async def test_upload_with_names_then_the_tasks_screen(demo_http, demo_app, demo_token, wait, tmp_path):
    demo_app.state.demo.consume_delay = 0.02
    png(tmp_path / "first.png", 10)
    png(tmp_path / "second.png", 20)
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait(pilot, app)
        paperless = app.paperless
        tag = sorted(app.names.tags.items(), key=lambda item: item[1].name.casefold())[0]
        correspondent = sorted(app.names.correspondents.items(), key=lambda item: item[1].casefold())[0]
        await pilot.press("plus")
        await wait(pilot, app)
        screen = app.screen
        assert isinstance(screen, UploadScreen)
        await pilot.press(*f"{tmp_path}/fir", "tab")
        assert screen.paths_input.value == f"{tmp_path}/first.png"
        await pilot.press(*f" {tmp_path}/sec*")
        screen.query_one("#upload-title").value = "Scanned"
        screen.query_one("#upload-created").value = "2024-03-05"
        screen.query_one("#upload-asn").value = "4242"
        await pilot.press("ctrl+s")  # one ASN for two files: said, nothing sent
        assert "names one document" in screen.problem and isinstance(app.screen, UploadScreen)
        screen.query_one("#upload-asn").value = ""
        await pilot.press("ctrl+t")
        await wait(pilot, app)
        assert isinstance(app.screen, TagPicker)
        await pilot.press("space", "enter")  # the first tag, on
        await wait(pilot, app)
        assert screen.tags == {tag[0]}
        await pilot.press("ctrl+o")
        await wait(pilot, app)
        assert isinstance(app.screen, ChoicePicker)
        await pilot.press(*correspondent[1][:6])
        await pilot.press("enter")
        await wait(pilot, app)
        assert screen.choices == {"correspondent": correspondent[0]}
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, TasksScreen))
        tasks = await paperless.tasks.filter(acknowledged=False).page(1, page_size=100)
        ours = [
            t for t in tasks.results if (t.input_data or {}).get("filename") in ("first.png", "second.png")
        ]
        assert len(ours) == 2
        done = [await paperless.tasks.wait(t.task_id, max_wait=20, interval=0.05) for t in ours]
        documents = [await paperless.documents(t.document_id) for t in done]
        assert all(d.title == "Scanned" and d.correspondent == correspondent[0] for d in documents)
        assert all(tag[0] in d.tags and str(d.created) == "2024-03-05" for d in documents)
        assert all(d.original_file_name in ("first.png", "second.png") for d in documents)


async def test_bad_paths_are_named_and_nothing_is_sent(demo_http, demo_token, wait, tmp_path, screen_text):
    folder = tmp_path / "folder"
    folder.mkdir()
    good = png(tmp_path / "good.png", 5)
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait(pilot, app)
        before = await app.paperless.tasks.count()
        await pilot.press("plus")
        await wait(pilot, app)
        typed = f"{good} {tmp_path}/gone.pdf {folder}"
        app.screen.paths_input.value = typed
        await pilot.press("ctrl+s")
        await wait(pilot, app)
        text = screen_text(app)
        assert f"{tmp_path}/gone.pdf: no such file" in text and f"{folder} is a directory, not a file" in text
        assert isinstance(app.screen, UploadScreen) and app.screen.paths_input.value == typed
        assert await app.paperless.tasks.count() == before


def failing_uploads(app):
    """The demo server, but POST post_document/ answers 500."""

    async def wrapper(scope, receive, send):
        if scope["type"] == "http" and scope["path"] == "/api/documents/post_document/":
            await Response("<h1>Server Error (500)</h1>", 500, media_type="text/html")(scope, receive, send)
            return
        await app(scope, receive, send)

    return wrapper


async def test_a_server_error_keeps_everything_typed(demo_app, demo_token, tmp_path, screen_text):
    good = png(tmp_path / "good.png", 7)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(failing_uploads(demo_app)), base_url=DEMO
    ) as http:
        app = make_app(http, demo_token)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: app.paperless is not None and app.names.loaded)
            await pilot.press("plus")
            await until(pilot, lambda: isinstance(app.screen, UploadScreen))
            screen = app.screen
            screen.paths_input.value = str(good)
            screen.query_one("#upload-title").value = "Keep me"
            screen.query_one("#upload-asn").value = "77"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: not screen.sending and screen.problem)
            assert screen.paths_input.value == str(good)
            assert screen.query_one("#upload-title").value == "Keep me"
            assert screen.query_one("#upload-asn").value == "77"
            assert f"{good}: " in screen.problem and "Not sent" in screen.problem
            assert app.problems  # and on the app's one route


class DyingTransport(httpx.AsyncBaseTransport):
    """The demo server, which goes away in the middle of the first upload (the connection drops)."""

    def __init__(self, app) -> None:
        self.inner = httpx.ASGITransport(app)

    async def handle_async_request(self, request):
        if request.url.path == "/api/documents/post_document/":
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        return await self.inner.handle_async_request(request)


async def test_a_server_that_dies_mid_upload_leaves_a_clear_message(demo_app, demo_token, tmp_path):
    first, second = png(tmp_path / "a.png", 1), png(tmp_path / "b.png", 2)
    async with httpx.AsyncClient(transport=DyingTransport(demo_app), base_url=DEMO) as http:
        app = make_app(http, demo_token)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: app.paperless is not None and app.names.loaded)
            before = await app.paperless.tasks.count()
            await pilot.press("plus")
            await until(pilot, lambda: isinstance(app.screen, UploadScreen))
            screen = app.screen
            screen.paths_input.value = f"{first} {second}"
            screen.query_one("#upload-title").value = "Still here"
            await pilot.press("ctrl+s")
            await until(pilot, lambda: not screen.sending and screen.problem)
            assert "The server did not answer: the files after it were not sent." in screen.problem
            assert screen.paths_input.value == f"{first} {second}"  # both left to send again
            assert screen.query_one("#upload-title").value == "Still here"
            assert app.problems and "Traceback" not in screen.problem
            assert await app.paperless.tasks.count() == before  # no half-state on the server


async def uploaded_custom_values(app, filename: str) -> dict:
    """Wait for the upload of `filename` to be consumed; its document's custom field values by field id."""
    tasks = await app.paperless.tasks.filter(acknowledged=False).page(1, page_size=100)
    ours = [t for t in tasks.results if (t.input_data or {}).get("filename") == filename]
    done = await app.paperless.tasks.wait(ours[0].task_id, max_wait=20, interval=0.05)
    document = await app.paperless.documents(done.document_id)
    return {item["field"]: item["value"] for item in document.custom_field_data}


async def test_custom_fields_typed_in_the_upload_form(demo_http, demo_app, demo_token, wait, tmp_path):
    demo_app.state.demo.consume_delay = 0.02
    png(tmp_path / "fields.png", 30)
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait(pilot, app)
        fields = app.names.custom_fields
        text_field = next(f for f in fields.values() if f.data_type == "string")
        number_field = next(f for f in fields.values() if f.data_type == "integer")
        await pilot.press("plus")
        await wait(pilot, app)
        screen = app.screen
        assert isinstance(screen, UploadScreen)
        await pilot.press(*f"{tmp_path}/fields.png")
        for field, typed in ((text_field, "INV-[b]42[/b]"), (number_field, "12x")):
            await pilot.press("ctrl+f")
            await wait(pilot, app)
            assert isinstance(app.screen, ChoicePicker)
            await pilot.press(*field.name, "enter")
            await wait(pilot, app)
            await pilot.press(*typed, "enter")
            await wait(pilot, app)
        # "12x" is not a whole number: the prompt stays, nothing is taken
        assert number_field.id not in screen.custom
        await pilot.press("backspace", "enter")
        await wait(pilot, app)
        assert screen.custom == {text_field.id: "INV-[b]42[/b]", number_field.id: 12}
        assert "INV-[b]42[/b]" in str(screen.query_one("#upload-chosen").render())
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, TasksScreen))
        values = await uploaded_custom_values(app, "fields.png")
        assert values[text_field.id] == "INV-[b]42[/b]" and values[number_field.id] == 12


class RefusingOnce(httpx.AsyncBaseTransport):
    """The demo server, whose first upload answers 500 (the form must keep everything for a retry)."""

    def __init__(self, app) -> None:
        self.inner = httpx.ASGITransport(app)
        self.refused = 0

    async def handle_async_request(self, request):
        if request.url.path == "/api/documents/post_document/" and not self.refused:
            self.refused += 1
            await request.aread()
            return httpx.Response(500, text="Internal Server Error", request=request)
        return await self.inner.handle_async_request(request)


async def test_every_custom_field_type_through_the_shared_parser_survives_a_failed_upload(
    demo_app, demo_token, tmp_path
):
    demo_app.state.demo.consume_delay = 0.02
    path = png(tmp_path / "typed.png", 40)
    transport = RefusingOnce(demo_app)
    async with httpx.AsyncClient(transport=transport, base_url=DEMO) as http:
        app = make_app(http, demo_token)
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: app.paperless is not None and app.names.loaded)
            fields = {f.name: f for f in app.names.custom_fields.values()}
            paid = next(key for key, label in fields["Payment Status"].options.items() if label == "Paid")
            await pilot.press("plus")
            await until(pilot, lambda: isinstance(app.screen, UploadScreen))
            screen = app.screen
            screen.paths_input.value = str(path)
            # (field, what is typed (refused first where a bad value is given), the value then held)
            typed = [
                ("Amount", ["12x", "12,5"], "EUR12.50"),
                ("Due Date", ["31.02.2024", "15.01.2024"], "2024-01-15"),  # models/dates.py forms
                ("Website", ["example.org", "https://example.org/a"], "https://example.org/a"),
                ("Related documents", ["1, two", "1, 2"], [1, 2]),
                ("VAT rate", ["19,5"], 19.5),
                ("Payment Status", ["Paid"], paid),
                ("Reviewed", ["Yes"], True),
            ]
            for name, attempts, _ in typed:
                await pilot.press("ctrl+f")
                await until(pilot, lambda: isinstance(app.screen, ChoicePicker))
                await pilot.press(*name, "enter")
                await until(pilot, lambda: not isinstance(app.screen, ChoicePicker))
                for attempt in attempts:
                    app.screen.query_one(Input).value = attempt
                    await pilot.press("enter")
                    await pilot.pause()
                    if attempt != attempts[-1]:  # refused in the form: the prompt stays, nothing taken
                        assert app.screen is not screen
                        assert fields[name].id not in screen.custom
                await until(pilot, lambda: app.screen is screen)
            wanted = {fields[name].id: value for name, _, value in typed}
            assert screen.custom == wanted
            shown = str(screen.query_one("#upload-chosen").render())
            assert (
                "Amount: EUR12.50" in shown and "Payment Status: Paid" in shown and "Reviewed: yes" in shown
            )
            await pilot.press("ctrl+s")
            await until(pilot, lambda: not screen.sending and screen.problem)
            assert transport.refused == 1 and app.problems
            assert screen.custom == wanted and screen.paths_input.value == str(path)  # kept for a retry
            await pilot.press("ctrl+s")
            await until(pilot, lambda: isinstance(app.screen, TasksScreen))
            assert await uploaded_custom_values(app, "typed.png") == wanted


async def test_new_tag_and_correspondent_made_from_the_upload_pickers(
    demo_http, demo_app, demo_token, wait, tmp_path
):
    demo_app.state.demo.consume_delay = 0.02
    path = png(tmp_path / "named.png", 50)
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait(pilot, app)
        await pilot.press("plus")
        await until(pilot, lambda: isinstance(app.screen, UploadScreen))
        screen = app.screen
        screen.paths_input.value = str(path)
        await pilot.press("ctrl+t")
        await until(pilot, lambda: isinstance(app.screen, TagPicker))
        await pilot.press(*"zz fresh tag", "enter")
        await until(pilot, lambda: app.screen is screen and screen.tags)
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, ChoicePicker))
        await pilot.press(*"Zz Fresh Sender", "enter")
        await until(pilot, lambda: app.screen is screen and "correspondent" in screen.choices)
        (tag,) = await app.paperless.tags.filter(name__iexact="zz fresh tag").as_list()
        (sender,) = await app.paperless.correspondents.filter(name__iexact="Zz Fresh Sender").as_list()
        assert screen.tags == {tag.id} and screen.choices["correspondent"] == sender.id
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, TasksScreen))
        tasks = await app.paperless.tasks.filter(acknowledged=False).page(1, page_size=100)
        ours = [t for t in tasks.results if (t.input_data or {}).get("filename") == "named.png"]
        done = await app.paperless.tasks.wait(ours[0].task_id, max_wait=20, interval=0.05)
        document = await app.paperless.documents(done.document_id)
        assert tag.id in document.tags and document.correspondent == sender.id
