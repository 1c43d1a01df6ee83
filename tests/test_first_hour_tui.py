"""A new user's first hour in the app (issue 13 §2), asserted on the rendered screen."""

from __future__ import annotations

import os
import sys

import pytest

from reader.corpus.preview import CorpusLoader
from tui_helpers import make_app, ready, screen_text, settle, type_text, wait_for_text


@pytest.fixture
def unreadable_folder(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"")
    (folder / "b.txt").write_bytes(b"\xff\xfe\x00\xd8\x00")  # a UTF-16 BOM, then a lone surrogate
    return folder


async def test_a_folder_of_only_unreadable_pages_opens_an_empty_working_app(unreadable_folder, tmp_path):
    app = make_app(CorpusLoader(unreadable_folder, tmp_path / "cache"), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        text = await wait_for_text(pilot, "0 articles")
        assert "a.txt: skipped: empty file" in text  # the warnings, on the screen
        assert "could not be opened" not in text and "search unavailable" not in text
        await type_text(pilot, "锡")
        await settle(pilot)
        text = await wait_for_text(pilot, "no results")
        assert "could not be opened" not in text and "Search failed" not in text


async def test_bookmarks_screen_shows_out_of_range_values_instead_of_crashing(seed_corpus, seed_cache, engine, tmp_path):
    from test_cli_first_hour import make_damaged_bookmarks

    data = tmp_path / "data"
    make_damaged_bookmarks(data, seed_corpus.articles[0])
    app = make_app(seed_corpus, seed_cache, data)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("escape", "B")
        text = await wait_for_text(pilot, "5 of 5 bookmarks")
        assert text.count("date unknown") == 3
        assert "巨大的段落  ¶100000" in text and "负的段落  ¶1" in text
        for _ in range(5):  # jump to each: the article opens at a paragraph it has
            await pilot.press("B")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("j")
        assert app.is_running
        await settle(pilot)


@pytest.fixture
def app(seed_corpus, seed_cache, engine, tmp_path):
    return make_app(seed_corpus, seed_cache, tmp_path / "data")


def pane_title(text: str) -> str:
    """The title in the reading pane's top border, as the screen shows it."""
    for line in text.splitlines():
        if "╮╭─ " in line:
            return line.split("╮╭─ ", 1)[1].split(" ─", 1)[0].strip()
    return ""


# -- defect 3: a new query's cursor starts on its top hit --------------------------------------
@pytest.mark.parametrize("leave", ["enter", "down"])
async def test_a_new_query_starts_on_its_top_hit_not_on_the_open_article(app, leave):
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, "发展")
        await settle(pilot)
        await pilot.press("enter", "G", "enter")  # open the last hit
        await settle(pilot)
        opened = app.open_article
        assert pane_title(screen_text(app)) == opened.title[: len(pane_title(screen_text(app)))]
        await pilot.press("slash", "escape")
        await type_text(pilot, "发")  # its hits hold the open article, far down the list
        await settle(pilot)
        top = app.article_list.articles[0]
        assert top.id != opened.id and opened in app.article_list.articles
        await pilot.press(leave, "enter")
        await settle(pilot)
        shown = pane_title(screen_text(app))
        assert shown and top.title.startswith(shown.rstrip("…")) and not opened.title.startswith(shown.rstrip("…"))


# -- defect 9: field-only queries show no "0处"; page:3 gets a hint -----------------------------
@pytest.mark.parametrize("query", ["date:9月", "source:003", "author:惠"])
async def test_field_only_queries_show_no_zero_counts(app, query):
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, query)
        await settle(pilot)
        text = await wait_for_text(pilot, "hit")
        assert app.results.total > 0
        assert "0处" not in text, text
        assert app.article_list.articles[0].title[:10] in text


async def test_page_field_gets_a_hint_naming_its_source(app, seed_corpus):
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, "page:3")
        await settle(pilot)
        stem = seed_corpus.files[2].name.removesuffix(".txt")
        text = await wait_for_text(pilot, "no page: field")
        assert f"p3 is source:{stem}; f filters by page" in text
        assert "no results" in text


# -- defect 11: y says where the quote went --------------------------------------------------
def toast_text(text: str) -> str:
    """The notifications' text, their wrapped lines joined, without spaces."""
    return "".join(line.split("▌", 1)[1].rstrip(" │╮╯─┤") for line in text.splitlines() if "▌" in line).replace(" ", "")


async def test_y_without_a_clipboard_tool_says_sent_and_names_the_file(app, seed_corpus, tmp_path):
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        app.open(seed_corpus.articles[0])
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        text = await wait_for_text(pilot, "clipboard")
        said = toast_text(text)
        assert "Quotesenttotheterminal'sclipboard" in said and "Copiedquote" not in said
        path = tmp_path / "data" / "clipboard.txt"
        assert f"alsosavedto{path}".replace(" ", "") in said
        assert path.read_text("utf-8") == app.last_copied + "\n"


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script as the clipboard tool")
async def test_y_with_a_clipboard_tool_uses_it_and_says_so(app, seed_corpus, tmp_path, monkeypatch):
    bin_dir, got = tmp_path / "bin", tmp_path / "pasted.txt"
    bin_dir.mkdir()
    tool = bin_dir / "xclip"
    tool.write_text(f"#!/bin/sh\ncat > '{got}'\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":99")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        app.open(seed_corpus.articles[0])
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        said = toast_text(await wait_for_text(pilot, "Copied quote"))
        assert "Copiedquotewithcitation" in said and "totheclipboard(withxclip)" in said
        assert got.read_text("utf-8") == app.last_copied


# -- defect 10: the palette's Screenshot saves into a known folder and says where (or why not)
async def _palette_screenshot(pilot):
    await pilot.press("ctrl+p")
    await wait_for_text(pilot, "Search for commands")
    await type_text(pilot, "Screenshot")
    await wait_for_text(pilot, "Save an SVG")
    await pilot.press("enter")


async def test_palette_screenshot_says_where_it_saved(app, tmp_path, monkeypatch):
    folder = tmp_path / "shots"
    monkeypatch.setenv("READER_SCREENSHOT_DIR", str(folder))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        await _palette_screenshot(pilot)
        said = toast_text(await wait_for_text(pilot, "Saved to"))
        [saved] = list(folder.glob("reader-*.svg"))
        assert f"Savedto{saved}" in said
        svg = saved.read_text("utf-8")
        assert svg.startswith("<svg") and "Search for commands" not in svg  # the screen, not the palette


async def test_palette_screenshot_says_why_it_could_not_save(app, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("READER_SCREENSHOT_DIR", str(blocker / "shots"))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        await _palette_screenshot(pilot)
        said = toast_text(await wait_for_text(pilot, "Screenshot not saved"))
        assert "Couldnotsaveit:Notadirectory" in said and "READER_SCREENSHOT_DIR" in said
        assert "Failed to save screenshot" not in screen_text(app)


def test_default_screenshot_folder(tmp_path, monkeypatch):
    from reader import paths

    monkeypatch.delenv("READER_SCREENSHOT_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_PICTURES_DIR", str(tmp_path / "Pictures"))
    assert paths.screenshot_dir(tmp_path / "data") == tmp_path / "data" / "screenshots"  # no Pictures: not made
    (tmp_path / "Pictures").mkdir()
    assert paths.screenshot_dir(tmp_path / "data") == tmp_path / "Pictures"
