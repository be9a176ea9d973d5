"""Keys are handled one after the other, each where focus is once the key before it is done.

A terminal delivers a burst of keys (fast typing, a paste sent as keys, a laggy SSH link) in one read,
and Textual forwards each one to the focused widget as soon as the app dequeues it: every key of the
burst is already on its way to the old focus before the first one (`/`, `tab`, `enter`) has moved
focus (`Widget.focus` even defers the move with `call_later`). So `/invoice` ran `i` and `v` as
shortcuts and `bob tab bob` typed `bobbob` into one field.

`KeysInOrder` (a mixin for the App) holds the keys and pastes that arrive while one key is still
being handled, and passes the next one on only when what the key set off has been handled: the
messages queued on the app and the current screen's widgets (a focus change, an `Input.Submitted`,
a pushed screen). Keys typed one by one are not held at all.
"""

from __future__ import annotations

import time
from collections import deque
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

# How many times a held key waits for a busy message queue before it goes on anyway (a widget that is
# never idle, an animation, must not hold the keyboard).
SETTLE_ROUNDS = 32
# A key still not done after this long (its widget went away before handling it, a handler awaits for
# long) no longer holds the next one.
OVERDUE = 1.0


class KeysInOrder(App[Any]):
    """An App mixin: a key arriving while the one before it is still being handled waits for it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._key_busy = False
        self._key_since = 0.0
        self._key_count = 0  # which key is being handled: what an older key's overdue chain does is ignored
        self._keys_held: deque[events.Key | events.Paste] = deque()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            if self._key_busy:
                self._keys_held.append(event)
                if time.monotonic() - self._key_since < OVERDUE:
                    return
                event = self._keys_held.popleft()
            self._key_busy = True
            await self._handle(event)
            return
        await super().on_event(event)

    async def _handle(self, event: events.Key | events.Paste) -> None:
        self._key_since = time.monotonic()
        self._key_count += 1
        key = self._key_count
        target = self.focused or self.screen
        await super().on_event(event)
        if event.is_forwarded:  # on its way to `target`, and up from there to the app
            self._follow(event, target, key)
        else:  # handled here (a priority binding)
            self.call_later(self._settle, key, 0)

    def _follow(self, event: events.Key | events.Paste, node: MessagePump, key: int) -> None:
        """Once `node` has handled `event` (a callback queued behind it has run): follow it to the parent
        it bubbled to, or settle when it stopped or reached the app."""

        def handled() -> None:
            parent = node._parent
            if parent is not None and event.bubble and not event._stop_propagation:
                self._follow(event, parent, key)
            else:
                self.call_later(self._settle, key, 0)

        if node is self or not node.call_later(handled):
            self.call_later(self._settle, key, 0)

    def _busy_pump(self) -> MessagePump | None:
        """The app or a widget of the current screen with messages waiting, if any."""
        if not self._message_queue.empty():
            return self
        try:
            screen = self.screen
        except Exception:  # no screen (yet, or any more)
            return None
        for node in screen.walk_children(with_self=True):
            if not node._message_queue.empty():
                return node
        return None

    async def _settle(self, key: int, rounds: int) -> None:
        """Pass the next held key on once what key `key` set off has been handled."""
        if key != self._key_count:  # overdue, and a newer key was passed on meanwhile
            return
        busy = self._busy_pump() if rounds < SETTLE_ROUNDS else None
        if busy is not None:
            # Once the busy pump has handled what it holds now, look again (from the app's queue).
            if busy is self or not busy.call_later(self.call_later, self._settle, key, rounds + 1):
                self.call_later(self._settle, key, rounds + 1)
            return
        if not self._keys_held:
            self._key_busy = False
            return
        await self._handle(self._keys_held.popleft())
