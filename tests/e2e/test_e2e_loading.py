"""While a cold cache is being filled — articles loading, a corpus being indexed — the
screen says what the app is doing, q quits at once (taking the indexer with it), and keys
pressed before search is ready never become the next launch's query."""

from __future__ import annotations

import importlib.util
import time

import pytest

from e2e_support import ROOT, exit_status, search_ready, session_processes, status, terminal_restored

ARTICLES = 400  # enough that indexing takes seconds: progress to read, time to press q


@pytest.fixture(scope="session")
def big_corpus(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("synth", ROOT / "bench" / "synth.py")
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)
    folder = tmp_path_factory.mktemp("synth") / "archive"
    synth.generate(folder, ARTICLES)
    return folder


def indexing(screen: str) -> bool:
    return "indexing" in status(screen)


def says_it_is_indexing(screen: str) -> None:
    """The status line counts the articles indexed; the waiting search box says why it waits."""
    assert f"of {ARTICLES} articles" in status(screen), status(screen)
    assert "search opens when ready" in screen.splitlines()[1] and "q quits" in screen.splitlines()[1]


def ready_listing(n: int):
    def shows(screen: str) -> bool:
        return f"{n} articles" in status(screen) and "搜索 词/拼音" in screen and "index" not in status(screen)
    shows.__name__ = f"{n} articles listed and search ready"
    return shows


def test_q_quits_while_indexing_and_takes_the_indexer_along(launch, big_corpus):
    term = launch("--corpus", big_corpus, under_shell=True)
    screen = term.wait_for(indexing)
    started = time.monotonic()
    term.send("q")
    assert exit_status(term) == 0
    says_it_is_indexing(screen)
    assert time.monotonic() - started < 30  # at once, not after the build (bounded for a loaded machine)
    terminal_restored(term)
    deadline = time.monotonic() + 30
    while session_processes(term) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not session_processes(term), "reader left processes running after it quit"


def test_keys_pressed_before_search_is_ready_are_not_the_next_query(launch, big_corpus):
    term = launch("--corpus", big_corpus)
    term.send("j")  # before the first paint, even: the terminal keeps it for the app
    says_it_is_indexing(term.wait_for(indexing))
    term.send("j", "x", "k")  # the list's keys work meanwhile; x does nothing
    screen = term.wait_for(ready_listing(ARTICLES))
    assert "jxk" not in screen and "jjxk" not in screen
    term.send("q")  # the list has the focus still (keys were pressed): q quits
    assert term.wait_exit() == 0

    again = launch("--corpus", big_corpus)
    screen = again.wait_for(ready_listing(ARTICLES))
    assert "jxk" not in screen.splitlines()[1]
    again.send("ctrl+q")
    assert again.wait_exit() == 0


def test_q_quits_before_anything_is_shown(launch):
    term = launch(under_shell=True)
    term.send("q")  # typed as the program starts: kept by the terminal until the app reads it
    assert exit_status(term) == 0
    terminal_restored(term)


def test_the_box_takes_the_keys_once_search_is_ready(launch, seed_articles):
    term = launch()
    term.wait_for(search_ready)  # nothing pressed meanwhile: the box has the focus
    term.send("q")  # now typed, not quitting: a query
    term.wait_for(lambda s: "▊  q" in s.splitlines()[1] and " hit" in status(s))
    term.send("ctrl+q")
    assert term.wait_exit() == 0
