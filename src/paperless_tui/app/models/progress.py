"""`Throttle`: report a changing figure (bytes received) at most every so often, the last value always.

A download gets a chunk every few milliseconds; a message per chunk would flood the screen. Reports
closer together than `every` seconds are held back, and the newest held-back value goes out when the
interval is over (a trailing report), so what is shown is never stuck behind what arrived.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Throttle(Generic[T]):
    """Calls `report(value)` at most once per `every` seconds, and always with the newest value."""

    def __init__(self, report: Callable[[T], object], every: float = 0.1) -> None:
        self._report = report
        self._every = every
        self._last = float("-inf")
        self._latest: T | None = None
        self._timer: asyncio.TimerHandle | None = None

    def update(self, value: T) -> None:
        """A new value: reported now, or when the current interval ends."""
        self._latest = value
        now = time.monotonic()
        if now - self._last >= self._every:
            self._send()
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self._last + self._every - now, self._send)

    def flush(self) -> None:
        """Report the newest value now (if one is held back) and stop any pending report."""
        if self._timer is not None:
            self._send()

    def close(self) -> None:
        """Drop any held-back value: nothing is reported after this."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._latest = None

    def _send(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._latest is not None:
            value, self._latest = self._latest, None
            self._last = time.monotonic()
            self._report(value)
