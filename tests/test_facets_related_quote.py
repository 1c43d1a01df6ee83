"""Facets and sorting, related articles, quotations with citations — core and CLI."""

from __future__ import annotations

import json

import pytest

from reader.cli import main
from reader.corpus.quote import citation, quote, sentence_at
from search_truth import truth


def test_facet_counts_are_counts_of_the_hits(engine, seed_corpus):
    res = engine.search("无锡", limit=None)
    found = engine.facets(res)
    hits = [h.article for h in res.hits]
    for f in found["author"]:
        assert f.count == sum(f.value in a.authors for a in hits)
    assert sum(f.count for f in found["source"]) == res.total
    assert [f.value for f in found["date"]] == sorted(f.value for f in found["date"])
    # every facet value is a query part that selects exactly its count of the hits
    for f in found["author"][:3] + found["date"] + found["source"]:
        assert engine.search(f"无锡 {f.query}", limit=None).total == f.count, f.query


@pytest.mark.parametrize("sort", ["page", "date", "relevance"])
def test_sorts(engine, sort):
    res = engine.search("无锡", limit=None, sort=sort)
    arts = [h.article for h in res.hits]
    if sort == "page":
        assert [(a.page, a.order) for a in arts] == sorted((a.page, a.order) for a in arts)
    elif sort == "date":
        dated = [a.date for a in arts if a.date]
        assert [(d.month, d.day) for d in dated] == sorted(((d.month, d.day) for d in dated), reverse=True)
        assert all(a.date is None for a in arts[len(dated):])  # undated last
    else:
        assert [h.score for h in res.hits] == sorted((h.score for h in res.hits), reverse=True)
    assert {a.id for a in arts} == {h.article.id for h in engine.search("无锡", limit=None).hits}
    with pytest.raises(ValueError):
        engine.search("无锡", sort="title")


def test_related_is_deterministic_and_excludes_itself(engine, seed_corpus):
    for a in seed_corpus.articles:
        words, found = engine.related(a, 5)
        assert a.id not in {r.article.id for r in found}
        assert (words, found) == engine.related(a, 5)
        assert [r.score for r in found] == sorted((r.score for r in found), reverse=True)
        assert all(0 < r.score <= 1 and r.shared for r in found)
    siemens = next(a for a in seed_corpus.articles if a.title.startswith("西门子"))
    words, found = engine.related(siemens, 3)
    assert "西门子" in [k.word for k in words[:3]]
    assert found[0].article.title.startswith("赵建军率无锡团在德国")  # the visit to Siemens


def test_quote_and_citation(seed_corpus):
    a = next(a for a in seed_corpus.articles if "惠晓婧" in a.authors and a.date)
    q = quote(a, 1)
    assert q.text == a.paragraphs[1].strip()
    assert q.citation == f"——《{a.title}》，{a.date.label}，{'、'.join(a.authors)}，{a.source}（第{a.page + 1}页）"
    assert str(q) == f"「{q.text}」\n{q.citation}"
    with pytest.raises(IndexError):
        quote(a, len(a.paragraphs))


def test_sentence_around_a_match():
    text = "第一句话。第二句有杜小刚的话！“第三句。”最后"
    s, e = sentence_at(text, text.index("杜小刚"), text.index("杜小刚") + 3)
    assert text[s:e] == "第二句有杜小刚的话！"
    s, e = sentence_at(text, text.index("第三"))
    assert text[s:e] == "“第三句。”"
    s, e = sentence_at(text, len(text) - 1)
    assert text[s:e] == "最后"


def test_citation_without_date_or_authors(seed_corpus):
    a = next(a for a in seed_corpus.articles if not a.authors or not a.date)
    c = citation(a)
    assert c.startswith(f"——《{a.title}》，") and c.endswith(f"{a.source}（第{a.page + 1}页）")


def test_cli_sort_facets_related_quote(capsys, monkeypatch, seed_cache, seed_corpus):
    monkeypatch.setenv("READER_CACHE_DIR", str(seed_cache))
    assert main(["search", "无锡", "--sort", "date", "--json", "--limit", "0"]) == 0
    ids = [h["id"] for h in json.loads(capsys.readouterr().out)]
    assert set(ids) == truth(seed_corpus, "无锡")
    assert main(["search", "无锡", "author:惠晓婧", "--facets", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == len(truth(seed_corpus, "无锡") & {a.id for a in seed_corpus.articles if "惠晓婧" in a.authors})
    assert out["facets"]["author"][0] == {"field": "author", "value": "惠晓婧", "label": "惠晓婧",
                                          "count": out["total"], "query": "author:惠晓婧"}
    a = seed_corpus.articles[4]
    assert main(["related", a.id[:6], "--limit", "3", "--json"]) == 0
    rel = json.loads(capsys.readouterr().out)
    assert rel["id"] == a.id and len(rel["related"]) <= 3 and rel["keywords"]
    assert all(set(r) >= {"id", "title", "score"} and r["id"] != a.id for r in rel["related"])
    assert main(["show", a.id, "--quote", "2"]) == 0
    assert capsys.readouterr().out == str(quote(a, 1)) + "\n"
    assert main(["show", a.id, "--quote", "2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["citation"] == citation(a)
    assert main(["show", a.id, "--quote", "0"]) == 2
    assert "paragraphs 1–" in capsys.readouterr().err
    assert main(["related", "zzzz"]) == 2
