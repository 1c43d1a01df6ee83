"""Turn a page file's bytes into text, or say exactly why that is not possible."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_LONG_LINE = 5000  # characters; longer lines are cut at sentence ends
_PLAUSIBLE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u2000-\u206f\u2160-\u217f\x20-\x7e\s·]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class UnreadablePage(Exception):
    """The file holds no page text; the message says why."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    notes: tuple[str, ...] = ()  # salvage steps taken, worth one warning


def decode_page(data: bytes) -> Decoded:
    if not data.strip():
        raise UnreadablePage("empty file")
    notes: list[str] = []
    text, encoding = _decode(data)
    if "\x00" in text:
        n = text.count("\x00")
        text = text.replace("\x00", "")
        notes.append(f"removed {n} NUL byte{'s' if n > 1 else ''}")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise UnreadablePage(f"binary data ({controls} control characters), not page text")
    if controls:
        text = _CONTROL.sub("", text)
        notes.append(f"removed {controls} control characters")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadablePage("no text after decoding")
    long_lines = [line for line in text.split("\n") if len(line) > _LONG_LINE]
    if long_lines:
        text = "\n".join(_cut_long(line) for line in text.split("\n"))
        notes.append(
            f"{len(long_lines)} line{'s' if len(long_lines) > 1 else ''} over "
            f"{_LONG_LINE} characters, cut into paragraphs at sentence ends"
        )
    return Decoded(text, encoding, tuple(notes))


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise UnreadablePage(f"UTF-8 BOM but invalid UTF-8 at byte {exc.start + 3}") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UnreadablePage(f"UTF-16 BOM but invalid UTF-16 at byte {exc.start}") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise UnreadablePage("not text: undecodable as UTF-8, UTF-16 or GB18030") from None
    # GB18030 maps almost any byte string to *some* characters: demand that it reads as
    # Chinese text (ideographs, ASCII, CJK punctuation) before trusting it.
    plausible = len(_PLAUSIBLE.findall(text))
    if plausible < 0.8 * len(text):
        raise UnreadablePage(
            f"not text: undecodable as UTF-8 or UTF-16, and as GB18030 only "
            f"{100 * plausible // max(1, len(text))}% reads as Chinese text"
        )
    return text, "gb18030"


def _cut_long(line: str) -> str:
    """Cut an over-long line into paragraphs of at most a few thousand characters."""
    if len(line) <= _LONG_LINE:
        return line
    out, start = [], 0
    while len(line) - start > _LONG_LINE:
        cut = max(line.rfind(p, start, start + _LONG_LINE) for p in "。！？")
        cut = cut + 1 if cut > start else start + _LONG_LINE
        out.append(line[start:cut])
        start = cut
    out.append(line[start:])
    return "\n\n".join(out)
