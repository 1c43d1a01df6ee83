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


def _whole(t: Token, value: str, start_pos: int, start_char: int) -> Token:
    """The whole value as one token (Whoosh asks for this with tokenize=False)."""
    t.original = t.text = value
    t.boost = 1.0
    t.pos, t.startchar, t.endchar = start_pos, start_char, start_char + len(value)
    return t


class CharTokenizer(Tokenizer):
    """Each distinct non-whitespace character, once."""

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield _whole(t, value, start_pos, start_char)
            return
        for pos, ch in enumerate(sorted(set(value) - _SPACES)):
            t.original = t.text = ch
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = start_pos + pos
            yield t


_jieba = None


def jieba_instance(cache_dir=None):
    """jieba, with its dictionary cache in our cache folder (not the shared temp dir)."""
    global _jieba
    if _jieba is None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        if cache_dir is not None:
            from pathlib import Path

            Path(cache_dir).mkdir(parents=True, exist_ok=True)
            jieba.dt.tmp_dir = str(cache_dir)
            jieba.dt.cache_file = "jieba.cache"
        _jieba = jieba
    return _jieba


class JiebaTokenizer(Tokenizer):
    """Whole jieba words of the normalised text, with ordinal token positions."""

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield _whole(t, value, start_pos, start_char)
            return
        pos = start_pos
        for word, start, end in jieba_instance().tokenize(value, mode="default", HMM=True):
            if not _WORDLIKE.search(word):
                continue  # whitespace and punctuation
            t.original = t.text = word
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            pos += 1
            yield t
