"""Lines of ``reader search`` on a terminal: wrapped by cells with a hanging indent, so a hit
reads as a block under its rank; Chinese breaks between characters (never after a lone
``本报讯`` because the rest has no space), and the pieces that must stay whole — a meta
part (``无锡日报 第1版``, an id) or the match count (``(2 matches)``) — move down whole."""

from __future__ import annotations

from typing import Sequence

from rich.text import Text

from reader.tui.wrap import wrap  # (plain Python over Rich's cells: no Textual)


def hanging(text: Text, width: int, keep: Sequence[tuple[int, int]] = (), sep: str = "") -> list[Text]:
    """*text* as lines of at most *width* cells (at least 1), breaking where
    :func:`reader.tui.wrap.wrap` does but never inside a span of *keep* that does not
    start its line; the spaces at a break are left out, and a *sep* (`` · ``) there too.
    The caller indents the lines."""
    plain, width = text.plain, max(1, width)
    bounds: list[tuple[int, int]] = []
    pos, n = 0, len(plain)
    while pos < n or not bounds:
        if bounds:
            while pos < n and plain[pos] == " ":
                pos += 1
            if pos >= n:
                break
        end = pos + wrap(plain[pos:], width)[0][1]
        if end < n:
            end = next((a for a, b in keep if pos < a < end < b), end)
        bounds.append((pos, end))
        pos = end
    mark = sep.strip()
    if mark:  # "… 第3版 ·" / "f2b9…": no line ends with the separator
        def cut(a: int, b: int) -> int:
            kept = plain[a:b].rstrip()
            return a + len(kept) - len(mark) if kept.endswith(mark) and len(kept) > len(mark) else b

        bounds = [(a, cut(a, b) if k + 1 < len(bounds) else b) for k, (a, b) in enumerate(bounds)]
    return [_slice(text, a, b) for a, b in bounds]


def _slice(text: Text, start: int, end: int) -> Text:
    piece = text[start:end]  # (its styles with it)
    piece.rstrip()
    return piece


def parts_of(line: str, start: int, sep: str) -> list[tuple[int, int]]:
    """The spans of the *sep*-joined parts of *line*, as it sits at *start* in a text."""
    out, pos = [], start
    for piece in line.split(sep):
        out.append((pos, pos + len(piece)))
        pos += len(piece) + len(sep)
    return out
