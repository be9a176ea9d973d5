"""`Throttle`: at most one report per interval, the newest value always reported in the end."""

from __future__ import annotations

import asyncio

from paperless_tui.app.models.progress import Throttle


async def test_reports_at_once_then_holds_back_then_sends_the_newest() -> None:
    seen: list[int] = []
    throttle: Throttle[int] = Throttle(seen.append, every=0.05)
    throttle.update(1)
    assert seen == [1]
    throttle.update(2)
    throttle.update(3)
    assert seen == [1]  # held back within the interval
    await asyncio.sleep(0.1)
    assert seen == [1, 3]  # the trailing report carries the newest value only
    await asyncio.sleep(0.1)
    assert seen == [1, 3]  # nothing more without updates


async def test_flush_sends_what_is_held_and_close_drops_it() -> None:
    seen: list[int] = []
    throttle: Throttle[int] = Throttle(seen.append, every=10.0)
    throttle.update(1)
    throttle.update(2)
    throttle.flush()
    assert seen == [1, 2]
    throttle.flush()  # nothing held: nothing sent
    throttle.update(3)
    throttle.close()
    await asyncio.sleep(0.05)
    assert seen == [1, 2]
