"""The article model: what a reader sees, searches and bookmarks."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Byline:
    """A credit line such as ``(高美梅、惠晓婧)``: the raw text and the names in it."""

    raw: str
    authors: tuple[str, ...]
    after: int = 0  # number of the article's paragraphs that precede it


@dataclass(frozen=True)
class Section:
    """A titled part of a multi-section feature (江阴, 宜兴 … of one 专题).

    ``start``/``end`` index the article's paragraphs (end exclusive).
    """

    headings: tuple[str, ...]
    start: int
    end: int
    authors: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return " · ".join(self.headings)


@dataclass(frozen=True)
class Dateline:
    """A month/day date (newspaper pages rarely print the year)."""

    month: int
    day: int
    end_day: int | None = None

    @property
    def iso(self) -> str:
        """``MM-DD`` (``MM-DD/MM-DD`` for a range) — sortable, year-less."""
        text = f"{self.month:02d}-{self.day:02d}"
        if self.end_day is not None:
            text += f"/{self.month:02d}-{self.end_day:02d}"
        return text

    @property
    def label(self) -> str:
        text = f"{self.month}月{self.day}日"
        if self.end_day is not None:
            text += f"至{self.end_day}日"
        return text


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    subtitles: tuple[str, ...]
    date: Dateline | None
    authors: tuple[str, ...]
    source: str  # file name of the page
    page: int  # position of the page in the corpus (0-based)
    order: int  # position of the article on its page (0-based)
    continued_from: int | None
    paragraphs: tuple[str, ...]
    sections: tuple[Section, ...] = ()
    bylines: tuple[Byline, ...] = ()
    marker: str = ""  # the literal continuation marker, e.g. "（上接第1版）"
    title_inferred: bool = False  # True when the page printed no headline for it

    @property
    def chars(self) -> int:
        """Characters of text (title, subtitles, headings, paragraphs)."""
        return sum(len(t) for t in self.texts())

    def texts(self) -> list[str]:
        """Title, subtitles, section headings and paragraphs in reading order."""
        out = [] if self.title_inferred else [self.title]
        out += list(self.subtitles)
        starts = {s.start: s for s in self.sections}
        for i, para in enumerate(self.paragraphs):
            if i in starts:
                out += list(starts[i].headings)
            out.append(para)
        return out

    def source_pieces(self) -> list[str]:
        """Every piece of page text this article was built from, in page order (for audits)."""
        out = [] if self.title_inferred else [self.title]
        out += list(self.subtitles) + [self.marker]
        starts = {s.start: s for s in self.sections}
        for i in range(len(self.paragraphs) + 1):
            out += [b.raw for b in self.bylines if b.after == i]
            if i in starts:
                out += list(starts[i].headings)
            if i < len(self.paragraphs):
                out.append(self.paragraphs[i])
        return out

    def section_of(self, paragraph: int) -> Section | None:
        for section in self.sections:
            if section.start <= paragraph < section.end:
                return section
        return None

    def to_summary(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "subtitles": list(self.subtitles),
            "date": self.date.iso if self.date else None,
            "date_label": self.date.label if self.date else None,
            "authors": list(self.authors),
            "source": self.source,
            # numbers as people see them (p1 is the first page): see the README's JSON contracts
            "page": self.page + 1,
            "order": self.order + 1,
            "continued_from": self.continued_from,
            "chars": self.chars,
        }

    def to_json(self) -> dict:
        data = self.to_summary()
        data["sections"] = [
            {
                "title": s.title,
                "headings": list(s.headings),
                "authors": list(s.authors),
                "paragraphs": [s.start + 1, s.end],  # its first and last ¶, as numbered on screen
            }
            for s in self.sections
        ]
        data["paragraphs"] = list(self.paragraphs)
        return data
