"""Match spans: exact (start, end) offsets of query matches in an article's text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reader.search.query import Lit


@dataclass(frozen=True, order=True)
class Span:
    """Characters ``[start, end)`` of one text unit of an article.

    ``unit`` indexes ``reader.search.units.units(article)``: title, subtitles, section
    headings and paragraphs in reading order (``Article.parts()``).
    """

    unit: int
    start: int
    end: int


@lru_cache(maxsize=512)
def _pattern(text: str) -> re.Pattern:
    return re.compile(r"[ \t\u3000]+".join(re.escape(p) for p in text.split(" ")))


def find_all(haystack: str, lit: Lit) -> list[tuple[int, int]]:
    """Every occurrence of *lit* in normalised *haystack* (overlapping ones included)."""
    needle = lit.text
    if not needle:
        return []
    if " " in needle:
        out, pos = [], 0
        pattern = _pattern(needle)
        while (m := pattern.search(haystack, pos)) is not None:
            out.append((m.start(), m.end()))
            pos = m.start() + 1
        return out
    out, pos = [], haystack.find(needle)
    while pos >= 0:
        out.append((pos, pos + len(needle)))
        pos = haystack.find(needle, pos + 1)
    return out


def merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, overlapping or touching ranges merged."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(ranges):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out
