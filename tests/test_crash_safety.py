"""kill -9 in the middle of index work: the next run finds either the old index or builds
a whole new one, never half of one. (Bookmark writes under SIGKILL: tests/test_store.py.)"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from reader.corpus import load_corpus
from search_truth import truth

PAGES = 120  # ~450 articles: enough for the two-process writer


@pytest.fixture
def corpus_dir(tmp_path, seeds):
    folder = tmp_path / "pages"
    folder.mkdir()
    originals = sorted(seeds.glob("*.txt"))
    for k in range(PAGES):
        text = originals[k % len(originals)].read_text("utf-8")
        (folder / f"{k:03d}.txt").write_text(text.replace("本报讯", f"本报讯（第{k}期）", 1), "utf-8")
    return folder


def _reader(*args, cache, check=True):
    proc = subprocess.run([sys.executable, "-m", "reader", *args, "--cache-dir", str(cache)],
                          capture_output=True, text=True, timeout=300)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def _kill_mid_build(corpus_dir, cache, *extra):
    """Start indexing, SIGKILL it once it has reported progress, before it finishes."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", "index", "--progress-lines", "--corpus", str(corpus_dir),
         "--cache-dir", str(cache), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True,
    )
    for line in proc.stdout:
        data = json.loads(line)
        assert "finished" not in data, "the build finished before it could be killed"
        if data.get("done", 0) >= 50:
            break
    os.kill(proc.pid, signal.SIGKILL)  # only the parent, as a user's kill -9 would
    proc.wait()
    # its indexing workers go with it (they used to wait forever, keeping the index locked)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        raise AssertionError("indexing workers outlived the killed indexer")


def _search_equals_truth(corpus_dir, cache):
    corpus = load_corpus(corpus_dir)
    for q in ("杜小刚", "第7期", "高质量发展"):
        hits = json.loads(_reader("search", q, "--corpus", str(corpus_dir), "--json", "--limit", "0", cache=cache).stdout)
        assert {h["id"] for h in hits} == truth(corpus, q), q


def _no_leftovers(cache):
    left = [p.name for p in (cache / "index").iterdir() if ".build-" in p.name or ".old-" in p.name]
    assert left == []


def test_killed_first_build_is_rebuilt_whole(corpus_dir, tmp_path):
    cache = tmp_path / "cache"
    _kill_mid_build(corpus_dir, cache)
    out = json.loads(_reader("index", "--corpus", str(corpus_dir), "--json", cache=cache).stdout)
    assert out["rebuilt"] and out["indexed_articles"] == out["articles"]
    _search_equals_truth(corpus_dir, cache)
    _no_leftovers(cache)


def test_killed_rebuild_leaves_the_old_index_in_use(corpus_dir, tmp_path):
    cache = tmp_path / "cache"
    _reader("index", "--corpus", str(corpus_dir), cache=cache)
    _kill_mid_build(corpus_dir, cache, "--rebuild")
    out = json.loads(_reader("index", "--corpus", str(corpus_dir), "--json", cache=cache).stdout)
    assert not out["rebuilt"] and out["indexed_articles"] == 0  # the old index, still current
    _search_equals_truth(corpus_dir, cache)
    _reader("index", "--corpus", str(corpus_dir), "--rebuild", cache=cache)
    _no_leftovers(cache)  # the killed build's folder is gone after the next build


def test_killed_update_is_redone_on_next_open(corpus_dir, tmp_path):
    cache = tmp_path / "cache"
    _reader("index", "--corpus", str(corpus_dir), cache=cache)
    for k in range(0, PAGES, 2):  # half the pages change
        p = corpus_dir / f"{k:03d}.txt"
        p.write_text(p.read_text("utf-8").replace(f"（第{k}期）", f"（第{k}期修订）"), "utf-8")
    _kill_mid_build(corpus_dir, cache)
    out = json.loads(_reader("index", "--corpus", str(corpus_dir), "--json", cache=cache).stdout)
    assert out["updated_files"] == PAGES // 2
    _search_equals_truth(corpus_dir, cache)
    hits = json.loads(_reader("search", "修订", "--corpus", str(corpus_dir), "--json", "--limit", "0", cache=cache).stdout)
    assert {h["id"] for h in hits} == truth(load_corpus(corpus_dir), "修订") != set()
