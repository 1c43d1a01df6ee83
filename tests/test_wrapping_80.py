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


async def test_the_quote_toast_never_breaks_inside_a_file_name(app, seed_corpus):
    from reader.tui.widgets.reading_pane import ReadingPane

    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        for article in [a for a in seed_corpus.articles if a.source.startswith("002_")]:
            app.clear_notifications()
            app.main_screen.open(article)
            app.screen.query_one(ReadingPane).focus()
            await pilot.pause()
            await pilot.press("y")
            name = article.source.rsplit("/", 1)[-1]
            screen = await wait_for_screen(pilot, "「", name[:8])
            assert any(name in line for line in screen.splitlines()), screen


async def test_a_pages_articles_at_80_columns_hang_and_say_a_missing_continuation_briefly(tmp_path, seeds):
    from test_archive_issues import Host
    from test_archive_reading import archive
    from reader.corpus.reading import Reading

    reading = Reading(archive(tmp_path, seeds).articles)
    start = next(a for a in reading.order if a.source == "无锡日报/2024/06/09/02.txt")
    app = Host(reading, start)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "Issues › 无锡日报 › 2024-06-09")
        await pilot.press("enter")  # the open article's page: its articles
        shown = await wait_for_screen(pilot, "› 第2版", " 1. ")
        assert "the article is not found on that page" not in shown
        assert "上接第1版 (not found)" in shown
        import re

        lines = shown.splitlines()
        numbered = [i for i, line in enumerate(lines) if re.search(r"│ +\d+\. ", line)]
        wrapped = [i for i in numbered if i + 1 < len(lines) and i + 1 not in numbered
                   and lines[i + 1].strip(" │▎▊█▁▔╰─╯")]
        assert wrapped, "no row wraps at 80 columns"
        for i in wrapped:
            column = re.search(r"\d+\. ", lines[i]).end()  # where the title starts
            after = lines[i + 1]
            assert after[:column].strip(" │▎▊█") == "" and after[column].strip(), lines[i:i + 2]
