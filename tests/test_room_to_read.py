"""Room to read: full-screen reading (key and mouse), the reading width (measure, centred)
and the layouts, asserted on the rendered screen at 80×24 and 200×60."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from reader import settings
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.search_box import SearchBox
from tui_helpers import make_app, ready, screen_lines, settle


def prefs(tmp_path, **values):
    s = settings.load(path=tmp_path / "cfg" / "config.toml")
    for name, value in values.items():
        s.set(name, value)
    return settings.load(path=s.path)


def pane_rows(app) -> list[str]:
    """The rendered rows inside the reading pane's border and scrollbar."""
    pane = app.screen.query_one(ReadingPane)
    r = pane.scrollable_content_region
    lines = screen_lines(app)
    return [_cells(lines[y], r.x, r.right) for y in range(r.y, r.bottom)]


def _cells(line: str, start: int, end: int) -> str:
    """The characters of *line* from cell *start* to cell *end* (CJK glyphs are 2 cells)."""
    out, at = [], 0
    for ch in line:
        w = cell_len(ch)
        if at >= start and at + w <= end:
            out.append(ch)
        at += w
    return "".join(out)


async def open_first(pilot):
    app = pilot.app
    await ready(pilot)
    app.main_screen.open(app.main_screen.article_list.articles[0])
    await settle(pilot)


def visible(app, cls) -> bool:
    w = app.screen.query_one(cls)
    return w.display and w.region.area > 0


async def test_full_screen_reading_at_80x24_shows_at_least_18_lines(seed_corpus, seed_index, tmp_path):
    app = make_app(seed_corpus, seed_index, tmp_path / "data", settings=prefs(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(pilot)
        before = [r for r in pane_rows(app) if r.strip()]
        await pilot.press("z")
        await settle(pilot)
        rows = pane_rows(app)
        text_rows = [r for r in rows if r.strip()]
        assert len(rows) >= 18 and len(text_rows) >= 18, rows
        assert len(text_rows) > len(before)
        lines = screen_lines(app)
        assert "市委常委会召开会议" in lines[0]  # the article's title on the top row: no search box, no list
        assert not visible(app, ArticleList) and not visible(app, SearchBox)
        await pilot.press("z")  # and back
        await settle(pilot)
        assert visible(app, ArticleList) and visible(app, SearchBox)
        await pilot.press("z", "escape")  # Esc leaves full-screen reading first…
        await settle(pilot)
        assert visible(app, ArticleList) and app.screen.focused is app.main_screen.pane
        await pilot.press("escape")  # …then goes back to the list
        await settle(pilot)
        assert app.screen.focused is app.main_screen.article_list


async def test_full_screen_with_the_mouse(seed_corpus, seed_index, tmp_path):
    app = make_app(seed_corpus, seed_index, tmp_path / "data", settings=prefs(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        await pilot.click(ReadingPane, offset=(6, 0))  # the title, on the top border
        await settle(pilot)
        assert not visible(app, ArticleList) and app.main_screen.full_screen
        await pilot.click(ReadingPane, offset=(6, 0))
        await settle(pilot)
        assert visible(app, ArticleList) and not app.main_screen.full_screen
        await pilot.click(ReadingPane, offset=(6, 8))  # a click in the text is only a click
        await settle(pilot)
        assert visible(app, ArticleList)
        await pilot.double_click(ReadingPane, offset=(10, 8))  # a double click on the text
        await settle(pilot)
        assert not visible(app, ArticleList)
        await pilot.click(ReadingPane, offset=(4, 0))  # full screen: the title is the text's first line
        await settle(pilot)
        assert visible(app, ArticleList)


async def test_z_in_the_list_opens_the_article_under_the_cursor_full_screen(seed_corpus, seed_index, tmp_path):
    app = make_app(seed_corpus, seed_index, tmp_path / "data", settings=prefs(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.main_screen.article_list.focus()
        await pilot.press("j", "z")
        await settle(pilot)
        assert app.main_screen.open_article is app.main_screen.article_list.articles[1]
        assert app.main_screen.full_screen and screen_lines(app)[0].find(app.main_screen.open_article.title[:6]) >= 0
        await pilot.press("slash")  # searching leaves full-screen reading
        await settle(pilot)
        assert visible(app, SearchBox) and not app.main_screen.full_screen


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_reading_width_wraps_to_the_measure_and_centres_it(seed_corpus, seed_index, tmp_path, size):
    app = make_app(seed_corpus, seed_index, tmp_path / "data", settings=prefs(tmp_path, reading_width=40))
    async with app.run_test(size=size) as pilot:
        await open_first(pilot)
        await pilot.press("z")
        await settle(pilot)
        rows = [r for r in pane_rows(app) if r.strip()]
        assert len(rows) >= 18
        inner = cell_len(pane_rows(app)[0])
        widths = [cell_len(r.strip()) for r in rows]
        assert max(widths) <= 40 and max(widths) >= 38, [r for r in rows if cell_len(r.strip()) > 40]  # full lines fill the measure
        for r in rows:
            if cell_len(r.strip()) >= 38:  # a full line: as much room left as right
                left = cell_len(r) - cell_len(r.lstrip())
                right = inner - left - cell_len(r.strip())
                assert abs(left - right) <= 2, (left, right, r)
        text = "".join(r.strip() for r in rows)
        assert "市委书记杜小刚主持召开" in text  # nothing dropped or reordered by the wrapping


async def test_reading_width_wider_than_the_pane_is_the_pane(seed_corpus, seed_index, tmp_path):
    app = make_app(seed_corpus, seed_index, tmp_path / "data", settings=prefs(tmp_path, reading_width=300))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(pilot)
        rows = [r for r in pane_rows(app) if r.strip()]
        assert rows and all(r.startswith("  ") or r.startswith("★ ") for r in rows)
        assert max(cell_len(r.rstrip()) for r in rows) > 60


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_side_and_stacked_apply_at_any_size(seed_corpus, seed_index, tmp_path, size):
    for layout in ("side", "stacked"):
        app = make_app(seed_corpus, seed_index, tmp_path / "data", settings=prefs(tmp_path, layout=layout))
        async with app.run_test(size=size) as pilot:
            await open_first(pilot)
            lst, pane = app.main_screen.article_list.region, app.main_screen.pane.region
            if layout == "side":
                assert lst.y == pane.y and lst.right <= pane.x
            else:
                assert lst.x == pane.x and lst.bottom <= pane.y and pane.width >= size[0] - 2
            assert "市委常委会召开会议" in "\n".join(screen_lines(app))


async def test_the_list_layout_shows_one_at_a_time(seed_corpus, seed_index, tmp_path):
    app = make_app(seed_corpus, seed_index, tmp_path / "data", settings=prefs(tmp_path, layout="list"))
    async with app.run_test(size=(200, 60)) as pilot:
        await ready(pilot)
        app.main_screen.article_list.focus()
        await settle(pilot)
        assert visible(app, ArticleList) and not visible(app, ReadingPane)
        assert app.main_screen.article_list.region.width >= 198
        await pilot.press("enter")
        await settle(pilot)
        assert visible(app, ReadingPane) and not visible(app, ArticleList) and visible(app, SearchBox)
        assert app.main_screen.open_article.title in screen_lines(app)[3]
        await pilot.press("escape")
        await settle(pilot)
        assert visible(app, ArticleList) and not visible(app, ReadingPane)


async def test_the_pane_layout_opens_articles_full_screen(seed_corpus, seed_index, tmp_path):
    app = make_app(seed_corpus, seed_index, tmp_path / "data", settings=prefs(tmp_path, layout="pane"))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.main_screen.article_list.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert not visible(app, SearchBox) and not visible(app, ArticleList)
        assert len([r for r in pane_rows(app) if r.strip()]) >= 18
        await pilot.press("z")  # back to the list
        await settle(pilot)
        assert visible(app, ArticleList) and not visible(app, ReadingPane)


async def test_layout_and_width_changed_in_the_app_are_saved(seed_corpus, seed_index, tmp_path):
    s = prefs(tmp_path)
    app = make_app(seed_corpus, seed_index, tmp_path / "data", settings=s)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(pilot)
        app.set_layout("stacked")
        app.set_reading_width(50)
        await settle(pilot)
        assert app.main_screen.pane.region.x == app.main_screen.article_list.region.x
        assert max(cell_len(r.strip()) for r in pane_rows(app)) <= 50, pane_rows(app)
    again = settings.load(path=s.path)
    assert again.layout == "stacked" and again.reading_width == 50
