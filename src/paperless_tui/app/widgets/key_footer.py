"""`KeyFooter`: Textual's Footer, fitted to its width by importance, rebuilt only when what it shows changes.

Fitting: the keys that do not fit the width are left out whole, the least important first, instead of
being cut mid-word at the right edge. Importance: `app.help` (`?`) first, always shown (it lists every
key); then the order of the binding chain (the focused widget's keys, its containers', the screen's,
the app's), and within a class the order of the commands table (`commands.py` puts the most used
first). The keys left are shown in their usual order, so a wider terminal only adds keys.

Rebuilding: Textual's Footer rebuilds itself (a dozen key widgets mounted and styled, about a
millisecond each) for every change of the active bindings, shown or not. Such changes come in bursts
(focus moves, reactives declared with `bindings=True`, a screen pushed, widgets mounted): start-up alone
rebuilt the footers fourteen times, most of them to show the same keys again. `KeyFooter` coalesces the
changes of one refresh into one look at the bindings, and rebuilds only if the keys it would show (key,
label, enabled, tooltip; after fitting, so a resize that changes nothing rebuilds nothing) differ from
those on screen.

`ModalFooter` is the same for a modal dialog: it shows the dialog's own keys (a modal's binding chain
stops at the modal), docked at the bottom over the footer of the screen below.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

ALWAYS_SHOWN = "app.help"
"""The binding id that is never left out (the help screen lists every key)."""


class ShownKey(NamedTuple):
    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str


def fit_keys(keys: list[ShownKey], important: list[int], width: int, gap: int) -> list[ShownKey]:
    """The keys (in their order) that fit in `width` cells, dropping from the end of `important`
    (indexes into `keys`, most important first); `gap` is the cells each key takes besides its texts."""

    def cells(key: ShownKey) -> int:
        return cell_len(key.display) + cell_len(key.description) + gap

    kept = set(important)
    used = sum(cells(keys[index]) for index in kept)
    for index in reversed(important[1:] if important else []):  # the first one always stays
        if used <= width:
            break
        kept.discard(index)
        used -= cells(keys[index])
    return [key for index, key in enumerate(keys) if index in kept]


class KeyFooter(Footer):
    """A Footer fitted to its width by importance, rebuilt only when its keys change, at most once
    per refresh."""

    DEFAULT_CSS = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rebuild_pending = False
        self._shown: tuple[object, ...] | None = None  # what the last compose showed
        self._width = 0  # the width the keys were fitted to
        self.rebuilds = 0
        """How many times the keys were built (for tests)."""

    # ------------------------------------------------------------------ which keys

    def _palette_key(self) -> ShownKey | None:
        app = self.app
        if not (self.show_command_palette and app.ENABLE_COMMAND_PALETTE):
            return None
        found = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if found is None:
            return None
        _, binding, enabled, _tooltip = found
        display = app.get_key_display(binding)
        return ShownKey(
            binding.key,
            display,
            binding.description,
            binding.action,
            enabled,
            binding.tooltip or binding.description,
        )

    def _fitted(self) -> list[ShownKey]:
        """The keys to show: one per action, those that fit the width, the least important left out."""
        app = self.app
        keys: list[ShownKey] = []
        important: list[int] = []
        actions: set[str] = set()
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            key = ShownKey(
                binding.key,
                app.get_key_display(binding),
                binding.description,
                binding.action,
                enabled,
                tooltip,
            )
            if binding.id == ALWAYS_SHOWN:
                important.insert(0, len(keys))
            else:
                important.append(len(keys))
            keys.append(key)
        width = self._width = self.size.width or self.screen.size.width or app.size.width
        palette = self._palette_key()
        # A key is " key description " (padding around the key, after the description); compact: "key
        # description" and a margin of one after it.
        gap = 2 if self.compact else 3
        if palette is not None:  # docked right, after a border (and, not compact, a padding of one)
            width -= (
                cell_len(palette.display) + cell_len(palette.description) + gap + (1 if self.compact else 2)
            )
        return fit_keys(keys, important, max(0, width), gap)

    def _signature(self) -> tuple[object, ...]:
        return tuple(self._fitted()), self._palette_key(), self.compact

    # ------------------------------------------------------------------ building

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        keys = self._fitted()
        palette = self._palette_key()
        self._shown = (tuple(keys), palette, self.compact)
        self.rebuilds += 1
        for key in keys:
            yield FooterKey(
                key.key,
                key.display,
                key.description,
                key.action,
                disabled=not key.enabled,
                tooltip=key.tooltip,
            ).data_bind(compact=Footer.compact)
        if palette is not None:
            yield FooterKey(
                palette.key,
                palette.display,
                palette.description,
                palette.action,
                classes="-command-palette",
                disabled=not palette.enabled,
                tooltip=palette.tooltip,
            )

    def bindings_changed(self, screen: Any) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._schedule_rebuild()

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and event.size.width != self._width:
            self._schedule_rebuild()

    def _schedule_rebuild(self) -> None:
        if not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if self.is_attached and self._signature() != self._shown:
            await self.recompose()


class ModalFooter(KeyFooter):
    """The footer of a modal dialog: its own keys, docked at the bottom of the modal (over the footer of
    the screen below). Yield it from the dialog's `compose`, at the top level."""

    DEFAULT_CSS = """
    ModalFooter {
        dock: bottom;
        width: 100%;
    }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("show_command_palette", False)
        super().__init__(*args, **kwargs)
