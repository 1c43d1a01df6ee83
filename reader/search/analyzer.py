"""Whoosh analyzers for Chinese search-as-you-type.

``CharTokenizer`` indexes every character of the normalised text, once per document, so any
substring — one character, half a word, a run across a repaired column break — has postings
to select candidates by; candidates are then verified against the text, so frequencies and
positions would be dead weight. (Character bigrams were measured too: they made Whoosh write
~2.5x more postings for little gain, since candidates are verified anyway.)

``JiebaTokenizer`` fixes what ``jieba.analyse.ChineseAnalyzer`` gets wrong: default mode
(whole words), single-character words and ASCII kept, positions counted in tokens (so
phrase queries work), no stemming, no stop words.
"""

from __future__ import annotations

import re
import threading

from whoosh.analysis import Token, Tokenizer

from reader.search import words as _words

SPACES = frozenset(" \t\r\n\u3000\x0b\x0c\x1e")  # not indexed as characters
_WORDLIKE = re.compile(r"\w")


class _PieceTokenizer(Tokenizer):
    """A Whoosh tokenizer over ``pieces(value)``: (text, start, end) triples, with positions
    counted in pieces."""

    def __eq__(self, other):
        return type(other) is type(self)

    def pieces(self, value: str):
        raise NotImplementedError

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pieces = self.pieces(value) if tokenize else [(value, 0, len(value))]
        for pos, (text, start, end) in enumerate(pieces, start=start_pos):
            t.original = t.text = text
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t


class CharTokenizer(_PieceTokenizer):
    """Each distinct non-whitespace character, once (character offsets are not kept)."""

    def pieces(self, value: str):
        return ((ch, 0, 0) for ch in sorted(set(value) - SPACES))


_jieba = None


def jieba_instance(cache_dir=None):
    """jieba, with its prefix dictionary cached in our cache folder (:func:`_prefix_dict`)
    rather than in jieba's own cache (a marshal file in the shared temp dir)."""
    global _jieba
    if _jieba is None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        if cache_dir is None:
            from reader import paths

            cache_dir = paths.cache_dir()
        jieba.dt.tmp_dir = str(cache_dir)  # (were jieba to build a cache of its own: never the shared temp dir)
        _prefix_dict(jieba, cache_dir)
        _jieba = jieba
    return _jieba


DICT_KIND, DICT_FORMAT = "jieba-dictionary", 1


def _prefix_dict(jieba, cache_dir) -> None:
    """Give jieba its prefix dictionary (every word and prefix of its default dictionary,
    with frequencies: ~2 s to build) from ``jieba-dict.cache``: the words as UTF-8 text and
    their frequencies as an array, in a :mod:`reader.cachefile` frame, checked whole — so
    jieba never reads a cache of its own. Built and written when missing or damaged (the
    latter with a notice)."""
    from array import array
    from pathlib import Path

    from reader import cachefile, notices

    dt = jieba.dt
    if dt.initialized or dt.dictionary is not None:  # a custom dictionary: jieba's own way
        return
    path = Path(cache_dir) / "jieba-dict.cache"
    source = f"jieba {getattr(jieba, '__version__', '?')} default dictionary"
    freq = None
    try:
        header, payload = cachefile.read(path, DICT_KIND, DICT_FORMAT, source)
        split = header["words"]
        words = payload[:split].decode("utf-8").split("\n")
        counts = array("q")
        counts.frombytes(payload[split:])
        if len(words) != len(counts) or not isinstance(header.get("total"), int):
            raise cachefile.Damaged(f"{path.name}: inconsistent")
        freq, total = dict(zip(words, counts)), header["total"]
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError, TypeError) as exc:
        notices.notice(f"the word-segmentation dictionary cache was unreadable ({exc}); rebuilt it")
    with dt.lock:
        if dt.initialized:
            return
        if freq is None:
            freq, total = dt.gen_pfdict(dt.get_dict_file())
            words = "\n".join(freq).encode("utf-8")
            if not any("\n" in word for word in freq):  # (none does)
                try:
                    from reader.paths import private_mkdir

                    private_mkdir(cache_dir)
                    with cachefile.writing(path, DICT_KIND, DICT_FORMAT, source) as w:
                        w.write(words)
                        w.write(array("q", freq.values()).tobytes())
                        w.header.update(words=len(words), total=total)
                    (Path(cache_dir) / "jieba.cache").unlink(missing_ok=True)  # jieba's own, from older versions
                except OSError:
                    pass  # a read-only cache: built again next time
        dt.FREQ, dt.total = freq, total
        dt.initialized = True


_tokenizers: dict = {}  # digest → a private jieba tokenizer that knows the custom words
_custom_lock = threading.Lock()


def use_custom_words(words) -> None:
    """Cut words with *words* (reader.search.words.CustomWords; empty or None: jieba's
    dictionary alone) from now on, everywhere in this process — the index's words, keywords
    and related articles. jieba's own tokenizer is never changed: custom words go into a
    private copy of it."""
    _words.use(words)


def custom_words():
    """The custom words in use (reader.search.words.CustomWords; empty when none)."""
    return _words.in_use()


def tokenizer(cache_dir=None):
    """The jieba tokenizer words are cut with: jieba's default one, or — with custom words —
    a private copy of its dictionary that also holds them (built once per set of words)."""
    base = jieba_instance(cache_dir).dt
    words = _words.chosen()
    if words is None:
        return base
    key = words.digest
    tok = _tokenizers.get(key)
    if tok is None:
        with _custom_lock:
            tok = _tokenizers.get(key)
            if tok is None:
                import jieba

                base.check_initialized()
                tok = jieba.Tokenizer()
                tok.tmp_dir = base.tmp_dir
                with base.lock:
                    tok.FREQ, tok.total = dict(base.FREQ), base.total
                tok.initialized = True
                for w in words.words:
                    tok.add_word(w.text, w.freq, w.tag)
                _tokenizers.clear()  # (one set of words at a time: each copy is ~60 MB)
                _tokenizers[key] = tok
    return tok


class JiebaTokenizer(_PieceTokenizer):
    """Whole jieba words of the normalised text, with ordinal token positions."""

    def pieces(self, value: str):
        for word, start, end in tokenizer().tokenize(value, mode="default", HMM=True):
            if _WORDLIKE.search(word):  # not whitespace or punctuation
                yield word, start, end
