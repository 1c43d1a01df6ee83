"""Sets of article numbers as Python ints (bit i = article i): AND/OR/NOT in C speed."""

from __future__ import annotations

from typing import Iterable, Iterator


def from_indices(indices: Iterable[int], size: int) -> int:
    buf = bytearray((size + 7) >> 3)
    for i in indices:
        buf[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buf, "little")


def iter_bits(bits: int) -> Iterator[int]:
    """Set bits in ascending order."""
    data = bits.to_bytes((bits.bit_length() + 7) >> 3, "little")
    for i, byte in enumerate(data):
        if byte:
            base = i << 3
            while byte:
                low = byte & -byte
                yield base + low.bit_length() - 1
                byte ^= low


def first_bits(bits: int, n: int) -> list[int]:
    out = []
    for i in iter_bits(bits):
        out.append(i)
        if len(out) >= n:
            break
    return out


def count(bits: int) -> int:
    return bits.bit_count()
