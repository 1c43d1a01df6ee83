"""Pinyin search: full, initials, mixed, every prefix, polyphones, ranking, spans, off."""

from __future__ import annotations

import json

import pytest

from reader.search.pinyin import PinyinTable
from reader.search.readings import readings
from reader.search.query import parse
from search_truth import result_ids, truth


def _matched_text(engine, query: str) -> set[str]:
    """Every highlighted piece of text in every hit."""
    from reader.search.units import units

    out = set()
    for hit in engine.search(query, limit=None).hits:
        us = units(hit.article)
        for sp in engine.spans(hit.article, query):
            out.add(us[sp.unit].text[sp.start : sp.end])
    return out


@pytest.fixture
def pinyin_on(engine):
    engine.set_pinyin(True)
    yield engine
    engine.set_pinyin(True)


def test_readings_toneless_with_polyphones_and_v():
    assert set(readings("长")) >= {"chang", "zhang"}
    assert set(readings("绿")) >= {"lv", "lu"}
    assert readings("a") == ()


@pytest.mark.parametrize("query", ["duxiaogang", "du xiao gang", "DuXiaoGang", "dxg", "duxg", "dxgang", "杜xg", "杜xiaog"])
def test_full_initials_and_mixed_forms_find_the_name(pinyin_on, seed_corpus, query):
    ids = result_ids(pinyin_on, query)
    assert truth(seed_corpus, "杜小刚") <= ids, query
    assert "杜小刚" in _matched_text(pinyin_on, query)


def test_characters_then_letters_and_letters_then_characters(pinyin_on, seed_corpus):
    assert result_ids(pinyin_on, "wuxi市") == truth(seed_corpus, "无锡市") != set()
    assert _matched_text(pinyin_on, "wuxi市") == {"无锡市"}
    assert result_ids(pinyin_on, "gaozhiliang发展") == truth(seed_corpus, "高质量发展")


def test_every_prefix_while_typing_is_a_superset_of_the_next(pinyin_on, seed_corpus):
    word = "zhaojianjun"
    previous = None
    for k in range(1, len(word) + 1):
        ids = result_ids(pinyin_on, word[:k])
        assert ids == truth(seed_corpus, word[:k]), word[:k]
        assert truth(seed_corpus, "赵建军") <= ids, word[:k]
        if previous is not None:
            assert ids <= previous, word[:k]
        previous = ids
    assert _matched_text(pinyin_on, word) == {"赵建军"}


def test_one_letter_reads_as_any_syllable_it_opens(pinyin_on, seed_corpus):
    assert result_ids(pinyin_on, "x") == truth(seed_corpus, "x")
    spans = _matched_text(pinyin_on, "x")
    assert "锡" in spans and "小" in spans
    # adjacent matches merge into one span: every character of it reads as x…
    assert all(any(r.startswith("x") for r in readings(ch)) for s in spans for ch in s if not ch.isascii())


def test_polyphonic_characters_match_every_reading(pinyin_on, seed_corpus):
    assert "长江" in _matched_text(pinyin_on, "changjiang")
    assert "市长" in _matched_text(pinyin_on, "shizhang")
    assert "重点" in _matched_text(pinyin_on, "zhongdian")


def _cuts(table, q: str) -> list[str]:
    return ["|".join(p for p, _ in s) for s in table.segmentations(q, final=True)]


def test_letters_are_cut_every_valid_way_as_typed():
    table = PinyinTable("西安先现生产方案反感延安下年啊")
    assert {"xian", "xi|an"} <= set(_cuts(table, "xian"))  # 先/现 and 西安, no apostrophe needed
    assert {"fang|an", "fan|gan"} <= set(_cuts(table, "fangan"))  # 方案 and 反感
    assert "yan|an" in _cuts(table, "yanan")
    assert all(c.startswith("xi|") for c in _cuts(table, "xi'an"))  # an apostrophe forces a boundary
    assert "sheng|chan" in _cuts(table, "shengchan") and "shen|g|chan" not in _cuts(table, "shengchan")
    # a bare n does not split off a syllable that could end in it, except as the last piece
    # (typing: xian's n may still open the next syllable — xia|n…, 下年)
    assert "xia|n|chan" not in _cuts(table, "xianchan") and "xia|n" in _cuts(table, "xian")
    assert "s|c" in _cuts(table, "sc") and "x|a" in _cuts(table, "xa")


@pytest.mark.parametrize("query, finds, not_finds", [
    ("xian", ["西安", "先", "现"], []),
    ("xi'an", ["西安"], ["先", "现"]),
    ("fangan", ["方案", "反感"], []),
    ("fang'an", ["方案"], ["反感"]),
    ("yanan", ["延安"], []),
    ("yan'an", ["延安"], []),
    ("xa", ["西安"], []),
])
def test_typed_letters_read_in_every_segmentation(query, finds, not_finds):
    table = PinyinTable("西安先现方案反感延安")
    pattern = table.pattern(query)
    for word in finds:
        assert pattern.fullmatch(word), (query, word)
    for word in not_finds:
        assert not pattern.search(word), (query, word)


def _seed_words_with_inner_vowel_syllables(seed_corpus, tmp_path):
    """The seeds' jieba words whose pinyin has a syllable opening with a vowel after another
    (方案 fang·an, 延安 yan·an…), with their plain toneless pinyin."""
    import re

    from pypinyin import Style, lazy_pinyin

    from reader.search.analyzer import jieba_instance
    from reader.search.index import article_text

    jieba = jieba_instance(tmp_path)
    words = {w for a in seed_corpus.articles for w in jieba.lcut(article_text(a)) if re.fullmatch(r"[\u4e00-\u9fff]{2,}", w)}
    out = []
    for w in sorted(words):
        syllables = lazy_pinyin(w, style=Style.NORMAL)
        if any(s[:1] in "aoe" for s in syllables[1:]):
            out.append((w, "".join(syllables).replace("ü", "v")))
    return out


def test_seed_words_with_vowel_initial_inner_syllables_found_on_every_prefix(pinyin_on, seed_corpus, tmp_path):
    words = _seed_words_with_inner_vowel_syllables(seed_corpus, tmp_path)
    assert len(words) >= 30 and ("方案", "fangan") in words and ("延安", "yanan") in words
    for word, typed in words:
        holding = truth(seed_corpus, word, pinyin=False)
        assert holding, word
        previous = None
        for k in range(1, len(typed) + 1):
            ids = result_ids(pinyin_on, typed[:k])
            assert holding <= ids, (word, typed[:k])
            if previous is not None:
                assert ids <= previous, (word, typed[:k])
            previous = ids
        assert ids == truth(seed_corpus, typed), word
        assert any(word in t for t in _matched_text(pinyin_on, typed)), word


def test_every_prefix_reads_as_a_superset_of_the_next_in_every_text(seed_corpus):
    """The rules themselves, without the engine's prefix cache (which relies on them): for
    generated letters, whatever matches a longer prefix matches every shorter one."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from reader.search.index import article_text

    texts = [article_text(a) for a in seed_corpus.articles]
    table = PinyinTable(set("".join(texts)))
    syllable = st.sampled_from(["a", "an", "ang", "ai", "ao", "e", "en", "er", "o", "ou", "xi", "xian", "fang", "fan",
                                "gan", "yan", "ping", "n", "g", "zh", "s", "'", " ", "jiao", "tong", "quan", "li"])

    def matched(q):
        p = table.pattern(q)
        return {i for i, t in enumerate(texts) if p is not None and p.search(t)}

    @settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.lists(syllable, min_size=1, max_size=5).map("".join).filter(lambda q: q.strip(" '")))
    def run(q):
        q = q.strip(" '") or "a"
        before = matched(q[:1])
        for k in range(2, len(q) + 1):
            now = matched(q[:k])
            assert now <= before, q[:k]
            before = now

    run()


def test_candidates_are_checked_by_an_expression_found_where_the_reading_is(seed_corpus):
    """Letters then a literal (``taihu治``) are checked from the literal, the letters a
    look-behind: it must find exactly the texts the reading's expression finds — searched
    inside the one string of every text, as the text store searches it."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from reader.search.index import article_text
    from reader.search.textstore import TextStore

    texts = [article_text(a) for a in seed_corpus.articles]
    table = PinyinTable(set("".join(texts)))
    store, every = TextStore(texts), list(range(len(texts)))
    assert table.verifier("wuxi市").pattern.startswith("市(?<=")  # anchored, not the reading itself
    assert store.matching(every, table.verifier("wuxi市")) == store.matching(every, table.pattern("wuxi市")) != []
    piece = st.sampled_from(["wu", "xi", "x", "du", "xiao", "g", "an", "fang", "市", "锡", "的", "发展", "新", " ", "'"])

    # texts of the characters the pieces read as, where matches overlap and abut
    alphabet = sorted({c for p in ("wu", "xi", "x", "du", "g", "fang") for c in table.chars_for(p, False)[:6]}
                      | set("市锡的发展新"))

    @settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(st.lists(piece, min_size=2, max_size=5).map("".join).filter(lambda q: q.strip(" '")),
           st.lists(st.text(alphabet, max_size=14), min_size=1, max_size=4))
    def run(q, made):
        q = q.strip(" '")
        pattern = table.pattern(q)
        if pattern is not None:
            assert store.matching(every, table.verifier(q)) == store.matching(every, pattern), q
            anchored = table.anchored(q)
            for t in (texts[:3] + made) if anchored else ():  # the same matches, for ranking
                assert anchored.findall(t) == pattern.findall(t), (q, t)

    run()
    assert table.anchored("wuxi市") is not None and table.anchored("xian市") is None  # (先 or 西安: no fixed width)
    for q, t in (("x锡", "锡锡锡"), ("x锡", "锡锡锡锡"), ("xx锡", "锡锡锡锡锡")):  # a match's end read again as a letter
        assert table.anchored(q).findall(t) == table.pattern(q).findall(t), (q, t)


def test_whole_syllables_rank_above_a_partial_last_one(pinyin_on, seed_corpus):
    """gen: articles reading it as whole syllables (根, 跟) come before those that only
    read it with a partial last one (更 geng, 个+n…)."""
    from reader.search.index import article_text

    res = pinyin_on.search("gen", limit=None)
    has_whole = [any("gen" in readings(ch) for ch in article_text(h.article)) for h in res.hits]
    assert True in has_whole and False in has_whole
    assert has_whole == sorted(has_whole, reverse=True)


def test_word_matches_rank_above_fragments(pinyin_on, seed_corpus):
    res = pinyin_on.search("dxg", limit=None)
    holding = truth(seed_corpus, "杜小刚", pinyin=False)
    assert len(res.hits) > len(holding)
    assert {h.article.id for h in res.hits[: len(holding)]} == holding  # 杜小刚, a word, before 的相关…


def test_literal_matches_rank_above_pinyin_matches(pinyin_on, seed_corpus):
    res = pinyin_on.search("gdp", limit=None)
    literal = truth(seed_corpus, "gdp", pinyin=False)
    assert literal and res.total > len(literal)
    assert {h.article.id for h in res.hits[: len(literal)]} == literal


def test_highlight_covers_the_characters_read(pinyin_on):
    for hit in pinyin_on.search("dxg", limit=None).hits:
        for s, e in hit.snippet_spans:
            piece = hit.snippet[s:e]
            assert len(piece) == 3 and [r[0] for r in readings(piece[0])].count("d"), piece
    hit = pinyin_on.search("duxiaogang").hits[0]
    assert {hit.snippet[s:e] for s, e in hit.snippet_spans} == {"杜小刚"}


def test_title_and_author_fields_read_pinyin(pinyin_on, seed_corpus):
    assert result_ids(pinyin_on, "title:xmz") == result_ids(pinyin_on, "title:西门子") != set()
    assert result_ids(pinyin_on, "author:gaomeimei") == result_ids(pinyin_on, "author:高美梅") != set()


def test_latin_words_side_by_side_are_one_part():
    assert str(parse("du xiao gang")) == "du xiao gang"
    assert len(parse("GDP 增长").children) == 2


def test_switch_off(engine, seed_corpus):
    engine.set_pinyin(False)
    try:
        assert result_ids(engine, "duxiaogang") == set()
        assert result_ids(engine, "gdp") == truth(seed_corpus, "gdp", pinyin=False)
    finally:
        engine.set_pinyin(True)
    assert result_ids(engine, "duxiaogang") == truth(seed_corpus, "杜小刚")


def test_cli_pinyin_and_no_pinyin(capsys, monkeypatch, seed_cache, seed_corpus):
    from reader.cli import main

    monkeypatch.setenv("READER_CACHE_DIR", str(seed_cache))
    assert main(["search", "dxg", "--json", "--limit", "0"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert truth(seed_corpus, "杜小刚") <= {h["id"] for h in hits}
    assert main(["search", "dxg", "--no-pinyin", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_readings_prepared_in_the_background_then_letters_read_as_pinyin(seed_corpus, seed_cache, tmp_path):
    from reader.search import open_search

    engine, _ = open_search(seed_corpus, seed_cache, pinyin_in_background=True)  # as the app: readings later
    assert not engine.pinyin_ready
    assert result_ids(engine, "dxg") == set()  # letters as typed only, meanwhile
    assert result_ids(engine, "杜小刚") == truth(seed_corpus, "杜小刚")
    engine.prepare_pinyin()
    assert engine.pinyin_ready
    assert result_ids(engine, "dxg") == truth(seed_corpus, "dxg") >= truth(seed_corpus, "杜小刚")


async def test_app_searches_again_when_pinyin_is_ready(seed_corpus, seed_cache, engine, tmp_path):
    from reader.tui.messages import PinyinReady
    from tui_helpers import make_app, ready, settle

    app = make_app(seed_corpus, seed_cache, tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.engine.data._reading_bits = None  # as if the readings were still being prepared
        app.engine.forget_answers()
        app.main_screen.search_box.value = "dxg"
        await settle(pilot)
        assert app.main_screen.results.total == 0
        app.engine.prepare_pinyin()
        app.post_message(PinyinReady())
        await settle(pilot)
        assert {h.article.id for h in app.main_screen.results.hits} == truth(seed_corpus, "dxg")


@pytest.mark.parametrize("pair, typed, means", [
    ("z=zh", "zaojianjun", "赵建军"), ("z=zh", "zhiyuan", "资源"), ("c=ch", "cangjiang", "长江"),
    ("s=sh", "sichang", "市场"), ("n=l", "niniang", "力量"), ("an=ang", "zhaojiangjun", "赵建军"),
    ("en=eng", "shenchan", "生产"), ("in=ing", "jinji", "经济"),
])
def test_fuzzy_pinyin_pairs_each_on_its_own(seed_corpus, seed_cache, pair, typed, means):
    from reader.search import open_search

    engine, _ = open_search(seed_corpus, seed_cache)
    plain = result_ids(engine, typed)
    engine.set_fuzzy_pinyin([pair])
    fuzzy = result_ids(engine, typed)
    assert fuzzy == truth(seed_corpus, typed, fuzzy=[pair]) >= plain
    if means is not None:
        holding = truth(seed_corpus, means, pinyin=False)
        assert holding and holding <= fuzzy and not holding <= plain, (pair, typed)
    engine.set_fuzzy_pinyin([])
    assert result_ids(engine, typed) == plain  # off again: as before


def test_fuzzy_pinyin_is_off_by_default_and_rejects_unknown_pairs(engine):
    assert engine.fuzzy_pinyin == ()
    with pytest.raises(ValueError, match="unknown fuzzy pinyin pair"):
        engine.set_fuzzy_pinyin(["x=y"])
    assert engine.fuzzy_pinyin == ()


def test_cli_fuzzy_pinyin_from_flag_and_settings(capsys, monkeypatch, seed_cache, seed_corpus, tmp_path):
    from reader.cli import main

    monkeypatch.setenv("READER_CACHE_DIR", str(seed_cache))
    monkeypatch.setenv("READER_CONFIG", str(tmp_path / "config.toml"))
    holding = truth(seed_corpus, "赵建军", pinyin=False)
    assert main(["search", "zaojianjun", "--json", "--limit", "0"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["search", "zaojianjun", "--fuzzy-pinyin", "z=zh", "--json", "--limit", "0"]) == 0
    assert holding <= {h["id"] for h in json.loads(capsys.readouterr().out)}
    (tmp_path / "config.toml").write_text('fuzzy_pinyin = ["zh=z"]\n', "utf-8")
    assert main(["search", "zaojianjun", "--json", "--limit", "0"]) == 0
    assert holding <= {h["id"] for h in json.loads(capsys.readouterr().out)}
    assert main(["search", "zaojianjun", "--fuzzy-pinyin", "", "--json", "--limit", "0"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["search", "du", "--fuzzy-pinyin", "x=y"]) == 2
    assert "unknown fuzzy pinyin pair 'x=y'" in capsys.readouterr().err
