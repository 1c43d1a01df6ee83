"""The prepared corpus data a search reads: the normalised text of every article, its
titles, authors and source pages (folded as text is), the index's postings as bitsets and
its document frequencies, and the pinyin readings of the corpus's characters.

Everything here is built on first use and kept, under one lock that every search layer
shares (the index's reader is not safe to use from two threads at once). A bitset is an
``int`` with bit *i* set for article *i* (:mod:`reader.search.bits`).
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Callable

from reader import cachenames, notices
from reader.corpus import Corpus
from reader.search import pinyin as P
from reader.search import regrow
from reader.search.readings import fuzzy_pairs
from reader.search.charsets import CharSets
from reader.search.lru import LRU
from reader.search.normalize import normalize
from reader.search.textstore import MappedTextStore, TextStore

MAP_TEXT_BYTES = 48 << 20  # page files (~16 M characters) above which the text is mapped, not held
MAX_WORDS = 2000  # words a pinyin literal is matched in, at most: beyond, they are not worth their postings


class PreparedCorpus:
    """One corpus, ready to be searched through its open Whoosh index *ix*.

    *cache_dir*: where the mapped text and the decoded character postings of a large
    corpus are kept (None: nothing is kept, the text is held in memory); *fuzzy_pinyin*:
    the fuzzy pinyin pairs the readings allow (``reader.search.pinyin.fuzzy_pairs``)."""

    def __init__(self, corpus: Corpus, ix, *, cache_dir=None, fuzzy_pinyin=(), previous=None):
        """*previous*: the PreparedCorpus of the corpus this one grew from (the archive read
        again): the text of its unchanged pages is taken from it, not read and folded again,
        and the character sets of its articles are remapped (:mod:`reader.search.regrow`)."""
        self.corpus = corpus
        self._previous = previous
        self._kept: list[int | None] | None = None  # each article's position in previous, if the same
        self._grown_from: CharSets | None = None  # previous's character sets, until ours are made
        if previous is not None:
            self._kept = regrow.kept_positions(previous.corpus, corpus)
            self._grown_from = previous._open_charsets()
        self.articles = corpus.articles
        self.n = len(self.articles)
        self.all = (1 << self.n) - 1  # every article
        self.ix = ix
        self.cache_dir = cache_dir
        self.lock = threading.RLock()  # taken by every search, and by whoever reads the index
        self._searcher = ix.searcher()
        self._reader = self._searcher.reader()
        docs = self._reader.doc_count_all()
        # an index of nothing (every page empty or unreadable) has no columns to read
        ids = self._reader.column_reader("id") if docs else []
        position = corpus.position
        self._doc2art = [-1 if self._reader.is_deleted(d) else _or_none(position(ids[d])) for d in range(docs)]
        self._leaves = list(_leaves(self._reader))
        self._text: TextStore | MappedTextStore | None = None
        self.titles = TextStore(normalize(" ".join([a.title, *a.subtitles])) for a in self.articles)
        self.authors = [normalize("\n".join(a.authors)) for a in self.articles]
        folded: dict[str, str] = {}  # one string per page, not per article
        self.sources = [folded.get(a.source) or folded.setdefault(a.source, normalize(a.source)) for a in self.articles]
        self._postings_cache = LRU(1024)
        self._word_cache = LRU(4096)  # text a pinyin reading matched → articles having it as a word
        self._fuzzy: tuple[str, ...] = fuzzy_pairs(fuzzy_pinyin)
        self._pinyin_table: P.PinyinTable | None = None
        self._reading_bits: dict[str, int] | None = None
        self._words: str | None = None  # every indexed word, one per line, commonest first (with the readings)
        self._pinyin_listeners: list[Callable[[], None]] = []
        self._charsets: CharSets | None = None
        self._charsets_tried = False
        self._text_path: Path | None = None
        self._days: dict = {}  # "date" / "issue" → DayIndex, made on first use

    # -- text -----------------------------------------------------------------------------
    @property
    def text(self) -> TextStore | MappedTextStore:
        """The normalised text of every article (built on first use: ~1 s per 10k articles):
        in memory, where finding is fastest, or, for corpora over ``MAP_TEXT_BYTES`` of
        pages, mapped from a cache file, so memory stays bounded as the archive grows."""
        if self._text is None:
            with self.lock:
                if self._text is None:
                    pages = sum(f.size for f in self.corpus.files)
                    pieces, fold, old = self._text_pieces()
                    if self.cache_dir is not None and pages > MAP_TEXT_BYTES:  # mapped from a file
                        from reader.search.index import open_text

                        self._text = open_text(self.corpus, self._text_file(), pieces, fold, old)
                        self._open_charsets()
                    else:
                        self._text = TextStore.of_pieces(
                            ((old.text(x),) if isinstance(x, int) else x for x in pieces), fold)
                    self._previous = None  # (let go of it)
        return self._text

    def _text_pieces(self):
        """(each article's text as pieces, the fold they need, the store an int stands for):
        from the pages, folded — or, where this corpus grew from *previous* (its text built),
        for each article of a page unchanged since, its number in *previous*'s store, which
        holds its text folded already (copied, not read from the pages and folded again: an
        added issue is searchable in seconds at 100k articles)."""
        previous = self._previous
        old = previous._text if previous is not None else None
        if old is None:
            return (a.texts() for a in self.articles), normalize, None
        kept = self._kept

        def pieces():
            for a, i in zip(self.articles, kept):
                yield i if i is not None else [normalize(piece) for piece in a.texts()]

        return pieces(), _same, old

    def release(self) -> None:
        """Let go of the pages of mapped files read so far (text, character postings):
        they stay in the kernel's page cache, so the next search maps them again for a
        few tens of milliseconds at 100k articles. The app calls this when typing pauses;
        between keystrokes the pages stay, and searches run at full speed."""
        text = self._text
        if text is not None and hasattr(text, "release"):
            text.release()
        if self._charsets is not None:
            self._charsets.release()

    def days(self, field: str):
        """The articles by their dates (``date``) or their issues' (``issue``): a DayIndex."""
        index = self._days.get(field)
        if index is None:
            from reader.search.dates import DayIndex

            index = self._days[field] = (DayIndex.of_issues if field == "issue" else DayIndex.of_dates)(self.articles)
        return index

    def _text_file(self) -> Path:
        """The cache file of this corpus version's text (its name hashes every article id:
        computed once)."""
        if self._text_path is None:
            from reader.search.index import text_file_for

            self._text_path = text_file_for(self.corpus, Path(self.cache_dir))
        return self._text_path

    def _charsets_file(self) -> Path | None:
        if self.cache_dir is None:
            return None
        from reader.search.schema import SCHEMA_VERSION

        return cachenames.charsets_file(self._text_file(), SCHEMA_VERSION)

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

    # -- postings -------------------------------------------------------------------------
    def postings(self, fieldname: str, term: str) -> int:
        """The articles whose index field *fieldname* (``chars``, ``words``) has *term*, as
        a bitset (kept: the next keystroke asks for the same characters)."""
        key = (fieldname, term)
        cached = self._postings_cache.get(key)
        if cached is not None:
            return cached
        result = self.read_postings(fieldname, term)
        self._postings_cache.put(key, result)
        return result

    def read_postings(self, fieldname: str, term: str) -> int:
        """:meth:`postings`, read again (from the character-set file if one is open, else
        from the index) and not kept."""
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

    def forget_postings(self) -> None:
        """Drop the postings kept (they are read again when next asked for)."""
        self._postings_cache.clear()

    def document_frequency(self, fieldname: str, term: str) -> int:
        """How many indexed articles have *term* in *fieldname* (0 for a term never seen)."""
        try:
            return self._reader.doc_frequency(fieldname, term)
        except Exception:
            return 0

    def is_word(self, text: str, i: int) -> bool:
        """Whether article *i* has *text* as a word (jieba's, as indexed)."""
        bits = self._word_cache.get(text)
        if bits is None:
            bits = self.read_postings("words", text) if self.document_frequency("words", text) > 0 else 0
            self._word_cache.put(text, bits)
        return bool(bits >> i & 1)

    def _lexicon(self, fieldname: str = "chars") -> list[str]:
        with self.lock:  # the index's reader is shared: its files' positions are not per thread
            return [t.decode("utf-8") if isinstance(t, bytes) else t for t in self._reader.lexicon(fieldname)]

    def words_matching(self, pattern: re.Pattern, among: list[str] | None = None,
                       limit: int = MAX_WORDS) -> list[str] | None:
        """The indexed words (jieba's) that *pattern* matches somewhere in — of *among*,
        or of every word once the readings are prepared — at most *limit* (None: more, or
        the words not known yet), commonest first. An article having such a word surely
        matches *pattern*: the word is its text."""
        if among is None:
            words = self._words
            if words is None:
                return None
        else:
            words = "\n".join(among) + "\n"
        found: dict[str, None] = {}
        for m in pattern.finditer(words):
            start = words.rfind("\n", 0, m.start()) + 1
            found[words[start : words.index("\n", m.end())]] = None
            if len(found) > limit:
                return None
        return list(found)

    # -- pinyin ---------------------------------------------------------------------------
    @property
    def pinyin_table(self) -> P.PinyinTable:
        """Readings of the corpus's characters (built on first use, ~0.1 s)."""
        table = self._pinyin_table  # (one look: set_fuzzy_pinyin, on another thread, may drop it)
        if table is None:
            with self.lock:
                if self._pinyin_table is None:
                    chars = self._lexicon()
                    chars.extend(normalize("".join(a.title for a in self.articles)))
                    self._pinyin_table = P.PinyinTable(set(chars), self._fuzzy)
                table = self._pinyin_table
        return table

    @property
    def fuzzy_pinyin(self) -> tuple[str, ...]:
        """Fuzzy pinyin pairs in use (``"z=zh"``, ``"an=ang"``…; none by default)."""
        return self._fuzzy

    def set_fuzzy_pinyin(self, pairs) -> None:
        """Use these fuzzy pairs (ValueError for one not offered): the readings are built
        again on the next pinyin search (or ``prepare_pinyin``), from the character
        postings kept in the cache (~1 s per 10k articles)."""
        pairs = fuzzy_pairs(pairs)
        if pairs == self._fuzzy:
            return
        with self.lock:
            self._fuzzy = pairs
            self._pinyin_table = None
            self._reading_bits = None
            self._pinyin_changed()

    def on_pinyin_change(self, forget: Callable[[], None]) -> None:
        """Call *forget* (under the lock) whenever the readings change — built at last, or
        dropped for other fuzzy pairs — so that answers computed from the old ones go."""
        self._pinyin_listeners.append(forget)

    def _pinyin_changed(self) -> None:
        for forget in self._pinyin_listeners:
            forget()

    @property
    def pinyin_ready(self) -> bool:
        return self._reading_bits is not None

    def prepare_pinyin(self, chunk: int = 32) -> None:
        """Build ``reading_bits``. The first time, every character's posting list is read
        from the index — taking the lock for *chunk* characters at a time, so searches
        typed meanwhile are not held up (in the app they match letters only as typed until
        this is done) — and kept in a file (:mod:`reader.search.charsets`) for next time."""
        if self._reading_bits is not None:
            return
        table = self.pinyin_table
        charsets = self._open_charsets()
        if charsets is not None:
            get = charsets.get
        else:
            per_char = self._grown_charsets()
            if per_char is None:
                lexicon = self._lexicon()
                per_char = {}
                for i in range(0, len(lexicon), chunk):
                    with self.lock:
                        for ch in lexicon[i : i + chunk]:
                            per_char[ch] = self.read_postings("chars", ch)
            path = self._charsets_file()
            if path is not None:
                try:
                    CharSets.write(path, self.n, per_char.items(), path.stem)
                    self._charsets = CharSets(path, self.n, path.stem)
                except (OSError, ValueError):
                    pass  # a read-only cache: next time reads the index again
            get = lambda ch: per_char.get(ch, 0)  # noqa: E731
        freq: dict[str, int] = {}  # every indexed word's document frequency, a segment at a time
        for _, leaf in self._leaves:
            with self.lock:  # (the index's reader is shared with the searches typed meanwhile)
                for w, info in leaf.iter_field("words"):
                    w = w.decode("utf-8") if isinstance(w, bytes) else w
                    freq[w] = freq.get(w, 0) + info.doc_frequency()
        words = "".join(w + "\n" for w in sorted(freq, key=lambda w: (-freq[w], w)) if "\n" not in w)  # commonest first
        del freq
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
        with self.lock:  # (not if the fuzzy pairs changed meanwhile: these are the old pairs' readings)
            if self._reading_bits is None and self._pinyin_table is table:
                self._words = words
                self._reading_bits = out
                self._pinyin_changed()  # answers cached while letters were read as typed only

    def _grown_charsets(self) -> dict[str, int] | None:
        """The articles holding each character, from the corpus this one grew from
        (:func:`reader.search.regrow.grown_charsets`); None when there is none."""
        old, self._grown_from = self._grown_from, None
        if old is None or self._kept is None:
            return None
        text = self.text  # (built from the kept positions too: before they are let go)
        kept, self._kept = self._kept, None
        return regrow.grown_charsets(old, kept, text)

    @property
    def reading_bits(self) -> dict[str, int]:
        """For each pinyin reading, the articles holding a character read so: a letter's
        candidates are then a few hundred bitset ORs instead of a posting list per
        character."""
        if self._reading_bits is None:
            self.prepare_pinyin()
        return self._reading_bits


def _or_none(position: int | None) -> int:
    return -1 if position is None else position


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


def _same(text: str) -> str:
    """The fold of text folded already."""
    return text
