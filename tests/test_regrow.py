"""A grown archive's pinyin (#14 §6): the character sets of the articles it kept are the old
corpus's, remapped — not read from the index again — and equal what a first build makes."""

from __future__ import annotations

import os

import pytest

from reader.corpus import load_corpus
from reader.search import IndexStore, SearchEngine, regrow
from reader.search.prepared import PreparedCorpus
from test_archive_growth import FRONT, NEXT_DAY
from test_archive_layouts import build


def _engine(root, cache, previous=None):
    corpus = load_corpus(root, cache)
    return SearchEngine(corpus, IndexStore(corpus, cache).open()[0], cache_dir=cache, previous=previous)


def _grow(root, seeds):
    build(root, seeds, {NEXT_DAY: 1})  # an added issue, after the others
    (root / "无锡日报/2024/06/07/03.txt").unlink()  # a removed page between kept ones
    page = root / FRONT  # an edited page: its articles are new ones
    page.write_text(page.read_text("utf-8").replace("杜小刚", "杜大刚"), "utf-8")
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 10**9))


@pytest.mark.parametrize("mapped", [False, True], ids=["in memory", "mapped"])
def test_the_grown_corpus_pinyin_equals_a_first_build_without_reading_the_index(tmp_path, seeds, monkeypatch, mapped):
    from reader.search import prepared

    if mapped:
        monkeypatch.setattr(prepared, "MAP_TEXT_BYTES", 0)
    root = build(tmp_path / "a", seeds, {FRONT: 2, "无锡日报/2024/06/07/02.txt": 0, "无锡日报/2024/06/07/03.txt": 3,
                                         "无锡日报/2024/06/07/04.txt": 4})
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    old = _engine(root, cache)
    old.warm()  # text and pinyin: its character sets are kept in a file
    _grow(root, seeds)
    new = _engine(root, cache, previous=old)
    read = []
    real = PreparedCorpus.read_postings
    monkeypatch.setattr(PreparedCorpus, "read_postings",
                        lambda self, field, term: read.append(term) or real(self, field, term))
    new.prepare_pinyin()
    assert read == []  # every set came from the old ones and the new articles' text
    monkeypatch.setattr(PreparedCorpus, "read_postings", real)
    fresh_cache = tmp_path / "fresh"
    fresh_cache.mkdir(mode=0o700)
    fresh = _engine(root, fresh_cache)
    fresh.prepare_pinyin()
    assert [a.id for a in new.data.articles] == [a.id for a in fresh.data.articles]
    # (the grown index's lexicon still names the removed page's characters, as Whoosh keeps
    # a deleted document's terms until segments merge: readings of nothing, in both ways)
    assert _some(new.data.reading_bits) == _some(fresh.data.reading_bits)
    chars = sorted(fresh.data._charsets.chars)
    assert sorted(new.data._charsets.chars) == chars and len(chars) > 100
    assert all(new.data._charsets.get(ch) == fresh.data._charsets.get(ch) for ch in chars)
    for query in ("dudagang", "duxiaogang", "caiyang", "shangwai"):  # the edited page, an old one, the added one
        assert [h.article.id for h in new.search(query, limit=None).hits] == \
            [h.article.id for h in fresh.search(query, limit=None).hits], query
    assert new.search("dudagang").total >= 1 and new.search("caiyang").total >= 1


def test_too_many_runs_build_from_the_index(tmp_path, seeds, monkeypatch):
    monkeypatch.setattr(regrow, "MAX_RUNS", 0)
    root = build(tmp_path / "a", seeds, {FRONT: 2, "无锡日报/2024/06/07/02.txt": 0})
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    old = _engine(root, cache)
    old.warm()
    build(root, seeds, {NEXT_DAY: 1})
    new = _engine(root, cache, previous=old)
    new.prepare_pinyin()
    fresh_cache = tmp_path / "fresh"
    fresh_cache.mkdir(mode=0o700)
    fresh = _engine(root, fresh_cache)
    assert _some(new.data.reading_bits) == _some(fresh.data.reading_bits)


def _some(bits: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in bits.items() if v}


def test_runs_of_kept_positions():
    runs = regrow.Runs([0, 1, 2, None, 5, 6, None])
    assert [r[:3] for r in runs.runs] == [(0, 0, 3), (5, 4, 2)] and runs.fresh == [3, 6]
    assert runs.remap(0b1100101) == 0b0110101  # old 0, 2 → 0, 2; old 5, 6 → 4, 5
