"""A name typed as text that is someone's byline: bylines are not the article's text (a
search for 高美梅 finds the articles that mention her), so the box says that
``author:高美梅`` finds the articles she wrote."""

from __future__ import annotations

import threading

from reader.search.query import Lit, QueryError, parse, positive_literals

_lock = threading.Lock()


def author_counts(corpus) -> dict[str, int]:
    """How many articles each author of *corpus* has a byline in (made once per corpus)."""
    with _lock:
        counts = getattr(corpus, "_author_counts", None)  # kept with the corpus: gone with it
        if counts is None:
            counts = {}
            for a in corpus.articles:
                for name in a.authors:
                    counts[name] = counts.get(name, 0) + 1
            corpus._author_counts = counts
        return counts


def byline_hint(query: str, corpus) -> str:
    """``bylines are not searched as text: author:高美梅 finds the 5 articles by 高美梅`` when *query* is one name
    typed as text (no field) that is an author's; else ""."""
    try:
        lits = positive_literals(parse(query))
    except QueryError:
        return ""
    if len(lits) != 1 or not isinstance(lits[0], Lit) or lits[0].field or len(lits[0].text) < 2:
        return ""
    name = lits[0].text
    n = author_counts(corpus).get(name)
    if not n:
        return ""
    return f"bylines are not searched as text: author:{name} finds the {n} article{'s' if n != 1 else ''} by {name}"
