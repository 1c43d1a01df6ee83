"""A broad query's first page comes before its whole answer: that page must be exactly the
whole answer's first page, and its count never more than the whole count. Literals are
verified lazily (reader.search.pending); the answers must not change for it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.search import bits as B
from reader.search.pending import Pending
from search_truth import truth

WORDS = ["无锡", "发展", "杜小刚", "的", "高质量", "锡", "企业", "新", "wuxi", "dxg", "gaozhiliang", "西门子", "项目",
         "title:无锡", "-发展", "OR", "作", "在"]


def _ids(results) -> list[str]:
    return [h.article.id for h in results.hits]


def _check_stages(engine, query: str, limit: int, sort: str) -> None:
    stages = list(engine.search_stages(query, limit=limit, sort=sort))
    whole = stages[-1]
    assert whole.complete and whole.counted
    again = engine.search(query, limit=limit, sort=sort)
    assert (whole.total, _ids(whole), whole.order) == (again.total, _ids(again), again.order)
    assert len(stages) <= 2
    if len(stages) == 2:
        first = stages[0]
        assert not first.complete
        assert _ids(first) == _ids(whole)[: len(first.hits)], query
        assert len(first.hits) == min(limit, whole.total)
        assert first.order == whole.order[: len(first.order)]
        assert first.total <= whole.total
        assert first.total > engine.rank_all  # only a broad answer is shown before it is counted
        assert first.ranked == whole.ranked
        if first.counted:
            assert first.total == whole.total
        for a, b in zip(first.hits, whole.hits):
            assert (a.snippet, a.snippet_spans, a.title_spans, a.score) == (b.snippet, b.snippet_spans, b.title_spans, b.score)


def test_a_broad_query_comes_in_two_stages(staged_engine, seed_corpus):
    stages = list(staged_engine.search_stages("发展", limit=2))
    assert len(stages) == 2
    first, whole = stages
    assert not first.complete and whole.complete
    assert {h.article.id for h in staged_engine.search("发展", limit=None).hits} == truth(seed_corpus, "发展")
    _check_stages(staged_engine, "发展", 2, "relevance")


def test_a_narrow_query_comes_whole(engine):
    stages = list(engine.search_stages("杜小刚", limit=5))
    assert len(stages) == 1 and stages[0].complete and stages[0].counted


def test_search_is_never_staged(staged_engine):
    res = staged_engine.search("发展", limit=2)
    assert res.complete and res.counted


@pytest.mark.parametrize("sort", ["relevance", "page", "date"])
def test_stages_agree_with_the_whole_answer(staged_engine, sort):
    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join), st.sampled_from([1, 2, 5, 60]),
           st.booleans())
    def run(query, limit, fresh):
        if fresh:  # as the first keystroke of a word; otherwise, after whatever came before
            staged_engine.forget_answers()
        _check_stages(staged_engine, query, limit, sort)

    run()


def test_typing_carries_verification_over(staged_engine, seed_corpus):
    """Each keystroke's literal starts from what the previous one verified; the answers
    stay the substring truth at every prefix."""
    staged_engine.forget_answers()
    for k in range(1, 4):
        q = "高质量"[:k]
        stages = list(staged_engine.search_stages(q, limit=1))
        assert {h.article.id for h in staged_engine.search(q, limit=None).hits} == truth(seed_corpus, q)
        assert stages[-1].total == len(truth(seed_corpus, q))


def test_cancelled_between_the_stages(staged_engine):
    from reader.search import Cancelled

    flag = {"cancel": False}
    stages = staged_engine.search_stages("发展", limit=1, cancelled=lambda: flag["cancel"])
    first = next(stages)
    assert not first.complete
    flag["cancel"] = True
    with pytest.raises(Cancelled):
        next(stages)
    flag["cancel"] = False
    assert staged_engine.search("发展", limit=1).complete  # a cancelled verification left nothing wrong


def test_pending_verifies_only_where_asked():
    seen: list[list[int]] = []

    def verify(indices):
        seen.append(list(indices))
        return [i for i in indices if i % 3 == 0]

    p = Pending(B.from_indices(range(20), 40), verify, chunk=4)
    p.resolve(B.from_indices([1, 2, 3, 30], 40), lambda: None)
    assert seen == [[1, 2, 3]]  # 30 was never a candidate
    assert B.to_list(p.sure) == [3]
    assert 1 not in B.to_list(p.maybe) and 3 not in B.to_list(p.maybe) and 4 in B.to_list(p.maybe)
    p.resolve(B.below(40), lambda: None)
    assert not p.maybe
    assert B.to_list(p.sure) == [0, 3, 6, 9, 12, 15, 18]
    assert all(len(c) <= 4 for c in seen)


def test_lowest_and_from_sorted():
    bits = B.from_indices([0, 5, 9000, 9001, 20000, 40000], 50000)
    assert B.lowest(bits, 3) == [0, 5, 9000]
    assert B.lowest(bits, 10, 6) == [9000, 9001, 20000, 40000]
    assert B.lowest(bits, 2, 40000) == [40000]
    assert B.lowest(bits, 0) == [] and B.lowest(0, 5) == []
    assert B.from_sorted([5, 9000, 40000]) == B.from_indices([5, 9000, 40000], 50000)
    assert B.from_sorted([]) == 0
    assert B.below(3) == 0b111 and B.below(0) == 0


@pytest.mark.parametrize("word", ["无锡市委", "高质量发展", "锡山区", "wuxi", "gaozhiliang", "dxg", "taihu治理"])
def test_title_matches_narrowed_while_typing_equal_a_fresh_scan(staged_engine, word):
    """A broad answer's order puts title matches first; typing narrows them from the cached
    matches of the prefix. Each state's must equal a scan of every title."""
    from reader.search.normalize import normalize
    from reader.search.query import Lit

    eng = staged_engine
    eng.forget_answers()
    titles = [normalize(" ".join([a.title, *a.subtitles])) for a in eng.articles]
    for k in range(1, len(word) + 1):
        lit = Lit(word[:k])
        want = {i for i, t in enumerate(titles) if lit.text in t}
        if eng.literals.reads_pinyin(lit) and (pattern := eng.pinyin_table.pattern(lit.text)) is not None:
            want |= {i for i, t in enumerate(titles) if pattern.search(t)}
        assert set(B.to_list(eng.ranking.title_bits(lit))) == want, lit.text
