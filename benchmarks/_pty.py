"""A program run in a real pseudo-terminal, for the start-up benchmark (standard library only).

`PtyProgram` forks the program onto a new pty of a fixed size (TIOCSWINSZ before exec), reads
everything it writes in a background thread and keeps, for every chunk read, the moment it arrived.
The terminal never answers: queries the program sends (device attributes, graphics support, ...) go
unanswered, as on a terminal that supports none of them. `wait_for()` waits until a text (or a
regular expression) shows up in the output after a mark and returns the moment the chunk that
completed it arrived, so a figure is "when the bytes reached the terminal", not "when we looked".

The visible text is the output with escape sequences removed (cursor moves, colours, OSC, DCS, ...);
a line of a Textual frame is written as one run, so a row of the results list reads as its cells.
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import fcntl
import os
import pty
import re
import signal
import struct
import termios
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

# CSI ... final, OSC ... BEL/ST, DCS/APC/PM/SOS ... ST, two-byte ESC sequences, lone C0 controls.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[PX^_][^\x1b]*\x1b\\"
    r"|\x1b[ -/]*[0-~]"
    r"|[\x00-\x08\x0b-\x1f\x7f]"
)
# An escape sequence that may continue in the next chunk (kept back until it is complete).
_PARTIAL = re.compile(r"\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*|[PX^_][^\x1b]*|[ -/]*)?\Z")

ALT_SCREEN_ON = b"\x1b[?1049h"


def visible_text(data: str) -> str:
    """`data` without escape sequences and control characters (newlines become spaces)."""
    return _ESCAPES.sub("", data).replace("\n", " ")


class Timeout(Exception):
    """What was waited for did not show up in time."""


@dataclass(frozen=True)
class Mark:
    """A position in the output (raw bytes and visible text) and the moment it was taken."""

    raw: int
    text: int
    at: float


class PtyProgram:
    """`argv` running on a pty of `columns` x `lines`, its output recorded with arrival times."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: dict[str, str],
        columns: int = 120,
        lines: int = 36,
        cwd: str | None = None,
    ) -> None:
        self.argv = list(argv)
        self.started = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal, then become the program
            try:
                if cwd:
                    os.chdir(cwd)
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
                os.execve(self.argv[0], self.argv, env)
            finally:
                os._exit(127)
        self.pid = pid
        self.fd = fd
        self.raw = bytearray()
        self.text: list[str] = []  # chunks of visible text
        self._text_len = 0
        self._raw_ends: list[int] = []  # cumulative raw length after each chunk
        self._text_ends: list[int] = []  # cumulative visible length after each chunk
        self._times: list[float] = []  # arrival time of each chunk
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._pending = ""
        self._joined = ""
        self._changed = threading.Condition()
        self.exit_status: int | None = None
        self._closed = False
        self._reader = threading.Thread(target=self._read, name="pty-reader", daemon=True)
        self._reader.start()

    # ------------------------------------------------------------------ reading

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.fd, 65536)
            except OSError:  # EIO: the program closed the terminal (exited)
                data = b""
            now = time.monotonic()
            if not data:
                with self._changed:
                    self._closed = True
                    self._changed.notify_all()
                return
            decoded = self._pending + self._decoder.decode(data)
            partial = _PARTIAL.search(decoded)
            cut = partial.start() if partial and partial.start() < len(decoded) else len(decoded)
            self._pending = decoded[cut:]
            shown = visible_text(decoded[:cut])
            with self._changed:
                self.raw += data
                self.text.append(shown)
                self._text_len += len(shown)
                self._raw_ends.append(len(self.raw))
                self._text_ends.append(self._text_len)
                self._times.append(now)
                self._changed.notify_all()

    def _visible(self) -> str:
        if len(self._joined) != self._text_len:
            self._joined = "".join(self.text)
        return self._joined

    def mark(self) -> Mark:
        """The current end of the output (search after it) and the current time."""
        with self._changed:
            return Mark(len(self.raw), self._text_len, time.monotonic())

    def _time_of(self, ends: list[int], position: int) -> float:
        return self._times[bisect.bisect_left(ends, position)]

    def wait_for(
        self,
        pattern: str | re.Pattern[str],
        *,
        after: Mark | None = None,
        timeout: float = 30.0,
    ) -> tuple[float, re.Match[str] | None]:
        """Wait for visible `pattern` (text or regex) after `after`; returns (arrival time, match)."""
        start = after.text if after else 0
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                text = self._visible()
                if isinstance(pattern, str):
                    index = text.find(pattern, start)
                    if index >= 0:
                        return self._time_of(self._text_ends, index + len(pattern)), None
                else:
                    match = pattern.search(text, start)
                    if match:
                        return self._time_of(self._text_ends, match.end()), match
                remaining = deadline - time.monotonic()
                if self._closed or remaining <= 0:
                    tail = text[-400:]
                    raise Timeout(
                        f"{pattern!r} not seen ({'exited' if self._closed else 'timeout'}); {tail!r}"
                    )
                self._changed.wait(min(remaining, 0.5))

    def wait_for_raw(
        self, pattern: bytes | re.Pattern[bytes], *, after: int = 0, timeout: float = 30.0
    ) -> tuple[float, int]:
        """Wait for raw bytes (or a bytes regex) from offset `after`; returns (arrival time, end offset)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                if isinstance(pattern, bytes):
                    index = self.raw.find(pattern, after)
                    end = index + len(pattern) if index >= 0 else -1
                else:
                    match = pattern.search(self.raw, after)
                    end = match.end() if match else -1
                if end >= 0:
                    return self._time_of(self._raw_ends, end), end
                remaining = deadline - time.monotonic()
                if self._closed or remaining <= 0:
                    raise Timeout(f"{pattern!r} not seen ({'exited' if self._closed else 'timeout'})")
                self._changed.wait(min(remaining, 0.5))

    def quiet(self, seconds: float, *, timeout: float = 10.0) -> None:
        """Wait until the program has written nothing for `seconds` (or `timeout` passed)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._changed:
                last = self._times[-1] if self._times else self.started
            if time.monotonic() - last >= seconds:
                return
            time.sleep(seconds / 4)

    # ------------------------------------------------------------------ writing and ending

    def send(self, keys: str | bytes) -> float:
        """Type `keys` (as the terminal would send them); returns the moment they were written."""
        data = keys.encode() if isinstance(keys, str) else keys
        now = time.monotonic()
        os.write(self.fd, data)
        return now

    def memory_kib(self) -> dict[str, int]:
        """VmRSS and VmHWM of the program (KiB), from /proc/<pid>/status."""
        figures: dict[str, int] = {}
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                name, _, value = line.partition(":")
                if name in ("VmRSS", "VmHWM"):
                    figures[name] = int(value.split()[0])
        return figures

    def close(self, quit_keys: bytes | None = None, timeout: float = 5.0) -> int:
        """End the program: type `quit_keys` (e.g. ctrl+q) and wait up to `timeout` for it to exit, or
        (no keys) kill it at once; a program that does not exit in time is killed. Returns its status."""
        if self.exit_status is None:
            if quit_keys:
                with contextlib.suppress(OSError):
                    os.write(self.fd, quit_keys)
            deadline = time.monotonic() + (timeout if quit_keys else 0.0)
            while self.exit_status is None:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    self.exit_status = os.waitstatus_to_exitcode(status)
                elif time.monotonic() >= deadline:
                    os.kill(self.pid, signal.SIGKILL)
                    os.waitpid(self.pid, 0)
                    self.exit_status = -signal.SIGKILL
                else:
                    time.sleep(0.02)
        self._reader.join(timeout=2)
        with contextlib.suppress(OSError):
            os.close(self.fd)
        return self.exit_status
