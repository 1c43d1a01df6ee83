"""A bookmark: a paragraph of an article, quoted, with an optional note."""

from __future__ import annotations

from dataclasses import asdict, dataclass

QUOTE_CHARS = 160


@dataclass(frozen=True)
class Bookmark:
    id: str
    article_id: str
    paragraph: int  # index into the article's paragraphs
    quote: str  # the paragraph's text (clipped), so it means something without the corpus
    note: str
    title: str
    source: str
    created: float  # seconds since the epoch
    updated: float
    date: str = ""  # the article's date label, if it has one

    def to_json(self) -> dict:
        return asdict(self)


def quote_of(paragraph: str) -> str:
    paragraph = " ".join(paragraph.split())
    return paragraph if len(paragraph) <= QUOTE_CHARS else paragraph[: QUOTE_CHARS - 1] + "…"
