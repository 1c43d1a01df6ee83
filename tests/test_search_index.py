"""The on-disk index: reuse, incremental updates, corruption, schema changes, concurrency."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from reader.corpus import load_corpus
from reader.search import IndexStore, open_search
from reader.search.schema import SCHEMA_VERSION


@pytest.fixture
def corpus_dir(tmp_path, seeds):
    d = tmp_path / "corpus"
    d.mkdir()
    for p in seeds.glob("*.txt"):
        shutil.copy(p, d / p.name)
    return d


def _open(corpus_dir, cache):
    return open_search(load_corpus(corpus_dir), cache)


def test_reopening_an_unchanged_corpus_does_no_work(corpus_dir, tmp_path):
    cache = tmp_path / "cache"
    _, first = _open(corpus_dir, cache)
    assert first.built and first.added == 19
    engine, again = _open(corpus_dir, cache)
    assert not again.did_work and again.added == 0
    assert engine.search("杜小刚").total == 5


def test_jieba_cache_lives_in_our_cache_dir(corpus_dir, tmp_path):
    cache = tmp_path / "cache"
    code = "import sys; from reader.corpus import load_corpus; from reader.search import open_search; open_search(load_corpus(sys.argv[1]), sys.argv[2])"
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    subprocess.run([sys.executable, "-c", code, str(corpus_dir), str(cache)], check=True, env=env, timeout=120)
    assert (cache / "jieba-dict.cache").is_file()
    assert not list((tmp_path / "tmp").glob("jieba*"))


def test_added_edited_removed_files_update_only_those(corpus_dir, tmp_path):
    cache = tmp_path / "cache"
    _open(corpus_dir, cache)
    # add a page
    (corpus_dir / "005_new.txt").write_text("新页面标题\n\n本报讯 1月2日，独一无二的鼋头渚测试段落。\n\n（测试）\n", "utf-8")
    engine, report = _open(corpus_dir, cache)
    assert not report.built and report.added == 1 and report.updated_files == 1
    assert engine.search("鼋头渚测试").total == 1
    # edit it
    time.sleep(0.01)
    (corpus_dir / "005_new.txt").write_text("新页面标题\n\n本报讯 1月2日，改过的蠡园测试段落。\n\n（测试）\n", "utf-8")
    engine, report = _open(corpus_dir, cache)
    assert report.added == 1 and report.updated_files == 1
    assert engine.search("鼋头渚测试").total == 0 and engine.search("蠡园测试").total == 1
    # remove a seed page
    (corpus_dir / "001_2c0a0f2cccb9818b.txt").unlink()
    engine, report = _open(corpus_dir, cache)
    assert report.removed_files == 1 and report.added == 0
    assert engine.search("中国诚通").total == 0
    assert engine.search("", limit=None).total == 16


def test_corrupt_index_is_rebuilt_with_a_notice(corpus_dir, tmp_path):
    cache = tmp_path / "cache"
    _open(corpus_dir, cache)
    store = IndexStore(load_corpus(corpus_dir), cache)
    for f in store.path.iterdir():
        if f.suffix in (".toc", ".seg", ".pst", ".trm"):
            f.write_bytes(b"garbage" * 10)
    engine, report = _open(corpus_dir, cache)
    assert report.built and "damaged" in report.notice
    assert engine.search("杜小刚").total == 5


def test_missing_manifest_and_older_schema_rebuild(corpus_dir, tmp_path):
    cache = tmp_path / "cache"
    _open(corpus_dir, cache)
    store = IndexStore(load_corpus(corpus_dir), cache)
    data = json.loads(store.manifest_path.read_text())
    data["schema"] = SCHEMA_VERSION - 1
    del data["crc"]  # an older version's manifest had no checksum
    store.manifest_path.write_text(json.dumps(data))
    _, report = _open(corpus_dir, cache)
    assert report.built and "older version" in report.notice
    store.manifest_path.unlink()
    _, report = _open(corpus_dir, cache)
    assert report.built and "manifest" in report.notice


def test_an_interrupted_build_leaves_no_half_index(corpus_dir, tmp_path):
    cache = tmp_path / "cache"
    store = IndexStore(load_corpus(corpus_dir), cache)
    # a build directory left by a killed process is ignored and cleaned up
    junk = store.path.with_name(store.path.name + ".build-99999")
    junk.mkdir(parents=True)
    (junk / "MAIN_WRITELOCK").write_text("")
    engine, report = _open(corpus_dir, cache)
    assert report.built and not junk.exists()
    assert engine.search("锡").total > 0


def test_two_processes_open_the_same_index(corpus_dir, tmp_path):
    cache = tmp_path / "cache"
    code = (
        "import sys; from reader.corpus import load_corpus; from reader.search import open_search\n"
        "e, r = open_search(load_corpus(sys.argv[1]), sys.argv[2])\n"
        "print(e.search('杜小刚').total, int(r.built))\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(corpus_dir), str(cache)], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120)[0].split() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert sorted(o[0] for o in outs) == ["5", "5"]
    assert sorted(o[1] for o in outs) == ["0", "1"]  # one built, the other waited and reused it


def test_a_parser_change_rebuilds_the_index(corpus_dir, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    _open(corpus_dir, cache)
    import reader.search.index as store_module

    monkeypatch.setattr(store_module, "parser_version", lambda: "changed")
    engine, report = _open(corpus_dir, cache)
    assert report.built and "parser changed" in report.notice
    _, again = _open(corpus_dir, cache)
    assert not again.did_work


def test_every_indexed_document_maps_to_an_article(corpus_dir, tmp_path):
    engine, _ = _open(corpus_dir, tmp_path / "cache")
    assert all(i >= 0 for i in engine.data._doc2art)
    assert sorted(engine.data._doc2art) == list(range(len(engine.articles)))
