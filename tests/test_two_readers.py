"""Two readers on one data dir (issue 17, §5): each notices what the other changed before it
acts on a bookmark, and shows it. The other reader is a real process."""

from __future__ import annotations

import subprocess
import sys

from reader.store import UserStore
from reader.tui import app as app_module
from reader.tui.screens.bookmarks import BookmarksScreen
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane
from tui_helpers import make_app, ready, settle, wait_for_screen

OTHER = r"""
import sys
from reader.corpus import load_corpus
from reader.paths import bundled_seeds
from reader.store import UserStore
from reader.tui import app as app_module

store = UserStore(sys.argv[1])
corpus = load_corpus(bundled_seeds())
article = next(a for a in corpus.articles if a.id == sys.argv[3])
paragraph = int(sys.argv[4])
if sys.argv[2] == "add":
    store.add(article, paragraph)
elif sys.argv[2] == "note":
    store.set_note(store.at(article.id, paragraph).id, sys.argv[5])
store.close()
"""


def _other_reader(data, action, article_id, paragraph, *extra):
    subprocess.run([sys.executable, "-c", OTHER, str(data), action, article_id, str(paragraph), *extra],
                   check=True, timeout=120)


async def _open_article(pilot, index: int) -> ReadingPane:
    lst = pilot.app.screen.query_one(ArticleList)
    lst.focus()
    lst.cursor = index
    await pilot.press("enter")
    await pilot.pause()
    return pilot.app.screen.query_one(ReadingPane)


async def test_b_never_removes_a_bookmark_another_reader_made_unseen(seed_corpus, seed_index, tmp_path,
                                                                      monkeypatch):
    monkeypatch.setattr(app_module, "STORE_POLL", 3600.0)  # only the look before acting
    data = tmp_path / "data"
    app = make_app(seed_corpus, seed_index, data)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        pane = await _open_article(pilot, 11)
        article, paragraph = pane.article, pane.top_paragraph() or 0
        assert app.user_data.at(article.id, paragraph) is None
        _other_reader(data, "add", article.id, paragraph)  # the other window's b, just now
        await pilot.press("b")  # meant: bookmark what shows unmarked
        await settle(pilot)
        assert app.user_data.at(article.id, paragraph) is not None, "b removed the other reader's bookmark"
        await wait_for_screen(pilot, "was bookmarked in another reader window")
        assert pane.marked_paragraphs == {paragraph}
        await pilot.press("b")  # now seen: b removes it
        assert app.user_data.at(article.id, paragraph) is None


async def test_another_readers_bookmarks_show_without_a_keystroke(seed_corpus, seed_index, tmp_path):
    data = tmp_path / "data"
    app = make_app(seed_corpus, seed_index, data)
    first = seed_corpus.articles[0]
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        lst = app.screen.query_one(ArticleList)
        assert first.id not in lst.marked
        row = next(line for line in (await wait_for_screen(pilot, first.title[:6])).splitlines()
                   if first.title[:6] in line)
        assert "★" not in row
        _other_reader(data, "add", first.id, 0)
        shown = await wait_for_screen(pilot, "★ " + first.title[:6], timeout=30)
        assert first.id in lst.marked and "★" in shown


async def test_the_bookmarks_screen_acts_only_on_a_bookmark_as_shown(seed_corpus, seed_index, tmp_path,
                                                                     monkeypatch):
    monkeypatch.setattr(app_module, "STORE_POLL", 3600.0)  # only the look before acting
    data = tmp_path / "data"
    first = seed_corpus.articles[0]
    store = UserStore(data)
    store.add(first, 0)
    store.close()
    app = make_app(seed_corpus, seed_index, data)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        app.screen.query_one(ArticleList).focus()
        await pilot.press("B")
        assert isinstance(app.screen, BookmarksScreen)
        _other_reader(data, "note", first.id, 0, "另一个窗口的笔记")
        await pilot.press("d")  # on the bookmark as shown, without the other window's note
        await settle(pilot)
        assert app.user_data.at(first.id, 0).note == "另一个窗口的笔记", "deleted unseen"
        await wait_for_screen(pilot, "changed in another reader window", "另一个窗口的笔记")
        await pilot.press("d")  # now as shown: deleted
        assert app.user_data.at(first.id, 0) is None
