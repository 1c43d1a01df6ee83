"""The app under Pilot: incremental search, stale results, highlights, n/N, keys, sizes."""

from __future__ import annotations

import os

import threading

import pytest
from textual.binding import Binding

from reader.tui.screens.help import HelpScreen, binding_rows
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.search_box import SearchBox
from search_truth import truth
from tui_helpers import list_ids, make_app, painted_text, ready, screen_lines, screen_text, settle, type_text, wait_for_screen, wait_until


async def test_typing_narrows_to_substring_truth_on_every_keystroke(app, seed_corpus):
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert list_ids(app) == [a.id for a in seed_corpus.articles]
        for word in ["杜小刚", "高质量发展"]:
            app.screen.query_one(SearchBox).value = ""
            await settle(pilot)
            for k in range(1, len(word) + 1):
                await pilot.press(word[k - 1])
                await settle(pilot)
                assert set(list_ids(app)) == truth(seed_corpus, word[:k]), word[:k]
        assert "hits" in app.main_screen.status.hits


async def test_stale_results_never_win(app, seed_corpus):
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        real = app.engine.search_stages
        slow_started, slow_done = threading.Event(), threading.Event()

        def search_stages(query, **kw):
            if query == "杜":  # the first keystroke's search is slow and ignores cancellation
                slow_started.set()
                import time

                time.sleep(0.6)
                try:
                    return real(query)
                finally:
                    slow_done.set()
            return real(query, **kw)

        app.engine.search_stages = search_stages
        await pilot.press("杜")
        for _ in range(1000):  # (bounded: a search that never starts fails, not hangs)
            if slow_started.is_set():
                break
            await pilot.pause(0.01)
        assert slow_started.is_set(), "the app did not search as the test expects"
        await pilot.press("小", "刚")  # fast searches finish first
        await settle(pilot)
        await wait_until(pilot, slow_done.is_set, what="the slow first search")  # it came back late
        await settle(pilot)
        assert set(list_ids(app)) == truth(seed_corpus, "杜小刚")
        assert app.main_screen.results.query == "杜小刚"


async def test_highlights_in_the_pane_and_n_N_indicator(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, "杜小刚")
        await settle(pilot)
        await pilot.press("enter")  # to the list
        await pilot.press("enter")  # open the first hit
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        assert pane.article.title.startswith("杜小刚主持召开")
        assert len(pane.spans) == 5
        # the rendered pane paints the match style on exactly the matched characters
        match_style = pane.get_component_rich_style("reading-pane--match")
        painted = ""
        for y in range(pane.size.height):
            for seg in pane.render_line(y):
                if seg.style and seg.style.bgcolor == match_style.bgcolor and seg.text.strip():
                    painted += seg.text
        assert painted.count("杜小刚") >= 2 and set(painted) <= set("杜小刚")
        assert "5 matches" in app.main_screen.status.match
        # and so on the rendered screen: in the pane and in the list's snippets, only the match
        on_screen = painted_text(app, match_style, pane.region)
        assert sum(run.count("杜小刚") for run in on_screen) >= 2 and set("".join(on_screen)) <= set("杜小刚")
        lst = app.screen.query_one(ArticleList)
        in_list = painted_text(app, lst.get_component_rich_style("article-list--match"), lst.region)
        assert in_list and set("".join(in_list)) <= set("杜小刚"), in_list
        lines = screen_lines(app)
        assert "5 matches (n/N)" in lines[-2] and f"{app.main_screen.results.total} hit" in lines[-2]
        await pilot.press("n")
        assert pane.match_index == 0 and "1/5" in app.main_screen.status.match
        await wait_for_screen(pilot, "match 1/5 (n/N)", "match 1/5 ─")  # the status line, the pane's subtitle
        await pilot.press("n", "n")
        assert "3/5" in app.main_screen.status.match
        await pilot.press("N")
        assert "2/5" in app.main_screen.status.match
        await pilot.press("N", "N")
        assert "5/5" in app.main_screen.status.match  # wraps around
        assert str(pane.border_subtitle).endswith(" · match 5/5")  # after where the article is


async def test_escape_clears_then_leaves(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, "锡")
        await settle(pilot)
        box = app.screen.query_one(SearchBox)
        await pilot.press("escape")
        assert box.value == "" and box.has_focus
        await pilot.press("escape")
        assert app.screen.query_one(ArticleList).has_focus
        await pilot.press("slash")
        assert box.has_focus
        await pilot.press("escape", "ctrl+f")
        assert box.has_focus


async def test_no_results_and_half_typed_queries(app, seed_corpus):
    # each half-typed query lists what its text, as typed so far, means — its unfinished
    # syntax left out ("" is every article); none is an error
    half_typed = [('"高质', "高质"), ("title:", ""), ("(", ""), ("AND", ""), ("*", "*"), ("-", ""),
                  ("杜小刚 OR", "杜小刚"), ("OR 无锡", "无锡"), ("无锡 -", "无锡"), ("无锡 date:", "无锡"),
                  ("(杜小刚", "杜小刚"), ("鼋鼋鼋", "鼋鼋鼋")]
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        for q, means in half_typed:
            app.screen.query_one(SearchBox).value = q
            await settle(pilot)
            want = truth(seed_corpus, means)
            assert set(list_ids(app)) == want, q
            hits = app.main_screen.status.hits
            assert hits == "no results" if not want else hits.startswith(f"{len(want)} hit"), (q, hits)
            assert hits in screen_text(app), q
        assert app.main_screen.status.hits == "no results"
        app.screen.query_one(SearchBox).value = '"高质'
        await settle(pilot)
        assert "phrase still open" in app.main_screen.status.note


@pytest.mark.parametrize("size,narrow", [((80, 24), True), ((200, 60), False)])
async def test_narrow_and_wide(app, size, narrow):
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        lst, pane = app.screen.query_one(ArticleList), app.screen.query_one(ReadingPane)
        assert app.screen.has_class("narrow") == narrow
        assert lst.region.height >= 4 and pane.region.height >= 4
        if narrow:
            assert lst.region.y < pane.region.y  # stacked
        else:
            assert lst.region.x < pane.region.x and lst.region.y == pane.region.y
        await pilot.resize_terminal(*((200, 60) if narrow else (80, 24)))
        await pilot.pause()
        assert app.screen.has_class("narrow") != narrow


async def test_wrapping_keeps_every_character_at_any_width(app, seed_corpus):
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        article = seed_corpus.articles[11]  # the long multi-section feature
        app.main_screen.open(article)
        await pilot.pause()
        pane = app.screen.query_one(ReadingPane)
        for width in (50, 77, 120):
            await pilot.resize_terminal(width, 30)
            await pilot.pause()
            for u, unit in enumerate(pane.units):
                got = "".join(unit.text[l.start : l.end] for l in pane.lines if l.unit == u)
                assert got == unit.text


def test_help_lists_every_binding_and_each_has_an_action(app):
    rows = binding_rows(app.binding_sources())
    ids = [r[3] for r in rows]
    assert all(ids) and len(ids) == len(set(ids))  # every binding has a unique id
    for where, cls in app.binding_sources():
        for b in cls.BINDINGS:
            assert isinstance(b, Binding)
            action = b.action.split("(")[0]
            name = action.split(".")[-1]
            if action.startswith("app."):
                targets = [type(app)]
            elif action.startswith("screen."):
                from textual.screen import Screen

                targets = [c for _, c in app.binding_sources() if issubclass(c, Screen)]
            else:
                targets = [cls]
            assert any(hasattr(t, f"action_{name}") for t in targets), (where, b.action)


async def test_help_keys_do_what_they_say(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        from rich.console import Console

        console = Console(width=240, record=True, file=open(os.devnull, "w"))
        console.print(app.screen.query_one("#help-text").content)
        text = console.export_text()
        for _, keys, description, _ in binding_rows(app.binding_sources()):
            assert description in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        lst = app.screen.query_one(ArticleList)
        lst.focus()
        await pilot.press("j", "j")
        assert lst.cursor == 2
        await pilot.press("k")
        assert lst.cursor == 1
        await pilot.press("G")
        assert lst.cursor == len(lst.articles) - 1
        await pilot.press("g")
        assert lst.cursor == 0
        for _ in range(11):
            await pilot.press("down")
        await pilot.press("enter")  # the long multi-section feature
        pane = app.screen.query_one(ReadingPane)
        assert pane.has_focus and pane.article is lst.articles[11]
        await pilot.press("space")
        assert pane.scroll_y > 0
        await pilot.press("shift+space")
        assert pane.scroll_y == 0
        await pilot.press("G")
        assert pane.scroll_y == pane.max_scroll_y
        await pilot.press("g")
        assert pane.scroll_y == 0
        await pilot.press("j")
        assert pane.scroll_y == 1
        await pilot.press("escape")
        assert lst.has_focus
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("tab")  # the help's "Next pane": from the list to the reading pane
        assert app.focused is app.screen.query_one(ReadingPane)
        await pilot.press("shift+tab")  # and back
        assert app.focused is lst
        assert app.return_code is None
        await pilot.press("q")  # "Quit": the app is told to exit, with success
        assert app.return_code == 0


async def test_mouse_click_opens_and_wheel_scrolls(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        lst = app.screen.query_one(ArticleList)
        await pilot.click(ArticleList, offset=(5, 3))  # second article's title line
        await pilot.pause()
        pane = app.screen.query_one(ReadingPane)
        assert pane.article is lst.articles[1]
        pane.scroll_to(y=0, animate=False)
        await pilot.pause()
        before = pane.scroll_y
        pane.post_message(__import__("textual.events", fromlist=["MouseScrollDown"]).MouseScrollDown(
            pane, 5, 5, 0, 0, 0, False, False, False))
        await pilot.pause()
        await pilot.pause()
        assert pane.scroll_y > before


async def test_command_palette_offers_the_main_actions(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Search", "Keys", "Open first result", "Clear search", "Rebuild search index"):
            assert wanted in titles


async def test_first_launch_indexes_with_progress_then_searches(seed_corpus, tmp_path):
    from reader.tui.messages import IndexProgress

    seen = []
    app = make_app(seed_corpus, tmp_path / "fresh-cache", tmp_path / "data")
    async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
        # the list is usable while the child indexes: the status says so before the index opens
        await wait_until(pilot, lambda: app.engine is not None or "index" in app.main_screen.status.index,
                         what="the indexing status")
        assert app.engine is None and "index" in app.main_screen.status.index
        assert len(app.screen.query_one(ArticleList).articles) == len(seed_corpus.articles)
        await ready(pilot, timeout=90)
        assert any(isinstance(m, IndexProgress) for m in seen)
        await type_text(pilot, "杜小刚")
        await settle(pilot)
        assert set(list_ids(app)) == truth(seed_corpus, "杜小刚")
