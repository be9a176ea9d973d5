"""The share-links tab: each link's expiry and file version; `c`/enter copies its public URL."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import var
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from paperless_tui.app.commands import bindings
from paperless_tui.app.safe_text import clean


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


class ShareLinksView(OptionList):
    """Lists `links`; posts `CopyRequested(url)` on enter or `c`."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("share_links")

    links: var[list[Any] | None] = var(None)
    base_url: var[str] = var("")

    class CopyRequested(Message):
        def __init__(self, url: str) -> None:
            super().__init__()
            self.url = url

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
        index = self.highlighted
        if self.links and index is not None and 0 <= index < len(self.links):
            self.post_message(self.CopyRequested(public_url(self.base_url, self.links[index].slug)))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_copy_url()
