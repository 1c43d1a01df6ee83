"""Bookmarks and reading state in the app, through Pilot."""

from __future__ import annotations

from reader.store import UserStore
from reader.tui.dialogs.note import NoteDialog
from reader.tui.screens.bookmarks import BookmarksScreen
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.search_box import SearchBox
from tui_helpers import make_app, ready, settle, type_text, wait_until


async def _open_feature(pilot):
    app = pilot.app
    lst = app.screen.query_one(ArticleList)
    lst.focus()
    lst.cursor = 11
    await pilot.press("enter")
    await pilot.pause()
    return app.screen.query_one(ReadingPane)


async def test_toggle_note_list_jump_delete_undo(seed_corpus, seed_index, tmp_path):
    data = tmp_path / "data"
    app = make_app(seed_corpus, seed_index, data)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        pane = await _open_feature(pilot)
        pane.scroll_to_paragraph(3)
        await pilot.pause()
        assert pane.top_paragraph() == 3
        await pilot.press("b")
        assert app.user_data.at(pane.article.id, 3) is not None
        assert pane.marked_paragraphs == {3}
        assert pane.article.id in app.screen.query_one(ArticleList).marked
        await pilot.press("m")
        assert isinstance(app.screen, NoteDialog)
        await type_text(pilot, "宜兴")
        await pilot.press("enter")
        assert app.user_data.at(pane.article.id, 3).note == "宜兴"
        # b again removes it; b once more brings it back (without the note)
        await pilot.press("b")
        assert app.user_data.at(pane.article.id, 3) is None
        await pilot.press("b")
        # the list: b on an article bookmarks its lead paragraph
        lst = app.screen.query_one(ArticleList)
        lst.focus()
        lst.cursor = 0
        await pilot.press("b")
        assert app.user_data.at(seed_corpus.articles[0].id, 0) is not None
        await pilot.press("B")
        assert isinstance(app.screen, BookmarksScreen)
        screen = app.screen
        assert len(screen.shown) == 2
        await pilot.press("slash")
        await type_text(pilot, "市委常委")
        await pilot.pause()
        assert [b.article_id for b in screen.shown] == [seed_corpus.articles[0].id]
        await pilot.press("escape")  # clears the filter
        await pilot.pause()
        assert len(screen.shown) == 2
        screen.query_one("#bm-list").focus()
        await pilot.press("d")
        assert len(app.user_data.bookmarks()) == 1
        await pilot.press("u")
        assert len(app.user_data.bookmarks()) == 2
        # jump to the feature's bookmark: the pane opens at that paragraph
        target = next(i for i, b in enumerate(screen.shown) if b.paragraph == 3)
        screen.query_one("#bm-list").highlighted = target
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, BookmarksScreen)
        pane = app.screen.query_one(ReadingPane)
        assert pane.article.id == seed_corpus.articles[11].id and pane.top_paragraph() == 3


async def test_reading_state_survives_a_restart(seed_corpus, seed_index, tmp_path):
    data = tmp_path / "data"
    app = make_app(seed_corpus, seed_index, data)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, "新质生产力")
        await settle(pilot)
        app.main_screen.open(seed_corpus.articles[11])
        pane = app.screen.query_one(ReadingPane)
        await wait_until(pilot, lambda: pane.article is not None and pane.article.id == seed_corpus.articles[11].id and pane.units, what="the article shown")

        def at_9() -> bool:  # (scrolled again until the pane's lines are laid out and it can be)
            pane.scroll_to_paragraph(9)
            return pane.top_paragraph() == 9
        await wait_until(pilot, at_9, what="paragraph 9 at the top")
        await pilot.press("b")
        await wait_until(pilot, lambda: 9 in pane.marked_paragraphs, what="the bookmark")
        # leave this article and come back: the position is kept
        app.main_screen.open(seed_corpus.articles[0])
        await wait_until(pilot, lambda: pane.article is not None and pane.article.id == seed_corpus.articles[0].id, what="the other article")
        app.main_screen.open(seed_corpus.articles[11])
        await wait_until(pilot, lambda: pane.article.id == seed_corpus.articles[11].id and pane.top_paragraph() == 9,
                         what="the article again, at paragraph 9")
        await pilot.press("q")
    again = make_app(seed_corpus, seed_index, data)
    async with again.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert again.screen.query_one(SearchBox).value == "新质生产力"
        pane = again.screen.query_one(ReadingPane)
        await wait_until(pilot, lambda: pane.article is not None and pane.article.id == seed_corpus.articles[11].id
                         and pane.top_paragraph() == 9, what="the last article, at its paragraph")
        assert 9 in pane.marked_paragraphs
        assert pane.has_focus


async def test_garbage_database_app_still_starts(seed_corpus, seed_index, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "reader.sqlite3").write_bytes(b"\x00garbage" * 50)
    app = make_app(seed_corpus, seed_index, data)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        assert app.user_data.writable
        assert any("moved aside" in n.message for n in app._notifications)
    assert any(p.name.startswith("reader.sqlite3.unusable-") for p in data.iterdir())
    assert UserStore(data).messages == []


def test_text_filter_matches_as_the_search_box_does():
    from reader.search.textmatch import TextFilter

    records = [
        {"title": "西门子中压智能化数字工厂在锡开工", "quote": "市长赵建军出席", "note": "", "date": "9月5日"},
        {"title": "我市与上外签署市校全面深化合作框架协议", "quote": "杜小刚与上海外国语大学", "note": "宜興", "date": "6月6日"},
    ]
    corpus = ["".join(r.values()) for r in records]

    def shown(query, **kw):
        f = TextFilter(query, corpus, **kw)
        return [k for k, r in enumerate(records) if f.matches(r)]

    assert shown("xmz") == [0]  # pinyin initials
    assert shown("ximenzi") == [0] and shown("西门子 工厂") == [0]
    assert shown("dxg") == [1] and shown("宜兴") == [1]  # traditional script folded
    assert shown("xmz OR dxg") == [0, 1] and shown("-xmz") == [1]
    assert shown("title:xmz") == [0] and shown("title:zhaojianjun") == []  # 赵建军 is in the quote
    assert shown("date:9月") == [0]
    assert shown("xmz", pinyin=False) == []
    assert shown("(" * 40 + "西门子") == [0]  # brackets never closed: left out, no crash


async def test_bookmarks_filter_reads_pinyin_like_the_search_box(seed_corpus, seed_index, tmp_path):
    from tui_helpers import screen_text

    data = tmp_path / "data"
    siemens = next(a for a in seed_corpus.articles if a.title.startswith("西门子"))
    other = next(a for a in seed_corpus.articles if a.title.startswith("我市与上外"))
    store = UserStore(data)
    store.add(siemens, 1)
    store.add(other, 1, note="上外")
    store.close()
    app = make_app(seed_corpus, seed_index, data)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.screen.query_one(ArticleList).focus()
        await pilot.press("B")
        assert isinstance(app.screen, BookmarksScreen)
        screen = app.screen
        await pilot.press("slash")
        await type_text(pilot, "xmz")
        await settle(pilot)
        assert [b.article_id for b in screen.shown] == [siemens.id]
        shown = screen_text(app)
        assert "西门子中压智能化数字工厂" in shown and "我市与上外" not in shown and "1 of 2 bookmarks" in shown
        for _ in range(3):
            await pilot.press("backspace")
        await type_text(pilot, "-xmz")
        await settle(pilot)
        assert [b.article_id for b in screen.shown] == [other.id]


async def test_bookmarks_screen_on_a_read_only_database_says_so(seed_corpus, seed_index, tmp_path, monkeypatch):
    """d and a note on the bookmarks screen write through the app's safe path: a read-only
    database gives a message on the screen, and the app and the bookmark stay."""
    import os
    from pathlib import Path

    from reader.store import db
    from tui_helpers import wait_for_screen

    data = tmp_path / "data"
    store = UserStore(data)
    store.add(seed_corpus.articles[0], 0)
    store.close()
    real_access = os.access

    def access(path, mode, *args, **kwargs):  # the folder read-only (root could write anyway)
        if Path(path) == data and mode & os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(db.os, "access", access)
    app = make_app(seed_corpus, seed_index, data)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        assert not app.user_data.writable
        app.main_screen.article_list.focus()
        await pilot.press("B")
        assert isinstance(app.screen, BookmarksScreen)
        await pilot.press("d")
        shown = await wait_for_screen(pilot, "could not save", "readonly database")
        assert "1 of 1 bookmarks" in shown and "Deleted" not in shown
        assert len(app.user_data.bookmarks()) == 1
        app.clear_notifications()
        await pilot.press("m")
        assert isinstance(app.screen, NoteDialog)
        await type_text(pilot, "宜兴")
        await pilot.press("enter")
        await wait_for_screen(pilot, "could not save", "readonly database")
        assert isinstance(app.screen, BookmarksScreen) and app.is_running
        assert app.user_data.bookmarks()[0].note == ""
