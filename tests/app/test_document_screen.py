"""The document screen against the demo server: tabs, back to the list, files, and hostile text."""

from __future__ import annotations

from pathlib import Path
from urllib.request import url2pathname

import pytest
from textual.widgets import Input

from paperless_tui.app.application import create_app
from paperless_tui.app.data.connection import Connection
from paperless_tui.app.dialogs.file_exists import FileExists
from paperless_tui.app.dialogs.picker import PickerDialog
from paperless_tui.app.dialogs.prompt import PromptDialog
from paperless_tui.app.models.file_names import free_path, safe_filename, target_path
from paperless_tui.app.screens.document import DocumentScreen
from paperless_tui.app.screens.search import SearchScreen
from paperless_tui.app.widgets.content_view import ContentView, find_spans
from paperless_tui.app.widgets.results_list import ResultsList

DEMO = "http://demo.test"
PAYLOADS = ["[@click=app.quit]x[/]", "report [/b] 2024", "\x1b]2;pwned\x07", "\x1b[31m"]
SHOWN = ["[@click=app.quit]x[/]", "report [/b] 2024", "␛]2;pwned␇", "␛[31m"]


def make_app(demo_http, token):
    return create_app(Connection(DEMO, token, source="demo"), http_client=demo_http, image_renderer="unicode")


async def open_first_document(pilot, app, wait, *, down: int = 0) -> DocumentScreen:
    await wait(pilot, app)
    assert isinstance(app.screen, SearchScreen)
    await pilot.press("F")  # every document
    await wait(pilot, app)
    for _ in range(down):
        await pilot.press("j")
    await pilot.press("enter")
    await wait(pilot, app)
    assert isinstance(app.screen, DocumentScreen)
    return app.screen


async def test_tabs_are_one_key_away_and_escape_keeps_the_cursor(demo_http, demo_token, wait, screen_text):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 34)) as pilot:
        screen = await open_first_document(pilot, app, wait, down=2)
        search = app.screen_stack[-2]
        assert screen.active_tab == "details"
        text = screen_text(app)
        assert "Correspondent" in text and "Created" in text
        for key, tab in (
            ("2", "content"),
            ("3", "notes"),
            ("4", "history"),
            ("5", "share-links"),
            ("1", "details"),
        ):
            await pilot.press(key)
            await wait(pilot, app)
            assert screen.active_tab == tab
        await pilot.press("2")
        assert screen.text and screen.text.split()[0] in screen_text(app)
        await pilot.press("4")
        await wait(pilot, app)
        assert screen.history is not None and " · " in screen_text(app)
        await pilot.press("escape")
        await wait(pilot, app)
        assert app.screen is search
        assert search.query_one(ResultsList).cursor == 2
        # "More like this" from the document screen runs on the search screen.
        await pilot.press("enter")
        await wait(pilot, app)
        doc_id = app.screen.doc_id
        await pilot.press("m")
        await wait(pilot, app)
        assert app.screen is search
        assert search.state.to_params()["more_like_id"] == str(doc_id)
        assert not app.problems


async def api(demo_http, token, method, path, **kwargs):
    response = await demo_http.request(method, path, headers={"Authorization": f"Token {token}"}, **kwargs)
    assert response.status_code < 400, response.text
    return response.json() if response.content else None


async def test_custom_fields_render_by_type_and_links_can_be_followed(
    demo_http, demo_token, wait, screen_text
):
    fields = {f["id"]: f for f in (await api(demo_http, demo_token, "GET", "/api/custom_fields/"))["results"]}
    docs = (await api(demo_http, demo_token, "GET", "/api/documents/?fields=id,custom_fields&page_size=100"))[
        "results"
    ]
    money_id = next(i for i, f in fields.items() if f["data_type"] == "monetary")
    select_id = next(i for i, f in fields.items() if f["data_type"] == "select")
    link_id = next(i for i, f in fields.items() if f["data_type"] == "documentlink")
    doc = next(d for d in docs if {money_id, select_id} <= {v["field"] for v in d["custom_fields"]})
    other = next(d["id"] for d in docs if d["id"] != doc["id"])
    values = [v for v in doc["custom_fields"] if v["field"] != link_id] + [
        {"field": link_id, "value": [other]}
    ]
    await api(demo_http, demo_token, "PATCH", f"/api/documents/{doc['id']}/", json={"custom_fields": values})
    value = {v["field"]: v["value"] for v in values}
    options = {o["id"]: o["label"] for o in fields[select_id]["extra_data"]["select_options"]}
    other_title = (await api(demo_http, demo_token, "GET", f"/api/documents/{other}/"))["title"]

    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 50)) as pilot:
        await wait(pilot, app)
        app.screen.open_document(doc["id"])
        await wait(pilot, app)
        text = screen_text(app)
        raw_money = value[money_id]
        amount = raw_money.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        assert f"{amount} {raw_money[:3]}" in text  # "171.76 EUR", not "EUR171.76"
        assert options[value[select_id]] in text  # the label, not the option id
        assert value[select_id] not in text
        assert other_title[:30] in text
        app.screen.query_one("#details-links").focus()
        await pilot.press("enter")
        await wait(pilot, app)
        assert isinstance(app.screen, DocumentScreen) and app.screen.doc_id == other
        await pilot.press("escape")
        await wait(pilot, app)
        assert app.screen.doc_id == doc["id"]


async def make_hostile(demo_http, token) -> int:
    """Give document 1 a hostile title, notes, tag and correspondent name; add a hostile saved view."""
    doc_id = 1
    tag = await api(
        demo_http, token, "POST", "/api/tags/", json={"name": PAYLOADS[0] + " tag", "color": "#a6cee3"}
    )
    detail = await api(demo_http, token, "GET", f"/api/documents/{doc_id}/")
    await api(
        demo_http,
        token,
        "PATCH",
        f"/api/documents/{doc_id}/",
        json={"title": " | ".join(PAYLOADS), "tags": [*detail["tags"], tag["id"]]},
    )
    for payload in PAYLOADS:
        await api(
            demo_http, token, "POST", f"/api/documents/{doc_id}/notes/", json={"note": f"note {payload}"}
        )
    view = {
        "name": " ".join(PAYLOADS),
        "filter_rules": [{"rule_type": 0, "value": "a"}],
        "sort_reverse": False,
    }
    await api(demo_http, token, "POST", "/api/saved_views/", json=view)
    if detail.get("correspondent"):
        await api(
            demo_http,
            token,
            "PATCH",
            f"/api/correspondents/{detail['correspondent']}/",
            json={"name": PAYLOADS[1]},
        )
    return doc_id


async def test_hostile_text_is_shown_literally_everywhere(
    demo_http, demo_token, wait, screen_text, terminal_output
):
    doc_id = await make_hostile(demo_http, demo_token)
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(200, 40)) as pilot:
        await wait(pilot, app)
        search = app.screen
        await pilot.press("slash")
        search.query_one("#search-input").value = " ".join(["title:pwned"])
        await pilot.press("enter")
        await wait(pilot, app)
        search.query_one("#search-input").value = ""
        await pilot.press("escape", "F")
        await wait(pilot, app)
        # In the list (first rows are sorted by created; find ours via the result set).
        result_set = search.result_set
        index = next(
            i for i in range(result_set.total) if result_set.row(i) and result_set.row(i).id == doc_id
        )
        search.query_one(ResultsList).cursor = index
        await wait(pilot, app)
        listed = screen_text(app)
        assert SHOWN[0] in listed and SHOWN[2] in listed and SHOWN[3] in listed
        output = terminal_output(app)
        assert "\x1b]2;pwned" not in output and "\x07" not in output and "␛]2;pwned␇" in output
        # Clicking the hostile title runs no action.
        results = search.query_one(ResultsList)
        await pilot.click(ResultsList, offset=(30, index - int(results.scroll_y) + 1))
        await wait(pilot, app)
        assert app.is_running
        await pilot.press("enter")
        await wait(pilot, app)
        assert isinstance(app.screen, DocumentScreen)
        for tab in ("1", "3", "4"):
            await pilot.press(tab)
            await wait(pilot, app)
            text = screen_text(app)
            for shown in SHOWN:
                assert shown in text, (tab, shown)
            output = terminal_output(app)
            assert "\x1b]2;" not in output and "\x07" not in output
        assert app.is_running and not app.problems
        # A hostile saved view name: in the picker and as a chip.
        await pilot.press("escape")
        await wait(pilot, app)
        await pilot.press("v")
        assert isinstance(app.screen, PickerDialog)
        await pilot.press(*"pwned")
        picker_text = screen_text(app)
        assert SHOWN[0] in picker_text and SHOWN[2] in picker_text
        await pilot.press("enter")
        await wait(pilot, app)
        chip_text = screen_text(app)
        assert "View: " + SHOWN[0] in chip_text
        assert app.is_running and not app.problems


async def test_save_sanitises_the_name_and_never_overwrites_silently(
    demo_http, demo_token, wait, tmp_path, screen_text
):
    doc_id = await make_hostile(demo_http, demo_token)
    folder = tmp_path / "saves"
    folder.mkdir()
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 34)) as pilot:
        await wait(pilot, app)
        app.screen.open_document(doc_id)
        await wait(pilot, app)
        for attempt in range(2):
            await pilot.press("s")
            assert isinstance(app.screen, PickerDialog)
            await pilot.press("enter")  # archive version
            assert isinstance(app.screen, PromptDialog)
            app.screen.query_one("#prompt-input").value = str(folder)
            await pilot.press("enter")
            if attempt == 0:
                await wait(pilot, app)
                continue
            # The download worker now waits for an answer: do not wait for workers here.
            await until_screen(pilot, app, FileExists)
            await pilot.press("k")  # keep both
            await wait(pilot, app)
        saved = sorted(folder.iterdir())
        assert len(saved) == 2
        for path in saved:
            assert path.parent == folder
            assert "\x1b" not in path.name and "/" not in path.name and "\x07" not in path.name
            assert path.read_bytes()[:4] == b"%PDF"
        assert saved[1].stem.endswith("(1)") or saved[0].stem.endswith("(1)")
        # The toasts name the saved files literally (the sanitised server file name, no markup run).
        toasts = [n.message for n in app._notifications]
        assert any(str(saved[0]) in t for t in toasts) or any(str(saved[1]) in t for t in toasts)
        assert "b] 2024" in screen_text(app)
        assert not app.problems


async def until_screen(pilot, app, kind) -> None:
    """Wait for a `kind` screen (a download worker waiting for an answer: do not wait for workers)."""
    for _ in range(100):
        if isinstance(app.screen, kind):
            return
        await pilot.pause(0.05)
    raise AssertionError(f"no {kind.__name__}; {app.screen!r}")


async def save_into(pilot, app, folder: str) -> None:
    await pilot.press("s")
    assert isinstance(app.screen, PickerDialog)
    await pilot.press("enter")  # archive version
    assert isinstance(app.screen, PromptDialog)
    app.screen.query_one("#prompt-input").value = folder
    await pilot.press("enter")


async def test_save_dialog_keeps_a_bad_folder_open_remembers_the_folder_and_escape_cancels(
    demo_http, demo_token, wait, tmp_path, screen_text
):
    folder = tmp_path / "saves"
    folder.mkdir()
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 34)) as pilot:
        await wait(pilot, app)
        app.screen.open_document(1)
        await wait(pilot, app)
        # A folder that is not there: the dialog says so and stays, with what was typed.
        await save_into(pilot, app, str(tmp_path / "nope"))
        assert isinstance(app.screen, PromptDialog)
        assert "is not a folder" in screen_text(app)
        app.screen.query_one("#prompt-input").value = str(folder)
        await pilot.press("enter")
        await wait(pilot, app)
        assert len(list(folder.iterdir())) == 1
        # The next save offers the folder used last: enter on the empty input saves there.
        await pilot.press("s", "enter")
        assert isinstance(app.screen, PromptDialog)
        assert app.screen.query_one("#prompt-input").placeholder == str(folder.resolve())
        await pilot.press("enter")
        # The file is there already: escape cancels, nothing more is saved.
        await until_screen(pilot, app, FileExists)
        await pilot.press("escape")
        await wait(pilot, app)
        assert len(list(folder.iterdir())) == 1
        assert "Not saved" in screen_text(app)
    # ... and the folder is remembered by the next session too.
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 34)) as pilot:
        await wait(pilot, app)
        app.screen.open_document(1)
        await wait(pilot, app)
        await pilot.press("s", "enter")
        assert app.screen.query_one("#prompt-input").placeholder == str(folder.resolve())


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("/etc/shadow", "shadow"),
        ("..", "fallback"),
        ("a\\b\\..\\c.pdf", "c.pdf"),
        ("\x1b]2;pwned\x07.pdf", "_]2;pwned_.pdf"),
        ("CON.txt", "_CON.txt"),
        ("...hidden.pdf", "hidden.pdf"),
        ("2024-01-15 ACME: invoice?.pdf", "2024-01-15 ACME_ invoice_.pdf"),
        (None, "fallback"),
        ("", "fallback"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name, "fallback") == expected


def test_long_names_keep_their_extension_and_stay_inside(tmp_path: Path):
    name = safe_filename("x" * 500 + ".pdf", "fallback")
    assert name.endswith(".pdf") and len(name.encode()) <= 200
    assert target_path(tmp_path, name).parent == tmp_path.resolve()
    with pytest.raises(ValueError):
        target_path(tmp_path, "../escape.pdf")
    (tmp_path / "a.pdf").write_bytes(b"x")
    assert free_path(tmp_path / "a.pdf").name == "a (1).pdf"


def graphical_session(monkeypatch) -> None:
    """A desktop session with xdg-open, whatever machine the tests run on."""
    import shutil

    which = shutil.which
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.setattr(
        shutil, "which", lambda name: f"/usr/bin/{name}" if name == "xdg-open" else which(name)
    )


async def test_open_says_so_when_no_viewer_can_run_and_keeps_the_file(
    demo_http, demo_token, wait, monkeypatch, tmp_path, screen_text
):
    # Over SSH: no display on this host, so nothing could show the file.
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.2 50000 10.0.0.1 22")
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Downloads").mkdir()
    app = make_app(demo_http, demo_token)
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=(120, 34)) as pilot:
        await wait(pilot, app)
        app.screen.open_document(1)
        await wait(pilot, app)
        await pilot.press("o")
        await wait(pilot, app)
        assert opened == []
        saved = list((tmp_path / "Downloads").iterdir())
        assert len(saved) == 1 and saved[0].read_bytes()[:4] == b"%PDF"
        toast = (
            app._notifications.last if hasattr(app._notifications, "last") else list(app._notifications)[-1]
        )
        assert toast.title == "Not opened"
        assert "over SSH" in toast.message and str(saved[0]) in toast.message
        assert "Opened" not in screen_text(app)
    assert saved[0].exists()  # kept after the app quits


async def test_open_with_the_viewer_named_in_the_config(demo_http, demo_token, wait, monkeypatch, tmp_path):
    import sys

    from paperless_tui.app.data.config import Config

    marker = tmp_path / "viewer-was-given"
    script = "import pathlib, sys; pathlib.Path(sys.argv[1]).write_text(sys.argv[2])"
    config = Config(path=tmp_path / "config.toml", viewer=f"{sys.executable} -c '{script}' {marker} {{}}")
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):  # a viewer of the user's choice needs no display here
        monkeypatch.delenv(name, raising=False)
    app = create_app(
        Connection(DEMO, demo_token, source="demo"),
        http_client=demo_http,
        image_renderer="unicode",
        config=config,
    )
    async with app.run_test(size=(120, 34)) as pilot:
        await wait(pilot, app)
        app.screen.open_document(1)
        await wait(pilot, app)
        await pilot.press("o")
        await wait(pilot, app)
        for _ in range(100):
            if marker.exists():
                break
            await pilot.pause(0.05)
        path = Path(marker.read_text())
        assert path.read_bytes()[:4] == b"%PDF"  # noqa: ASYNC240
        assert app.screen.status.startswith("Opened in ")


@pytest.mark.parametrize(
    ("command", "env", "platform", "problem"),
    [
        (None, {"DISPLAY": ":0"}, "linux", None),
        (None, {"WAYLAND_DISPLAY": "wayland-0"}, "linux", None),
        (None, {}, "linux", "no graphical display"),
        (None, {"SSH_CONNECTION": "a b c d"}, "linux", "over SSH"),
        (None, {"SSH_TTY": "/dev/pts/1"}, "darwin", "over SSH"),
        (None, {}, "darwin", None),
        (None, {}, "win32", None),
        ("zathura --fork", {}, "linux", None),
        ("nosuchviewer {}", {"DISPLAY": ":0"}, "linux", "'nosuchviewer' (config: viewer) was not found"),
    ],
)
def test_viewer_problem(command, env, platform, problem):
    from paperless_tui.app.viewer import viewer_problem

    found = viewer_problem(
        command, env, platform, which=lambda name: None if name == "nosuchviewer" else name
    )
    assert found == problem if problem is None else problem in found


def test_viewer_argv():
    from paperless_tui.app.viewer import viewer_argv

    assert viewer_argv("zathura --fork", Path("/t/a b.pdf")) == ["zathura", "--fork", "/t/a b.pdf"]
    assert viewer_argv("flatpak run x --file={}", Path("/t/a.pdf")) == [
        "flatpak",
        "run",
        "x",
        "--file=/t/a.pdf",
    ]


async def test_open_with_the_viewer_and_copy_share_urls(
    demo_http, demo_token, wait, monkeypatch, screen_text
):
    links = await api(demo_http, demo_token, "GET", "/api/share_links/")
    link = links["results"][0]
    app = make_app(demo_http, demo_token)
    opened: list[str] = []
    copied: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    graphical_session(monkeypatch)
    async with app.run_test(size=(120, 34)) as pilot:
        await wait(pilot, app)
        app.screen.open_document(link["document"])
        await wait(pilot, app)
        # o: download to a temporary file and hand it to the system's viewer.
        await pilot.press("o")
        await wait(pilot, app)
        assert len(opened) == 1 and opened[0].startswith("file://")
        path = Path(url2pathname(opened[0].removeprefix("file://")))
        assert path.read_bytes()[:4] == b"%PDF"  # noqa: ASYNC240
        assert path.parent.name.startswith("paperless-tui-")
        # 5 then c: the share link's public URL goes to the clipboard.
        await pilot.press("5")
        await wait(pilot, app)
        text = screen_text(app)
        assert link["slug"][:12] in text and link["file_version"] in text
        await pilot.press("c")
        await wait(pilot, app)
        assert copied == [f"{DEMO}/share/{link['slug']}"]
        assert not app.problems
    assert not path.parent.exists()  # the viewer's temporary folder goes with the app


async def test_hostile_names_in_the_completion_menu_are_shown_literally(
    demo_http, demo_token, wait, screen_text, terminal_output
):
    await make_hostile(demo_http, demo_token)
    tag = await api(demo_http, demo_token, "POST", "/api/tags/", json={"name": "zz \x1b]2;pwned\x07 [b]x"})
    assert tag["id"]
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 34)) as pilot:
        await wait(pilot, app)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press("slash", *"tag:")
        await pilot.pause()
        texts = [c.text for c in screen.completions]
        assert any("[@click=app.quit]x[/]" in t for t in texts)
        await pilot.press(*"zz")
        await pilot.pause()
        text = screen_text(app)
        assert "␛]2;pwned␇ [b]x" in text
        output = terminal_output(app)
        assert "\x1b]2;pwned" not in output and "\x07" not in output
        await pilot.press("tab")
        assert "\x1b" not in screen.search_input.value and "␛]2;pwned␇" in screen.search_input.value
        assert app.is_running and not app.problems


async def test_find_in_content_works_as_in_less(demo_http, demo_token, wait, screen_text):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 34)) as pilot:
        screen = await open_first_document(pilot, app, wait)
        await pilot.press("2")
        await wait(pilot, app)
        view = screen.query_one(ContentView)
        word = next(w for w in screen.text.split() if len(w) > 2 and len(find_spans(screen.text, w)) >= 2)
        # `/`, the word, enter: the box is left, the matches stay, n/N move between them.
        await pilot.press("slash", *word, "enter")
        await wait(pilot, app)
        box = view.query_one("#content-find", Input)
        assert not box.has_focus and box.value == word
        count = len(view.matches)
        assert count >= 2 and view.current == 0
        assert f"1 of {count}" in screen_text(app)
        await pilot.press("n")
        assert view.current == 1 and box.value == word
        assert f"2 of {count}" in screen_text(app)
        await pilot.press("N", "N")
        assert view.current == count - 1
        # escape closes the find; the next escape goes back to the list.
        await pilot.press("escape")
        assert view.find == "" and not view.has_class("-finding")
        assert isinstance(app.screen, DocumentScreen)


async def test_the_title_shows_once_in_the_header_and_once_among_the_details(
    demo_http, demo_token, wait, screen_text
):
    app = make_app(demo_http, demo_token)
    async with app.run_test(size=(120, 34)) as pilot:
        screen = await open_first_document(pilot, app, wait)
        title = screen.document.title
        lines = [line.strip() for line in screen_text(app).splitlines()]
        assert title in lines[0]  # the header
        assert [line for line in lines[1:] if line.endswith(title)] == [f"Title            {title}"]
        assert title not in lines  # no line of its own under the header
        # The page preview's header names the document too, not the archive.
        await pilot.press("P")
        await wait(pilot, app)
        lines = [line.strip() for line in screen_text(app).splitlines()]
        assert title in lines[0] and "demo archive" not in lines[0]
        assert title not in lines
