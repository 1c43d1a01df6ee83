"""Pages → articles. Never imports Textual.

The model (``Article`` and its parts) and ``CorpusError`` load with the package; the loader
(``Corpus``, ``PageFile``, ``load_corpus``) on first use, so that the app paints a preview
of the first articles without importing the scanner and the layout parser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.corpus.article import Article, Byline, Dateline, Section
from reader.corpus.errors import CorpusError

if TYPE_CHECKING:  # pragma: no cover
    from reader.corpus.corpus import Corpus, PageFile, load_corpus  # noqa: F401

_LOADER = ("Corpus", "PageFile", "load_corpus")


def __getattr__(name: str):
    if name in _LOADER:
        from reader.corpus import corpus

        return getattr(corpus, name)
    raise AttributeError(f"module 'reader.corpus' has no attribute {name!r}")


def parse_page(text: str, source: str, page: int = 0, key: bytes | None = None):
    """Cut one page's text into articles (the parser loads on first use)."""
    from reader.corpus.page import parse_page as parse

    return parse(text, source, page, key)


__all__ = [
    "Article",
    "Byline",
    "Corpus",
    "CorpusError",
    "Dateline",
    "PageFile",
    "Section",
    "load_corpus",
    "parse_page",
]
