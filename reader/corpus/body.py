"""Article bodies kept on disk, read when an article is shown or searched.

A 100 000-article corpus holds ~120 M characters: two bytes each in a Python string, plus
an object per paragraph. Keeping every paragraph in memory made the running app's resident
memory ~500 MB before search even opened. The corpus cache therefore writes the paragraphs
to a body file beside it, and a cached article's ``paragraphs`` is a :class:`Paragraphs` —
a read-only sequence that loads them from that file when used (a few microseconds; the
last bodies read are kept).
"""

from __future__ import annotations

import os
import pickle
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

from reader.files import atomic_write

RECENT = 256  # bodies kept after reading


class BodyError(Exception):
    """The body file is missing, short or does not hold what the cache says."""


class BodyFile:
    """An open body file: bodies are pickled tuples of paragraphs at known offsets.

    The file is opened once, so a newer cache written by another process (a rename over
    this one) never changes what this one reads."""

    def __init__(self, path: Path, expected_size: int | None = None):
        self.path = Path(path)
        self._fd = -1
        self._fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        size = os.fstat(self._fd).st_size
        if expected_size is not None and size != expected_size:
            self.close()
            raise BodyError(f"{self.path.name}: {size} bytes, expected {expected_size}")
        self.size = size
        self._recent: OrderedDict[int, tuple[str, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def read(self, offset: int, length: int) -> tuple[str, ...]:
        with self._lock:
            body = self._recent.get(offset)
            if body is not None:
                self._recent.move_to_end(offset)
                return body
        data = os.pread(self._fd, length, offset)
        try:
            body = pickle.loads(data)
        except Exception as exc:
            raise BodyError(f"{self.path.name}: unreadable body at {offset}: {exc}") from None
        if not isinstance(body, tuple):
            raise BodyError(f"{self.path.name}: unreadable body at {offset}")
        with self._lock:
            self._recent[offset] = body
            while len(self._recent) > RECENT:
                self._recent.popitem(last=False)
        return body

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

    __slots__ = ("_file", "_offset", "_length", "_count")

    def __init__(self, file: BodyFile, offset: int, length: int, count: int):
        self._file, self._offset, self._length, self._count = file, offset, length, count

    def _load(self) -> tuple[str, ...]:
        return self._file.read(self._offset, self._length)

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


def write_bodies(path: Path, bodies) -> list[tuple[int, int, int]]:
    """Write each body (a sequence of paragraphs) to *path*; their (offset, length, count)."""
    refs = []
    offset = 0
    with atomic_write(path) as fh:
        for body in bodies:
            data = pickle.dumps(tuple(body), protocol=pickle.HIGHEST_PROTOCOL)
            fh.write(data)
            refs.append((offset, len(data), len(body)))
            offset += len(data)
    return refs
