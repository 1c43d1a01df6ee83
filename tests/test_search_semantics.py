"""Search semantics a person expects of a search box: every prefix, one character,
normalisation, phrases, OR/NOT, fields, half-typed syntax, exact spans."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.search.normalize import normalize
from reader.search.units import units
from search_truth import result_ids, truth

TYPED = ["新质生产力", "杜小刚", "太湖治理", "高质量发展", "锡", "西门子 工厂", "无锡", "GDP", "24GWh"]


@pytest.mark.parametrize("word", TYPED)
def test_every_prefix_equals_substring_truth(engine, seed_corpus, word):
    for k in range(1, len(word) + 1):
        q = word[:k]
        assert result_ids(engine, q) == truth(seed_corpus, q), q


def test_single_characters_and_partial_words_find_things(engine):
    for q in ["杜", "杜小", "太", "西", "新质生", "锡"]:
        assert engine.search(q).total > 0, q


def test_text_across_a_repaired_column_break(engine, seed_corpus):
    # "…中央生态环境" | "保护督察的延伸…" on page 000
    ids = result_ids(engine, "生态环境保护督察的延伸")
    assert ids == {seed_corpus.articles[0].id}
    assert result_ids(engine, "开发研制") == truth(seed_corpus, "开发研制") != set()


@pytest.mark.parametrize(
    "variant,plain",
    [("無錫", "无锡"), ("杜小剛", "杜小刚"), ("ＧＤＰ", "GDP"), ("gdp", "GDP"), ("ｐａｃｋ", "pack"), ("高質量發展", "高质量发展")],
)
def test_normalisation_width_case_and_script(engine, variant, plain):
    assert result_ids(engine, variant) == result_ids(engine, plain) != set()


def test_phrase_or_not(engine, seed_corpus):
    both = result_ids(engine, "杜小刚 赵建军")
    assert both == truth(seed_corpus, "杜小刚") & truth(seed_corpus, "赵建军")
    either = result_ids(engine, "杜小刚 OR 赵建军")
    assert either == truth(seed_corpus, "杜小刚") | truth(seed_corpus, "赵建军")
    without = result_ids(engine, "无锡 -疫情")
    assert without == truth(seed_corpus, "无锡") - truth(seed_corpus, "疫情")
    assert result_ids(engine, "无锡 NOT 疫情") == without
    assert result_ids(engine, '"高质量发展"') == truth(seed_corpus, "高质量发展") != set()
    # a phrase with a space matches the spaced headline
    assert result_ids(engine, '"组织 千人采样队"') == {a.id for a in seed_corpus.articles if a.title.startswith("江苏组织")}
    assert result_ids(engine, "(杜小刚 OR 赵建军) 西门子") == (
        (truth(seed_corpus, "杜小刚") | truth(seed_corpus, "赵建军")) & truth(seed_corpus, "西门子")
    )


def test_field_filters(engine, seed_corpus):
    title = result_ids(engine, "title:西门子")
    assert title == {a.id for a in seed_corpus.articles if "西门子" in a.title}
    author = result_ids(engine, "author:惠晓婧")
    assert author == {a.id for a in seed_corpus.articles if "惠晓婧" in a.authors}
    sept = result_ids(engine, "date:9月")
    assert sept == {a.id for a in seed_corpus.articles if a.date and a.date.month == 9}
    assert result_ids(engine, "date:9月4日") == {a.id for a in seed_corpus.articles if a.date and (a.date.month, a.date.day) == (9, 4)}
    assert result_ids(engine, "date:06-03") == {a.id for a in seed_corpus.articles if a.date and a.date.label == "6月2日至5日"}
    assert result_ids(engine, "date:1月") == set()  # not 11月/12月
    assert result_ids(engine, "source:003") == {a.id for a in seed_corpus.articles if a.source.startswith("003")}
    assert result_ids(engine, "author:惠晓婧 date:8月") == author & {a.id for a in seed_corpus.articles if a.date and a.date.month == 8}


# Syntax half typed: each query means, while it is being typed, the text on the right
# (its articles are the ones holding that text; "" is every article) — never an error,
# never a group or an operator left open that drops or lets in everything: what is not
# finished yet is left out.
HALF_TYPED = [
    ('"高质', "高质"), ("title:", ""), ("(", ""), (")", ")"), ("((", ""), ("AND", ""), ("*", "*"),
    ("-", ""), ("NOT", ""), ("OR", ""), ("a OR", "a"), ('""', ""), ('"', ""), ('-"', ""),
    ("author:", ""), ("date:13月40日", "date:13月40日"), ("\x00", "\x00"), ("\u200b", "\u200b"),
]


@pytest.mark.parametrize("q,means", HALF_TYPED)
def test_half_typed_syntax_never_raises(engine, seed_corpus, q, means):
    assert result_ids(engine, q) == truth(seed_corpus, means)


def test_half_typed_field_group_is_the_field_with_a_bracket(engine):
    # "title:(": the title field holding a bracket, as the full-width one a person may type
    got = result_ids(engine, "title:(")
    assert got and got == result_ids(engine, "title:（")


def test_literal_fallbacks_match_literally(engine, seed_corpus):
    # a bracket inside a part is text (NFKC: "（"); a phrase being typed is that phrase
    assert result_ids(engine, "无锡)") == truth(seed_corpus, "无锡)") != set()
    assert result_ids(engine, '"高质') == truth(seed_corpus, "高质")


# What a person is in the middle of typing never changes what the rest finds: each query
# finds what it finds without its unfinished part (on the right).
UNFINISHED = [
    ("杜小刚 OR", "杜小刚"), ("杜小刚 OR ", "杜小刚"), ("OR 无锡", "无锡"), ("无锡 OR OR 杜小刚", "无锡 OR 杜小刚"),
    ("无锡 -", "无锡"), ("无锡 - ", "无锡"), ("无锡 NOT", "无锡"), ("无锡 AND", "无锡"),
    ('无锡 "', "无锡"), ('无锡 "西门子', '无锡 "西门子"'), ("无锡 -疫", "无锡 -疫"),
    ("(杜小刚 OR 赵建军", "杜小刚 OR 赵建军"), ("(杜小刚", "杜小刚"), ("无锡 (杜小刚 OR", "无锡 杜小刚"),
    ("(无锡 -)", "无锡"), ("无锡 ()", "无锡"), ("无锡 (", "无锡"),
    ("无锡 date:", "无锡"), ("date:", ""), ("title:", ""), ("无锡 -date:", "无锡"), ('无锡 title:"', "无锡"),
    ("(无锡 date:)", "无锡"), ("杜小刚 OR date:", "杜小刚"),
]


@pytest.mark.parametrize("q,without", UNFINISHED)
def test_unfinished_syntax_is_left_out(engine, q, without):
    got = {h.article.id for h in engine.search(q, limit=None).hits}
    assert got == {h.article.id for h in engine.search(without, limit=None).hits}, q


def test_empty_query_is_every_article_in_page_order(engine, seed_corpus):
    res = engine.search("", limit=None)
    assert [h.article.id for h in res.hits] == [a.id for a in seed_corpus.articles]


def test_ranking_title_and_whole_words_first(engine):
    hits = engine.search("西门子", limit=None).hits
    assert hits[0].article.title == "西门子中压智能化数字工厂在锡开工"
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    hits = engine.search("杜小刚", limit=None).hits
    assert hits[0].article.title.startswith("杜小刚")


def test_ties_break_by_page_order(engine, seed_corpus):
    order = {a.id: i for i, a in enumerate(seed_corpus.articles)}
    hits = engine.search("锡 OR 的", limit=None).hits
    for a, b in zip(hits, hits[1:]):
        if a.score == b.score:
            assert order[a.article.id] < order[b.article.id]


@pytest.mark.parametrize("q", ["杜小刚", "無錫", "ｐａｃｋ", "发展", '"组织 千人"', "title:西门子 工厂"])
def test_spans_are_exact(engine, seed_corpus, q):
    res = engine.search(q, limit=None)
    assert res.hits
    from reader.search.query import parse, positive_literals

    lits = [l for l in positive_literals(parse(q))]
    for hit in res.hits:
        us = units(hit.article)
        spans = engine.spans(hit.article, q)
        assert spans, hit.article.title
        for sp in spans:
            frag = normalize(us[sp.unit].text[sp.start : sp.end])
            assert any(
                frag == l.text or (l.phrase and " " in l.text and frag.split() == l.text.split())
                or l.text in frag  # merged overlapping matches
                for l in lits
            ), (frag, q)
        # snippet spans point at matches too
        for s, e in hit.snippet_spans:
            assert any(l.text in normalize(hit.snippet[s:e]) or normalize(hit.snippet[s:e]) in l.text for l in lits)


def test_every_occurrence_is_a_span(engine, seed_corpus):
    article = next(a for a in seed_corpus.articles if a.title.startswith("西门子中压"))
    spans = engine.spans(article, "西门子")
    expected = sum(u.text.count("西门子") for u in units(article))
    assert len(spans) == expected == engine.search("西门子", limit=None).hits[0].matches


def test_overlapping_matches_merge(engine, seed_corpus):
    article = seed_corpus.articles[0]
    spans = engine.spans(article, "中央 央生")
    para = units(article)[4].text  # "会议强调，中央生态环境…"
    got = [para[s.start : s.end] for s in spans if s.unit == 4]
    assert "中央生" in got


@st.composite
def substrings(draw, corpus):
    article = draw(st.sampled_from(corpus.articles))
    unit = draw(st.sampled_from([u.text for u in units(article)]))
    start = draw(st.integers(0, max(0, len(unit) - 1)))
    length = draw(st.integers(1, 8))
    text = unit[start : start + length].strip()
    variant = draw(st.sampled_from(["plain", "traditional", "fullwidth", "upper"]))
    if variant == "traditional":
        text = text.translate(_S2T)
    elif variant == "fullwidth":
        text = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)
    elif variant == "upper":
        text = text.upper()
    return text


def _is_syntax(q: str) -> bool:
    """Query-language syntax (tested separately): leading quotes or dashes, operators,
    field prefixes, grouping brackets."""
    from reader.search.query import _BARE_FIELD, _FIELD, _parens

    return any(
        p.startswith(('"', "-")) or p in ("OR", "AND", "NOT") or _FIELD.match(p) or _BARE_FIELD.fullmatch(p)
        for p in q.split()
    ) or any(_parens(q))


_S2T = str.maketrans({"锡": "錫", "无": "無", "发": "發", "质": "質", "刚": "剛", "会": "會", "经": "經", "济": "濟", "区": "區"})


def test_property_substrings_and_prefixes_equal_truth(engine, seed_corpus):
    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(substrings(seed_corpus))
    def check(text):
        for k in range(1, len(text) + 1):
            q = text[:k]
            if not q.strip() or _is_syntax(q):
                continue
            assert result_ids(engine, q) == truth(seed_corpus, q), q

    check()
