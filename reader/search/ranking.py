"""The order of a query's answer: BM25 over substring occurrences plus title and
whole-word (jieba) boosts; for a very broad query (more than ``RANK_ALL`` hits) title
matches first, then page order, scoring nothing; or page or date order (``SORTS``).

Within relevance, ties in score are broken by tiers, best first: the parts typed (before
the synonyms they were widened to), then literal text (before what letters read as by
pinyin), then readings of whole syllables and readings that are a word of the article.

A broad query's first page is found without counting its whole answer: only the
candidates ranked before the page's last hit are verified (:meth:`Ranking.first_page`).
"""

from __future__ import annotations

import math
from typing import Sequence

from reader.corpus import Article
from reader.search import bits as B
from reader.search import fields as F
from reader.search.literals import Check, Literals
from reader.search.lru import LRU
from reader.search.query import ALL, Lit
from reader.search.sorts import SORTS

RANK_ALL = 2000  # above this many hits, rank title matches first then page order
K1, B_ = 1.2, 0.75
TITLE_BOOST = 2.5
WORD_BOOST = 0.6

Expanded = dict  # part typed → the parts its synonyms added (see literals.widened_by_synonyms)


class Ranking:
    """Orders the answers of queries evaluated by *literals*: above *rank_all* hits, a
    query is broad (title matches first, then page order)."""

    def __init__(self, literals: Literals, *, rank_all: int = RANK_ALL):
        self.literals = literals
        self.data = literals.data
        self.rank_all = rank_all
        self._title_cache = LRU(512)
        self.data.on_pinyin_change(self.forget_titles)

    def forget_titles(self) -> None:
        """Drop the title matches kept from earlier keystrokes."""
        self._title_cache.clear()

    # -- whole answers --------------------------------------------------------------------
    def whole(self, node, lits: list[Lit], memo: dict, expanded: Expanded, sort: str,
              check: Check) -> tuple[int, list[int], dict[int, float], bool]:
        """(matching articles, all of them in order, their scores, whether ranked by score
        — False: a broad query) — every candidate verified."""
        lit_eval = self.literals
        sure, maybe = lit_eval.query_bounds(node, check, memo)
        if maybe:
            sure, maybe = lit_eval.bounds_verified_in(node, memo, maybe, check)
        matched = sure
        check()
        scores: dict[int, float] = {}
        if node is ALL or not lits:
            order, ranked = list(B.iter_bits(matched)), True
        elif B.count(matched) > self.rank_all:
            order, ranked = self.broad_order(matched, lits, check, expanded), False
        else:
            tiers: dict[int, list[int]] = {}
            scores = self.scores(matched, lits, check, tiers)
            literal = self.literal_tiers(matched, lits, check, expanded)
            typed = self.typed_tiers(matched, expanded, check)
            none = (0, 0)
            order = sorted(scores, key=lambda i: (-typed.get(i, 0), -literal.get(i, 0),
                                                  *(-t for t in tiers.get(i, none)), -scores[i], i))
            ranked = True
        if sort != "relevance":
            order, ranked = sort_order(self.data.articles, order, sort), True
        return matched, order, scores, ranked

    def first_page(self, node, lits: list[Lit], memo: dict, expanded: Expanded, limit: int, sort: str,
                   check: Check) -> tuple[list[int], int, bool] | None:
        """(the first *limit* articles, how many surely match so far, whether that is all)
        of a broad query (over ``rank_all`` matches: ordered by title match then page
        order, so no scores are needed), verifying only the candidates that come before
        them; None if the query is not broad."""
        lit_eval, n = self.literals, self.data.n
        sure, maybe = lit_eval.query_bounds(node, check, memo)
        if B.count(sure | maybe) <= self.rank_all:
            return None
        # broad only if more than rank_all surely match: verify in page order until so, as
        # many candidates a round as the matches still wanted need at the rate seen so far
        # (most candidates match: little more than the shortfall; few: few rounds)
        verified = found = 0
        while (short := self.rank_all + 1 - B.count(sure)) > 0:
            if not maybe:
                return None
            rate = max(found / verified, 1 / 64) if verified else 1.0
            batch = int(short / rate * 1.25) + 64
            before = B.count(sure)
            sure, maybe = lit_eval.bounds_verified_in(node, memo, B.from_sorted(B.lowest(maybe, batch)), check)
            verified += batch
            found += B.count(sure) - before
        groups = self.broad_groups(sure | maybe, lits, check, expanded) if sort == "relevance" else [self.data.all]
        page: list[int] = []
        for group in groups:
            start, batch = 0, 2 * limit
            while len(page) < limit:
                unknown = B.lowest(maybe & group, 1, start)
                end = unknown[0] if unknown else n  # every member of the group before it is known
                page += B.lowest(sure & group & B.below(end), limit - len(page), start)
                if not unknown or len(page) >= limit:
                    break
                start = end
                sure, maybe = lit_eval.bounds_verified_in(node, memo, B.from_sorted(B.lowest(maybe & group, batch, end)),
                                                          check)
                batch *= 2
            if len(page) >= limit:
                break
        return page, B.count(sure), not maybe

    # -- broad answers --------------------------------------------------------------------
    def broad_groups(self, matched: int, lits: list[Lit], check: Check, expanded: Expanded | None = None) -> list[int]:
        """The order of a broad answer, as groups of articles each listed in page order:
        literal matches of every part read as pinyin too (before pinyin-only ones) and of
        the parts typed (before their synonyms), and in each, title matches first.
        *matched* bounds the answer: verification of literals stays within it."""
        expanded = expanded or {}
        added = {x for more in expanded.values() for x in more}
        every = self.data.all
        literal = every
        for lit in lits:
            if lit in added:
                continue
            if lit in expanded:
                literal &= self.literals.matching(lit, check) & matched
            if self.literals.reads_pinyin(lit):
                literal &= self.literals.typed_matching(lit, check, within=matched)
        titled = every
        for lit in lits:
            if F.in_text(lit.field) and lit not in added:
                bits = self.title_bits(lit)
                for other in expanded.get(lit, ()):
                    bits |= self.title_bits(other)
                titled &= bits
        groups = [literal & titled, literal & ~titled & every]
        if literal != every:
            rest = every & ~literal
            groups += [rest & titled, rest & ~titled]
        return groups

    def broad_order(self, matched: int, lits: list[Lit], check: Check, expanded: Expanded | None = None) -> list[int]:
        """Title matches first, then the rest, each in page order — without scoring.
        Literal matches of a part also read as pinyin come before pinyin-only ones."""
        out: list[int] = []
        for group in self.broad_groups(matched, lits, check, expanded):
            out += B.to_list(matched & group)
        return out

    # -- tiers and scores -----------------------------------------------------------------
    def typed_tiers(self, matched: int, expanded: Expanded | None, check: Check) -> dict[int, int]:
        """For parts widened by synonyms: how many of them each article holds as typed —
        the form typed ranks above its synonyms."""
        tiers: dict[int, int] = {}
        for lit in expanded or ():
            for i in B.iter_bits(self.literals.matching(lit, check) & matched):
                tiers[i] = tiers.get(i, 0) + 1
        return tiers

    def literal_tiers(self, matched: int, lits: list[Lit], check: Check,
                      expanded: Expanded | None = None) -> dict[int, int]:
        """For queries read as pinyin too: how many of those parts each article holds as
        literal text — text typed ranks above what its pinyin reads as."""
        added = {x for more in (expanded or {}).values() for x in more}
        tiers: dict[int, int] = {}
        for lit in lits:
            if self.literals.reads_pinyin(lit) and lit not in added:
                for i in B.iter_bits(self.literals.typed_matching(lit, check, within=matched)):
                    tiers[i] = tiers.get(i, 0) + 1
        return tiers

    def title_bits(self, lit: Lit) -> int:
        """The articles whose title (or subtitles) holds *lit* — as typed, or read as pinyin
        if it is. Typing appends: the titles holding the literal's prefix (cached by the
        keystroke before) are the only ones to check."""
        reads = self.literals.reads_pinyin(lit)
        key = (lit.text, reads)
        cached = self._title_cache.get(key)
        if cached is None:
            titles, n = self.data.titles, self.data.n
            pattern = self.data.pinyin_table.pattern(lit.text) if reads else None
            known = self._title_known(lit.text, reads)
            if known is None or B.count(known) * 8 > n:  # (one pass is cheaper than many finds)
                cached = B.from_indices(titles.scan(lit), n)
                if pattern is not None:
                    cached |= B.from_indices(titles.scan_pattern(pattern), n)
            else:
                indices = B.to_list(known)
                cached = B.from_indices(titles.containing(indices, lit), n)
                if pattern is not None:
                    cached |= B.from_indices(titles.matching(indices, pattern), n)
            self._title_cache.put(key, cached)
        return cached

    def _title_known(self, text: str, reads: bool) -> int | None:
        """Cached title matches of a shorter literal that *text* contains — its prefix (and,
        without pinyin, its suffix): a superset of *text*'s own."""
        if " " in text:
            return None
        for cut in range(len(text) - 1, 0, -1):
            for part in (text[:cut],) if reads else (text[:cut], text[-cut:]):
                known = self._title_cache.get((part, reads))
                if known is not None:
                    return known
        return None

    def scores(self, matched: int, lits: list[Lit], check: Check,
               tiers: dict[int, list[int]] | None = None) -> dict[int, float]:
        """BM25-style scores of *matched*. For parts read as pinyin, *tiers* (if given)
        gets, per article, [parts matched by a reading of whole syllables, parts matched
        by a reading that is a jieba word of the article] — ranked after literal text and
        before the score (先/西安 above 想 for ``xian``; 西安 the word above 东西安全)."""
        data = self.data
        text, titles, n = data.text, data.titles, data.n
        stats = []
        nbytes = (n + 7) >> 3
        in_text = [lit for lit in lits if F.in_text(lit.field)]
        for lit in in_text:
            if len(in_text) == 1:  # every term of a score is times its idf: one part's orders nothing
                idf = 1.0  # (and its document frequency would need the part verified in the whole archive:
                # 0.15 s for 新质 at 100k, where a date or an issue leaves a hundred articles to rank)
            else:
                df = max(1, B.count(self.literals.matching(lit, check)))
                idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            words = data.postings("words", lit.text) if " " not in lit.text else 0
            in_title = self.title_bits(lit)
            pattern = whole = anchored = None
            if self.literals.reads_pinyin(lit):
                pattern = data.pinyin_table.pattern(lit.text)
                whole = data.pinyin_table.pattern(lit.text, whole=True)
                if whole is not None and pattern is not None and whole.pattern == pattern.pattern:
                    whole = True  # every reading is of whole syllables
                anchored = data.pinyin_table.anchored(lit.text) if pattern is not None else None
            stats.append((self.literals.text_of(lit), lit, idf, words.to_bytes(nbytes, "little"),
                          in_title.to_bytes(nbytes, "little"), pattern, whole, anchored))
        avg = text.avglen
        scores: dict[int, float] = {}
        for k, i in enumerate(B.iter_bits(matched)):
            if k & 511 == 511:
                check()
            norm = K1 * (1 - B_ + B_ * text.length(i) / avg)
            byte, bit = i >> 3, 1 << (i & 7)
            s = 0.0
            for where, lit, idf, words, in_title, pattern, whole, anchored in stats:
                tf = where.count(i, lit)
                if pattern is not None:  # (the same matches, found faster from a literal if it can be)
                    found = anchored.findall(where.text(i)) if anchored else where.findall_pattern(i, pattern)
                    tf += len(found)
                    if found and tiers is not None:
                        tier = tiers.setdefault(i, [0, 0])
                        if whole is True or (whole is not None and (any(map(whole.fullmatch, found))
                                                                    or where.search_pattern(i, whole))):
                            tier[0] += 1
                        if any(data.is_word(w, i) for w in set(found) if len(w) > 1):
                            tier[1] += 1
                s += idf * tf * (K1 + 1) / (tf + norm)
                if in_title[byte] & bit:
                    s += TITLE_BOOST * idf
                if words[byte] & bit:
                    s += WORD_BOOST * idf
            scores[i] = s
        return scores


def sort_order(articles: Sequence[Article], order: list[int], sort: str) -> list[int]:
    """*order* (by relevance) re-sorted: ``page`` is corpus order; ``date`` is newest first
    across years, then dates known only by month and day (newest first), undated last,
    ties in corpus order."""
    if sort == "relevance":
        return order
    if sort == "page":
        return sorted(order)
    if sort == "date":
        def key(i: int):
            d = articles[i].date
            if d is None:
                return (2, 0, i)
            if d.year is None:
                return (1, -(d.month * 100 + d.day), i)
            return (0, -(d.year * 10000 + d.month * 100 + d.day), i)
        return sorted(order, key=key)
    raise ValueError(f"unknown sort {sort!r} (one of {', '.join(SORTS)})")

