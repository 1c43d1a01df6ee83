"""y quotes, b bookmarks and m notes the same paragraph — the one at hand: the current
match's after n/N, else the one at the top of the pane — and their toasts name it (¶N)."""

from __future__ import annotations

import pytest

from reader.tui.widgets.reading_pane import ReadingPane
from tui_helpers import ready, settle, type_text, wait_for_screen

pytestmark = pytest.mark.asyncio


async def _at_a_match_below_the_top(pilot, app):
    """An article open on its second or later 杜小刚, below the paragraph at the pane's top."""
    await type_text(pilot, "/杜小刚")
    await settle(pilot)
    await pilot.press("down", "enter")
    await settle(pilot)
    pane = app.screen.query_one(ReadingPane)
    for _ in range(len(pane.spans)):
        await pilot.press("n")
        await settle(pilot)
        where = pane.current_match_paragraph()
        if where is not None and where[0] != pane.top_paragraph():
            return pane, where[0]
    pytest.fail("no match below the paragraph at the pane's top")


async def test_b_bookmarks_the_paragraph_y_quotes(app):
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        pane, paragraph = await _at_a_match_below_the_top(pilot, app)
        await pilot.press("b")
        await wait_for_screen(pilot, "Bookmarked “", f"” ¶{paragraph + 1}")
        assert (pane.article.id, paragraph) in app.user_data.marks()
        await pilot.press("y")
        await wait_for_screen(pilot, f"¶{paragraph + 1} 「")
