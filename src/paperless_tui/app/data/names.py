"""The names store: the server's names (tags, correspondents, types, paths, custom fields, users) and
saved views, owned by the app and shared by every screen.

Loaded once after the first results are drawn, refreshed when stale (`STALE_AFTER_SECONDS`), when a
row shows an id the names do not know (at most once a minute: ids of objects the user may not see
stay unknown), after a write (`refresh()`), and by `r`. Its workers run on the app and post
`NamesLoaded` / `SavedViewsLoaded`; the app sets its `names` / `saved_views` reactives from them and
every screen that shows names watches those (`PaperlessApp.names`), so none holds a stale copy.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

from paperless_tui.app.models.lookups import Lookups

if TYPE_CHECKING:
    from paperless_tui.app.application import PaperlessApp

UNKNOWN_ID_RELOAD_SECONDS = 60.0
RELOAD_RUNNING_SECONDS = 10.0
"""A reload asked for less than this long ago is still running: it is not asked for again."""


@dataclass
class NamesLoaded(Message):
    """The names were (re)loaded."""

    lookups: Lookups


@dataclass
class SavedViewsLoaded(Message):
    """The server's saved views, in the server's order (client models)."""

    views: list[Any]


class NamesStore:
    """Loads the names and saved views for `app` (which holds them in reactives)."""

    def __init__(self, app: PaperlessApp) -> None:
        self._app = app
        self._requested = 0.0
        self.views_loaded = False

    def refresh(self) -> None:
        """Load the names again (after a write, or when asked)."""
        self._requested = time.monotonic()
        self._app.run_worker(self._load_names(), group="names", exclusive=True, exit_on_error=False)

    def refresh_views(self) -> None:
        """Load the saved views again."""
        self._app.run_worker(self._load_views(), group="views", exclusive=True, exit_on_error=False)

    def check(
        self, *, tags: Iterable[int] = (), correspondent: int | None = None, document_type: int | None = None
    ) -> None:
        """Reload when the names are stale, or (at most once a minute) when one of these ids is unknown."""
        lookups = self._app.names
        if not lookups.loaded:
            return
        now = time.monotonic()
        since = now - self._requested
        if since < RELOAD_RUNNING_SECONDS:
            return
        known = lookups.knows(tags=tags, correspondent=correspondent, document_type=document_type)
        if lookups.is_stale(now) or (not known and since > UNKNOWN_ID_RELOAD_SECONDS):
            self.refresh()

    async def _load_names(self) -> None:
        from paperless_tui.client import exceptions as client_errors

        paperless = await self._app.wait_for_client()

        async def optional(service: Any) -> list[Any]:
            try:
                return list(await service.as_list())
            except client_errors.ForbiddenError:  # e.g. users for a non-admin
                return []

        tags, correspondents, types, paths, fields, users = await asyncio.gather(
            paperless.tags.as_list(),
            paperless.correspondents.as_list(),
            paperless.document_types.as_list(),
            paperless.storage_paths.as_list(),
            optional(paperless.custom_fields),
            optional(paperless.users),
        )
        lookups = Lookups.build(
            tags=tags,
            correspondents=correspondents,
            document_types=types,
            storage_paths=paths,
            custom_fields=fields,
            users=users,
        )
        self._app.post_message(NamesLoaded(lookups))

    async def _load_views(self) -> None:
        paperless = await self._app.wait_for_client()
        views = await paperless.saved_views.as_list()
        self.views_loaded = True
        self._app.post_message(SavedViewsLoaded(list(views)))
