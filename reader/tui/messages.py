"""Messages that workers post to the UI (workers never touch widgets).

Each is a dataclass: its fields are what it carries. A message is one event, not a value:
no field-wise ``==`` (``eq=False`` keeps identity, and costs less to define at start-up). The indexer's progress comes many
times a second; a newer ``IndexProgress`` replaces one still waiting in the queue, so the
status line never falls behind the indexer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from reader.corpus import Article, Corpus
    from reader.search import Results, SearchEngine, UpdateReport


@dataclass(eq=False)
class IndexProgress(Message):
    """*done* of *total* articles indexed."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


@dataclass(eq=False)
class IndexWaiting(Message):
    """Opening the index waits (for another reader that builds it; to retry a failed
    indexer): *text* says for what, for the status line."""

    text: str


@dataclass(eq=False)
class IndexReady(Message):
    engine: SearchEngine
    report: UpdateReport
    corpus: Corpus | None = None  # the engine's corpus, when not the one open (a reload)


@dataclass(eq=False)
class CacheNotice(Message):
    """A damaged cache was rebuilt (:mod:`reader.notices`): one line for the user."""

    text: str


@dataclass(eq=False)
class IndexFailed(Message):
    error: str


@dataclass(eq=False)
class SearchFailed(Message):
    generation: int
    error: str


@dataclass(eq=False)
class SearchRefused(Message):
    """The query is beyond what a search does (too long, nested too deep): *hint* says so."""

    generation: int
    hint: str


@dataclass(eq=False)
class SearchDone(Message):
    generation: int
    results: Results


@dataclass(eq=False)
class FacetsReady(Message):
    facets: dict
    results: Results


@dataclass(eq=False)
class RelatedReady(Message):
    article: Article
    keywords: list
    related: list


@dataclass(eq=False)
class PinyinReady(Message):
    """The readings of the corpus's characters are built: letters match by pinyin now."""


@dataclass(eq=False)
class CorpusLoaded(Message):
    """The whole corpus is loaded (the app may have painted its first articles before)."""

    corpus: Corpus


@dataclass(eq=False)
class CorpusFailed(Message):
    error: str
    reloading: bool = False  # the corpus was being read again (the one open stays)


@dataclass(eq=False)
class CorpusChanged(Message):
    """The archive's folder changed; *corpus* is what it holds now, *changes* says what,
    *indexed*: the articles of the pages added or edited."""

    corpus: Corpus
    changes: str
    indexed: int
    opened: tuple | None = None  # (index, UpdateReport): the index, opened and updated already


@dataclass(eq=False)
class CorpusUnchanged(Message):
    """A look at the archive's folder found nothing changed; *asked*: by the reader."""

    asked: bool

