"""Messages that workers post to the UI (workers never touch widgets)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from reader.search import Results, SearchEngine, UpdateReport


class IndexProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done, self.total = done, total


class IndexWaiting(Message):
    """Opening the index waits (for another reader that builds it; to retry a failed
    indexer): *text* says for what, for the status line."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class IndexReady(Message):
    def __init__(self, engine: SearchEngine, report: UpdateReport) -> None:
        super().__init__()
        self.engine, self.report = engine, report


class CacheNotice(Message):
    """A damaged cache was rebuilt (:mod:`reader.notices`): one line for the user."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class IndexFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class SearchFailed(Message):
    def __init__(self, generation: int, error: str) -> None:
        super().__init__()
        self.generation, self.error = generation, error


class SearchRefused(Message):
    """The query is beyond what a search does (too long, nested too deep): *hint* says so."""

    def __init__(self, generation: int, hint: str) -> None:
        super().__init__()
        self.generation = generation
        self.hint = hint


class SearchDone(Message):
    def __init__(self, generation: int, results: Results) -> None:
        super().__init__()
        self.generation, self.results = generation, results


class FacetsReady(Message):
    def __init__(self, facets: dict, results: Results) -> None:
        super().__init__()
        self.facets, self.results = facets, results


class RelatedReady(Message):
    def __init__(self, article, keywords: list, related: list) -> None:
        super().__init__()
        self.article, self.keywords, self.related = article, keywords, related


class PinyinReady(Message):
    """The readings of the corpus's characters are built: letters match by pinyin now."""


class CorpusLoaded(Message):
    """The whole corpus is loaded (the app may have painted its first articles before)."""

    def __init__(self, corpus, index_of: dict[str, int]) -> None:
        super().__init__()
        self.corpus, self.index_of = corpus, index_of  # article id → position


class CorpusFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error
