"""Pilot, as a new user sees it: the filters' page column fits its names, the reading pane
renders alike however an article is reached, the calendar's counts belong to their days,
the pane's subtitle reads as the app's other lines do, and n / N and the calendar say so
when there is nowhere to go."""

from __future__ import annotations

import re

from tui_helpers import ready, screen_lines, settle, wait_for_text


async def test_the_filters_page_column_shortens_long_file_names_never_wraps_them(app, seeds):
    async with app.run_test(size=(80, 30)) as pilot:
        await ready(pilot)
        await pilot.press("down", "f3")  # from the list: the filters of all articles
        await wait_for_text(pilot, "Page (5)")
        lines = screen_lines(app)
        for page in sorted(seeds.glob("*.txt")):
            name = page.stem  # 000_1da50ff15a4639bc: wider than the column at 80
            row = next((ln for ln in lines if re.search(rf"{name[:5]}\S*…\S*{name[-5:]}  \d+ ", ln)), None)
            assert row is not None, f"{name} not on one row, shortened in the middle:\n" + "\n".join(lines)
        # no row holds only the end of a name, carried down from the row above
        assert not any(re.search(r"│ \S{1,6}  \d+ +│", ln) for ln in lines), "\n".join(lines)
