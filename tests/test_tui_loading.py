"""The app paints before the corpus is loaded: the first articles kept by the previous
launch at once (or an empty list on a first launch), the rest when loaded."""

from __future__ import annotations

import asyncio
import threading
from contextlib import asynccontextmanager

import pytest

from reader.corpus import load_corpus
from reader.corpus.preview import PREVIEW_ARTICLES, CorpusLoader
from reader.tui.app import ReaderApp
from reader.tui.widgets.article_list import ArticleList
from tui_helpers import ready, screen_lines, screen_text, settle, staged, wait_for_screen, wait_until


class HeldLoader(CorpusLoader):
    """Loads only when the test says so."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.go = threading.Event()

    def load(self):
        assert self.go.wait(30)
        return super().load()


@pytest.mark.asyncio
async def test_first_launch_paints_then_fills_the_list(seeds, tmp_path):
    loader = HeldLoader(seeds, tmp_path / "cache")
    assert loader.preview is None  # nothing kept yet
    app = ReaderApp(loader, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: "loading articles" in app.main_screen.status.index)  # the loader is held
        assert app.corpus is None and app.query_one(ArticleList).articles == []
        assert app.query_one(ArticleList).border_title == "loading articles…"
        # on the screen: the list's frame and the status line say so, no title yet
        screen = await wait_for_screen(pilot, "╭─ loading articles…", "loading articles…  ·  seeds/ (5 pages)")
        expected = load_corpus(seeds)
        assert not any(a.title[:8] in screen for a in expected.articles)
        loader.go.set()
        await ready(pilot)
        assert [a.id for a in app.query_one(ArticleList).articles] == [a.id for a in expected.articles]
        assert app.main_screen.status.hits == f"{len(expected.articles)} articles"
        lines = screen_lines(app)
        assert lines[-2].strip().startswith(f"{len(expected.articles)} articles")  # the status line
        assert any(line.startswith(f"╭─ {len(expected.articles)} articles ─") for line in lines)
        assert expected.articles[0].title in lines[4]  # the first row, under the frame's top


@pytest.mark.asyncio
async def test_second_launch_shows_the_first_articles_at_once(seeds, tmp_path):
    cache = tmp_path / "cache"
    CorpusLoader(seeds, cache).load()  # a previous launch keeps the preview
    expected = load_corpus(seeds).articles
    loader = HeldLoader(seeds, cache)
    assert loader.preview is not None and loader.preview.total == len(expected)
    assert loader.preview.articles == expected[:PREVIEW_ARTICLES]
    app = ReaderApp(loader, cache, tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        lst = app.query_one(ArticleList)
        await wait_until(pilot, lambda: len(lst.articles) == len(expected[:PREVIEW_ARTICLES]))  # the preview
        assert app.corpus is None
        assert [a.id for a in lst.articles] == [a.id for a in expected[:PREVIEW_ARTICLES]]
        assert lst.border_title == f"{len(expected)} articles"
        # on the screen at once, before the corpus is loaded: the titles and the count
        screen = await wait_for_screen(pilot, f"╭─ {len(expected)} articles ─", "loading articles…")
        assert expected[0].title in screen and expected[1].title[:12] in screen
        # read while the rest loads: move down and open an article
        lst.focus()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        opened = app.main_screen.open_article
        assert opened is not None and opened.id == expected[2].id
        await wait_for_screen(pilot, f"╭─ {opened.title[:10]}", opened.paragraphs[0][:10])  # the pane shows it
        await pilot.press("B")  # bookmarks wait for the corpus; a notice, no crash
        loader.go.set()
        await ready(pilot)
        assert [a.id for a in lst.articles] == [a.id for a in expected]
        assert lst.cursor == 2 and app.main_screen.open_article.id == opened.id  # nothing moved under the reader
        await pilot.press("slash", *"无锡")
        await settle(pilot)
        assert app.main_screen.results is not None and app.main_screen.results.total > 0
        await wait_for_screen(pilot, f"╭─ {app.main_screen.results.total} hits", f"{app.main_screen.results.total} hits  ·")


@pytest.mark.asyncio
async def test_preview_is_dropped_when_a_page_changes(seeds, tmp_path):
    import shutil

    folder = tmp_path / "pages"
    shutil.copytree(seeds, folder)
    cache = tmp_path / "cache"
    CorpusLoader(folder, cache).load()
    assert CorpusLoader(folder, cache).preview is not None
    page = sorted(folder.glob("*.txt"))[0]
    page.write_text("新标题\n\n本报讯 9月4日 一段新的文字。\n", "utf-8")
    assert CorpusLoader(folder, cache).preview is None  # never a stale first screen
    loaded = CorpusLoader(folder, cache).load()
    preview = CorpusLoader(folder, cache).preview
    assert preview is not None and preview.articles[0].id == loaded.articles[0].id


@pytest.mark.asyncio
async def test_a_corpus_that_fails_to_load_is_reported(seeds, tmp_path):
    import shutil

    folder = tmp_path / "pages"
    shutil.copytree(seeds, folder)
    loader = HeldLoader(folder, tmp_path / "cache")
    app = ReaderApp(loader, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: "loading articles" in app.main_screen.status.index)  # the loader is held
        shutil.rmtree(folder)
        loader.go.set()
        await wait_until(pilot, lambda: app.main_screen.status.index.startswith("the corpus could not be loaded"))
        assert app.is_running
        screen = await wait_for_screen(pilot, "the corpus could not be loaded (F5 tries again): corpus folder")
        assert "The corpus could not be loaded (F5 tries again)" in screen.splitlines()[1]  # the box says it too


def test_preview_checks_stay_cheap_and_catch_what_shows(seeds, tmp_path, monkeypatch):
    import os
    import shutil

    from reader.corpus import preview as preview_module

    monkeypatch.setattr(preview_module, "PREVIEW_ARTICLES", 3)  # from the first page only
    folder = tmp_path / "pages"
    shutil.copytree(seeds, folder)
    cache = tmp_path / "cache"
    CorpusLoader(folder, cache).load()
    assert CorpusLoader(folder, cache).preview is not None
    (folder / "zz-new.txt").write_text("新标题\n\n一段新的文字。\n", "utf-8")  # the folder changes
    assert CorpusLoader(folder, cache).preview is None
    CorpusLoader(folder, cache).load()
    assert CorpusLoader(folder, cache).preview.pages == len(list(folder.glob("*.txt")))
    later = sorted(folder.glob("*.txt"))[-1]
    st = os.stat(folder)
    later.write_text(later.read_text("utf-8") + "\n\n追加一段。\n", "utf-8")
    os.utime(folder, ns=(st.st_atime_ns, st.st_mtime_ns))
    # a page past the first screen edited in place: the preview stays (its count may be
    # stale until the load corrects it); the articles it shows are unaffected
    preview = CorpusLoader(folder, cache).preview
    loaded = load_corpus(folder)
    assert preview is not None and len(preview.articles) == 3
    assert [a.id for a in preview.articles] == [a.id for a in loaded.articles[: len(preview.articles)]]
    first = sorted(folder.glob("*.txt"))[0]
    first.write_text(first.read_text("utf-8").replace("无锡", "無錫", 1), "utf-8")
    os.utime(folder, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert CorpusLoader(folder, cache).preview is None  # a page it shows: never stale


def test_missing_folder_is_an_error_even_with_a_preview(seeds, tmp_path):
    import shutil

    from reader.corpus import CorpusError

    folder = tmp_path / "pages"
    shutil.copytree(seeds, folder)
    cache = tmp_path / "cache"
    CorpusLoader(folder, cache).load()
    shutil.rmtree(folder)
    with pytest.raises(CorpusError):
        CorpusLoader(folder, cache)


@pytest.mark.asyncio
async def test_mapped_pages_are_let_go_when_typing_pauses(seed_corpus, tmp_path, monkeypatch):
    from reader.tui.screens.main import search as search_module

    monkeypatch.setattr(search_module, "RELEASE_AFTER", 0.2)
    app = ReaderApp(seed_corpus, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        released = []
        monkeypatch.setattr(app.engine, "release", lambda: released.append(app.main_screen.search_box.value))
        await pilot.press("slash", *"无锡")
        await settle(pilot)
        # (a search when the index opened, or when pinyin became ready, releases too)
        await wait_until(pilot, lambda: "无锡" in released)


def test_release_keeps_the_engine_exact(mapped_engine, seed_corpus):
    from search_truth import truth

    for q in ("无锡", "杜小刚", "西门子 工厂", "dxg"):
        before = {h.article.id for h in mapped_engine.search(q, limit=None).hits}
        mapped_engine.release()
        assert {h.article.id for h in mapped_engine.search(q, limit=None).hits} == before
    assert {h.article.id for h in mapped_engine.search("无锡", limit=None).hits} == truth(seed_corpus, "无锡")


@asynccontextmanager
async def _two_stages(seed_corpus, tmp_path, query: str = "发展"):
    """The app on the seeds as on a large archive, and *query*'s two stages (not shown yet)."""
    app = ReaderApp(seed_corpus, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        staged(app.engine)
        first, whole = list(app.engine.search_stages(query, limit=6))
        yield app, pilot, first, whole


@pytest.mark.asyncio
async def test_a_broad_query_shows_its_first_page_then_its_count(seed_corpus, tmp_path, monkeypatch):
    from search_truth import truth

    app = ReaderApp(seed_corpus, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        staged(app.engine)
        shown = []
        real = app.main_screen.show_results

        def spy(results):
            real(results)
            shown.append((results.complete, results.counted, len(app.main_screen.article_list.articles), app.main_screen.status.hits))

        monkeypatch.setattr(app.main_screen, "show_results", spy)
        await pilot.press("slash", *"发展")
        await settle(pilot)
        n = len(truth(seed_corpus, "发展"))
        assert n > 3
        firsts = [s for s in shown if not s[0]]
        assert firsts, "no first page was shown before the whole answer"
        assert all(rows <= 60 and ("counting" in label or "listing" in label) for _, _, rows, label in firsts)
        assert shown[-1][:3] == (True, True, n)
        assert app.main_screen.status.hits == f"{n} hits (broad: title matches first)"
        screen = await wait_for_screen(pilot, f"{n} hits (broad: title matches first)")
        assert f"╭─ {n} hits (broad" in screen  # the list's frame counts them too


@pytest.mark.asyncio
async def test_the_whole_answer_keeps_the_cursor_on_its_first_page(seed_corpus, tmp_path):
    async with _two_stages(seed_corpus, tmp_path) as (app, pilot, first, whole):
        app.main_screen.show_results(first)
        await pilot.pause()
        screen = screen_text(app)  # the first page, said to be one: still counting
        assert "counting…" in screen.splitlines()[-2] or "listing" in screen.splitlines()[-2], screen
        lst = app.main_screen.article_list
        lst.focus()
        await pilot.press("down", "down")
        assert lst.cursor == 2
        app.main_screen.show_results(whole)
        await pilot.pause()
        assert lst.cursor == 2
        assert f"{whole.total} hits" in screen_lines(app)[-2] and "counting" not in screen_lines(app)[-2]
        assert [a.id for a in lst.articles] == [app.engine.articles[i].id for i in whole.order]


@pytest.mark.asyncio
async def test_filters_asked_for_while_counting_open_with_the_whole_answer(seed_corpus, tmp_path):
    from reader.tui.screens.facets import FacetsScreen

    async with _two_stages(seed_corpus, tmp_path) as (app, pilot, first, whole):
        app.main_screen.show_results(first)
        app.action_filters()
        await settle(pilot)
        assert not isinstance(app.screen, FacetsScreen)
        app.main_screen.show_results(whole)
        await settle(pilot)
        assert isinstance(app.screen, FacetsScreen)
        assert app.screen.total == whole.total


# -- while loading: what the screen says, and what keys do ------------------------------------

async def _wait_exit(pilot, timeout=30.0):
    app = pilot.app
    waited = 0.0
    while app.is_running and waited < timeout:
        await asyncio.sleep(0.05)
        waited += 0.05
    assert not app.is_running, "the app did not quit"


@pytest.mark.asyncio
@pytest.mark.parametrize("keys", [("ctrl+q",), ("escape", "q")], ids=["ctrl+q", "escape-q"])
async def test_quitting_while_the_articles_load(seeds, tmp_path, keys):
    loader = HeldLoader(seeds, tmp_path / "cache")
    app = ReaderApp(loader, tmp_path / "cache", tmp_path / "data")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await wait_for_screen(pilot, "loading articles")
            # the box says why it does not search yet, and how to quit meanwhile
            assert "search opens when ready" in screen and "^q quits" in screen
            await pilot.press(*keys)  # Esc: to the list, where q quits
            await _wait_exit(pilot)
    finally:
        loader.go.set()


@pytest.mark.asyncio
async def test_ctrl_c_while_loading_does_what_it_always_does(seeds, tmp_path):
    loader = HeldLoader(seeds, tmp_path / "cache")
    app = ReaderApp(loader, tmp_path / "cache", tmp_path / "data")
    try:
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await wait_for_screen(pilot, "loading articles")
            await pilot.press("ctrl+c")  # Textual's answer: how to quit, on the screen
            await wait_for_screen(pilot, "ctrl+q", "quit")
            await pilot.press("ctrl+q")
            await _wait_exit(pilot)
    finally:
        loader.go.set()


class HeldIndex:
    """The app's index worker, held: progress is posted by the test; search opens only
    when the test calls ``release``."""

    def __init__(self, monkeypatch):
        self.calls = 0
        self.load_index = ReaderApp.load_index
        monkeypatch.setattr(ReaderApp, "load_index", lambda app, rebuild=False: self._called())

    def _called(self):
        self.calls += 1

    def release(self, app):
        self.load_index(app)


@pytest.mark.asyncio
async def test_indexing_progress_is_on_the_screen_and_the_list_works(seed_corpus, tmp_path, monkeypatch):
    from reader.tui.messages import IndexProgress

    held = HeldIndex(monkeypatch)
    app = ReaderApp(seed_corpus, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, "19 articles", "opening the search index…")
        assert held.calls == 1
        app.post_message(IndexProgress(0, 19))
        await wait_for_screen(pilot, "indexing 0 of 19 articles")
        app.post_message(IndexProgress(12, 19))
        screen = await wait_for_screen(pilot, "indexing 12 of 19 articles")
        assert "search opens when ready" in screen and "^q quits" in screen
        await pilot.press("escape", "j")  # to the list, which moves meanwhile
        assert app.main_screen.article_list.cursor == 1
        await pilot.press("q")
        await _wait_exit(pilot)


@pytest.mark.asyncio
async def test_a_query_typed_while_indexing_is_searched_when_search_opens(seed_corpus, tmp_path, monkeypatch):
    from reader.store import UserStore
    from reader.tui.messages import IndexProgress

    held = HeldIndex(monkeypatch)
    app = ReaderApp(seed_corpus, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, "19 articles", "opening the search index…")
        app.post_message(IndexProgress(3, 19))
        await wait_for_screen(pilot, "indexing 3 of 19 articles")
        await pilot.press(*"wuxi")  # i is a letter of the query, not the issues view
        screen = await wait_for_screen(pilot, "searched when the index is ready")
        assert "wuxi" in screen_lines(app)[1] and "Issues" not in screen_lines(app)[0]
        held.release(app)
        screen = await wait_for_screen(pilot, " hit")  # searched on the engine that opened
        assert "wuxi" in screen_lines(app)[1] and "no results" not in screen
        await pilot.press("ctrl+q")
        await _wait_exit(pilot)
    assert UserStore(tmp_path / "data").corpus_state(seed_corpus.root, "query") == "wuxi"


@pytest.mark.asyncio
async def test_quitting_while_indexing_keeps_what_was_typed(seed_corpus, tmp_path, monkeypatch):
    from reader.store import UserStore

    HeldIndex(monkeypatch)
    app = ReaderApp(seed_corpus, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, "19 articles", "opening the search index…")
        await pilot.press(*"无锡")
        await wait_for_screen(pilot, "searched when the index is ready")
        await pilot.press("ctrl+q")
        await _wait_exit(pilot)
    assert UserStore(tmp_path / "data").corpus_state(seed_corpus.root, "query") == "无锡"


@pytest.mark.asyncio
@pytest.mark.parametrize("corpus_loaded", [False, True], ids=["articles-loading", "index-opening"])
async def test_quitting_while_loading_keeps_the_last_query(seeds, seed_corpus, tmp_path, monkeypatch, corpus_loaded):
    from reader.store import UserStore

    UserStore(tmp_path / "data").set_corpus_state(seeds, query="无锡")  # what the last session left
    loader = HeldLoader(seeds, tmp_path / "cache")
    if corpus_loaded:
        HeldIndex(monkeypatch)
        loader.go.set()
    app = ReaderApp(loader, tmp_path / "cache", tmp_path / "data")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            if corpus_loaded:
                screen = await wait_for_screen(pilot, "19 articles")
                assert "无锡" in screen.splitlines()[1]  # shown in the box, searched once ready
            else:
                await wait_for_screen(pilot, "loading articles")
            await pilot.press("ctrl+q")
            await _wait_exit(pilot)
    finally:
        loader.go.set()
    assert UserStore(tmp_path / "data").corpus_state(seeds, "query") == "无锡"


@pytest.mark.asyncio
async def test_a_query_typed_once_search_is_ready_is_kept(seed_corpus, tmp_path):
    from reader.store import UserStore

    app = ReaderApp(seed_corpus, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.main_screen.search_box.has_focus  # search ready: the box takes the keys
        await pilot.press(*"杜小刚")
        await wait_for_screen(pilot, "杜小刚", "hits")
        await pilot.press("ctrl+q")
        await _wait_exit(pilot)
    assert UserStore(tmp_path / "data").corpus_state(seed_corpus.root, "query") == "杜小刚"


def test_a_newer_index_progress_replaces_one_still_queued():
    """Progress comes faster than a loaded UI may paint: only the newest is shown, but
    nothing else the indexer says is dropped for it."""
    from reader.tui.messages import CacheNotice, IndexProgress, IndexWaiting

    queued = IndexProgress(100, 800)
    assert queued.can_replace(IndexProgress(200, 800))
    assert not queued.can_replace(IndexWaiting("another reader is building the index"))
    assert not queued.can_replace(CacheNotice("the text cache was rebuilt"))
    assert not IndexWaiting("x").can_replace(IndexWaiting("y"))
