"""The app on a real terminal (a pty) that answers its queries as terminals do: no answer becomes keys.

textual-image asks the terminal about itself (device attributes for sixel, the cell size in pixels,
kitty graphics) when it is imported. Imported while Textual owns stdin, the answers (`ESC[?62;4c`, ...)
were read as keys: `?` opened the help screen, and the first image waited for a key.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
from _pty import PtyProgram

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a pty")

# What a terminal answers: primary device attributes (with sixel), the cell size, and kitty graphics OK.
ANSWERS = {
    b"\x1b[c": b"\x1b[?62;4;22c",
    b"\x1b[16t": b"\x1b[6;20;10t",
}
KITTY_QUERY = re.compile(rb"\x1b_Gi=(\d+)[^\x1b]*\x1b\\")


class AnsweringTerminal(threading.Thread):
    """Answers `program`'s terminal queries, as they show up in its output."""

    def __init__(self, program: PtyProgram) -> None:
        super().__init__(daemon=True, name="answering-terminal")
        self.program = program
        self.answered: list[bytes] = []
        self.stop = threading.Event()

    def run(self) -> None:
        seen = 0
        while not self.stop.is_set():
            raw = bytes(self.program.raw)
            for query, answer in ANSWERS.items():
                start = seen
                while (index := raw.find(query, start)) >= 0:
                    self._send(answer)
                    start = index + len(query)
            for match in KITTY_QUERY.finditer(raw, max(0, seen - 200)):
                if match.end() > seen:
                    self._send(b"\x1b_Gi=" + match.group(1) + b";OK\x1b\\")
            seen = len(raw)
            self.stop.wait(0.01)

    def _send(self, answer: bytes) -> None:
        self.answered.append(answer)
        self.program.send(answer)


def start_demo(tmp_path, term: str) -> tuple[PtyProgram, AnsweringTerminal]:
    """`paperless-tui --demo` on a pty with TERM=`term` and a terminal that answers; the results shown."""
    env = {k: v for k, v in os.environ.items() if k not in ("TERM_PROGRAM", "KITTY_WINDOW_ID")}
    env.update(
        TERM=term,
        PAPERLESS_TUI_CONFIG_DIR=str(tmp_path / "config"),
        PAPERLESS_TUI_DATA_DIR=str(tmp_path / "data"),
        PYTHONPATH=str(Path(__file__).parents[2] / "src"),
    )
    program = PtyProgram([sys.executable, "-m", "paperless_tui", "--demo"], env=env)
    terminal = AnsweringTerminal(program)
    terminal.start()
    program.wait_for(re.compile(r"\d+ documents?"), timeout=60)
    program.quiet(0.5)
    return program, terminal


def stop(program: PtyProgram, terminal: AnsweringTerminal) -> None:
    terminal.stop.set()
    program.close(b"\x11")  # ctrl+q


HALF_CELL = "▀".encode()


@pytest.mark.parametrize("term", ["tmux-256color", "xterm-kitty"])
def test_the_first_thumbnail_asks_the_terminal_nothing(tmp_path, term):
    program, terminal = start_demo(tmp_path, term)
    try:
        before = len(terminal.answered)
        mark = program.mark()
        program.send("p")
        program.wait_for("Created", after=mark, timeout=30)  # the pane's metadata
        if term.startswith("tmux"):
            program.wait_for_raw(HALF_CELL, after=mark.raw, timeout=10)  # the thumbnail, in half cells
        program.quiet(1.0)
        # Drawn without asking anything: no answer came back to be read as keys.
        assert terminal.answered[before:] == []
        assert "escape closes" not in program._visible()[mark.text :]  # the help screen did not open
    finally:
        stop(program, terminal)


def test_the_first_page_preview_is_drawn_without_a_key(tmp_path):
    program, terminal = start_demo(tmp_path, "tmux-256color")
    try:
        mark = program.mark()
        program.send("P")
        program.wait_for("Page 1 of", after=mark, timeout=30)
        program.wait_for_raw(HALF_CELL, after=mark.raw, timeout=5)  # no key needed to see the page
        program.quiet(0.5)
        assert "escape closes" not in program._visible()[mark.text :]
    finally:
        stop(program, terminal)
