"""Start inbox triage from the search screen: over every document of the current result list.

The ids come from the result set when the server sent them all (API v9's `all`), else from one
request for just the ids. After triage the list is asked again (the cursor stays), so an inbox view
drops the documents whose inbox tag was taken off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paperless_tui.app.screens.search import SearchScreen

MAX_TRIAGE = 10_000
"""More than this is not a pile to go through one by one: triage takes the first ones."""


async def run_triage(screen: SearchScreen) -> None:
    from paperless_tui.app.screens.triage import TriageScreen

    app = screen.app
    result_set = screen.result_set
    if result_set is None or not result_set.total:
        app.notify("Nothing to triage: the list is empty.", markup=False)
        return
    ids = list(result_set.all_ids or ())
    if not ids:
        paperless = await app.wait_for_client()
        page = await paperless.documents.filter(screen.search_params(), fields=["id"]).page(
            1, page_size=min(result_set.total, MAX_TRIAGE)
        )
        ids = [doc.id for doc in page.results]
    changed = await app.push_screen_wait(TriageScreen(ids[:MAX_TRIAGE], image_renderer=app.image_renderer))
    if changed:
        screen.action_refresh()
