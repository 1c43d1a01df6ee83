"""Whoosh analyzers for Chinese search-as-you-type.

``GramTokenizer`` indexes every character (n=1) or every pair of adjacent characters (n=2)
of the normalised text, so any substring — one character, half a word, a run across a
repaired column break — has postings to find it by. Each gram is emitted once per document:
the grams only select candidates, which are then verified against the text, so frequencies
and positions would be dead weight.

``JiebaTokenizer`` fixes what ``jieba.analyse.ChineseAnalyzer`` gets wrong: default mode
(whole words), single-character words and ASCII kept, positions counted in tokens (so
phrase queries work), no stemming, no stop words.
"""

from __future__ import annotations

import re

from whoosh.analysis import Token, Tokenizer

_SPACE = re.compile(r"\s+")
_WORDLIKE = re.compile(r"\w")


def _runs(text: str) -> list[str]:
    return [run for run in _SPACE.split(text) if run]


class GramTokenizer(Tokenizer):
    """Distinct character n-grams (n = 1 or 2) of whitespace-free runs."""

    def __init__(self, n: int = 1):
        self.n = n

    def __eq__(self, other):
        return type(other) is type(self) and other.n == self.n

    def grams(self, text: str) -> set[str]:
        if self.n == 1:
            return set(text) - set(" \t\r\n\u3000\x0b\x0c")
        grams: set[str] = set()
        for run in _runs(text):
            grams.update(run[i : i + 2] for i in range(len(run) - 1))
        return grams

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            t.pos = start_pos
            yield t
            return
        for pos, gram in enumerate(sorted(self.grams(value))):
            t.original = t.text = gram
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
            t.original = t.text = value
            t.boost = 1.0
            t.pos, t.startchar, t.endchar = start_pos, start_char, start_char + len(value)
            yield t
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
