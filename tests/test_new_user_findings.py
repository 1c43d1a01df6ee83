"""What a tester trying the app as a new user found (the seeds in a 120x40 terminal, an
archive tree), each asserted on what a person sees: the rendered screen or the CLI's output."""

from __future__ import annotations

import pytest

from tui_helpers import call, ready, screen_text, settle, type_text, wait_for_text


# -- an impossible date in a query says so, rather than zero hits and no reason --------------
@pytest.mark.parametrize("query, says", [
    ("issue:2024-02-30", "issue:2024-02-30 is not a date"),
    ("date:2024-13-01", "date:2024-13-01 is not a date"),
    ("锡 -date:2024-06-01..2024-02-31", "date:2024-02-31 is not a date"),
    ("date:2024-06-30..2024-06-01", "date:2024-06-30..2024-06-01 ends before it begins"),
    ("date:2月30日", "date:2月30日 is not a date"),
    ("date:2024-02-30", "date:2024-02-30 is not a date: February 2024 has 29 days"),
])
async def test_an_impossible_date_in_the_search_box_says_so(app, query, says):
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, query)
        await settle(pilot)
        text = await wait_for_text(pilot, says, timeout=10)
        assert "no results" in text or "hit" in text


def test_an_impossible_date_on_the_command_line_says_so(capsys):
    code, out, err = call(capsys, "search", "date:2024-13-01")
    assert code == 0 and "0 articles match 'date:2024-13-01'" in out
    assert "reader: hint: date:2024-13-01 is not a date" in err
    code, out, err = call(capsys, "search", "--facets", "issue:2024-02-30")
    assert code == 0 and "reader: hint: issue:2024-02-30 is not a date" in err
    code, out, err = call(capsys, "search", "date:13月")
    assert code == 0 and "reader: hint: date:13月 is not a date" in err
    code, out, err = call(capsys, "search", "issue:6月")
    assert code == 0 and "reader: hint: issue:6月: an issue's date has a year (issue:2024-06-07," in err
    for real in ("date:2024-06", "date:9月4日", "date:2月29日", "issue:2024"):
        code, out, err = call(capsys, "search", real)
        assert code == 0 and "hint" not in err, real  # a real day or month: nothing to say


# -- the search box's placeholder names every field, and fits at 80 columns ------------------
async def test_the_placeholder_names_every_field_whole_at_80_columns(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        box = next(line for line in screen_text(app).splitlines() if "搜索" in line)
        for name in ("title", "author", "date", "source", "paper", "page", "issue"):
            assert name in box, box
        assert "issue:" in box and '"短语"' in box and "-排除" in box, box  # none of it cut off


# -- counts agree with their nouns and verbs: 1 article matches, 2 articles match ------------
def test_one_article_matches_on_the_command_line(capsys):
    code, out, err = call(capsys, "search", "对口协作")  # in one seed article
    assert code == 0 and "1 article matches '对口协作'" in out
    code, out, err = call(capsys, "search", "--facets", "对口协作")
    assert code == 0 and "1 article matches '对口协作'" in out
    code, out, err = call(capsys, "search", "延安")
    assert code == 0 and "2 articles match '延安'" in out


async def test_a_one_article_folder_says_1_article_and_1_page(tmp_path):
    from reader.corpus.preview import CorpusLoader
    from tui_helpers import make_app

    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "only.txt").write_text("惟一的文章\n\n本报讯 这一版只有一篇文章，讲无锡的事。\n", encoding="utf-8")
    app = make_app(CorpusLoader(folder, tmp_path / "cache"), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        text = await wait_for_text(pilot, "pages/ (1 page)", timeout=10)
        assert "1 article " in text and "1 articles" not in text, text


# -- reader keys fits 80 columns: keys and descriptions wrap in their own columns ------------
def test_reader_keys_fits_80_columns_even_with_a_long_remap(capsys, tmp_path, monkeypatch):
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "80")
    cfg = tmp_path / "c.toml"
    cfg.write_text('[keys]\n"app.quit" = "ctrl+q"\n"list.page_up" = "pageup,shift+space,ctrl+b,u"\n', "utf-8")
    code, out, err = call(capsys, "keys", "--config", str(cfg))
    assert code == 0
    lines = out.splitlines()
    assert lines[-1].strip() == str(cfg)  # the settings file, on a line of its own
    too_wide = [ln for ln in lines[:-1] if cell_len(ln.rstrip()) > 80]
    assert not too_wide, too_wide
    assert "…" not in out  # no column cut off
    row = next(ln for ln in lines if ln.startswith("list.page_up"))
    assert "Article list" in row and "Page up" in row, row
    assert "Quit" in next(ln for ln in lines if ln.startswith("app.quit"))


# -- the pane's meta line keeps 上接第1版 whole, breaking between its parts --------------------
async def test_the_meta_line_never_breaks_inside_a_label(tmp_path, seeds):
    from test_archive_reading import archive
    from tui_helpers import make_app

    app = make_app(archive(tmp_path, seeds), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(80, 30)) as pilot:
        await ready(pilot)
        await type_text(pilot, "title:矢志争创一流 issue:2024-06-06")  # continues 第1版's article
        await settle(pilot)
        await pilot.press("enter", "enter")
        await wait_for_text(pilot, "上接第1版", timeout=10)
        pane = app.main_screen.pane
        for width in range(44, 64):  # the break falls inside the label at some of these
            await pilot.resize_terminal(width, 30)
            await settle(pilot)
            rows = [line for line in screen_text(app).splitlines() if "│" in line or "┃" in line]
            assert any("上接第1版" in row for row in rows), (width, pane.text_width(), rows)
            assert not any("上接" in row and "上接第1版" not in row for row in rows), (width, rows)
            assert not any(row.strip(" │┃").startswith("·") for row in rows), (width, rows)


# -- a hit's snippet in the list shows its match, however little room the row leaves -------
@pytest.mark.parametrize("size", [(120, 40), (100, 30), (80, 24)])
async def test_the_lists_snippet_shows_its_match_within_the_row(tmp_path, seeds, size):
    from test_archive_reading import archive
    from tui_helpers import make_app

    app = make_app(archive(tmp_path, seeds), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await type_text(pilot, "发展")
        await settle(pilot)
        text = await wait_for_text(pilot, "处 …", timeout=10)
        rows = [line for line in text.splitlines() if "处 " in line]  # a hit's meta row and snippet
        assert len(rows) >= 2, text
        for row in rows:
            assert "发展" in row, (row, text)


# -- the last query and article are each corpus's own ---------------------------------------
async def test_another_corpus_opens_without_the_last_ones_query(seed_corpus, seed_index, tmp_path, seeds):
    from test_archive_reading import archive
    from tui_helpers import make_app

    data = tmp_path / "data"
    app = make_app(seed_corpus, seed_index, data)  # the seeds: a query typed, an article read
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, "杜小刚")
        await settle(pilot)
        await pilot.press("enter", "enter")
        await settle(pilot)
        opened = app.main_screen.open_article.title
        await wait_for_text(pilot, opened[:8], timeout=10)
        await pilot.press("ctrl+q")
    other = archive(tmp_path, seeds)  # another folder
    app = make_app(other, tmp_path / "cache", data)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        text = await wait_for_text(pilot, f"{len(other.articles)} articles", timeout=10)
        assert "杜小刚" not in text.splitlines()[1], text  # the box: empty
        assert app.main_screen.open_article is None
        await type_text(pilot, "头版")
        await settle(pilot)
        await pilot.press("ctrl+q")
    app = make_app(seed_corpus, seed_index, data)  # the seeds again: their own query and article
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        text = await wait_for_text(pilot, "hits", timeout=10)
        assert "杜小刚" in text.splitlines()[1] and "头版" not in text.splitlines()[1], text
        assert app.main_screen.open_article is not None and app.main_screen.open_article.title == opened
