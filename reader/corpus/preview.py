"""The first screenful of a corpus, for showing before the whole corpus is loaded.

Loading 100 000 cached articles takes over a second; a reader's first screen needs the
first few dozen. After each full load, :func:`write_preview` keeps the first articles, the
article and page counts and the warnings in a small file; :class:`CorpusLoader` gives them
back at the next launch, so the app paints them at once and loads the rest behind them.

Checking the preview must cost less than what it saves: it is trusted when the parser is
the same, the folder's own modification time is (adding, removing or renaming a page file
changes it) and the page files the preview's articles come from are unchanged. A page
further on edited in place can leave the article count shown stale until the full load,
a second later, corrects it — never the articles on screen.

The file is JSON in a :mod:`reader.cachefile` frame, checked whole (it is small): nothing
in it can run code, and a damaged one is written again after the full load, with a notice.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reader import cachefile, cachenames, notices
from reader.corpus.article import Article, Byline, Dateline, Section
from reader.corpus.archivefiles import own_files
from reader.corpus.errors import CorpusError
from reader.corpus.version import parser_version
from reader.paths import private_dir

if TYPE_CHECKING:
    from reader.corpus.corpus import Corpus

# The scanner and the parser (reader.corpus.corpus) are imported only where they are used:
# painting a current preview needs neither (~8 ms of imports before the first paint).

PREVIEW_ARTICLES = 120  # two lines an article: a 240-line terminal's worth
KIND = "preview"
FORMAT = 6


@dataclass(frozen=True)
class Preview:
    articles: list[Article]  # the corpus's first articles, in order, complete
    total: int  # articles in the whole corpus
    pages: int  # page files
    warnings: list[str]


class CorpusLoader:
    """A corpus folder, with its preview if one is current; :meth:`load` loads the whole
    corpus. Raises CorpusError as load_corpus does for a folder that cannot be used (with
    a current preview, only for a missing folder; the rest shows when loading)."""

    def __init__(self, root: str | os.PathLike, cache_dir: str | os.PathLike | None = None,
                 follow_links: bool = False):
        self.root = Path(root).expanduser()
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.follow_links = follow_links
        if self.cache_dir is not None:  # nothing is read from a folder others could write in
            private_dir(self.cache_dir, "cache dir", create=False, disposable=True)
        self.preview = read_preview(self.root, self.cache_dir, follow_links) if self.cache_dir else None
        if self.preview is None:
            from reader.corpus.corpus import scan

            self.root, files, _ = scan(self.root, follow_links)  # a bad folder is an error now, not later
            self.pages = len(files)
        else:
            self.pages = self.preview.pages

    def load(self) -> Corpus:
        from reader.corpus.corpus import load_corpus

        corpus = load_corpus(self.root, self.cache_dir, self.follow_links)
        if self.cache_dir is not None:
            write_preview(corpus, self.cache_dir, self.preview)
        return corpus


def _stamp(root: Path, names: list[str], follow_links: bool = False) -> list | None:
    """What must be unchanged for a preview to hold: the folder's and its pages' stats (by
    their names on disk), and whether links out of the folder were read."""
    try:
        folder = os.stat(root).st_mtime_ns
        files = []
        for name in names:
            st = os.stat(root / name)
            files.append((name, st.st_size, st.st_mtime_ns))
    except OSError:
        return None
    # the archive's own reader.toml and manifest say where the pages are: changed, stale
    own = [list(stat) for stat in own_files(root)]
    return [FORMAT, parser_version(), folder, [list(f) for f in files], follow_links, own]


def _date_json(d: Dateline | None) -> list | None:
    return [d.month, d.day, d.end_day, d.year, d.end_month] if d else None


def _article_json(a: Article) -> list:
    return [a.id, a.title, list(a.subtitles), _date_json(a.date), list(a.authors),
            a.source, a.page, a.order, a.continued_from, list(a.paragraphs),
            [[list(s.headings), s.start, s.end, list(s.authors)] for s in a.sections],
            [[b.raw, list(b.authors), b.after] for b in a.bylines], a.marker, a.title_inferred,
            a.paper, a.issue.isoformat() if a.issue else None, a.page_no, a.page_name, _date_json(a.dateline),
            a.continues_to]


_FIELDS = ("id", "title", "subtitles", "date", "authors", "source", "page", "order", "continued_from",
           "paragraphs", "sections", "bylines", "marker", "title_inferred",
           "paper", "issue", "page_no", "page_name", "dateline", "continues_to")


def _article(v: list) -> Article:
    """The article of :func:`_article_json` (its checksum held: our own output)."""
    if len(v) != len(_FIELDS):
        raise ValueError("not an article")
    v = list(v)
    v[2], v[4], v[9] = tuple(v[2]), tuple(v[4]), tuple(v[9])
    v[3] = Dateline(*v[3]) if v[3] else None
    v[10] = tuple(Section(tuple(h), s, e, tuple(au)) for h, s, e, au in v[10])
    v[11] = tuple(Byline(raw, tuple(au), after) for raw, au, after in v[11])
    v[13] = bool(v[13])
    v[15] = date.fromisoformat(v[15]) if v[15] else None
    v[18] = Dateline(*v[18]) if v[18] else None
    a = object.__new__(Article)  # the frozen dataclass's __init__ sets fields one by one
    a.__dict__.update(zip(_FIELDS, v))
    return a


def read_preview(root: Path, cache_dir: Path, follow_links: bool = False) -> Preview | None:
    try:
        if not root.is_dir():
            raise CorpusError(f"corpus folder not found: {root}" if not root.exists() else f"corpus is not a folder: {root}")
        path = cachenames.preview_file(cache_dir, root)
        _, payload = cachefile.read(path, KIND, FORMAT, path.stem)
    except CorpusError:
        raise
    except (OSError, cachefile.Damaged) as exc:  # the app paints once the corpus is loaded
        if not isinstance(exc, FileNotFoundError):
            notices.notice(f"the first-screen preview was unreadable ({exc}); it is written again")
        return None
    try:
        data = json.loads(payload.decode("utf-8", "surrogatepass"))
        if _stamp(root, data["sources"], follow_links) != data["stamp"]:
            return None  # stale: the folder changed
        return Preview([_article(v) for v in data["articles"]], int(data["total"]), int(data["pages"]),
                       [str(w) for w in data["warnings"]])
    except Exception as exc:  # inconsistent (its checksum held): treat as damaged
        notices.notice(f"the first-screen preview was inconsistent ({type(exc).__name__}); it is written again")
        return None


def write_preview(corpus: Corpus, cache_dir: Path, known: Preview | None = None) -> None:
    """Keep *corpus*'s first articles (paragraphs included: they are few) for next time."""
    head = [replace(a, paragraphs=tuple(a.paragraphs)) for a in corpus.articles[:PREVIEW_ARTICLES]]
    preview = Preview(head, len(corpus.articles), len(corpus.files), list(corpus.warnings))
    last = max((a.page for a in head), default=-1)
    # their paths in the folder as on disk (skipped duplicates included)
    names = [str(f.path.relative_to(corpus.root)) for f in corpus.files[: last + 1]]
    stamp = _stamp(corpus.root, names, corpus.follow_links)
    if stamp is None:
        return
    path = cachenames.preview_file(cache_dir, corpus.root)
    try:
        if known == preview and read_preview(corpus.root, cache_dir, corpus.follow_links) == preview:
            return
        data = {"stamp": stamp, "sources": names, "total": preview.total, "pages": preview.pages,
                "warnings": preview.warnings, "articles": [_article_json(a) for a in head]}
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        cachefile.write(path, KIND, FORMAT, path.stem, payload, sync=False)
    except OSError:
        pass  # only the next launch's first paint waits for the whole corpus

