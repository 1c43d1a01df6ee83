"""A corpus: a folder of page files, loaded into pages and articles."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from reader.corpus.article import Article
from reader.corpus.decode import MAX_PAGE_BYTES, UnreadablePage, decode_page
from reader.corpus.page import parse_page

PAGE_SUFFIXES = (".txt",)


class CorpusError(Exception):
    """The corpus folder itself cannot be used (missing, not a folder, unreadable)."""


@dataclass(frozen=True)
class PageFile:
    """A page file as found on disk, with the fingerprint used to notice edits."""

    path: Path
    name: str
    size: int
    mtime_ns: int

    @property
    def fingerprint(self) -> str:
        return f"{self.name}:{self.size}:{self.mtime_ns}"


@dataclass
class Corpus:
    root: Path
    files: list[PageFile]
    articles: list[Article]
    warnings: list[str] = field(default_factory=list)
    _by_id: dict[str, Article] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {a.id: a for a in self.articles}

    def get(self, article_id: str) -> Article | None:
        return self._by_id.get(article_id)

    def find(self, prefix: str) -> list[Article]:
        """Articles whose id starts with *prefix* (ids may be abbreviated, as in git)."""
        if prefix in self._by_id:
            return [self._by_id[prefix]]
        return [a for a in self.articles if a.id.startswith(prefix)] if prefix else []

    @property
    def fingerprint(self) -> str:
        h = hashlib.blake2b(digest_size=12)
        for f in self.files:
            h.update(f.fingerprint.encode("utf-8", "surrogateescape") + b"\n")
        return h.hexdigest()


def scan(root: str | os.PathLike) -> tuple[Path, list[PageFile], list[str]]:
    """The page files of *root* (sorted by name) and a warning per file that was passed over."""
    path = Path(root).expanduser()
    if not path.exists():
        raise CorpusError(f"corpus folder not found: {path}")
    if not path.is_dir():
        raise CorpusError(f"corpus is not a folder: {path}")
    try:
        entries = sorted(os.scandir(path), key=lambda e: e.name)
    except OSError as exc:
        raise CorpusError(f"cannot read corpus folder {path}: {exc.strerror or exc}") from None
    files, warnings = [], []
    for entry in entries:
        if not entry.name.endswith(PAGE_SUFFIXES) or entry.name.startswith("."):
            continue
        try:
            st = entry.stat()  # follows symlinks; a loop raises ELOOP
        except OSError as exc:
            warnings.append(f"{entry.name}: skipped: {exc.strerror or exc}")
            continue
        if not entry.is_file():
            warnings.append(f"{entry.name}: skipped: not a regular file")
            continue
        if st.st_size > MAX_PAGE_BYTES:
            warnings.append(
                f"{entry.name}: skipped: {st.st_size / 2**20:.0f} MiB is larger than a page "
                f"can be ({MAX_PAGE_BYTES // 2**20} MiB)"
            )
            continue
        files.append(PageFile(Path(entry.path), entry.name, st.st_size, st.st_mtime_ns))
    if not files and not warnings:
        raise CorpusError(f"no page files (*.txt) in {path}")
    return path, files, warnings


def read_page(file: PageFile, page: int) -> tuple[list[Article], str | None]:
    """The articles of one page file and, if anything was wrong with it, one warning."""
    try:
        data = file.path.read_bytes()
    except OSError as exc:
        return [], f"{file.name}: skipped: {exc.strerror or exc}"
    try:
        decoded = decode_page(data)
    except UnreadablePage as exc:
        return [], f"{file.name}: skipped: {exc}"
    articles = parse_page(decoded.text, file.name, page)
    if decoded.notes:
        return articles, f"{file.name}: loaded with repairs: {'; '.join(decoded.notes)}"
    return articles, None


def load_corpus(root: str | os.PathLike) -> Corpus:
    """Load every readable page of *root*. Raises CorpusError if the folder is unusable."""
    path, files, warnings = scan(root)
    articles: list[Article] = []
    seen: set[str] = set()
    for page, file in enumerate(files):
        page_articles, warning = read_page(file, page)
        if warning:
            warnings.append(warning)
        for article in page_articles:
            if article.id in seen:  # the same text twice in one page: keep ids unique
                article = replace(article, id=f"{article.id}-{article.order}")
            seen.add(article.id)
            articles.append(article)
    return Corpus(path, files, articles, warnings)

