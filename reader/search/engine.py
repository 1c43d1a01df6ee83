"""Search over an open index: candidates from Whoosh postings, verified as substrings,
ranked BM25-style, with exact match spans. :class:`SearchEngine` is the facade; the work
is done in layers, each its own module:

- :mod:`reader.search.prepared` — the prepared corpus data: text, titles, authors, sources,
  postings, document frequencies, pinyin readings;
- :mod:`reader.search.literals` — each literal of a query (typed text, pinyin, fields) to
  the articles it matches, as bitsets or (sure, maybe) bounds;
- :mod:`reader.search.ranking` — the order of an answer (scores, tiers, broad queries, sorts);
- :mod:`reader.search.hits` — hits, spans and snippets, for the hits shown only.

Per keystroke: each literal → candidates from the postings of its characters, narrowed by
the cached answer of its prefix, verified by substring (exact); boolean structure as bitset
operations; ranking; snippets and spans for the hits shown.

:meth:`SearchEngine.search_stages` — what the app runs per keystroke — answers a broad
query in two stages: first its first page, exact, once more than ``RANK_ALL`` matches and
the articles ranked before that page are verified (a few thousand finds); then the whole
answer, counted. At 100 000 articles a common literal's whole answer is ~100k finds
through ~100 M characters (~100 ms); its first page is ~15 ms.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from reader.corpus import Article, Corpus
from reader.search import bits as B
from reader.search.facet import Facet, facets
from reader.search.hits import Hit, Hits
from reader.search.literals import VERIFY_NOW, Literals, widened_by_synonyms
from reader.search.pending import CHUNK
from reader.search.prepared import PreparedCorpus
from reader.search.query import Lit, check_pinyin, parse, positive_literals
from reader.search.ranking import RANK_ALL, SORTS, Ranking
from reader.search.span import Span

__all__ = ["Cancelled", "Hit", "Results", "SearchEngine"]


class Cancelled(Exception):
    """A newer query superseded this one."""


@dataclass
class Results:
    query: str
    total: int
    hits: list[Hit]
    literals: list[Lit] = field(default_factory=list)
    seconds: float = 0.0
    ranked: bool = True  # False: a broad query ordered by title match, then page order
    order: list[int] = field(default_factory=list)  # every matching article, in rank order
    sort: str = "relevance"
    complete: bool = True  # False: the first page only (``order`` is its prefix), more to come
    counted: bool = True  # False: ``total`` is a lower bound (matches verified so far)
    synonyms: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (typed, also searched)

    @property
    def empty_query(self) -> bool:
        return not self.query.strip()


class SearchEngine:
    """Search of *corpus* through its open index *ix*.

    *pinyin*: Latin letters also match Chinese by pinyin; *fuzzy_pinyin*: fuzzy pairs
    (``"z=zh"`` …; ValueError for one not offered); *synonyms*: a
    ``reader.search.synonyms.Synonyms`` (a whole member finds the others), used while
    *use_synonyms*; *pinyin_in_background*: the readings are prepared after search opens
    (the app's way: letters match as typed until ``prepare_pinyin`` is done); *cache_dir*:
    where the mapped text, character sets and jieba's dictionary cache are kept.
    *rank_all*, *verify_now*, *verify_chunk*: when a query is broad, and how many
    candidates are verified at once (tests make the seeds behave as a large archive).
    *previous*: the engine of the corpus this one grew from (the archive read again while the
    app runs): the text of the pages unchanged since is taken from it."""

    def __init__(self, corpus: Corpus, ix, *, pinyin: bool = True, fuzzy_pinyin=(), synonyms=None,
                 use_synonyms: bool = True, pinyin_in_background: bool = False, cache_dir=None,
                 rank_all: int = RANK_ALL, verify_now: int = VERIFY_NOW, verify_chunk: int = CHUNK,
                 previous: "SearchEngine | None" = None):
        self.corpus = corpus
        self.articles = corpus.articles
        self.n = len(self.articles)
        self.ix = ix  # the open Whoosh index
        self.cache_dir = cache_dir
        self.data = PreparedCorpus(corpus, ix, cache_dir=cache_dir, fuzzy_pinyin=fuzzy_pinyin,
                                   previous=previous.data if previous is not None else None)
        self.literals = Literals(self.data, pinyin=pinyin, pinyin_in_background=pinyin_in_background,
                                 verify_now=verify_now, verify_chunk=verify_chunk)
        self.ranking = Ranking(self.literals, rank_all=rank_all)
        self.hits = Hits(self.literals)
        self._synonyms = synonyms
        self._use_synonyms = use_synonyms

    # -- settings -------------------------------------------------------------------------
    @property
    def pinyin(self) -> bool:
        return self.literals.pinyin

    def set_pinyin(self, on: bool) -> None:
        """Letters match Chinese by pinyin too (or, off, only as typed), from the next search."""
        self.literals.set_pinyin(on)

    @property
    def fuzzy_pinyin(self) -> tuple[str, ...]:
        """Fuzzy pinyin pairs in use (``"z=zh"``, ``"an=ang"``…; none by default)."""
        return self.data.fuzzy_pinyin

    def set_fuzzy_pinyin(self, pairs) -> None:
        """Use these fuzzy pairs (ValueError for one not offered): the readings are built
        again on the next pinyin search (or ``prepare_pinyin``); takes the engine's lock,
        which a search may hold — call it off the UI thread."""
        self.data.set_fuzzy_pinyin(pairs)

    @property
    def synonyms(self):
        return self._synonyms

    @property
    def use_synonyms(self) -> bool:
        return self._use_synonyms

    def set_use_synonyms(self, on: bool) -> None:
        """Widen parts by their synonyms (or not), from the next search."""
        self._use_synonyms = bool(on)

    @property
    def rank_all(self) -> int:
        return self.ranking.rank_all

    # -- data -----------------------------------------------------------------------------
    @property
    def text(self):
        """The normalised text of every article (``PreparedCorpus.text``)."""
        return self.data.text

    @property
    def pinyin_table(self):
        return self.data.pinyin_table

    @property
    def pinyin_ready(self) -> bool:
        return self.data.pinyin_ready

    def prepare_pinyin(self) -> None:
        """Prepare the pinyin readings now (see ``PreparedCorpus.prepare_pinyin``)."""
        self.data.prepare_pinyin()

    def warm(self) -> None:
        """Do now what the first query would otherwise wait for: the text, the readings of
        the characters, and which articles hold each reading (~2 s per 10k articles)."""
        self.data.text  # noqa: B018
        self.data.prepare_pinyin()

    def release(self) -> None:
        """Let go of the mapped pages read so far (``PreparedCorpus.release``)."""
        self.data.release()

    def forget_answers(self) -> None:
        """Drop every answer kept from earlier keystrokes (literals, pinyin, titles,
        postings): the next search starts afresh, as its first keystroke would."""
        with self.data.lock:
            self.literals.forget_answers()
            self.ranking.forget_titles()
            self.data.forget_postings()

    def word_postings(self, word: str) -> int:
        """The articles having *word* (jieba's, as indexed) as a bitset."""
        with self.data.lock:  # (the index's reader is shared with searches)
            return self.data.postings("words", word)

    def word_frequency(self, word: str) -> int:
        """How many articles have *word* (jieba's, as indexed)."""
        with self.data.lock:
            return self.data.document_frequency("words", word)

    # -- search ---------------------------------------------------------------------------
    def search(self, query: str, limit: int | None = 50, cancelled: Callable[[], bool] | None = None,
               sort: str = "relevance") -> Results:
        """Run *query*. ``limit=None`` or 0 returns every hit. Raises Cancelled if
        *cancelled* turns true while working (a newer keystroke). *sort*: ``relevance``
        (empty query: page order), ``page`` or ``date`` (newest first)."""
        for results in self.search_stages(query, limit, cancelled, sort, first_page=False):
            pass
        return results

    def search_stages(self, query: str, limit: int | None = 50, cancelled: Callable[[], bool] | None = None,
                      sort: str = "relevance", first_page: bool = True):
        """:meth:`search`, in stages: for a broad query in a large archive, first its first
        page — exactly the first *limit* hits of the whole answer, at least as many matches
        as ``total`` says (``complete`` and ``counted`` false) — as soon as the articles
        before them in rank order are verified; then the whole answer. Otherwise the whole
        answer alone. Raises Cancelled like :meth:`search`, also between the stages."""
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r} (one of {', '.join(SORTS)})")
        started = time.perf_counter()

        def check() -> None:
            if cancelled is not None and cancelled():
                raise Cancelled()

        node = parse(query)  # QueryError (a hint) for a query beyond its bounds
        if self.pinyin:
            check_pinyin(node)
        expanded: dict[Lit, tuple[Lit, ...]] = {}
        if self._use_synonyms and self._synonyms is not None:
            node = widened_by_synonyms(node, self._synonyms, expanded)
        lits = positive_literals(node)
        memo: dict = {}  # each literal's answer, as verified so far in this search
        used = [(typed.text, tuple(x.text for x in more)) for typed, more in expanded.items()]
        if first_page and limit and lits and sort in ("relevance", "page"):
            with self.data.lock:
                early = self.ranking.first_page(node, lits, memo, expanded, limit, sort, check)
                if early is not None:
                    page, total, counted = early
                    early = Results(query=query, total=total, hits=[self.hits.hit(i, 0.0, lits) for i in page],
                                    literals=lits, ranked=sort != "relevance", order=page, sort=sort,
                                    complete=False, counted=counted, synonyms=used,
                                    seconds=time.perf_counter() - started)
            if early is not None:
                yield early
                check()
        with self.data.lock:
            matched, order, scores, ranked = self.ranking.whole(node, lits, memo, expanded, sort, check)
            total = B.count(matched)
            want = total if not limit else min(limit, total)
            hits = [self.hits.hit(i, scores.get(i, 0.0), lits) for i in order[:want]]
            whole = Results(query=query, total=total, hits=hits, literals=lits, ranked=ranked, order=order,
                            sort=sort, synonyms=used, seconds=time.perf_counter() - started)
        yield whole

    # -- what a result shows --------------------------------------------------------------
    def hit(self, index: int, results: Results) -> Hit:
        """The hit (snippet, spans) for article *index* of *results* — for rows shown later."""
        return self.hits.hit(index, 0.0, results.literals)

    def spans(self, article: Article, lits_or_query, index: int | None = None) -> list[Span]:
        """Every match of the query (its literals, or its text) in *article*: (unit, start,
        end), merged, exact; offsets valid in the original text. *index*: the article's
        position, if known."""
        return self.hits.spans(article, lits_or_query, index)

    def facets(self, results: Results) -> dict[str, list[Facet]]:
        """Authors, dates and source pages of every article in *results*, with counts."""
        return facets(self.articles, results.order)

    @cached_property
    def word_vectors(self):
        """The articles' word vectors for relatedness (``reader.search.related.Vectors``)."""
        from reader.search.related import Vectors

        return Vectors(self)

    def related(self, article: Article, limit: int = 10):
        """(keywords, related articles) for *article*; never the article itself."""
        from reader.search.related import keywords, related

        words = keywords(self, article)  # (jieba's work outside the engine's lock: searches go on)
        return words, related(self, article, limit, words)
