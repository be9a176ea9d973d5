"""The document screen: five tabs a key away (1 details, 2 content, 3 notes, 4 history, 5 share links).

The document (with its embedded notes) is fetched once; history and share links load in parallel;
titles of linked documents are fetched in one request. `escape` goes back to the list, whose cursor
has not moved. `o` opens the file in a viewer (downloaded to a temporary file; the config's `viewer`
command, else the system's); where no viewer can run (over SSH, no display) it keeps the file in the
save folder and says so. `s` saves it (archive or original) into a folder the user picks, under a
sanitised name that can never leave that folder nor silently overwrite a file.

Every client call runs in a worker; failures go to the app's one error handler.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import var
from textual.widgets import ContentSwitcher, Header, Static

from paperless_tui.app.commands import bindings
from paperless_tui.app.dialogs.confirm import Confirm
from paperless_tui.app.dialogs.file_exists import FileExists
from paperless_tui.app.dialogs.picker import PickerDialog
from paperless_tui.app.dialogs.prompt import PromptDialog
from paperless_tui.app.messages import (
    DocumentLoaded,
    DocumentPartLoaded,
    DownloadFinished,
    DownloadProgress,
    LinkedTitlesLoaded,
)
from paperless_tui.app.models.document_change import DocumentChange
from paperless_tui.app.models.file_names import free_path, safe_filename, target_path
from paperless_tui.app.models.lookups import Lookups
from paperless_tui.app.models.progress import Throttle
from paperless_tui.app.providers.bindings import live_bindings
from paperless_tui.app.safe_text import clean, inert
from paperless_tui.app.surface import AppScreen
from paperless_tui.app.viewer import start_viewer, viewer_problem
from paperless_tui.app.widgets.content_view import ContentView
from paperless_tui.app.widgets.document_details import DocumentDetails
from paperless_tui.app.widgets.download_bar import DownloadBar
from paperless_tui.app.widgets.field_values import linked_ids
from paperless_tui.app.widgets.history_view import HistoryView
from paperless_tui.app.widgets.key_footer import KeyFooter
from paperless_tui.app.widgets.lazy_pane import LazyPane
from paperless_tui.app.widgets.notes_view import NotesView
from paperless_tui.app.widgets.share_links_view import ShareLinksView
from paperless_tui.app.widgets.tab_strip import TabStrip

if TYPE_CHECKING:
    pass

TABS = ("details", "content", "notes", "history", "share-links")
TAB_LABELS = tuple(
    zip(TABS, ("1 Details", "2 Content", "3 Notes", "4 History", "5 Share links"), strict=True)
)
PROGRESS_SECONDS = 0.1
"""At most this often does a download report its progress to the screen."""


class DocumentScreen(AppScreen[tuple[str, int, str] | None]):
    """One document. Dismisses with `("more_like", id, title)` when the user asks for similar ones."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("document")

    document: var[Any] = var(None)
    lookups: var[Lookups] = var(Lookups, always_update=True)
    linked_titles: var[dict[int, str]] = var(dict)
    notes: var[list[Any] | None] = var(None)
    history: var[list[Any] | None] = var(None)
    share_links: var[list[Any] | None] = var(None)
    text: var[str] = var("")
    search_query: var[str] = var("")
    base_url: var[str] = var("")
    status: var[str] = var("")
    download_progress: var[tuple[int, int | None] | None] = var(None, bindings=True)
    cancel_hint: var[str] = var("")

    def __init__(self, doc_id: int, *, query: str = "") -> None:
        super().__init__()
        self.doc_id = doc_id
        self.set_reactive(DocumentScreen.search_query, query)
        self._viewer_problem = ""  # why `o` could not open the file here

    def compose(self) -> ComposeResult:
        yield Header()
        yield TabStrip(TAB_LABELS, active="details", id="document-tab-strip")
        with ContentSwitcher(initial="details", id="document-tabs"):
            with Vertical(id="details"):
                yield DocumentDetails(id="document-details").data_bind(
                    DocumentScreen.document, DocumentScreen.lookups, DocumentScreen.linked_titles
                )
            # The other tabs are built when first shown: opening a document pays for Details only.
            yield LazyPane(self._content_view, id="content")
            yield LazyPane(self._notes_view, id="notes")
            yield LazyPane(self._history_view, id="history")
            yield LazyPane(self._share_links_view, id="share-links")
        yield DownloadBar(id="document-download").data_bind(
            progress=DocumentScreen.download_progress, cancel_hint=DocumentScreen.cancel_hint
        )
        yield Static(id="document-status")
        yield KeyFooter()

    def _content_view(self) -> ContentView:
        return ContentView(id="document-content").data_bind(
            text=DocumentScreen.text, search_query=DocumentScreen.search_query
        )

    def _notes_view(self) -> NotesView:
        return NotesView(id="document-notes").data_bind(notes=DocumentScreen.notes)

    def _history_view(self) -> HistoryView:
        return HistoryView(id="document-history").data_bind(
            entries=DocumentScreen.history, lookups=DocumentScreen.lookups
        )

    def _share_links_view(self) -> ShareLinksView:
        return ShareLinksView(self.doc_id, id="document-share-links").data_bind(
            links=DocumentScreen.share_links, base_url=DocumentScreen.base_url
        )

    @on(TabStrip.Chosen)
    async def _tab_clicked(self, message: TabStrip.Chosen) -> None:
        await self.action_tab(message.tab)

    @property
    def active_tab(self) -> str:
        """The id of the tab shown ("details", "content", ...)."""
        return self.query_one("#document-tabs", ContentSwitcher).current or TABS[0]

    def on_mount(self) -> None:
        self.watch(self.app, "names", self._names_changed)  # the app's names store: never a stale copy
        self.watch(self.app, "document_changed", self._document_changed, init=False)  # notes, edits
        self.sub_title = f"Document #{self.doc_id}"  # the header names the document (its title once loaded)
        paperless = self.app.paperless
        self.base_url = paperless.base_url if paperless is not None else ""
        kept = self.app.recent_documents.get(paperless, self.doc_id)
        if kept is not None:  # opened before: shown in the first frame, fetched again after it
            self._show_document(kept)
            self.call_after_refresh(self.load)
        else:
            self._load_document()
            self.call_after_refresh(self._load_parts)  # history, share links: after the first frame

    def _names_changed(self, names: Lookups) -> None:
        self.lookups = names

    def load(self) -> None:
        self._load_document()
        self._load_parts()

    def _load_parts(self) -> None:
        self._check_drafts()
        self._load_part("history")
        self._load_part("share_links")

    def watch_status(self, status: str) -> None:
        if self.is_mounted:
            self.query_one("#document-status", Static).update(inert(status))

    # ------------------------------------------------------------------ loading

    @work(exclusive=True, group="document", exit_on_error=False)
    async def _load_document(self) -> None:
        paperless = await self.app.wait_for_client()
        document = await paperless.documents(self.doc_id)
        self.post_message(DocumentLoaded(document))
        targets = sorted(
            {
                target
                for value in document.custom_fields or ()
                for target in linked_ids(value.value)
                if (info := self.lookups.custom_fields.get(value.field)) is not None
                and info.data_type == "documentlink"
            }
        )
        if targets:
            page = await paperless.documents.filter(id__in=targets, fields=["id", "title"]).page(
                1, page_size=len(targets)
            )
            self.post_message(LinkedTitlesLoaded({doc.id: clean(doc.title) for doc in page.results}))

    @work(group="document-parts", exit_on_error=False)
    async def _load_part(self, part: str) -> None:
        paperless = await self.app.wait_for_client()
        if part == "history":
            items: list[Any] = list(await paperless.documents.history(self.doc_id))
        else:
            items = list(await paperless.documents.share_links(self.doc_id))
        self.post_message(DocumentPartLoaded(self.doc_id, part, items))

    @on(DocumentLoaded)
    def _document_loaded(self, message: DocumentLoaded) -> None:
        paperless = self.app.paperless  # (opened before the client had connected: known now)
        if paperless is not None:
            self.base_url = paperless.base_url
        self.app.recent_documents.put(paperless, self.doc_id, message.document)
        self._show_document(message.document)

    def _show_document(self, document: Any) -> None:
        self.document = document
        self.notes = list(document.note_list or [])
        self.text = clean(document.content, multiline=True)
        self.sub_title = clean(document.title) or f"Document #{self.doc_id}"  # in the header, once

    @on(LinkedTitlesLoaded)
    def _linked_titles_loaded(self, message: LinkedTitlesLoaded) -> None:
        self.linked_titles = message.titles

    @on(DocumentPartLoaded)
    def _part_loaded(self, message: DocumentPartLoaded) -> None:
        if message.doc_id != self.doc_id:
            return
        if message.part == "history":
            self.history = message.items
        else:
            self.share_links = message.items

    # ------------------------------------------------------------------ navigation

    async def action_tab(self, tab: str) -> None:
        switcher = self.query_one("#document-tabs", ContentSwitcher)
        pane = switcher.get_child_by_id(tab)
        if isinstance(pane, LazyPane) and (mounting := pane.build()) is not None:
            await mounting
        switcher.current = tab
        self.query_one(TabStrip).active = tab
        focusable = pane.query("NotesView, HistoryView, ShareLinksView, #content-scroll, #details-links")
        for widget in focusable:
            if widget.display and widget.focusable:
                widget.focus()
                return
        self.set_focus(None)  # (nothing to focus in this tab: not a widget of a hidden one)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_preview(self) -> None:
        """Page through the document full-screen."""
        from paperless_tui.app.screens.preview import PreviewScreen

        title = clean(self.document.title) if self.document is not None else ""
        self.app.push_screen(PreviewScreen(self.doc_id, title))

    def action_reload(self) -> None:
        self.load()

    def action_more_like_this(self) -> None:
        title = clean(self.document.title) if self.document is not None else ""
        self.dismiss(("more_like", self.doc_id, title))

    @on(DocumentDetails.LinkFollowed)
    def _follow_link(self, message: DocumentDetails.LinkFollowed) -> None:
        self.app.push_screen(DocumentScreen(message.doc_id, query=self.search_query))

    @on(ShareLinksView.CopyRequested)
    def _copy(self, message: ShareLinksView.CopyRequested) -> None:
        self.app.copy_to_clipboard(message.url)
        self.notify(message.url, title="Copied public URL", markup=False, timeout=4)

    @on(ShareLinksView.Changed)
    def _share_links_changed(self, message: ShareLinksView.Changed) -> None:
        self._load_part("share_links")
        if message.url:
            self.notify(message.url, title="Share link made (c copies it)", markup=False, timeout=6)

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_email(self) -> None:
        """E-mail this document (where the server has e-mail enabled; otherwise it says why)."""
        from paperless_tui.app.flows.email import email_documents

        await email_documents(self, [self.doc_id])

    # --- notes and editing

    @work(group="drafts", exit_on_error=False)
    async def _check_drafts(self) -> None:
        """Say so when an unsaved note is kept for this document."""
        from paperless_tui.app.data.drafts import DraftStore

        draft = await DraftStore(self.app.connection.state_key).note(self.doc_id)
        if draft is not None and draft.text.strip():
            self.status = "An unsaved note is kept for this document: n opens it."

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_new_note(self) -> None:
        """Write a note on this document (its kept draft, if any, comes back)."""
        from paperless_tui.app.flows import notes as note_flow  # (the writing side loads when first used)

        title = clean(self.document.title) if self.document is not None else ""
        if await note_flow.write_note(self.app, self.doc_id, title) is not None:
            self.status = "Note saved."
            await self.action_tab("notes")

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_edit_document(self) -> None:
        """Edit this document's metadata (the tabs show the new values once saved)."""
        from paperless_tui.app.flows.edit import edit_document

        if await edit_document(self.app, self.doc_id) is not None:
            self.status = "Saved."

    def _document_changed(self, change: DocumentChange | None) -> None:
        if change is None or change.doc_id != self.doc_id:
            return
        if change.document is not None:
            self.document = change.document
            self.sub_title = clean(change.document.title) or f"Document #{self.doc_id}"
        if change.notes is not None:
            self.notes = list(change.notes)
        elif change.document is not None and change.document.note_list is not None:
            self.notes = list(change.document.note_list)
        self._load_part("history")

    @on(NotesView.CopyRequested)
    def _copy_note(self, message: NotesView.CopyRequested) -> None:
        self.app.copy_to_clipboard(message.text)
        self.notify(clean(message.text)[:80], title="Copied note", markup=False, timeout=4)

    @on(NotesView.DeleteRequested)
    def _delete_note_requested(self, message: NotesView.DeleteRequested) -> None:
        self._delete_note(message.note)

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def _delete_note(self, note: Any) -> None:
        """Delete `note` once the user confirms it."""
        from paperless_tui.app.widgets.notes_view import note_content

        question = Content("Delete this note?\n\n") + note_content(note)
        if not await self.app.push_screen_wait(Confirm("Delete the note?", question, yes="Delete")):
            return
        paperless = await self.app.wait_for_client()
        await paperless.documents.notes.delete(note.id, self.doc_id)
        remaining = await paperless.documents.notes(self.doc_id)
        self.app.document_changed = DocumentChange(self.doc_id, notes=tuple(remaining))
        self.status = "Note deleted."

    # ------------------------------------------------------------------ files

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_download":
            return self.download_progress is not None
        return True

    @property
    def viewer_command(self) -> str | None:
        """The config's `viewer` command (None: the system's viewer)."""
        return self.app.config.viewer

    def default_save_folder(self) -> Path:
        """~/Downloads if there is one, else the home folder."""
        downloads = Path.home() / "Downloads"
        return downloads if downloads.is_dir() else Path.home()

    def action_open_file(self) -> None:
        """Download the file to the app's temporary folder (gone at exit) and open it in the viewer; where
        no viewer can run, save it instead and say why and where."""
        problem = viewer_problem(self.viewer_command, os.environ, sys.platform)
        if problem is not None:
            self._viewer_problem = problem
            self.status = "Downloading (no viewer here: keeping the file)…"
            self._download(original=False, folder=self.save_folder(), purpose="keep")
            return
        self.status = "Downloading to open…"
        folder = self.app.scratch_folder()
        self._download(original=False, folder=folder, purpose="open")

    def save_folder(self) -> Path:
        """The folder the last save went to, if it is still there; else the default one."""
        remembered = self.app.state_store.get().get("save_folder")
        if isinstance(remembered, str) and Path(remembered).is_dir():
            return Path(remembered)
        return self.default_save_folder()

    def _remember_save_folder(self, folder: Path) -> None:
        self.app.state_store.put({**self.app.state_store.get(), "save_folder": str(folder)})

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_save_file(self) -> None:
        """Ask which file (archive/original) and which folder (the last one used is offered), then save."""
        versions = [("archive", "Archive version (PDF/A, searchable)"), ("original", "Original file")]
        choice = await self.app.push_screen_wait(PickerDialog("Save which file?", versions))
        if choice is None:
            return
        default = self.save_folder()

        def folder_of(text: str) -> Path:
            return Path(text).expanduser() if text else default

        def check(text: str) -> str | None:
            path = folder_of(text)
            return None if path.is_dir() else f"{path} is not a folder. Type an existing one."

        prompt = PromptDialog(
            "Save into folder",
            placeholder=str(default),
            hint="An existing folder; empty for the one shown.",
            check=check,
        )
        folder = await self.app.push_screen_wait(prompt)
        if folder is None:
            return
        path = folder_of(folder)
        self._remember_save_folder(path.resolve())
        self.status = "Downloading…"
        self._download(original=choice == "original", folder=path, purpose="save")

    def action_cancel_download(self) -> None:
        """Stop the download in progress (nothing is left behind)."""
        self.workers.cancel_group(self, "download")
        self.download_progress = None
        self.status = "Download cancelled"

    @work(exclusive=True, group="download", exit_on_error=False)
    async def _download(self, *, original: bool, folder: Path, purpose: str) -> None:
        """Stream the file into a hidden part file of our own naming in `folder`, posting progress, then
        give it its (sanitised) name; a failure or a cancel removes the part file."""
        paperless = await self.app.wait_for_client()
        part: Path | None = None
        try:
            async with paperless.documents.stream_download(self.doc_id, original=original) as stream:
                name = safe_filename(stream.disposition_filename, f"document-{self.doc_id}")
                part = await asyncio.to_thread(_new_part_file, folder, self.doc_id)
                total = stream.total
                progress: Throttle[int] = Throttle(
                    lambda received: self.post_message(DownloadProgress(self.doc_id, received, total)),
                    PROGRESS_SECONDS,
                )
                progress.update(0)
                try:
                    with part.open("r+b") as handle:
                        async for chunk in stream:
                            await asyncio.to_thread(handle.write, chunk)
                            progress.update(stream.received)
                    progress.flush()
                finally:
                    progress.close()
            target = target_path(folder, name)
            if target.exists() and purpose == "keep":
                target = free_path(target)
            if target.exists() and purpose == "save":
                answer = await self.app.push_screen_wait(FileExists(str(target)))
                if answer is None:  # cancelled: the part file goes (finally), nothing is saved
                    self.post_message(DownloadProgress(self.doc_id, -1, None))
                    self.status = f"Not saved: {target.name} is already in {target.parent}"
                    return
                if answer == "keep-both":
                    target = free_path(target)
            await asyncio.to_thread(_place, part, target, overwrite=purpose == "open" or target.exists())
            part = None
            self.post_message(DownloadFinished(self.doc_id, str(target), purpose))
        except BaseException:
            self.post_message(DownloadProgress(self.doc_id, -1, None))  # -1: ended without a file
            raise
        finally:
            if part is not None:
                part.unlink(missing_ok=True)

    @on(DownloadProgress)
    def _download_progress(self, message: DownloadProgress) -> None:
        if message.doc_id != self.doc_id:
            return
        if message.received < 0:
            self.download_progress = None
            if self.status.startswith("Downloading"):
                self.status = ""
        else:
            starting = self.download_progress is None
            self.download_progress = (message.received, message.total)
            if starting:  # the cancel key as the keymap has it (live only while a download runs)
                keys = [e.keys[0] for e in live_bindings(self) if e.binding_id == "document.cancel_download"]
                self.cancel_hint = f"{keys[0]} cancels" if keys else ""

    @on(DownloadFinished)
    def _download_finished(self, message: DownloadFinished) -> None:
        self.download_progress = None
        if message.purpose == "open":
            self._hand_to_viewer(Path(message.path))
        elif message.purpose == "keep":
            self.status = f"Not opened: {self._viewer_problem} Saved to {message.path}"
            self.notify(
                f"{self._viewer_problem}\nSaved to {message.path}",
                title="Not opened",
                severity="warning",
                markup=False,
                timeout=10,
            )
        else:
            self.status = f"Saved to {message.path}"
            self.notify(message.path, title="Saved", markup=False)

    def _hand_to_viewer(self, path: Path) -> None:
        command = self.viewer_command
        if command is None:
            self.app.open_url(path.as_uri())  # the system's viewer; it says nothing back
            self.status = f"Handed to the system's viewer: {path}"
            return
        try:
            start_viewer(command, path)
        except OSError as error:
            reason = error.strerror or str(error)
            self.status = f"The viewer did not start ({reason}). The file is at {path} until the app quits."
            self.notify(self.status, title="Not opened", severity="error", markup=False, timeout=10)
        else:
            self.status = f"Opened in {Path(shlex.split(command)[0]).name}: {path}"


def _new_part_file(folder: Path, doc_id: int) -> Path:
    """A new, empty, hidden file of our own naming in `folder` for a download in progress."""
    for _ in range(100):
        part = folder / f".paperless-tui-{doc_id}-{secrets.token_hex(4)}.part"
        try:
            part.open("xb").close()
        except FileExistsError:
            continue
        return part
    raise FileExistsError(folder / f".paperless-tui-{doc_id}-*.part")


def _place(part: Path, target: Path, *, overwrite: bool) -> None:
    """Give the finished part file its name; without `overwrite`, never replace an existing file."""
    if overwrite:
        os.replace(part, target)
        return
    try:
        os.link(part, target)  # fails if `target` exists, atomically
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if target.exists():
            raise FileExistsError(target) from None
        os.replace(part, target)
    else:
        part.unlink()
