"""Pages → articles. Never imports Textual."""

from reader.corpus.article import Article, Byline, Dateline, Section
from reader.corpus.corpus import Corpus, CorpusError, PageFile, load_corpus


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
