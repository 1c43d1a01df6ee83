"""The parsed-pages cache of a corpus folder: pages as plain tuples, bodies in a body file.

Layout, in the cache dir's ``corpus/`` folder:

- ``<folder key>-<parser version>.pickle``: a header (format, body file name and size),
  then ``{page file name: (fingerprint, articles, warning, digest)}`` with every article
  written as a tuple of its fields — not as pickled objects, whose per-object state
  dictionaries, built and dropped while loading, left ~90 MB of freed memory scattered
  through the heap at 100 000 articles;
- ``<…>-<token>.body``: the articles' paragraphs (:mod:`reader.corpus.body`).

It is an optimisation: anything unreadable means parsing again, and a cache dir that cannot
be written only costs parsing time. This module is not part of the parser's version, so
changing the cache format does not invalidate search indexes.
"""

from __future__ import annotations

import os
import pickle
import time
import zlib
from pathlib import Path

from reader.corpus.article import Article, Byline, Dateline, Section
from reader.corpus.body import BodyFile, Paragraphs, write_bodies

FORMAT = 3

_ARTICLE_FIELDS = ("id", "title", "subtitles", "date", "authors", "source", "page", "order",
                   "continued_from", "paragraphs", "sections", "bylines", "marker", "title_inferred")


def cache_path(root: Path, cache_dir, version: str) -> Path:
    key = zlib.crc32(str(Path(root).resolve()).encode("utf-8", "surrogateescape"))
    return Path(cache_dir) / "corpus" / f"{key:08x}-{version}.pickle"


def _header(cache_file: Path) -> dict:
    try:
        with open(cache_file, "rb") as fh:
            header = pickle.load(fh)
        return header if isinstance(header, dict) else {}
    except Exception:
        return {}


# -- encoding -------------------------------------------------------------------------------

def _encode(a: Article, ref) -> tuple:
    d = a.date
    return (
        a.id, a.title, a.subtitles, (d.month, d.day, d.end_day) if d else None, a.authors, a.source,
        a.page, a.order, a.continued_from, ref,
        tuple((s.headings, s.start, s.end, s.authors) for s in a.sections),
        tuple((b.raw, b.authors, b.after) for b in a.bylines),
        a.marker, a.title_inferred,
    )


class _Decoder:
    """Builds articles from tuples, sharing what repeats (dates, names)."""

    def __init__(self, body: BodyFile):
        self.body = body
        self.dates: dict[tuple, Dateline] = {}
        self.names: dict[str, str] = {}

    def _names(self, names: tuple[str, ...]) -> tuple[str, ...]:
        if not names:
            return ()
        known = self.names
        return tuple([known.setdefault(x, x) for x in names])

    def article(self, t: tuple) -> Article:
        values = list(t)
        if t[3] is not None:
            date = self.dates.get(t[3])
            if date is None:
                date = self.dates[t[3]] = Dateline(*t[3])
            values[3] = date
        values[4] = self._names(t[4])
        ref = t[9]
        values[9] = Paragraphs(self.body, *ref) if ref else ()
        if t[10]:
            values[10] = tuple(Section(h, s, e, self._names(au)) for h, s, e, au in t[10])
        if t[11]:
            values[11] = tuple(Byline(raw, self._names(au), after) for raw, au, after in t[11])
        a = object.__new__(Article)  # the frozen dataclass's __init__ sets fields one by one
        a.__dict__.update(zip(_ARTICLE_FIELDS, values))
        return a


def read_cache(cache_file: Path) -> dict:
    """{page file name: (fingerprint, articles, warning, digest)}; {} when there is no
    usable cache (missing, partial, another format, its body file gone or short)."""
    try:
        with open(cache_file, "rb") as fh:
            header = pickle.load(fh)
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                return {}
            decoder = _Decoder(BodyFile(cache_file.parent / header["body"], header["body_size"]))
            pages = pickle.load(fh)
        article = decoder.article
        return {name: (fp, [article(t) for t in encoded], warning, digest)
                for name, (fp, encoded, warning, digest) in pages.items()}
    except Exception:  # parse again
        return {}


def write_cache(cache_file: Path, data: dict, articles: list[Article]) -> None:
    """Write the cache: the bodies to a new body file, then the pages, atomically. The
    loaded articles then read their paragraphs from it too (they need not stay in memory)."""
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        prefix = cache_file.name.split("-")[0] + "-"
        token = f"{os.getpid()}-{time.time_ns():x}"
        body_name = f"{cache_file.stem}-{token}.body"
        body_path = cache_file.parent / body_name
        owners: list = []  # every body once (an article copied for a new id shares its body)
        seen: set[int] = set()
        for _, page_articles, _, _ in data.values():
            for a in page_articles:
                if a.paragraphs and id(a.paragraphs) not in seen:
                    seen.add(id(a.paragraphs))
                    owners.append(a.paragraphs)
        placed = write_bodies(body_path, owners)
        refs = {id(p): ref for p, ref in zip(owners, placed)}
        pages = {name: (fp, [_encode(a, refs.get(id(a.paragraphs))) for a in page_articles], warning, digest)
                 for name, (fp, page_articles, warning, digest) in data.items()}
        tmp = cache_file.with_suffix(f".tmp-{token}")
        with open(tmp, "wb") as fh:
            pickle.dump({"format": FORMAT, "body": body_name, "body_size": body_path.stat().st_size},
                        fh, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(pages, fh, protocol=pickle.HIGHEST_PROTOCOL)
            fh.flush()
            os.fsync(fh.fileno())
        del pages
        os.replace(tmp, cache_file)
        # older bodies, and files of an older parser; another process may have written the
        # cache since: keep the body it names (open files stay readable once unlinked)
        current = _header(cache_file).get("body")
        for stale in cache_file.parent.glob(prefix + "*"):
            if stale != cache_file and stale.name != current and ".tmp-" not in stale.name:
                stale.unlink(missing_ok=True)
        body = BodyFile(body_path)
        for group in (articles, *(entry[1] for entry in data.values())):
            for a in group:
                ref = refs.get(id(a.paragraphs))
                if ref is not None:
                    object.__setattr__(a, "paragraphs", Paragraphs(body, *ref))
    except OSError:
        pass  # a cache is an optimisation: a read-only cache dir only costs parsing time

