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

from whoosh.analysis import Token, Tokenizer

_SPACES = frozenset(" \t\r\n\u3000\x0b\x0c\x1e")
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
        return ((ch, 0, 0) for ch in sorted(set(value) - _SPACES))


_jieba = None


def jieba_instance(cache_dir=None):
    """jieba, with its dictionary cache in our cache folder (not the shared temp dir)."""
    global _jieba
    if _jieba is None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        if cache_dir is not None:
            from reader.paths import private_mkdir

            private_mkdir(cache_dir)
            jieba.dt.tmp_dir = str(cache_dir)
            jieba.dt.cache_file = "jieba.cache"
        _jieba = jieba
    return _jieba


class JiebaTokenizer(_PieceTokenizer):
    """Whole jieba words of the normalised text, with ordinal token positions."""

    def pieces(self, value: str):
        for word, start, end in jieba_instance().tokenize(value, mode="default", HMM=True):
            if _WORDLIKE.search(word):  # not whitespace or punctuation
                yield word, start, end
