"""Sets of article numbers as Python ints (bit i = article i): AND/OR/NOT in C speed.

Conversions to and from index lists go through C-level string operations where the set
is dense (bin() + bytes.translate + itertools.compress; int(bytes, 2)), which is several
times faster than bit twiddling in Python.
"""

from __future__ import annotations

from itertools import compress
from typing import Iterable, Iterator

_ZERO_ONE = bytes.maketrans(b"01", b"\x00\x01")


def from_indices(indices: Iterable[int], size: int) -> int:
    buf = bytearray(b"0") * size
    for i in indices:
        buf[i] = 49  # "1"
    buf.reverse()
    return int(buf, 2) if size else 0


def to_list(bits: int) -> list[int]:
    """Set bits in ascending order."""
    if not bits:
        return []
    if bits.bit_count() * 32 > bits.bit_length():  # dense: let C do it
        flags = bin(bits)[:1:-1].encode().translate(_ZERO_ONE)
        return list(compress(range(len(flags)), flags))
    return list(_sparse(bits))


def _sparse(bits: int) -> Iterator[int]:
    data = bits.to_bytes((bits.bit_length() + 7) >> 3, "little")
    for i, byte in enumerate(data):
        if byte:
            base = i << 3
            while byte:
                low = byte & -byte
                yield base + low.bit_length() - 1
                byte ^= low


def iter_bits(bits: int) -> Iterator[int]:
    """Set bits in ascending order."""
    return iter(to_list(bits))


def count(bits: int) -> int:
    return bits.bit_count()


def from_sorted(indices: list[int]) -> int:
    """The set of *indices* (ascending), built over their span only: cheap for a run of
    nearby articles in a large corpus."""
    if not indices:
        return 0
    lo = indices[0]
    buf = bytearray(b"0") * (indices[-1] - lo + 1)
    for i in indices:
        buf[i - lo] = 49
    buf.reverse()
    return int(buf, 2) << lo


def below(end: int) -> int:
    """Every article before *end*."""
    return (1 << end) - 1 if end > 0 else 0


WINDOW = 1 << 13
WINDOW_MASK = (1 << WINDOW) - 1


def lowest(bits: int, k: int, start: int = 0) -> list[int]:
    """Up to *k* of the set bits at or above *start*, the lowest first — without listing
    the others (a window of bits at a time)."""
    out: list[int] = []
    if k <= 0:
        return out
    bits >>= start
    lo = start
    while bits and len(out) < k:
        window = bits & WINDOW_MASK
        if window:
            out += [lo + i for i in to_list(window)]
        bits >>= WINDOW
        lo += WINDOW
    return out[:k]
