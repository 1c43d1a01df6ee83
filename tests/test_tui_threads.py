"""The app's workers run on threads, after the keystroke that started them: by then the engine
the key acted on may be gone (a rebuild sets it to None) or swapped for a grown archive's
(F5). Each worker is handed the engine its request was made on, never reads the app's
again. (The filters and related workers read ``app.engine`` on their thread: a rebuild
started meanwhile made them crash the app, and a swap counted the old results' article
numbers in the new corpus.)"""

from __future__ import annotations

import threading

from reader.corpus import load_corpus
from reader.search import IndexStore
from reader.tui.screens.facets import FacetsScreen
from reader.tui.screens.related import RelatedScreen
from search_truth import truth
from test_archive_growth import FRONT, NEXT_DAY
from test_archive_layouts import build
from tui_helpers import list_ids, make_app, ready, screen_text, settle, type_text, wait_for_screen, wait_until


def _held_rebuild(monkeypatch) -> threading.Event:
    """Opening an index waits for the event returned (bounded): a rebuild stays under way."""
    gate = threading.Event()
    opening = IndexStore.open

    def held(self, *args, **kwargs):
        gate.wait(60)
        return opening(self, *args, **kwargs)

    monkeypatch.setattr(IndexStore, "open", held)
    return gate


async def _shown(pilot, cls):
    await wait_until(pilot, lambda: not pilot.app.is_running or isinstance(pilot.app.screen, cls),
                     what=f"the {cls.__name__}")
    assert pilot.app.is_running, "the app stopped"
    return pilot.app.screen


async def test_filters_asked_for_just_before_a_rebuild_count_the_results_shown(tmp_path, seeds, monkeypatch):
    root = build(tmp_path / "a", seeds, {FRONT: 2, NEXT_DAY: 1})
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data", index_in_process=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, "无锡")
        await settle(pilot)
        results = app.main_screen.results
        gate = _held_rebuild(monkeypatch)
        try:
            app.action_filters()  # its worker starts once the loop is free: after the next line
            app.action_rebuild_index()
            screen = await _shown(pilot, FacetsScreen)
            assert screen.total == results.total
            await wait_for_screen(pilot, "惠晓婧")  # the results' authors, to pick from
            await pilot.press("escape")
        finally:
            gate.set()
        await ready(pilot)
        assert app.is_running and len(list_ids(app)) == results.total


async def test_related_asked_for_just_before_a_rebuild_are_shown(tmp_path, seeds, monkeypatch):
    root = build(tmp_path / "a", seeds, {FRONT: 2, NEXT_DAY: 0})  # the trip to Germany, the Siemens factory
    corpus = load_corpus(root)
    app = make_app(corpus, tmp_path / "cache", tmp_path / "data", index_in_process=True)
    siemens = next(a for a in corpus.articles if a.title.startswith("西门子"))
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        app.main_screen.open(siemens)
        await settle(pilot)
        gate = _held_rebuild(monkeypatch)
        try:
            app.action_related()
            app.action_rebuild_index()
            screen = await _shown(pilot, RelatedScreen)
            assert screen.article is siemens and screen.related
            await wait_for_screen(pilot, "赵建军率无锡团在德国")  # the trip that visits Siemens
            await pilot.press("escape")
        finally:
            gate.set()
        await ready(pilot)
        assert app.is_running


async def test_filters_asked_for_right_after_a_reload_count_the_results_shown(tmp_path, seeds, monkeypatch):
    """F5 swapped in an archive whose first page is gone; the list still shows the old
    results until the reader's query has run again, and f counts those."""
    root = build(tmp_path / "a", seeds, {FRONT: 2, NEXT_DAY: 1})
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data", index_in_process=True)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        await type_text(pilot, "无锡")
        await settle(pilot)
        before = app.main_screen.results
        assert max(before.order) >= len(app.corpus.articles) - 2  # the last articles are hits
        counted: list = []
        swapped = app.corpus_swapped

        def then_f(report) -> None:  # f pressed right after the swap: before the query runs again
            swapped(report)
            app.action_filters()

        app.corpus_swapped = then_f
        monkeypatch.setattr(type(app.main_screen), "on_facets_ready", lambda screen, message: counted.append(message))
        (root / FRONT).unlink()
        app.action_reload()  # (F5)
        await wait_until(pilot, lambda: not app.is_running or counted, what="the filters counted")
        assert app.is_running, "the app stopped"
        await settle(pilot)
        facets = counted[0].facets
        assert counted[0].results is before
        assert sum(f.count for f in facets["source"]) == before.total
        assert FRONT.removesuffix(".txt") in {f.value for f in facets["source"]}  # the page gone: the results shown
        assert app.is_running and "Archive updated" in screen_text(app)


async def test_fuzzy_pairs_chosen_in_the_settings_are_read_by_the_next_search(app, seed_corpus):
    """The fuzzy worker drops the readings for the new pairs and prepares them again (the
    app's search reads letters as typed only until they are), then searches again."""
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await wait_until(pilot, lambda: app.engine.pinyin_ready, what="the readings")
        app.apply_setting("fuzzy_pinyin", ["z=zh"])
        await type_text(pilot, "zaojianjun")
        await settle(pilot)
        assert app.engine.pinyin_ready and app.main_screen.status.index == ""
        found = set(list_ids(app))
        assert found == truth(seed_corpus, "zaojianjun", fuzzy=["z=zh"]) and found  # 赵建军
        await wait_for_screen(pilot, "赵建军")


async def test_modes_changed_while_the_new_engine_was_made_hold_for_it(tmp_path, seeds):
    """The modes are the app's: one switched while a rebuild (or a reload) makes its engine
    holds for that engine too, not only for the one it replaces."""
    from reader.tui.messages import IndexReady

    root = build(tmp_path / "a", seeds, {FRONT: 2, NEXT_DAY: 1})
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data", index_in_process=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        post = app.post_message

        def switched_first(message):  # F2, and fuzzy pairs chosen, after the engine was made, before it is in place
            if isinstance(message, IndexReady):
                app.call_from_thread(app.action_toggle_pinyin)
                app.call_from_thread(app.apply_setting, "fuzzy_pinyin", ["c=ch"])
            return post(message)

        app.post_message = switched_first
        app.action_rebuild_index()
        await ready(pilot)
        app.post_message = post
        assert app.pinyin is False and app.engine.pinyin is False
        await type_text(pilot, "dxg")
        await settle(pilot)
        assert list_ids(app) == [] and "pinyin off" in app.main_screen.status.mode
        assert app.engine.fuzzy_pinyin == ("c=ch",)
        await pilot.press("f2")
        app.main_screen.search_box.value = "cangjiang"
        await settle(pilot)
        found = set(list_ids(app))
        assert found == truth(app.corpus, "cangjiang", fuzzy=["c=ch"]) and found  # 长江


async def test_a_rebuild_overtaken_by_a_reload_leaves_the_reloaded_engine(tmp_path, seeds, monkeypatch):
    """^p Rebuild while F5's look is under way: the reload's engine is put in place first;
    the rebuild's, of the archive as it was before, comes after and must not replace it."""
    root = build(tmp_path / "a", seeds, {FRONT: 2})
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data", index_in_process=True)
    gate = threading.Event()
    opening = IndexStore.open

    def rebuild_held(self, *args, **kwargs):
        if kwargs.get("rebuild"):
            gate.wait(60)
        return opening(self, *args, **kwargs)

    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        build(root, seeds, {NEXT_DAY: 1})
        monkeypatch.setattr(IndexStore, "open", rebuild_held)
        try:
            app.action_reload()  # (F5) its look runs once the loop is free, as the rebuild's
            app.action_rebuild_index()
            await wait_until(pilot, lambda: app.engine is not None and len(app.corpus.articles) == 7,
                             what="the reloaded archive's engine")
        finally:
            gate.set()
        await settle(pilot)
        assert app.engine.corpus is app.corpus
        await pilot.press("slash")
        await type_text(pilot, "采样")
        await settle(pilot)
        await wait_for_screen(pilot, "千人采样队", "1 hit")
