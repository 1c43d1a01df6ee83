"""All articles' normalised text in one string, with article boundaries.

One big string costs half the memory of a list of strings and lets C-speed ``str.find``
do the scanning: verifying that article *i* contains a literal is ``find`` within its
bounds, and finding *every* article that contains a very common literal is a ``find``
loop that jumps to the next article after each hit.
"""

from __future__ import annotations

import mmap
import os
import re
from array import array
from bisect import bisect_right
from itertools import compress, repeat
from pathlib import Path
from typing import Iterable

from reader.files import atomic_write
from reader.search.query import Lit
from reader.search.span import _pattern

SEP = "\x1e"  # between articles; whitespace to the query lexer, so never inside a literal
SPLIT_CHARS = 8 << 20  # a store of up to this many characters is scanned text by text


class TextStore:
    def __init__(self, texts: Iterable[str] = (), *, _big: str | None = None, _bounds: list[int] | None = None):
        if _big is not None and _bounds is not None:
            self.big, bounds = _big, _bounds
        else:
            parts = list(texts)
            bounds = [0]
            for t in parts:
                bounds.append(bounds[-1] + len(t) + 1)
            self.big = SEP.join(parts) + SEP
        self.bounds = bounds
        self._starts: list[int] | None = None
        self._ends: list[int] | None = None
        self.n = len(bounds) - 1
        self.total_chars = len(self.big) - self.n
        self.avglen = max(1.0, self.total_chars / max(1, self.n))

    @classmethod
    def of_pieces(cls, pieces_per_text: Iterable[list[str]], fold) -> "TextStore":
        """The store of texts given as lists of pieces joined by newlines, folded by *fold*
        (a one-to-one character mapping) — built without a temporary string per text: one
        list of references to the pieces, one joined string, one folded copy. (Per-text
        temporaries of a 100k-article corpus stay resident as heap fragments: ~245 MB.)"""
        refs: list[str] = []
        bounds = [0]
        for pieces in pieces_per_text:
            start = len(refs)
            for k, piece in enumerate(pieces):
                if k:
                    refs.append("\n")
                refs.append(piece)
            refs.append(SEP)
            bounds.append(bounds[-1] + sum(map(len, refs[start:])))
        raw = "".join(refs)
        del refs
        big = fold(raw)
        del raw
        return cls(_big=big, _bounds=bounds)

    def text(self, i: int) -> str:
        return self.big[self.bounds[i] : self.bounds[i + 1] - 1]

    def length(self, i: int) -> int:
        return self.bounds[i + 1] - self.bounds[i] - 1

    def contains(self, i: int, lit: Lit) -> bool:
        if " " in lit.text:
            return self.search_pattern(i, _pattern(lit.text))
        return self.big.find(lit.text, self.bounds[i], self.bounds[i + 1] - 1) >= 0

    def containing(self, indices: list[int], lit: Lit) -> list[int]:
        """Those of *indices* (ascending) whose text contains *lit*: one C-level ``find``
        per article, no Python code per article."""
        if " " in lit.text:
            return self.matching(indices, _pattern(lit.text))
        starts, ends = self._offsets(indices)
        found = map(self.big.find, repeat(lit.text, len(indices)), starts, ends)
        return list(compress(indices, map((-1).__lt__, found)))

    def count(self, i: int, lit: Lit) -> int:
        if " " in lit.text:
            return self.count_pattern(i, _pattern(lit.text))
        return self.big.count(lit.text, self.bounds[i], self.bounds[i + 1] - 1)

    def search_pattern(self, i: int, pattern) -> bool:
        return pattern.search(self.big, self.bounds[i], self.bounds[i + 1] - 1) is not None

    def matching(self, indices: list[int], pattern, pattern16=None) -> list[int]:
        """Those of *indices* (ascending) with a match of *pattern* (*pattern16*, its
        UTF-16 form, is for the mapped store)."""
        if len(indices) * 10 > self.n * 9:  # nearly all: one pass over the text
            wanted = set(indices)
            return [i for i in self.scan_pattern(pattern) if i in wanted]
        starts, ends = self._offsets(indices)
        return list(compress(indices, map(pattern.search, repeat(self.big, len(indices)), starts, ends)))

    def _offsets(self, indices: list[int]) -> tuple[list[int], list[int]]:
        if self._starts is None:
            self._starts = self.bounds[:-1]
            self._ends = [b - 1 for b in self.bounds[1:]]
        return list(map(self._starts.__getitem__, indices)), list(map(self._ends.__getitem__, indices))

    def count_pattern(self, i: int, pattern) -> int:
        return len(pattern.findall(self.big, self.bounds[i], self.bounds[i + 1] - 1))

    def findall_pattern(self, i: int, pattern) -> list[str]:
        """The texts of the matches of *pattern* (no capturing groups) in article *i*."""
        return pattern.findall(self.big, self.bounds[i], self.bounds[i + 1] - 1)

    def _pieces(self) -> list[str] | None:
        """The texts one by one, for a store small enough to copy (titles): then a scan
        for a pattern is a C-level map over them instead of Python code per match (for
        pinyin's classes, which match most titles: 30 instead of 77 ms at 100k)."""
        if self.total_chars > SPLIT_CHARS:
            return None
        texts = self.big.split(SEP)
        return texts[:-1] if len(texts) == self.n + 1 else None  # (no text holds SEP: pages lose controls)

    def scan_pattern(self, pattern) -> list[int]:
        """Every article with a match of a compiled *pattern* (which never matches SEP)."""
        if (texts := self._pieces()) is not None:
            return list(compress(range(len(texts)), map(pattern.search, texts)))
        out: list[int] = []
        big, bounds = self.big, self.bounds
        m = pattern.search(big)
        while m is not None:
            j = bisect_right(bounds, m.start()) - 1
            out.append(j)
            m = pattern.search(big, bounds[j + 1])
        return out

    def scan(self, lit: Lit) -> list[int]:
        """Every article containing *lit*, in order: one pass over the text."""
        if " " in lit.text:
            return self.scan_pattern(_pattern(lit.text))
        out: list[int] = []
        big, bounds = self.big, self.bounds
        needle = lit.text
        pos, j = big.find(needle), 0
        while pos >= 0:
            j = bisect_right(bounds, pos, j) - 1
            out.append(j)
            pos = big.find(needle, bounds[j + 1])
        return out


KIND = "text"
FORMAT = 1


class MappedTextStore:
    """:class:`TextStore`'s interface over a file: the normalised text, UTF-16, mapped.

    At 100 000 articles the text is ~120 M characters — 245 MB as a Python string, most of
    the app's memory. Here it stays in a cache file (written once per corpus version) that
    the kernel pages in while a search reads it; :meth:`release` lets go of the pages read
    (they stay in the page cache, so the next search maps them again cheaply).

    The file is a :mod:`reader.cachefile`: the text, then the texts' bounds (int64), with
    the corpus version it was built from (*source*) in its header; its checksum is checked
    whole on open (a missed or false hit would follow from any damage; ~60 ms at 100k).

    Offsets are in UTF-16 code units; :meth:`text` decodes one article, so spans computed on
    it are ordinary string offsets. A literal's bytes can match at an odd byte offset,
    across two characters: those matches are skipped.
    """

    def __init__(self, path: Path, source: str | None = None, count: int | None = None):
        from reader import cachefile

        self.path = Path(path)
        with open(self.path, "rb") as fh:
            self._mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if os.fstat(fh.fileno()).st_size else b""
        mm = self._mm
        try:
            header = cachefile.open_header(mm, KIND, FORMAT, source, self.path.name)
            n = header.get("n")
            if not isinstance(n, int) or n < 0 or (count is not None and n != count):
                raise cachefile.Damaged(f"{self.path.name}: not the text of these articles")
            cachefile.verify(mm, header, self.path.name)
            head = len(cachefile.MAGIC)
            end = head + header["size"]
            bounds = array("q")
            bounds.frombytes(mm[end - 8 * (n + 1) : end])
            if bounds[0] != 0 or len(bounds) != n + 1 or end - 8 * (n + 1) != head + 2 * bounds[-1]:
                raise cachefile.Damaged(f"{self.path.name}: inconsistent")
        except BaseException:
            if isinstance(mm, mmap.mmap):
                mm.close()  # (nothing else holds it yet)
            raise
        self._base = head  # even: a text's bytes start at an even offset, so do its characters
        self.bounds = bounds
        self.n = n
        self.total_chars = bounds[-1] - n
        self.avglen = max(1.0, self.total_chars / max(1, n))
        self._starts: array | None = None  # byte offsets of each text, for containing()
        self._ends: array | None = None

    @classmethod
    def build(cls, path: Path, pieces_per_text: Iterable, fold, count: int,
              source: str = "", old=None) -> "MappedTextStore":
        """Write the store of *count* texts to *path* atomically and open it (see
        :func:`reader.search.textfile.write_text_file`)."""
        from reader.search.textfile import write_text_file

        write_text_file(path, pieces_per_text, fold, count, source, old)
        return cls(path, source, count)

    # -- reading ----------------------------------------------------------------------------
    def _span(self, i: int) -> tuple[int, int]:
        base, b = self._base, self.bounds
        return base + 2 * b[i], base + 2 * (b[i + 1] - 1)

    def text(self, i: int) -> str:
        start, end = self._span(i)
        return self._mm[start:end].decode("utf-16-le", "surrogatepass")

    def length(self, i: int) -> int:
        return self.bounds[i + 1] - self.bounds[i] - 1

    def _find(self, needle: bytes, start: int, end: int) -> int:
        find = self._mm.find
        pos = find(needle, start, end)
        while pos >= 0 and pos & 1:
            pos = find(needle, pos + 1, end)
        return pos

    def contains(self, i: int, lit: Lit) -> bool:
        if " " in lit.text:
            return self.search_pattern(i, _pattern(lit.text))
        start, end = self._span(i)
        return self._find(lit.text.encode("utf-16-le", "surrogatepass"), start, end) >= 0

    def containing(self, indices: list[int], lit: Lit) -> list[int]:
        """Those of *indices* (ascending) whose text contains *lit*: one C-level ``find``
        per article, no Python code per article (except for the rare match at an odd
        byte offset, which is checked again)."""
        if " " in lit.text:
            return self.matching(indices, _pattern(lit.text), _pattern16(lit.text))
        needle = lit.text.encode("utf-16-le", "surrogatepass")
        starts, ends = self._offsets(indices)
        found = list(map(self._mm.find, repeat(needle, len(indices)), starts, ends))
        hit = list(map((-1).__lt__, found))
        if any(map((1).__and__, compress(found, hit))):  # a match across characters
            return [i for i, pos, s, e in zip(indices, found, starts, ends)
                    if pos >= 0 and (not pos & 1 or self._find(needle, s, e) >= 0)]
        return list(compress(indices, hit))

    def count(self, i: int, lit: Lit) -> int:
        if " " in lit.text:
            return self.count_pattern(i, _pattern(lit.text))
        return self.text(i).count(lit.text)

    def search_pattern(self, i: int, pattern) -> bool:
        return pattern.search(self.text(i)) is not None

    def matching(self, indices: list[int], pattern, pattern16=None) -> list[int]:
        """Those of *indices* (ascending) with a match of *pattern*. With *pattern16*
        (the same expression over UTF-16-LE bytes; simple ones only) the file is searched
        as it is, one C-level search per article; otherwise each text is decoded, or, for
        nearly all, the whole text a block at a time."""
        if pattern16 is not None:
            starts, ends = self._offsets(indices)
            found = list(map(pattern16.search, repeat(self._mm, len(indices)), starts, ends))
            return [i for i, m, e in zip(indices, found, ends)
                    if m is not None and (not m.start() & 1 or self._aligned(pattern16, m.start() + 1, e))]
        if len(indices) * 10 > self.n * 9:
            wanted = set(indices)
            return [i for i in self.scan_pattern(pattern) if i in wanted]
        search = self.search_pattern
        return [i for i in indices if search(i, pattern)]

    def _aligned(self, pattern16, pos: int, end: int) -> bool:
        """Whether *pattern16* matches at an even offset in [pos, end)."""
        while (m := pattern16.search(self._mm, pos, end)) is not None:
            if not m.start() & 1:
                return True
            pos = m.start() + 1
        return False

    def _offsets(self, indices: list[int]) -> tuple[list[int], list[int]]:
        """Byte offsets of the texts of *indices* in the file: starts, ends."""
        if self._starts is None:
            base, b = self._base, self.bounds
            self._starts = array("q", (base + 2 * x for x in b[:-1]))
            self._ends = array("q", (base + 2 * (x - 1) for x in b[1:]))
        return list(map(self._starts.__getitem__, indices)), list(map(self._ends.__getitem__, indices))

    def count_pattern(self, i: int, pattern) -> int:
        return len(pattern.findall(self.text(i)))

    def findall_pattern(self, i: int, pattern) -> list[str]:
        return pattern.findall(self.text(i))

    def scan_pattern(self, pattern) -> list[int]:
        """Every article with a match of *pattern* (which never matches SEP): the text is
        decoded a block of articles at a time."""
        out: list[int] = []
        b, n = self.bounds, self.n
        first = 0
        while first < n:
            last = bisect_right(b, b[first] + BLOCK_UNITS, first + 1) - 1
            last = max(last, first + 1)
            block = self._mm[self._base + 2 * b[first] : self._base + 2 * b[last]]
            text = block.decode("utf-16-le", "surrogatepass")
            del block
            offset = b[first]
            m = pattern.search(text)
            while m is not None:
                j = bisect_right(b, offset + m.start(), first, last + 1) - 1
                out.append(j)
                m = pattern.search(text, b[j + 1] - offset)
            first = last
        return out

    def scan(self, lit: Lit) -> list[int]:
        """Every article containing *lit*, in order: one pass over the file."""
        if " " in lit.text:
            return self.scan_pattern(_pattern(lit.text))
        out: list[int] = []
        b, base = self.bounds, self._base
        finder = re.compile(re.escape(lit.text.encode("utf-16-le", "surrogatepass")))
        mm = self._mm
        end = base + 2 * b[-1]  # (what follows the last text is no article's: never a find)
        m = finder.search(mm, base, end)
        j = 0
        while m is not None:
            pos = m.start()
            if pos & 1:
                m = finder.search(mm, pos + 1, end)
                continue
            j = bisect_right(b, (pos - base) >> 1, j) - 1
            out.append(j)
            m = finder.search(mm, base + 2 * b[j + 1], end)
        return out

    def release(self) -> None:
        """Let go of the file's pages read so far (they stay in the kernel's page cache)."""
        try:
            self._mm.madvise(mmap.MADV_DONTNEED)
        except (AttributeError, OSError, ValueError):  # not on this platform
            pass


BLOCK_UNITS = 1 << 20  # code units decoded at a time by scan_pattern


SPACES16 = b"(?:\\ \x00|\t\x00|\x00\x30)+"  # [ \t\u3000]+ in UTF-16-LE


def _pattern16(text: str) -> re.Pattern:
    """:func:`reader.search.span._pattern` (words separated by any run of spaces) over
    UTF-16-LE bytes. (Pinyin's expressions are not written so: a class of thousands of
    characters becomes an alternation per high byte, which searched 10-100x slower than
    decoding the text and searching it.)"""
    return re.compile(SPACES16.join(re.escape(w.encode("utf-16-le", "surrogatepass")) for w in text.split(" ")))


def _astral(text: str) -> int:
    """Characters beyond the BMP: each takes two UTF-16 code units."""
    return sum(1 for ch in text if ch > "\uffff") if max(text) > "\uffff" else 0
