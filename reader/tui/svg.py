"""SVG screenshots that a browser renders as the terminal showed them.

Rich's ``Console.export_svg`` (which Textual's screenshots use) places each run of text at
its right cell but gives it ``textLength = cell width × len(text)``: a run of CJK characters,
two cells each, is squeezed into half its width (Textualize/rich#2742). Its font list names
no font with CJK glyphs either, so a browser picks any, proportional one.

``cell_width_svg`` fixes both. A browser spreads a text element's ``textLength`` evenly over
its characters, whatever their width, so one length for a run that mixes one- and two-cell
characters still puts the columns wrong: each run is split where the width of its
characters changes, and each piece gets its own ``x`` and ``textLength`` in terminal cells.
The font list gets monospace fonts with box-drawing glyphs of one cell first (CJK fonts draw
those ambiguous-width characters two cells wide), then CJK monospace fallbacks.
"""

from __future__ import annotations

import html
import re
from xml.sax.saxutils import escape

from rich.cells import cell_len

# Latin monospace fonts whose box-drawing and block glyphs are one cell wide, on Linux, macOS
# and Windows; then fonts with CJK glyphs, in the order a reader's machine most likely has
# them, and emoji. Every piece's length is fixed, so even a proportional CJK font keeps the columns.
LATIN_FONTS = ('"DejaVu Sans Mono"', "Menlo", "Consolas", '"Liberation Mono"')
CJK_FONTS = ('"Noto Sans Mono CJK SC"', '"Noto Sans Mono CJK TC"', '"Sarasa Mono SC"', '"Source Han Mono SC"',
             '"Noto Sans CJK SC"', '"PingFang SC"', '"Hiragino Sans GB"', '"Microsoft YaHei"', "SimHei",
             '"Noto Color Emoji"', '"Apple Color Emoji"', '"Segoe UI Emoji"')
MARK = "<!-- text lengths in terminal cells (reader.tui.svg) -->"

_TEXT = re.compile(r'<text\b([^>]*)>([^<]*)</text>')
_ATTR = re.compile(r'\s(x|textLength)="([^"]*)"')
_FONT = re.compile(r"(-matrix\s*\{[^}]*?font-family:\s*)([^;]*?)\s*;", re.S)


def _number(value: float) -> str:
    return format(round(value, 4), "g")


def pieces(text: str) -> list[tuple[int, str]]:
    """*text* cut where its characters' width in cells changes: (cells before, piece).
    A zero-width character (a combining mark) stays with the character before it."""
    out: list[tuple[int, str]] = []
    cells = start_cells = 0
    width = None
    piece = ""
    for ch in text:
        w = cell_len(ch)
        if w and w != width and piece:
            out.append((start_cells, piece))
            piece, start_cells = "", cells
        if w:
            width = w
        piece += ch
        cells += w
    if piece:
        out.append((start_cells, piece))
    return out


def _escape(text: str) -> str:
    return escape(text).replace(" ", "&#160;")


def cell_width_svg(svg: str) -> str:
    """*svg* (from Rich's ``export_svg``) with every text piece as wide as its terminal cells
    and CJK fonts in its font list. Applying it twice changes nothing."""
    if MARK in svg:
        return svg

    def fix(m: re.Match) -> str:
        attrs, content = m.group(1), m.group(2)
        values = dict(_ATTR.findall(attrs))
        text = html.unescape(content)
        if "textLength" not in values or "x" not in values or not text:
            return m.group(0)
        x0 = float(values["x"])
        char_width = float(values["textLength"]) / len(text)  # Rich's length: a cell a character
        rest = _ATTR.sub("", attrs)
        out = []
        for before, piece in pieces(text):
            x = _number(x0 + before * char_width)
            length = _number(cell_len(piece) * char_width)
            # one-cell glyphs stretched to their cells (no seams in a border drawn with block
            # characters); two-cell ones keep their shape, spaced to their cells
            adjust = ' lengthAdjust="spacingAndGlyphs"' if cell_len(piece) == len(piece) else ""
            out.append(f'<text x="{x}" textLength="{length}"{adjust}{rest}>{_escape(piece)}</text>')
        return "".join(out)

    def fonts(m: re.Match) -> str:
        names = [n.strip() for n in m.group(2).split(",") if n.strip()]
        quoted = [f'"{n}"' if " " in n and n[0] not in "\"'" else n for n in names]
        generic = [n for n in quoted if n in ("monospace", "ui-monospace")] or ["monospace"]
        named = [n for n in quoted if n not in generic]
        return f"{m.group(1)}{', '.join((*named, *LATIN_FONTS, *CJK_FONTS, *generic))};"

    svg = _TEXT.sub(fix, svg)
    svg = _FONT.sub(fonts, svg, count=1)
    return re.sub(r"(<svg\b[^>]*>)", lambda m: f"{m.group(1)}\n    {MARK}", svg, count=1)
