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


async def test_bookmarks_screen_shows_out_of_range_values_instead_of_crashing(seed_corpus, seed_index, tmp_path):
    from test_cli_first_hour import make_damaged_bookmarks

    data = tmp_path / "data"
    make_damaged_bookmarks(data, seed_corpus.articles[0])
    app = make_app(seed_corpus, seed_index, data)
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


def quoted(app, article) -> str:
    """What y copies from *article* opened at its top: its first paragraph, cited."""
    from reader.corpus.quote import quote

    return str(quote(article, 0, style=app.settings.citation))


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
        opened = app.main_screen.open_article
        assert pane_title(screen_text(app)) == opened.title[: len(pane_title(screen_text(app)))]
        await pilot.press("slash", "escape")
        await type_text(pilot, "发")  # its hits hold the open article, far down the list
        await settle(pilot)
        top = app.main_screen.article_list.articles[0]
        assert top.id != opened.id and opened in app.main_screen.article_list.articles
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
        assert app.main_screen.results.total > 0
        assert "0处" not in text, text
        assert app.main_screen.article_list.articles[0].title[:10] in text


async def test_page_field_gets_a_hint_naming_its_source(app, seed_corpus):
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, "page:3")
        await settle(pilot)
        text = await wait_for_text(pilot, "no page numbers")
        assert "they are source:<file name>; f filters by page" in text.replace("\n", "")
        assert "no results" in text


# -- defect 11: y says where the quote went --------------------------------------------------
def toast_text(text: str) -> str:
    """The notifications' text, their wrapped lines joined, without spaces."""
    return "".join(line.split("▌", 1)[1].rstrip(" │╮╯─┤") for line in text.splitlines() if "▌" in line).replace(" ", "")


async def test_y_without_a_clipboard_tool_says_sent_and_names_the_file(app, seed_corpus, tmp_path):
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        app.main_screen.open(seed_corpus.articles[0])
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        text = await wait_for_text(pilot, "clipboard")
        said = toast_text(text)
        assert "Quotesenttotheterminal'sclipboard" in said and "Copiedquote" not in said
        path = tmp_path / "data" / "clipboard.txt"
        assert f"alsosavedto{path}".replace(" ", "") in said
        assert path.read_text("utf-8") == quoted(app, seed_corpus.articles[0]) + "\n"


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
        app.main_screen.open(seed_corpus.articles[0])
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        said = toast_text(await wait_for_text(pilot, "Copied quote"))
        assert "Copiedquotewithcitation" in said and "totheclipboard(withxclip)" in said
        assert got.read_text("utf-8") == quoted(app, seed_corpus.articles[0])


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


# -- defect 8: the list scrolls by whole articles; the footer fits -------------------------------
def list_box_lines(text: str) -> list[str]:
    """The lines inside the article list's frame (the first frame on the screen)."""
    lines = text.splitlines()
    top = next(i for i, line in enumerate(lines) if "╭─" in line)
    out = []
    for line in lines[top + 1:]:
        if line.lstrip().startswith("╰"):
            break
        out.append(line.split("│")[1] if line.count("│") >= 2 else line)
    return out


def _starts_an_article(line: str, titles: list[str]) -> bool:
    body = line.strip().removeprefix("★").strip()
    return any(t[:6] and body.startswith(t[:6]) for t in titles)


@pytest.mark.parametrize("size", [(80, 24), (80, 25), (120, 40), (100, 31)])
async def test_the_list_never_shows_half_an_article_at_its_top(app, seed_corpus, size):
    titles = [a.title for a in seed_corpus.articles]
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("escape", "escape")  # to the list
        seen = []
        for key in ["j"] * 20 + ["G", "k", "k", "pageup", "g", "pagedown", "pagedown"]:
            await pilot.press(key)
            await pilot.pause()
            inside = list_box_lines(screen_text(app))
            seen.append(inside[0])
            assert _starts_an_article(inside[0], titles), (key, inside[:3])
        assert len(set(seen)) > 2  # it did scroll
        lst = app.main_screen.article_list
        for step in (lst._scroll_up_for_pointer, lst._scroll_down_for_pointer) * 4:  # what the wheel calls
            step(animate=False)
            await pilot.pause()
            assert _starts_an_article(list_box_lines(screen_text(app))[0], titles)
        await pilot.press("slash")
        await type_text(pilot, '"')  # a new query re-centres the list: on a whole article too
        await settle(pilot)
        assert _starts_an_article(list_box_lines(screen_text(app))[0], titles)


def footer_line(app) -> str:
    return screen_text(app).splitlines()[-1]


def _descriptions(app) -> set[str]:
    from reader.tui.widgets.footer import FittingFooter

    out = set()
    for node in [app.screen, *app.screen.query("*")]:
        for b in getattr(type(node), "BINDINGS", []):
            if hasattr(b, "description"):
                out.add(b.description)
    for b in app.BINDINGS:
        out.add(getattr(b, "description", ""))
    return out | {"palette"}


def assert_footer_fits(app):
    line = footer_line(app).rstrip()
    assert line.endswith("▏^p palette"), line
    keys = [part.strip() for part in line.split("▏")[0].split("  ") if part.strip()]
    assert keys, line
    known = _descriptions(app)
    for part in keys:  # each key whole: "f Filter", never "f Fi"
        key, _, description = part.partition(" ")
        assert description in known, (part, line)


@pytest.mark.parametrize("width", [80, 100, 120])
async def test_the_footer_fits_and_drops_the_least_important_keys(app, seed_corpus, width):
    async with app.run_test(size=(width, 30)) as pilot:
        await ready(pilot)
        assert_footer_fits(app)  # the search box
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert_footer_fits(app)  # the list
        line = footer_line(app)
        assert "q Quit" in line and "? Help" in line and "Open" in line
        await pilot.press("enter")
        await settle(pilot)
        assert_footer_fits(app)  # the pane
        assert "n Next match" in footer_line(app) and "q Quit" in footer_line(app)
        app.user_data.add(seed_corpus.articles[0], 0)
        await pilot.press("B")
        await settle(pilot)
        assert_footer_fits(app)  # bookmarks


# -- defect 7: help and keys --------------------------------------------------------------------
async def _whole_help(pilot) -> str:
    """Every line the help shows, paging down to its end."""
    seen = []
    for _ in range(30):
        text = screen_text(pilot.app)
        seen.append(text)
        if "(grouping)." in text:
            break
        await pilot.press("pagedown")
        await pilot.pause()
    return "\n".join(seen)


async def test_help_lists_enter_the_palette_ctrl_q_and_the_mouse(app):
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.press("escape", "escape", "question_mark")
        await settle(pilot)
        text = await _whole_help(pilot)
        compact = " ".join(text.split())
        for row in ["Ctrl+P Command palette", "Ctrl+Q Quit at once", "Mouse", "Click an article in the list: open it",
                    "Wheel scroll the list", "Search box", "Bookmark list"]:
            assert row in compact, row
        search_box = compact.split("Search box", 1)[1].split("Article list", 1)[0]
        assert "Enter To results" in search_box
        bookmark_list = compact.split("Bookmark list", 1)[1].split("Filters", 1)[0]
        assert "Enter Jump to it" in bookmark_list


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)])
async def test_the_first_end_in_help_reaches_the_bottom(app, size):
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("escape", "escape", "question_mark", "end")
        await settle(pilot)
        assert "(grouping)." in screen_text(app)
        await pilot.press("home")
        await settle(pilot)
        assert "reader — keys" in screen_text(app)


async def test_bookmark_list_keys_first_and_last_and_no_main_screen_keys(app, seed_corpus):
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        for k, article in enumerate(seed_corpus.articles[:3]):
            app.user_data.add(article, 0)
            import time as _t
            _t.sleep(0.01)  # newest first: articles[2] is at the top
        for keys, expected in [(("G",), 0), (("g",), 2), (("end",), 0), (("home",), 2)]:
            await pilot.press("escape", "escape", "B")
            await settle(pilot)
            footer = footer_line(app)
            assert "Jump to it" in footer
            assert not any(k in footer for k in ("f Filter", "s Sort", "r Related", "B Bookmarks"))
            await pilot.press(*keys, "enter")
            await settle(pilot)
            assert pane_title(screen_text(app)) and seed_corpus.articles[expected].title.startswith(
                pane_title(screen_text(app)).rstrip("…")), keys
        await pilot.press("B")
        await settle(pilot)
        await pilot.press("f", "s", "r")  # do nothing here
        await settle(pilot)
        assert type(app.screen).__name__ == "BookmarksScreen"


@pytest.mark.parametrize("key, says", [("y", "Open an article first (Enter in the list): y copies"),
                                       ("n", "Open an article first: n / N step")])
async def test_y_and_n_with_no_article_open_say_why_nothing_happened(app, key, says):
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("escape", "escape", "tab")  # the empty reading pane
        await pilot.press(key)
        await settle(pilot)
        said = toast_text(await wait_for_text(pilot, "Open an article"))
        assert says.replace(" ", "") in said
