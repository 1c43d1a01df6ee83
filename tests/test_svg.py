"""SVG screenshots (the README's pictures, the snapshots, the palette's Screenshot) as wide as
the terminal showed them: each text piece's textLength is its width in cells, so a browser
draws a CJK character over its two cells instead of squeezing it into one (rich#2742)."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from reader.tui.svg import cell_width_svg, pieces
from tui_helpers import make_app, ready, settle, type_text

ROOT = Path(__file__).resolve().parent.parent
CELL = 12.2  # Rich's cell: font size 20 px × aspect ratio 0.61
TEXT = re.compile(r"<text\b([^>]*)>([^<]*)</text>")


def text_runs(svg: str) -> list[tuple[float, float, str]]:
    """(x, textLength, text) of every text run on the terminal (not the window title)."""
    runs = []
    for attrs, content in TEXT.findall(svg):
        if "textLength=" not in attrs:
            continue
        x = float(re.search(r'\bx="([^"]+)"', attrs).group(1))
        length = float(re.search(r'\btextLength="([^"]+)"', attrs).group(1))
        runs.append((x, length, html.unescape(content).replace("\xa0", " ")))
    return runs


def assert_cell_widths(svg: str) -> int:
    """Every run as long as its cells, at a cell boundary, all its characters one width
    (a browser spreads a run's length evenly over its characters). Returns the number of
    runs with CJK."""
    wide = 0
    runs = text_runs(svg)
    assert runs
    for x, length, text in runs:
        assert length == pytest.approx(CELL * cell_len(text), abs=1e-3), (text, length, cell_len(text))
        assert x / CELL == pytest.approx(round(x / CELL), abs=1e-3), (text, x)
        widths = {cell_len(ch) for ch in text} - {0}
        assert len(widths) <= 1, f"mixed widths in one run: {text!r}"
        wide += widths == {2}
    assert 'Noto Sans Mono CJK SC' in svg
    return wide


def rich_svg(*lines: str, width: int = 40) -> str:
    console = Console(width=width, file=io.StringIO(), record=True, force_terminal=True, color_system="truecolor")
    for line in lines:
        console.print(line, markup=False, highlight=False)
    return console.export_svg(title="t")


def test_rich_alone_squeezes_cjk():
    """What the fix is for: Rich's own SVG gives 无锡 (4 cells) the length of 2."""
    runs = text_runs(rich_svg("无锡 ab"))
    assert any(length == pytest.approx(CELL * len(t)) and cell_len(t) > len(t) for _, length, t in runs)


def test_text_lengths_are_cell_widths_for_cjk():
    svg = cell_width_svg(rich_svg("无锡 ab 国际人工智能", "赵建军率无锡团，在德国“密集”拜访", "plain ascii", "e\u0301t\u00e9 ☆ 🔍 x"))
    assert assert_cell_widths(svg) >= 3
    runs = text_runs(svg)
    text = "".join(t for _, _, t in runs)
    for line in ("无锡", "ab", "国际人工智能", "赵建军率无锡团", "plain ascii"):
        assert line in text.replace("\n", "")  # nothing dropped
    # the pieces of a line sit one after another: 无锡 from cell 0, " ab " from cell 4, ...
    first = [(x, t) for x, _, t in runs if t in ("无锡", " ab ", "国际人工智能")]
    assert first == [(0, "无锡"), (4 * CELL, " ab "), (8 * CELL, "国际人工智能")]


def test_font_list_has_latin_then_cjk_fallbacks():
    svg = cell_width_svg(rich_svg("无锡"))
    family = re.search(r"-matrix\s*\{[^}]*font-family:\s*([^;]+);", svg).group(1)
    names = [n.strip().strip('"') for n in family.split(",")]
    assert names[0] == "Fira Code" and names[-1] == "monospace"
    # box drawing from a Latin monospace (one cell), before the CJK fonts draw it two cells wide
    assert names.index("DejaVu Sans Mono") < names.index("Noto Sans Mono CJK SC")


def test_fixing_twice_changes_nothing():
    once = cell_width_svg(rich_svg("无锡 ab"))
    assert cell_width_svg(once) == once


def test_pieces_cut_where_width_changes():
    assert pieces("国际 人工ab无") == [(0, "国际"), (4, " "), (5, "人工"), (9, "ab"), (11, "无")]
    assert pieces("e\u0301x") == [(0, "e\u0301x")]  # a combining mark stays with its letter
    assert pieces("") == []


async def test_app_screenshot_is_cell_wide(seed_corpus, seed_index, tmp_path):
    """The app's own SVG (palette Screenshot, snapshots, docs/screenshots.py) with a search
    for 无锡 shown: every run of Chinese as wide as its cells."""
    app = make_app(seed_corpus, seed_index, tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await type_text(pilot, "无锡")
        await settle(pilot)
        svg = app.export_screenshot()
    assert "无锡" in "".join(t for _, _, t in text_runs(svg))
    assert assert_cell_widths(svg) > 10


@pytest.mark.parametrize("path", sorted((ROOT / "docs" / "img").glob("*.svg")), ids=lambda p: p.name)
def test_readme_pictures_are_cell_wide(path):
    """The committed pictures were made by the fixed writer (run docs/screenshots.py)."""
    assert assert_cell_widths(path.read_text("utf-8")) > 0


def test_readme_shows_every_picture():
    """Each picture the README names exists (docs/screenshots.py made it), and each one made
    is shown."""
    shown = set(re.findall(r"\]\((docs/img/[^)\s]+\.svg)\)", (ROOT / "README.md").read_text("utf-8")))
    made = {f"docs/img/{p.name}" for p in (ROOT / "docs" / "img").glob("*.svg")}
    assert shown and shown == made, (shown ^ made)
