"""Cache files that notice their own damage, in a format that cannot run code.

Every cache file reader writes (the corpus cache and its body file, the preview, the
mapped text, the character sets) has one layout::

    MAGIC (8) | payload | header (JSON) | header length (u32) | header CRC-32 (u32) | END (8)

The header (JSON, written last so that writers can stream the payload) names the file's
*kind* and *format*, the *source* it was built from (a fingerprint: a corpus version, a
folder key), the payload's size and its CRC-32, and whatever the kind adds. The payload is
bytes the kind lays out itself: JSON, UTF-8 text, arrays of numbers — never pickles.

:func:`open_header` checks the frame cheaply (magic, tail, header checksum, kind, format,
source, sizes); :func:`verify` checks the payload's CRC-32 (zlib's runs at several GB/s
here, so checking a whole file is cheap where a wrong answer would otherwise follow).
Anything wrong raises :class:`Damaged`, whose message says what, for the notice the user
sees when the cache is rebuilt.
"""

from __future__ import annotations

import json
import os
import struct
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from reader.files import atomic_write

MAGIC = b"RDRCACHE"
END = b"RDRCEND\n"
_TAIL = struct.Struct("<II8s")  # header length, header CRC-32, END
CHUNK = 4 << 20  # bytes checked at a time when a file is read in pieces


class Damaged(ValueError):
    """A cache file that is not whole, not of this kind or format, or not what it was
    built from. The message says which, briefly."""


class Writer:
    """The payload being written: :meth:`write` keeps its size and checksum; *header* is
    written after it."""

    def __init__(self, fh) -> None:
        self._fh = fh
        self.size = 0
        self.crc = 0
        self.header: dict = {}

    def write(self, data) -> None:
        self._fh.write(data)
        self.size += len(data)
        self.crc = zlib.crc32(data, self.crc)


@contextmanager
def writing(path: Path, kind: str, fmt: int, source: str, sync: bool = True) -> Iterator[Writer]:
    """Write a cache file atomically: the payload through the yielded :class:`Writer`,
    then the header. (The payload starts 8 bytes into the file: aligned for arrays.)"""
    with atomic_write(path, sync=sync) as fh:
        fh.write(MAGIC)
        w = Writer(fh)
        yield w
        header = dict(w.header)
        header.update(kind=kind, format=fmt, source=source, size=w.size, crc=w.crc)
        data = json.dumps(header, separators=(",", ":")).encode("ascii")
        fh.write(data)
        fh.write(_TAIL.pack(len(data), zlib.crc32(data), END))


def write(path: Path, kind: str, fmt: int, source: str, payload: bytes, sync: bool = True, **extra) -> None:
    with writing(path, kind, fmt, source, sync=sync) as w:
        w.header.update(extra)
        w.write(payload)


def open_header(buf, kind: str, fmt: int, source: str | None = None, name: str = "") -> dict:
    """The header of the cache file in *buf* (bytes or a memory map), checked cheaply:
    frame, kind, format, *source* (when given) and the payload's size. The payload is
    ``buf[8 : 8 + header["size"]]``."""
    label = name or kind
    total = len(buf)
    if total < len(MAGIC) + _TAIL.size:
        raise Damaged(f"{label}: cut short" if total else f"{label}: empty")
    if buf[: len(MAGIC)] != MAGIC:
        raise Damaged(f"{label}: not a {kind} cache file")
    hlen, hcrc, end = _TAIL.unpack(buf[total - _TAIL.size :])
    start = total - _TAIL.size - hlen
    if end != END or start < len(MAGIC):
        raise Damaged(f"{label}: cut short")
    return _header(bytes(buf[start : total - _TAIL.size]), hcrc, start - len(MAGIC), kind, fmt, source, label)


def _header(raw: bytes, hcrc: int, size: int, kind: str, fmt: int, source: str | None, label: str) -> dict:
    if zlib.crc32(raw) != hcrc:
        raise Damaged(f"{label}: damaged header")
    try:
        header = json.loads(raw.decode("utf-8"))
    except ValueError:
        raise Damaged(f"{label}: damaged header") from None
    if not isinstance(header, dict) or header.get("kind") != kind:
        raise Damaged(f"{label}: not a {kind} cache file")
    if header.get("format") != fmt:
        raise Damaged(f"{label}: format {header.get('format')!r}, not {fmt}")
    if source is not None and header.get("source") != source:
        raise Damaged(f"{label}: built from something else")
    if header.get("size") != size or not isinstance(header.get("crc"), int):
        raise Damaged(f"{label}: damaged header")
    return header


def verify(buf, header: dict, name: str = "") -> None:
    """Check the payload's CRC-32 (the whole payload: a few ms per 10 MB)."""
    view = memoryview(buf)
    try:
        crc = 0
        end = len(MAGIC) + header["size"]
        for pos in range(len(MAGIC), end, CHUNK):
            crc = zlib.crc32(view[pos : min(end, pos + CHUNK)], crc)
    finally:
        view.release()
    if crc != header["crc"]:
        raise Damaged(f"{name or header.get('kind')}: damaged (checksum mismatch)")


def read(path: Path, kind: str, fmt: int, source: str | None = None) -> tuple[dict, bytes]:
    """A whole small cache file, fully checked: (header, payload). OSError if unreadable."""
    path = Path(path)
    buf = path.read_bytes()
    header = open_header(buf, kind, fmt, source, path.name)
    verify(buf, header, path.name)
    return header, buf[len(MAGIC) : len(MAGIC) + header["size"]]


def read_header_of(fd: int, kind: str, fmt: int, source: str | None = None, name: str = "") -> dict:
    """The header of an open file, read from its ends only: cheap for a large file."""
    label = name or kind
    total = os.fstat(fd).st_size
    if total < len(MAGIC) + _TAIL.size:
        raise Damaged(f"{label}: cut short" if total else f"{label}: empty")
    if os.pread(fd, len(MAGIC), 0) != MAGIC:
        raise Damaged(f"{label}: not a {kind} cache file")
    hlen, hcrc, end = _TAIL.unpack(os.pread(fd, _TAIL.size, total - _TAIL.size))
    start = total - _TAIL.size - hlen
    if end != END or start < len(MAGIC):
        raise Damaged(f"{label}: cut short")
    return _header(os.pread(fd, hlen, start), hcrc, start - len(MAGIC), kind, fmt, source, label)


def verify_fd(fd: int, header: dict, name: str = "") -> None:
    """:func:`verify` for an open file, read a piece at a time."""
    crc = 0
    end = len(MAGIC) + header["size"]
    for pos in range(len(MAGIC), end, CHUNK):
        crc = zlib.crc32(os.pread(fd, min(CHUNK, end - pos), pos), crc)
    if crc != header["crc"]:
        raise Damaged(f"{name or header.get('kind')}: damaged (checksum mismatch)")
