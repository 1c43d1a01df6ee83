"""Generated queries through the search core: never raises; plain text equals the substring
truth. A fast profile runs always; the long one with --run-slow."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search_truth import truth

SYNTAX = ['"', "(", ")", "-", "OR", "AND", "NOT", "title:", "author:", "date:", "source:", "*", ":", "\\"]
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
FRAGMENTS = st.sampled_from(["杜小刚", "无锡", "無錫", "高质量", "发展", "西门子", "锡", "9月", "GDP", "pack", "（上接",
                             "duxiaogang", "dxg", "wuxi市", "杜xg", "gaozhiliang", "xi'an", "zhao jian jun",
                             # syllables opening with a vowel after another, typed without apostrophes
                             "xian", "fangan", "yanan", "pingan", "jiaotonganquan", "guanai", "dier", "fang'an"])
PINYINISH = st.text(alphabet="abcdefghijklmnopqrstuvwxyz'", min_size=1, max_size=14)
SYLLABLES = st.lists(st.sampled_from(["a", "an", "ang", "ai", "ao", "e", "en", "er", "o", "ou", "xi", "fang", "yan",
                                      "gan", "ping", "zhong", "n", "g", "'"]), min_size=1, max_size=6).map("".join)


def _queries():
    part = st.one_of(
        st.text(max_size=6),  # arbitrary unicode, control characters included
        st.text(alphabet=CJK, min_size=1, max_size=4),
        FRAGMENTS,
        PINYINISH,  # letters read as pinyin: every prefix of every cut
        SYLLABLES,  # ... and strings of syllables, many opening with a vowel
        st.sampled_from(SYNTAX),
    )
    return st.one_of(
        st.lists(part, max_size=6).map(" ".join),
        st.lists(part, max_size=6).map("".join),
        st.text(min_size=200, max_size=2000),  # very long strings
    )


def _plain(draw_text: str) -> bool:
    from reader.search.query import _BARE_FIELD, _FIELD, _parens

    return not any(
        p.startswith(('"', "-")) or p in ("OR", "AND", "NOT") or _FIELD.match(p) or _BARE_FIELD.fullmatch(p)
        for p in draw_text.split()
    ) and not any(_parens(draw_text))


def _check(engine, corpus, q: str) -> None:
    from reader.search import QueryError

    try:
        res = engine.search(q, limit=None)  # never raises, but for a query beyond its bounds:
    except QueryError as exc:  # that is a hint the box and the CLI show, named and specific
        assert "at most" in str(exc), (q, str(exc))
        return
    assert res.total == len(res.hits)
    if _plain(q):
        assert {h.article.id for h in res.hits} == truth(corpus, q), q
    for hit in res.hits[:3]:
        for s, e in hit.snippet_spans:
            assert 0 <= s < e <= len(hit.snippet)


@pytest.mark.parametrize("which", ["engine", "mapped_engine", "staged_engine"])
def test_fuzz_fast(request, seed_corpus, which):
    """400 queries on each kind of text store (in memory; mapped from a file), and with
    literals verified lazily as in a large archive."""
    engine = request.getfixturevalue(which)
    examples = 400

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(_queries())
    def run(q):
        _check(engine, seed_corpus, q)

    run()


@pytest.mark.slow
def test_fuzz_long(mapped_engine, seed_corpus):
    """6,000 queries, on the text store used for large archives (mapped from a file)."""
    engine = mapped_engine

    @settings(max_examples=6_000, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_queries())
    def run(q):
        _check(engine, seed_corpus, q)

    run()
