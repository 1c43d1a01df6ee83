"""Themes: every widget takes its colours from the theme, so that a light theme (chosen in
Ctrl+P → Theme, while the app runs) turns the list and the pane light with the frames, and
text and frames stay readable on the rendered screen in every built-in theme."""

from __future__ import annotations

from collections import Counter

import pytest
from rich.cells import cell_len
from textual.color import Color

from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane
from tui_helpers import make_app, ready, settle, type_text

FRAME = set("─│╭╮╰╯")


def screen_cells(app) -> list[list[tuple[str, object]]]:
    """The screen as the terminal gets it: (character, Rich style) per cell (a CJK character
    and an empty string for its second cell)."""
    grid = []
    for strip in app.screen._compositor.render_strips():
        row = []
        for seg in strip:
            for ch in seg.text:
                row.append((ch, seg.style))
                if cell_len(ch) == 2:
                    row.append(("", seg.style))
        grid.append(row)
    return grid


def _luminance(triplet) -> float:
    def channel(v: int) -> float:
        v = v / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = triplet
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def worst_contrast(app) -> tuple[tuple[float, str], tuple[float, str]]:
    """The lowest contrast of (text, frame) cells in the list and the pane."""
    grid = screen_cells(app)
    text, frame = (99.0, ""), (99.0, "")
    for widget in (app.screen.query_one(ArticleList), app.screen.query_one(ReadingPane)):
        inner, outer = widget.scrollable_content_region, widget.region
        for y in range(outer.y, outer.bottom):
            for x in range(outer.x, outer.right):
                ch, style = grid[y][x]
                if not ch.strip():
                    continue
                assert style.color is not None and style.bgcolor is not None, (ch, style)
                c = contrast(style.color.triplet, style.bgcolor.triplet)
                if inner.contains(x, y):
                    text = min(text, (c, f"{ch} {style}"))
                elif ch in FRAME:
                    frame = min(frame, (c, f"{ch} {style}"))
    return text, frame


async def _reading(pilot) -> None:
    """A search with its matches in the list and in an open article, the list focused."""
    await ready(pilot)
    await type_text(pilot, "杜小刚")
    await settle(pilot)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("n", "n", "escape")  # a current match, then back to the list
    await settle(pilot)
    assert isinstance(pilot.app.focused, ArticleList)


async def test_light_theme_chosen_while_running_turns_list_and_pane_light(seed_corpus, seed_index, tmp_path):
    app = make_app(seed_corpus, seed_index, tmp_path / "data")
    async with app.run_test(size=(120, 36)) as pilot:
        await _reading(pilot)
        for theme in ("textual-light", "textual-dark", "textual-light"):
            app.theme = theme
            await settle(pilot)
            surface = Color.parse(app.theme_variables["surface"]).rich_color.triplet
            grid = screen_cells(app)
            for widget in (app.screen.query_one(ArticleList), app.screen.query_one(ReadingPane)):
                r = widget.scrollable_content_region
                backgrounds = Counter(grid[y][x][1].bgcolor.triplet for y in range(r.y, r.bottom) for x in range(r.x, r.right))
                most, _ = backgrounds.most_common(1)[0]
                assert most == surface, (theme, widget.id, most, surface)
                # nothing of the other theme's surface is left on the screen
                other = "textual-dark" if theme == "textual-light" else "textual-light"
                old = Color.parse(_surface_of(app, other)).rich_color.triplet
                assert old not in backgrounds, (theme, widget.id)


def _surface_of(app, theme: str) -> str:
    return app.get_theme(theme).to_color_system().generate()["surface"]


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_text_and_frames_readable(theme, seed_corpus, seed_index, tmp_path):
    """Text (titles, dates, matches, the cursor row, the current match) at least 3.5:1 against
    its background; the frames of list and pane at least 2:1 (the light theme's were 1.2:1)."""
    app = make_app(seed_corpus, seed_index, tmp_path / "data")
    async with app.run_test(size=(120, 36)) as pilot:
        app.theme = theme
        await _reading(pilot)
        text, frame = worst_contrast(app)
    assert text[0] >= 3.5, text
    assert frame[0] >= 2.0, frame


async def test_every_builtin_theme_readable(seed_corpus, seed_index, tmp_path):
    """No theme leaves text unreadable or frames invisible (the limits allow for the
    themes' own cursor colours: gruvbox's is light teal)."""
    app = make_app(seed_corpus, seed_index, tmp_path / "data")
    async with app.run_test(size=(120, 36)) as pilot:
        await _reading(pilot)
        poor = []
        for theme in sorted(app.available_themes):
            if theme.startswith("ansi"):
                continue  # the terminal's own colours: nothing to measure
            app.theme = theme
            await settle(pilot)
            text, frame = worst_contrast(app)
            if text[0] < 2.2 or frame[0] < 1.5:
                poor.append((theme, text, frame))
    assert not poor, poor
