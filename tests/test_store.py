"""Bookmarks and reading state: persistence, import/export, concurrency, crashes, recovery."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from reader.cli import main
from reader.store import StoreError, UserStore
from reader.store.db import DB_NAME


@pytest.fixture
def store(tmp_path):
    s = UserStore(tmp_path / "data")
    yield s
    s.close()


def test_toggle_note_remove_restore(store, seed_corpus):
    a = seed_corpus.articles[0]
    bm = store.toggle(a, 2)
    assert bm.paragraph == 2 and bm.quote.startswith("会议强调") and bm.title == a.title and bm.date == "9月4日"
    assert store.bookmarked_articles() == {a.id}
    store.set_note(bm.id, "督察整改")
    assert store.get(bm.id).note == "督察整改"
    assert store.toggle(a, 2) is None and store.bookmarks() == []
    store.restore(bm)
    assert store.get(bm.id) == bm  # undo puts it back exactly
    removed = store.remove(bm.id)
    assert removed.id == bm.id and store.get(bm.id) is None
    with pytest.raises(StoreError):
        store.set_note("nope", "x")


def test_the_folder_a_bookmark_was_made_in_goes_with_it_and_comes_back_on_undo(store, seed_corpus, tmp_path):
    a = seed_corpus.articles[0]
    bm = store.add(a, 1, corpus=seed_corpus.root)
    assert store.saved_in(bm.id) == str(seed_corpus.root.resolve())
    store.remove(bm.id)
    left = [k for k, in store.conn.execute("SELECT key FROM state") if bm.id in k]
    assert left == []  # nothing of it is left behind
    store.restore(bm)
    assert store.saved_in(bm.id) == str(seed_corpus.root.resolve())
    assert store.toggle(a, 1) is None and store.saved_in(bm.id) is None


def test_reading_state_persists(tmp_path, seed_corpus):
    s = UserStore(tmp_path / "d")
    s.set_position("abc", 7)
    s.set_state(query="无锡", article="abc")
    s.close()
    s = UserStore(tmp_path / "d")
    assert s.position("abc") == 7 and s.get_state("query") == "无锡" and s.get_state("article") == "abc"
    assert (tmp_path / "d" / DB_NAME).exists()
    mode = s.conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_json_round_trip_and_merge(tmp_path, seed_corpus):
    a = UserStore(tmp_path / "a")
    for i, art in enumerate(seed_corpus.articles[:5]):
        bm = a.add(art, 0)
        a.set_note(bm.id, f"note {i}")
    export = a.export_json()
    b = UserStore(tmp_path / "b")
    assert b.import_json(export).counts == (5, 0, 0)
    assert b.import_json(export).counts == (0, 0, 5)  # duplicates merged, not doubled
    key = lambda s: sorted((x.article_id, x.paragraph, x.note, x.quote, x.title) for x in s.bookmarks())
    assert key(a) == key(b)
    # a newer note wins on import
    first = a.bookmarks()[-1]
    time.sleep(0.01)
    a.set_note(first.id, "newer")
    assert b.import_json(a.export_json()).counts == (0, 1, 4)
    assert {x.note for x in b.bookmarks()} >= {"newer"}
    with pytest.raises(StoreError):
        b.import_json({"nope": 1})
    report = b.import_json({"bookmarks": [{"paragraph": "x"}]})  # a bad entry: rejected, not raised
    assert report.counts == (0, 0, 0) and len(report.rejected) == 1


def test_cli_export_import_rm(tmp_path, capsys, monkeypatch, seed_corpus):
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "d"))
    s = UserStore(tmp_path / "d")
    bm = s.add(seed_corpus.articles[3], 1, note="西门子工厂")
    s.close()
    assert main(["bookmarks", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["id"] == bm.id and listed[0]["missing"] is False
    out = tmp_path / "b.json"
    assert main(["bookmarks", "export", "--format", "json", "-o", str(out)]) == 0
    assert main(["bookmarks", "export", "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert "## 西门子中压智能化数字工厂在锡开工（9月5日）" in md and "> " in md and "**Note:** 西门子工厂" in md
    assert main(["bookmarks", "rm", bm.id[:5]]) == 0
    assert main(["bookmarks", "list", "--json"]) == 0
    capsys.readouterr()
    assert main(["bookmarks", "import", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"added": 1, "updated": 0, "unchanged": 0, "rejected": []}
    assert main(["bookmarks", "list", "--json"]) == 0
    assert [b["id"] for b in json.loads(capsys.readouterr().out)] == [bm.id]
    bad = tmp_path / "bad.json"
    bad.write_text("{", "utf-8")
    assert main(["bookmarks", "import", str(bad)]) == 2
    assert "not valid JSON" in capsys.readouterr().err
    assert main(["bookmarks", "rm", "zzzz"]) == 2


def test_missing_article_bookmarks_are_kept_and_flagged(tmp_path, capsys, monkeypatch, seeds):
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "d"))
    s = UserStore(tmp_path / "d")
    s.import_json({"bookmarks": [{"article_id": "gone000000", "paragraph": 1, "quote": "旧文章", "title": "已删除的文章",
                                  "source": "999.txt", "created": 1.0, "updated": 1.0}]})
    s.close()
    assert main(["bookmarks", "list", "--json"]) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert item["missing"] is True and item["quote"] == "旧文章"
    assert main(["bookmarks", "export", "--format", "md"]) == 0
    assert "not in this corpus" in capsys.readouterr().out


def test_garbage_database_is_moved_aside_not_lost(tmp_path, seed_corpus):
    data = tmp_path / "d"
    data.mkdir()
    (data / DB_NAME).write_bytes(b"this is not sqlite" * 100)
    s = UserStore(data)
    assert s.writable and len(s.messages) == 1 and "moved aside" in s.messages[0]
    aside = [p for p in data.iterdir() if p.name.startswith(DB_NAME + ".unusable-")]
    assert len(aside) == 1 and aside[0].read_bytes() == b"this is not sqlite" * 100
    s.add(seed_corpus.articles[0], 0)
    assert len(s.bookmarks()) == 1


def test_database_from_a_newer_reader_is_moved_aside(tmp_path):
    data = tmp_path / "d"
    data.mkdir()
    conn = sqlite3.connect(data / DB_NAME)
    conn.execute("CREATE TABLE x (y)")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    s = UserStore(data)
    assert "newer reader" in s.messages[0]
    assert any(p.name.startswith(DB_NAME + ".unusable-") for p in data.iterdir())


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_folder(tmp_path):
    data = tmp_path / "ro"
    data.mkdir()
    data.chmod(0o500)
    try:
        s = UserStore(data)
        assert not s.writable and "read-only" in s.messages[0]
    finally:
        data.chmod(0o700)


def test_unwritable_data_dir_still_starts(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    s = UserStore(blocker / "sub")  # cannot create a folder under a file
    assert not s.writable and "cannot create the data folder" in s.messages[0]


WRITER = """
import sys
from reader.store import UserStore
store = UserStore(sys.argv[2])
offset = int(sys.argv[3])
for k in range(int(sys.argv[4])):  # one transaction per bookmark, confirmed on stdout
    store.import_json({"bookmarks": [{"article_id": f"p{offset}-{k}", "paragraph": 1, "quote": "q",
                                      "title": "t", "source": "s", "created": 1.0, "updated": 1.0}]})
    print(k, flush=True)
"""


def test_two_processes_adding_at_once_lose_nothing(tmp_path, seeds):
    data = tmp_path / "d"
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(seeds), str(data), str(i), "60"], stdout=subprocess.DEVNULL)
        for i in range(2)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    s = UserStore(data)
    assert len(s.bookmarks()) == 120


def test_sigkill_during_writes_leaves_a_consistent_database(tmp_path, seeds):
    data = tmp_path / "d"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(seeds), str(data), "0", "100000"],
                            stdout=subprocess.PIPE, text=True)
    confirmed = -1
    for line in proc.stdout:
        confirmed = int(line)
        if confirmed >= 50:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    s = UserStore(data)
    assert s.messages == []  # opens cleanly: nothing moved aside
    assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n = len(s.bookmarks())
    assert n >= confirmed + 1  # every confirmed write is there; at most the one in flight is not
    ids = {b.article_id for b in s.bookmarks()}
    assert ids == {f"p0-{k}" for k in range(n)}


OPENER = """
import sys
from reader.store import UserStore
s = UserStore(sys.argv[1])
print(int(s.writable), len(s.messages))
"""


def test_many_instances_starting_at_once_on_a_fresh_folder(tmp_path):
    data = tmp_path / "d"
    procs = [subprocess.Popen([sys.executable, "-c", OPENER, str(data)], stdout=subprocess.PIPE, text=True)
             for _ in range(6)]
    outs = [p.communicate(timeout=120)[0].split() for p in procs]
    assert outs == [["1", "0"]] * 6  # every one writable, none moved anything aside
    assert not [p for p in data.iterdir() if ".unusable-" in p.name]
