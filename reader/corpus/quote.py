"""Quotations with a citation line: what ``y`` copies and ``reader show --quote N`` prints.

    「全会强调，要坚决履行管党治党政治责任……」
    ——《中国共产党无锡市第十四届委员会第六次全体会议举行》，高美梅、惠晓婧，无锡日报，2024年9月5日，第1版

Two styles (the settings' ``citation``): ``reader`` (above) and ``gbt7714``, GB/T 7714-2015's
newspaper form ``作者. 题名[N]. 报纸名, 出版日期(版次).``. Each cites the paper, the issue
date and the 版 where they are known; a page with no 版次 is cited by its file (its path in
the corpus), and a page with no issue date by the dateline's month and day (``reader``) or
``[出版日期不详]`` (``gbt7714``; the file where no paper is named either) — never a page
number the archive does not give, nor a reference with a gap where the date would be.

An article continued across pages is one article: its front part (``（下转第5版）``) and its
continuation (``（上接第1版）``) both cite 第1、5版 (GB/T 7714: ``2024-06-07(1, 5)``), and a
continuation printed without its headline cites the front part's — when the corpus's
:class:`~reader.corpus.reading.Reading` links them (the continuation is in the archive);
otherwise each part cites its own page, as it says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from typing import TYPE_CHECKING, Callable

from reader.corpus.article import Article

if TYPE_CHECKING:
    from reader.corpus.reading import Reading

_SENTENCE_END = re.compile(r"[。！？；!?]+[”’」』）)]*")


@dataclass(frozen=True)
class Quote:
    text: str
    citation: str
    paragraph: int  # 0-based index into Article.paragraphs

    def __str__(self) -> str:
        return f"「{self.text}」\n{self.citation}"

    def to_json(self) -> dict:
        return {"text": self.text, "citation": self.citation, "paragraph": self.paragraph + 1, "formatted": str(self)}


CITATIONS = ("reader", "gbt7714")


@dataclass(frozen=True)
class Cited:
    """What a citation names: the article's title, authors and 版 — of the whole article
    when it runs across pages (a front part ``（下转第5版）`` and its continuation ``（上接第1版）``
    are one article, and both cite 第1、5版)."""

    article: Article  # the part at hand: paper, issue, dateline and file are its own
    title: str
    authors: tuple[str, ...]
    pages: tuple[int, ...]  # the 版次, ascending; () when the page has none

    @classmethod
    def of(cls, article: Article, reading: Reading | None = None) -> "Cited":
        """*article* as cited, with the other parts of it that *reading* links to it (only
        continuations resolved to an article in the archive: never a page it only names)."""
        parts = reading.parts(article) if reading is not None else [article]
        if len(parts) < 2:
            return cls(article, article.title, article.authors, () if article.page_no is None else (article.page_no,))
        title = article.title
        if article.title_inferred:  # a continuation printed without its headline: the front part's
            title = next((p.title for p in parts if not p.title_inferred), title)
        authors = tuple(dict.fromkeys(name for p in parts for name in p.authors))  # a byline may close the last part
        pages = tuple(sorted({p.page_no for p in parts if p.page_no is not None}))
        return cls(article, title, authors, pages)


def citation(article: Article, style: str = "reader", reading: Reading | None = None) -> str:
    """The citation line of *article* in *style* (``reader`` or ``gbt7714``); with the
    corpus's *reading*, an article continued on other pages cites all its pages."""
    if style not in CITATIONS:
        raise ValueError(f"unknown citation style {style!r} (one of {', '.join(CITATIONS)})")
    cited = Cited.of(article, reading)
    return _gbt7714(cited) if style == "gbt7714" else _reader(cited)


def _reader(cited: Cited) -> str:
    """``——《题名》，作者，无锡日报，2024年6月7日，第1、5版``."""
    a = cited.article
    parts = [f"《{cited.title}》"]
    if a.issue is None and a.date is not None:
        parts.append(a.date.label)  # no issue: the dateline, month and day as printed
    if cited.authors:
        parts.append("、".join(cited.authors))
    parts.append(a.paper or a.source)  # no paper named: the page file says where it is
    if a.issue is not None:
        parts.append(f"{a.issue.year}年{a.issue.month}月{a.issue.day}日")
    if cited.pages:
        parts.append(f"第{'、'.join(map(str, cited.pages))}版")
    elif a.paper:
        parts.append(a.source)
    return "——" + "，".join(parts)


UNKNOWN_DATE = "[出版日期不详]"  # GB/T 7714-2015 writes an element it cannot give so: [出版者不详] (8.4)


def _gbt7714(cited: Cited) -> str:
    """``高美梅, 惠晓婧. 题名[N]. 无锡日报, 2024-06-07(1, 5).`` (GB/T 7714-2015, 4.4 / 8.8).

    What the archive does not give is never left as a gap: with no paper named, the page
    file stands where the paper's name would (``2024-06-07-A03.txt, 2024-06-07(3).``); a
    page with no issue date says so as the standard writes an unknown element
    (``无锡日报, [出版日期不详](1).``, ``2024/02/30/01.txt, [出版日期不详](1).``); a file that
    gives neither a date nor a 版 (the flat seeds) is cited by its name alone
    (``000_1da5….txt.``)."""
    a = cited.article
    head = ", ".join(cited.authors) + ". " if cited.authors else ""
    paper = a.paper or a.source
    if a.issue is not None:
        where = f"{paper}, {a.issue.isoformat()}"
    elif a.paper or cited.pages:
        where = f"{paper}, {UNKNOWN_DATE}"
    else:
        where = a.source
    if cited.pages:
        where += f"({_gbt_pages(cited.pages)})"
    return f"{head}{cited.title}[N]. {where}."


def _gbt_pages(pages: tuple[int, ...]) -> str:
    """The 版次 in GB/T 7714-2015's form, as its list of symbols (著录用符号) has them: "()"
    holds a newspaper's 版次, "-" joins a first and last page (起讫页码), so consecutive
    版 are one range and runs apart are listed with ", " (as the standard separates what it
    lists, and as discontinuous pages are written): ``(1, 5)``, ``(1-2)``, ``(1-3, 8)``."""
    runs: list[list[int]] = []
    for n in pages:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def citer(corpus, style: str = "reader") -> Callable[[str], str | None]:
    """Article id → the citation of that article of *corpus* in *style* (all its pages, as
    :func:`citation` with the corpus's reading); None for an id the corpus does not have."""
    from reader.corpus.reading import reading_of

    if style not in CITATIONS:
        raise ValueError(f"unknown citation style {style!r} (one of {', '.join(CITATIONS)})")
    reading = reading_of(corpus)
    by_id = {a.id: a for a in corpus.articles}

    def cite(article_id: str) -> str | None:
        article = by_id.get(article_id)
        return citation(article, style, reading) if article is not None else None

    return cite


def sentence_at(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """The sentence of *text* around ``[start, end)``: from after the previous 。！？； to
    the next one, closing quotes included."""
    end = start if end is None else end
    begin = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        begin = m.end()
    m = _SENTENCE_END.search(text, max(end, begin))
    finish = m.end() if m else len(text)
    while begin < finish and text[begin] in " \u3000":
        begin += 1
    return begin, finish


def quote(article: Article, paragraph: int, span: tuple[int, int] | None = None,
          style: str = "reader", reading: Reading | None = None) -> Quote:
    """Paragraph *paragraph* (0-based) of *article*, or only the sentence holding *span*
    (offsets in that paragraph), with its citation in *style* (all the article's pages
    with the corpus's *reading*: :func:`citation`)."""
    if not 0 <= paragraph < len(article.paragraphs):
        raise IndexError(paragraph)
    text = article.paragraphs[paragraph]
    if span is not None:
        s, e = sentence_at(text, *span)
        text = text[s:e]
    # the paper's jump markers are not the article's words: （上接第1版） opening, （下转第5版) closing
    from reader.corpus.page import CONTINUATION, JUMP

    text = JUMP.sub("", CONTINUATION.sub("", text.strip())).strip()
    return Quote(text, citation(article, style, reading), paragraph)
