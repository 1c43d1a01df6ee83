"""Search over an open index: candidates from Whoosh postings, verified as substrings,
ranked BM25-style, with exact match spans.

Per keystroke the work is:
1. each literal → the AND of the posting sets of its characters (Whoosh ``chars`` field,
   cached as bitsets), narrowed by the cached result of the literal's prefix — typing one
   more character only re-checks the articles that matched before;
2. candidates verified by substring in the normalised text (exact: no misses, no false
   hits); boolean structure (OR, NOT, fields) as bitset operations. A literal with many
   candidates is verified where needed (:mod:`reader.search.pending`): the query's
   answer is known as (sure, maybe) bounds until every candidate that matters is checked;
3. ranking: BM25 over substring occurrences, plus title and whole-word (jieba) boosts; a
   very broad query (more than ``RANK_ALL`` hits) ranks title matches first, then page
   order, scoring only what it shows;
4. snippets and spans for the hits shown only.

:meth:`SearchEngine.search_stages` — what the app runs per keystroke — answers a broad
query in two stages: first its first page, exact, once more than ``RANK_ALL`` matches and
the articles ranked before that page are verified (a few thousand finds); then the whole
answer, counted. At 100 000 articles a common literal's whole answer is ~100k finds
through ~100 M characters (~100 ms); its first page is ~15 ms.

A literal with Latin letters also matches by pinyin (``reader.search.pinyin``) unless
``pinyin`` is off: its regular expression is checked like a literal (candidates from the
postings of the characters it can read as, narrowed by the answer for its prefix), and
articles that hold the literal text itself rank above those that only match by pinyin.
"""

from __future__ import annotations

from bisect import bisect_right
import math
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from reader import notices
from reader.corpus import Article, Corpus
from reader.search import bits as B
from reader.search import pinyin as P
from reader.search.charsets import CharSets
from reader.search.facet import SORTS, Facet, facets, sort_order
from reader.search.fields import META_FIELDS
from reader.search.fields import matcher as field_matcher
from reader.search.normalize import normalize
from reader.search.pending import CHUNK, Pending, bounds, upper_bound
from reader.search.query import ALL, And, Lit, Not, Or, check_pinyin, parse, positive_literals
from reader.search.span import Span, find_all, merge
from reader.search.store import article_text
from reader.search.textstore import MappedTextStore, TextStore
from reader.search.units import units

MAP_TEXT_BYTES = 48 << 20  # page files (~16 M characters) above which the text is mapped, not held
RANK_ALL = 2000  # above this many hits, rank title matches first then page order
VERIFY_NOW = 4096  # a literal with more candidates than this is verified where needed (Pending)
SNIPPET_CHARS = 72
K1, B_ = 1.2, 0.75
TITLE_BOOST = 2.5
WORD_BOOST = 0.6


_SYNONYMS = "synonyms"  # in a search's memo: part typed → parts its synonyms added


class Cancelled(Exception):
    """A newer query superseded this one."""


@dataclass
class Hit:
    article: Article
    score: float
    matches: int
    snippet: str
    snippet_spans: list[tuple[int, int]]
    title_spans: list[tuple[int, int]] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "id": self.article.id,
            "title": self.article.title,
            "score": round(self.score, 4),
            "matches": self.matches,
            "snippet": self.snippet,
            "snippet_spans": [list(s) for s in self.snippet_spans],
            **{k: v for k, v in self.article.to_summary().items() if k in _PLACE_KEYS},
        }


_PLACE_KEYS = ("date", "source", "paper", "issue", "page", "page_name")  # where the hit is (README)


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


class _LRU(OrderedDict):
    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def get(self, key, default=None):
        if key in self:
            self.move_to_end(key)
            return self[key]
        return default

    def put(self, key, value):
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)


class SearchEngine:
    def __init__(self, corpus: Corpus, ix):
        self.corpus = corpus
        self.articles = corpus.articles
        self.n = len(self.articles)
        self.all = (1 << self.n) - 1
        self.ix = ix
        self._lock = threading.RLock()
        self._searcher = ix.searcher()
        self._reader = self._searcher.reader()
        pos = {a.id: i for i, a in enumerate(self.articles)}
        docs = self._reader.doc_count_all()
        # an index of nothing (every page empty or unreadable) has no columns to read
        ids = self._reader.column_reader("id") if docs else []
        self._doc2art = [
            -1 if self._reader.is_deleted(d) else pos.get(ids[d], -1)
            for d in range(docs)
        ]
        self._leaves = list(_leaves(self._reader))
        self._store: TextStore | None = None
        self._titles = TextStore(normalize(" ".join([a.title, *a.subtitles])) for a in self.articles)
        self._authors = [normalize("\n".join(a.authors)) for a in self.articles]
        folded: dict[str, str] = {}  # one string per page, not per article
        self._sources = [folded.get(a.source) or folded.setdefault(a.source, normalize(a.source)) for a in self.articles]
        self._index_of = {a.id: i for i, a in enumerate(self.articles)}
        self._char_cache = _LRU(1024)
        self._lit_cache = _LRU(512)
        self._py_cache = _LRU(512)
        self._class_cache = _LRU(256)
        self._word_cache = _LRU(4096)  # text a pinyin reading matched → articles having it as a word
        self._py_table: P.PinyinTable | None = None
        self._reading_bits: dict[str, int] | None = None
        self.pinyin = True  # Latin letters also match Chinese by pinyin
        self.synonyms = None  # reader.search.synonyms.Synonyms: a whole member finds the others
        self.use_synonyms = True
        self._fuzzy: tuple[str, ...] = ()  # fuzzy pinyin pairs (see fuzzy_pinyin)
        self.pinyin_in_background = False  # the app prepares readings after search opens
        self.cache_dir = None  # where jieba keeps its dictionary cache (for keywords)
        self._avglen = 1.0
        self._charsets: CharSets | None = None
        self._charsets_tried = False
        self._text_path: Path | None = None
        self.rank_all = RANK_ALL
        self.verify_now = VERIFY_NOW
        self.verify_chunk = CHUNK

    # -- data ---------------------------------------------------------------------------
    @property
    def store(self) -> TextStore | MappedTextStore:
        """The normalised text of every article (built on first use: ~1 s per 10k articles):
        in memory, where finding is fastest, or, for corpora over ``MAP_TEXT_BYTES`` of
        pages, mapped from a cache file, so memory stays bounded as the archive grows."""
        if self._store is None:
            with self._lock:
                if self._store is None:
                    pages = sum(f.size for f in self.corpus.files)
                    if self.cache_dir is not None and pages > MAP_TEXT_BYTES:  # mapped from a file
                        from reader.search.store import open_text

                        self._store = open_text(self.corpus, self._text_file())
                        self._open_charsets()
                    else:
                        self._store = TextStore.of_pieces((a.texts() for a in self.articles), normalize)
        return self._store

    def release(self) -> None:
        """Let go of the pages of mapped files read so far (text, character postings):
        they stay in the kernel's page cache, so the next search maps them again for a
        few tens of milliseconds at 100k articles. The app calls this when typing pauses;
        between keystrokes the pages stay, and searches run at full speed."""
        store = self._store
        if store is not None and hasattr(store, "release"):
            store.release()
        if self._charsets is not None:
            self._charsets.release()

    @property
    def pinyin_table(self) -> P.PinyinTable:
        """Readings of the corpus's characters (built on first use, ~0.1 s)."""
        if self._py_table is None:
            with self._lock:
                if self._py_table is None:
                    chars = [t.decode("utf-8") if isinstance(t, bytes) else t for t in self._reader.lexicon("chars")]
                    chars.extend(normalize("".join(a.title for a in self.articles)))
                    self._py_table = P.PinyinTable(set(chars), self._fuzzy)
        return self._py_table

    @property
    def fuzzy_pinyin(self) -> tuple[str, ...]:
        """Fuzzy pinyin pairs in use (``"z=zh"``, ``"an=ang"``…; none by default)."""
        return self._fuzzy

    @fuzzy_pinyin.setter
    def fuzzy_pinyin(self, pairs) -> None:
        """Use these fuzzy pairs (ValueError for one not offered): the readings are built
        again on the next pinyin search (or ``prepare_pinyin``), from the character
        postings kept in the cache (~1 s per 10k articles)."""
        pairs = P.fuzzy_pairs(pairs)
        if pairs == self._fuzzy:
            return
        with self._lock:
            self._fuzzy = pairs
            self._py_table = None
            self._reading_bits = None
            self._py_cache.clear()
            self._class_cache.clear()
            for key in [k for k in self._lit_cache if k[0] == "title-scan" and k[2]]:
                del self._lit_cache[key]

    def warm(self) -> None:
        """Do now what the first query would otherwise wait for: the text, the readings of
        the characters, and which articles hold each reading (~2 s per 10k articles)."""
        self.store  # noqa: B018
        self.prepare_pinyin()

    @property
    def pinyin_ready(self) -> bool:
        return self._reading_bits is not None

    def _text_file(self) -> Path:
        """The cache file of this corpus version's text (its name hashes every article id:
        computed once)."""
        if self._text_path is None:
            from reader.search.store import text_file_for

            self._text_path = text_file_for(self.corpus, Path(self.cache_dir))
        return self._text_path

    def _charsets_file(self) -> Path | None:
        if self.cache_dir is None:
            return None
        from reader.search.schema import SCHEMA_VERSION

        return self._text_file().with_suffix(f".s{SCHEMA_VERSION}.chars")

    def _open_charsets(self) -> CharSets | None:
        """The decoded character postings, if a previous run kept them."""
        if self._charsets is None and not self._charsets_tried:
            self._charsets_tried = True
            path = self._charsets_file()
            if path is not None:
                try:
                    self._charsets = CharSets(path, self.n, path.stem)
                except (OSError, ValueError) as exc:
                    self._charsets = None
                    if not isinstance(exc, FileNotFoundError):  # read from the index until rebuilt
                        path.unlink(missing_ok=True)
                        notices.notice(f"the character-set cache was unreadable ({exc}); "
                                       "dropped it: it is rebuilt from the index when next needed")
        return self._charsets

    def prepare_pinyin(self, chunk: int = 32) -> None:
        """Build ``reading_bits``. The first time, every character's posting list is read
        from the index — taking the engine's lock for *chunk* characters at a time, so
        searches typed meanwhile are not held up (while ``pinyin_in_background`` is set,
        they match letters only as typed until this is done) — and kept in a file
        (:mod:`reader.search.charsets`) for next time."""
        if self._reading_bits is not None:
            return
        table = self.pinyin_table
        charsets = self._open_charsets()
        if charsets is not None:
            get = charsets.get
        else:
            lexicon = [t.decode("utf-8") if isinstance(t, bytes) else t for t in self._reader.lexicon("chars")]
            per_char: dict[str, int] = {}
            for i in range(0, len(lexicon), chunk):
                with self._lock:
                    for ch in lexicon[i : i + chunk]:
                        per_char[ch] = self._postings_uncached("chars", ch)
            path = self._charsets_file()
            if path is not None:
                try:
                    CharSets.write(path, self.n, per_char.items(), path.stem)
                    self._charsets = CharSets(path, self.n, path.stem)
                except (OSError, ValueError):
                    pass  # a read-only cache: next time reads the index again
            get = lambda ch: per_char.get(ch, 0)  # noqa: E731
        out: dict[str, int] = {}
        for reading in table.syllables_all:
            bits = 0
            for ch in table.chars_of(reading):
                bits |= get(ch)
            out[reading] = bits
        if charsets is not None:
            charsets.release()
        else:
            del per_char
        with self._lock:
            if self._reading_bits is None:
                self._reading_bits = out
                self._lit_cache.clear()  # answers cached while letters were read as typed only
                self._py_cache.clear()

    @property
    def reading_bits(self) -> dict[str, int]:
        """For each pinyin reading, the articles holding a character read so: a letter's
        candidates are then a few hundred bitset ORs instead of a posting list per
        character."""
        if self._reading_bits is None:
            self.prepare_pinyin()
        return self._reading_bits

    def _reads(self, lit: Lit) -> bool:
        """Whether *lit* is also matched by pinyin in this search."""
        if not (self.pinyin and lit.field in (None, "title", "author") and P.has_letters(lit.text)):
            return False
        return self._reading_bits is not None or not self.pinyin_in_background

    def _postings(self, fieldname: str, term: str) -> int:
        key = (fieldname, term)
        cached = self._char_cache.get(key)
        if cached is not None:
            return cached
        result = self._postings_uncached(fieldname, term)
        self._char_cache.put(key, result)
        return result

    def _postings_uncached(self, fieldname: str, term: str) -> int:
        if fieldname == "chars" and self._open_charsets() is not None:
            return self._charsets.get(term)
        buf = bytearray((self.n + 7) >> 3)
        doc2art = self._doc2art
        for base, leaf in self._leaves:
            try:
                ids = _posting_ids(leaf, fieldname, term)
            except Exception:  # the term is not in this segment
                continue
            for d in ids:
                j = doc2art[base + d]
                if j >= 0:
                    buf[j >> 3] |= 1 << (j & 7)
        return int.from_bytes(buf, "little")

    def _df(self, fieldname: str, term: str) -> int:
        try:
            return self._reader.doc_frequency(fieldname, term)
        except Exception:
            return 0

    # -- evaluation ---------------------------------------------------------------------
    def _eval(self, node, check: Callable[[], None], memo: dict) -> tuple[int, int]:
        """(sure, maybe): the articles that surely match *node* and those that may, given
        what is verified so far of its literals' answers (kept in *memo* for this search:
        verifying more of a Pending there and evaluating again narrows *maybe*)."""
        if node is ALL:
            return self.all, 0
        if isinstance(node, Lit):
            return self._lit_bounds(node, check, memo)
        if isinstance(node, And):
            sure = upper = self.all
            # positives first
            for child in sorted(node.children, key=lambda c: isinstance(c, Not)):
                if isinstance(child, Not):
                    s, m = self._eval(child.child, check, memo)
                    sure &= ~(s | m)
                    upper &= ~s
                else:
                    s, m = self._eval(child, check, memo)
                    sure &= s
                    upper &= s | m
                if not upper:
                    return 0, 0
            return sure, upper & ~sure
        if isinstance(node, Or):
            sure = upper = 0
            for child in node.children:
                s, m = self._eval(child, check, memo)
                sure |= s
                upper |= s | m
            return sure, upper & ~sure
        if isinstance(node, Not):
            s, m = self._eval(node.child, check, memo)
            return self.all & ~(s | m), m
        raise TypeError(node)

    def _lit_bounds(self, lit: Lit, check: Callable[[], None], memo: dict) -> tuple[int, int]:
        key = ("text", lit.field, lit.text)
        if key not in memo:
            memo[key] = self._literal_state(lit, check)
        sure, maybe = bounds(memo[key])
        if self._reads(lit):
            key = ("pinyin", lit.field, lit.text)
            if key not in memo:
                memo[key] = self._py_state(lit, check)
            s, m = bounds(memo[key])
            sure |= s
            maybe = (maybe | m) & ~sure
        return sure, maybe

    def _resolve(self, node, memo: dict, within: int, check: Callable[[], None]) -> tuple[int, int]:
        """Verify the pending literals of *node* in *within*; its bounds again."""
        if within:
            for state in memo.values():
                if isinstance(state, Pending):
                    state.resolve(within, check)
        return self._eval(node, check, memo)

    def _lit(self, lit: Lit, check: Callable[[], None]) -> int:
        """Every article matching *lit* (as typed, or read as pinyin), verified."""
        result = self._literal(lit, check)
        if self._reads(lit):
            result |= self._py_lit(lit, check)
        return result

    def _literal_state(self, lit: Lit, check: Callable[[], None]) -> int | Pending:
        key = (lit.field, lit.text)
        cached = self._lit_cache.get(key)
        if cached is not None:
            return cached
        if lit.field in ("author", "source") or lit.field in META_FIELDS:
            result = self._meta(lit)
        else:
            result = self._text_lit(lit, check)
        self._lit_cache.put(key, result)
        return result

    def _literal(self, lit: Lit, check: Callable[[], None], within: int | None = None) -> int:
        """The articles holding *lit* as typed (of *within*, if given), verified."""
        return self._settled(self._literal_state(lit, check), self._lit_cache, lit, within, check)

    def _settled(self, state: int | Pending, cache: _LRU, lit: Lit, within: int | None,
                 check: Callable[[], None]) -> int:
        """A literal's answer (of *within*, if given), its pending part verified there; once
        verified everywhere, cached as known."""
        if isinstance(state, Pending):
            state.resolve(self.all if within is None else within, check)
            if not state.maybe:
                cache.put((lit.field, lit.text), state.sure)
            state = state.sure
        return state if within is None else state & within

    def _py_state(self, lit: Lit, check: Callable[[], None]) -> int | Pending:
        """Articles where *lit* matches by pinyin (its letters read as Chinese)."""
        key = (lit.field, lit.text)
        cached = self._py_cache.get(key)
        if cached is not None:
            return cached
        table = self.pinyin_table
        pattern = table.pattern(lit.text)
        if pattern is None:
            result = 0
        elif lit.field == "author":
            result = B.from_indices((i for i, a in enumerate(self._authors) if pattern.search(a)), self.n)
        else:
            result = self._py_text(lit, pattern, table, check)
        self._py_cache.put(key, result)
        return result

    def _py_lit(self, lit: Lit, check: Callable[[], None]) -> int:
        return self._settled(self._py_state(lit, check), self._py_cache, lit, None, check)

    def _verified(self, cand: int, verify: Callable[[list[int]], list[int]], sure: int = 0) -> int | Pending:
        """The answer among *cand* (of which *sure* is known to match): verified now if
        there are few, else Pending."""
        cand &= ~sure
        if B.count(cand) > self.verify_now:
            state = Pending(cand, verify, self.verify_chunk)
            state.sure = sure
            return state
        return B.from_indices(verify(B.to_list(cand)), self.n) | sure

    def _piece_bits(self, piece: str, final: bool) -> int:
        """Articles holding a character that one pinyin piece can stand for."""
        key = (piece, final)
        cached = self._class_cache.get(key)
        if cached is None:
            by_reading = self.reading_bits
            cached = 0
            for reading in self.pinyin_table.readings_for(piece, final):
                cached |= by_reading.get(reading, 0)
            self._class_cache.put(key, cached)
        return cached

    def _py_text(self, lit: Lit, pattern: re.Pattern, table: P.PinyinTable, check: Callable[[], None]) -> int | Pending:
        text = lit.text
        literal_chars = P.literal_chars(table.read_as(text))
        cand = self.all
        for ch in set(literal_chars):
            cand &= self._postings("chars", ch)
            if not cand:
                return 0
        cand = table.candidates(text, self._piece_bits, cand)
        if not cand:
            return 0
        if lit.field is None and not literal_chars and table.one_character(text):
            return cand  # one character read: holding one of its characters is the answer
        # narrow by the answer for the literal's prefix: reading one more letter only
        # ever removes matches (see reader.search.pinyin)
        for cut in range(len(text) - 1, 0, -1):
            known = self._py_cache.get((lit.field, text[:cut]))
            if known is not None:
                cand &= upper_bound(known)
                break
        check()
        store = self._titles if lit.field == "title" else self.store
        sure = table.single_pieces(text, self._piece_bits) & cand if lit.field is None and not literal_chars else 0
        return self._verified(cand, lambda indices: store.matching(indices, pattern), sure)

    def _text_lit(self, lit: Lit, check: Callable[[], None]) -> int | Pending:
        text = lit.text
        chars = sorted(set(text) - {" "}, key=lambda ch: self._df("chars", ch))
        cand = self.all
        for ch in chars:
            cand &= self._postings("chars", ch)
            if not cand:
                return 0
        store = self._titles if lit.field == "title" else self.store
        if lit.field is None and len(text) == 1:
            return cand  # a single character: the postings are the answer
        # narrow by the answer for a shorter literal it contains (typing appends)
        for cut in range(len(text) - 1, 0, -1):
            known = self._lit_cache.get((lit.field, text[:cut]))
            if known is None:
                known = self._lit_cache.get((lit.field, text[-cut:]))
            if known is not None:
                cand &= upper_bound(known)
                break
        check()
        return self._verified(cand, lambda indices: store.containing(indices, lit))

    def _meta(self, lit: Lit) -> int:
        value = lit.text
        if lit.field == "author":
            return B.from_indices((i for i, a in enumerate(self._authors) if value in a), self.n)
        if lit.field == "source":
            return B.from_indices((i for i, s in enumerate(self._sources) if value in s), self.n)
        test = field_matcher(lit.field, value)  # date:, paper:, page: (reader.search.fields)
        return B.from_indices((i for i, a in enumerate(self.articles) if test(a)), self.n)

    # -- public -------------------------------------------------------------------------
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
        if self.use_synonyms and self.synonyms is not None:
            node = self._with_synonyms(node, expanded)
        lits = positive_literals(node)
        memo: dict = {_SYNONYMS: expanded}
        used = [(typed.text, tuple(x.text for x in more)) for typed, more in expanded.items()]
        if first_page and limit and lits and sort in ("relevance", "page"):
            with self._lock:
                early = self._first_page(query, node, lits, memo, limit, sort, check)
            if early is not None:
                early.seconds = time.perf_counter() - started
                early.synonyms = used
                yield early
                check()
        with self._lock:
            whole = self._whole(query, node, lits, memo, limit, sort, check, started)
        whole.synonyms = used
        yield whole

    def _with_synonyms(self, node, expanded: dict):
        """*node* with each part that is a whole member of a synonym group widened to the
        group (``上外`` → 上外 OR 上海外国语大学); *expanded* gets part → the added parts."""
        if isinstance(node, Lit):
            if node.field not in (None, "title"):
                return node
            others = self.synonyms.others(node.text)
            if not others:
                return node
            more = tuple(Lit(m, node.field, node.phrase) for m in others)
            expanded[node] = more
            return Or((node, *more))
        if isinstance(node, And):
            return And(tuple(self._with_synonyms(c, expanded) for c in node.children))
        if isinstance(node, Or):
            return Or(tuple(self._with_synonyms(c, expanded) for c in node.children))
        if isinstance(node, Not):
            return Not(self._with_synonyms(node.child, expanded))
        return node

    def _whole(self, query: str, node, lits: list[Lit], memo: dict, limit: int | None, sort: str,
               check: Callable[[], None], started: float) -> Results:
        sure, maybe = self._eval(node, check, memo)
        if maybe:
            sure, maybe = self._resolve(node, memo, maybe, check)
        matched = sure
        check()
        total = B.count(matched)
        want = total if not limit else min(limit, total)
        if node is ALL or not lits:
            order, ranked = list(B.iter_bits(matched)), True
            scores: dict[int, float] = {}
        elif total > self.rank_all:
            order, ranked = self._broad_order(matched, lits, check, memo.get(_SYNONYMS)), False
            scores = {}
        else:
            tiers: dict[int, list[int]] = {}
            scores = self._scores(matched, lits, check, tiers)
            literal = self._literal_tiers(matched, lits, check, memo.get(_SYNONYMS))
            typed = self._typed_tiers(matched, memo.get(_SYNONYMS), check)
            none = (0, 0)
            order = sorted(scores, key=lambda i: (-typed.get(i, 0), -literal.get(i, 0),
                                                  *(-t for t in tiers.get(i, none)), -scores[i], i))
            ranked = True
        if sort != "relevance":
            order, ranked = sort_order(self.articles, order, sort), True
        hits = [self._hit(i, scores.get(i, 0.0), lits) for i in order[:want]]
        return Results(query, total, hits, lits, time.perf_counter() - started, ranked, order, sort)

    def _first_page(self, query: str, node, lits: list[Lit], memo: dict, limit: int, sort: str,
                    check: Callable[[], None]) -> Results | None:
        """The first *limit* hits of a broad query (over ``RANK_ALL`` matches: ordered by
        title match then page order, so no scores are needed), verifying only the
        candidates that come before them; None if the query is not broad."""
        sure, maybe = self._eval(node, check, memo)
        if B.count(sure | maybe) <= self.rank_all:
            return None
        # broad only if more than RANK_ALL surely match: verify in page order until so
        batch = 0
        while (short := self.rank_all + 1 - B.count(sure)) > 0:
            if not maybe:
                return None
            batch = max(2 * short, 2 * batch)  # (few matches among the candidates: few rounds)
            sure, maybe = self._resolve(node, memo, B.from_sorted(B.lowest(maybe, batch)), check)
        groups = self._broad_groups(sure | maybe, lits, check, memo.get(_SYNONYMS)) if sort == "relevance" \
            else [self.all]
        page: list[int] = []
        for group in groups:
            start, batch = 0, 2 * limit
            while len(page) < limit:
                unknown = B.lowest(maybe & group, 1, start)
                end = unknown[0] if unknown else self.n  # every member of the group before it is known
                page += B.lowest(sure & group & B.below(end), limit - len(page), start)
                if not unknown or len(page) >= limit:
                    break
                start = end
                sure, maybe = self._resolve(node, memo, B.from_sorted(B.lowest(maybe & group, batch, end)), check)
                batch *= 2
            if len(page) >= limit:
                break
        hits = [self._hit(i, 0.0, lits) for i in page]
        return Results(query, B.count(sure), hits, lits, 0.0, sort != "relevance", page, sort,
                       complete=False, counted=not maybe)

    def _broad_groups(self, matched: int, lits: list[Lit], check: Callable[[], None],
                      expanded: dict | None = None) -> list[int]:
        """The order of a broad answer, as groups of articles each listed in page order:
        literal matches of every part read as pinyin too (before pinyin-only ones) and of
        the parts typed (before their synonyms), and in each, title matches first.
        *matched* bounds the answer: verification of literals stays within it."""
        expanded = expanded or {}
        added = {x for more in expanded.values() for x in more}
        literal = self.all
        for lit in lits:
            if lit in added:
                continue
            if lit in expanded:
                literal &= self._lit(lit, check) & matched
            if self._reads(lit):
                literal &= self._literal(lit, check, within=matched)
        titled = self.all
        for lit in lits:
            if lit.field in (None, "title") and lit not in added:
                bits = self._title_bits(lit)
                for other in expanded.get(lit, ()):
                    bits |= self._title_bits(other)
                titled &= bits
        groups = [literal & titled, literal & ~titled & self.all]
        if literal != self.all:
            rest = self.all & ~literal
            groups += [rest & titled, rest & ~titled]
        return groups

    def related(self, article: Article, limit: int = 10):
        """(keywords, related articles) for *article*; never the article itself."""
        from reader.search.related import keywords, related

        words = keywords(self, article)  # (jieba's work outside the engine's lock: searches go on)
        return words, related(self, article, limit, words)

    def facets(self, results: Results) -> dict[str, list[Facet]]:
        """Authors, dates and source pages of every article in *results*, with counts."""
        return facets(self.articles, results.order)

    def hit(self, index: int, results: Results) -> Hit:
        """The hit (snippet, spans) for article *index* of *results* — for rows shown later."""
        return self._hit(index, 0.0, results.literals)

    def _typed_tiers(self, matched: int, expanded: dict | None, check) -> dict[int, int]:
        """For parts widened by synonyms: how many of them each article holds as typed —
        the form typed ranks above its synonyms."""
        tiers: dict[int, int] = {}
        for lit in expanded or ():
            for i in B.iter_bits(self._lit(lit, check) & matched):
                tiers[i] = tiers.get(i, 0) + 1
        return tiers

    def _literal_tiers(self, matched: int, lits: list[Lit], check, expanded: dict | None = None) -> dict[int, int]:
        """For queries read as pinyin too: how many of those parts each article holds as
        literal text — text typed ranks above what its pinyin reads as."""
        added = {x for more in (expanded or {}).values() for x in more}
        tiers: dict[int, int] = {}
        for lit in lits:
            if self._reads(lit) and lit not in added:
                for i in B.iter_bits(self._literal(lit, check, within=matched)):
                    tiers[i] = tiers.get(i, 0) + 1
        return tiers

    def _broad_order(self, matched: int, lits: list[Lit], check: Callable[[], None],
                     expanded: dict | None = None) -> list[int]:
        """Title matches first, then the rest, each in page order — without scoring.
        Literal matches of a part also read as pinyin come before pinyin-only ones."""
        out: list[int] = []
        for group in self._broad_groups(matched, lits, check, expanded):
            out += B.to_list(matched & group)
        return out

    def _title_bits(self, lit: Lit) -> int:
        """The articles whose title (or subtitles) holds *lit* — as typed, or read as pinyin
        if it is. Typing appends: the titles holding the literal's prefix (cached by the
        keystroke before) are the only ones to check."""
        reads = self._reads(lit)
        key = ("title-scan", lit.text, reads)
        cached = self._lit_cache.get(key)
        if cached is None:
            titles = self._titles
            pattern = self.pinyin_table.pattern(lit.text) if reads else None
            known = self._title_known(lit.text, reads)
            if known is None or B.count(known) * 8 > self.n:  # (one pass is cheaper than many finds)
                cached = B.from_indices(titles.scan(lit), self.n)
                if pattern is not None:
                    cached |= B.from_indices(titles.scan_pattern(pattern), self.n)
            else:
                indices = B.to_list(known)
                cached = B.from_indices(titles.containing(indices, lit), self.n)
                if pattern is not None:
                    cached |= B.from_indices(titles.matching(indices, pattern), self.n)
            self._lit_cache.put(key, cached)
        return cached

    def _title_known(self, text: str, reads: bool) -> int | None:
        """Cached title matches of a shorter literal that *text* contains — its prefix (and,
        without pinyin, its suffix): a superset of *text*'s own."""
        if " " in text:
            return None
        for cut in range(len(text) - 1, 0, -1):
            for part in (text[:cut],) if reads else (text[:cut], text[-cut:]):
                known = self._lit_cache.get(("title-scan", part, reads))
                if known is not None:
                    return known
        return None

    def _scores(self, matched: int, lits: list[Lit], check: Callable[[], None],
                tiers: dict[int, list[int]] | None = None) -> dict[int, float]:
        """BM25-style scores of *matched*. For parts read as pinyin, *tiers* (if given)
        gets, per article, [parts matched by a reading of whole syllables, parts matched
        by a reading that is a jieba word of the article] — ranked after literal text and
        before the score (先/西安 above 想 for ``xian``; 西安 the word above 东西安全)."""
        store, titles = self.store, self._titles
        stats = []
        nbytes = (self.n + 7) >> 3
        for lit in lits:
            if lit.field not in (None, "title"):
                continue
            df = max(1, B.count(self._lit(lit, check)))
            idf = math.log(1 + (self.n - df + 0.5) / (df + 0.5))
            words = self._postings("words", lit.text) if " " not in lit.text else 0
            in_title = self._title_bits(lit)
            pattern = whole = None
            if self._reads(lit):
                pattern = self.pinyin_table.pattern(lit.text)
                whole = self.pinyin_table.pattern(lit.text, whole=True)
                if whole is not None and pattern is not None and whole.pattern == pattern.pattern:
                    whole = True  # every reading is of whole syllables
            stats.append((lit, idf, words.to_bytes(nbytes, "little"), in_title.to_bytes(nbytes, "little"),
                          pattern, whole))
        avg = store.avglen
        scores: dict[int, float] = {}
        for k, i in enumerate(B.iter_bits(matched)):
            if k & 511 == 511:
                check()
            norm = K1 * (1 - B_ + B_ * store.length(i) / avg)
            byte, bit = i >> 3, 1 << (i & 7)
            s = 0.0
            for lit, idf, words, in_title, pattern, whole in stats:
                where = store if lit.field is None else titles
                tf = where.count(i, lit)
                if pattern is not None:
                    found = where.findall_pattern(i, pattern)
                    tf += len(found)
                    if found and tiers is not None:
                        tier = tiers.setdefault(i, [0, 0])
                        if whole is True or (whole is not None and where.search_pattern(i, whole)):
                            tier[0] += 1
                        if any(self._is_word(w, i) for w in set(found) if len(w) > 1):
                            tier[1] += 1
                s += idf * tf * (K1 + 1) / (tf + norm)
                if in_title[byte] & bit:
                    s += TITLE_BOOST * idf
                if words[byte] & bit:
                    s += WORD_BOOST * idf
            scores[i] = s
        return scores

    def _is_word(self, text: str, i: int) -> bool:
        """Whether article *i* has *text* as a word (jieba's, as indexed)."""
        bits = self._word_cache.get(text)
        if bits is None:
            bits = self._postings_uncached("words", text) if self._df("words", text) > 0 else 0
            self._word_cache.put(text, bits)
        return bool(bits >> i & 1)

    def _hit(self, i: int, score: float, lits: list[Lit]) -> Hit:
        article = self.articles[i]
        all_units = units(article)
        spans = self.spans(article, lits, i, all_units)
        matches = len(spans)
        snippet, snippet_spans = self._snippet(all_units, spans)
        title_spans = [(sp.start, sp.end) for sp in spans if sp.unit == 0]
        return Hit(article, score, matches, snippet, snippet_spans, title_spans)

    def spans(self, article: Article, lits_or_query, index: int | None = None, all_units=None) -> list[Span]:
        """Every match of the query in the article: (unit, start, end), merged, exact.

        Matches are found once in the article's normalised text and mapped to units by
        their boundaries; offsets are valid in the original text (normalisation keeps
        lengths)."""
        lits = positive_literals(parse(lits_or_query)) if isinstance(lits_or_query, str) else lits_or_query
        body = [l for l in lits if l.field is None]
        title_only = [l for l in lits if l.field == "title"]
        if not body and not title_only:
            return []
        if index is None:
            index = self._index_of.get(article.id)
        text = self.store.text(index) if index is not None else article_text(article)
        all_units = all_units or units(article)
        first = 1 if article.title_inferred else 0  # an inferred title is not in the text
        starts, pos = [], 0
        for u in all_units[first:]:
            starts.append(pos)
            pos += len(u.text) + 1
        per_unit: dict[int, list[tuple[int, int]]] = {}
        n_titles = 1 + len(article.subtitles) - first
        for lit in body + title_only:
            for s, e in self._find_all(text, lit):
                u = bisect_right(starts, s) - 1
                if lit.field == "title" and u >= n_titles:
                    continue
                per_unit.setdefault(u + first, []).append((s - starts[u], e - starts[u]))
        if first:
            norm = normalize(article.title)
            for lit in body + title_only:
                per_unit.setdefault(0, []).extend(self._find_all(norm, lit))
        return [Span(u, s, e) for u in sorted(per_unit) for s, e in merge(per_unit[u])]

    def _find_all(self, text: str, lit: Lit) -> list[tuple[int, int]]:
        """Every match of *lit* in normalised *text*: as typed, and read as pinyin."""
        found = find_all(text, lit)
        if self._reads(lit) and (pattern := self.pinyin_table.pattern(lit.text)) is not None:
            found += [m.span() for m in pattern.finditer(text)]
        return found

    def _snippet(self, all_units, spans: list[Span]) -> tuple[str, list[tuple[int, int]]]:
        body_spans = [s for s in spans if all_units[s.unit].kind == "paragraph"]
        if not body_spans:
            first = next((u for u in all_units if u.kind == "paragraph"), None)
            text = first.text if first else ""
            return _clip(text, 0, min(len(text), SNIPPET_CHARS)), []
        # the paragraph with the most matches; in it, a window starting shortly before the first
        by_unit: dict[int, list[Span]] = {}
        for s in body_spans:
            by_unit.setdefault(s.unit, []).append(s)
        unit = max(by_unit, key=lambda u: (len(by_unit[u]), -u))
        text = all_units[unit].text
        first = by_unit[unit][0]
        start = max(0, first.start - 16)
        end = min(len(text), start + SNIPPET_CHARS)
        start = max(0, min(start, end - SNIPPET_CHARS))
        snippet = _clip(text, start, end)
        offset = 1 if start > 0 else 0  # the leading ellipsis
        spans_out = [
            (max(s.start, start) - start + offset, min(s.end, end) - start + offset)
            for s in by_unit[unit]
            if s.end > start and s.start < end
        ]
        return snippet, spans_out


def _clip(text: str, start: int, end: int) -> str:
    return ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")


def _leaves(reader):
    """(docnum offset, segment reader) pairs."""
    if hasattr(reader, "leaf_readers"):
        for leaf, offset in reader.leaf_readers():
            yield offset, leaf
    else:
        yield 0, reader


def _posting_ids(leaf, fieldname: str, term: str):
    """All docnums of a term in one segment, a block at a time (Whoosh 2.7's W3 codec),
    falling back to the generic matcher API."""
    matcher = leaf.postings(fieldname, term)
    deleted = None
    if hasattr(matcher, "child") and not hasattr(matcher, "_read_ids"):
        deleted = getattr(matcher, "_ids", None)
        matcher = matcher.child
    if not hasattr(matcher, "_read_ids"):
        return list(leaf.postings(fieldname, term).all_ids())
    out: list[int] = []
    while not matcher._atend and matcher._i < matcher._blocklength:
        if matcher._ids is None:
            matcher._read_ids()
        out.extend(matcher._ids)
        if matcher._lastblock:
            break
        matcher._goto(matcher._nextoffset)
    if deleted:
        out = [d for d in out if d not in deleted]
    return out
