"""`DownloadBar`: a one-line progress bar with the bytes received, shown only while a file downloads.

Its `progress` reactive is `(received, total)` (total None when the server did not announce a size,
then the bar pulses) or None (hidden). Bound from the screen's reactive; it never fetches anything.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import ProgressBar, Static

from paperless_tui.app.safe_text import inert


def human_bytes(count: int) -> str:
    """`1,234` -> "1.2 kB", in decimal units like most file managers."""
    size = float(count)
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


class DownloadBar(Horizontal):
    """Progress of the current download: bar, percentage, time left, "3.1 MB of 4.0 MB" and how to
    cancel (`cancel_hint`, for example "x cancels")."""

    DEFAULT_CSS = """
    DownloadBar {
        height: 1;
        padding: 0 1;
        display: none;
    }
    DownloadBar.-active {
        display: block;
    }
    DownloadBar ProgressBar {
        width: auto;
    }
    DownloadBar > .download-bytes {
        width: 1fr;
        padding-left: 1;
        color: $text-muted;
    }
    """

    progress: var[tuple[int, int | None] | None] = var(None)
    cancel_hint: var[str] = var("")

    def compose(self) -> ComposeResult:
        yield Static(classes="download-bytes")  # the bar itself is mounted by the first download

    def watch_progress(self, progress: tuple[int, int | None] | None) -> None:
        self.set_class(progress is not None, "-active")
        if progress is None or not self.is_mounted:
            return
        received, total = progress
        bars = self.query(ProgressBar)
        if bars:
            bar = bars.first()
        else:  # (four widgets a screen that never downloads does not pay for)
            bar = ProgressBar(total=None, show_eta=True)
            self.mount(bar, before=0)
        if total:
            bar.update(total=total, progress=min(received, total))
            text = f"{human_bytes(received)} of {human_bytes(total)}"
        else:
            bar.update(total=None)
            text = f"{human_bytes(received)} (size not announced)"
        hint = f"  ·  {self.cancel_hint}" if self.cancel_hint else ""
        self.query_one(".download-bytes", Static).update(inert(f"{text}{hint}"))
