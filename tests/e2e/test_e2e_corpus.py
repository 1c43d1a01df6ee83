"""The installed ``reader`` on other cold and damaged paths: a corpus folder never opened
before, a page added since the last launch, a cache overwritten with garbage, a bookmarks
database that is not one. Each opens a working reader."""

from __future__ import annotations

import os
import shutil
import sqlite3

from e2e_support import SEEDS, hit_count, list_rows, ready_with, search_and_open, status, terminal_restored, toast_text

NEW_PAGE = "鼋头渚樱花节开幕\n\n本报讯 3月20日，第三十届鼋头渚樱花节今天开幕，首日迎来游客两万余人。\n\n(王小明)\n"


def test_a_new_corpus_folder_then_a_page_added(launch, tmp_path, seed_articles):
    folder = tmp_path / "papers"
    shutil.copytree(SEEDS, folder)
    term = launch("--corpus", folder)
    screen = term.wait_for(ready_with(len(seed_articles), 5, "papers"))
    assert list_rows(screen)[0] == seed_articles[0].title
    search_and_open(term, seed_articles)
    term.send("q")
    assert term.wait_exit() == 0

    (folder / "005_new_page.txt").write_text(NEW_PAGE, "utf-8")
    term = launch("--corpus", folder)
    # the query and article of the last launch come back, on the corpus as it is now
    term.wait_for(lambda s: "papers/ (6 pages)" in status(s) and "index" not in status(s) and " hits" in status(s))
    term.send("/")  # from the article the last launch left open, back to the box
    term.send("escape")  # clear the query kept from the last launch
    term.wait_for(lambda s: f"{len(seed_articles) + 1} articles" in status(s))
    term.send("鼋头渚")
    screen = term.wait_for(hit_count(1))
    assert list_rows(screen)[0] == "鼋头渚樱花节开幕"
    term.send("ctrl+q")
    assert term.wait_exit() == 0
    terminal_restored(term)


def test_a_damaged_cache_still_opens(launch, home, seed_articles):
    term = launch()
    term.wait_for(lambda s: "19 articles" in status(s) and "搜索 词/拼音" in s and "…" not in status(s))
    term.send("ctrl+q")
    assert term.wait_exit() == 0
    damaged = 0
    for path in sorted(home.cache.rglob("*")):
        if path.is_file():
            size = path.stat().st_size
            path.write_bytes(os.urandom(max(16, min(size, 4096))) if damaged % 2 else b"\x80garbage\x00" * 7)
            damaged += 1
    assert damaged >= 3  # corpus, index and preview files at least

    term = launch()
    term.wait_for(ready_with(len(seed_articles), 5, "seeds"))
    search_and_open(term, seed_articles)
    term.send("q")
    assert term.wait_exit() == 0
    assert "Traceback" not in term.output()


def test_a_garbage_bookmarks_database_is_moved_aside(launch, home, seed_articles):
    home.data.mkdir(parents=True)
    garbage = b"this is not a database\n" * 50
    (home.data / "reader.sqlite3").write_bytes(garbage)
    term = launch()
    screen = term.wait_for(lambda s: "moved aside" in toast_text(s))
    assert "unusable" in toast_text(screen)
    term.wait_for(ready_with(len(seed_articles), 5, "seeds"))
    top, _ = search_and_open(term, seed_articles)
    term.send("b")  # bookmark the paragraph at the top of the pane: the new database works
    term.wait_for(lambda s: "Bookmarked" in toast_text(s))
    term.send("q")
    assert term.wait_exit() == 0
    terminal_restored(term)
    asides = [p for p in home.data.iterdir() if p.name.startswith("reader.sqlite3.unusable")]
    assert len(asides) == 1 and asides[0].read_bytes() == garbage  # kept as it was, never lost
    with sqlite3.connect(home.data / "reader.sqlite3") as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        (table,) = [t for t in tables if "bookmark" in t]
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 1


def test_custom_words_changed_since_the_last_launch(launch, home, tmp_path, seed_articles):
    words = tmp_path / "words.txt"
    words.write_text("弗劳恩霍夫 nt\n", encoding="utf-8")
    term = launch()
    term.wait_for(ready_with(len(seed_articles), 5, "seeds"))
    term.send("ctrl+q")
    assert term.wait_exit() == 0

    term = launch("--custom-words", words)  # the index has other words: re-indexed, and said
    screen = term.wait_for(lambda s: "custom words changed" in toast_text(s), timeout=90)
    term.wait_for(ready_with(len(seed_articles), 5, "seeds"))
    term.send("弗劳恩霍夫")
    term.wait_for(hit_count(1))
    term.send("ctrl+q")
    assert term.wait_exit() == 0
    assert "Traceback" not in term.output()
