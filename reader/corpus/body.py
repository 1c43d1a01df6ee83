"""Article bodies kept on disk, read when an article is shown or searched.

A 100 000-article corpus holds ~120 M characters: two bytes each in a Python string, plus
an object per paragraph. Keeping every paragraph in memory made the running app's resident
memory ~500 MB before search even opened. The corpus cache therefore writes the paragraphs
to a body file beside it, and a cached article's ``paragraphs`` is a :class:`Paragraphs` —
a read-only sequence that loads them from that file when used (a few microseconds; the
last bodies read are kept).
"""

from __future__ import annotations

import json
import os
import threading
import zlib
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Callable

from reader import cachefile

RECENT = 256  # bodies kept after reading
KIND = "body"
FORMAT = 1
_SEP = "\x00"  # between a body's paragraphs (page text keeps no control characters)
_SPLIT, _JSON = 0x53, 0x4A  # b"S": paragraphs joined by _SEP; b"J": a JSON list (never needed so far)


class BodyError(Exception):
    """The body file is missing, short or does not hold what the cache says."""


def encode_body(paragraphs) -> bytes:
    parts = tuple(paragraphs)
    if any(_SEP in p for p in parts):
        return b"J" + json.dumps(parts, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return b"S" + _SEP.join(parts).encode("utf-8", "surrogatepass")


def decode_body(data: bytes, count: int) -> tuple[str, ...] | None:
    """The paragraphs in *data*, or None if it is not a body of *count* paragraphs."""
    try:
        if data[:1] == b"S":
            body = tuple(data[1:].decode("utf-8", "surrogatepass").split(_SEP)) if count else ()
        elif data[:1] == b"J":
            body = json.loads(data[1:].decode("utf-8", "surrogatepass"))
            if not isinstance(body, list) or not all(isinstance(p, str) for p in body):
                return None
            body = tuple(body)
        else:
            return None
    except ValueError:
        return None
    return body if len(body) == count else None


class BodyFile:
    """An open body file: each body is its paragraphs as UTF-8 text at a known offset,
    with a CRC-32 the corpus cache keeps; every read is checked against it.

    The file is opened once, so a newer cache written by another process (a rename over
    this one) never changes what this one reads. A body that fails its check is read
    again from its page file by *heal* (see :mod:`reader.corpus.cache`), if given."""

    def __init__(self, path: Path, expected_size: int | None = None, source: str | None = None):
        self.path = Path(path)
        self._fd = -1
        self._fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        size = os.fstat(self._fd).st_size
        if expected_size is not None and size != expected_size:
            self.close()
            raise BodyError(f"{self.path.name}: {size} bytes, expected {expected_size}")
        try:
            self.header = cachefile.read_header_of(self._fd, KIND, FORMAT, source, self.path.name)
        except cachefile.Damaged as exc:
            self.close()
            raise BodyError(str(exc)) from None
        self.size = size
        self.heal: Callable[[int], tuple[str, ...]] | None = None
        self._recent: OrderedDict[int, tuple[str, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def read(self, offset: int, length: int, count: int, crc: int) -> tuple[str, ...]:
        with self._lock:
            body = self._recent.get(offset)
            if body is not None:
                self._recent.move_to_end(offset)
                return body
        try:
            data = os.pread(self._fd, length, offset)
        except OSError:
            data = b""
        body = decode_body(data, count) if len(data) == length and zlib.crc32(data) == crc else None
        if body is None:
            if self.heal is None:
                raise BodyError(f"{self.path.name}: damaged body at {offset}")
            body = self.heal(offset)  # raises BodyError if it cannot
            if len(body) != count:  # its page changed since: not this article's any more
                raise BodyError(f"{self.path.name}: damaged body at {offset}, and its page has changed")
        with self._lock:
            self._recent[offset] = body
            while len(self._recent) > RECENT:
                self._recent.popitem(last=False)
        return body

    def raw(self, offset: int, length: int, crc: int) -> bytes | None:
        """The bytes of the body at *offset*, or None if they fail their check."""
        try:
            data = os.pread(self._fd, length, offset)
        except OSError:
            return None
        return data if len(data) == length and zlib.crc32(data) == crc else None

    def close(self) -> None:
        fd, self._fd = self._fd, -1
        if fd >= 0:
            try:
                os.close(fd)
            except OSError:
                pass

    def __del__(self) -> None:  # pragma: no cover - interpreter shutdown order varies
        self.close()


class Paragraphs(Sequence):
    """An article's paragraphs, read from a :class:`BodyFile` on use. Compares, hashes and
    pickles like the tuple it stands for."""

    __slots__ = ("_file", "_offset", "_length", "_count", "_crc")

    def __init__(self, file: BodyFile, offset: int, length: int, count: int, crc: int):
        self._file, self._offset, self._length, self._count, self._crc = file, offset, length, count, crc

    def _load(self) -> tuple[str, ...]:
        return self._file.read(self._offset, self._length, self._count, self._crc)

    def raw(self) -> bytes | None:
        """Its encoded bytes in the body file, if they pass their check (a new body file
        copies them: the cache of an archive grown by an issue is written without decoding
        and encoding again the 100 000 bodies it had — ~3 s of 5 at 100k articles)."""
        return self._file.raw(self._offset, self._length, self._crc)

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __getitem__(self, index):
        return self._load()[index]

    def __iter__(self):
        return iter(self._load())

    def __eq__(self, other) -> bool:
        if isinstance(other, Paragraphs):
            if other._file is self._file and other._offset == self._offset:
                return True
            return self._load() == other._load()
        if isinstance(other, tuple):
            return self._load() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._load())

    def __reduce__(self):
        return (tuple, (self._load(),))

    def __repr__(self) -> str:
        return f"Paragraphs({self._count} from {self._file.path.name}@{self._offset})"


def write_bodies(path: Path, bodies, source: str) -> list[tuple[int, int, int, int]]:
    """Write each body (a sequence of paragraphs) to *path*, a body file built for
    *source* (the corpus cache's token); their (offset, length, count, crc)."""
    refs = []
    offset = len(cachefile.MAGIC)
    with cachefile.writing(path, KIND, FORMAT, source) as w:
        for body in bodies:
            data = body.raw() if isinstance(body, Paragraphs) else None
            if data is None:  # (a body of a page parsed now, or one whose bytes fail their check)
                data = encode_body(body)
            w.write(data)
            refs.append((offset, len(data), len(body), zlib.crc32(data)))
            offset += len(data)
    return refs
