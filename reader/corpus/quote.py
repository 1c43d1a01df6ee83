"""Quotations with a citation line: what ``y`` copies and ``reader show --quote N`` prints.

    「全会强调，要坚决履行管党治党政治责任……」
    ——《中国共产党无锡市第十四届委员会第六次全体会议举行》，9月4日，高美梅、惠晓婧，002_ee7dceab59559e6c.txt（第3页）

Pages print no year, so the date is month and day; the source is the page file and its
position in the corpus.
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


def citation(article: Article) -> str:
    parts = [f"《{article.title}》"]
    if article.date is not None:
        parts.append(article.date.label)
    if article.authors:
        parts.append("、".join(article.authors))
    parts.append(f"{article.source}（第{article.page + 1}页）")
    return "——" + "，".join(parts)


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


def quote(article: Article, paragraph: int, span: tuple[int, int] | None = None) -> Quote:
    """Paragraph *paragraph* (0-based) of *article*, or only the sentence holding *span*
    (offsets in that paragraph), with its citation."""
    if not 0 <= paragraph < len(article.paragraphs):
        raise IndexError(paragraph)
    text = article.paragraphs[paragraph]
    if span is not None:
        s, e = sentence_at(text, *span)
        text = text[s:e]
    return Quote(text.strip(), citation(article), paragraph)
