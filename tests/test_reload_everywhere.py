"""Reading the archive again, as a person sees it: a corpus that failed to load says so on
the screen until F5 loads it again (#1 of the new-user trial); F5 / Ctrl+R work over every
screen, the modal ones too, and an issues view shown across a reload shows the new archive
(#2); ``]`` / ``[`` from the list go from the highlighted article (#10)."""

from __future__ import annotations

from reader.corpus import load_corpus
from reader.corpus.preview import CorpusLoader
from reader.tui.app import ReaderApp
from reader.tui.screens.facets import FacetsScreen
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.issues import IssuesScreen
from reader.tui.screens.settings import SettingsScreen
from test_archive_layouts import build
from tui_helpers import make_app, ready, screen_lines, settle, type_text, wait_for_screen, wait_until

FRONT = "无锡日报/2024/06/07/01.txt"  # seed 2: 杜小刚…, 上外, 赵建军 (陈菁菁)
SECOND = "无锡日报/2024/06/07/02.txt"  # seed 1: 中国诚通, …, 第8次常务会议 (陈菁菁), 千人采样队
NEXT_DAY = "无锡日报/2024/06/08/01.txt"  # seed 0: 市委常委会召开会议, …, 西门子 (陈菁菁)
BAD_LAYOUT = 'layout = "{yyyy}/{mm}/{page}.txt"\n'


def _status(app) -> str:
    return screen_lines(app)[-2]  # over the footer


# -- #1: a corpus that fails to load ---------------------------------------------------------
async def test_a_corpus_that_fails_to_load_says_so_until_f5_loads_it(tmp_path, seeds):
    root = build(tmp_path / "a", seeds, {FRONT: 2, NEXT_DAY: 1})
    (root / "reader.toml").write_text(BAD_LAYOUT, "utf-8")
    cache = tmp_path / "cache"
    app = ReaderApp(CorpusLoader(root, cache), cache, tmp_path / "data")
    async with app.run_test(size=(120, 32), notifications=True) as pilot:
        shown = await wait_for_screen(pilot, "not loaded · F5 tries again")  # over the list
        app.clear_notifications()  # the toast goes; the screen keeps saying it
        await wait_until(pilot, lambda: "▌" not in "".join(screen_lines(app)), what="the toast gone")
        lines = screen_lines(app)
        shown = "\n".join(lines)
        assert "The corpus could not be loaded (F5 tries again): reader.toml: layout" in lines[1], shown  # the box
        assert "type to search" not in shown and "search opens" not in shown  # nothing promised
        assert "the corpus could not be loaded (F5 tries again): reader.toml: layout" in _status(app), shown
        assert "The corpus could not be loaded:" in shown  # the list, the whole error
        assert "{dd} go together" in shown and "press F5" in shown
        assert "loading articles" not in shown
        await pilot.press("f5")  # not fixed yet: said again, nothing else
        await wait_for_screen(pilot, "The corpus could not be loaded", "F5 tries again.")
        assert "still loading" not in "\n".join(screen_lines(app))
        (root / "reader.toml").write_text('paper = "无锡日报"\n', "utf-8")  # fixed
        await pilot.press("ctrl+r")
        await wait_for_screen(pilot, "7 articles", "杜小刚主持召开")
        await ready(pilot)
        app.clear_notifications()
        await wait_until(pilot, lambda: "could not be loaded" not in "\n".join(screen_lines(app)),
                         what="the failure no longer shown")
        await pilot.press("slash")
        await type_text(pilot, "采样")
        await settle(pilot)
        shown = await wait_for_screen(pilot, "千人采样队")
        assert "1 hit" in _status(app), shown


# -- #2: F5 / Ctrl+R over every screen --------------------------------------------------------
async def test_f5_and_ctrl_r_work_over_the_modal_screens(tmp_path, seeds):
    root = build(tmp_path / "a", seeds, {FRONT: 2})
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("escape")  # to the list
        for key, opened, key_screen, close in (
                ("i", "Issues › 无锡日报", IssuesScreen, "q"), ("f3", "Author (3)", FacetsScreen, "escape"),
                ("comma", "Settings", SettingsScreen, "escape"), ("f1", "Everywhere", HelpScreen, "escape")):
            await pilot.press(key)
            await wait_until(pilot, lambda: isinstance(app.screen, key_screen), what=f"{key} opening its screen")
            await wait_for_screen(pilot, opened)
            for reload_key in ("f5", "ctrl+r"):
                app.clear_notifications()
                await pilot.press(reload_key)
                await wait_for_screen(pilot, "No page was added, removed or edited")
                assert isinstance(app.screen, key_screen)  # the screen stays
            await pilot.press(close)
            await wait_until(pilot, lambda: app.screen is app.main_screen, what="back on the main screen")


async def test_an_issues_view_shown_across_a_reload_shows_the_new_archive(tmp_path, seeds):
    root = build(tmp_path / "a", seeds, {FRONT: 2})
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("escape", "i")
        await wait_for_screen(pilot, "Issues › 无锡日报 › 2024-06-07", "第1版 · 3篇")
        build(root, seeds, {FRONT: 4, NEXT_DAY: 1})  # the page's text replaced (its articles new), a day added
        await pilot.press("f5")
        await wait_for_screen(pilot, "Archive updated", "第1版 · 6篇")  # the view shows the page as it is now
        assert isinstance(app.screen, IssuesScreen)
        await pilot.press("enter")
        await wait_for_screen(pilot, "锚定新目标，奋楫再出发")
        await pilot.press("enter")  # the article read is the archive's, and the pane says where it is
        await wait_until(pilot, lambda: app.screen is app.main_screen, what="the article chosen")
        await wait_for_screen(pilot, "2024-06-07 · 第1版 1/6")
        assert app.main_screen.open_article.id in app.corpus.ids
        await pilot.press("i", "escape")  # and its month has the added day
        await wait_for_screen(pilot, "Issues › 无锡日报 › 2024年6月")
        await pilot.press("end")
        await wait_for_screen(pilot, "2024-06-08 星期六 · 1 版 · 4 篇")


# -- #10: ] and [ from the list ---------------------------------------------------------------
async def test_brackets_from_the_list_go_from_the_highlighted_article(tmp_path, seeds):
    root = build(tmp_path / "a", seeds, {FRONT: 2, SECOND: 1, NEXT_DAY: 0})
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        screen = app.main_screen
        await ready(pilot)
        await type_text(pilot, "author:陈菁菁")
        await settle(pilot)
        await wait_for_screen(pilot, "3 hits")
        titles = [a.title for a in screen.article_list.articles]
        first = titles[0]
        await pilot.press("enter", "enter")  # to the list, open the first hit
        await wait_until(pilot, lambda: screen.open_article is not None and screen.open_article.title == first,
                         what="the first hit open")
        await pilot.press("escape")  # back to the list (the pane keeps the article)
        await wait_until(pilot, lambda: screen.article_list.has_focus, what="the list focused")
        pick = titles.index("市政府召开第8次常务会议")
        while screen.article_list.cursor != pick:
            await pilot.press("down" if screen.article_list.cursor < pick else "up")
        await pilot.press("right_square_bracket")  # from the highlighted hit: the next on its page
        await wait_for_screen(pilot, "2024-06-07 · 第2版 4/4")
        assert "千人采样队" in str(screen.pane.border_title)
        assert screen.article_list.has_focus
        await pilot.press("right_square_bracket")  # on from there (not a hit: the cursor stayed)
        await wait_for_screen(pilot, "2024-06-08 · 第1版 1/4")
        await pilot.press("left_square_bracket", "left_square_bracket")
        await wait_for_screen(pilot, "2024-06-07 · 第2版 3/4")
        # the cursor moved: from it again; from the pane: from the pane's article
        await pilot.press("up" if pick else "down")
        moved = screen.article_list.current
        before = screen._reading.prev(moved)
        await pilot.press("left_square_bracket")
        await wait_until(pilot, lambda: before.title in str(screen.pane.border_title), what="[ from the moved cursor")
        screen.pane.focus()
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: moved.title in str(screen.pane.border_title), what="] from the pane")


def test_the_reload_key_works_everywhere_so_it_takes_no_typing_key():
    """app.reload is looked at before any widget, on every screen: a remap to a key that
    types a character would take that character from the search box, so it is refused;
    and over a modal screen only such keys meet the screen's own (no false conflicts)."""
    from reader.tui import keys

    sources = ReaderApp.binding_sources()
    good, warnings = keys.check({"app.reload": "r", "app.help": "f9"}, sources, "cfg")
    assert good == {"app.help": "f9"}
    assert len(warnings) == 1 and "keys.app.reload: 'r' is a key that types a character" in warnings[0]
    good, warnings = keys.check({"app.reload": "ctrl+g"}, sources, "cfg")
    assert good == {"app.reload": "ctrl+g"} and warnings == []
    # the app's Search on n: n is the issue calendar's too, but the issues view never sees the app's n
    _, warnings = keys.check({"app.search": "n"}, sources, "cfg")
    assert not any("issues.calendar" in w for w in warnings), warnings
    _, warnings = keys.check({"app.reload": "ctrl+g,f5", "help.close": "ctrl+g"}, sources, "cfg")
    assert any('"ctrl+g" is also the key of' in w for w in warnings), warnings


async def test_i_and_scope_from_the_list_start_at_the_highlighted_article(tmp_path, seeds):
    """(c too: tests/test_archive_keys.py follows a continuation from the list.)"""
    root = build(tmp_path / "a", seeds, {FRONT: 2, SECOND: 1, NEXT_DAY: 0})
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        screen = app.main_screen
        await ready(pilot)
        await type_text(pilot, "author:陈菁菁")
        await settle(pilot)
        await wait_for_screen(pilot, "3 hits")
        titles = [a.title for a in screen.article_list.articles]
        await pilot.press("enter", "enter")  # to the list, open the first hit (of one issue)
        await wait_until(pilot, lambda: screen.open_article is not None, what="the first hit open")
        opened = screen.open_article
        await pilot.press("escape")
        await wait_until(pilot, lambda: screen.article_list.has_focus, what="the list focused")
        other = next(k for k, a in enumerate(screen.article_list.articles) if a.issue != opened.issue)
        while screen.article_list.cursor != other:
            await pilot.press("down" if screen.article_list.cursor < other else "up")
        picked = screen.article_list.current
        await pilot.press("i")  # the issues view opens at the highlighted hit's issue, not the open one's
        await wait_until(pilot, lambda: isinstance(app.screen, IssuesScreen), what="the issues view")
        await wait_for_screen(pilot, f"Issues › 无锡日报 › {picked.issue.isoformat()}")
        await pilot.press("q")  # (Esc goes a level up: the month)
        await wait_until(pilot, lambda: app.screen is screen, what="back to the main screen")
        await wait_until(pilot, lambda: screen.article_list.has_focus, what="the list focused again")
        await pilot.press("I")  # scoped to the highlighted hit's issue
        await wait_until(pilot, lambda: f"issue:{picked.issue.isoformat()}" in screen.query_text,
                         what="the highlighted hit's issue in the box")
        assert titles  # (the hits it started from)


async def test_filters_shown_across_a_reload_are_closed_not_left_counting_the_old_archive(tmp_path, seeds):
    root = build(tmp_path / "a", seeds, {FRONT: 2})
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("escape")  # to the list
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, FacetsScreen), what="the filters")
        before = len(app.corpus.articles)
        await wait_for_screen(pilot, f"Filter {before} results")
        build(root, seeds, {SECOND: 1})
        await pilot.press("f5")
        await wait_for_screen(pilot, "Closed the filters: they counted the archive as it was", timeout=90)
        assert app.screen is app.main_screen
        await settle(pilot)
        after = len(app.corpus.articles)
        assert after > before
        await pilot.press("escape")
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, FacetsScreen), what="the filters again")
        await wait_for_screen(pilot, f"Filter {after} results")
