"""The table of commands: every key of the app, defined once.

Each `Command` names its binding id (what `[keymap]` in config.toml remaps), its default keys, what it
does in words, and where it applies (`scope`: the screen or widget whose `BINDINGS` it becomes). Every
class that binds keys takes its `BINDINGS` from here (`bindings(scope)`), and the footer, the help
screen (`?`) and the command palette (ctrl+p) read the live bindings, so none of them can drift from
this table. `tests/app/test_commands.py` fails when two live bindings on one screen share a key,
unless the table says one of them stands in for the other on purpose (`overrides`).

Order within a scope is the footer's order and its importance: the most used first. A footer too
narrow for all its keys leaves out the least important whole (`widgets/key_footer.py`: `?` help always
stays, then the focused widget's keys, the screen's, the app's, each in this table's order).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Command:
    """One bindable command."""

    id: str
    """The binding id: `scope.name`, stable, used by `[keymap]`."""
    keys: str
    """Default keys, comma-separated, in Textual's key names."""
    action: str
    description: str
    show: bool = True
    """Shown in the footer (every command is in the help screen and the palette)."""
    priority: bool = False
    key_display: str | None = None
    system: bool = False
    overrides: tuple[str, ...] = ()
    """Commands that share a key with this one on purpose (this one is checked first, or only one of
    the two is ever enabled at a time)."""

    @property
    def scope(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def key_list(self) -> tuple[str, ...]:
        return tuple(key.strip() for key in self.keys.split(","))

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.description,
            show=self.show,
            key_display=self.key_display,
            priority=self.priority,
            id=self.id,
            system=self.system,
        )


COMMANDS: tuple[Command, ...] = (
    # --- everywhere
    Command("app.quit", "ctrl+q", "quit", "Quit", priority=True),
    Command("app.commands", "ctrl+p", "command_palette", "Commands", priority=True, show=False),
    Command("app.help", "question_mark,f1", "help", "Help"),
    Command("app.toggle_theme", "ctrl+t", "toggle_theme", "Light/dark", show=False),
    Command("app.last_error", "ctrl+e", "show_last_error", "Last error", show=False),
    Command("app.retry", "r", "retry", "Retry"),
    Command("app.change_url", "u", "change_url", "Change URL"),
    Command("app.login", "l", "login", "Log in"),
    Command("app.help_quit", "ctrl+c", "help_quit", "How to quit", show=False, system=True),
    # --- the search screen
    Command("search.focus", "slash", "focus_search", "Search", key_display="/"),
    Command("search.results", "escape", "focus_results", "Results", show=False),
    Command(
        "search.complete",
        "tab",
        "accept_completion",
        "Complete",
        priority=True,
        overrides=("search.focus_next",),  # enabled only while the drop-down is open
    ),
    # (A screen binding for tab hides Screen's own: tab moves focus on when nothing is to complete.)
    Command("search.focus_next", "tab", "app.focus_next", "Focus next", show=False),
    Command(
        "search.complete_next",
        "down",
        "next_completion",
        "Next completion",
        show=False,
        priority=True,
        overrides=("results.down",),  # enabled only while the drop-down is open
    ),
    Command(
        "search.complete_previous",
        "up",
        "previous_completion",
        "Previous completion",
        show=False,
        priority=True,
        overrides=("results.up",),
    ),
    Command("search.filter", "f", "add_filter", "Filter"),
    Command("search.views", "v", "saved_view", "Views"),
    Command("search.inbox", "i", "toggle_inbox", "Inbox"),
    # (marking and its actions are why people use the app: early in the footer)
    Command("search.mark", "space", "mark", "Mark"),
    Command("search.bulk_actions", "a", "bulk_actions", "Actions"),
    Command("search.clear_filters", "F", "clear_filters", "Clear filters", show=False),
    # (priority: checked before the input's own backspace, enabled only while the input is empty)
    Command(
        "search.remove_chip", "backspace", "remove_last_chip", "Remove last filter", show=False, priority=True
    ),
    Command("search.sort", "o", "sort", "Sort"),
    Command("search.reverse_sort", "O", "reverse_sort", "Reverse sort", show=False),
    Command("search.refresh", "r", "refresh", "Refresh", overrides=("app.retry",)),
    Command("search.more_like", "m", "more_like_this", "More like this"),
    Command("search.preview", "p", "toggle_preview", "Preview"),
    Command("search.pages", "P", "pages", "Pages", show=False),
    # --- marks and bulk edits (the search screen; `flows/bulk.py`)
    # (priority: checked before the list's enter (open), enabled only while a visual range is open)
    Command(
        "search.mark_range",
        "enter",
        "mark_range",
        "Mark range",
        show=False,
        priority=True,
        overrides=("results.open",),
    ),
    Command("search.visual", "V", "visual", "Visual range", show=False),
    Command("search.mark_all", "asterisk", "mark_all", "Mark all matches", show=False, key_display="*"),
    Command("search.clear_marks", "U", "clear_marks", "Clear marks", show=False),
    Command("search.bulk_panel", "b", "bulk_panel", "Bulk panel", show=False),
    Command("search.bulk_tags", "t", "bulk_tags", "Tags", show=False),
    Command("search.bulk_correspondent", "c", "bulk_set('correspondent')", "Correspondent", show=False),
    Command("search.bulk_type", "d", "bulk_set('document_type')", "Document type", show=False),
    Command("search.bulk_path", "s", "bulk_set('storage_path')", "Storage path", show=False),
    Command("search.bulk_trash", "delete", "bulk_trash", "Move to trash", show=False),
    # (app.change_url is enabled only while connecting failed, when the search screen is not shown)
    Command("search.undo", "u,ctrl+z", "undo", "Undo", show=False, overrides=("app.change_url",)),
    Command("search.redo", "ctrl+r", "redo", "Redo", show=False),
    Command("search.bulk_history", "H", "bulk_history", "Bulk history", show=False),
    Command("search.triage", "I", "triage", "Triage", show=False),
    # --- the bulk history screen
    Command("bulk_history.close", "escape,q,H", "close", "Close"),
    # --- the actions menu
    # (one per entry of `flows.bulk_actions.MENU`; the key is the entry's mnemonic)
    Command("bulk_menu.field", "f", "choose('field')", "Custom field"),
    Command("bulk_menu.owner", "o", "choose('owner')", "Owner"),
    Command("bulk_menu.permissions", "p", "choose('permissions')", "Permissions"),
    # (app.retry is enabled only while connecting failed)
    Command("bulk_menu.reprocess", "r", "choose('reprocess')", "Reprocess", overrides=("app.retry",)),
    Command("bulk_menu.rotate", "R", "choose('rotate')", "Rotate"),
    Command("bulk_menu.merge", "m", "choose('merge')", "Merge"),
    Command("bulk_menu.trash", "x", "choose('trash')", "Move to trash"),
    Command("bulk_menu.cancel", "escape", "cancel", "Cancel"),
    # --- the results list (vim keys)
    Command("results.open", "enter", "select", "Open"),
    Command("results.down", "j,down", "cursor_down", "Down", show=False),
    Command("results.up", "k,up", "cursor_up", "Up", show=False),
    Command("results.first", "g,home", "first", "First", show=False),
    Command("results.last", "G,end", "last", "Last", show=False),
    Command("results.page_down", "pagedown", "page_down", "Page down", show=False),
    Command("results.page_up", "pageup", "page_up", "Page up", show=False),
    Command("results.half_down", "ctrl+d", "half_page_down", "Half page down", show=False),
    Command("results.half_up", "ctrl+u", "half_page_up", "Half page up", show=False),
    # --- the document screen
    Command("document.back", "escape", "back", "Back"),
    Command("document.preview", "P", "preview", "Pages"),
    Command("document.open", "o", "open_file", "Open file"),
    Command("document.save", "s", "save_file", "Save"),
    # (the tabs name themselves in the tab bar: their digits are the first keys a narrow footer leaves out)
    Command("document.tab_details", "1", "tab('details')", "Details"),
    Command("document.tab_content", "2", "tab('content')", "Content"),
    Command("document.tab_notes", "3", "tab('notes')", "Notes"),
    Command("document.tab_history", "4", "tab('history')", "History"),
    Command("document.tab_share_links", "5", "tab('share-links')", "Share links"),
    Command("document.more_like", "m", "more_like_this", "More like this", show=False),
    Command("document.reload", "r", "reload", "Reload", show=False, overrides=("app.retry",)),
    Command("document.cancel_download", "x", "cancel_download", "Cancel download"),
    # --- the document's content tab
    Command("content.find", "slash", "find", "Find", key_display="/"),
    Command("content.next", "n", "next_match", "Next match", show=False),
    Command("content.previous", "N", "previous_match", "Previous match", show=False),
    Command(
        "content.close_find", "escape", "close_find", "Close find", show=False, overrides=("document.back",)
    ),
    # --- the document's share links tab
    Command("share_links.copy", "c", "copy_url", "Copy URL"),
    # --- uploads, tasks, trash, share links, email (#13)
    Command("share_links.add", "a", "add_link", "New link"),
    Command("share_links.delete", "d,delete", "delete_link", "Delete link"),
    Command("search.upload", "plus", "upload", "Upload", show=False, key_display="+"),
    Command("search.tasks", "T", "tasks", "Tasks", show=False),
    Command("search.trash", "X", "trash", "Trash", show=False),
    Command("document.email", "E", "email", "Email", show=False),
    Command("trash.back", "escape", "back", "Back"),
    Command("trash.mark", "space", "mark", "Mark"),
    Command("trash.restore", "r", "restore", "Restore", overrides=("app.retry",)),
    Command("trash.restore_all", "R", "restore_all", "Restore all"),
    Command("trash.empty", "E", "empty", "Empty trash"),
    Command("trash.down", "j", "move(1)", "Down", show=False),
    Command("trash.up", "k", "move(-1)", "Up", show=False),
    Command("tasks.back", "escape", "back", "Back"),
    Command("tasks.open", "enter", "open", "Open document"),
    Command("tasks.acknowledge", "a", "acknowledge", "Acknowledge"),
    Command("tasks.acknowledge_all", "A", "acknowledge_all", "Acknowledge finished"),
    Command("tasks.refresh", "r", "refresh", "Refresh", show=False, overrides=("app.retry",)),
    Command("tasks.down", "j", "move(1)", "Down", show=False),
    Command("tasks.up", "k", "move(-1)", "Up", show=False),
    Command("email_form.send", "ctrl+s", "send", "Send"),
    Command("email_form.cancel", "escape", "cancel", "Cancel"),
    Command("upload.send", "ctrl+s", "send", "Upload"),
    Command("upload.cancel", "escape", "cancel", "Cancel"),
    Command(
        "upload.complete", "tab", "complete", "Complete path", priority=True, overrides=("upload.focus_next",)
    ),  # enabled only on the path line
    Command("upload.focus_next", "tab", "app.focus_next", "Focus next", show=False),
    Command("upload.tags", "ctrl+t", "pick('tags')", "Tags", overrides=("app.toggle_theme",)),
    Command("upload.correspondent", "ctrl+o", "pick('correspondent')", "Correspondent"),
    Command("upload.document_type", "ctrl+y", "pick('document_type')", "Type"),
    Command("upload.storage_path", "ctrl+l", "pick('storage_path')", "Storage path"),
    Command("upload.custom_field", "ctrl+f", "pick('custom_field')", "Custom field"),
    # --- notes and editing (#12)
    Command("search.new_note", "n", "new_note", "Note", show=False),
    Command("search.edit", "e", "edit_document", "Edit", show=False),
    Command("search.drafts", "D", "drafts", "Unsaved drafts", show=False),
    # (the focused content tab's `n` (next match) is checked first: this one works on the other tabs)
    Command("document.new_note", "n", "new_note", "New note", overrides=("content.next",)),
    Command("document.edit", "e", "edit_document", "Edit"),
    Command("notes.down", "j", "cursor_down", "Down", show=False),
    Command("notes.up", "k", "cursor_up", "Up", show=False),
    # (the notes and share-links tabs' keys apply to the focused tab only: one of the two at a time)
    Command("notes.copy", "c", "copy_note", "Copy note", overrides=("share_links.copy",)),
    Command("notes.delete", "d,delete", "delete_note", "Delete note", overrides=("share_links.delete",)),
    Command("note_editor.save", "ctrl+s", "save", "Save"),
    Command("note_editor.external_editor", "ctrl+o", "external_editor", "$EDITOR"),
    Command("note_editor.cancel", "escape", "cancel", "Close"),
    Command("edit.save", "ctrl+s", "save", "Save"),
    Command("edit.cancel", "escape", "cancel", "Cancel"),
    Command("edit.next_asn", "ctrl+n", "next_asn", "Next free ASN"),
    Command("edit.suggested_date", "ctrl+g", "suggested_date", "Suggested date", show=False),
    Command("edit.suggest_1", "1", "suggest(1)", "Suggestion 1", show=False),
    Command("edit.suggest_2", "2", "suggest(2)", "Suggestion 2", show=False),
    Command("edit.suggest_3", "3", "suggest(3)", "Suggestion 3", show=False),
    # --- the page preview
    Command("preview.back", "escape,q", "back", "Back"),
    Command("preview.next", "j,down,pagedown,space", "page(1)", "Next page"),
    Command("preview.previous", "k,up,pageup", "page(-1)", "Previous page"),
    Command("preview.first", "g,home", "first", "First page", show=False),
    Command("preview.last", "G,end", "last", "Last page", show=False),
    # --- inbox triage
    Command("triage.apply", "enter", "apply", "Apply & next"),
    Command("triage.next", "j,down", "next", "Skip"),
    Command("triage.previous", "k,up", "previous", "Back", show=False),
    Command("triage.accept_all", "a", "accept_all", "Accept all"),
    *(
        Command(f"triage.accept_{n}", str(n), f"accept({n})", f"Accept suggestion {n}", show=False)
        for n in range(1, 6)
    ),
    Command("triage.tags", "t", "pick_tags", "Tags"),
    Command("triage.correspondent", "c", "pick('correspondent')", "Correspondent"),
    Command("triage.document_type", "d", "pick('document_type')", "Type"),
    Command("triage.storage_path", "s", "pick('storage_path')", "Storage path", show=False),
    Command("triage.date", "D", "pick_date", "Date", show=False),
    Command("triage.reset", "x", "reset", "Reset choices", show=False),
    # (app.change_url is enabled only while not connected; triage needs a connection)
    Command("triage.undo", "u,ctrl+z", "undo", "Undo", overrides=("app.change_url",)),
    Command("triage.scroll_down", "pagedown", "scroll_text(1)", "Scroll text down", show=False),
    Command("triage.scroll_up", "pageup", "scroll_text(-1)", "Scroll text up", show=False),
    Command("triage.done", "escape,q", "done", "Done"),
    # --- the help screen
    Command("help.close", "escape,q,question_mark,f1", "close", "Close help", overrides=("app.help",)),
    # --- the login screen
    Command("login.cancel", "escape", "cancel", "Cancel"),
    Command("login.submit", "ctrl+s", "submit", "Log in"),
    # --- dialogs
    # (priority: enter chooses whether the filter box or the list has focus; shown in the dialog's footer)
    Command("picker.choose", "enter", "choose", "Choose", priority=True),
    Command("picker.cancel", "escape", "cancel", "Cancel"),
    Command("picker.next", "down", "move(1)", "Next", show=False),
    Command("picker.previous", "up", "move(-1)", "Previous", show=False),
    Command("tag_picker.apply", "enter", "apply", "Apply", priority=True),
    # (priority: space cycles the highlighted tag instead of typing into the filter; names match without it)
    Command("tag_picker.cycle", "space", "cycle", "Add/remove/leave", priority=True),
    Command("tag_picker.cancel", "escape", "cancel", "Cancel"),
    # (priority: the filter box has no use for up/down/page keys; they move in the list)
    Command("tag_picker.next", "down", "move(1)", "Next", show=False, priority=True),
    Command("tag_picker.previous", "up", "move(-1)", "Previous", show=False, priority=True),
    Command("tag_picker.page_down", "pagedown", "move(10)", "Page down", show=False, priority=True),
    Command("tag_picker.page_up", "pageup", "move(-10)", "Page up", show=False, priority=True),
    Command("prompt.accept", "enter", "accept", "OK", priority=True),  # (before the input's own enter)
    Command("prompt.cancel", "escape", "cancel", "Cancel"),
    Command("confirm.yes", "y", "answer(True)", "Yes"),
    Command("confirm.no", "n,escape", "answer(False)", "No"),
    Command("file_exists.replace", "r", "answer('replace')", "Replace"),
    Command("file_exists.keep_both", "k", "answer('keep-both')", "Keep both"),
    Command("file_exists.cancel", "escape", "answer(None)", "Cancel"),
    Command("error.close", "escape,enter", "close", "Close"),
    Command("error.copy", "c", "copy", "Copy detail"),
)

BY_ID: dict[str, Command] = {command.id: command for command in COMMANDS}


def commands(scope: str) -> Iterator[Command]:
    """The commands of `scope`, in the table's order."""
    return (command for command in COMMANDS if command.scope == scope)


def bindings(scope: str) -> list[BindingType]:
    """`BINDINGS` for the class that owns `scope`."""
    found: list[BindingType] = [command.binding() for command in commands(scope)]
    if not found:
        raise KeyError(f"no commands for scope {scope!r}")
    return found


def may_share(first: str, second: str) -> bool:
    """Whether commands `first` and `second` may share a key on one screen (the table says so)."""
    a, b = BY_ID.get(first), BY_ID.get(second)
    return (a is not None and second in a.overrides) or (b is not None and first in b.overrides)
