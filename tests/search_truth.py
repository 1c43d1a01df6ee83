"""The truth that search results are held to: substrings, and pinyin read by brute force."""

from __future__ import annotations

import re

from reader.search.normalize import normalize
from reader.search.store import article_text

_LATIN = re.compile(r"[a-z][a-z']*")


def parts(query: str) -> list[str]:
    """Whitespace-separated parts, normalised; Latin words side by side are one part."""
    out: list[str] = []
    for p in (normalize(w) for w in query.split()):
        if out and _LATIN.fullmatch(p) and _LATIN.fullmatch(out[-1].replace(" ", "")):
            out[-1] += " " + p
        else:
            out.append(p)
    return out


_TABLES: dict[int, tuple[object, object]] = {}


def _table(corpus):
    from reader.search.pinyin import PinyinTable

    if id(corpus) not in _TABLES:  # the corpus is kept with its table, so its id stays its own
        _TABLES[id(corpus)] = (corpus, PinyinTable(set("".join(article_text(a) for a in corpus.articles))))
    return _TABLES[id(corpus)][1]


def _holds(text: str, part: str, table) -> bool:
    if re.search(r"[ \t\u3000]+".join(re.escape(w) for w in part.split(" ")), text):
        return True
    if table is not None and re.search(r"[a-z]", part):
        pattern = table.pattern(part)
        return pattern is not None and pattern.search(text) is not None
    return False


def truth(corpus, query: str, pinyin: bool = True) -> set[str]:
    """Ids of the articles holding every part of *query*, as text or (for parts with
    letters, unless *pinyin* is off) read as pinyin — each checked over the whole text."""
    ps = parts(query)
    table = _table(corpus) if pinyin and any(re.search(r"[a-z]", p) for p in ps) else None
    return {a.id for a in corpus.articles if all(_holds(article_text(a), p, table) for p in ps)}


def result_ids(engine, query: str) -> set[str]:
    res = engine.search(query, limit=None)
    ids = {h.article.id for h in res.hits}
    assert len(ids) == res.total
    return ids
