"""Helpers of the end-to-end tests: the installed console script, an empty home, and ways to
read what the screen shows (the list's rows, the status line, notifications)."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pty_screen import PtyScreen

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
FIRST_TITLE = "市委常委会召开会议"  # the first article of the first seed page
EXITED = "[reader exited: "  # what the shell of launch(under_shell=True) prints, then the status


def reader_script() -> Path:
    """The ``reader`` console script of the environment running the tests (a venv's bin/)."""
    script = Path(sys.executable).parent / "reader"
    if not script.exists():
        pytest.fail(f"the reader console script is not installed beside {sys.executable}: "
                    "install the project (pip install -e '.[test]') first")
    return script


@dataclass
class Home:
    """An empty home: HOME and the XDG folders, nothing of the real user's."""
    root: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def cache(self) -> Path:  # where the app keeps its cache when no variable says otherwise
        return Path(self.env.get("READER_CACHE_DIR") or self.root / "cache" / "reader")

    @property
    def data(self) -> Path:
        return Path(self.env.get("READER_DATA_DIR") or self.root / "share" / "reader")


def empty_home(root: Path) -> Home:
    root.mkdir(parents=True, exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(root),
        "XDG_CACHE_HOME": str(root / "cache"),
        "XDG_DATA_HOME": str(root / "share"),
        "XDG_CONFIG_HOME": str(root / "config"),
        "XDG_STATE_HOME": str(root / "state"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
    }
    if os.environ.get("PYTHONPATH"):  # (a checkout's code run by another checkout's venv: that code)
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return Home(root, env)



def containing(articles, text: str) -> list:
    """The articles a person would expect a search for *text* to find (its substring truth)."""
    from reader.search.normalize import normalize
    from reader.search.index import article_text

    return [a for a in articles if normalize(text) in article_text(a)]


def list_rows(screen: str) -> list[str]:
    """The article list's rows as shown: the text between the frame's side lines, below the
    top line that carries the list's title (e.g. ``╭─ 19 articles ───╮``)."""
    lines = screen.splitlines()
    top = next((i for i, line in enumerate(lines) if re.search(r"╭─ .*(articles|hits?|results)", line)), None)
    if top is None:
        return []
    rows = []
    for line in lines[top + 1:]:
        m = re.match(r"\s*│(.*?)│", line)
        if not m or line.lstrip().startswith("╰"):
            break
        rows.append(m.group(1).strip())
    return rows


def terminal_restored(term: PtyScreen) -> None:
    """Assert the program left the terminal as it found it: main screen back, cursor shown,
    mouse reporting off, echo and line editing on again."""
    out = term.output()
    assert out.rfind("\x1b[?1049l") > out.rfind("\x1b[?1049h") >= 0, "the alternate screen was not left"
    assert out.rfind("\x1b[?25h") > out.rfind("\x1b[?25l"), "the cursor was left hidden"
    assert out.rfind("\x1b[?1000l") > out.rfind("\x1b[?1000h"), "mouse reporting was left on"
    import termios

    lflag = term.terminal_modes()[3]
    assert lflag & termios.ECHO and lflag & termios.ICANON, "the terminal was left in raw mode"
    assert "Traceback" not in out


def status(screen: str) -> str:
    """The status line (above the footer)."""
    return screen.splitlines()[-2]


def footer(screen: str) -> str:
    return screen.splitlines()[-1]


def search_ready(screen: str) -> bool:
    """The whole corpus listed and the search box waiting for a query (its placeholder)."""
    return "19 articles" in status(screen) and "搜索 词/拼音" in screen


def titles_in(rows: list[str], articles) -> list:
    """The articles whose titles start the list's rows (a long title is cut with …)."""
    found = []
    for row in rows:
        head = row.rstrip("…").rstrip()
        found += [a for a in articles if head and a.title.startswith(head)]
    return found


def search_and_open(term, seed_articles, query: str = "锡"):
    """Type *query*, check the list holds exactly what contains it, open the top hit."""
    hits = containing(seed_articles, query)
    assert 1 < len(hits) < len(seed_articles)
    term.send(query)
    screen = term.wait_for(f"{len(hits)} hits")
    rows = list_rows(screen)
    shown = titles_in(rows, seed_articles)
    assert shown, f"no titles in the list:\n{screen}"
    assert {a.id for a in shown} <= {a.id for a in hits}, "the list shows an article without the query"
    top = shown[0]
    assert rows[0].rstrip("…").rstrip() and top.title.startswith(rows[0].rstrip("…").rstrip())
    term.send("enter")  # from the box to the list
    term.wait_for(lambda s: "Open" in footer(s))
    term.send("enter")  # open the article under the cursor: the top hit
    first_words = top.paragraphs[0][:8]
    screen = term.wait_for(lambda s: f"╭─ {top.title[:8]}" in s and first_words in s)
    return top, screen


def hit_count(n: int):
    def shows(screen: str) -> bool:
        return re.search(rf"(^|\s){n} hits?\b", status(screen)) is not None
    shows.__name__ = f"{n} hit(s) in the status line"
    return shows


def ready_with(articles: int, pages: int, folder: str):
    def shows(screen: str) -> bool:
        line = status(screen)
        return (f"{articles} articles" in line and f"{folder}/ ({pages} pages)" in line
                and "搜索 词/拼音" in screen and "index" not in line)
    shows.__name__ = f"{articles} articles of {folder}/ and search ready"
    return shows


def toast_text(screen: str) -> str:
    """The text of the notifications shown (right of their ▌ edge), joined into one line."""
    parts = [line.rsplit("▌", 1)[1].strip() for line in screen.splitlines() if "▌" in line]
    return " ".join(p for p in parts if p)


def exit_status(term: PtyScreen, timeout: float = 60.0) -> int:
    """reader's exit status, as its shell (launch(under_shell=True)) printed it."""
    screen = term.wait_for(lambda s: re.search(re.escape(EXITED) + r"\d+\]", s) is not None, timeout)
    return int(re.search(re.escape(EXITED) + r"(\d+)\]", screen).group(1))


def session_processes(term: PtyScreen) -> list[str]:
    """The running processes of the terminal's session other than its leader (zombies, ended
    and waiting to be reaped, left out): what reader left behind."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == term.pid:
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(") ", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmdline = fh.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        state, session = fields[0], int(fields[3])  # stat: state ppid pgrp session …
        if session == term.pid and state != "Z":
            found.append(f"{entry} {cmdline}")
    return found
