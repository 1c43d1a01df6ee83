"""The article model: what a reader sees, searches and bookmarks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

# the kinds of an article's parts (Article.parts), in the order they first come
TITLE, SUBTITLE, MARKER, BYLINE, HEADING, PARAGRAPH = "title", "subtitle", "marker", "byline", "heading", "paragraph"


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
    """A date as a page prints it: month and day (a range ``6月2日至5日`` has an end day, one
    across months ``6月30日至7月2日`` an end month too); the year as printed
    (``2023年12月30日``), or else the one the page's issue date gives (:meth:`in_issue`)."""

    month: int
    day: int
    end_day: int | None = None
    year: int | None = None
    end_month: int | None = None  # a range's last month, when not *month*

    @property
    def _last(self) -> tuple[int | None, int, int]:
        """The range's last day as (year, month, day): the next year's for 12月30日至1月2日."""
        month = self.end_month or self.month
        year = self.year
        if year is not None and month < self.month:
            year += 1
        return year, month, self.end_day or self.day

    @property
    def iso(self) -> str:
        """``YYYY-MM-DD`` (``…/YYYY-MM-DD`` for a range) with a year, else ``MM-DD``."""
        head = f"{self.year:04d}-" if self.year is not None else ""
        text = f"{head}{self.month:02d}-{self.day:02d}"
        if self.end_day is not None:
            year, month, day = self._last
            text += f"/{f'{year:04d}-' if year is not None else ''}{month:02d}-{day:02d}"
        return text

    @property
    def label(self) -> str:
        text = f"{self.year}年" if self.year is not None else ""
        text += f"{self.month}月{self.day}日"
        if self.end_day is not None:
            text += f"至{self.end_month}月{self.end_day}日" if self.end_month else f"至{self.end_day}日"
        return text

    @property
    def start(self) -> date | None:
        return date(self.year, self.month, self.day) if self.year is not None else None

    @property
    def end(self) -> date | None:
        year, month, day = self._last
        return date(year, month, day) if year is not None else None

    def holds(self, month: int, day: int | None) -> bool:
        """Whether month *month* (day *day*, if given) is in this date or range, any year."""
        last_month, last_day = self.end_month or self.month, self.end_day or self.day
        if last_month == self.month:
            return month == self.month and (day is None or self.day <= day <= last_day)
        if month == self.month:
            return day is None or day >= self.day
        if month == last_month:
            return day is None or day <= last_day
        return (month - self.month) % 12 < (last_month - self.month) % 12

    @classmethod
    def of(cls, day: date) -> "Dateline":
        return cls(day.month, day.day, None, day.year)

    def in_issue(self, issue: date | None) -> "Dateline":
        """This date with its year: the one printed, or else from *issue* — the latest such
        date on or before the issue (a 12月27日 dateline in a 2024-01-02 issue is
        2023-12-27). Without either, yearless."""
        if issue is None or self.year is not None:
            return self
        year = issue.year if (self.month, self.day) <= (issue.month, issue.day) else issue.year - 1
        for y in range(year, year - 9, -1):  # 2月29日 belongs to a leap year
            placed = Dateline(self.month, self.day, self.end_day, y, self.end_month)
            try:
                placed.start, placed.end  # noqa: B018 — both days exist in that year
            except ValueError:
                continue
            return placed
        return self


@dataclass(frozen=True)
class Part:
    """One piece of an article's text, as :meth:`Article.parts` walks them."""

    kind: str  # TITLE, SUBTITLE, HEADING or PARAGRAPH (and with printed=True MARKER, BYLINE)
    index: int  # the paragraph's number for a paragraph, else its position among its kind
    text: str
    section: Section | None = None  # of a heading: the section it heads


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    subtitles: tuple[str, ...]
    date: Dateline | None
    authors: tuple[str, ...]
    source: str  # the page file's path relative to the corpus root (its name, in a flat folder)
    page: int  # position of the page file in the corpus (0-based): an order, never a 版次
    order: int  # position of the article on its page (0-based)
    continued_from: int | None
    paragraphs: tuple[str, ...]
    sections: tuple[Section, ...] = ()
    bylines: tuple[Byline, ...] = ()
    marker: str = ""  # the literal continuation marker, e.g. "（上接第1版）"
    title_inferred: bool = False  # True when the page printed no headline for it
    # what the page's place in the archive says (reader.corpus.layout); None: not known
    paper: str | None = None
    issue: date | None = None  # the issue date
    page_no: int | None = None  # 版次
    page_name: str | None = None  # 版名
    dateline: Dateline | None = None  # as printed (no year); ``date`` is it in its issue
    continues_to: int | None = None  # the 版 a closing ``（下转第5版）`` sends the reader to

    @property
    def page_label(self) -> str:
        """``第3版 要闻`` / ``A3版`` when the page is numbered, else ""."""
        if self.page_no is None:
            return ""
        text = f"第{self.page_no}版"
        return f"{text} {self.page_name}" if self.page_name else text

    @property
    def place(self) -> str:
        """Where a page number would be shown: paper and 版 as known (``无锡日报 第3版 要闻``),
        the file's name (without .txt) where the page has no 版次."""
        parts = [self.paper] if self.paper else []
        if self.page_no is not None:
            parts.append(self.page_label)
        else:
            name = self.source.rsplit("/", 1)[-1]
            parts.append(name[:-4] if name.endswith(".txt") else name)
        return " ".join(parts)

    @property
    def where(self) -> str:
        """Paper, issue and page as known (``无锡日报 2024-06-07 第3版``), else the source."""
        parts = [p for p in (self.paper, self.issue.isoformat() if self.issue else None,
                             f"第{self.page_no}版" if self.page_no is not None else None) if p]
        return " ".join(parts) if parts else self.source

    @property
    def chars(self) -> int:
        """Characters of text (title, subtitles, headings, paragraphs)."""
        return sum(len(t) for t in self.texts())

    def parts(self, printed: bool = False) -> Iterator[Part]:
        """The article's parts in reading order — the one walk over an article, which its
        searchable text (:meth:`texts`), the units spans index (``reader.search.units``),
        ``reader show`` and audits (:meth:`source_pieces`) all read: the title (also an
        inferred one: see ``title_inferred``), the subtitles, then the paragraphs, each
        section's headings before its first paragraph.

        With *printed*, also what the page printed beside the text: the continuation marker
        after the subtitles, and each byline before the paragraph it precedes (after the
        last, at the end)."""
        for kind, first, texts, section in self._runs(printed):
            for k, text in enumerate(texts, first):
                yield Part(kind, k, text, section)

    def _runs(self, printed: bool) -> Iterator[tuple[str, int, Sequence[str], Section | None]]:
        """:meth:`parts` in runs of one kind — (kind, the first one's index, their texts, the
        section headed) — so that :meth:`texts` makes no object per piece (the text of
        100 000 articles is read when search opens)."""
        yield TITLE, 0, (self.title,), None
        if self.subtitles:
            yield SUBTITLE, 0, self.subtitles, None
        if printed and self.marker:
            yield MARKER, 0, (self.marker,), None
        paragraphs = self.paragraphs
        if not self.sections and not (printed and self.bylines):  # most articles
            if paragraphs:
                yield PARAGRAPH, 0, paragraphs, None
            return
        n = len(paragraphs)
        last = n if printed else n - 1  # with printed, a section or byline may follow the last
        starts = {s.start: s for s in self.sections}
        bylines: dict[int, list[tuple[int, Byline]]] = {}
        if printed:
            for k, b in enumerate(self.bylines):
                bylines.setdefault(b.after, []).append((k, b))
        done = h = 0
        for i in sorted(i for i in {*starts, *bylines} if 0 <= i <= last):
            if i > done:
                yield PARAGRAPH, done, paragraphs[done:i], None
                done = i
            for k, b in bylines.get(i, ()):
                yield BYLINE, k, (b.raw,), None
            section = starts.get(i)
            if section is not None and section.headings:
                yield HEADING, h, section.headings, section
                h += len(section.headings)
        if done < n:
            yield PARAGRAPH, done, paragraphs[done:], None

    def texts(self) -> list[str]:
        """Title, subtitles, section headings and paragraphs in reading order: the text
        searched (an inferred title is not the page's text)."""
        out: list[str] = []
        for run in self._runs(False):
            out += run[2]
        return out[1:] if self.title_inferred else out

    def source_pieces(self) -> list[str]:
        """Every piece of page text this article was built from, in page order (for audits)."""
        out: list[str] = []
        for run in self._runs(True):
            out += run[2]
        return out[1:] if self.title_inferred else out

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
            "paper": self.paper,
            "issue": self.issue.isoformat() if self.issue else None,
            # 版次 as printed, or null: never the file's position (see the README's JSON contracts)
            "page": self.page_no,
            "page_name": self.page_name,
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
