"""Fold text for matching, one character to one character.

Full/half width, letter case and traditional/simplified Chinese are made equal, and the
result always has the length of the input — so an offset found in normalised text is the
offset in the original, which is what makes highlight spans exact.
"""

from __future__ import annotations

import unicodedata
import zlib
from functools import lru_cache
from pathlib import Path

# Ranges worth a one-to-one NFKC/lower-case mapping: Latin, Greek, Cyrillic, CJK symbols,
# full-width and half-width forms, Roman numerals kept as one character.
_RANGES = [(0x0041, 0x024F), (0x0370, 0x04FF), (0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF)]


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for lo, hi in _RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            folded = unicodedata.normalize("NFKC", ch)
            if len(folded) != 1:
                folded = ch
            folded = folded.lower() if len(folded.lower()) == 1 else folded
            if folded != ch:
                table[cp] = folded
    for trad, simp in _t2s().items():
        table[ord(trad)] = simp
    return table


def _t2s() -> dict[str, str]:
    """Traditional → simplified, single characters only (OpenCC's TSCharacters table)."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    mapping = {}
    for line in path.read_text("utf-8").splitlines():
        trad, _, targets = line.partition("\t")
        simp = targets.split(" ")[0] if targets else ""
        if len(trad) == 1 and len(simp) == 1 and trad != simp:
            mapping[trad] = simp
    return mapping


def normalize(text: str) -> str:
    """Fold *text* for matching; ``len(normalize(t)) == len(t)`` always."""
    return text.translate(_table())


@lru_cache(maxsize=1)
def normalize_version() -> str:
    """Changes whenever the folding does (text folded by another table must be folded again)."""
    data = "".join(f"{k:x}:{v}" for k, v in sorted(_table().items()))
    return f"{zlib.crc32(data.encode('utf-8', 'surrogatepass')):08x}"


def warm() -> None:
    """Build the folding table now (it takes a few tens of milliseconds)."""
    _table()
