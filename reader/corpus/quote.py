"""Quotations with a citation line: what ``y`` copies and ``reader show --quote N`` prints.

    「全会强调，要坚决履行管党治党政治责任……」
    ——《中国共产党无锡市第十四届委员会第六次全体会议举行》，高美梅、惠晓婧，无锡日报，2024年9月5日，第1版

Two styles (the settings' ``citation``): ``reader`` (above) and ``gbt7714``, GB/T 7714-2015's
newspaper form ``作者. 题名[N]. 报纸名, 出版日期(版次).``. Each cites the paper, the issue
date and the 版 where they are known; a page with no 版次 is cited by its file (its path in
the corpus), and a page with no issue date by the dateline's month and day — never a page
number the archive does not give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.corpus.article import Article

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


def citation(article: Article, style: str = "reader") -> str:
    """The citation line of *article* in *style* (``reader`` or ``gbt7714``)."""
    if style == "gbt7714":
        return gbt7714(article)
    if style != "reader":
        raise ValueError(f"unknown citation style {style!r} (one of {', '.join(CITATIONS)})")
    a = article
    parts = [f"《{a.title}》"]
    if a.issue is None and a.date is not None:
        parts.append(a.date.label)  # no issue: the dateline, month and day as printed
    if a.authors:
        parts.append("、".join(a.authors))
    if a.paper:
        parts.append(a.paper)
    if a.issue is not None:
        parts.append(f"{a.issue.year}年{a.issue.month}月{a.issue.day}日")
    if a.page_no is not None:
        parts.append(a.page_label.split(" ")[0])
    else:
        parts.append(a.source)
    return "——" + "，".join(parts)


def gbt7714(article: Article) -> str:
    """``高美梅, 惠晓婧. 题名[N]. 无锡日报, 2024-06-07(3).`` (GB/T 7714-2015, 4.4 / 8.8)."""
    a = article
    head = ", ".join(a.authors) + ". " if a.authors else ""
    where = a.paper or a.source
    if a.issue is not None:
        where += f", {a.issue.isoformat()}"
        if a.page_no is not None:
            where += f"({a.page_no})"
    elif a.page_no is not None:
        where += f"({a.page_no})"
    return f"{head}{a.title}[N]. {where}."


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
          style: str = "reader") -> Quote:
    """Paragraph *paragraph* (0-based) of *article*, or only the sentence holding *span*
    (offsets in that paragraph), with its citation in *style*."""
    if not 0 <= paragraph < len(article.paragraphs):
        raise IndexError(paragraph)
    text = article.paragraphs[paragraph]
    if span is not None:
        s, e = sentence_at(text, *span)
        text = text[s:e]
    return Quote(text.strip(), citation(article, style), paragraph)
