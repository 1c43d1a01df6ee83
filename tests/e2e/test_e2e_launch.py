"""The installed ``reader`` on an empty home, in a real terminal, as a new user meets it:
the first launch shows the seed articles, search narrows them, Enter opens the top hit,
``q`` quits and gives the terminal back; the second launch opens on the warm cache."""

from __future__ import annotations

import pytest

from e2e_support import FIRST_TITLE, containing, list_rows, search_and_open, search_ready, status, terminal_restored, titles_in


def test_first_launch_shows_titles_finds_opens_and_quits(launch, home, seed_articles):
    term = launch()
    screen = term.wait_for(FIRST_TITLE)
    term.wait_for(search_ready)
    top, screen = search_and_open(term, seed_articles)
    term.send("q")
    assert term.wait_exit() == 0
    terminal_restored(term)
    # the platformdirs locations of the empty home hold the cache and the user's data
    assert (home.root / "cache" / "reader").is_dir()
    assert (home.root / "share" / "reader").is_dir()


def test_second_launch_opens_warm_where_the_first_ended(launch, seed_articles):
    first = launch()
    first.wait_for(search_ready)
    top, _ = search_and_open(first, seed_articles)
    first.send("q")
    assert first.wait_exit() == 0

    second = launch()
    n = len(containing(seed_articles, "锡"))
    # the query and the open article come back; the index is not built again
    screen = second.wait_for(lambda s: f"{n} hits" in status(s) and f"╭─ {top.title[:8]}" in s)
    assert "锡" in screen.splitlines()[1]
    second.send("q")
    assert second.wait_exit() == 0
    assert "indexing" not in second.output()
    terminal_restored(second)


def test_reader_variables_choose_cache_and_data(launch, home, tmp_path):
    cache, data = tmp_path / "my-cache", tmp_path / "my-data"
    term = launch(env={"READER_CACHE_DIR": str(cache), "READER_DATA_DIR": str(data)})
    term.wait_for(search_ready)
    term.send("ctrl+q")  # the search box has the focus: q would be typed there
    assert term.wait_exit() == 0
    assert any(cache.iterdir()) and any(data.iterdir())
    assert not (home.root / "cache" / "reader").exists()
    assert not (home.root / "share" / "reader").exists()


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
def test_small_and_large_terminals(launch, seed_articles, size):
    columns, lines = size
    term = launch(size=size)
    screen = term.wait_for(search_ready)
    assert FIRST_TITLE in screen
    assert len(screen.splitlines()) == lines
    rows = list_rows(screen)
    assert rows and rows[0] == FIRST_TITLE
    if lines >= 60:  # every article of the seeds fits: all their titles are listed
        assert len(titles_in(rows, seed_articles)) == len(seed_articles)
    search_and_open(term, seed_articles)
    term.send("q")
    assert term.wait_exit() == 0
    terminal_restored(term)
