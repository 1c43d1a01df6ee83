"""The parsed-pages cache of a corpus folder: articles as columns, bodies in a body file.

Layout, in the cache dir's ``corpus/`` folder:

- ``<folder key>-<parser version>.cache``: the pages — name, fingerprint, warning, content
  digest, article count — and their articles written column by column (see below), as
  JSON and arrays of numbers in a :mod:`reader.cachefile` frame (checked whole on every
  load: a few ms);
- ``<…>-<token>.body``: the articles' paragraphs (:mod:`reader.corpus.body`), each with a
  CRC-32 kept here and checked on every read.

Nothing in either can run code. It is an optimisation: a cache that is unreadable or
inconsistent means parsing again, with a notice (:mod:`reader.notices`); a body that fails
its check is read again from its page file, and the cache is dropped so the next load
rebuilds it; a cache dir that cannot be written only costs parsing time. This module is
not part of the parser's version, so changing the cache format does not invalidate
search indexes.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from array import array
from pathlib import Path

from reader import cachefile, cachenames, notices
from reader.corpus.article import Article, Byline, Dateline, Section
from reader.corpus.body import BodyError, BodyFile, Paragraphs, write_bodies
from reader.corpus.layout import PagePlace
from reader.corpus.pagefiles import PageFile, page_path, read_page

KIND = "corpus"
FORMAT = 8

_ARTICLE_FIELDS = ("id", "title", "subtitles", "date", "authors", "source", "page", "order",
                   "continued_from", "paragraphs", "sections", "bylines", "marker", "title_inferred",
                   "dateline", "continues_to")
# not cached: what the page's place says, from the layout on each load (a manifest or
# reader.toml may change while the page does not)
LAYOUT_FIELDS = ("paper", "issue", "page_no", "page_name")
_ARRAYS = {"date": "q", "authors": "q", "subtitles": "q", "source": "q", "page": "q", "order": "q", "offset": "q", "length": "q", "count": "q",
           "crc": "I", "bylines": "q", "byline_authors": "q", "byline_after": "q", "inferred": "B"}


def _source(cache_file: Path) -> str:
    """What a cache file is built from: its folder (by key) and parser version — its name."""
    return cache_file.stem


def _body_name(cache_file: Path) -> str | None:
    """The body file a cache file names (cheaply: its header only), if it is readable."""
    try:
        fd = os.open(cache_file, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        return cachefile.read_header_of(fd, KIND, FORMAT, _source(cache_file)).get("body")
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)


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


def _encode(pages: dict, refs: dict[int, tuple[int, int, int, int]]) -> tuple[dict, dict]:
    """(JSON-able columns, arrays of numbers) of the cache's pages and articles."""
    names = _Table()  # tuples of strings (authors, subtitles)
    dates = _Table()
    sources = _Table()  # (JSON would make a string per article; a pickle kept one per page)
    cols: dict = {k: [] for k in ("id", "title", "continued_from", "continues_to", "sections", "marker", "byline_raw")}
    nums = {k: array(tc) for k, tc in _ARRAYS.items()}
    meta = []
    for name, (fp, articles, warning, digest, header) in pages.items():
        head = (header.page, header.page_name, header.section) if header is not None else None
        meta.append((name, fp, warning, digest, len(articles), head))
        for a in articles:
            d = a.dateline  # as printed (a year only if printed): the may change
            cols["id"].append(a.id)
            cols["title"].append(a.title)
            nums["subtitles"].append(names(a.subtitles))
            nums["date"].append(dates((d.month, d.day, d.end_day, d.year, d.end_month)) if d else -1)
            nums["authors"].append(names(a.authors))
            nums["source"].append(sources(a.source))
            nums["page"].append(a.page)
            nums["order"].append(a.order)
            cols["continued_from"].append(a.continued_from)
            cols["continues_to"].append(a.continues_to)
            offset, length, count, crc = refs.get(id(a.paragraphs)) or (-1, 0, 0, 0)
            nums["offset"].append(offset)
            nums["length"].append(length)
            nums["count"].append(count)
            nums["crc"].append(crc)
            cols["sections"].append(tuple((s.headings, s.start, s.end, names(s.authors)) for s in a.sections))
            nums["bylines"].append(len(a.bylines))
            for b in a.bylines:
                cols["byline_raw"].append(b.raw)
                nums["byline_authors"].append(names(b.authors))
                nums["byline_after"].append(b.after)
            cols["marker"].append(a.marker)
            nums["inferred"].append(a.title_inferred)
    return {"pages": meta, "names": names.values, "dates": dates.values, "sources": sources.values,
            "cols": cols}, nums


def _decode(data: dict, nums: dict, body: BodyFile) -> dict:
    names = [tuple(n) for n in data["names"]]
    dates = [Dateline(*d) for d in data["dates"]]
    cols, inferred = data["cols"], nums["inferred"]
    ids, titles, source_names = cols["id"], cols["title"], data["sources"]
    subtitles, sources = nums["subtitles"], nums["source"]
    continued, sections, markers = cols["continued_from"], cols["sections"], cols["marker"]
    continues = cols["continues_to"]
    date_k, author_k, page, order = nums["date"], nums["authors"], nums["page"], nums["order"]
    offset, length, count, crc = nums["offset"], nums["length"], nums["count"], nums["crc"]
    n_bylines, b_raw, b_authors, b_after = nums["bylines"], cols["byline_raw"], nums["byline_authors"], nums["byline_after"]
    n = len(ids)
    if any(len(c) != n for c in (titles, continued, continues, sections, markers)) or any(
            len(nums[k]) != n for k in _ARRAYS if not k.startswith("byline_")):
        raise ValueError("columns of different lengths")
    if len(b_authors) != len(b_raw) or len(b_after) != len(b_raw):
        raise ValueError("byline columns of different lengths")
    new, fields = object.__new__, _ARTICLE_FIELDS
    out: dict = {}
    start = j = 0
    for name, fp, warning, digest, n, head in data["pages"]:
        articles = []
        for i in range(start, start + n):
            k = n_bylines[i]
            bylines = tuple(Byline(b_raw[x], names[b_authors[x]], b_after[x]) for x in range(j, j + k)) if k else ()
            j += k
            secs = tuple(Section(tuple(h), s, e, names[au]) for h, s, e, au in sections[i]) if sections[i] else ()
            dk = date_k[i]
            a = new(Article)  # the frozen dataclass's __init__ would set fields one by one
            a.__dict__.update(zip(fields, (
                ids[i], titles[i], names[subtitles[i]], dates[dk] if dk >= 0 else None, names[author_k[i]],
                source_names[sources[i]],
                page[i], order[i], continued[i],
                Paragraphs(body, offset[i], length[i], count[i], crc[i]) if offset[i] >= 0 else (),
                secs, bylines, markers[i], bool(inferred[i]), dates[dk] if dk >= 0 else None,
                continues[i],
            )))
            articles.append(a)
        start += n
        out[name] = (fp, articles, warning, digest, PagePlace(None, None, *head) if head else None)
    if start != len(ids) or j != len(b_raw):
        raise ValueError("the cache's columns do not add up")
    return out


class _Healer:
    """Reads a body that failed its check again from its page file (a page parse: a few
    ms), says so once, and drops the cache so that the next load rebuilds it."""

    def __init__(self, root: Path, cache_file: Path, body: BodyFile, pages: list, offsets: array):
        self.root, self.cache_file, self.body = root, cache_file, body
        self.pages, self.offsets = pages, offsets
        self._lock = threading.Lock()

    def __call__(self, offset: int) -> tuple[str, ...]:
        with self._lock:
            try:
                i = self.offsets.index(offset)
            except ValueError:
                raise BodyError(f"{self.body.path.name}: no body at {offset}") from None
            start = 0
            for name, _fp, _warning, _digest, n, *_head in self.pages:
                if i < start + n:
                    break
                start += n
            path = page_path(self.root, name)  # a name not UTF-8 is shown otherwise than on disk
            try:
                st = path.stat()
            except OSError as exc:
                raise BodyError(f"{self.body.path.name}: damaged, and {name} is gone: {exc.strerror}") from None
            articles, _, _ = read_page(PageFile(path, name, st.st_size, st.st_mtime_ns), 0)
            if i - start >= len(articles):
                raise BodyError(f"{self.body.path.name}: damaged, and {name} has changed")
            body = tuple(articles[i - start].paragraphs)
            if _body_name(self.cache_file) == self.body.path.name:
                try:
                    self.cache_file.unlink()
                except OSError:
                    pass
        notices.notice(f"the corpus cache was damaged ({self.body.path.name}); read the pages again "
                       "from the page files and dropped the cache, which the next load rebuilds")
        return body


def read_cache(cache_file: Path, root: Path | None = None) -> tuple[dict, str | None]:
    """({page file path: (fingerprint, articles, warning, digest, page header)}, None), or ({}, why)
    when there is no usable cache: why is None for a missing one (a first load), and says
    what was wrong with one that is damaged, of another format or inconsistent. With
    *root*, a body that fails its check later is read again from its page file."""
    try:
        header, payload = cachefile.read(cache_file, KIND, FORMAT, _source(cache_file))
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        return {}, f"{cache_file.name}: {exc.strerror or exc}"
    except cachefile.Damaged as exc:
        return {}, str(exc)
    body = None
    try:
        data = json.loads(payload[: header["json"]].decode("utf-8", "surrogatepass"))
        nums = {}
        for name, (tc, offset, count) in header["arrays"].items():
            if _ARRAYS.get(name) != tc:
                raise ValueError(f"unexpected column {name}")
            a = array(tc)
            a.frombytes(payload[offset : offset + count * a.itemsize])
            if len(a) != count:
                raise ValueError(f"column {name} cut short")
            nums[name] = a
        if set(nums) != set(_ARRAYS):
            raise ValueError("columns missing")
        del payload
        body = BodyFile(cache_file.parent / header["body"], header["body_size"], header["body_source"])
        pages = _decode(data, nums, body)
        if root is not None:
            body.heal = _Healer(Path(root), cache_file, body, data["pages"], nums["offset"])
        return pages, None
    except FileNotFoundError:
        why = f"its body file {header.get('body')} is missing"
    except (BodyError, OSError) as exc:
        why = str(exc)
    except Exception as exc:  # any inconsistency: parse again
        why = f"{cache_file.name}: inconsistent ({type(exc).__name__})"
    if body is not None:
        body.close()
    return {}, why


def write_cache(cache_file: Path, data: dict, articles: list[Article], root: Path | None = None) -> None:
    """Write the cache: the bodies to a new body file, then the pages, atomically. The
    loaded articles then read their paragraphs from it too (they need not stay in memory;
    with *root*, one that fails its check is read again from its page file)."""
    try:
        body_path = cachenames.corpus_body(cache_file, f"{os.getpid()}-{time.time_ns():x}")
        body_name = body_path.name
        owners: list = []  # every body once (an article copied for a new id shares its body)
        seen: set[int] = set()
        for _, page_articles, _, _, _ in data.values():
            for a in page_articles:
                if a.paragraphs and id(a.paragraphs) not in seen:
                    seen.add(id(a.paragraphs))
                    owners.append(a.paragraphs)
        body_source = hashlib.blake2b(body_name.encode(), digest_size=8).hexdigest()
        placed = write_bodies(body_path, owners, body_source)
        refs = {id(p): ref for p, ref in zip(owners, placed)}
        cols, nums = _encode(data, refs)
        blob = json.dumps(cols, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        cols_pages = cols["pages"]
        del cols
        with cachefile.writing(cache_file, KIND, FORMAT, _source(cache_file)) as w:
            w.write(blob)
            offset = len(blob)
            arrays = {}
            for name, a in nums.items():
                pad = -offset % 8
                w.write(b"\0" * pad)
                offset += pad
                arrays[name] = (a.typecode, offset, len(a))
                data_ = a.tobytes()
                w.write(data_)
                offset += len(data_)
            w.header.update(json=len(blob), arrays=arrays, body=body_name, body_size=body_path.stat().st_size,
                            body_source=body_source)
        pages_meta, offsets = cols_pages, nums["offset"]
        del blob, nums
        # older bodies, and files of an older parser or format; another process may have
        # written the cache since: keep the body it names (open files stay readable once unlinked)
        current = _body_name(cache_file)
        for stale in cachenames.of_the_same_folder(cache_file):
            if stale != cache_file and stale.name != current and ".tmp-" not in stale.name:
                stale.unlink(missing_ok=True)
        body = BodyFile(body_path, source=body_source)
        if root is not None:
            body.heal = _Healer(Path(root), cache_file, body, pages_meta, offsets)
        for group in (articles, *(entry[1] for entry in data.values())):
            for a in group:
                ref = refs.get(id(a.paragraphs))
                if ref is not None:
                    object.__setattr__(a, "paragraphs", Paragraphs(body, *ref))
    except (OSError, BodyError):
        pass  # a cache is an optimisation: a read-only cache dir only costs parsing time
