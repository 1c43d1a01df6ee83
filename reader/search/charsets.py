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
import pickle
from array import array
from pathlib import Path
from typing import Iterable

from reader.files import atomic_write
from reader.search import bits as B

MAGIC = b"RDRCHR01"


class CharSets:
    def __init__(self, path: Path, n: int):
        self.path = Path(path)
        with open(self.path, "rb") as fh:
            self._mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        mm = self._mm
        if len(mm) < 24 or mm[:8] != MAGIC or int.from_bytes(mm[8:16], "little") != n:
            raise ValueError(f"{self.path.name}: not the character sets of these {n} articles")
        where = int.from_bytes(mm[-8:], "little")
        try:
            self._dir: dict[str, tuple[int, int, bool]] = pickle.loads(mm[where:-8])
        except Exception:
            raise ValueError(f"{self.path.name}: damaged") from None
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
        self._mm.close()

    @staticmethod
    def write(path: Path, n: int, sets: Iterable[tuple[str, int]]) -> None:
        """Write (character, article set) pairs to *path*, atomically."""
        nbytes = (n + 7) >> 3
        directory: dict[str, tuple[int, int, bool]] = {}
        with atomic_write(path) as fh:
            fh.write(MAGIC + n.to_bytes(8, "little"))
            offset = 16
            for ch, bits in sets:
                if bits.bit_count() * 4 >= nbytes:
                    data, dense = bits.to_bytes(nbytes, "little"), True
                else:
                    data, dense = array("I", B.to_list(bits)).tobytes(), False
                fh.write(data)
                directory[ch] = (offset, len(data), dense)
                offset += len(data)
            fh.write(pickle.dumps(directory, protocol=pickle.HIGHEST_PROTOCOL))
            fh.write(offset.to_bytes(8, "little"))
