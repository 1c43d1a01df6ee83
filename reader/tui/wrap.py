"""Wrapping Chinese text by terminal cells.

Rich wraps on spaces only, which for Chinese means not at all (or mid-glyph). Here a line
may break between any two CJK characters; runs of Latin letters and digits stay whole
unless longer than a line (a path, ``/tmp/x/clipboard.txt``, is such a word, cut after a
``/`` when it must be); no line starts with closing punctuation (，。、；：？！）」” …)
nor ends with opening punctuation — the character before is carried down instead; nor
with a space: the spaces at a break end the line before (where they take no room).

Lines are returned as (start, end) slices of the text, so joining them gives back the
text exactly: nothing is dropped or reordered, whatever the width.

A meta line (``2024年6月6日 · 无锡日报 2024-06-06 第2版 · 上接第1版``) is wrapped by
:func:`wrap_parts` instead: between its parts, each kept whole (``上接第1版`` never becomes
``上接`` / ``第1版``) unless it alone is wider than a line.
"""

from __future__ import annotations

import re

from rich.cells import get_character_cell_size

NO_LINE_START = set("，。、；：？！）」』”’》〉】〕…—·,.;:?!)]}%")
NO_LINE_END = set("（「『“‘《〈【〔([{")
_WORD = re.compile(r"(?:~?/)?[A-Za-z0-9][A-Za-z0-9.\-_%/~]*")


def cells(text: str) -> int:
    return sum(get_character_cell_size(ch) for ch in text)


def _atoms(text: str) -> list[tuple[int, int]]:
    """Unbreakable pieces: a Latin word/number, or one character."""
    out, i, n = [], 0, len(text)
    while i < n:
        m = _WORD.match(text, i)
        j = m.end() if m else i + 1
        out.append((i, j))
        i = j
    return out


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Line slices of *text* no wider than *width* cells (at least one atom per line), but
    for the spaces a line ends with: a line never starts with a space."""
    if not text:
        return [(0, 0)]
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    start, used = 0, 0
    atoms = _atoms(text)
    k = 0
    while k < len(atoms):
        a, b = atoms[k]
        w = cells(text[a:b])
        if text[a] == " " and a > start and used + w > width:  # a space at a break: it ends the line
            used += w
            k += 1
            continue
        if used + w <= width or a == start:
            if w > width and a == start:  # a word longer than a line: cut it by cells
                cut, c = a, 0
                while cut < b and c + get_character_cell_size(text[cut]) <= width:
                    c += get_character_cell_size(text[cut])
                    cut += 1
                cut = max(cut, a + 1)
                slash = text.rfind("/", a + 1, cut)  # a path: after one of its slashes
                if cut < b and slash > a and text[cut] != "/":
                    cut = slash + 1
                if cut < b:
                    lines.append((start, cut))
                    start, used = cut, 0
                    atoms[k] = (cut, b)
                    continue
            used += w
            k += 1
            continue
        # break before atom k; keep punctuation rules by moving the break back
        brk = a
        back = k
        while back > 0 and (text[atoms[back][0]] in NO_LINE_START or text[atoms[back][0]] == " "
                            or text[atoms[back - 1][1] - 1] in NO_LINE_END):
            back -= 1
            if atoms[back][0] <= start:
                break  # the whole line is such a run: break where it is
        if atoms[back][0] > start:
            brk = atoms[back][0]
            k = back
        lines.append((start, brk))
        start = brk
        used = 0
    lines.append((start, len(text)))
    return lines


def wrap_parts(text: str, width: int, sep: str = " · ") -> list[tuple[int, int]]:
    """Line slices of *text*, parts joined by *sep*, no wider than *width* cells: breaking
    only between parts (the separator at a break is left out: no line starts or ends with
    it), and inside a part only when it alone is wider than a line (as :func:`wrap` does)."""
    parts, pos = [], 0
    for piece in text.split(sep):
        parts.append((pos, pos + len(piece)))
        pos += len(piece) + len(sep)
    lines: list[tuple[int, int]] = []
    line: tuple[int, int] | None = None
    used, gap = 0, cells(sep)
    for a, b in parts:
        w = cells(text[a:b])
        if line is not None and used + gap + w <= width:
            line, used = (line[0], b), used + gap + w
            continue
        if line is not None:
            lines.append(line)
        if w <= width:
            line, used = (a, b), w
            continue
        pieces = [(a + s, a + e) for s, e in wrap(text[a:b], width)]
        lines.extend(pieces[:-1])
        line = pieces[-1]
        used = cells(text[line[0]:line[1]])
    if line is not None:
        lines.append(line)
    return lines or [(0, 0)]


def wrap_lines(text: str, width: int) -> list[str]:
    return [text[s:e] for s, e in wrap(text, width)]


def ellipsize(text: str, width: int, middle: bool = False) -> str:
    """*text* in at most *width* cells: whole if it fits, else cut with "…" — at the end,
    or in the *middle* (a file's name: its start and its end both tell it apart)."""
    if cells(text) <= width:
        return text
    if width <= 1:
        return "…" if width == 1 else ""
    room = width - 1
    head_room = (room + 1) // 2 if middle else room
    head, used = "", 0
    for ch in text:
        w = get_character_cell_size(ch)
        if used + w > head_room:
            break
        head, used = head + ch, used + w
    if not middle:
        return head + "…"
    tail, used, tail_room = "", 0, room - cells(head)
    for ch in reversed(text[len(head):]):
        w = get_character_cell_size(ch)
        if used + w > tail_room:
            break
        tail, used = ch + tail, used + w
    return head + "…" + tail


_DATE_PART = re.compile(r"\d[\d\-_.]*")
_CENTURY = re.compile(r"^(?:19|20)(?=\d\d(?:\D|$))")


def shorten_path(path: str, width: int) -> str:
    """A page file's *path* (``无锡日报/2024/01/02/01.txt``) in at most *width* cells, cut
    where it tells least: whole if it fits; else without ``.txt``; then without the folders
    above the paper (``…/无锡日报/2024/01/02/01``); then with the paper's name cut from its
    end (``无锡…/2024/01/02/01``, down to one glyph) — the date and the page's number kept
    whole to the last (``无…2024/01/02/01``, ``无…24/01/02/01``); only then in the middle (as
    :func:`ellipsize`), the file's end kept."""
    if cells(path) <= width:
        return path
    if path.endswith(".txt") and len(path) > 4:
        path = path[:-4]
        if cells(path) <= width:
            return path
    parts = path.split("/")
    # the paper: the folder just above the first run of digits that goes on to the file
    dated = [i for i in range(1, len(parts)) if all(_DATE_PART.fullmatch(p) for p in parts[i:-1] or parts[i:])]
    day = dated[0] if dated else None
    if day is None or _DATE_PART.fullmatch(parts[day - 1]) or not parts[day - 1]:
        return ellipsize(path, width, middle=True)
    paper, rest = parts[day - 1], "/".join(parts[day:])
    lead = "…/" if day > 1 else ""
    if cells(f"{lead}{paper}/{rest}") <= width:
        return f"{lead}{paper}/{rest}"
    for head in range(len(paper) - 1, 0, -1):
        for start in ((lead, "") if lead else ("",)):
            shown = f"{start}{paper[:head]}…/{rest}"
            if cells(shown) <= width:
                return shown
    # the paper's first glyph kept (two papers' same day must not read alike), then the
    # slash after it, then a year's century
    for shown in (f"{paper[0]}…{rest}", f"{paper[0]}…{_CENTURY.sub('', rest, count=1)}"):
        if cells(shown) <= width:
            return shown
    return ellipsize(f"{paper[0]}…{rest}", width, middle=True)
