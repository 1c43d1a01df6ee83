"""All articles' normalised text in one string, with article boundaries.

One big string costs half the memory of a list of strings and lets C-speed ``str.find``
do the scanning: verifying that article *i* contains a literal is ``find`` within its
bounds, and finding *every* article that contains a very common literal is a ``find``
loop that jumps to the next article after each hit.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Iterable

from reader.search.query import Lit
from reader.search.span import _pattern

SEP = "\x1e"  # between articles; whitespace to the query lexer, so never inside a literal


class TextStore:
    def __init__(self, texts: Iterable[str] = (), *, _big: str | None = None, _bounds: list[int] | None = None):
        if _big is not None and _bounds is not None:
            self.big, bounds = _big, _bounds
        else:
            parts = list(texts)
            bounds = [0]
            for t in parts:
                bounds.append(bounds[-1] + len(t) + 1)
            self.big = SEP.join(parts) + SEP
        self.bounds = bounds
        self.n = len(bounds) - 1
        self.total_chars = len(self.big) - self.n
        self.avglen = max(1.0, self.total_chars / max(1, self.n))

    @classmethod
    def of_pieces(cls, pieces_per_text: Iterable[list[str]], fold) -> "TextStore":
        """The store of texts given as lists of pieces joined by newlines, folded by *fold*
        (a one-to-one character mapping) — built without a temporary string per text: one
        list of references to the pieces, one joined string, one folded copy. (Per-text
        temporaries of a 100k-article corpus stay resident as heap fragments: ~245 MB.)"""
        refs: list[str] = []
        bounds = [0]
        for pieces in pieces_per_text:
            start = len(refs)
            for k, piece in enumerate(pieces):
                if k:
                    refs.append("\n")
                refs.append(piece)
            refs.append(SEP)
            bounds.append(bounds[-1] + sum(map(len, refs[start:])))
        raw = "".join(refs)
        del refs
        big = fold(raw)
        del raw
        return cls(_big=big, _bounds=bounds)

    def text(self, i: int) -> str:
        return self.big[self.bounds[i] : self.bounds[i + 1] - 1]

    def length(self, i: int) -> int:
        return self.bounds[i + 1] - self.bounds[i] - 1

    def contains(self, i: int, lit: Lit) -> bool:
        if " " in lit.text:
            return self.search_pattern(i, _pattern(lit.text))
        return self.big.find(lit.text, self.bounds[i], self.bounds[i + 1] - 1) >= 0

    def count(self, i: int, lit: Lit) -> int:
        if " " in lit.text:
            return self.count_pattern(i, _pattern(lit.text))
        return self.big.count(lit.text, self.bounds[i], self.bounds[i + 1] - 1)

    def search_pattern(self, i: int, pattern) -> bool:
        return pattern.search(self.big, self.bounds[i], self.bounds[i + 1] - 1) is not None

    def count_pattern(self, i: int, pattern) -> int:
        return len(pattern.findall(self.big, self.bounds[i], self.bounds[i + 1] - 1))

    def scan_pattern(self, pattern) -> list[int]:
        """Every article with a match of a compiled *pattern* (which never matches SEP)."""
        out: list[int] = []
        big, bounds = self.big, self.bounds
        m = pattern.search(big)
        while m is not None:
            j = bisect_right(bounds, m.start()) - 1
            out.append(j)
            m = pattern.search(big, bounds[j + 1])
        return out

    def scan(self, lit: Lit) -> list[int]:
        """Every article containing *lit*, in order: one pass over the text."""
        if " " in lit.text:
            return self.scan_pattern(_pattern(lit.text))
        out: list[int] = []
        big, bounds = self.big, self.bounds
        needle = lit.text
        pos, j = big.find(needle), 0
        while pos >= 0:
            j = bisect_right(bounds, pos, j) - 1
            out.append(j)
            pos = big.find(needle, bounds[j + 1])
        return out
