"""The cyclic garbage collector, paused while the app starts and frozen once it has.

Start-up creates a few hundred thousand long-lived objects (Textual, httpx, pydantic, the app's
widgets): with the collector running, each of its full passes walks all of them again, about a sixth
of the time from start to the first results. `paperless-tui` pauses the collector before its imports
and `resume()` restarts it once the first results are on screen (or the app settles otherwise): the
objects alive then are moved to the permanent generation (`gc.freeze()`), so later collections,
while the user presses keys, skip them too. Reference counting frees everything else meanwhile.

Only a pause made here is resumed here: an app built by the tests, with the collector running,
is left alone.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Stop automatic collection until `resume()` (no-op if the collector is already off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Freeze what start-up left alive and restart automatic collection, if `pause()` stopped it."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def paused() -> bool:
    """Whether the collector is paused by `pause()`."""
    return _paused
