"""The substring truth that search results are held to."""

from __future__ import annotations

from reader.search.normalize import normalize
from reader.search.store import article_text


def truth(corpus, query: str) -> set[str]:
    """Ids of the articles containing every whitespace-separated part of *query*."""
    parts = [normalize(p) for p in query.split()]
    return {a.id for a in corpus.articles if all(p in article_text(a) for p in parts)}


def result_ids(engine, query: str) -> set[str]:
    res = engine.search(query, limit=None)
    ids = {h.article.id for h in res.hits}
    assert len(ids) == res.total
    return ids
