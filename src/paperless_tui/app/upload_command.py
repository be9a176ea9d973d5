"""`paperless-tui upload FILE... [--title T] [--tag NAME]... [--correspondent NAME] [--type NAME] [--wait]`.

Connects as the app does (`--url`/`--token`, `PAPERLESS_URL`/`PAPERLESS_TOKEN`, `--profile` or the
config's default profile, a token stored for the URL). Every path is checked before anything is sent:
a missing path, a directory or an unreadable file is refused, naming it. Names are resolved to ids
(an unknown name is refused, naming it). Then each file is uploaded: stdout gets one task id per file,
or with `--wait` the new document id once the server has consumed it. A file the server rejects, or
whose consumption fails, is named on stderr with the server's reason, and the exit code is 1. A
duplicate the server accepted anyway (Paperless-ngx 3.0 does) is said on stderr.

Never imports Textual: it starts fast and runs where no terminal is.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from paperless_tui.app.data.config import ConfigError, load_config
from paperless_tui.app.data.connection import resolve_connection
from paperless_tui.app.models.uploads import (
    UnknownName,
    expand_paths,
    file_problems,
    resolve_name,
    task_outcome,
)

if TYPE_CHECKING:
    from paperless_tui.client import Paperless

PROG = "paperless-tui upload"
WAIT_SECONDS = 300.0
"""How long `--wait` waits for one file's consumption."""


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Upload files to Paperless-ngx. Prints one task id per file "
        "(with --wait: the new document ids).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="files to upload (globs are expanded)")
    parser.add_argument("--title", help="title of the new document(s)")
    parser.add_argument("--tag", action="append", default=[], metavar="NAME", help="a tag (repeatable)")
    parser.add_argument("--correspondent", metavar="NAME")
    parser.add_argument("--type", metavar="NAME", dest="document_type", help="document type")
    parser.add_argument("--wait", action="store_true", help="wait for consumption; print document ids")
    parser.add_argument("--url", help="Paperless-ngx URL (or PAPERLESS_URL)")
    parser.add_argument("--token", help="API token (or PAPERLESS_TOKEN)")
    parser.add_argument("--profile", help="named profile from the config file")
    return parser


def main(argv: list[str], *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command; returns the exit code (0 all uploaded, 1 some file failed, 2 nothing sent)."""
    out = out or sys.stdout
    err = err or sys.stderr
    ns = parser().parse_args(argv)
    paths = expand_paths(ns.files)
    problems = file_problems(paths)
    if problems:
        for problem in problems:
            print(f"{PROG}: {problem}", file=err)
        print(f"{PROG}: nothing uploaded", file=err)
        return 2
    try:
        connection = resolve_connection(load_config(), url=ns.url, token=ns.token, profile=ns.profile)
    except ConfigError as error:
        print(f"{PROG}: {error}", file=err)
        return 2
    if not connection.token:
        print(
            f"{PROG}: no token for {connection.url}: "
            "give --token or PAPERLESS_TOKEN (or log in once in the app)",
            file=err,
        )
        return 2
    return asyncio.run(_upload(ns, paths, connection.url, connection.token, out, err))


async def _names(paperless: Paperless, ns: argparse.Namespace) -> dict[str, Any]:
    """The upload's fields with names resolved to ids (`UnknownName` for a name the server lacks)."""
    fields: dict[str, Any] = {}
    if ns.title:
        fields["title"] = ns.title
    if ns.tag:
        tags = [(tag.id, tag.name) for tag in await paperless.tags.as_list()]
        fields["tags"] = [resolve_name("tag", name, tags) for name in ns.tag]
    if ns.correspondent:
        items = [(c.id, c.name) for c in await paperless.correspondents.as_list()]
        fields["correspondent"] = resolve_name("correspondent", ns.correspondent, items)
    if ns.document_type:
        items = [(t.id, t.name) for t in await paperless.document_types.as_list()]
        fields["document_type"] = resolve_name("document type", ns.document_type, items)
    return fields


async def _upload(
    ns: argparse.Namespace, paths: list[Path], url: str, token: str, out: TextIO, err: TextIO
) -> int:
    from paperless_tui.client import Paperless
    from paperless_tui.client import exceptions as client_errors

    failed = 0
    try:
        async with Paperless(url, token) as paperless:
            try:
                fields = await _names(paperless, ns)
            except UnknownName as error:
                print(f"{PROG}: {error}; nothing uploaded", file=err)
                return 2
            tasks: list[tuple[Path, str]] = []
            for path in paths:
                try:
                    data = await asyncio.to_thread(path.read_bytes)
                    draft = paperless.documents.create(document=data, filename=path.name, **fields)
                    task_id = await paperless.documents.save(draft)
                except OSError as error:
                    failed += 1
                    print(f"{PROG}: {path}: cannot be read ({error.strerror or error})", file=err)
                    continue
                except client_errors.PaperlessError as error:
                    failed += 1
                    print(f"{PROG}: {path}: refused: {error.human}", file=err)
                    if isinstance(error, client_errors.PaperlessConnectionError):
                        break  # the server is gone: the other files would fail the same way
                    continue
                tasks.append((path, task_id))
                if not ns.wait:
                    print(task_id, file=out, flush=True)
            if ns.wait:
                for path, task_id in tasks:
                    failed += await _wait_for(paperless, path, task_id, out, err)
    except client_errors.PaperlessError as error:
        print(f"{PROG}: {error.human}", file=err)
        return 2 if not failed else 1
    return 1 if failed else 0


async def _wait_for(paperless: Paperless, path: Path, task_id: str, out: TextIO, err: TextIO) -> int:
    """Wait for one task; print its document id (0) or say why it failed (1)."""
    task = await paperless.tasks.wait(task_id, max_wait=WAIT_SECONDS, interval=0.5)
    outcome = task_outcome(task)
    if outcome.state == "failure":
        print(f"{PROG}: {path}: failed: {outcome.message}", file=err)
        return 1
    if not outcome.done or outcome.document_id is None:
        print(f"{PROG}: {path}: not consumed within {WAIT_SECONDS:g} s (task {task_id})", file=err)
        return 1
    print(outcome.document_id, file=out, flush=True)
    document = await paperless.documents(outcome.document_id)
    duplicates = [d for d in getattr(document, "duplicate_documents", None) or () if d.id != document.id]
    if duplicates:
        listed = ", ".join(f"#{d.id}" for d in duplicates)
        print(f"{PROG}: {path}: note: a duplicate of {listed} (the server kept it)", file=err)
    return 0
