"""Pinyin answers known from words: an article having an indexed word that a pinyin reading
matches in surely matches, so a broad reading (fangan: 方案) is known from a few postings.
The shortcut must never add an article the reading does not match, nor lose one."""

from __future__ import annotations

import pytest

from reader.search import bits as B
from search_truth import result_ids, truth

TYPED = ["fangan", "yanan", "xian", "jiaotong", "wuxi", "duxiaogang", "gaozhiliang", "shichang", "fazhan"]


def _ids(engine, bits: int) -> set[str]:
    return {engine.articles[i].id for i in B.iter_bits(bits)}


@pytest.mark.parametrize("word", TYPED)
def test_words_give_only_true_matches_on_every_prefix(engine, seed_corpus, word):
    engine.data.prepare_pinyin()
    engine.literals.forget_answers()
    for k in range(2, len(word) + 1):
        text = word[:k]
        pattern = engine.data.pinyin_table.pattern(text)
        sure = engine.literals._having_words(text, pattern)
        expected = truth(seed_corpus, text)
        assert _ids(engine, sure) <= expected, text
        assert result_ids(engine, text) == expected, text


def test_a_reading_in_a_common_word_is_known_without_reading_texts(engine, seed_corpus):
    engine.data.prepare_pinyin()
    engine.literals.forget_answers()
    pattern = engine.data.pinyin_table.pattern("fangan")
    sure = engine.literals._having_words("fangan", pattern)
    having = {a.id for a in seed_corpus.articles if "方案" in "".join(a.texts())}
    assert having and having <= _ids(engine, sure)


def test_words_matching_narrows_from_a_prefix_and_gives_up_when_too_many(engine):
    data = engine.data
    data.prepare_pinyin()
    table = data.pinyin_table
    prefix = data.words_matching(table.pattern("fang"))
    longer = data.words_matching(table.pattern("fangan"))
    assert "方案" in longer and set(longer) <= set(prefix)
    assert data.words_matching(table.pattern("fangan"), prefix) == longer
    assert data.words_matching(table.pattern("fang"), limit=1) is None
