"""The parsed-pages cache of a corpus folder: articles as columns, bodies in a body file.

Layout, in the cache dir's ``corpus/`` folder:

- ``<folder key>-<parser version>.pickle``: a header (format, body file name and size),
  then the pages — name, fingerprint, warning, content digest, article count — and their
  articles written column by column (see below);
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
from array import array
from pathlib import Path

from reader.corpus.article import Article, Byline, Dateline, Section
from reader.corpus.body import BodyFile, Paragraphs, write_bodies
from reader.files import atomic_write

FORMAT = 4

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
#
# Articles are written column by column — a list of ids, a list of titles, arrays of numbers,
# tables of the dates and author lists that repeat — so that loading allocates the strings and
# tuples the articles keep, big column blocks freed whole, and nothing per article that is
# dropped afterwards (which is what fragments the heap).

class _Table:
    """Values numbered in order of first appearance (equal values share one number)."""

    def __init__(self) -> None:
        self.values: list = []
        self._index: dict = {}

    def __call__(self, value) -> int:
        k = self._index.get(value)
        if k is None:
            k = self._index[value] = len(self.values)
            self.values.append(value)
        return k


def _encode(pages: dict, refs: dict[int, tuple[int, int, int]]) -> dict:
    names = _Table()  # author tuples
    dates = _Table()
    cols: dict = {k: [] for k in ("id", "title", "subtitles", "source", "continued_from", "sections", "marker",
                                  "byline_raw")}
    nums = {k: array("q") for k in ("date", "authors", "page", "order", "offset", "length", "count",
                                    "bylines", "byline_authors", "byline_after")}
    inferred = bytearray()
    meta = []
    for name, (fp, articles, warning, digest) in pages.items():
        meta.append((name, fp, warning, digest, len(articles)))
        for a in articles:
            d = a.date
            cols["id"].append(a.id)
            cols["title"].append(a.title)
            cols["subtitles"].append(a.subtitles)
            nums["date"].append(dates((d.month, d.day, d.end_day)) if d else -1)
            nums["authors"].append(names(a.authors))
            cols["source"].append(a.source)
            nums["page"].append(a.page)
            nums["order"].append(a.order)
            cols["continued_from"].append(a.continued_from)
            offset, length, count = refs.get(id(a.paragraphs)) or (-1, 0, 0)
            nums["offset"].append(offset)
            nums["length"].append(length)
            nums["count"].append(count)
            cols["sections"].append(tuple((s.headings, s.start, s.end, names(s.authors)) for s in a.sections))
            nums["bylines"].append(len(a.bylines))
            for b in a.bylines:
                cols["byline_raw"].append(b.raw)
                nums["byline_authors"].append(names(b.authors))
                nums["byline_after"].append(b.after)
            cols["marker"].append(a.marker)
            inferred.append(a.title_inferred)
    return {"pages": meta, "names": names.values, "dates": dates.values, "cols": cols, "nums": nums,
            "inferred": bytes(inferred)}


def _decode(data: dict, body: BodyFile) -> dict:
    names = data["names"]
    dates = [Dateline(*d) for d in data["dates"]]
    cols, nums, inferred = data["cols"], data["nums"], data["inferred"]
    ids, titles, subtitles, sources = cols["id"], cols["title"], cols["subtitles"], cols["source"]
    continued, sections, markers = cols["continued_from"], cols["sections"], cols["marker"]
    date_k, author_k, page, order = nums["date"], nums["authors"], nums["page"], nums["order"]
    offset, length, count = nums["offset"], nums["length"], nums["count"]
    n_bylines, b_raw, b_authors, b_after = nums["bylines"], cols["byline_raw"], nums["byline_authors"], nums["byline_after"]
    new, fields = object.__new__, _ARTICLE_FIELDS
    out: dict = {}
    start = j = 0
    for name, fp, warning, digest, n in data["pages"]:
        articles = []
        for i in range(start, start + n):
            k = n_bylines[i]
            bylines = tuple(Byline(b_raw[x], names[b_authors[x]], b_after[x]) for x in range(j, j + k)) if k else ()
            j += k
            secs = tuple(Section(h, s, e, names[au]) for h, s, e, au in sections[i]) if sections[i] else ()
            dk = date_k[i]
            a = new(Article)  # the frozen dataclass's __init__ would set fields one by one
            a.__dict__.update(zip(fields, (
                ids[i], titles[i], subtitles[i], dates[dk] if dk >= 0 else None, names[author_k[i]], sources[i],
                page[i], order[i], continued[i],
                Paragraphs(body, offset[i], length[i], count[i]) if offset[i] >= 0 else (),
                secs, bylines, markers[i], bool(inferred[i]),
            )))
            articles.append(a)
        start += n
        out[name] = (fp, articles, warning, digest)
    if start != len(ids) or j != len(b_raw):
        raise ValueError("the cache's columns do not add up")
    return out


def read_cache(cache_file: Path) -> dict:
    """{page file name: (fingerprint, articles, warning, digest)}; {} when there is no
    usable cache (missing, partial, another format, its body file gone or short)."""
    try:
        with open(cache_file, "rb") as fh:
            header = pickle.load(fh)
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                return {}
            body = BodyFile(cache_file.parent / header["body"], header["body_size"])
            data = pickle.load(fh)
        return _decode(data, body)
    except Exception:  # parse again
        return {}


def write_cache(cache_file: Path, data: dict, articles: list[Article]) -> None:
    """Write the cache: the bodies to a new body file, then the pages, atomically. The
    loaded articles then read their paragraphs from it too (they need not stay in memory)."""
    try:
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
        pages = _encode(data, refs)
        with atomic_write(cache_file) as fh:
            pickle.dump({"format": FORMAT, "body": body_name, "body_size": body_path.stat().st_size},
                        fh, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(pages, fh, protocol=pickle.HIGHEST_PROTOCOL)
        del pages
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

