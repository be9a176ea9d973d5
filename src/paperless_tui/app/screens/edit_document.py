"""The edit form of one document: title, created, correspondent, type, storage path, tags, ASN, every
custom field by its type, owner. Keyboard only.

`tab`/`shift+tab` move between fields; text fields are typed into (dates as people type them, amounts
like EUR12.50, select options by label, linked documents by id); the name fields are buttons that open
a picker on `enter`. The server's suggestions sit beside the fields they fill: `1`/`2`/`3` on a name
field take one, `ctrl+g` takes the suggested date, `ctrl+n` the next free ASN. `ctrl+s` checks the
input, re-reads the document and, if someone changed it meanwhile, shows what and lets the user choose
(mine, field by field, or reload); then it sends only the changed fields. The server's field errors
appear next to their fields; a failed save keeps the form's values as a draft on disk. `escape` asks
before throwing changes away. Dismisses with the saved document (None when nothing was saved).
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Header, Input, Label, Static

from paperless_tui.app.commands import bindings
from paperless_tui.app.data.drafts import DraftStore, FormDraft
from paperless_tui.app.dialogs.choice_picker import ChoicePicker, Cleared, Create, Picked
from paperless_tui.app.dialogs.confirm import Confirm
from paperless_tui.app.dialogs.picker import PickerDialog
from paperless_tui.app.dialogs.tag_picker import TagPicker
from paperless_tui.app.errors import describe
from paperless_tui.app.models import document_edit as edit
from paperless_tui.app.models.document_change import DocumentChange
from paperless_tui.app.models.lookups import Lookups
from paperless_tui.app.safe_text import clean, inert
from paperless_tui.app.surface import AppScreen
from paperless_tui.app.widgets.key_footer import KeyFooter

SUGGESTION_KEYS = 3


def _widget_id(key: str) -> str:
    return "field-" + key.replace(":", "-")


class EditDocumentScreen(AppScreen[Any]):
    """Edit document `doc` (a client `Document`, fetched with everything)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("edit")

    def __init__(self, doc: Any, *, suggestions: Any = None, draft: FormDraft | None = None) -> None:
        super().__init__()
        self.doc = doc
        self.doc_id: int = doc.id
        self.suggestions = suggestions
        self.lookups: Lookups = Lookups()
        self.opened: dict[str, Any] = {}
        self.picked: dict[str, Any] = {}
        self._draft = draft
        self.errors: dict[str, str] = {}

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        self.lookups = self.app.names
        self.opened = edit.form_values(self.doc, self.lookups)
        values = dict(self.opened)
        if self._draft is not None:
            values.update({k: tuple(v) if k == "tags" else v for k, v in self._draft.values.items()})
        yield Header()
        with VerticalScroll(id="edit-form"):
            yield Static(inert(f"Edit #{self.doc_id} · {clean(self.doc.title)}"), id="edit-title")
            for key, value in values.items():
                with Horizontal(classes="edit-row"):
                    yield Label(inert(edit.label_of(key, self.lookups)), classes="edit-label")
                    if key in edit.PICKED or key == "tags":
                        self.picked[key] = value
                        yield Button(self._picked_label(key, value), id=_widget_id(key), classes="edit-pick")
                    else:
                        yield Input(
                            str(value), id=_widget_id(key), classes="edit-input", select_on_focus=False
                        )
                    yield Static(self._hint(key), classes="edit-hint", id=f"hint-{_widget_id(key)}")
                yield Static("", classes="edit-error", id=f"error-{_widget_id(key)}")
            yield Static("", id="edit-error-general", classes="edit-error")
            yield Static(
                inert("tab next field · enter on a name picks · 1-3 take a suggestion · ctrl+s saves"),
                id="edit-keys",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = f"Edit · {clean(self.doc.title)}"
        self.query_one(f"#{_widget_id('title')}", Input).focus()
        if self._draft is not None:
            self.notify("Your unsaved changes are back.", title="Draft", markup=False, timeout=4)
        self._show_errors({})

    def _picked_label(self, key: str, value: Any) -> Content:
        names = self.lookups
        if key == "tags":
            text = ", ".join(names.tag_name(tag) for tag in value) if value else "none"
        elif value is None:
            text = "none"
        else:
            table = {
                "correspondent": names.correspondents,
                "document_type": names.document_types,
                "storage_path": names.storage_paths,
                "owner": names.users,
            }[key]
            text = table.get(value, f"#{value}")
        return inert(text)

    def _suggested(self, key: str) -> list[Any]:
        found = self.suggestions
        if found is None:
            return []
        source = {
            "correspondent": "correspondents",
            "document_type": "document_types",
            "storage_path": "storage_paths",
            "tags": "tags",
            "created": "dates",
        }.get(key)
        items = list(getattr(found, source, None) or ()) if source else []
        if key == "tags":
            items = [tag for tag in items if tag not in (self.picked.get("tags") or ())]
        elif key in self.picked:  # what the field holds already is no suggestion
            items = [item for item in items if item != self.picked[key]]
        elif key == "created":
            shown = self.query(f"#{_widget_id(key)}")
            current = self._input(key).value if shown else str(self.opened.get(key, ""))
            items = [day for day in items if day.isoformat() != current.strip()]
        return items[:SUGGESTION_KEYS]

    def _hint(self, key: str) -> Content:
        items = self._suggested(key)
        if not items:
            return Content("")
        if key == "created":
            return inert(f"ctrl+g {items[0].isoformat()}")
        names = [clean(self._picked_label(key, (item,) if key == "tags" else item).plain) for item in items]
        plus = "+" if key == "tags" else ""
        return inert("  ".join(f"{number} {plus}{name}" for number, name in enumerate(names, 1)))

    # ------------------------------------------------------------------ values

    def values(self) -> dict[str, Any]:
        """The form as it is now."""
        out: dict[str, Any] = {}
        for key in self.opened:
            out[key] = self.picked[key] if key in self.picked else self._input(key).value
        if self._draft is not None:
            for key in self._draft.values:
                if key not in out:
                    out[key] = self.picked.get(key, self._input(key).value)
        return out

    def _input(self, key: str) -> Input:
        return self.query_one(f"#{_widget_id(key)}", Input)

    def _set(self, key: str, value: Any) -> None:
        if key in self.picked:
            self.picked[key] = value
            self.query_one(f"#{_widget_id(key)}", Button).label = self._picked_label(key, value)
            self.query_one(f"#hint-{_widget_id(key)}", Static).update(self._hint(key))
        else:
            self._input(key).value = "" if value is None else str(value)

    def _show_errors(self, errors: dict[str, str]) -> None:
        self.errors = errors
        for key in self.values():
            label = self.query_one(f"#error-{_widget_id(key)}", Static)
            label.update(inert(errors.get(key, "")))
            label.display = key in errors
        general = self.query_one("#edit-error-general", Static)
        general.update(inert(errors.get("", "")))
        general.display = "" in errors

    # ------------------------------------------------------------------ keys

    def _focused_key(self) -> str | None:
        focused = self.focused
        if focused is None or not focused.id or not focused.id.startswith("field-"):
            return None
        wanted = focused.id
        return next((key for key in self.values() if _widget_id(key) == wanted), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "suggest":
            key = self._focused_key()
            number = parameters[0] if parameters and isinstance(parameters[0], int) else 0
            return key in self.picked and len(self._suggested(key or "")) >= number
        if action == "suggested_date":
            return bool(self._suggested("created"))
        return True

    def action_suggest(self, number: int) -> None:
        """Take suggestion `number` for the focused name field."""
        key = self._focused_key()
        items = self._suggested(key) if key is not None else []
        if key is None or not 0 < number <= len(items):
            return
        chosen = items[number - 1]
        self._set(key, tuple(sorted({*self.picked["tags"], chosen})) if key == "tags" else chosen)

    def action_suggested_date(self) -> None:
        dates = self._suggested("created")
        if dates:
            self._set("created", dates[0].isoformat())

    @work(exclusive=True, group="next-asn", exit_on_error=False)
    async def action_next_asn(self) -> None:
        """Fill in the next free archive serial number."""
        paperless = await self.app.wait_for_client()
        self._set("asn", await paperless.documents.get_next_asn())

    @on(Button.Pressed, ".edit-pick")
    def _pick_pressed(self, event: Button.Pressed) -> None:
        key = next((key for key in self.picked if _widget_id(key) == event.button.id), None)
        if key is not None:
            self._pick(key)

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def _pick(self, key: str) -> None:
        names = self.lookups
        suggested = self._suggested(key)
        if key == "tags":
            current = self.picked["tags"]
            tags = sorted(((tag, info.name) for tag, info in names.tags.items()), key=lambda item: item[1])
            change = await self.app.push_screen_wait(
                TagPicker("Tags", tags, counts={tag: 1 for tag in current}, total=1, suggested=suggested)
            )
            if change is None:
                return
            tag_ids = (set(current) | set(change.add)) - set(change.remove)
            paperless = await self.app.wait_for_client()
            for name in change.create:
                tag_ids.add(await self._create(paperless.tags, name))
            self._set("tags", tuple(sorted(tag_ids)))
            return
        table = {
            "correspondent": names.correspondents,
            "document_type": names.document_types,
            "storage_path": names.storage_paths,
            "owner": names.users,
        }[key]
        items = sorted(table.items(), key=lambda item: item[1].casefold())
        result = await self.app.push_screen_wait(
            ChoicePicker(
                edit.label_of(key, names),
                items,
                current=self.picked[key],
                suggested=suggested,
                allow_create=key in ("correspondent", "document_type"),
            )
        )
        if isinstance(result, Picked):
            self._set(key, result.value)
        elif isinstance(result, Cleared):
            self._set(key, None)
        elif isinstance(result, Create):
            paperless = await self.app.wait_for_client()
            service = paperless.correspondents if key == "correspondent" else paperless.document_types
            self._set(key, await self._create(service, result.name))

    async def _create(self, service: Any, name: str) -> int:
        """Make a new name on the server (then the app's names are loaded again)."""
        created = await service.save(service.create(name=name))
        self.app.names_store.refresh()
        self.lookups = self.app.names
        return int(created)

    # ------------------------------------------------------------------ leaving

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_cancel(self) -> None:
        """Close; changes are thrown away only if the user says so."""
        if edit.changed_keys(self.opened, self.values()):
            question = "Throw your changes to this document away? (A kept draft goes too.)"
            if not await self.app.push_screen_wait(Confirm("Discard the changes?", question, yes="Discard")):
                return
        await self._store().remove("form", self.doc_id)
        self.dismiss(None)

    def _store(self) -> DraftStore:
        return DraftStore(self.app.connection.state_key)

    async def _keep_draft(self, error: str) -> None:
        values = {
            key: list(value) if isinstance(value, tuple) else value for key, value in self.values().items()
        }
        modified = self.doc.modified.isoformat() if self.doc.modified is not None else ""
        draft = FormDraft(
            self._store().profile,
            self.doc_id,
            values,
            base_modified=modified,
            title=clean(self.doc.title),
            error=error,
        )
        await self._store().put(draft)

    # ------------------------------------------------------------------ saving

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_save(self) -> None:
        """Check, look for a concurrent edit, send the changed fields."""
        from paperless_tui.client import exceptions as client_errors
        from paperless_tui.client.models.custom_fields import CustomFieldValue

        values = self.values()
        changed = edit.changed_keys(self.opened, values)
        if not changed:
            self.notify("Nothing changed.", markup=False, timeout=3)
            self.dismiss(None)
            return
        api, errors = edit.check({key: values[key] for key in changed}, self.lookups)
        self._show_errors(errors)
        if errors:
            return
        doc_id = self.doc_id
        body: dict[str, Any] = {}
        try:
            paperless = await self.app.wait_for_client()
            fresh = await paperless.documents(doc_id)
            if fresh.modified != self.doc.modified:
                chosen = await self._concurrent(fresh, values, changed)
                if chosen is None:
                    return
                changed = chosen
            body = edit.patch([(v.field, v.value) for v in fresh.custom_fields or ()], api, changed)
            for name, value in body.items():
                if name == "custom_fields":
                    fresh.custom_fields = [
                        CustomFieldValue(field=v["field"], value=v["value"]) for v in value
                    ]
                else:
                    setattr(fresh, name, value)
            await paperless.documents.update(fresh)
        except client_errors.BadRequestError as error:
            found = edit.field_errors(error.body, body)
            self._show_errors(found)
            await self._keep_draft("; ".join(found.values()))
            self.notify("The server refused some fields; see beside them.", severity="error", markup=False)
            return
        except client_errors.PaperlessError as error:
            problem = describe(error)
            await self._keep_draft(f"{problem.title}: {problem.message}")
            self._show_errors({"": f"Not saved (your changes are kept as a draft): {problem.message}"})
            self.app.report_error(error, doing=f"Saving document #{doc_id}")
            return
        await self._store().remove("form", doc_id)
        self.app.document_changed = DocumentChange(doc_id, document=fresh)
        self.notify(
            f"Saved: {', '.join(edit.label_of(k, self.lookups) for k in changed)}", markup=False, timeout=4
        )
        self.dismiss(fresh)

    async def _concurrent(self, fresh: Any, values: dict[str, Any], changed: list[str]) -> list[str] | None:
        """Someone saved the document since the form opened: show what, let the user choose. The fields
        to send, or None (reloaded: the user's values are kept as a draft)."""
        fresh_values = edit.form_values(fresh, self.lookups)
        both, theirs_only = edit.server_changes(self.opened, fresh_values, changed)
        self.doc = fresh
        for key in theirs_only:  # not touched here: the form shows theirs, nothing of it is sent
            self.opened[key] = fresh_values.get(key)
            if key in values:
                self._set(key, fresh_values.get(key))
        if not both:
            return changed
        lines = [
            f"{edit.label_of(key, self.lookups)}: theirs {self._shown(key, fresh_values.get(key))}, "
            f"yours {self._shown(key, values.get(key))}"
            for key in both
        ]
        choices = [
            ("mine", "Save mine over theirs"),
            ("field", "Choose field by field"),
            ("reload", "Reload theirs (yours kept as a draft)"),
        ]
        answer = await self.app.push_screen_wait(
            PickerDialog("Changed on the server meanwhile: " + "; ".join(lines), choices)
        )
        if answer is None:
            return None
        if answer == "reload":
            await self._keep_draft("changed on the server meanwhile")
            for key in both:
                self.opened[key] = fresh_values.get(key)
                self._set(key, fresh_values.get(key))
            self.notify("Reloaded; your values are kept as a draft (D on the list).", markup=False)
            return None
        keep = list(changed)
        for key in both:
            self.opened[key] = fresh_values.get(key)
            if answer == "field":
                label = edit.label_of(key, self.lookups)
                pick = await self.app.push_screen_wait(
                    PickerDialog(
                        f"{label}?",
                        [
                            ("mine", f"Mine: {self._shown(key, values.get(key))}"),
                            ("theirs", f"Theirs: {self._shown(key, fresh_values.get(key))}"),
                        ],
                    )
                )
                if pick is None:
                    return None
                if pick == "theirs":
                    keep.remove(key)
                    self._set(key, fresh_values.get(key))
        return keep

    def _shown(self, key: str, value: Any) -> str:
        if key in self.picked:
            return clean(self._picked_label(key, value).plain)
        return repr(clean(value))
