"""Fixtures of the end-to-end tests: the installed ``reader`` console script, run in a real
pseudo-terminal on an empty home, as a new user runs it (helpers: e2e_support.py)."""

from __future__ import annotations

import pytest

from e2e_support import EXITED, SEEDS, Home, empty_home, reader_script
from pty_screen import PtyScreen


@pytest.fixture
def home(tmp_path) -> Home:
    return empty_home(tmp_path / "home")


@pytest.fixture
def launch(home):
    """``launch(*args, size=(120, 40), env=None, under_shell=False)``: ``reader *args`` in a
    fresh terminal on the empty home; every terminal it opened is closed (its programs
    killed) at the end. *under_shell*: started by a shell that stays (the session's leader,
    as in a real terminal), which prints reader's exit status when it ends."""
    script = reader_script()
    opened: list[PtyScreen] = []

    def start(*args, size: tuple[int, int] = (120, 40), env: dict[str, str] | None = None,
              under_shell: bool = False) -> PtyScreen:
        argv = [str(script), *map(str, args)]
        if under_shell:  # as from a terminal's shell, which outlives it: see e2e_support.EXITED
            argv = ["/bin/sh", "-c", f'"$0" "$@"; echo "{EXITED}$?]"; read line', *argv]
        term = PtyScreen(argv, {**home.env, **(env or {})}, size=size, cwd=str(home.root))
        opened.append(term)
        return term

    yield start
    for term in opened:
        term.close()


@pytest.fixture(scope="session")
def seed_articles():
    from reader.corpus import load_corpus

    return load_corpus(SEEDS).articles
