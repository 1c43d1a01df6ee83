"""While a cold cache is being filled — articles loading, a corpus being indexed — the
screen says what the app is doing, ^q (or Esc, then q) quits at once (taking the indexer
with it), and what is typed before search is ready is searched as soon as it is."""

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
    assert "search opens when ready" in screen.splitlines()[1] and "^q quits" in screen.splitlines()[1]


def searched(screen: str) -> bool:
    """Search is open and the box's query has been searched."""
    hits = status(screen)
    return (" hit" in hits or "no results" in hits) and "index" not in hits


@pytest.mark.parametrize("keys", [("ctrl+q",), ("escape", "q")], ids=["ctrl+q", "escape-q"])
def test_quitting_while_indexing_takes_the_indexer_along(launch, big_corpus, keys):
    term = launch("--corpus", big_corpus, under_shell=True)
    screen = term.wait_for(indexing)
    started = time.monotonic()
    for key in keys:  # Esc: from the box to the list, where q quits
        term.send(key)
        if key == "escape":  # (q at once after it would be alt+q)
            term.wait_for(lambda s: "Clear / leave" not in s.splitlines()[-1])
    assert exit_status(term) == 0
    says_it_is_indexing(screen)
    assert time.monotonic() - started < 30  # at once, not after the build (bounded for a loaded machine)
    terminal_restored(term)
    deadline = time.monotonic() + 30
    while session_processes(term) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not session_processes(term), "reader left processes running after it quit"


def test_what_is_typed_before_search_is_ready_is_searched_then(launch, big_corpus):
    term = launch("--corpus", big_corpus)
    term.send("w")  # before the first paint, even: the terminal keeps it for the app
    assert f"of {ARTICLES} articles" in status(term.wait_for(indexing))
    term.send("u", "x", "i")  # i is typed, not the issues view
    # the box shows the keys a moment before the screen has handled them: wait for both
    screen = term.wait_for(lambda s: "wuxi" in s.splitlines()[1]
                           and ("searched when the index is ready" in status(s) or searched(s)))
    assert "Issues" not in screen.splitlines()[0]
    term.wait_for(lambda s: searched(s) and "wuxi" in s.splitlines()[1])
    term.send("ctrl+q")
    assert term.wait_exit() == 0

    again = launch("--corpus", big_corpus)  # the query is kept for the next launch
    again.wait_for(lambda s: searched(s) and "wuxi" in s.splitlines()[1])
    again.send("ctrl+q")
    assert again.wait_exit() == 0


def test_a_key_typed_before_anything_is_shown_starts_the_query(launch):
    term = launch(under_shell=True)
    term.send("q")  # typed as the program starts: kept by the terminal until the app reads it
    term.wait_for(lambda s: "▊  q " in s.splitlines()[1])
    term.send("ctrl+q")
    assert exit_status(term) == 0
    terminal_restored(term)


def test_the_box_takes_the_keys_once_search_is_ready(launch, seed_articles):
    term = launch()
    term.wait_for(search_ready)  # nothing pressed meanwhile: the box has the focus
    term.send("q")  # now typed, not quitting: a query
    term.wait_for(lambda s: "▊  q" in s.splitlines()[1] and " hit" in status(s))
    term.send("ctrl+q")
    assert term.wait_exit() == 0
