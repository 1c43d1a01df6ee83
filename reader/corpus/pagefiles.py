"""The page files of a corpus folder: found (:func:`scan`), named for display
(:func:`page_path` finds a file by its name again) and read into articles (:func:`read_page`).

The loader (:mod:`reader.corpus.corpus`) and the cache's self-repair
(:mod:`reader.corpus.cache`) both use it; it imports neither.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from reader.corpus.article import Article
from reader.corpus.errors import CorpusError  # noqa: F401 (raised here, and pagefiles' API)
from reader.corpus.layout import PagePlace
from reader.printable import file_label, is_utf8_name, printable

PAGE_SUFFIXES = (".txt",)
MAX_PAGE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class PageFile:
    """A page file as found on disk, with the fingerprint used to notice edits.

    *name* is the name as shown and as caches and the index know the file: readable and
    printable whatever the bytes on disk (``reader.printable.file_label``), unique in its
    corpus. Only *path* opens the file; article ids come from its bytes (:attr:`raw_name`)."""

    path: Path
    name: str  # its path relative to the corpus folder, "/" separated, as shown
    size: int
    mtime_ns: int
    raw: bytes = b""  # that path's bytes on disk (empty: its file name's)

    @property
    def raw_name(self) -> bytes:
        return self.raw or os.fsencode(self.path.name)

    @property
    def fingerprint(self) -> str:
        return f"{self.name}:{self.size}:{self.mtime_ns}"


def scan(root: str | os.PathLike, follow_links: bool = False) -> tuple[Path, list[PageFile], list[str]]:
    """The page files of *root* and its subfolders (sorted by relative path) and a warning
    per file or folder that was passed over, or whose name is shown otherwise than it is
    (not UTF-8, or holding control characters). ``PageFile.name`` is the path relative to
    *root*, ``/`` separated. Hidden files and folders and files not ending in .txt are
    skipped silently; a folder reached twice (a symlink loop) or unreadable is warned once.

    A symbolic link to a file or folder outside *root* (``x.txt -> /etc/passwd``) is passed
    over with a warning unless *follow_links*; links that stay inside *root* are followed."""
    path = Path(root).expanduser()
    if not path.exists():
        raise CorpusError(f"corpus folder not found: {path}")
    if not path.is_dir():
        raise CorpusError(f"corpus is not a folder: {path}")
    try:
        top = sorted(os.scandir(path), key=lambda e: e.name)
        st = path.stat()
    except OSError as exc:
        raise CorpusError(f"cannot read corpus folder {path}: {exc.strerror or exc}") from None
    files: list[PageFile] = []
    warnings: list[str] = []
    visited = {(st.st_dev, st.st_ino)}
    inside: list[Path] = []

    def outside(entry, label: str) -> bool:
        """A link out of the folder (warned), when links are not followed."""
        if follow_links or not entry.is_symlink():
            return False
        if not inside:
            inside.append(path.resolve())
        try:
            target = Path(entry.path).resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            warnings.append(f"{label}: skipped: {getattr(exc, 'strerror', None) or exc}")
            return True
        if not target.is_relative_to(inside[0]):
            warnings.append(f"{label}: skipped: a link to {printable(str(target))}, outside the corpus folder "
                            "(--follow-links or the follow_links setting reads it)")
            return True
        return False

    stack: list[tuple[str, bytes, list]] = [("", b"", top)]
    while stack:
        prefix, raw_prefix, entries = stack.pop()
        subdirs = []
        pages = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()  # follows symlinks
            except OSError:
                is_dir = False
            if is_dir:
                subdirs.append(entry)
            elif entry.name.endswith(PAGE_SUFFIXES):
                pages.append(entry)
        labels = _labels([e.name for e in pages])
        for entry in pages:
            label = prefix + labels[entry.name]
            try:
                st = entry.stat()  # follows symlinks; a loop raises ELOOP
            except OSError as exc:
                warnings.append(f"{label}: skipped: {exc.strerror or exc}")
                continue
            if not entry.is_file():
                warnings.append(f"{label}: skipped: not a regular file")
                continue
            if outside(entry, label):
                continue
            if st.st_size > MAX_PAGE_BYTES:
                warnings.append(
                    f"{label}: skipped: {st.st_size / 2**20:.0f} MiB is larger than a page "
                    f"can be ({MAX_PAGE_BYTES // 2**20} MiB)"
                )
                continue
            if labels[entry.name] != entry.name:
                how = ("is not valid UTF-8; shown " + ("decoded as GB18030" if "\\x" not in label else "with its bytes as \\xNN")
                       if not is_utf8_name(entry.name) else "has control characters; shown as pictures (␛ for ESC)")
                warnings.append(f"{label}: the file name {how}")
            raw = raw_prefix + os.fsencode(entry.name) if raw_prefix else b""
            files.append(PageFile(Path(entry.path), label, st.st_size, st.st_mtime_ns, raw))
        dir_labels = _labels([e.name for e in subdirs])
        for entry in reversed(subdirs):
            label = prefix + dir_labels[entry.name]
            try:
                if outside(entry, label + "/"):
                    continue
                dst = entry.stat()
                key = (dst.st_dev, dst.st_ino)
                if key in visited:
                    warnings.append(f"{label}/: skipped: a folder already read (a symlink loop?)")
                    continue
                visited.add(key)
                children = sorted(os.scandir(entry.path), key=lambda e: e.name)
            except OSError as exc:
                warnings.append(f"{label}/: skipped: {exc.strerror or exc}")
                continue
            stack.append((label + "/", raw_prefix + os.fsencode(entry.name) + b"/", children))
    files.sort(key=lambda f: f.name)
    if not files and not warnings:
        raise CorpusError(f"no page files (*.txt) in {path}")
    return path, files, warnings


def _labels(names: list[str]) -> dict[str, str]:
    """Each file name's label (``file_label``), unique: names shown as they are keep theirs;
    another name whose label is taken is shown by its bytes (``\\xNN``), then numbered."""
    out = {n: n for n in names if file_label(n) == n}
    used = set(out)
    for n in names:
        if n in out:
            continue
        label = file_label(n)
        if label in used:
            label = printable(os.fsencode(n).decode("utf-8", "backslashreplace"))
        base, k = label, 1
        while label in used:
            k += 1
            label = f"{base} ({k})"
        out[n] = label
        used.add(label)
    return out


def page_path(root: Path, name: str) -> Path:
    """The file on disk of the page file named *name* (a :class:`PageFile` name, a path
    relative to *root*) in *root*: each part found by its label where it is not shown as
    it is on disk."""
    path = Path(root) / name
    if file_label(name) == name and os.path.lexists(path):  # shown as it is: its own name on disk
        return path
    where = Path(root)
    parts = name.split("/")
    for k, part in enumerate(parts):
        last = k == len(parts) - 1
        if file_label(part) == part and os.path.lexists(where / part):
            where = where / part
            continue
        try:
            entries = [e.name for e in os.scandir(where) if not e.name.startswith(".")
                       and (e.name.endswith(PAGE_SUFFIXES) if last else e.is_dir())]
        except OSError:
            return path
        found = next((raw for raw, label in _labels(sorted(entries)).items() if label == part), None)
        if found is None:
            return path
        where = where / found
    return where


def read_page(file: PageFile, page: int) -> tuple[list[Article], str | None, PagePlace | None]:
    """The articles of one page file, if anything was wrong with it one warning, and what
    a page header line on top of it says."""
    from reader.corpus.decode import UnreadablePage, decode_page
    from reader.corpus.page import page_header, parse_page

    try:
        data = file.path.read_bytes()
    except OSError as exc:
        return [], f"{file.name}: skipped: {exc.strerror or exc}", None
    try:
        decoded = decode_page(data)
    except UnreadablePage as exc:
        return [], f"{file.name}: skipped: {exc}", None
    articles = parse_page(decoded.text, file.name, page, key=file.raw_name)
    header = page_header(decoded.text)
    if decoded.notes:
        return articles, f"{file.name}: loaded with repairs: {'; '.join(decoded.notes)}", header
    return articles, None, header
