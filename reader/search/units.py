"""An article as a list of text units — the granularity of match spans."""

from __future__ import annotations

from dataclasses import dataclass

from reader.corpus import Article

TITLE, SUBTITLE, HEADING, PARAGRAPH = "title", "subtitle", "heading", "paragraph"


@dataclass(frozen=True)
class Unit:
    kind: str  # title | subtitle | heading | paragraph
    index: int  # paragraph number for paragraphs, else the position among its kind
    text: str


def units(article: Article) -> list[Unit]:
    """Title, subtitles, section headings and paragraphs, in reading order."""
    out = [Unit(TITLE, 0, article.title)]
    out += [Unit(SUBTITLE, i, s) for i, s in enumerate(article.subtitles)]
    starts = {s.start: s for s in article.sections}
    h = 0
    for i, para in enumerate(article.paragraphs):
        if i in starts:
            for heading in starts[i].headings:
                out.append(Unit(HEADING, h, heading))
                h += 1
        out.append(Unit(PARAGRAPH, i, para))
    return out
