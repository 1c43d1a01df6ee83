"""What a hit shows: every match of a query in an article as spans over its units (title,
subtitles, paragraphs …), and a snippet of the paragraph with the most matches.

Matches are found once in the article's normalised text — as typed, and read as pinyin —
and mapped to units by their boundaries; offsets are valid in the original text
(normalisation keeps lengths). Only the hits shown are built.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from reader.corpus import Article
from reader.search.index import article_text
from reader.search.literals import Literals
from reader.search.normalize import normalize
from reader.search.query import Lit, parse, positive_literals
from reader.search.span import Span, find_all, merge
from reader.search.units import units

SNIPPET_CHARS = 72
_PLACE_KEYS = ("date", "source", "paper", "issue", "page", "page_name")  # where the hit is (README)


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


class Hits:
    """Hits, spans and snippets of the articles of the corpus *literals* evaluates over."""

    def __init__(self, literals: Literals):
        self.literals = literals
        self.data = literals.data

    def hit(self, i: int, score: float, lits: list[Lit]) -> Hit:
        """Article *i* as a hit of a query of *lits*: its matches counted, its snippet."""
        article = self.data.articles[i]
        all_units = units(article)
        spans = self.spans(article, lits, i, all_units)
        snippet, snippet_spans = snippet_of(all_units, spans)
        title_spans = [(sp.start, sp.end) for sp in spans if sp.unit == 0]
        return Hit(article, score, len(spans), snippet, snippet_spans, title_spans)

    def spans(self, article: Article, lits_or_query, index: int | None = None, all_units=None) -> list[Span]:
        """Every match of the query in the article: (unit, start, end), merged, exact.
        *index*: the article's position in the corpus, if known."""
        lits = positive_literals(parse(lits_or_query)) if isinstance(lits_or_query, str) else lits_or_query
        body = [l for l in lits if l.field is None]
        title_only = [l for l in lits if l.field == "title"]
        if not body and not title_only:
            return []
        if index is None:
            index = self.data.corpus.position(article.id)
        text = self.data.text.text(index) if index is not None else article_text(article)
        all_units = all_units or units(article)
        first = 1 if article.title_inferred else 0  # an inferred title is not in the text
        starts, pos = [], 0
        for u in all_units[first:]:
            starts.append(pos)
            pos += len(u.text) + 1
        per_unit: dict[int, list[tuple[int, int]]] = {}
        n_titles = 1 + len(article.subtitles) - first
        for lit in body + title_only:
            for s, e in self.matches_in(text, lit):
                u = bisect_right(starts, s) - 1
                if lit.field == "title" and u >= n_titles:
                    continue
                per_unit.setdefault(u + first, []).append((s - starts[u], e - starts[u]))
        if first:
            norm = normalize(article.title)
            for lit in body + title_only:
                per_unit.setdefault(0, []).extend(self.matches_in(norm, lit))
        return [Span(u, s, e) for u in sorted(per_unit) for s, e in merge(per_unit[u])]

    def matches_in(self, text: str, lit: Lit) -> list[tuple[int, int]]:
        """Every match of *lit* in normalised *text*, as (start, end): as typed, and read as pinyin."""
        found = find_all(text, lit)
        if self.literals.reads_pinyin(lit) and (pattern := self.data.pinyin_table.pattern(lit.text)) is not None:
            found += [m.span() for m in pattern.finditer(text)]
        return found


def snippet_of(all_units, spans: list[Span]) -> tuple[str, list[tuple[int, int]]]:
    """(snippet, its spans): a window of the paragraph with the most matches, starting
    shortly before the first; the first paragraph's start if no paragraph matches."""
    body_spans = [s for s in spans if all_units[s.unit].kind == "paragraph"]
    if not body_spans:
        first = next((u for u in all_units if u.kind == "paragraph"), None)
        text = first.text if first else ""
        return clipped(text, 0, min(len(text), SNIPPET_CHARS)), []
    by_unit: dict[int, list[Span]] = {}
    for s in body_spans:
        by_unit.setdefault(s.unit, []).append(s)
    unit = max(by_unit, key=lambda u: (len(by_unit[u]), -u))
    text = all_units[unit].text
    first = by_unit[unit][0]
    start = max(0, first.start - 16)
    end = min(len(text), start + SNIPPET_CHARS)
    start = max(0, min(start, end - SNIPPET_CHARS))
    snippet = clipped(text, start, end)
    offset = 1 if start > 0 else 0  # the leading ellipsis
    spans_out = [
        (max(s.start, start) - start + offset, min(s.end, end) - start + offset)
        for s in by_unit[unit]
        if s.end > start and s.start < end
    ]
    return snippet, spans_out


def clipped(text: str, start: int, end: int) -> str:
    """``text[start:end]``, with an ellipsis on each side where text was cut."""
    return ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")
