"""An archive that grows while the app runs (#14 §6): F5 / ctrl+r, or the terminal giving the
app the focus, picks up added, removed and edited pages — parsed and indexed alone — and
the app says what it found; corpus and engine change together."""

from __future__ import annotations

import os

import pytest
from textual import events

from reader.corpus import load_corpus
from reader.corpus.growth import growth
from reader.search import IndexStore
from test_archive_layouts import build
from tui_helpers import make_app, ready, screen_text, settle, type_text, wait_for_text, wait_until

FRONT = "无锡日报/2024/06/07/01.txt"  # seed 2: 杜小刚, 上外, 德国
NEXT_DAY = "无锡日报/2024/06/08/01.txt"  # seed 1: 千人采样队


def test_growth_names_added_removed_edited_and_own_files(tmp_path, seeds):
    root = build(tmp_path / "a", seeds, {FRONT: 2, "无锡日报/2024/06/07/02.txt": 0})
    corpus = load_corpus(root)
    assert not growth(corpus)
    assert growth(corpus).describe() == "nothing changed"
    build(root, seeds, {NEXT_DAY: 1})
    (root / "无锡日报/2024/06/07/02.txt").unlink()
    page = root / FRONT
    page.write_text(page.read_text("utf-8") + "\n\n补记\n\n本报讯 6月7日，又一段。\n", "utf-8")
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 10**9))
    (root / "reader.toml").write_text('paper = "无锡日报"\n', "utf-8")
    found = growth(corpus)
    assert found.added == (NEXT_DAY,) and found.removed == ("无锡日报/2024/06/07/02.txt",)
    assert found.edited == (FRONT,) and found.own_files
    after = load_corpus(root)
    line = found.describe(corpus, after)
    assert line.startswith("1 page added, 1 page removed, 1 page edited, the archive's reader.toml or manifest changed")
    assert "new issue: 无锡日报 2024-06-08" in line
    assert f"\n{len(after.articles):,} articles ({len(after.articles) - len(corpus.articles):+,})" in line


def test_an_issue_of_no_paper_is_named_so_when_it_comes_or_goes(tmp_path, seeds):
    root = build(tmp_path / "a", seeds, {"2024-06-07-A03.txt": 0})
    corpus = load_corpus(root)
    (root / "reader.toml").write_text('paper = "本地报"\n', "utf-8")  # the same issue, now of a paper
    after = load_corpus(root)
    line = growth(corpus).describe(corpus, after)
    assert "new issue: 本地报 2024-06-07; issue gone: (no paper) 2024-06-07" in line, line


def test_an_added_issue_is_indexed_alone(tmp_path, seeds):
    root = build(tmp_path / "a", seeds, {FRONT: 2})
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    _, report = IndexStore(load_corpus(root, cache), cache).open()
    assert report.built
    build(root, seeds, {NEXT_DAY: 1})
    grown = load_corpus(root, cache)
    _, report = IndexStore(grown, cache).open()
    assert not report.built and report.added == sum(a.source == NEXT_DAY for a in grown.articles) == 4


@pytest.mark.parametrize("mapped", [False, True], ids=["in memory", "mapped"])
def test_the_grown_corpus_text_is_the_old_text_where_pages_are_unchanged(tmp_path, seeds, monkeypatch, mapped):
    from reader.search import SearchEngine, prepared
    from reader.search.index import article_text
    from reader.search.textstore import MappedTextStore

    if mapped:  # as above 48 MB of pages: the text in a file, copied by runs of bytes
        monkeypatch.setattr(prepared, "MAP_TEXT_BYTES", 0)

    root = build(tmp_path / "a", seeds, {FRONT: 2, "无锡日报/2024/06/07/02.txt": 0, "无锡日报/2024/06/07/03.txt": 3,
                                         "无锡日报/2024/06/07/04.txt": 4})
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    before = load_corpus(root, cache)
    old = SearchEngine(before, IndexStore(before, cache).open()[0], cache_dir=cache)
    old.text  # noqa: B018 (built: what the new engine takes from)
    build(root, seeds, {NEXT_DAY: 1})  # added, after the unchanged pages
    (root / "无锡日报/2024/06/07/03.txt").unlink()  # removed between two unchanged pages
    page = root / FRONT  # and an edited page: its articles' text must be read again
    page.write_text(page.read_text("utf-8").replace("杜小刚", "杜大刚"), "utf-8")
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 10**9))
    after = load_corpus(root, cache)
    new = SearchEngine(after, IndexStore(after, cache).open()[0], cache_dir=cache, previous=old)
    assert isinstance(new.text, MappedTextStore) == isinstance(old.text, MappedTextStore) == mapped
    assert [new.text.text(i) for i in range(len(after.articles))] == [article_text(a) for a in after.articles]
    for word in ("杜大刚", "杜小刚", "采样"):  # the edited page's new name, the unchanged page's old one
        truth = sum(word in article_text(a) for a in after.articles)
        assert truth >= 1 and new.search(word).total == truth, word


async def test_f5_picks_up_an_added_issue_and_says_what_it_found(tmp_path, seeds):
    root = build(tmp_path / "a", seeds, {FRONT: 2})
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("f5")
        await wait_for_text(pilot, "No page was added, removed or edited")
        await type_text(pilot, "采样")
        await settle(pilot)
        assert "no results" in screen_text(app)
        build(root, seeds, {NEXT_DAY: 1})
        await pilot.press("escape", "escape")  # out of the box: F5 works from anywhere, but say so
        await pilot.press("f5")
        text = await wait_for_text(pilot, "Archive updated")
        assert "1 page added; new issue: 无锡日报 2024-06-08" in text
        assert "7 articles (+4); 4 indexed, searchable in" in text
        await wait_until(pilot, lambda: len(app.corpus.articles) == 7, what="the new corpus")
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "采样")
        await settle(pilot)
        text = await wait_for_text(pilot, "千人采样队")
        assert "1 hit" in text


async def test_the_issues_view_after_f5_shows_the_added_issue(tmp_path, seeds):
    # the view is kept while the issue order is the same: a reload's new order builds it anew
    root = build(tmp_path / "a", seeds, {FRONT: 2})
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("escape")  # to the list
        await pilot.press("i")  # at the highlighted article's issue; Escape: its month
        await wait_for_text(pilot, "Issues › 无锡日报 › 2024-06-07")
        await pilot.press("escape")
        await wait_for_text(pilot, "Issues › 无锡日报 › 2024年6月")
        await pilot.press("end")  # the last issue: 6-07
        await wait_for_text(pilot, "2024-06-07 星期五 · 1 版")
        await pilot.press("q")
        await wait_until(pilot, lambda: app.screen is app.main_screen, what="the issues view closed")
        build(root, seeds, {NEXT_DAY: 1})
        await pilot.press("f5")
        await wait_for_text(pilot, "Archive updated")
        await pilot.press("i")
        await wait_for_text(pilot, "Issues › 无锡日报 › 2024-06-07")
        await pilot.press("escape")
        await wait_for_text(pilot, "Issues › 无锡日报 › 2024年6月")
        await pilot.press("end")  # the last issue is now 6-08, with its 4 articles
        await wait_for_text(pilot, "2024-06-08 星期六 · 1 版 · 4 篇")


async def test_the_terminal_focus_picks_up_a_removed_page(tmp_path, seeds):
    root = build(tmp_path / "a", seeds, {FRONT: 2, NEXT_DAY: 1})
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        assert "千人采样队" in screen_text(app)
        (root / NEXT_DAY).unlink()
        app.post_message(events.AppFocus())  # what a terminal's focus-in report becomes
        text = await wait_for_text(pilot, "Archive updated")
        assert "1 page removed; issue gone: 无锡日报 2024-06-08" in text
        await wait_until(pilot, lambda: "千人采样队" not in screen_text(app), what="the removed page's articles gone")
        assert "3 articles" in screen_text(app)
        # a second focus soon after does not scan the folder again
        before = app._looked_at
        app.post_message(events.AppFocus())
        await settle(pilot)
        assert app._looked_at == before


async def test_the_open_article_of_a_removed_page_is_closed_and_said_so(tmp_path, seeds):
    root = build(tmp_path / "a", seeds, {FRONT: 2, NEXT_DAY: 1})
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        await type_text(pilot, "采样")
        await settle(pilot)
        await pilot.press("enter", "enter")  # to the list, open the hit
        await wait_until(pilot, lambda: app.main_screen.open_article is not None, what="the article open")
        assert "2024-06-08" in screen_text(app)
        (root / NEXT_DAY).unlink()
        await pilot.press("f5")
        text = await wait_for_text(pilot, "Closed the article you were reading")
        assert app.main_screen.open_article is None
        assert "第1版 4/4" not in text and "2024-06-08 · 第1版" not in text  # the pane no longer says where it was
        await pilot.press("y")  # nothing open: nothing quoted from what is gone
        await settle(pilot)
        assert "千人采样队" not in screen_text(app).split("Archive updated")[0]


async def test_a_vanished_archive_leaves_the_open_one_and_says_so(tmp_path, seeds):
    import shutil

    root = build(tmp_path / "a", seeds, {FRONT: 2})
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        shutil.rmtree(root)
        await pilot.press("f5")
        text = await wait_for_text(pilot, "could not be read again")
        assert "could not be read again: corpus folder not" in text
        assert "杜小刚" in screen_text(app)  # the articles open stay
        assert not app.reloading


def test_updates_leave_the_builds_segments_alone_and_merge_their_own(tmp_path, seeds, monkeypatch):
    """Adding an issue writes one small segment; the build's segments are never rewritten
    (Whoosh's default merge rewrote a whole 100k index for one issue), and the updates'
    own segments are merged once there are MERGE_UPDATES_AT of them."""
    from reader.search import segments as index_module

    monkeypatch.setattr(index_module, "UPDATE_SEGMENT", 10)  # the seed pages' builds are small
    root = build(tmp_path / "a", seeds, {FRONT: 2, "无锡日报/2024/06/07/02.txt": 0,
                                         "无锡日报/2024/06/07/03.txt": 3, "无锡日报/2024/06/07/04.txt": 4})
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    ix, _ = IndexStore(load_corpus(root, cache), cache).open()

    def segments(ix):
        return sorted((seg.segment_id(), seg.doc_count_all()) for seg in ix._segments())

    built = segments(ix)
    assert sum(n for _, n in built) >= 10  # the build's segment: not an update's
    updates = index_module.MERGE_UPDATES_AT + 1
    for k in range(1, updates + 1):
        build(root, seeds, {f"无锡日报/2024/06/{7 + k:02d}/01.txt": 1})
        corpus = load_corpus(root, cache)
        ix, report = IndexStore(corpus, cache).open()
        now = segments(ix)
        assert set(built) <= set(now), "a build segment was rewritten"
        if k < updates:
            assert len(now) == len(built) + k  # one more small segment per update
    assert len(now) == len(built) + 1  # the updates' segments and the last one's, merged into one
    from reader.search import SearchEngine

    engine = SearchEngine(corpus, ix, cache_dir=cache)
    assert engine.search("采样").total == updates  # (the merged index answers as the articles say)


def _articles(corpus) -> list[tuple]:
    return [(a.id, a.title, a.source, a.page, a.order, a.paper, a.issue, a.page_no, a.page_name, a.date,
             tuple(a.paragraphs)) for a in corpus.articles]


def test_a_grown_corpus_loaded_from_the_one_open_equals_a_load_from_scratch(tmp_path, seeds):
    root = build(tmp_path / "a", seeds, {FRONT: 2, "无锡日报/2024/06/07/02.txt": 0, "无锡日报/2024/06/07/03.txt": 3})
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    before = load_corpus(root, cache)
    build(root, seeds, {"无锡日报/2024/06/06/01.txt": 4, NEXT_DAY: 1})  # one before all: positions shift
    (root / "无锡日报/2024/06/07/03.txt").unlink()
    page = root / "无锡日报/2024/06/07/02.txt"
    page.write_text(page.read_text("utf-8").replace("西门子", "东门子"), "utf-8")
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 10**9))
    grown = load_corpus(root, cache, previous=before, defer_cache=True)
    assert _articles(grown) == _articles(load_corpus(root))  # the truth: parsed from scratch, no cache
    assert any("东门子" in "".join(a.paragraphs) for a in grown.articles)
    # the cache waits for save_cache; then a launch reads it and parses nothing
    cached_then = load_corpus(root, cache)  # (written now, by this load: the deferred one did not)
    assert _articles(cached_then) == _articles(grown)
    grown.save_cache()
    assert _articles(load_corpus(root, cache)) == _articles(grown)


def test_a_changed_reader_toml_is_not_taken_from_the_corpus_open(tmp_path, seeds):
    root = build(tmp_path / "a", seeds, {"2024/06/07/01.txt": 2})
    before = load_corpus(root)
    assert {a.paper for a in before.articles} == {None}
    (root / "reader.toml").write_text('paper = "无锡日报"\n', "utf-8")
    grown = load_corpus(root, previous=before)
    assert {a.paper for a in grown.articles} == {"无锡日报"}
