"""Related articles: an article's keywords (jieba words weighted by TF-IDF over this
corpus) and the other articles that share the most keyword weight.

Deterministic: ties are broken by word, then by page order. The article itself is never
among its related articles.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from reader.corpus import Article
from reader.search import bits as B
from reader.search.store import article_text

KEYWORDS = 12  # used for matching; the first few are shown as tags
_WORDY = re.compile(r"^(?:[\u3400-\u9fff]{2,}|[a-z][a-z0-9]{2,})$")
# Words every news article uses: high frequency here says nothing about the subject.
_STOP = frozenset(
    "我们 他们 一个 没有 这个 就是 以及 进行 通过 今年 目前 已经 同时 其中 主要 表示 认为 有关 相关 方面 工作"
    " 记者 本报讯 日前 近日 当前 如何 还是 可以 这些 那些 自己 为了 不断 更加 积极 推进 推动 加快 实现".split()
)


@dataclass(frozen=True)
class Keyword:
    word: str
    weight: float

    def to_json(self) -> dict:
        return {"word": self.word, "weight": round(self.weight, 4)}


@dataclass(frozen=True)
class Related:
    article: Article
    score: float  # 0..1: the share of the keyword weight the article holds
    shared: tuple[str, ...]

    def to_json(self) -> dict:
        return {"id": self.article.id, "title": self.article.title, "score": round(self.score, 4),
                "shared": list(self.shared)}


def keywords(engine, article: Article, limit: int = KEYWORDS) -> list[Keyword]:
    """The words that say most about *article*: tf × idf, idf over the corpus."""
    from reader.search.analyzer import jieba_instance

    jieba = jieba_instance(engine.cache_dir)
    text = article_text(article)
    counts: Counter[str] = Counter(
        w for w, _, _ in jieba.tokenize(text, mode="default", HMM=True) if _WORDY.match(w) and w not in _STOP
    )
    title = text.split("\n", 1)[0]
    n = max(1, engine.n)
    scored = []
    for word, tf in counts.items():
        df = engine._df("words", word)
        if df <= 0:
            continue
        idf = math.log((n + 1) / (df + 0.5))
        weight = (1 + math.log(tf)) * idf * (1.5 if word in title else 1.0)
        if weight > 0:
            scored.append(Keyword(word, weight))
    scored.sort(key=lambda k: (-k.weight, k.word))
    return scored[:limit]


def related(engine, article: Article, limit: int = 10, words: list[Keyword] | None = None) -> list[Related]:
    """The *limit* articles sharing the most keyword weight with *article*."""
    words = keywords(engine, article) if words is None else words
    total = sum(k.weight for k in words)
    if not total:
        return []
    me = engine._index_of.get(article.id, -1)
    score: dict[int, float] = {}
    shared: dict[int, list[str]] = {}
    for k in words:
        for i in B.iter_bits(engine._postings("words", k.word)):
            if i == me:
                continue
            score[i] = score.get(i, 0.0) + k.weight
            shared.setdefault(i, []).append(k.word)
    best = sorted(score, key=lambda i: (-score[i], i))[:limit]
    return [Related(engine.articles[i], score[i] / total, tuple(shared[i])) for i in best]
