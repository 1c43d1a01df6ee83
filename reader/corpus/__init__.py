"""Pages → articles. Never imports Textual."""

from reader.corpus.article import Article, Byline, Dateline, Section
from reader.corpus.corpus import Corpus, CorpusError, PageFile, load_corpus
from reader.corpus.page import parse_page

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
