"""The pseudo-terminal helper itself: it reads wide glyphs as a terminal shows them, answers
the program's questions, fails a wait with the screen in its message, and leaves no process
behind."""

from __future__ import annotations

import os
import re

import pytest

from pty_screen import PtyScreen

SH = "/bin/sh"


def alive(pid: int) -> bool:
    """Running (not ended, nor a zombie waiting to be reaped)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(") ", 1)[1][:1] != "Z"
    except FileNotFoundError:
        return False


def test_wide_glyphs_sizes_and_exit_status(tmp_path):
    with PtyScreen([SH, "-c", 'stty size; printf "锡x\\n"; exit 3'], dict(os.environ), size=(33, 7)) as term:
        screen = term.wait_for("锡x")
        assert "7 33" in screen
        assert term.wait_exit() == 3


def test_a_failed_wait_shows_the_screen():
    with PtyScreen([SH, "-c", 'echo hello; read line'], dict(os.environ), size=(40, 5)) as term:
        term.wait_for("hello")
        with pytest.raises(AssertionError, match=r"(?s)waited for 'never'.*hello"):
            term.wait_for("never", timeout=0.5)


def test_close_kills_everything_the_program_started():
    script = 'sleep 600 & echo "child=$!"; wait'
    term = PtyScreen([SH, "-c", script], dict(os.environ), size=(40, 5))
    child = int(re.search(r"child=(\d+)", term.wait_for(lambda s: re.search(r"child=\d+", s) is not None)).group(1))
    assert alive(child)
    term.close()
    assert not alive(term.pid) and not alive(child)
