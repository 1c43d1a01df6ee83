"""An article as a list of text units — the granularity of match spans.

A unit is one of the article's parts in reading order (:meth:`Article.parts`): title,
subtitles, section headings and paragraphs; a :class:`~reader.search.span.Span` names one
by its position in :func:`units`.
"""

from __future__ import annotations

from reader.corpus import Article
from reader.corpus.article import HEADING, PARAGRAPH, SUBTITLE, TITLE, Part

Unit = Part  # kind (title | subtitle | heading | paragraph), index, text

__all__ = ["HEADING", "PARAGRAPH", "SUBTITLE", "TITLE", "Unit", "units"]


def units(article: Article) -> list[Unit]:
    """Title, subtitles, section headings and paragraphs, in reading order."""
    return list(article.parts())
