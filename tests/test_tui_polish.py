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
            name = page.stem  # 000_1da50ff15a4639bc: whole at 80 (the columns as wide as their rows need), else cut in the middle
            row = next((ln for ln in lines if re.search(rf"{name[:5]}\S*{name[-5:]}  \d+ ", ln)), None)
            assert row is not None, f"{name} not on one row, whole or shortened in the middle:\n" + "\n".join(lines)
        # no row holds only the end of a name, carried down from the row above
        assert not any(re.search(r"│ \S{1,6}  \d+ +│", ln) for ln in lines), "\n".join(lines)


LONG_FRONT = "头版长文章召开会议\n\n" + "\n\n".join(
    f"本报讯 6月7日，市委召开会议第{k}段，研究部署相关工作，会议强调要坚持问题导向，推动各项工作落实落细。"
    for k in range(30)) + "\n\n（下转第5版）\n"
SHORT_PAGE5 = "（上接第1版）以人民为中心的发展思想，把各项工作做实做细，确保取得实效。\n"


def _pane_rows(app) -> list[str]:
    region = app.main_screen.pane.region
    return screen_lines(app)[region.y:region.bottom]


async def test_the_pane_renders_alike_reached_from_the_list_by_c_and_by_brackets(tmp_path, seeds):
    from reader.corpus import load_corpus
    from test_archive_layouts import build
    from tui_helpers import make_app, wait_until

    corpus = load_corpus(build(tmp_path / "archive", seeds, {
        "无锡日报/2024/06/07/01.txt": LONG_FRONT, "无锡日报/2024/06/07/05.txt": SHORT_PAGE5}))
    app = make_app(corpus, tmp_path / "cache", tmp_path / "data")
    short = next(a for a in corpus.articles if a.page_no == 5)
    async with app.run_test(size=(120, 34)) as pilot:
        await ready(pilot)
        screen = app.main_screen
        screen.article_list.focus()
        screen.article_list.select_id(short.id)
        await pilot.press("enter")  # from the list
        await wait_for_text(pilot, "第5版 1/1 · 上接第1版 (c)")
        from_list = _pane_rows(app)
        await pilot.press("c")  # to the long article (a scrollbar), and on to the short one again
        await wait_for_text(pilot, "下转第5版 (c)")
        await pilot.press("c")
        await wait_until(pilot, lambda: screen.open_article is short, what="the short article open")
        await settle(pilot)
        assert _pane_rows(app) == from_list, "by c:\n" + "\n".join(_pane_rows(app)) + "\nfrom the list:\n" + "\n".join(from_list)
        await pilot.press("left_square_bracket")  # the long one before it in issue order, and back
        await wait_for_text(pilot, "下转第5版 (c)")
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: screen.open_article is short, what="the short article open")
        await settle(pilot)
        assert _pane_rows(app) == from_list, "by ]:\n" + "\n".join(_pane_rows(app)) + "\nfrom the list:\n" + "\n".join(from_list)


async def test_each_count_in_the_calendar_sits_with_its_day_at_80_and_120_columns(tmp_path, seeds):
    from reader.corpus.reading import Reading
    from reader.tui.screens.issues import Calendar
    from test_archive_issues import Host
    from test_archive_reading import archive
    from tui_helpers import painted_text, wait_for_screen

    reading = Reading(archive(tmp_path, seeds).articles)
    start = next(a for a in reading.order if a.source == "无锡日报/2024/06/07/05.txt")
    for size in ((80, 30), (120, 40)):
        app = Host(reading, start)
        async with app.run_test(size=size) as pilot:
            await wait_for_screen(pilot, "Issues › 无锡日报 › 2024-06-07")
            await pilot.press("escape")  # the month, the cursor on the 7th
            shown = await wait_for_screen(pilot, "2024-06-07 星期五 · 3 版 · 9 篇")
            week = next((ln for ln in shown.splitlines() if " 7 9篇" in ln), None)  # the count right after its day
            assert week is not None, shown
            for day in (" 6 10篇", " 8 2篇", " 9 7篇"):
                assert day in week, (size, week)
            assert re.search(r"10篇 {2,}7 9篇 {2,}8 2篇 {2,}9 7篇", week), (size, week)  # a gap after each count
            cal = app.screen.query_one(Calendar)
            blocks = [run.strip() for run in painted_text(app, cal.get_component_rich_style("calendar--issue"), cal.region)]
            # each day with an issue is one block of its own background, its count in it (the
            # cursor's, the 7th, has the cursor's)
            assert blocks == ["6 10篇", "8 2篇", "9 7篇"], (size, blocks)


async def test_the_pane_subtitle_separates_its_parts_and_says_how_many_matches(app):
    from tui_helpers import type_text, wait_for_screen

    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, "杜小刚")
        await settle(pilot)
        await pilot.press("enter")  # to the list
        await pilot.press("enter")  # open the first hit
        await settle(pilot)
        shown = await wait_for_screen(pilot, "5 matches ─╯", "5 matches (n/N)")  # before one is chosen
        bottom = next(ln for ln in shown.splitlines() if "5 matches ─╯" in ln)
        assert re.search(r"─ \S.* 1/\d+ · 5 matches ─╯", bottom), bottom  # where it is · how many
        assert "–/" not in shown
        await pilot.press("n")
        shown = await wait_for_screen(pilot, " · match 1/5 ─╯", "match 1/5 (n/N)")


async def test_n_and_N_say_so_when_they_go_round_past_the_last_or_first_match(app):
    from tui_helpers import toast_text, type_text, wait_for_screen

    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        await type_text(pilot, "杜小刚")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.press("enter")
        await wait_for_screen(pilot, "5 matches (n/N)")
        await pilot.press(*"nnnnn")
        shown = await wait_for_screen(pilot, "match 5/5 (n/N)")
        assert "match" not in toast_text(shown)  # no word while there is a next one
        await pilot.press("n")  # at the last: round to the first, and a word of it
        await wait_for_screen(pilot, "Past the last match: back to the first.", "match 1/5 (n/N)")
        await pilot.press("N")  # at the first: round to the last
        await wait_for_screen(pilot, "Before the first match: on to the last.", "match 5/5 (n/N)")


async def test_the_calendar_says_so_on_a_day_without_an_issue_and_past_the_last_issue(tmp_path, seeds):
    from reader.corpus.reading import Reading
    from test_archive_issues import Host
    from test_archive_reading import archive
    from tui_helpers import wait_for_screen

    reading = Reading(archive(tmp_path, seeds).articles)
    start = next(a for a in reading.order if a.source == "无锡日报/2024/06/07/05.txt")
    app = Host(reading, start)
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        await wait_for_screen(pilot, "Issues › 无锡日报 › 2024-06-07")
        await pilot.press("escape")
        await wait_for_screen(pilot, "2024-06-07 星期五 · 3 版 · 9 篇")
        await pilot.press("down", "enter")  # the 14th: no issue
        await wait_for_screen(pilot, "No issue on 2024-06-14: n / p go to the next / previous issue.",
                              "2024-06-14 星期五: no issue")
        await pilot.press("end", "n")  # the paper's last issue, and on
        await wait_for_screen(pilot, "No later issue of this paper.", "2024-06-09 星期日")
        await pilot.press("home", "p")
        await wait_for_screen(pilot, "No earlier issue of this paper.", "2024-06-06 星期四")
