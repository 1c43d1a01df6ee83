"""The issues screen driven by Pilot on an archive built from the seed pages: papers → a
month's calendar → an issue's pages → a page's articles, and back; what it shows is read
off the rendered screen."""

from __future__ import annotations

import time

from textual.app import App

from reader.corpus import load_corpus
from reader.corpus.reading import Reading
from reader.tui.screens.issues import IssuesScreen
from test_archive_reading import archive
from tui_helpers import screen_text, wait_for_screen, wait_until

UNSET = object()


class Host(App):
    """A bare app that opens the issues screen and keeps what it is dismissed with."""

    def __init__(self, reading: Reading, article=None) -> None:
        super().__init__()
        self.reading, self.article, self.chosen = reading, article, UNSET

    def on_mount(self) -> None:
        self.push_screen(IssuesScreen(self.reading, self.article), self._done)

    def _done(self, result) -> None:
        self.chosen = result


def rows_with(text: str, needle: str) -> list[str]:
    return [line for line in text.splitlines() if needle in line]


async def test_it_opens_at_the_issue_of_the_article_and_enter_reads_one(tmp_path, seeds):
    reading = Reading(archive(tmp_path, seeds).articles)
    start = next(a for a in reading.order if a.source == "无锡日报/2024/06/07/02.txt")
    app = Host(reading, start)
    async with app.run_test(size=(120, 40)) as pilot:
        shown = await wait_for_screen(pilot, "Issues › 无锡日报 › 2024-06-07")
        assert "3 版 · 9 篇" in shown
        assert shown.index("第1版 · 3篇") < shown.index("第2版 · 3篇") < shown.index("第5版 · 3篇")
        await pilot.press("enter")  # the cursor is on the open article's page: 第2版
        titles = [a.title for a in reading.order if a.source == start.source]
        shown = await wait_for_screen(pilot, "Issues › 无锡日报 › 2024-06-07 › 第2版", f" 1. {titles[0]}")
        assert shown.index(f" 1. {titles[0]}") < shown.index(f" 2. {titles[1]}") < shown.index(f" 3. {titles[2]}")
        assert "6月6日" in rows_with(shown, f" 1. {titles[0]}")[0]  # its dateline, with the article
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: app.chosen is not UNSET, what="the screen dismissed")
        assert app.chosen is reading.order[reading.index(start) + 1]
        shown = screen_text(app)
        assert "Issues ›" not in shown  # the screen is gone


async def test_escape_goes_back_a_level_and_the_calendar_moves_by_day_month_and_year(tmp_path, seeds):
    reading = Reading(archive(tmp_path, seeds).articles)
    start = next(a for a in reading.order if a.source == "无锡日报/2024/06/07/05.txt" and a.order == 1)
    app = Host(reading, start)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, "Issues › 无锡日报 › 2024-06-07")
        await pilot.press("enter")
        await wait_for_screen(pilot, "› 第5版", "本版另一篇文章", "上接第1版")
        assert app.screen.query_one("#issues-list").highlighted == start.order  # on the open article
        await pilot.press("backspace")
        await wait_for_screen(pilot, "第5版 · 3篇")
        await pilot.press("escape")  # to the month, the cursor on the issue's day
        shown = await wait_for_screen(pilot, "Issues › 无锡日报 › 2024年6月", "2024-06-07 星期五 · 3 版 · 9 篇")
        # the grid: a week per row, the days with an issue marked with their article counts
        week = rows_with(shown, " 7 9篇")[0]
        assert " 6 10篇" in week and " 8 2篇" in week and " 9 7篇" in week
        assert week.split("│")[1].split() == ["3", "4", "5", "6", "10篇", "7", "9篇", "8", "2篇", "9", "7篇"]
        assert rows_with(shown, "一")[0].split("│")[1].split() == list("一二三四五六日")  # the weekday header
        await pilot.press("right")
        await wait_for_screen(pilot, "2024-06-08 星期六 · 1 版 · 2 篇")
        await pilot.press("n")
        await wait_for_screen(pilot, "2024-06-09 星期日 · 2 版 · 7 篇")
        await pilot.press("down")
        await wait_for_screen(pilot, "2024-06-16 星期日: no issue")
        await pilot.press("enter")  # no issue that day: it stays
        await wait_for_screen(pilot, "2024-06-16 星期日: no issue")
        await pilot.press("pagedown")
        shown = await wait_for_screen(pilot, "Issues › 无锡日报 › 2024年7月", "2024-07-16")
        assert "篇" not in "".join(rows_with(shown, " 1 ")[:1])
        await pilot.press("less_than_sign")
        await wait_for_screen(pilot, "2023年7月", "2023-07-16")
        await pilot.press("n")  # the next issue of the paper, a year on
        await wait_for_screen(pilot, "2024年6月", "2024-06-06 星期四 · 2 版 · 10 篇")
        await pilot.press("enter")
        await wait_for_screen(pilot, "Issues › 无锡日报 › 2024-06-06", "第1版 · 4篇", "第2版 · 6篇")
        await pilot.press("escape", "escape")  # the month, then the papers
        shown = await wait_for_screen(pilot, "无锡日报  4 期 · 2024-06-06 – 2024-06-09", "晚报  1 期 · 2023-12-31")
        await pilot.press("down", "enter")
        await wait_for_screen(pilot, "Issues › 晚报 › 2023年12月", "31 4篇", "2023-12-31 星期日 · 1 版 · 4 篇")
        await pilot.press("enter")
        await wait_for_screen(pilot, "Issues › 晚报 › 2023-12-31", "第1版 · 4篇")
        await pilot.press("escape", "escape", "escape")
        await wait_until(pilot, lambda: app.chosen is not UNSET, what="the screen dismissed")
        assert app.chosen is None


async def test_without_an_open_article_it_starts_at_the_papers_or_the_only_papers_latest_month(tmp_path, seeds):
    reading = Reading(archive(tmp_path, seeds).articles)
    app = Host(reading)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, "Issues", "无锡日报  4 期", "晚报  1 期")
        await pilot.press("enter")
        await wait_for_screen(pilot, "Issues › 无锡日报 › 2024年6月", "2024-06-09 星期日")  # its latest issue
    one = load_corpus(tmp_path / "archive" / "晚报")  # a folder of one paper's issues, no paper named
    app = Host(Reading(one.articles))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, "Issues › (no paper) › 2023年12月", "31 4篇")


async def test_a_corpus_without_issue_dates_says_so(seed_corpus):
    app = Host(Reading(seed_corpus.articles), seed_corpus.articles[0])
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_screen(pilot, "No page of this corpus has an issue date")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.chosen is not UNSET, what="the screen dismissed")
        assert app.chosen is None


async def test_opening_it_on_a_large_archive_looks_at_one_issue_not_the_corpus(seed_corpus, monkeypatch):
    """100 000 articles: the Reading is built once (before, as a corpus's is); the screen
    then opens at an issue in a time that does not grow with the archive."""
    from dataclasses import replace
    from datetime import date, timedelta

    base = seed_corpus.articles
    arts = []
    for n in range(-(-100_000 // len(base))):
        day = date(2020, 1, 1) + timedelta(days=n // 16)
        arts += [replace(a, id=f"{a.id}-{n}", source=f"{day}/{n % 16 + 1:02d}/{a.source}", issue=day,
                         page_no=n % 16 + 1, page=n) for a in base]
    reading = Reading(arts)
    start = arts[len(arts) // 2]

    class Unwalkable(list):
        def __iter__(self):
            raise AssertionError("the issues screen went through the whole corpus")

    reading.order = Unwalkable(reading.order)  # next/prev index it; nothing should walk it
    monkeypatch.setattr(Reading, "_build", Unwalkable.__iter__)  # nor build it again
    app = Host(reading, start)
    async with app.run_test(size=(120, 40)) as pilot:
        began = time.perf_counter()
        screen = IssuesScreen(reading, start)
        app.push_screen(screen)
        await wait_for_screen(pilot, f"Issues › (no paper) › {start.issue.isoformat()}")
        took = time.perf_counter() - began
    # its own look-ups take ~2 ms; the rest is Textual drawing it (0.1–0.6 s on a loaded
    # 2-core machine, as a bare screen takes); going through the corpus would add seconds
    assert took < 3.0, f"{took:.2f} s"


async def test_what_it_shows_of_a_hostile_page_never_reaches_the_terminal_raw(tmp_path, seeds):
    """A paper, a 版名 and a title with control characters in them (from a manifest, say)
    are shown with the characters as pictures."""
    from dataclasses import replace

    corpus = archive(tmp_path, seeds)
    arts = [replace(a, paper="日报\x1b[2J", page_name="要闻\x07", title=a.title + "\x1b]0;x\x07")
            if a.source == "无锡日报/2024/06/07/02.txt" else a for a in corpus.articles]
    reading = Reading(arts)
    start = next(a for a in reading.order if a.paper == "日报\x1b[2J")
    app = Host(reading, start)
    async with app.run_test(size=(120, 40)) as pilot:
        shown = await wait_for_screen(pilot, "Issues › 日报␛[2J › 2024-06-07", "第2版 要闻␇ · 3篇")
        await pilot.press("enter")
        shown = await wait_for_screen(pilot, "␛]0;x␇")
        assert "\x1b" not in shown and "\x07" not in shown


_SHOWN = {"left": "←", "right": "→", "up": "↑", "down": "↓", "pageup": "PgUp", "pagedown": "PgDn",
          "comma": ",", "full_stop": ".", "less_than_sign": "<", "greater_than_sign": ">",
          "home": "Home", "end": "End", "enter": "Enter"}


async def test_the_calendars_hint_and_the_readme_name_every_key_it_binds(tmp_path, seeds):
    from pathlib import Path

    from reader.tui.screens.issues import Calendar

    reading = Reading(archive(tmp_path, seeds).articles)
    start = next(a for a in reading.order if a.source == "无锡日报/2024/06/07/05.txt")
    app = Host(reading, start)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for_screen(pilot, "Issues › 无锡日报 › 2024-06-07")
        await pilot.press("escape")
        shown = await wait_for_screen(pilot, "Issues › 无锡日报 › 2024年6月")
        hint = rows_with(shown, " days · ")[0]
        for binding in Calendar.BINDINGS:
            for key in binding.key.split(","):
                assert _SHOWN.get(key, key) in hint, (key, hint)
        assert ",/. or PgUp/PgDn months" in hint and "</> years" in hint
        await pilot.press("full_stop")  # . and , move a month, as the hint says
        await wait_for_screen(pilot, "Issues › 无锡日报 › 2024年7月")
        await pilot.press("comma", "comma")
        await wait_for_screen(pilot, "Issues › 无锡日报 › 2024年5月")
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    calendar = " ".join(readme.split("then a month as a calendar", 1)[1].split("then the issue's pages", 1)[0].split())
    for keys in ("`,`/`.`", "`PgUp`/`PgDn`", "`<`/`>`", "`n`/`p`", "`Home`/`End`", "`h`/`j`/`k`/`l`"):
        assert keys in calendar, (keys, calendar)
