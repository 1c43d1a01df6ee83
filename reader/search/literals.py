"""Which articles each part of a query matches: typed text, pinyin and fields, evaluated to
bitsets of articles (:mod:`reader.search.bits`).

A literal's candidates are the AND of the posting sets of its characters, narrowed by the
cached answer for the literal's prefix — typing one more character only re-checks the
articles that matched before — and verified by substring in the normalised text (exact: no
misses, no false hits). A literal with many candidates is verified where needed: its
answer is a :class:`~reader.search.pending.Pending`, and a query's answer is known as
(sure, maybe) bounds until every candidate that matters is checked.

A literal with Latin letters also matches by pinyin (``reader.search.pinyin``) unless
pinyin is off: its regular expression is checked like a literal (candidates from the
postings of the characters it can read as, narrowed by the answer for its prefix).

Naming: ``…_answer`` is a literal's answer as known so far (a bitset, or a Pending);
``…_matching`` is every article matching, verified; ``…bounds`` is (sure, maybe).
"""

from __future__ import annotations

import re
from typing import Callable

from reader.search import bits as B
from reader.search import fields as F
from reader.search import pinyin as P
from reader.search.lru import LRU
from reader.search.pending import CHUNK, Pending, bounds, upper_bound
from reader.search.prepared import PreparedCorpus
from reader.search.query import ALL, And, Lit, Not, Or

WORDS_TAKEN = 6  # the commonest words a pinyin literal matches in: their postings are sure matches
WORDS_WORTH = 512  # fewer candidates than this left unsure: verified, cheaper than words' postings
VERIFY_NOW = 4096  # a literal with more candidates than this is verified where needed (Pending)
PINYIN_COST = 4  # … a pinyin literal with more than VERIFY_NOW / PINYIN_COST: a regular
# expression per candidate costs several finds, and a broad reading's first page needs few

Check = Callable[[], None]  # raises Cancelled when a newer query supersedes this one


class Literals:
    """The answers of the literals of queries over *data*, cached across keystrokes.

    *pinyin*: letters also match Chinese by pinyin; *pinyin_in_background*: until the
    readings are prepared (``data.prepare_pinyin``, run by the app after search opens),
    letters match only as typed; *verify_now* and *verify_chunk*: a literal with more
    candidates than *verify_now* is verified where needed, *verify_chunk* at a time."""

    def __init__(self, data: PreparedCorpus, *, pinyin: bool = True, pinyin_in_background: bool = False,
                 verify_now: int = VERIFY_NOW, verify_chunk: int = CHUNK):
        self.data = data
        self.pinyin = pinyin
        self.pinyin_in_background = pinyin_in_background
        self.verify_now = verify_now
        self.verify_chunk = verify_chunk
        self._typed_cache = LRU(512)
        self._pinyin_cache = LRU(512)
        self._piece_cache = LRU(256)
        self._words_cache = LRU(512)  # pinyin literal → the indexed words its reading matches in
        data.on_pinyin_change(self.forget_answers)

    def forget_answers(self) -> None:
        """Drop the answers kept from earlier keystrokes (the readings changed, or a test starts afresh)."""
        self._typed_cache.clear()
        self._pinyin_cache.clear()
        self._words_cache.clear()
        self._piece_cache.clear()

    def set_pinyin(self, on: bool) -> None:
        self.pinyin = bool(on)

    def reads_pinyin(self, lit: Lit) -> bool:
        """Whether *lit* is also matched by pinyin in this search."""
        if not (self.pinyin and F.reads_pinyin(lit.field) and P.has_letters(lit.text)):
            return False
        return self.data.pinyin_ready or not self.pinyin_in_background

    # -- a query's bounds -----------------------------------------------------------------
    def query_bounds(self, node, check: Check, memo: dict) -> tuple[int, int]:
        """(sure, maybe): the articles that surely match *node* and those that may, given
        what is verified so far of its literals' answers (kept in *memo* for this search:
        verifying more of a Pending there and evaluating again narrows *maybe*)."""
        if node is ALL:
            return self.data.all, 0
        if isinstance(node, Lit):
            return self.literal_bounds(node, check, memo)
        if isinstance(node, And):
            sure = upper = self.data.all
            # positives first
            for child in sorted(node.children, key=lambda c: isinstance(c, Not)):
                if isinstance(child, Not):
                    s, m = self.query_bounds(child.child, check, memo)
                    sure &= ~(s | m)
                    upper &= ~s
                else:
                    s, m = self.query_bounds(child, check, memo)
                    sure &= s
                    upper &= s | m
                if not upper:
                    return 0, 0
            return sure, upper & ~sure
        if isinstance(node, Or):
            sure = upper = 0
            for child in node.children:
                s, m = self.query_bounds(child, check, memo)
                sure |= s
                upper |= s | m
            return sure, upper & ~sure
        if isinstance(node, Not):
            s, m = self.query_bounds(node.child, check, memo)
            return self.data.all & ~(s | m), m
        raise TypeError(node)

    def literal_bounds(self, lit: Lit, check: Check, memo: dict) -> tuple[int, int]:
        """(sure, maybe) of one literal, as typed or read as pinyin."""
        key = ("text", lit.field, lit.text)
        if key not in memo:
            memo[key] = self.typed_answer(lit, check)
        sure, maybe = bounds(memo[key])
        if self.reads_pinyin(lit):
            key = ("pinyin", lit.field, lit.text)
            if key not in memo:
                memo[key] = self.pinyin_answer(lit, check)
            s, m = bounds(memo[key])
            sure |= s
            maybe = (maybe | m) & ~sure
        return sure, maybe

    def bounds_verified_in(self, node, memo: dict, within: int, check: Check) -> tuple[int, int]:
        """Verify the pending literals of *node* in *within*; its bounds again."""
        if within:
            for state in memo.values():
                if isinstance(state, Pending):
                    state.resolve(within, check)
        return self.query_bounds(node, check, memo)

    # -- one literal, verified ------------------------------------------------------------
    def matching(self, lit: Lit, check: Check) -> int:
        """Every article matching *lit* (as typed, or read as pinyin), verified."""
        result = self.typed_matching(lit, check)
        if self.reads_pinyin(lit):
            result |= self.pinyin_matching(lit, check)
        return result

    def typed_matching(self, lit: Lit, check: Check, within: int | None = None) -> int:
        """The articles holding *lit* as typed (of *within*, if given), verified."""
        return self._settled(self.typed_answer(lit, check), self._typed_cache, lit, within, check)

    def pinyin_matching(self, lit: Lit, check: Check) -> int:
        """The articles where *lit* matches by pinyin, verified."""
        return self._settled(self.pinyin_answer(lit, check), self._pinyin_cache, lit, None, check)

    def _settled(self, state: int | Pending, cache: LRU, lit: Lit, within: int | None, check: Check) -> int:
        """A literal's answer (of *within*, if given), its pending part verified there; once
        verified everywhere, cached as known."""
        if isinstance(state, Pending):
            state.resolve(self.data.all if within is None else within, check)
            if not state.maybe:
                cache.put((lit.field, lit.text), state.sure)
            state = state.sure
        return state if within is None else state & within

    # -- one literal's answer -------------------------------------------------------------
    def typed_answer(self, lit: Lit, check: Check) -> int | Pending:
        """The articles holding *lit* as typed, as known so far."""
        key = (lit.field, lit.text)
        cached = self._typed_cache.get(key)
        if cached is not None:
            return cached
        if F.in_text(lit.field):
            result = self._typed_text_answer(lit, check)
        else:
            result = self._field_matching(lit)
        self._typed_cache.put(key, result)
        return result

    def pinyin_answer(self, lit: Lit, check: Check) -> int | Pending:
        """The articles where *lit* matches by pinyin (its letters read as Chinese), as
        known so far."""
        key = (lit.field, lit.text)
        cached = self._pinyin_cache.get(key)
        if cached is not None:
            return cached
        table = self.data.pinyin_table
        pattern = table.pattern(lit.text)
        if pattern is None:
            result = 0
        elif not F.in_text(lit.field):  # a column (author:) read as pinyin
            column = self._column(lit.field)
            result = B.from_indices((i for i, a in enumerate(column) if pattern.search(a)), self.data.n)
        else:
            result = self._pinyin_text_answer(lit, pattern, table, check)
        self._pinyin_cache.put(key, result)
        return result

    def _verified(self, cand: int, verify: Callable[[list[int]], list[int]], sure: int = 0,
                  cost: int = 1) -> int | Pending:
        """The answer among *cand* (of which *sure* is known to match): verified now if
        there are few (``verify_now``, divided by the *cost* of one verification in finds),
        else Pending."""
        cand &= ~sure
        if B.count(cand) * cost > self.verify_now:
            state = Pending(cand, verify, self.verify_chunk)
            state.sure = sure
            return state
        return B.from_indices(verify(B.to_list(cand)), self.data.n) | sure

    def pinyin_piece_bits(self, piece: str, final: bool) -> int:
        """Articles holding a character that one pinyin piece can stand for."""
        key = (piece, final)
        cached = self._piece_cache.get(key)
        if cached is None:
            by_reading = self.data.reading_bits
            cached = 0
            for reading in self.data.pinyin_table.readings_for(piece, final):
                cached |= by_reading.get(reading, 0)
            self._piece_cache.put(key, cached)
        return cached

    def text_of(self, lit: Lit):
        """The text store *lit* is found in: the titles for ``title:``, else every article's text."""
        return self.data.titles if lit.field == "title" else self.data.text

    def _pinyin_text_answer(self, lit: Lit, pattern: re.Pattern, table: P.PinyinTable, check: Check) -> int | Pending:
        text = lit.text
        literal_chars = P.literal_chars(table.read_as(text))
        cand = self.data.all
        for ch in set(literal_chars):
            cand &= self.data.postings("chars", ch)
            if not cand:
                return 0
        cand = table.candidates(text, self.pinyin_piece_bits, cand)
        if not cand:
            return 0
        if lit.field is None and not literal_chars and table.one_character(text):
            return cand  # one character read: holding one of its characters is the answer
        # narrow by the answer for the literal's prefix: reading one more letter only
        # ever removes matches (see reader.search.pinyin)
        for cut in range(len(text) - 1, 0, -1):
            known = self._pinyin_cache.get((lit.field, text[:cut]))
            if known is not None:
                cand &= upper_bound(known)
                break
        check()
        store = self.text_of(lit)
        sure = table.single_pieces(text, self.pinyin_piece_bits) & cand \
            if lit.field is None and not literal_chars else 0
        if lit.field is None:
            sure |= self._having_words(text, pattern, cand & ~sure) & cand
        verifier = table.verifier(text)  # (pattern's matches, found faster)
        return self._verified(cand, lambda indices: store.matching(indices, verifier), sure, PINYIN_COST)

    def _having_words(self, text: str, pattern: re.Pattern, unsure: int | None = None) -> int:
        """Articles that surely match the pinyin *pattern* of *text* without reading them:
        those having one of the commonest indexed words the pattern matches in (a word is
        its article's text). For a broad reading (``fanga``: 方案 in thousands of articles)
        this is most of the answer, known from a few postings instead of verifying texts.
        *unsure*: the candidates not known to match otherwise — words are taken, commonest
        first, while ``WORDS_WORTH`` or more of them are left: fewer cost less to verify
        than a word's postings (``jiao``: 交 alone is a match, 433 of 9,965 candidates
        left: no word is taken; the words are still found, for the next keystroke's)."""
        among = None
        for cut in range(len(text) - 1, 0, -1):  # the words of a prefix's reading: a superset
            among = self._words_cache.get(text[:cut])
            if among is not None:
                break
        words = self.data.words_matching(pattern, among)  # (commonest first)
        if words is None:
            return 0
        self._words_cache.put(text, words)
        bits = 0
        for word in words[:WORDS_TAKEN]:
            if unsure is not None and B.count(unsure & ~bits) < WORDS_WORTH:
                break
            bits |= self.data.postings("words", word)
        return bits

    def _typed_text_answer(self, lit: Lit, check: Check) -> int | Pending:
        text = lit.text
        chars = sorted(set(text) - {" "}, key=lambda ch: self.data.document_frequency("chars", ch))
        cand = self.data.all
        for ch in chars:
            cand &= self.data.postings("chars", ch)
            if not cand:
                return 0
        store = self.text_of(lit)
        if lit.field is None and len(text) == 1:
            return cand  # a single character: the postings are the answer
        # narrow by the answer for a shorter literal it contains (typing appends)
        for cut in range(len(text) - 1, 0, -1):
            known = self._typed_cache.get((lit.field, text[:cut]))
            if known is None:
                known = self._typed_cache.get((lit.field, text[-cut:]))
            if known is not None:
                cand &= upper_bound(known)
                break
        check()
        return self._verified(cand, lambda indices: store.containing(indices, lit))

    def _column(self, name: str) -> list[str]:
        return self.data.authors if F.FIELD[name].column == "authors" else self.data.sources

    def _field_matching(self, lit: Lit) -> int:
        """A field matched outside the text: a substring of a folded column (``author:``,
        ``source:``) or a test of each article (``date:``, ``paper:``, ``page:``)."""
        value, n = lit.text, self.data.n
        if F.FIELD[lit.field].column is not None:
            return B.from_indices((i for i, s in enumerate(self._column(lit.field)) if value in s), n)
        interval = F.day_interval(lit.field, value)
        if interval is not None:  # a day, month, year or range: a bisection of the articles by day
            return B.from_indices(self.data.days(lit.field).overlapping(*interval), n)
        test = F.matcher(lit.field, value)
        return B.from_indices((i for i, a in enumerate(self.data.articles) if test(a)), n)


def widened_by_synonyms(node, synonyms, expanded: dict):
    """*node* with each part that is a whole member of a synonym group widened to the
    group (``上外`` → 上外 OR 上海外国语大学); *expanded* gets part → the added parts."""
    if isinstance(node, Lit):
        if not F.in_text(node.field):
            return node
        others = synonyms.others(node.text)
        if not others:
            return node
        more = tuple(Lit(m, node.field, node.phrase) for m in others)
        expanded[node] = more
        return Or((node, *more))
    if isinstance(node, And):
        return And(tuple(widened_by_synonyms(c, synonyms, expanded) for c in node.children))
    if isinstance(node, Or):
        return Or(tuple(widened_by_synonyms(c, synonyms, expanded) for c in node.children))
    if isinstance(node, Not):
        return Not(widened_by_synonyms(node.child, synonyms, expanded))
    return node
