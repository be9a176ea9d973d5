"""The upload form (`+` on the search screen): files, then optional title, created date, ASN, tags,
correspondent, type and storage path (the shared pickers, through `flows/pick.py`, so new names can be
made on the way) and custom fields (ctrl+f: a field, then its value asked by its data type with
`flows/custom_value.py`, the parser the edit form and the bulk editor use; ctrl+f on a field already
set changes it or leaves it out), sent with ctrl+s (custom fields as the `{id: value}` JSON object
`post_document` takes).

The path line takes several paths (spaces between them, quotes around one with spaces) or a glob;
`tab` completes the last one from the disk (directories and files, the matches listed below). Every
path is checked before anything is sent (a missing path, a directory or an unreadable file is named).
Large files show how much has been sent. A failure (the server rejects a file or goes away) is said in
the form and on the app's error route; the form keeps everything typed, and only the files that did not
go stay on the path line. When all went, the screen closes with the task ids and the tasks screen shows
them.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import Button, Header, Input, ProgressBar, Static

from paperless_tui.app.commands import bindings
from paperless_tui.app.models.dates import parse_date as parse_typed_date
from paperless_tui.app.models.lookups import Lookups
from paperless_tui.app.models.progress import Throttle
from paperless_tui.app.models.uploads import complete_path, expand_paths, file_problems, split_paths
from paperless_tui.app.safe_text import clean, inert
from paperless_tui.app.surface import AppScreen
from paperless_tui.app.widgets.key_footer import KeyFooter

PROGRESS_SECONDS = 0.1

CHOICES = {
    "correspondent": ("Correspondent", "correspondents"),
    "document_type": ("Document type", "document_types"),
    "storage_path": ("Storage path", "storage_paths"),
}


@dataclass
class UploadProgress(Message):
    name: str
    sent: int
    total: int


@dataclass
class UploadEnded(Message):
    """The upload run ended: `task_ids` of the files that went, `left` the paths that did not."""

    task_ids: list[str]
    left: list[str]
    problems: list[str]


class UploadScreen(AppScreen[list[str] | None]):
    """Upload files; dismisses with the task ids (None when cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("upload")

    tags: var[frozenset[int]] = var(frozenset())
    choices: var[dict[str, int]] = var(dict)
    custom: var[dict[int, Any]] = var(dict)
    """Custom field id -> value (typed as the field's data type)."""
    problem: var[str] = var("")
    sending: var[bool] = var(False)
    lookups: var[Lookups] = var(Lookups, always_update=True)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="upload-form"):
            yield Static("Files (several: spaces between; a glob; tab completes)", classes="upload-label")
            yield Input(placeholder="~/scans/*.pdf", id="upload-paths")
            yield Static(id="upload-matches")
            yield Static("Title (empty: the server's choice)", classes="upload-label")
            yield Input(id="upload-title")
            yield Static(
                "Created (2024-01-15, 15.01.2024, today, -3; empty: from the content)", classes="upload-label"
            )
            yield Input(id="upload-created")
            yield Static("Archive serial number", classes="upload-label")
            yield Input(id="upload-asn", restrict=r"[0-9]*")
            with Horizontal(id="upload-pickers"):
                yield Button("Tags (ctrl+t)", id="pick-tags")
                yield Button("Correspondent (ctrl+o)", id="pick-correspondent")
                yield Button("Type (ctrl+y)", id="pick-document_type")
                yield Button("Storage path (ctrl+l)", id="pick-storage_path")
                yield Button("Custom field (ctrl+f)", id="pick-custom_field")
            yield Static(id="upload-chosen")
            yield ProgressBar(id="upload-progress", show_eta=False)
            yield Static(id="upload-problem")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Upload"
        self.watch(self.app, "names", self._names_changed)
        self.query_one("#upload-progress", ProgressBar).display = False
        self.query_one("#upload-paths", Input).focus()
        self._show_chosen()

    def _names_changed(self, names: Lookups) -> None:
        self.lookups = names
        self._show_chosen()

    @property
    def paths_input(self) -> Input:
        return self.query_one("#upload-paths", Input)

    def value(self, name: str) -> str:
        return self.query_one(f"#upload-{name}", Input).value.strip()

    # ------------------------------------------------------------------ path completion

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "complete":
            return self.paths_input.has_focus
        if action == "send":
            return not self.sending
        return True

    def action_complete(self) -> None:
        text = self.paths_input.value
        head, _, word = text.rpartition(" ")
        completed, matches = complete_path(word)
        if completed != word:
            self.paths_input.value = f"{head} {completed}" if head else completed
            self.paths_input.cursor_position = len(self.paths_input.value)
        shown = "  ".join(matches) if matches else "(nothing matches)"
        self.query_one("#upload-matches", Static).update(inert(shown))

    # ------------------------------------------------------------------ pickers

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("pick-"):
            self.action_pick(event.button.id.removeprefix("pick-"))

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_pick(self, what: str) -> None:
        if what == "custom_field":
            await self._pick_custom_field()
        elif what == "tags":
            from paperless_tui.app.flows.pick import pick_tags

            picked = await pick_tags(self.app, "Tags", counts={t: 1 for t in self.tags}, total=1)
            if picked is not None:
                add, remove = picked
                self.tags = (self.tags | add) - remove
        else:
            from paperless_tui.app.flows.pick import CANCELLED, pick_value

            title, _table = CHOICES[what]
            value = await pick_value(self.app, what, title, current=self.choices.get(what))
            if value is CANCELLED:
                return
            chosen = dict(self.choices)
            if isinstance(value, int):
                chosen[what] = value
            else:
                chosen.pop(what, None)
            self.choices = chosen
        self._show_chosen()

    async def _pick_custom_field(self) -> None:
        """Choose a custom field and its value (typed); a field already set can be changed or dropped."""
        from paperless_tui.app.dialogs.picker import PickerDialog
        from paperless_tui.app.flows.custom_value import ask_value, pick_field

        info = await pick_field(self, self.lookups.custom_fields)
        if info is None:
            return
        custom = dict(self.custom)
        if info.id in custom:
            how = await self.app.push_screen_wait(
                PickerDialog(
                    info.name, [("set", f"Change {info.name}"), ("remove", f"Leave {info.name} out")]
                )
            )
            if how is None:
                return
            if how == "remove":
                custom.pop(info.id)
                self.custom = custom
                return
        ok, value = await ask_value(self, info)
        if ok:
            custom[info.id] = value
            self.custom = custom

    def watch_custom(self) -> None:
        self._show_chosen()

    def _show_chosen(self) -> None:
        if not self.is_mounted:
            return
        names = self.lookups
        parts = []
        if self.tags:
            parts.append("tags: " + ", ".join(sorted(names.tag_name(t) for t in self.tags)))
        for what, (title, _) in CHOICES.items():
            if what in self.choices:
                label = getattr(names, what)(self.choices[what])
                parts.append(f"{title.lower()}: {label}")
        from paperless_tui.app.flows.custom_value import value_label

        for field_id, value in self.custom.items():
            info = names.custom_fields.get(field_id)
            if info is not None:
                parts.append(f"{info.name}: {value_label(info, value)}")
        self.query_one("#upload-chosen", Static).update(
            inert(" · ".join(parts) or "No tags, names or custom fields chosen.")
        )

    def watch_problem(self, problem: str) -> None:
        self.query_one("#upload-problem", Static).update(
            Content.styled(clean(problem, multiline=True), "$text-error")
        )

    # ------------------------------------------------------------------ sending

    def action_cancel(self) -> None:
        if self.sending:
            self.workers.cancel_group(self, "upload")
            self.sending = False
            self.problem = "Upload cancelled; the files not yet sent are still on the path line."
            return
        self.dismiss(None)

    def _fields(self) -> dict[str, object] | str:
        """The upload's fields, or what is wrong with the form."""
        fields: dict[str, object] = {}
        if self.value("title"):
            fields["title"] = self.value("title")
        created = self.value("created")
        if created:
            day = parse_typed_date(created)
            if day is None:
                return f"Created: {created!r} is not a date (2024-01-15, 15.01.2024, today, -3)."
            fields["created"] = day
        if self.value("asn"):
            fields["archive_serial_number"] = int(self.value("asn"))
        if self.tags:
            fields["tags"] = sorted(self.tags)
        fields.update(self.choices)
        if self.custom:
            fields["custom_fields"] = dict(self.custom)
        return fields

    def action_send(self) -> None:
        words = split_paths(self.paths_input.value)
        paths = expand_paths(words)
        if not paths:
            self.problem = "Type the path of at least one file."
            return
        problems = file_problems(paths)
        if problems:
            self.problem = "Nothing sent:\n" + "\n".join(problems)
            return
        fields = self._fields()
        if "archive_serial_number" in fields and len(paths) > 1:
            fields = (
                f"An archive serial number names one document: upload one file with it, not {len(paths)}."
            )
        if isinstance(fields, str):
            self.problem = fields
            return
        self.problem = ""
        self.sending = True
        self._upload(paths, fields)

    @work(exclusive=True, group="upload", exit_on_error=False)
    async def _upload(self, paths: list[Path], fields: dict[str, object]) -> None:
        from paperless_tui.client import exceptions as client_errors

        paperless = await self.app.wait_for_client()
        task_ids: list[str] = []
        problems: list[str] = []
        left: list[str] = []
        for index, path in enumerate(paths):
            if left and not problems:
                left.append(str(path))
                continue
            try:
                data = await asyncio.to_thread(path.read_bytes)
                task_ids.append(await self._send_one(paperless, path, data, fields))
            except OSError as error:
                problems.append(f"{path}: cannot be read ({error.strerror or error})")
                left.append(str(path))
            except client_errors.PaperlessError as error:
                problem = self.app.report_error(error, doing=f"uploading {path.name}")
                problems.append(f"{path}: {problem.message}")
                left.append(str(path))
                if isinstance(error, client_errors.PaperlessConnectionError):
                    left.extend(str(rest) for rest in paths[index + 1 :])
                    problems.append("The server did not answer: the files after it were not sent.")
                    break
        self.post_message(UploadEnded(task_ids, left, problems))

    async def _send_one(self, paperless: Any, path: Path, data: bytes, fields: dict[str, object]) -> str:
        """Upload one file, posting its progress (at most every `PROGRESS_SECONDS`)."""
        name = path.name

        def report(done: tuple[int, int]) -> None:
            self.post_message(UploadProgress(name, *done))

        throttle: Throttle[tuple[int, int]] = Throttle(report, PROGRESS_SECONDS)
        try:
            draft = paperless.documents.create(document=data, filename=name, **fields)
            task_id: str = await paperless.documents.save(
                draft, progress=lambda s, t: throttle.update((s, t))
            )
            throttle.flush()
        finally:
            throttle.close()
        return task_id

    @on(UploadProgress)
    def _progress(self, message: UploadProgress) -> None:
        bar = self.query_one("#upload-progress", ProgressBar)
        bar.display = True
        bar.update(total=message.total, progress=message.sent)

    @on(UploadEnded)
    def _ended(self, message: UploadEnded) -> None:
        self.sending = False
        self.query_one("#upload-progress", ProgressBar).display = False
        if not message.left:
            self.dismiss(message.task_ids)
            return
        import shlex

        self.paths_input.value = " ".join(shlex.quote(path) for path in message.left)
        sent = f"{len(message.task_ids)} sent (see the tasks screen, T). " if message.task_ids else ""
        self.problem = sent + "Not sent, left on the path line:\n" + "\n".join(message.problems)
