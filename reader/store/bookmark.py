"""A bookmark: a paragraph of an article, quoted, with an optional note."""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass

SHORT_CHARS = 160  # a quote shown in a list is cut here (:func:`short_quote`); the store keeps it whole
MAX_PARAGRAPHS = 100_000  # more than any article has: a bound for values from outside
MAX_TIME = 253_402_300_799.0  # 9999-12-31T23:59:59Z, the last day time.strftime can show


@dataclass(frozen=True)
class Bookmark:
    id: str
    article_id: str
    paragraph: int  # index into the article's paragraphs
    quote: str  # the paragraph's text, so it means something without the corpus (whole since
    # exports quote it: one saved by an older reader was cut at 160 characters)
    note: str
    title: str
    source: str
    created: float  # seconds since the epoch
    updated: float
    date: str = ""  # the article's date label, if it has one

    @property
    def saved_day(self) -> str:
        """The day it was made (YYYY-MM-DD), or "date unknown" for a time out of range."""
        return day(self.created)

    def to_json(self) -> dict:
        data = asdict(self)
        data["paragraph"] = self.paragraph + 1  # ¶1 is the first, as everywhere on screen
        for key in ("created", "updated"):  # JSON has no NaN: a time that is none is null
            if not isinstance(data[key], (int, float)) or not math.isfinite(data[key]):
                data[key] = None
        return data


def bookmark_place(b: Bookmark, article) -> str:
    """Where bookmark *b*'s article is, for a list: ``无锡日报 2024-06-07 第2版 · 2023年8月12日`` —
    paper, issue and 版 as known (else its page file) and its date, from *article* (the
    corpus's: two bookmarks of one title in two issues differ here); without it (not in the
    corpus), the date label the bookmark was saved with."""
    from reader.corpus.meta import DATE, meta_line

    if article is None:
        return b.date or ""
    return meta_line(article, lambda a: a.where, DATE)


def quote_of(paragraph: str) -> str:
    """The paragraph as a bookmark keeps it: whole, its runs of white space made one space."""
    return " ".join(paragraph.split())


def short_quote(quote: str, chars: int = SHORT_CHARS) -> str:
    """*quote* cut to *chars* characters with "…", for a list."""
    return quote if len(quote) <= chars else quote[: chars - 1] + "…"


def day(seconds) -> str:
    """*seconds* since 1970 as a local YYYY-MM-DD; "date unknown" for what is not a time
    (NaN, ±inf, negative, beyond the year 9999, not a number)."""
    try:
        if isinstance(seconds, bool) or not math.isfinite(seconds) or not 0 <= seconds <= MAX_TIME:
            return "date unknown"
        return time.strftime("%Y-%m-%d", time.localtime(seconds))
    except (TypeError, ValueError, OverflowError, OSError):
        return "date unknown"
