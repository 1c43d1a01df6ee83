"""Text kept on disk: article bodies read on use, and the normalised text mapped from a
file — both must give exactly what the in-memory versions give."""

from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.corpus import load_corpus
from reader.corpus.body import Paragraphs
from reader.search.query import Lit
from reader.search.textstore import MappedTextStore, TextStore
from reader.search import textstore as textstore_module


def _fold(text: str) -> str:
    return text.lower()


def _pair(tmp_path, texts: list[str]):
    mapped = MappedTextStore.build(tmp_path / "t.u16", ([t] for t in texts), _fold, len(texts))
    return TextStore(_fold(t) for t in texts), mapped


def test_same_answers_as_the_string_store(tmp_path):
    texts = ["无锡市政府", "太湖治理，无锡", "", "abc 𠀀𠀁 新质生产力", "xyz", "锡" * 50]
    plain, mapped = _pair(tmp_path, texts)
    assert mapped.n == plain.n and mapped.avglen == pytest.approx(plain.avglen, rel=0.1)
    for i, t in enumerate(texts):
        assert mapped.text(i) == plain.text(i) == t
    for needle in ["锡", "无锡", "𠀁", "𠀀𠀁 新", "abc", "治理，", "锡锡锡", "不在"]:
        lit = Lit(needle)
        assert mapped.scan(lit) == plain.scan(lit), needle
        assert [mapped.contains(i, lit) for i in range(len(texts))] == [plain.contains(i, lit) for i in range(len(texts))]
        assert [mapped.count(i, lit) for i in range(len(texts))] == [plain.count(i, lit) for i in range(len(texts))]
    pattern = re.compile("[无太][锡湖]")
    assert mapped.scan_pattern(pattern) == plain.scan_pattern(pattern) == [0, 1]
    assert mapped.count_pattern(1, pattern) == 2


def test_a_match_across_two_characters_is_not_a_match(tmp_path):
    # 你丁 is 60 4F 01 4E in UTF-16-LE: the bytes of ŏ (4F 01) sit across the two
    _, mapped = _pair(tmp_path, ["你丁", "ŏ"])
    assert mapped.scan(Lit("ŏ")) == [1]
    assert not mapped.contains(0, Lit("ŏ"))
    assert mapped.contains(1, Lit("ŏ"))


def test_patterns_scan_block_by_block(tmp_path, monkeypatch):
    monkeypatch.setattr(textstore_module, "BLOCK_UNITS", 8)
    texts = [f"第{i}篇 {'新闻' if i % 3 == 0 else '报道'}" for i in range(40)]
    plain, mapped = _pair(tmp_path, texts)
    pattern = re.compile("新.")
    assert mapped.scan_pattern(pattern) == plain.scan_pattern(pattern) == list(range(0, 40, 3))


def test_a_damaged_file_is_refused(tmp_path):
    _, mapped = _pair(tmp_path, ["一", "二"])
    data = (tmp_path / "t.u16").read_bytes()
    (tmp_path / "t.u16").write_bytes(data[:-2])
    with pytest.raises(ValueError):
        MappedTextStore(tmp_path / "t.u16")
    (tmp_path / "t.u16").write_bytes(b"garbage")
    with pytest.raises(ValueError):
        MappedTextStore(tmp_path / "t.u16")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    texts=st.lists(st.text(alphabet=st.sampled_from("一丁你ŏ𠀀 a锡无\n"), max_size=12), min_size=1, max_size=8),
    needle=st.text(alphabet=st.sampled_from("一丁你ŏ𠀀a锡无"), min_size=1, max_size=3),
)
@example(texts=["一", " "], needle="a")  # a find past the last text, in the file's trailer
def test_fuzz_against_the_string_store(tmp_path_factory, texts, needle):
    tmp = tmp_path_factory.mktemp("store")
    plain, mapped = _pair(tmp, texts)
    lit = Lit(needle)
    assert mapped.scan(lit) == plain.scan(lit)
    assert [mapped.contains(i, lit) for i in range(len(texts))] == [plain.contains(i, lit) for i in range(len(texts))]
    assert [mapped.count(i, lit) for i in range(len(texts))] == [plain.count(i, lit) for i in range(len(texts))]
    every = list(range(len(texts)))
    assert mapped.containing(every, lit) == plain.containing(every, lit) == [i for i in every if plain.contains(i, lit)]


def test_release_keeps_answers(tmp_path):
    _, mapped = _pair(tmp_path, ["无锡"] * 100)
    before = mapped.scan(Lit("锡"))
    mapped.release()
    assert mapped.scan(Lit("锡")) == before == list(range(100))


# -- article bodies ------------------------------------------------------------------------

def test_cached_articles_read_their_paragraphs_from_disk(seeds, tmp_path):
    fresh = load_corpus(seeds)  # no cache: plain tuples
    first = load_corpus(seeds, tmp_path)  # writes the cache, then reads bodies from it
    again = load_corpus(seeds, tmp_path)  # from the cache
    assert all(type(a.paragraphs) is tuple for a in fresh.articles)
    for corpus in (first, again):
        assert all(isinstance(a.paragraphs, Paragraphs) or not a.paragraphs for a in corpus.articles)
        assert corpus.articles == fresh.articles
        assert [list(a.paragraphs) for a in corpus.articles] == [list(a.paragraphs) for a in fresh.articles]
        assert [a.texts() for a in corpus.articles] == [a.texts() for a in fresh.articles]
    bodies = list((tmp_path / "corpus").glob("*.body"))
    assert len(bodies) == 1


def test_a_lost_body_file_means_parsing_again(seeds, tmp_path):
    expected = load_corpus(seeds).articles
    load_corpus(seeds, tmp_path)
    for body in (tmp_path / "corpus").glob("*.body"):
        body.unlink()
    assert load_corpus(seeds, tmp_path).articles == expected
    for body in (tmp_path / "corpus").glob("*.body"):
        with open(body, "r+b") as fh:
            fh.truncate(100)
    assert load_corpus(seeds, tmp_path).articles == expected
    assert len(list((tmp_path / "corpus").glob("*.body"))) == 1


def test_an_edited_page_keeps_the_other_bodies(seeds, tmp_path):
    folder = tmp_path / "pages"
    shutil.copytree(seeds, folder)
    cache = tmp_path / "cache"
    before = load_corpus(folder, cache)
    page = sorted(folder.glob("*.txt"))[0]
    page.write_text(page.read_text("utf-8") + "\n\n新增一段。\n", "utf-8")
    after = load_corpus(folder, cache)
    assert len(after.articles) == len(before.articles)
    unchanged = [a for a in after.articles if a.source != page.name]
    assert unchanged == [a for a in before.articles if a.source != page.name]
    assert any("新增一段。" in p for a in load_corpus(folder, cache).articles for p in a.paragraphs)


def test_containing_equals_contains(tmp_path):
    texts = ["你丁", "ŏ", "无锡ŏ", "", "锡无", "ŏ你丁ŏ"]
    plain, mapped = _pair(tmp_path, texts)
    for needle in ["ŏ", "锡", "无锡", "丁", "你丁ŏ", "a b"]:
        lit = Lit(needle)
        for idx in (list(range(len(texts))), [1, 2, 5], []):
            want = [i for i in idx if plain.contains(i, lit)]
            assert plain.containing(idx, lit) == want, needle
            assert mapped.containing(idx, lit) == want, needle


# -- character sets ------------------------------------------------------------------------

def test_character_sets_equal_the_index_postings(seed_corpus, tmp_path):
    from reader.search import open_search

    engine, _ = open_search(seed_corpus, tmp_path)
    lexicon = engine.data._lexicon()
    from_index = {ch: engine.data.read_postings("chars", ch) for ch in lexicon}  # no file yet
    engine.prepare_pinyin()  # reads every list once and keeps them
    path = engine.data._charsets_file()
    assert path.exists() and engine.data._charsets is not None
    again, _ = open_search(seed_corpus, tmp_path)
    assert again.data._open_charsets() is not None
    assert {ch: again.data.read_postings("chars", ch) for ch in lexicon} == from_index
    assert again.data.read_postings("chars", "\uffff") == 0
    again.prepare_pinyin()
    assert again.data.reading_bits == engine.data.reading_bits
    assert again.search("wuxi").total == engine.search("wuxi").total > 0


def test_damaged_character_sets_are_read_from_the_index_again(seed_corpus, tmp_path):
    from reader.search import open_search

    engine, _ = open_search(seed_corpus, tmp_path)
    engine.prepare_pinyin()
    path = engine.data._charsets_file()
    path.write_bytes(path.read_bytes()[:-30])
    again, _ = open_search(seed_corpus, tmp_path)
    assert again.data._open_charsets() is None
    assert again.search("无锡").total == engine.search("无锡").total > 0
    again.prepare_pinyin()  # and written again
    assert open_search(seed_corpus, tmp_path)[0].data._open_charsets() is not None


def test_matching_equals_search_pattern(tmp_path, monkeypatch):
    monkeypatch.setattr(textstore_module, "BLOCK_UNITS", 16)
    texts = [f"{'无锡' if i % 4 else '太湖'}第{i}篇" for i in range(30)]
    plain, mapped = _pair(tmp_path, texts)
    pattern = re.compile("[无太][锡湖]第1")
    for idx in (list(range(30)), list(range(0, 30, 2)), [11], []):
        want = [i for i in idx if plain.search_pattern(i, pattern)]
        assert plain.matching(idx, pattern) == mapped.matching(idx, pattern) == want


def test_the_cache_writes_every_field_of_an_article():
    from dataclasses import fields

    from reader.corpus.article import Article
    from reader.corpus.cache import _ARTICLE_FIELDS, LAYOUT_FIELDS

    names = [f.name for f in fields(Article)]
    assert sorted(names) == sorted(_ARTICLE_FIELDS + LAYOUT_FIELDS) and len(set(names)) == len(names)


def test_spaced_literals_in_the_mapped_bytes(tmp_path):
    texts = ["西门子 工厂", "西门子　　工厂", "西门子工厂", "西门子\t工厂x"]
    plain, mapped = _pair(tmp_path, texts)
    every = list(range(len(texts)))
    lit = Lit("西门子 工厂")
    assert mapped.containing(every, lit) == plain.containing(every, lit) == [0, 1, 3]
