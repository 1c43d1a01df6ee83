"""Related articles: an article's keywords, and the articles a reader would call related.

An article is a vector of its content words (jieba's, as the index has them), each weighted

    (1 + log tf) × idf × kind × (TITLE_WEIGHT if the word is in the title)

where *kind* comes from the word's part of speech (jieba's tags): names of people, places,
organisations and brands weigh most, then nouns, then verbs; function words, numbers and
the boilerplate every news report uses (会议, 工作, 推进, 举办, 交流 …) weigh nothing. Two
articles are related by the cosine of their vectors — symmetric: the Siemens factory is as
related to the Germany trip that visits Siemens as the other way round — and the words
that make it up most are shown as the reason (``shared``). Articles with nothing but
boilerplate in common score (near) zero and are not listed.

Candidates are the articles holding the article's keywords (postings of the index's words
field), the best ``CANDIDATES`` of them by shared keyword weight; their vectors are built
(and kept) on demand. Deterministic: ties are broken by word, then by page order. The article
itself is never among its related articles.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass

from reader.corpus import Article
from reader.search import bits as B
from reader.search.normalize import normalize
from reader.search.index import article_text

KEYWORDS = 12  # used for finding candidates; the first few are shown as tags
CANDIDATES = 30  # articles whose whole vectors are compared
MIN_SCORE = 0.02  # below this, nothing worth a reader's time is shared
TITLE_WEIGHT = 2.0
_WORDY = re.compile(r"^(?:[\u3400-\u9fff]{2,}|[a-z][a-z0-9]{1,})$")

# What a word's part of speech (jieba's tag, by its first letters) makes it worth.
_KIND = (
    ("nr", 2.0), ("ns", 1.6), ("nt", 2.0), ("nz", 2.0), ("eng", 1.6),  # names, places, bodies, brands
    ("n", 1.0), ("vn", 0.8), ("an", 0.6), ("j", 1.2),  # nouns (j: abbreviations such as 长三角)
    ("v", 0.45), ("a", 0.3), ("i", 0.3), ("l", 0.5),  # verbs, adjectives, idioms
)
# Words every news report uses: high frequency here says nothing about the subject.
BOILERPLATE = frozenset(
    "我们 他们 一个 没有 这个 就是 以及 进行 通过 今年 目前 已经 同时 其中 主要 表示 认为 有关 相关 方面 工作"
    " 记者 本报讯 日前 近日 当前 如何 还是 可以 这些 那些 自己 为了 不断 更加 积极 推进 推动 加快 实现"
    " 会议 召开 举办 举行 交流 强调 指出 要求 部署 主持 出席 参加 活动 讲话 致辞 精神 贯彻 落实 学习 重要"
    " 全面 深入 加强 坚持 提升 发展 建设 进一步 全市 我市 市委 市政府 市长 书记 副市长 常务 常委 领导 同志"
    " 一行 情况 任务 重点 意见 研究 决策 坚决 持续 扎实 努力 全力 更好 着力 切实 不断 各地 各部门 有关部门"
    " 开展 组织 负责人 负责 单位 项目 企业 合作 共同 进行 一起 一批 一系列 今后 下一步 此次 本次 期间 日至".split()
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
    score: float  # 0..1: the cosine of the two articles' word vectors
    shared: tuple[str, ...]  # the words that make up most of it, most first

    def to_json(self) -> dict:
        return {"id": self.article.id, "title": self.article.title, "score": round(self.score, 4),
                "shared": list(self.shared)}


_TAGS: dict[str, str] = {}
_TAGS_LOCK = threading.Lock()


def kind(word: str) -> float:
    """What *word*'s part of speech makes it worth (0 for function words)."""
    if word in BOILERPLATE:
        return 0.0
    if word.isascii():
        return 1.6 if len(word) > 1 else 0.0
    tag = _tag(word)
    for prefix, weight in _KIND:
        if tag.startswith(prefix):
            return weight
    return 0.0


def _tag(word: str) -> str:
    """jieba's part-of-speech tag for *word*: from its dictionary, or (a word the dictionary
    lacks, found by its HMM — often a name) from tagging the word alone."""
    from reader.search.analyzer import custom_words

    custom = custom_words().tags.get(word)
    if custom is not None:  # the user's word, with the user's tag
        return custom
    cached = _TAGS.get(word)
    if cached is not None:
        return cached
    import jieba.posseg as pseg

    with _TAGS_LOCK:
        tag = pseg.dt.word_tag_tab.get(word) if pseg.dt.word_tag_tab else None
        if tag is None:
            if not pseg.dt.word_tag_tab:
                pseg.dt.initialize()
                tag = pseg.dt.word_tag_tab.get(word)
            if tag is None:
                pairs = list(pseg.dt.cut(word))
                tag = pairs[0].flag if len(pairs) == 1 else "x"
        if len(_TAGS) > 200_000:
            _TAGS.clear()
        _TAGS[word] = tag
    return tag


class Vectors:
    """Word vectors of a corpus's articles, built on demand and kept (an LRU)."""

    def __init__(self, engine, size: int = 4096):
        self.engine = engine
        self.size = size
        self._cache: OrderedDict[int, dict[str, float]] = OrderedDict()
        self._norm: dict[int, float] = {}
        self._idf: dict[str, float] = {}  # a word's document frequency costs a lookup in the index
        self._lock = threading.Lock()

    def idf(self, word: str) -> float:
        cached = self._idf.get(word)
        if cached is not None:
            return cached
        df = self.engine.word_frequency(word)
        n = max(1, self.engine.n)
        value = math.log((n + 1) / (df + 0.5)) if df > 0 else 0.0
        if len(self._idf) > 500_000:
            self._idf.clear()
        self._idf[word] = value
        return value

    def of(self, i: int) -> dict[str, float]:
        with self._lock:
            vec = self._cache.get(i)
            if vec is not None:
                self._cache.move_to_end(i)
                return vec
        vec = self.build(self.engine.articles[i])
        with self._lock:
            self._cache[i] = vec
            self._norm[i] = math.sqrt(sum(w * w for w in vec.values())) or 1.0
            while len(self._cache) > self.size:
                old, _ = self._cache.popitem(last=False)
                self._norm.pop(old, None)
        return vec

    def norm(self, i: int) -> float:
        self.of(i)
        return self._norm.get(i, 1.0)

    def build(self, article: Article) -> dict[str, float]:
        """The word vector of *article* (not kept)."""
        from reader.search.analyzer import tokenizer

        cut = tokenizer(self.engine.cache_dir)
        text = normalize(article_text(article))
        counts: Counter[str] = Counter(
            w for w, _, _ in cut.tokenize(text, mode="default", HMM=True) if _WORDY.match(w)
        )
        title = normalize(" ".join([article.title, *article.subtitles]))
        out: dict[str, float] = {}
        for word, tf in counts.items():
            k = kind(word)
            if k <= 0:
                continue
            idf = self.idf(word)
            if idf <= 0:
                continue
            out[word] = (1 + math.log(tf)) * idf * k * (TITLE_WEIGHT if word in title else 1.0)
        return out


def keywords(engine, article: Article, limit: int = KEYWORDS) -> list[Keyword]:
    """The words that say most about *article*: its heaviest content words."""
    vectors = engine.word_vectors
    i = engine.corpus.position(article.id)
    vec = vectors.of(i) if i is not None else vectors.build(article)
    scored = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))
    return [Keyword(w, weight) for w, weight in scored[:limit]]


def related(engine, article: Article, limit: int = 10, words: list[Keyword] | None = None) -> list[Related]:
    """The *limit* articles most related to *article* (cosine over word vectors), each
    with the words they share most."""
    words = keywords(engine, article) if words is None else words
    if not words:
        return []
    vectors = engine.word_vectors
    me = engine.corpus.position(article.id)
    me = -1 if me is None else me
    mine = vectors.of(me) if me >= 0 else vectors.build(article)
    my_norm = math.sqrt(sum(w * w for w in mine.values())) or 1.0
    # candidates: the articles sharing the most keyword weight
    rough: dict[int, float] = {}
    for k in words:
        for i in B.iter_bits(engine.word_postings(k.word)):
            if i != me:
                rough[i] = rough.get(i, 0.0) + k.weight
    candidates = sorted(rough, key=lambda i: (-rough[i], i))[:CANDIDATES]
    out: list[Related] = []
    for i in candidates:
        theirs = vectors.of(i)
        parts = {w: mine[w] * theirs[w] for w in mine.keys() & theirs.keys()}
        score = sum(parts.values()) / (my_norm * vectors.norm(i))
        if score < MIN_SCORE:
            continue
        shared = tuple(w for w, _ in sorted(parts.items(), key=lambda kv: (-kv[1], kv[0]))[:8])
        out.append(Related(engine.articles[i], score, shared))
    out.sort(key=lambda r: (-r.score, engine.corpus.position(r.article.id) or 0))
    return out[:limit]


def similarity(engine, a: Article, b: Article) -> float:
    """The relatedness of two articles (0..1, symmetric)."""
    vectors = engine.word_vectors
    i, j = engine.corpus.position(a.id), engine.corpus.position(b.id)
    va, vb = vectors.of(i), vectors.of(j)
    dot = sum(va[w] * vb[w] for w in va.keys() & vb.keys())
    return dot / (vectors.norm(i) * vectors.norm(j))
