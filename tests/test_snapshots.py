"""SVG snapshots of what a person sees, at fixed sizes, cursor blink off.

Update after an intended change with ``pytest tests/test_snapshots.py --snapshot-update``
and review the SVGs in ``tests/__snapshots__``.
"""

from __future__ import annotations

import pytest

from reader.tui.widgets.search_box import SearchBox
from tui_helpers import make_app, ready, settle, type_text


async def _steady(pilot):
    await ready(pilot)
    pilot.app.screen.query_one(SearchBox).cursor_blink = False
    await settle(pilot)


def test_main_screen(snap_compare, app):
    assert snap_compare(app, terminal_size=(120, 40), run_before=_steady)


def test_search_with_highlights(snap_compare, app):
    async def run_before(pilot):
        await _steady(pilot)
        await type_text(pilot, "杜小刚")
        await settle(pilot)
        await pilot.press("enter")  # to the list (a separate press: focus moves by message)
        await pilot.pause()
        await pilot.press("enter")  # open the first hit
        await settle(pilot)
        await pilot.press("n", "n")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_narrow_search(snap_compare, app):
    async def run_before(pilot):
        await _steady(pilot)
        await type_text(pilot, "無錫")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_help_screen(snap_compare, app):
    async def run_before(pilot):
        await _steady(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


@pytest.fixture
def utc():
    """Local time is UTC (a bookmark's date is shown in local time)."""
    import os
    import time

    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_bookmarks_screen(snap_compare, app, utc):
    """The bookmarks screen with one bookmark (a note, a fixed date) selected."""
    import dataclasses

    async def run_before(pilot):
        await _steady(pilot)
        app = pilot.app
        article = next(a for a in app.corpus.articles if a.title.startswith("西门子"))
        bm = app.user_data.add(article, 1, note="德国合作 follow-up")
        app.user_data.remove(bm.id)
        app.user_data.restore(dataclasses.replace(bm, created=1772366400.0, updated=1772366400.0))  # 2026-03-01
        app.main_screen.article_list.focus()
        await pilot.pause()
        await pilot.press("B")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 30), run_before=run_before)


def test_filters_screen(snap_compare, app):
    async def run_before(pilot):
        await _steady(pilot)
        await type_text(pilot, "无锡")
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 30), run_before=run_before)


def test_related_screen(snap_compare, app):
    async def run_before(pilot):
        await _steady(pilot)
        app = pilot.app
        app.main_screen.open(next(a for a in app.corpus.articles if a.title.startswith("西门子")))
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 34), run_before=run_before)


def test_light_theme_search(snap_compare, app):
    """textual-light with a search highlighted in the list and in the open article, the
    list focused on its cursor row."""
    async def run_before(pilot):
        pilot.app.theme = "textual-light"
        await _steady(pilot)
        await type_text(pilot, "杜小刚")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n", "n", "escape")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


def _with_settings(seed_corpus, seed_cache, tmp_path, **values):
    from reader import settings

    prefs = settings.load(path=tmp_path / "cfg" / "config.toml")
    for name, value in values.items():
        prefs.set(name, value)
    return make_app(seed_corpus, seed_cache, tmp_path / "data", settings=prefs)


async def _reading(pilot, full: bool):
    await _steady(pilot)
    await type_text(pilot, "杜小刚")
    await settle(pilot)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("enter")  # open the first hit
    await settle(pilot)
    if full:
        await pilot.press("z")
        await settle(pilot)


def test_full_screen_reading_80x24(snap_compare, seed_corpus, seed_index, tmp_path):
    app = _with_settings(seed_corpus, seed_index, tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=lambda pilot: _reading(pilot, True))


def test_reading_width_200x60(snap_compare, seed_corpus, seed_index, tmp_path):
    app = _with_settings(seed_corpus, seed_index, tmp_path, reading_width=64)
    assert snap_compare(app, terminal_size=(200, 60), run_before=lambda pilot: _reading(pilot, False))


def test_full_screen_reading_width_200x60(snap_compare, seed_corpus, seed_index, tmp_path):
    app = _with_settings(seed_corpus, seed_index, tmp_path, reading_width=72)
    assert snap_compare(app, terminal_size=(200, 60), run_before=lambda pilot: _reading(pilot, True))


def test_reading_width_80x24(snap_compare, seed_corpus, seed_index, tmp_path):
    app = _with_settings(seed_corpus, seed_index, tmp_path, reading_width=40)
    assert snap_compare(app, terminal_size=(80, 24), run_before=lambda pilot: _reading(pilot, True))


def test_settings_screen(snap_compare, seed_corpus, seed_index, tmp_path):
    from reader import settings

    prefs = settings.Settings.defaults()  # in memory: the screen names no temporary path
    for name, value in (("sort", "date"), ("reading_width", 72), ("fuzzy_pinyin", ["z=zh"])):
        prefs.set(name, value)
    app = make_app(seed_corpus, seed_index, tmp_path / "data", settings=prefs)

    async def run_before(pilot):
        await _steady(pilot)
        pilot.app.main_screen.article_list.focus()
        await pilot.press("comma")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 40), run_before=run_before)
