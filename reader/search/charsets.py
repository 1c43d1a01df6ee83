"""The index's character postings, decoded once into article sets and kept in a file.

Every keystroke starts from the articles holding each typed character: the ``chars``
field's posting list. Decoding a common character's list from Whoosh takes ~100 ms at
100 000 articles, in Python; pinyin needs the lists of thousands of characters. This file
holds each character's set as a bitmap (common characters) or a sorted array of article
numbers (rare ones), memory-mapped: reading one is a slice. It is written the first time
the engine reads every list (in the background), and named after the corpus version, so
it always describes the articles as the engine numbers them.
"""

from __future__ import annotations

import mmap
import os
from array import array
from pathlib import Path
from typing import Iterable

from reader import cachefile
from reader.search import bits as B

KIND = "charsets"
FORMAT = 1


class CharSets:
    """The file is a :mod:`reader.cachefile`: the sets, one after another, and in its
    header the directory (character, offset, length, bitmap or array) and the number of
    articles; its checksum is checked whole on open (a set read wrong is a search answered
    wrong). *source* is the corpus version it must describe."""

    def __init__(self, path: Path, n: int, source: str | None = None):
        self.path = Path(path)
        with open(self.path, "rb") as fh:
            self._mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if os.fstat(fh.fileno()).st_size else b""
        try:
            header = cachefile.open_header(self._mm, KIND, FORMAT, source, self.path.name)
            if header.get("n") != n:
                raise cachefile.Damaged(f"{self.path.name}: not the character sets of these {n} articles")
            cachefile.verify(self._mm, header, self.path.name)
            end = len(cachefile.MAGIC) + header["size"]
            directory: dict[str, tuple[int, int, bool]] = {}
            for ch, offset, length, dense in header["dir"]:
                if not (isinstance(ch, str) and isinstance(offset, int) and isinstance(length, int)
                        and len(cachefile.MAGIC) <= offset and offset + length <= end
                        and (length == (n + 7) >> 3 if dense else length % 4 == 0)):
                    raise cachefile.Damaged(f"{self.path.name}: inconsistent")
                directory[ch] = (offset, length, bool(dense))
        except (KeyError, TypeError, ValueError) as exc:
            self.close()
            raise exc if isinstance(exc, cachefile.Damaged) else cachefile.Damaged(f"{self.path.name}: inconsistent")
        self._dir = directory
        self.n = n

    def __contains__(self, ch: str) -> bool:
        return ch in self._dir

    @property
    def chars(self) -> list[str]:
        return list(self._dir)

    def get(self, ch: str) -> int:
        """The articles holding *ch* (0 if none)."""
        entry = self._dir.get(ch)
        if entry is None:
            return 0
        offset, length, dense = entry
        if dense:
            return int.from_bytes(self._mm[offset : offset + length], "little")
        return B.from_indices(array("I", self._mm[offset : offset + length]), self.n)

    def release(self) -> None:
        """Let go of the pages read (the kernel keeps them cached)."""
        try:
            self._mm.madvise(mmap.MADV_DONTNEED)
        except (AttributeError, OSError, ValueError):
            pass

    def close(self) -> None:
        try:
            self._mm.close()
        except Exception:
            pass

    @staticmethod
    def write(path: Path, n: int, sets: Iterable[tuple[str, int]], source: str = "") -> None:
        """Write (character, article set) pairs to *path*, atomically."""
        nbytes = (n + 7) >> 3
        directory: list = []
        with cachefile.writing(path, KIND, FORMAT, source) as fh:
            offset = len(cachefile.MAGIC)
            for ch, bits in sets:
                if bits.bit_count() * 4 >= nbytes:
                    data, dense = bits.to_bytes(nbytes, "little"), True
                else:
                    data, dense = array("I", B.to_list(bits)).tobytes(), False
                fh.write(data)
                directory.append((ch, offset, len(data), dense))
                offset += len(data)
            fh.header.update(n=n, dir=directory)
