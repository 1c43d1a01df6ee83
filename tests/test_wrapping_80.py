"""At 80×24, text that wraps hangs under its own column and never breaks inside a name."""

from __future__ import annotations

import pytest

from tui_helpers import ready, screen_lines, wait_for_screen

pytestmark = pytest.mark.asyncio


async def test_help_rows_wrap_under_their_description(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f1")
        await wait_for_screen(pilot, "Command palette: every command")
        lines = screen_lines(app)
        row = next(i for i, line in enumerate(lines) if "Command palette: every command" in line)
        column = lines[row].index("Command palette")
        after = lines[row + 1]
        assert after[:column].strip(" │▎▊█") == "" and after[column:column + 1].strip(), lines[row:row + 2]
