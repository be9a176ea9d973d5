"""`paperless-tui upload FILE... [--title T] [--tag NAME]... [--correspondent NAME] [--type NAME] [--wait]`,
run as a subprocess against a real demo server on 127.0.0.1; the server's state is checked through the
client."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from paperless_tui.client import Paperless
from paperless_tui.demo.serve import running_server
from paperless_tui.demo.server import build_app

SRC = str(Path(__file__).resolve().parents[2] / "src")


@pytest.fixture
def fast_server(demo_token):
    """A demo server on 127.0.0.1 whose consumption takes a moment only."""
    app = build_app(token=demo_token, docs=60, seed=1)
    app.state.demo.consume_delay = 0.02
    with running_server(app=app) as url:
        yield url


def png(path: Path, text: str) -> Path:
    """A small PNG with `text` drawn on it (its bytes differ per text)."""
    image = Image.new("RGB", (120, 40), "white")
    ImageDraw.Draw(image).text((4, 12), text, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def upload(url: str, token: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": SRC, "PAPERLESS_URL": url, "PAPERLESS_TOKEN": token}
    return subprocess.run(
        [sys.executable, "-m", "paperless_tui", "upload", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def on_server(url: str, token: str, job):
    async def run():
        async with Paperless(url, token) as paperless:
            return await job(paperless)

    return asyncio.run(run())


async def _task_count(paperless) -> int:
    return await paperless.tasks.count()


def test_wait_prints_the_new_document_ids_with_the_names_resolved(fast_server, demo_token, tmp_path):
    async def names(paperless):
        tags = await paperless.tags.as_list()
        correspondents = await paperless.correspondents.as_list()
        types = await paperless.document_types.as_list()
        return tags[0], tags[1], correspondents[0], types[0]

    tag_a, tag_b, correspondent, doc_type = on_server(fast_server, demo_token, names)
    first, second = png(tmp_path / "one.png", "one"), png(tmp_path / "two.png", "two")
    result = upload(
        fast_server,
        demo_token,
        str(first),
        str(second),
        "--title",
        "From the shell",
        "--tag",
        tag_a.name.upper(),  # names match case-insensitively
        "--tag",
        tag_b.name,
        "--correspondent",
        correspondent.name,
        "--type",
        doc_type.name,
        "--wait",
    )
    assert result.returncode == 0, result.stderr
    ids = [int(line) for line in result.stdout.split()]
    assert len(ids) == 2

    async def documents(paperless):
        return [await paperless.documents(doc_id) for doc_id in ids]

    for document in on_server(fast_server, demo_token, documents):
        assert document.title == "From the shell"
        assert {tag_a.id, tag_b.id} <= set(document.tags)  # (and the inbox tag, as the server adds it)
        assert document.correspondent == correspondent.id
        assert document.document_type == doc_type.id
    assert sorted(d.original_file_name for d in on_server(fast_server, demo_token, documents)) == [
        "one.png",
        "two.png",
    ]


def test_without_wait_one_task_id_per_file(fast_server, demo_token, tmp_path):
    files = [png(tmp_path / f"f{i}.png", f"file {i}") for i in range(3)]
    result = upload(fast_server, demo_token, str(tmp_path / "f*.png"))  # a glob, expanded
    assert result.returncode == 0, result.stderr
    task_ids = result.stdout.split()
    assert len(task_ids) == len(files)

    async def tasks(paperless):
        return [await paperless.tasks.wait(task_id, max_wait=30, interval=0.1) for task_id in task_ids]

    done = on_server(fast_server, demo_token, tasks)
    assert [task.status for task in done] == ["SUCCESS"] * 3
    assert sorted(task.input_data["filename"] for task in done) == ["f0.png", "f1.png", "f2.png"]


def test_bad_paths_are_refused_by_name_before_anything_is_sent(fast_server, demo_token, tmp_path):
    good = png(tmp_path / "good.png", "good")
    folder = tmp_path / "folder"
    folder.mkdir()
    before = on_server(fast_server, demo_token, _task_count)
    result = upload(fast_server, demo_token, str(good), str(tmp_path / "missing.pdf"), str(folder))
    assert result.returncode == 2
    assert f"{tmp_path / 'missing.pdf'}: no such file" in result.stderr
    assert f"{folder} is a directory, not a file" in result.stderr
    assert "nothing uploaded" in result.stderr and result.stdout == ""
    assert on_server(fast_server, demo_token, _task_count) == before


def test_an_unknown_name_is_named_and_nothing_is_sent(fast_server, demo_token, tmp_path):
    good = png(tmp_path / "good.png", "good")
    before = on_server(fast_server, demo_token, _task_count)
    result = upload(fast_server, demo_token, str(good), "--tag", "No Such Tag")
    assert result.returncode == 2
    assert "no tag called 'No Such Tag'" in result.stderr
    result = upload(fast_server, demo_token, str(good), "--correspondent", "Nobody At All")
    assert result.returncode == 2 and "no correspondent called 'Nobody At All'" in result.stderr
    assert on_server(fast_server, demo_token, _task_count) == before


def test_rejected_and_failed_files_are_named_with_the_servers_reason(fast_server, demo_token, tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    text = tmp_path / "notes.txt"
    text.write_text("not a document the server consumes")
    good = png(tmp_path / "good.png", "fine")
    result = upload(fast_server, demo_token, str(empty), str(text), str(good), "--wait")
    assert result.returncode == 1
    assert f"{empty}: refused: " in result.stderr and "The submitted file is empty." in result.stderr
    assert f"{text}: failed: Unsupported mime type" in result.stderr
    assert len(result.stdout.split()) == 1  # the good file's document id
    doc_id = int(result.stdout)

    async def title(paperless):
        return (await paperless.documents(doc_id)).original_file_name

    assert on_server(fast_server, demo_token, title) == "good.png"


def test_a_duplicate_is_said(fast_server, demo_token, tmp_path):
    first = png(tmp_path / "same.png", "same bytes")
    copy = tmp_path / "copy.png"
    copy.write_bytes(first.read_bytes())
    result = upload(fast_server, demo_token, str(first), "--wait")
    assert result.returncode == 0, result.stderr
    original = int(result.stdout)
    result = upload(fast_server, demo_token, str(copy), "--wait")
    assert result.returncode == 0, result.stderr
    assert f"{copy}: note: a duplicate of #{original}" in result.stderr


def test_a_server_that_is_not_there_is_named(closed_port_url, demo_token, tmp_path):
    good = png(tmp_path / "good.png", "good")
    result = upload(closed_port_url, demo_token, str(good))
    assert result.returncode == 2
    assert "paperless-tui upload:" in result.stderr and "Traceback" not in result.stderr


def test_the_upload_command_does_not_import_textual(tmp_path):
    code = (
        "import sys\n"
        "from paperless_tui.cli import main\n"
        f"code = main(['upload', {str(tmp_path / 'missing.pdf')!r}])\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
        "raise SystemExit(code)\n"
    )
    env = {**os.environ, "PYTHONPATH": SRC}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 2, result.stderr
    assert "missing.pdf: no such file" in result.stderr
