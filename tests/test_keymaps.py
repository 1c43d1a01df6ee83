"""Settings in the app: keys remapped from [keys], warnings for bad ones, choices saved to the
settings file, the old database values moved there once."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from reader import settings
from reader.store import UserStore
from reader.tui.screens.help import HelpScreen
from reader.tui.widgets.article_list import ArticleList
from tui_helpers import make_app, ready, screen_lines, screen_text, settle


def config(tmp_path, text: str):
    path = tmp_path / "cfg" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), "utf-8")
    return settings.load(path=path)


def footer(app) -> str:
    return screen_lines(app)[-1]


async def test_a_remapped_key_works_and_help_and_footer_show_it(seed_corpus, seed_index, tmp_path):
    prefs = config(tmp_path, """
        # my keys
        [keys]
        "app.sort" = "o"
        "app.help" = "f9"
    """)
    app = make_app(seed_corpus, seed_index, tmp_path / "data", settings=prefs)
    async with app.run_test(size=(200, 40)) as pilot:  # wide: the whole footer shows
        await ready(pilot)
        app.main_screen.article_list.focus()
        await pilot.pause()
        line = footer(app)
        assert "o Sort" in line and "s Sort" not in line, line
        await pilot.press("s")  # the old key no longer sorts
        await settle(pilot)
        assert app.sort == "relevance"
        await pilot.press("o")
        await settle(pilot)
        assert app.sort == "page" and "sort: page" in screen_text(app)
        await pilot.press("f1")  # the old help key is gone too
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        import re

        assert re.search(r"\so\s{2,}Sort\s", text), text  # the help lists the new key…
        assert not re.search(r"\ss, F4\s+Sort", text)  # …not the old ones
        assert re.search(r"\sF9\s{2,}Help\s", text) and not re.search(r"F1\s+Help", text)
    # the choice made with the remapped key was saved, the comments kept
    text = prefs.path.read_text("utf-8")
    assert 'sort = "page"' in text and "# my keys" in text and '"app.sort" = "o"' in text


async def test_unknown_ids_bad_keys_and_conflicts_are_warnings_not_crashes(seed_corpus, seed_index, tmp_path):
    prefs = config(tmp_path, """
        sort = "sideways"
        [keys]
        "app.quitt" = "x"
        "app.bookmarks" = "cntrl+b"
        "app.filters" = "j"
        "list.open" = "enter,o"
    """)
    app = make_app(seed_corpus, seed_index, tmp_path / "data", settings=prefs)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        warnings = app.settings_warnings
        assert any("keys.app.quitt" in w and "did you mean 'app.quit'" in w for w in warnings)
        assert any("keys.app.bookmarks" in w and "cntrl+b" in w for w in warnings)
        assert any('keys.app.filters: "j" is also the key of list.down' in w for w in warnings)
        assert any("sort" in w and "sideways" in w for w in warnings)
        assert all(str(prefs.path) in w and "\n" not in w for w in warnings)
        shown = "\n".join(n.message for n in app._notifications)
        assert "app.quitt" in shown and "sideways" in shown  # told, on screen
        app.main_screen.article_list.focus()
        await pilot.press("B")  # an invalid remap keeps the app's own key
        await settle(pilot)
        assert type(app.screen).__name__ == "BookmarksScreen"
        await pilot.press("escape")
        await settle(pilot)
        app.main_screen.article_list.focus()
        await pilot.press("o")  # the valid remaps still apply
        await settle(pilot)
        assert app.main_screen.open_article is not None
        assert app.is_running


async def test_pinyin_and_sort_move_from_the_database_to_the_settings_file_once(seed_corpus, seed_index, tmp_path):
    data = tmp_path / "data"
    store = UserStore(data)
    store.set_state(pinyin="off", sort="date")
    store.close()
    prefs = settings.load(path=tmp_path / "cfg" / "config.toml")
    app = make_app(seed_corpus, seed_index, data, settings=prefs)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.pinyin is False and app.sort == "date" and app.engine.pinyin is False
    again = settings.load(path=prefs.path)
    assert again.pinyin is False and again.sort == "date"
    store = UserStore(data)
    assert store.get_state("pinyin") is None and store.get_state("sort") is None
    store.set_state(sort="page")  # e.g. an older reader wrote it again: the file wins
    store.close()
    app = make_app(seed_corpus, seed_index, data, settings=settings.load(path=prefs.path))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.sort == "date"


async def test_the_theme_is_remembered(seed_corpus, seed_index, tmp_path):
    path = tmp_path / "cfg" / "config.toml"
    app = make_app(seed_corpus, seed_index, tmp_path / "data", settings=settings.load(path=path))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.theme = "nord"
        await settle(pilot)
    assert settings.load(path=path).theme == "nord"
    app = make_app(seed_corpus, seed_index, tmp_path / "data", settings=settings.load(path=path))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.theme == "nord"


async def test_an_unknown_theme_is_a_warning(seed_corpus, seed_index, tmp_path):
    prefs = config(tmp_path, 'theme = "no-such-theme"\n')
    app = make_app(seed_corpus, seed_index, tmp_path / "data", settings=prefs)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.is_running and app.theme != "no-such-theme"
        assert any("no-such-theme" in w and str(prefs.path) in w for w in app.settings_warnings)


def run_cli(*args, env=None):
    import os

    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def test_reader_keys_lists_every_binding_with_its_keys(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[keys]\n"app.quit" = "ctrl+q"\n"app.nope" = "x"\n', "utf-8")
    out = run_cli("keys", "--json", "--config", str(cfg))
    assert out.returncode == 0
    rows = json.loads(out.stdout)
    by_id = {r["id"]: r for r in rows}
    from reader.tui.app import ReaderApp

    ids = {b.id for _, cls in ReaderApp.binding_sources() for b in cls.BINDINGS if getattr(b, "id", None)}
    assert set(by_id) == ids  # every binding id
    assert by_id["app.quit"]["keys"] == ["ctrl+q"] and by_id["app.quit"]["default"] == ["q"]
    assert by_id["app.quit"]["remapped"] and by_id["app.quit"]["description"] == "Quit"
    assert by_id["list.down"]["keys"] == ["down", "j"] and not by_id["list.down"]["remapped"]
    assert "app.nope" in out.stderr and "no such binding" in out.stderr and out.stdout.lstrip().startswith("[")
    text = run_cli("keys", "--config", str(cfg))
    assert text.returncode == 0
    line = next(ln for ln in text.stdout.splitlines() if ln.startswith("app.quit"))
    assert "Ctrl+Q" in line and "was q" in line and "Quit" in line


def test_reader_search_takes_its_sort_from_the_settings(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('sort = "page"\n', "utf-8")
    by_settings = run_cli("search", "无锡", "--json", "--limit", "0", "--config", str(cfg))
    by_flag = run_cli("search", "无锡", "--json", "--limit", "0", "--sort", "page")
    default = run_cli("search", "无锡", "--json", "--limit", "0")
    assert by_settings.returncode == by_flag.returncode == default.returncode == 0
    ids = lambda r: [h["id"] for h in json.loads(r.stdout)]
    assert ids(by_settings) == ids(by_flag) != ids(default)
    cfg.write_text('sort = 3\n', "utf-8")
    bad = run_cli("search", "无锡", "--json", "--config", str(cfg))
    assert bad.returncode == 0 and "sort" in bad.stderr and str(cfg) in bad.stderr
    assert ids(bad) == ids(default)[:20]
