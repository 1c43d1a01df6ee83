"""Pilot: pinyin in the search box and its switch, filters, sorting, related articles,
quotes with citations."""

from __future__ import annotations

import pytest

from reader.corpus.quote import quote
from reader.tui.screens.facets import FacetList, FacetsScreen
from reader.tui.screens.related import RelatedList, RelatedScreen
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.search_box import SearchBox
from search_truth import truth
from tui_helpers import list_ids, make_app, ready, settle, type_text


async def wait_for_screen(pilot, cls, timeout: float = 30.0):
    waited = 0.0
    while not isinstance(pilot.app.screen, cls) and waited < timeout:
        await pilot.pause(0.05)
        waited += 0.05
    assert isinstance(pilot.app.screen, cls)
    return pilot.app.screen


async def test_pinyin_while_typing_and_the_switch(app, seed_corpus, tmp_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        for k, ch in enumerate("dxg", start=1):
            await type_text(pilot, ch)
            await settle(pilot)
            assert set(list_ids(app)) == truth(seed_corpus, "dxg"[:k]), "dxg"[:k]
        assert truth(seed_corpus, "杜小刚") <= set(list_ids(app))
        await pilot.press("down", "enter")
        pane = app.screen.query_one(ReadingPane)
        spans = {pane.units[s.unit].text[s.start : s.end] for s in pane.spans}
        assert "杜小刚" in spans  # the highlight covers the characters read
        await pilot.press("f2")
        await settle(pilot)
        assert list_ids(app) == [] and "pinyin off" in app.main_screen.status.mode
        assert app.engine.pinyin is False
    again = make_app(seed_corpus, app.cache_dir, tmp_path / "data")
    async with again.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert again.pinyin is False and again.engine.pinyin is False  # remembered
        again.main_screen.search_box.value = "dxg"
        await settle(pilot)
        assert list_ids(again) == []
        await pilot.press("f2")
        await settle(pilot)
        assert again.pinyin and set(list_ids(again)) == truth(seed_corpus, "dxg")


async def test_filter_by_author_then_remove_it(app, seed_corpus):
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, "无锡")
        await settle(pilot)
        await pilot.press("f3")  # works from the search box
        screen = await wait_for_screen(pilot, FacetsScreen)
        authors = screen.query_one("#facet-author", FacetList)
        assert authors.has_focus and authors.option_count == len(screen.facets["author"])
        top = screen.facets["author"][0]
        await pilot.press("enter")
        await settle(pilot)
        assert app.main_screen.search_box.value.split() == ["无锡", f"author:{top.value}"]
        expected = truth(seed_corpus, "无锡") & {a.id for a in seed_corpus.articles if top.value in a.authors}
        assert set(list_ids(app)) == expected and len(expected) == top.count
        await pilot.press("f")  # the list has focus now
        screen = await wait_for_screen(pilot, FacetsScreen)
        assert f"author:{top.value}" in screen.active
        await pilot.press("enter")  # picking it again removes it
        await settle(pilot)
        assert app.main_screen.search_box.value.split() == ["无锡"]
        await pilot.press("f")
        screen = await wait_for_screen(pilot, FacetsScreen)
        await pilot.press("right", "right")  # to the page column
        pages = screen.query_one("#facet-page", FacetList)
        assert pages.has_focus
        await pilot.press("escape")
        assert not isinstance(app.screen, FacetsScreen)


async def test_sort_cycles_relevance_page_date(app, seed_corpus):
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, "无锡")
        await settle(pilot)
        relevance = list_ids(app)
        await pilot.press("f4")
        await settle(pilot)
        assert app.sort == "page" and "sort: page" in app.main_screen.status.mode
        by_page = [a for a in app.screen.query_one(ArticleList).articles]
        assert [(a.page, a.order) for a in by_page] == sorted((a.page, a.order) for a in by_page)
        await pilot.press("f4")
        await settle(pilot)
        dated = [a.date for a in app.screen.query_one(ArticleList).articles if a.date]
        assert [(d.month, d.day) for d in dated] == sorted(((d.month, d.day) for d in dated), reverse=True)
        await pilot.press("f4")
        await settle(pilot)
        assert app.sort == "relevance" and list_ids(app) == relevance and app.main_screen.status.mode == ""


async def test_related_opens_an_article_and_searches_a_keyword(app, seed_corpus):
    siemens = next(a for a in seed_corpus.articles if a.title.startswith("西门子"))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.main_screen.open(siemens)
        await pilot.press("r")
        screen = await wait_for_screen(pilot, RelatedScreen)
        await settle(pilot)  # (pushed is not yet mounted: its list takes the focus on mount)
        ol = screen.query_one(RelatedList)
        assert ol.has_focus and siemens.id not in {r.article.id for r in screen.related}
        first = screen.related[0].article
        assert first.title.startswith("赵建军率无锡团在德国")  # the trip that visits Siemens
        from tui_helpers import screen_text

        shown = screen_text(app)
        assert "shares 西门子" in shown  # why they are related, on screen
        await pilot.press("enter")  # the first related article is highlighted
        await settle(pilot)
        assert app.main_screen.open_article is first
        await pilot.press("r")
        screen = await wait_for_screen(pilot, RelatedScreen)
        ol = screen.query_one(RelatedList)
        ol.highlighted = 1  # the first keyword
        word = screen.keywords[0].word
        await pilot.press("enter")
        await settle(pilot)
        assert app.main_screen.search_box.value == word
        assert set(list_ids(app)) == truth(seed_corpus, word)


async def test_y_copies_the_paragraph_or_the_match_sentence_with_citation(app, seed_corpus):
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        a = seed_corpus.articles[0]
        app.main_screen.open(a)
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)  # copied off the UI thread
        assert app.clipboard == str(quote(a, 0))
        await type_text(pilot, "/杜小刚")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        pane = app.screen.query_one(ReadingPane)
        await pilot.press("n", "n")
        paragraph, span = pane.current_match_paragraph()
        await pilot.press("y")
        await settle(pilot)
        copied = app.clipboard
        text = copied.split("\n")[0]
        assert "杜小刚" in text and text.strip("「」") in pane.article.paragraphs[paragraph]
        assert copied.endswith(f"，{pane.article.source}") and "页" not in copied.splitlines()[-1]
