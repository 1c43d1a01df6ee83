"""What a person sees of an archive in the app: dates with years, paper and 版 where a page
number goes, the 版 in the pane and in the quote — and, for the flat seeds, no invented p1."""

from __future__ import annotations

from reader.corpus import load_corpus
from test_archive_layouts import build
from tui_helpers import make_app, ready, screen_text, settle, type_text, wait_for_text


async def test_the_list_and_pane_show_paper_date_and_page(tmp_path, seeds):
    root = build(tmp_path / "archive", seeds, {"无锡日报/2024/06/07/01_要闻.txt": 2, "无锡日报/2024/01/02/03.txt": 0})
    corpus = load_corpus(root)
    app = make_app(corpus, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, "date:2023")
        await settle(pilot)
        text = await wait_for_text(pilot, "2023年9月4日 · 无锡日报 第3版")
        assert "2024年6月6日" not in text  # date:2023: only the pages of the 2024-01-02 issue
        await type_text(pilot, " paper:无锡 page:3")
        await settle(pilot)
        await pilot.press("enter")  # to the list
        await pilot.press("enter")  # open the first hit
        await settle(pilot)
        text = await wait_for_text(pilot, "无锡日报 2024-01-02 第3版")  # the pane says where it is
        assert " p1" not in text and "第1页" not in text


async def test_the_seeds_list_shows_file_names_not_page_positions(seed_corpus, seed_index, tmp_path):
    app = make_app(seed_corpus, seed_index, tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        text = screen_text(app)
        assert "9月4日 · 000_1da50ff15…" in text
        assert "· p1" not in text and "· p2" not in text


async def test_filters_of_an_archive_offer_paper_year_month_and_page(tmp_path, seeds):
    root = build(tmp_path / "archive", seeds, {"无锡日报/2024/06/07/01_要闻.txt": 2, "江南晚报/2024/01/02/03.txt": 0})
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, "无锡")
        await settle(pilot)
        await pilot.press("f3")
        text = await wait_for_text(pilot, "Paper (2)")
        for seen in ("Date (", "Page (", "无锡日报", "江南晚报", "2024年  3", "2023年  3", "2024年6月  3",
                     "2023年9月  3", "第1版  3", "第3版  3"):  # (the 2024-01-02 issue's datelines are of 2023)
            assert seen in text, seen
        await pilot.press("right", "right")  # Author → Paper → Date: its first value is the newest year
        await pilot.press("enter")
        await settle(pilot)
        text = await wait_for_text(pilot, "date:2024")
        assert "无锡 date:2024" in text


async def test_filters_list_days_newest_first_as_the_months(tmp_path, seeds):
    import re

    root = build(tmp_path / "archive", seeds, {"无锡日报/2024/06/07/01.txt": 2, "无锡日报/2024/01/02/03.txt": 0,
                                               "无锡日报/2024/06/08/01.txt": 1})
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 50)) as pilot:
        await ready(pilot)
        await pilot.press("f3")
        await wait_for_text(pilot, "Date (")
        region = app.screen.query_one("#facet-date").region  # the Date column as drawn
        lines = screen_text(app).splitlines()[region.y:region.bottom]
        text = "\n".join(_cells(line, region.x, region.right) for line in lines)
        months = [(int(y), int(m)) for y, m in re.findall(r"(\d{4})年(\d{1,2})月(?!\d)", text)]
        days = [(int(y), int(m), int(d)) for y, m, d in re.findall(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)]
        assert len({y for y, _ in months}) >= 2 and len({y for y, _, _ in days}) >= 2, text
        assert months == sorted(months, reverse=True), months
        assert days == sorted(days, reverse=True), days


def _cells(line: str, start: int, end: int) -> str:
    """The characters of *line* drawn in cells [*start*, *end*) (a CJK character is two)."""
    from rich.cells import cell_len

    out, x = [], 0
    for c in line:
        if start <= x < end:
            out.append(c)
        x += cell_len(c)
    return "".join(out)
