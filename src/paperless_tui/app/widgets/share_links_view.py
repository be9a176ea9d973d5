"""The share-links tab: each link's expiry and file version; `c`/enter copies its public URL, `a` makes a
new link (expiry and file version picked in small dialogs), `d`/delete deletes the highlighted one after
one confirmation. After a change it posts `Changed`, and the document screen loads the links again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from textual import getters, on, work
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from paperless_tui.app.application import PaperlessApp
from paperless_tui.app.commands import bindings
from paperless_tui.app.dialogs.confirm import Confirm
from paperless_tui.app.dialogs.picker import PickerDialog
from paperless_tui.app.dialogs.prompt import PromptDialog
from paperless_tui.app.models.share_expiry import (
    EXPIRY_CHOICES,
    FILE_VERSIONS,
    date_problem,
    expiration_for,
    parse_date,
)
from paperless_tui.app.safe_text import clean
from paperless_tui.app.surface import WorkerErrors


def public_url(base_url: str, slug: str) -> str:
    """The public share URL (`/share/<slug>`, outside /api, no login needed)."""
    return f"{base_url.rstrip('/')}/share/{clean(slug)}"


def link_label(link: Any) -> str:
    expiration = getattr(link, "expiration", None)
    expires = expiration.isoformat(sep=" ", timespec="minutes") if expiration is not None else "never"
    created = getattr(link, "created", None)
    made = created.date().isoformat() if created is not None else "—"
    version = clean(getattr(link, "file_version", "") or "archive")
    slug = clean(getattr(link, "slug", ""))
    return f"{slug[:12]}…  {version:<8}  created {made}  expires {clean(expires)}"


class ShareLinksView(WorkerErrors, OptionList):
    """Lists `links` of document `doc_id`; posts `CopyRequested(url)` on enter or `c`, `Changed` after
    a link was made or deleted."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("share_links")

    app = getters.app(PaperlessApp)
    links: var[list[Any] | None] = var(None)
    base_url: var[str] = var("")

    class CopyRequested(Message):
        def __init__(self, url: str) -> None:
            super().__init__()
            self.url = url

    class Changed(Message):
        """A link of document `doc_id` was made (`url`: its public URL) or deleted."""

        def __init__(self, doc_id: int, url: str | None = None) -> None:
            super().__init__()
            self.doc_id = doc_id
            self.url = url

    def __init__(self, doc_id: int = 0, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.doc_id = doc_id

    @property
    def highlighted_link(self) -> Any | None:
        index = self.highlighted
        if self.links and index is not None and 0 <= index < len(self.links):
            return self.links[index]
        return None

    def watch_links(self, links: list[Any] | None) -> None:
        self.clear_options()
        if links is None:
            self.add_option(Option(Content("Loading…"), disabled=True))
        elif not links:
            self.add_option(Option(Content("No share links."), disabled=True))
        else:
            self.add_options(
                Option(Content(link_label(link)), id=str(index)) for index, link in enumerate(links)
            )
            self.highlighted = 0

    def action_copy_url(self) -> None:
        link = self.highlighted_link
        if link is not None:
            self.post_message(self.CopyRequested(public_url(self.base_url, link.slug)))

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_add_link(self) -> None:
        """Ask for the expiry (and a date, if chosen) and the file version, then make the link."""
        choice = await self.app.push_screen_wait(PickerDialog("Share link expires", list(EXPIRY_CHOICES)))
        if choice is None:
            return
        on: dt.date | None = None
        if choice == "date":
            today = dt.date.today()
            typed = await self.app.push_screen_wait(
                PromptDialog(
                    "Expires at the end of",
                    placeholder=(today + dt.timedelta(days=14)).isoformat(),
                    hint="A date, YYYY-MM-DD, today or later.",
                    check=lambda text: date_problem(text, dt.date.today()),
                )
            )
            if typed is None:
                return
            on = parse_date(typed)
        version = await self.app.push_screen_wait(PickerDialog("Share which file?", list(FILE_VERSIONS)))
        if version is None:
            return
        expiration = expiration_for(choice, dt.datetime.now(dt.UTC), on)
        paperless = await self.app.wait_for_client()
        draft = paperless.share_links.create(
            document=self.doc_id, file_version=version, expiration=expiration
        )
        link_id = await paperless.share_links.save(draft)
        link = await paperless.share_links(link_id)
        self.post_message(self.Changed(self.doc_id, public_url(self.base_url, link.slug)))

    @work(exclusive=True, group="flow", exit_on_error=False)
    async def action_delete_link(self) -> None:
        """Delete the highlighted link after one confirmation."""
        link = self.highlighted_link
        if link is None:
            return
        question = f"Delete the share link {clean(link.slug)[:12]}…? Its public URL stops working."
        if not await self.app.push_screen_wait(Confirm("Delete share link", question, yes="Delete")):
            return
        paperless = await self.app.wait_for_client()
        await paperless.share_links.delete(link.id)
        self.post_message(self.Changed(self.doc_id))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_copy_url()
