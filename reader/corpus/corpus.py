"""A corpus: a folder of page files, loaded into pages and articles."""

from __future__ import annotations

import hashlib
import os
import zlib
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from reader import cachenames, notices
from reader.corpus.article import Article, Dateline
from reader.corpus.cache import read_cache, write_cache
from reader.corpus.layout import Layout, LayoutError, PagePlace, own_files
from reader.corpus.pagefiles import (MAX_PAGE_BYTES, PAGE_SUFFIXES, CorpusError, PageFile, page_path,
                                     read_page, scan)
from reader.corpus.version import parser_version
from reader.paths import private_dir

__all__ = ["MAX_PAGE_BYTES", "PAGE_SUFFIXES", "Corpus", "CorpusError", "PageFile", "load_corpus", "page_path",
           "parser_version", "read_page", "scan"]


@dataclass
class Corpus:
    root: Path
    files: list[PageFile]
    articles: list[Article]
    warnings: list[str] = field(default_factory=list)
    follow_links: bool = False  # links out of the folder were read (see scan)
    own: tuple = ()  # the stats of its reader.toml and manifest when loaded (reader.corpus.growth)
    # each page file's (fingerprint, articles, warning, digest, header): what a reload of the
    # grown folder takes the unchanged pages from, instead of the corpus cache
    _pages: dict = field(default_factory=dict, repr=False, compare=False)
    _unsaved: tuple | None = field(default=None, repr=False, compare=False)  # see save_cache
    _positions: dict[str, int] = field(default_factory=dict, repr=False)
    _kept: dict[str, tuple] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._positions = {a.id: i for i, a in enumerate(self.articles)}  # the one id → position map

    def get(self, article_id: str) -> Article | None:
        i = self._positions.get(article_id)
        return self.articles[i] if i is not None else None

    def position(self, article_id: str) -> int | None:
        """Where the article *article_id* is in ``articles`` (page order), or None."""
        return self._positions.get(article_id)

    def kept(self, name: str, build):
        """What *build()* makes of the articles, made once and kept with the corpus — made
        again when its articles have changed (another list, or more of them)."""
        key = (id(self.articles), len(self.articles))
        held = self._kept.get(name)
        if held is None or held[0] != key:
            held = self._kept[name] = (key, build())
        return held[1]

    def save_cache(self) -> None:
        """Write the corpus cache that :func:`load_corpus` left to write (``defer_cache``)."""
        unsaved, self._unsaved = self._unsaved, None
        if unsaved is not None:
            write_cache(*unsaved)

    @property
    def ids(self):
        """The ids of the articles (a set-like view: ``id in corpus.ids``)."""
        return self._positions.keys()

    def find(self, prefix: str) -> list[Article]:
        """Articles whose id starts with *prefix* (ids may be abbreviated, as in git)."""
        if prefix in self._positions:
            return [self.articles[self._positions[prefix]]]
        return [a for a in self.articles if a.id.startswith(prefix)] if prefix else []

    @cached_property
    def numbered(self) -> bool:
        """Whether any page has a 版次 (else ``page:N`` can match nothing)."""
        return any(a.page_no is not None for a in self.articles)

    @property
    def fingerprint(self) -> str:
        data = "\n".join(f.fingerprint for f in self.files).encode("utf-8", "surrogateescape")
        return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def load_corpus(root: str | os.PathLike, cache_dir: str | os.PathLike | None = None,
                follow_links: bool = False, previous: Corpus | None = None, defer_cache: bool = False) -> Corpus:
    """Load every readable page of *root*. Raises CorpusError if the folder is unusable.
    *follow_links*: also read links to files outside the folder (see :func:`scan`).

    With *cache_dir*, parsed pages are kept in a cache keyed by each file's name, size and
    mtime and by the parser's own source: unchanged pages are not parsed again (100 000
    articles load in about a second instead of a quarter of a minute). Cached articles'
    paragraphs stay on disk until used (``reader.corpus.body``).

    *previous*: this folder's corpus as loaded before (the archive has grown since): its
    unchanged pages are taken as they are, not read from the cache again. *defer_cache*:
    the cache is written by :meth:`Corpus.save_cache`, later (a second or two at 100k)."""
    path, files, warnings = scan(root, follow_links)
    own = own_files(path)  # before they are read: a change while loading shows next time
    try:
        layout = Layout(path, [f.name for f in files])
    except LayoutError as exc:
        raise CorpusError(str(exc)) from None
    if cache_dir is not None:  # nothing is read from a folder others could write in
        private_dir(cache_dir, "cache dir", create=False, disposable=True)
    cache_file = cachenames.corpus_cache(cache_dir, path, parser_version()) if cache_dir is not None else None
    if previous is not None and previous._pages and previous.root == path and previous.own == own \
            and previous.follow_links == follow_links:
        cached, damaged = previous._pages, None
    else:
        cached, damaged = read_cache(cache_file, path) if cache_file else ({}, None)
    fresh: dict[str, tuple[str, list[Article], str | None, str, PagePlace | None]] = {}
    changed = set(cached) != {f.name for f in files}
    articles: list[Article] = []
    seen: set[str] = set()
    pages_seen: dict[tuple, str] = {}
    claims: dict[tuple, str] = {}
    for page, file in enumerate(files):
        entry = cached.get(file.name)
        if entry is not None and entry[0] == file.fingerprint:
            page_articles, warning, digest, header = entry[1], entry[2], entry[3], entry[4]
            if page_articles and page_articles[0].page != page:  # a page was added before it
                page_articles = [replace(a, page=page) for a in page_articles]
        else:
            page_articles, warning, header = read_page(file, page)
            digest = _digest(page_articles)
            changed = True
        fresh[file.name] = (file.fingerprint, page_articles, warning, digest, header)
        if warning:
            warnings.append(warning)
        place = layout.place(file.name, header)
        if page_articles:  # a page exported twice under two names: its articles once
            # (the same text in two issues or on two pages of an archive is two pages)
            first = pages_seen.setdefault((digest, place.paper, place.issue, place.section, place.page), file.name)
            if first != file.name:
                warnings.append(f"{file.name}: skipped: the same text as {first}")
                continue
            _place_articles(page_articles, place)
            if place.issue is not None and place.page is not None:
                claim = (place.paper, place.issue, place.section, place.page)
                other = claims.setdefault(claim, file.name)
                if other != file.name:
                    warnings.append(
                        f"{file.name}: claims the same page as {other} "
                        f"({' '.join(p for p in (place.paper, place.issue.isoformat()) if p)} "
                        f"第{place.section or ''}{place.page}版); both kept"
                    )
        for article in page_articles:
            if article.id in seen:  # the same text twice in one corpus: keep ids unique
                article = replace(article, id=f"{article.id}-{article.page}-{article.order}")
            seen.add(article.id)
            articles.append(article)
    warnings += layout.warnings  # the manifest's, and each impossible date once
    unsaved = (cache_file, fresh, articles, path) if cache_file and changed else None
    if unsaved and not defer_cache:
        write_cache(*unsaved)
        unsaved = None
    if damaged:
        notices.notice(f"the corpus cache was unreadable ({damaged}); rebuilt it")
    corpus = Corpus(path, files, articles, warnings, follow_links, own)
    corpus._pages, corpus._unsaved = fresh, unsaved
    return corpus


def _place_articles(articles: list[Article], place: PagePlace) -> None:
    """Give *articles* (of one page) what its place says, their datelines read in its issue.
    (In place: the articles are this load's own objects, cached or freshly parsed.)"""
    for a in articles:
        dateline = a.dateline
        if dateline is not None:
            day = dateline.in_issue(place.issue)
        else:
            day = Dateline.of(place.issue) if place.issue is not None else None
        object.__setattr__(a, "date", day)
        object.__setattr__(a, "paper", place.paper)
        object.__setattr__(a, "issue", place.issue)
        object.__setattr__(a, "page_no", place.page)
        object.__setattr__(a, "page_name", place.page_name)


def _digest(articles: list[Article]) -> str:
    """What two exports of one page have in common: their articles' text."""
    h = hashlib.blake2b(digest_size=16)
    for a in articles:
        for piece in (a.title, *a.subtitles, *a.paragraphs, *(b.raw for b in a.bylines)):
            h.update(piece.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        h.update(b"\x01")
    return h.hexdigest()

