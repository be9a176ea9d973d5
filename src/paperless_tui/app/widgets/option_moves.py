"""Moving the highlight of an `OptionList` by a step, clamped to its ends (pickers, tasks, trash)."""

from __future__ import annotations

from textual.widgets import OptionList


def move_highlight(options: OptionList, step: int, *, start: int = -1) -> None:
    """Move the highlight `step` options down (up when negative); from `start` when none is highlighted."""
    if options.option_count:
        current = options.highlighted if options.highlighted is not None else start
        options.highlighted = max(0, min(options.option_count - 1, current + step))
