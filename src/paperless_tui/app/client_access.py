"""`connected_client(node)`: the app's client for a worker, waiting for it while the app still connects.

The search screen can go up before the client has connected (its first rows answered early), and a
quick user can open a document from it: their workers wait here for the client instead of finding
none and giving up. An app without `wait_for_client` (a bare host in tests) hands out what it has.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from paperless_tui.client import Paperless


async def connected_client(node: Any) -> Paperless:
    """The client of `node`'s app, once connected (cancels the calling worker if there is none)."""
    app = node.app
    wait = getattr(app, "wait_for_client", None)
    if wait is not None:
        client: Paperless = await wait()
        return client
    paperless: Paperless | None = getattr(app, "paperless", None)
    if paperless is None:
        raise asyncio.CancelledError  # no client and none coming: nothing to do
    return paperless
