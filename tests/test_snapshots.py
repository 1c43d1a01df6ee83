"""SVG snapshots of what a person sees, at fixed sizes, cursor blink off.

Update after an intended change with ``pytest tests/test_snapshots.py --snapshot-update``
and review the SVGs in ``tests/__snapshots__``.
"""

from __future__ import annotations

import pytest

from reader.tui.widgets.search_box import SearchBox
from tui_helpers import make_app, ready, settle, type_text


@pytest.fixture
def app(seed_corpus, seed_cache, engine, tmp_path):
    return make_app(seed_corpus, seed_cache, tmp_path / "data")


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
