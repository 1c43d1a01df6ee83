"""Random keystrokes through the app via Pilot: printable, CJK, pinyin letters, control
keys, every action key, resizes. No exception, and after each burst the screen is
consistent: the list shows exactly what the search box asks for, the status line says so,
and the reading pane's spans lie inside its text.

The fast profile (300 keys) runs always, as the app runs on the seeds and as it runs on a
large archive (broad queries answered in two stages: first page, then the whole answer);
the long one (1,200 keys, two stages) with --run-slow. The seed is printed, and
READER_FUZZ_SEED replays a run."""

from __future__ import annotations

import os
import random

import pytest

from reader.tui.screens.main import MainScreen
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane
from search_truth import truth
from tui_helpers import make_app, ready, settle, staged as as_large_archive

CJK = list("无锡杜小刚高质量发展新生产力西门子工厂市委常委会太湖治理")
PRINTABLE = list("abcdefghijklmnoprstuvwxyz0123456789") + ['"', "(", ")", "-", ":", "'", "*", "A", "O", "R"]
CONTROL = ["enter", "escape", "tab", "shift+tab", "up", "down", "pageup", "pagedown", "home", "end",
           "backspace", "space", "left", "right", "delete"]
ACTIONS = ["n", "N", "j", "k", "g", "G", "b", "m", "y", "r", "f", "s", "B", "f1", "f2", "f3", "f4",
           "question_mark", "slash", "ctrl+f", "h", "l", "d", "u"]
SIZES = [(120, 40), (80, 24), (200, 60), (70, 22), (100, 30)]


def _keys(rng: random.Random, n: int) -> list[str | tuple[int, int]]:
    out: list[str | tuple[int, int]] = []
    while len(out) < n:
        r = rng.random()
        if r < 0.30:
            out.append(rng.choice(CJK))
        elif r < 0.55:
            out.append(rng.choice(PRINTABLE))
        elif r < 0.75:
            out.append(rng.choice(CONTROL))
        elif r < 0.97:
            out.append(rng.choice(ACTIONS))
        else:
            out.append(rng.choice(SIZES))
    return out


def _plain(query: str) -> bool:
    from reader.search.query import _BARE_FIELD, _FIELD, _parens

    return not any(
        p.startswith(('"', "-")) or p in ("OR", "AND", "NOT") or _FIELD.match(p) or _BARE_FIELD.fullmatch(p)
        for p in query.split()
    ) and not any(_parens(query)) and '"' not in query


async def _check(pilot, corpus) -> None:
    app = pilot.app
    await settle(pilot)
    if not isinstance(app.screen, MainScreen):
        return
    query = app.main_screen.search_box.value
    results = app.main_screen.results
    assert results is not None and results.query == query, (results and results.query, query)
    assert results.complete and results.counted  # the whole answer always follows a first page
    shown = [a.id for a in app.screen.query_one(ArticleList).articles]
    assert shown == [app.engine.articles[i].id for i in results.order]
    if _plain(query):
        assert set(shown) == truth(corpus, query, pinyin=app.pinyin), query
    if query.strip():
        assert app.main_screen.status.hits == ("no results" if not shown else f"{len(shown)} hit{'s' if len(shown) != 1 else ''}"
                                   + ("" if results.ranked else " (broad: title matches first)"))
    pane = app.screen.query_one(ReadingPane)
    for sp in pane.spans:
        assert 0 <= sp.start < sp.end <= len(pane.units[sp.unit].text)


async def _run(seed_corpus, seed_cache, tmp_path, n: int, staged: bool = False) -> None:
    seed = int(os.environ.get("READER_FUZZ_SEED", random.randrange(2**32)))
    print(f"READER_FUZZ_SEED={seed}")
    rng = random.Random(seed)
    app = make_app(seed_corpus, seed_cache, tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        if staged:
            as_large_archive(app.engine)
        keys = _keys(rng, n)
        for k, key in enumerate(keys, start=1):
            if isinstance(key, tuple):
                await pilot.resize_terminal(*key)
            else:
                await pilot.press(key)
            if k % 25 == 0:
                await _check(pilot, seed_corpus)
        for _ in range(8):  # close whatever dialog is open
            if isinstance(app.screen, MainScreen):
                break
            await pilot.press("escape")
            await settle(pilot)
        assert isinstance(app.screen, MainScreen), app.screen_stack
        await _check(pilot, seed_corpus)


@pytest.mark.parametrize("staged", [False, True], ids=["seeds", "staged"])
async def test_random_keystrokes_fast(seed_corpus, seed_index, tmp_path, staged):
    await _run(seed_corpus, seed_index, tmp_path, 300, staged)


@pytest.mark.slow
async def test_random_keystrokes_long(seed_corpus, seed_index, tmp_path):
    await _run(seed_corpus, seed_index, tmp_path, 1200, staged=True)
