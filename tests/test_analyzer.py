"""The analyzers fix what jieba's ChineseAnalyzer gets wrong."""

from __future__ import annotations

from reader.search.analyzer import CharTokenizer, JiebaTokenizer, jieba_instance
from reader.search.normalize import normalize


def test_jieba_tokens_keep_words_single_characters_and_ascii_with_ordinal_positions(tmp_path):
    jieba_instance(tmp_path)
    text = normalize("市委书记杜小刚主持召开会议，GDP增长24GWh，的")
    tokens = [(t.text, t.pos, t.startchar, t.endchar) for t in JiebaTokenizer()(text, positions=True, chars=True)]
    words = [t[0] for t in tokens]
    assert "杜小刚" in words and "gdp" in words and "的" in words  # names, ASCII, single characters
    assert [t[1] for t in tokens] == list(range(len(tokens)))  # positions count tokens, not characters
    for word, _, s, e in tokens:
        assert text[s:e] == word  # character offsets are exact
    assert "，" not in words and "," not in words  # punctuation is not a word


def test_char_tokens_are_each_distinct_character_once():
    text = "锡 锡山\n无锡"
    assert sorted(t.text for t in CharTokenizer()(text)) == sorted({"锡", "山", "无"})


def test_normalisation_keeps_length():
    for s in ["無錫ＡＢＣ　（上接第1版）", "Ⅲ类ＧＤＰ", "ﬁ", "\u00e9", "高質量發展"]:
        assert len(normalize(s)) == len(s)
    assert normalize("無錫ＡＢＣ") == "无锡abc"
