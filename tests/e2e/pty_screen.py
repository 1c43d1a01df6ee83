"""A program in a real pseudo-terminal, its output read by a VT emulator (pyte).

    with PtyScreen([reader, "--corpus", folder], env, size=(120, 40)) as term:
        term.wait_for("市委常委会召开会议")
        term.send("锡")
        term.wait_for(lambda text: "hits" in text)
        term.send("q")
        assert term.wait_exit() == 0

Everything waits on a condition with a deadline, never for a fixed time: the machine the
tests run on may be loaded. A failed wait says what the screen showed. The child runs in
its own session (a controlling terminal of its own, as in a real terminal); closing the
PtyScreen kills its whole process group, indexing children included.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import threading
import time
from typing import Callable, Union

import pyte

Condition = Union[str, Callable[[str], bool]]

KEYS = {
    "enter": "\r", "escape": "\x1b", "tab": "\t", "backspace": "\x7f", "space": " ",
    "up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D",
    "home": "\x1b[H", "end": "\x1b[F", "pageup": "\x1b[5~", "pagedown": "\x1b[6~",
    "f1": "\x1bOP", "f2": "\x1bOQ", "ctrl+c": "\x03", "ctrl+q": "\x11", "ctrl+p": "\x10",
}

# CSI sequences pyte does not know and would draw parts of (kitty keyboard push/pop: CSI > 1 u,
# CSI < u); and an escape sequence cut off at the end of a read, kept for the next one
_UNKNOWN_CSI = re.compile(rb"\x1b\[[<>=][0-9;]*[A-Za-z]")
_CUT_OFF = re.compile(rb"\x1b(?:\[[0-9;?<>=$]*)?$")
_MODE_QUERY = re.compile(rb"\x1b\[\?([0-9]+)\$p")  # DECRQM: is private mode N supported?
# Synchronized output (mode 2026): a frame between these is shown whole, once it has ended —
# never half of one, as a terminal that supports it shows it
_SYNC = re.compile(rb"(\x1b\[\?2026[hl])")
_SYNC_START = b"\x1b[?2026h"
SUPPORTED_MODES = {b"2026"}

DEFAULT_TIMEOUT = 60.0


class _Screen(pyte.Screen):
    """A pyte screen that answers the terminal's queries (device attributes, cursor
    position) to the program, as a real terminal does."""

    def __init__(self, columns: int, lines: int, reply: Callable[[str], None]) -> None:
        super().__init__(columns, lines)
        self._reply = reply

    def write_process_input(self, data: str) -> None:
        self._reply(data)


class PtyScreen:
    def __init__(self, argv: list[str], env: dict[str, str], size: tuple[int, int] = (120, 40),
                 cwd: str | None = None) -> None:
        self.argv = list(argv)
        self.columns, self.lines = size
        self.raw = bytearray()  # everything the program wrote
        self.returncode: int | None = None
        self._lock = threading.Condition()
        self._carry = b""
        self._in_frame = False
        self._screen = _Screen(self.columns, self.lines, self._answer)
        self._stream = pyte.ByteStream(self._screen)
        self._shown = self._screen.display  # what a person sees: the last whole frame
        pid, fd = pty.fork()
        if pid == 0:  # the child: its own session, the pty its controlling terminal
            try:
                if cwd:
                    os.chdir(cwd)
                os.execve(self.argv[0], self.argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self._set_size(self.columns, self.lines)
        self._eof = False
        self._reader = threading.Thread(target=self._read, name=f"pty-{pid}", daemon=True)
        self._reader.start()

    # -- the terminal ---------------------------------------------------------------------
    def _set_size(self, columns: int, lines: int) -> None:
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))

    def resize(self, columns: int, lines: int) -> None:
        """Resize the terminal, as a person dragging its window does (SIGWINCH to the program)."""
        with self._lock:
            self.columns, self.lines = columns, lines
            self._screen.resize(lines, columns)
            self._shown = self._screen.display
        self._set_size(columns, lines)
        try:
            os.killpg(self.pid, signal.SIGWINCH)
        except ProcessLookupError:
            pass

    def _answer(self, data: str) -> None:
        try:
            os.write(self.fd, data.encode("utf-8"))
        except OSError:
            pass

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.5)
                if not ready:
                    if self._exited():
                        break
                    continue
                chunk = os.read(self.fd, 65536)
            except OSError:  # EIO: every holder of the pty's other side has gone
                chunk = b""
            with self._lock:
                if not chunk:
                    break
                self.raw += chunk
                data = self._carry + chunk
                cut = _CUT_OFF.search(data)
                self._carry, data = (data[cut.start():], data[:cut.start()]) if cut else (b"", data)
                for mode in _MODE_QUERY.findall(data):  # supported and reset, or not recognised
                    self._answer(f"\x1b[?{mode.decode()};{2 if mode in SUPPORTED_MODES else 0}$y")
                for part in _SYNC.split(_UNKNOWN_CSI.sub(b"", data)):
                    if _SYNC.fullmatch(part):
                        self._in_frame = part == _SYNC_START
                        if not self._in_frame:
                            self._shown = self._screen.display
                    elif part:
                        self._stream.feed(part)
                if not self._in_frame:
                    self._shown = self._screen.display
                self._lock.notify_all()
        with self._lock:
            self._shown = self._screen.display
            self._eof = True
            self._lock.notify_all()

    def _exited(self) -> bool:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                return True
            if pid == 0:
                return False
            self.returncode = os.waitstatus_to_exitcode(status)
        return True

    # -- what a person does and sees --------------------------------------------------------
    def send(self, *keys: str) -> None:
        """Type *keys*: text as it is ("锡", "jq"), or names from KEYS ("enter", "ctrl+c")."""
        for key in keys:
            data = KEYS.get(key, key)
            os.write(self.fd, data.encode("utf-8"))

    def screen_lines(self) -> list[str]:
        with self._lock:
            return [line.rstrip() for line in self._shown]

    def screen_text(self) -> str:
        """The screen as a person reads it: its lines, a wide (CJK) glyph once."""
        return "\n".join(self.screen_lines())

    def cursor(self) -> tuple[int, int]:
        with self._lock:
            return self._screen.cursor.x, self._screen.cursor.y

    def wait_for(self, condition: Condition, timeout: float = DEFAULT_TIMEOUT) -> str:
        """Wait until *condition* holds — a text on the screen, or a predicate of the screen's
        text — and return that text; fail with what the screen showed otherwise."""
        if isinstance(condition, str):
            wanted = condition

            def holds(text: str) -> bool:
                return wanted in text
            what = repr(wanted)
        else:
            holds, what = condition, getattr(condition, "__name__", "the condition")
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                text = "\n".join(line.rstrip() for line in self._shown)
                if holds(text):
                    return text
                left = deadline - time.monotonic()
                if left <= 0 or self._eof:
                    why = "the program ended" if self._eof else f"not within {timeout:.0f} s"
                    raise AssertionError(f"waited for {what}: {why}; the screen:\n{text}")
                self._lock.wait(min(left, 0.5))

    def wait_exit(self, timeout: float = DEFAULT_TIMEOUT) -> int:
        """The program's exit status once it has ended (fails if it does not end in time)."""
        deadline = time.monotonic() + timeout
        while not self._exited():
            if time.monotonic() > deadline:
                raise AssertionError(f"the program did not end within {timeout:.0f} s; the screen:\n{self.screen_text()}")
            with self._lock:
                self._lock.wait(0.1)
        self._reader.join(timeout=max(1.0, deadline - time.monotonic()))
        return self.returncode

    def output(self) -> str:
        """Everything the program wrote, escape sequences included."""
        with self._lock:
            return bytes(self.raw).decode("utf-8", "replace")

    def terminal_modes(self) -> list:
        """The pty's line discipline settings (echo, canonical mode …), as tcgetattr gives."""
        return termios.tcgetattr(self.fd)

    # -- clean-up -----------------------------------------------------------------------------
    def close(self) -> None:
        """Kill the program and everything it started, if still running; free the pty."""
        if not self._exited():
            for sig, grace in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 10.0)):
                try:
                    os.killpg(self.pid, sig)
                except ProcessLookupError:
                    break
                deadline = time.monotonic() + grace
                while not self._exited() and time.monotonic() < deadline:
                    time.sleep(0.05)
                if self._exited():
                    break
        try:  # helpers it started (an indexer) share its process group
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._reader.join(timeout=5)
        try:
            os.close(self.fd)
        except OSError:
            pass

    def __enter__(self) -> "PtyScreen":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
