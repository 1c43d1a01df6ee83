"""The first screenful of a corpus, for showing before the whole corpus is loaded.

Loading 100 000 cached articles takes over a second; a reader's first screen needs the
first few dozen. After each full load, :func:`write_preview` keeps the first articles, the
article count and the warnings in a small file; :class:`CorpusLoader` gives them back at
the next launch — when the folder's page files and the parser are unchanged — so the app
paints them at once and loads the rest behind them.
"""

from __future__ import annotations

import os
import pickle
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

from reader.corpus.article import Article
from reader.corpus.corpus import Corpus, PageFile, load_corpus, parser_version, scan

PREVIEW_ARTICLES = 120  # two lines an article: a 240-line terminal's worth
FORMAT = 1


@dataclass(frozen=True)
class Preview:
    articles: list[Article]  # the corpus's first articles, in order, complete
    total: int  # articles in the whole corpus
    warnings: list[str]


class CorpusLoader:
    """A corpus folder, checked (raises CorpusError as load_corpus does), with its preview
    if one is current; :meth:`load` loads the whole corpus."""

    def __init__(self, root: str | os.PathLike, cache_dir: str | os.PathLike | None = None):
        self.root, self.files, self.scan_warnings = scan(root)
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.preview = read_preview(self.root, self.files, self.cache_dir) if self.cache_dir else None

    def load(self) -> Corpus:
        corpus = load_corpus(self.root, self.cache_dir)
        if self.cache_dir is not None:
            write_preview(corpus, self.cache_dir, self.preview)
        return corpus


def _preview_file(root: Path, cache_dir: Path) -> Path:
    key = zlib.crc32(str(root.resolve()).encode("utf-8", "surrogateescape"))
    return Path(cache_dir) / "preview" / f"{key:08x}.pickle"


def _version(files: list[PageFile]) -> str:
    return f"{Corpus(Path('.'), files, []).fingerprint}-{parser_version()}-{FORMAT}"


def read_preview(root: Path, files: list[PageFile], cache_dir: Path) -> Preview | None:
    try:
        with open(_preview_file(root, cache_dir), "rb") as fh:
            data = pickle.load(fh)
        if not isinstance(data, dict) or data.get("version") != _version(files):
            return None
        preview = data["preview"]
        return preview if isinstance(preview, Preview) else None
    except Exception:  # missing, partial or stale: the app paints once the corpus is loaded
        return None


def write_preview(corpus: Corpus, cache_dir: Path, known: Preview | None = None) -> None:
    """Keep *corpus*'s first articles (paragraphs included: they are few) for next time."""
    head = [replace(a, paragraphs=tuple(a.paragraphs)) for a in corpus.articles[:PREVIEW_ARTICLES]]
    preview = Preview(head, len(corpus.articles), list(corpus.warnings))
    if known == preview:
        return
    path = _preview_file(corpus.root, cache_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp-{os.getpid()}")
        with open(tmp, "wb") as fh:
            pickle.dump({"version": _version(corpus.files), "preview": preview}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # only the next launch's first paint waits for the whole corpus
