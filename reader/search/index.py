"""The on-disk index of one corpus folder: where it lives, when it is stale, how it is
(re)built and updated safely.

- One index per corpus folder under the cache dir, keyed by the folder's absolute path.
- A manifest (JSON, written atomically after each commit) records the schema version and
  the fingerprint (name, size, mtime) of every page file indexed. Opening compares it with
  the folder: added, removed and edited files are updated; nothing else is touched.
- The manifest also records each index file's size and CRC-32 (and its own checksum):
  before Whoosh reads a byte (its TOC is a pickle), the folder must hold exactly those
  files, whole — a few ms per 10 MB. A damaged index is rebuilt, with a notice.
- A full build happens in a fresh folder that replaces the old one by rename, so a build
  killed half-way leaves the previous index (or none) — never a half-built one.
- An index that cannot be opened, or of an older schema, is rebuilt with a notice.
- An exclusive file lock serialises builders across processes; readers never wait.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from reader import cachenames
from reader.corpus import Article, Corpus
from reader.corpus.version import parser_version
from reader.files import atomic_write, remove_leftovers
from reader.paths import private_dir, private_mkdir
from reader.search.analyzer import custom_words, jieba_instance, tokenizer
from reader.search.buildlock import Waiting, build_lock
from reader.search.segments import merge_updates
from reader.search.normalize import normalize, normalize_version
from reader.search.schema import SCHEMA_VERSION, build_schema

Progress = Callable[[int, int], None]  # (done, total)
PARALLEL_MIN = 400  # articles; below this, one process is faster than starting two
WRITER_MB = 1024  # per writer process
CHUNK = 5000  # articles per commit: small enough that a writer never spills to disk


@dataclass
class UpdateReport:
    """What opening the index did."""

    built: bool = False  # a full (re)build
    added: int = 0  # articles indexed
    removed_files: int = 0
    updated_files: int = 0
    seconds: float = 0.0
    chars: int = 0
    notice: str | None = None  # why a rebuild happened, for the user

    @property
    def did_work(self) -> bool:
        return self.built or self.added > 0 or self.removed_files > 0


def article_text(article: Article) -> str:
    """The normalised searchable text of an article: title, subtitles, headings, paragraphs."""
    return normalize("\n".join(article.texts()))


def _open_index(path: Path):
    """Open the index for reading through plain file reads, not memory maps: Whoosh's maps
    touch most of the index's pages on open, and every touched page counts in the app's
    resident memory (+38 MB at 10k articles) for no speed gained here. (Its files are
    written private: see PrivateStorage.)"""
    from reader.search.storage import open_index

    return open_index(path, supports_mmap=False)


def create_index(path: Path, schema):
    from reader.search.storage import create_index as create

    return create(path, schema)




def text_file_for(corpus: Corpus, cache_dir: Path) -> Path:
    """Where the normalised text of this version of the corpus is kept (a
    :class:`~reader.search.textstore.MappedTextStore`): named after the folder, and after
    the page files, the parser, the folding table and the articles it holds."""
    version = hashlib.blake2b(digest_size=8)
    for part in (corpus.fingerprint, parser_version(), normalize_version(), str(len(corpus.articles))):
        version.update(part.encode() + b"\0")
    for a in corpus.articles:
        version.update(a.id.encode("utf-8", "surrogateescape") + b"\0")
    return cachenames.text_file(cache_dir, corpus.root, version.hexdigest())


def open_text(corpus: Corpus, path: Path, pieces=None, fold=normalize, old=None):
    """The corpus's normalised text, from its cache file *path* (see :func:`text_file_for`;
    written first if missing or unreadable, from *pieces* — each article's, folded by *fold*,
    or its number in the store *old* — or from the articles); older versions of this
    folder's text are removed."""
    from reader import notices
    from reader.search.textstore import MappedTextStore

    count = len(corpus.articles)
    try:
        return MappedTextStore(path, path.stem, count)
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as exc:
        notices.notice(f"the text cache was unreadable ({exc}); rebuilt it")
    if pieces is None:
        pieces, fold = (a.texts() for a in corpus.articles), normalize
    store = MappedTextStore.build(path, pieces, fold, count, path.stem, old)
    for stale in cachenames.of_the_same_folder(path):
        if not stale.name.startswith(path.stem + ".") and ".tmp-" not in stale.name:  # (its .chars stays)
            stale.unlink(missing_ok=True)  # open maps of it stay valid
    return store


class IndexDamaged(Exception):
    """The index folder does not hold what its manifest lists."""


def _manifest_crc(data: dict) -> int:
    return zlib.crc32(json.dumps(data, sort_keys=True, ensure_ascii=True).encode("ascii"))


def _index_names(directory: Path) -> set[str]:
    """The index's own files in *directory* (not the manifest, not Whoosh's lock file)."""
    try:
        names = {e.name for e in os.scandir(directory)}
    except OSError:
        return set()
    return {n for n in names if not n.startswith(("manifest.json", VERIFIED)) and not n.endswith("WRITELOCK")}


VERIFIED = "verified.json"  # which index files were checked whole, by their stat (see _check)
STAMP_AFTER_NS = 2_000_000_000


def _read_stamps(directory: Path) -> dict:
    try:
        data = json.loads((directory / VERIFIED).read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _file_crc(path: Path) -> int | None:
    """The file's CRC-32, read a MiB at a time into one buffer (~1 ms per MB on a busy
    machine; fresh buffers or a memory map cost page faults on top)."""
    buf = bytearray(1 << 20)
    view = memoryview(buf)
    crc = 0
    try:
        with open(path, "rb", buffering=0) as fh:
            while n := fh.readinto(buf):
                crc = zlib.crc32(view[:n], crc)
    except OSError:
        return None
    return crc


def _index_files(directory: Path) -> dict[str, list[int]]:
    return {name: [(directory / name).stat().st_size, _file_crc(directory / name)]
            for name in sorted(_index_names(directory))}


class IndexStore:
    def __init__(self, corpus: Corpus, cache_dir: Path):
        self.corpus = corpus
        self.cache_dir = private_dir(cache_dir, "cache dir", create=False, disposable=True)
        self.path = cachenames.index_dir(self.cache_dir, corpus.root)
        self.manifest_path = self.path / "manifest.json"

    # -- locking and manifest -------------------------------------------------------------
    def read_manifest(self) -> dict | None:
        """The manifest, if it is readable and whole (its own checksum holds)."""
        try:
            data = json.loads(self.manifest_path.read_bytes().decode("utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict):
            return None
        if "crc" in data and data.pop("crc") != _manifest_crc(data):
            return None  # (one without a checksum is an older version's: rebuilt as such)
        return data

    def _write_manifest(self, directory: Path, files: dict[str, str]) -> None:
        data = {"schema": SCHEMA_VERSION, "parser": parser_version(), "words": custom_words().digest,
                "corpus": str(self.corpus.root.resolve()), "files": files,
                "index": _index_files(directory)}
        data["crc"] = _manifest_crc(data)
        with atomic_write(directory / "manifest.json", sync=False) as fh:
            fh.write(json.dumps(data, indent=1).encode("ascii"))

    def _check(self, manifest: dict) -> None:
        """Raise IndexDamaged unless the index folder holds exactly the files the manifest
        lists, each of its size and checksum."""
        listed = manifest.get("index")
        if not isinstance(listed, dict):
            raise IndexDamaged("no checksums: written by an older version of reader")
        found = _index_names(self.path)
        missing = sorted(set(listed) - found)
        if missing:
            raise IndexDamaged(f"{missing[0]} is missing")
        # Whoosh reads the newest TOC and the segments it names: a TOC not listed would be
        # read unchecked; other files not listed (a killed writer's) are never read
        extra = sorted(n for n in found - set(listed) if n.endswith(".toc"))
        if extra:
            raise IndexDamaged(f"{extra[0]} does not belong to it")
        stats = {}
        for name in listed:
            try:
                stats[name] = (self.path / name).stat()
            except OSError as exc:
                raise IndexDamaged(f"{name}: {exc.strerror or exc}") from None
        for name, entry in listed.items():  # sizes first: cheap, and the usual damage
            size = stats[name].st_size
            if not (isinstance(entry, list) and len(entry) == 2 and entry[0] == size):
                raise IndexDamaged(f"{name} is {size} bytes, not {entry[0] if isinstance(entry, list) and entry else '?'}")
        # Each file's CRC is checked whole unless it is, by its inode, size, mtime and
        # ctime, the very file that was checked whole before (a write of any kind, or
        # setting its times back, changes its ctime: only the kernel sets that). A file
        # is stamped only once its ctime is well past, so a write within the clock's
        # granularity cannot hide behind an equal ctime.
        stamps = _read_stamps(self.path)
        fresh: dict[str, list[int]] = {}
        now = time.time_ns()
        for name, (_, crc) in listed.items():
            st = stats[name]
            ident = [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, crc]
            if stamps.get(name) != ident:
                if _file_crc(self.path / name) != crc:
                    raise IndexDamaged(f"{name} is damaged (checksum mismatch)")
                if now - st.st_ctime_ns < STAMP_AFTER_NS:
                    continue
            fresh[name] = ident
        if fresh != stamps:
            try:
                with atomic_write(self.path / VERIFIED, sync=False) as fh:
                    fh.write(json.dumps(fresh).encode("ascii"))
            except OSError:
                pass  # a read-only cache: checked whole each time

    def _current_files(self) -> dict[str, str]:
        return {f.name: f.fingerprint for f in self.corpus.files}

    def is_current(self) -> bool:
        """Whether the index is of this version, of the corpus as it is, and whole."""
        m = self.read_manifest()
        if not (m and m.get("schema") == SCHEMA_VERSION and m.get("parser") == parser_version()
                and m.get("words", "") == custom_words().digest and m.get("files") == self._current_files()):
            return False
        try:
            self._check(m)
        except IndexDamaged:
            return False
        return True

    # -- open / build / update ------------------------------------------------------------
    def open(self, rebuild: bool = False, progress: Progress | None = None, waiting: Waiting | None = None):
        """Bring the index up to date and return ``(whoosh index, UpdateReport)``.

        Another process building it makes this wait, telling *waiting* for whom; when
        that process is stopped (SIGSTOP, ^Z) or takes longer than WAIT_LIMIT, the index
        is built here, in a fresh folder of this process, and swapped in."""
        report = UpdateReport()
        if not rebuild and self.is_current():  # (checked whole: see _check)
            try:
                return _open_index(self.path), report
            except Exception as exc:  # unreadable all the same: rebuild below, under the lock
                report.notice = f"the search index was unreadable ({type(exc).__name__}); rebuilt it"
        with build_lock(self.path, waiting) as held:
            manifest = self.read_manifest()
            started = time.perf_counter()
            if not held:  # never write into the index another process may be writing
                if rebuild or not self.is_current():
                    ix = self._build(report, progress, alone=False)
                else:
                    ix = _open_index(self.path)
            elif rebuild:
                ix = self._build(report, progress)
            elif manifest is None or not (self.path / "manifest.json").exists():
                if self.path.exists():
                    report.notice = report.notice or "the search index had no readable manifest; rebuilt it"
                ix = self._build(report, progress)
            elif manifest.get("schema") != SCHEMA_VERSION or "index" not in manifest:
                report.notice = "the search index was from an older version of reader; rebuilt it"
                ix = self._build(report, progress)
            elif manifest.get("parser") != parser_version():
                # the page parser changed: articles (and their ids) may differ in every file
                report.notice = "the article parser changed since the index was built; rebuilt it"
                ix = self._build(report, progress)
            elif manifest.get("words", "") != custom_words().digest:
                # the words jieba cuts changed: every article's words may differ
                report.notice = "the custom words changed since the index was built; re-indexed"
                ix = self._build(report, progress)
            else:
                try:
                    self._check(manifest)
                    ix = _open_index(self.path)
                    if manifest.get("files") != self._current_files():
                        self._update(ix, manifest.get("files", {}), report, progress)
                except IndexDamaged as exc:
                    report.notice = f"the search index was damaged ({exc}); rebuilt it"
                    ix = self._build(report, progress)
                except Exception as exc:
                    report.notice = report.notice or f"the search index was unreadable ({type(exc).__name__}); rebuilt it"
                    ix = self._build(report, progress)
            report.seconds = time.perf_counter() - started
            return ix, report

    def _build(self, report: UpdateReport, progress: Progress | None, alone: bool = True):
        """Build in a fresh folder and swap it in. Not *alone* (another process holds the
        lock but is stopped), the folder swapped out is left for a later clean-up."""
        tmp = self.path.with_name(f"{self.path.name}.build-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        private_mkdir(tmp)
        ix = create_index(tmp, build_schema())
        self._add(ix, self.corpus.articles, report, progress)
        self._write_manifest(tmp, self._current_files())
        # swap in: the old index (if any) goes aside first, so a crash leaves one or the other
        old = self.path.with_name(f"{self.path.name}.old-{os.getpid()}")
        if self.path.exists():
            os.replace(self.path, old)
        os.replace(tmp, self.path)
        if alone:
            shutil.rmtree(old, ignore_errors=True)
        remove_leftovers(self.path.parent)  # what killed builds left, never a live one's
        report.built = True
        return _open_index(self.path)

    def _update(self, ix, indexed: dict[str, str], report: UpdateReport, progress: Progress | None) -> None:
        current = self._current_files()
        changed = {n for n, fp in current.items() if indexed.get(n) != fp}
        removed = set(indexed) - set(current)
        report.updated_files = len(changed)
        report.removed_files = len(removed)
        articles = [a for a in self.corpus.articles if a.source in changed]
        # after each commit, the manifest lists the index's files (its page files stay the
        # old ones until the end): an update killed half-way is redone, not rebuilt
        self._add(ix, articles, report, progress, delete_sources=changed | removed,
                  committed=lambda: self._write_manifest(self.path, indexed))
        self._write_manifest(self.path, current)

    def _add(self, ix, articles: list[Article], report: UpdateReport, progress: Progress | None,
             delete_sources: set[str] = frozenset(), committed: Callable[[], None] | None = None) -> None:
        """Index *articles* in chunks, each committed as its own segments.

        Whoosh sorts a writer's postings in memory and spills sorted runs to disk past
        ``limitmb``; merging spilled runs is what made large builds slow (10k articles:
        80k chars/s with spills, 152k without). Chunks small enough never to spill keep
        the build linear; the index ends up with a few segments, which search reads as one.
        """
        total = len(articles)
        if progress:  # at once: jieba's dictionary takes a second or more to load
            progress(0, total)
        # jieba loads its dictionary here, before any worker forks, so workers share it.
        jieba_instance(self.cache_dir).initialize()
        tokenizer(self.cache_dir)  # (with custom words: their copy of the dictionary, made once, shared too)
        done = 0
        chunks = [articles[i : i + CHUNK] for i in range(0, total, CHUNK)] or [[]]
        for k, chunk in enumerate(chunks):
            parallel = len(chunk) >= PARALLEL_MIN and (os.cpu_count() or 1) >= 2 and hasattr(os, "fork")
            if parallel:  # Whoosh's multi-process writer: analysis (jieba) and postings on 2 cores
                writer = ix.writer(procs=2, multisegment=True, limitmb=WRITER_MB, batchsize=64)
            else:
                writer = ix.writer(limitmb=WRITER_MB)
            try:
                if k == 0:
                    for source in sorted(delete_sources):
                        writer.delete_by_term("source", source)
                for article in chunk:
                    text = article_text(article)
                    title = normalize(" ".join([article.title, *article.subtitles]))
                    writer.add_document(
                        id=article.id, source=article.source, chars=text, words=text, title_words=title
                    )
                    done += 1
                    report.added += 1
                    report.chars += len(text)
                    if progress and (done % 50 == 0 or done == total):
                        progress(done, total)
                if committed is not None:  # an update: the build's segments are never rewritten
                    writer.commit(mergetype=merge_updates)
                else:
                    writer.commit(merge=False) if len(chunks) > 1 else writer.commit()
            except BaseException:
                writer.cancel()
                raise
            if committed is not None:
                committed()


