"""Text cut or badly wrapped, as a new user found it (finding 12): the welcome text at 100–119
columns, the filters at 80×24 and 120, the quote toast's path, a wrapped subtitle's second
line, ``reader issue``'s rows, and the position line in full-screen reading. Each asserts
on what is drawn: the Pilot's rendered screen, or the command's output."""

from __future__ import annotations

import re

import pytest

from tui_helpers import call, make_app, ready, screen_lines, screen_segments, settle, type_text, wait_for_screen


def tree_a(root, seeds):
    """The trial's tree A: 无锡日报's issues (two of impossible days) and one 江南晚报 page;
    06/08's 第2版 goes on to 第5版."""
    from test_archive_layouts import build

    first_of_5 = (seeds / sorted(p.name for p in seeds.glob("*.txt"))[1]).read_text("utf-8")
    page2 = (seeds / sorted(p.name for p in seeds.glob("*.txt"))[0]).read_text("utf-8")
    return build(root, seeds, {
        "无锡日报/2024/01/02/01.txt": 0, "无锡日报/2024/02/30/01.txt": 1, "无锡日报/2024/02/31/01.txt": 2,
        "无锡日报/2024/06/07/01.txt": 3, "无锡日报/2024/06/07/02.txt": 4,
        "无锡日报/2024/06/08/02.txt": page2.rstrip() + "\n\n（下转第5版）\n",
        "无锡日报/2024/06/08/05.txt": "（上接第2版）\n\n" + first_of_5, "无锡日报/2024/06/09/01.txt": 2,
        "江南晚报/2024/06/07/02.txt": 3,
    })


def archive_app(tmp_path, seeds):
    from reader.corpus import load_corpus

    return make_app(load_corpus(tree_a(tmp_path / "A", seeds)), tmp_path / "cache", tmp_path / "data")


def rows_in(app, region) -> list[str]:
    """The text drawn inside *region* (a widget's, in cells), row by row."""
    out = []
    for y, row in enumerate(screen_segments(app)):
        if not region.y <= y < region.bottom:
            continue
        x, text = 0, ""
        for seg in row:
            for ch in seg.text:
                from rich.cells import get_character_cell_size

                if region.x <= x < region.right:
                    text += ch
                x += get_character_cell_size(ch)
        out.append(text)
    return out


# -- the welcome text in the empty pane wraps, never clipped -----------------------------------
@pytest.mark.asyncio
@pytest.mark.parametrize("width", [100, 110, 119])
async def test_the_welcome_text_wraps_in_the_pane_at_100_to_119_columns(app, width):
    from reader.tui.widgets.reading_pane import EMPTY_HINT, ReadingPane

    async with app.run_test(size=(width, 30)) as pilot:
        await ready(pilot)
        pane = app.screen.query_one(ReadingPane)
        shown = " ".join(" ".join(r.strip(" │╭╮╰╯─") for r in rows_in(app, pane.region)).split())
        for hint in EMPTY_HINT[1:]:
            assert hint in shown, f"{hint!r} not whole in the pane at {width} columns: {shown!r}"


# -- F3 at 80×24 and at 120: dates and names whole, page files with their paper and date -------
@pytest.mark.asyncio
async def test_the_filters_show_dates_names_and_page_files_whole_at_80x24(tmp_path, seeds):
    app = archive_app(tmp_path, seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f3")
        shown = await wait_for_screen(pilot, "Page (12)")
        lines = shown.splitlines()
        for whole in ("惠晓婧", "无锡日报", "江南晚报", "2024年6月", "2024年6月7日", "2024年6月2日至5日", "2023年12月27日"):
            assert re.search(rf"│  {whole} {{1,2}}\d+[ │]", shown), f"{whole!r} cut:\n{shown}"
        files = [m for ln in lines for m in re.findall(r"[无江]\S*?/\d\d/\d\d/\d\d {1,2}\d", ln)]
        assert len(files) >= 8, shown  # every visible page file: its paper's first glyph, its whole date
        assert all(re.match(r"[无江](…|锡日报/|南晚报/)(20)?24/\d\d/\d\d/\d\d {1,2}\d", f) for f in files), files
        assert not re.search(r"\d{4}年\d{1,2}…|无锡…\d|202…", shown), shown


@pytest.mark.asyncio
async def test_the_filters_at_120_columns_show_page_files_whole(tmp_path, seeds):
    app = archive_app(tmp_path, seeds)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await pilot.press("f3")
        shown = await wait_for_screen(pilot, "Page (12)")
        for name in ("无锡日报/2024/01/02/01  4", "无锡日报/2024/06/08/05  5", "江南晚报/2024/06/07/02  2"):
            assert name in shown, f"{name!r} not whole:\n{shown}"
        assert "/…" not in shown, shown


def test_page_files_shorten_keeping_paper_and_date():
    from reader.tui.wrap import cells, shorten_path

    path = "无锡日报/2024/01/02/01.txt"
    assert shorten_path(path, 30) == path
    assert shorten_path(path, 22) == "无锡日报/2024/01/02/01"  # .txt first
    assert shorten_path("旧档/无锡日报/2024/01/02/01.txt", 26) == "…/无锡日报/2024/01/02/01"  # then the folders above
    assert shorten_path(path, 19) == "无锡…/2024/01/02/01"  # then the paper's name, from its end
    assert shorten_path(path, 16) == "无…2024/01/02/01"  # its first glyph kept to the last
    assert shorten_path(path, 14) == "无…24/01/02/01"  # then the century
    flat = shorten_path("000_1da50ff15a4639bc.txt", 14)  # no paper, no date: its start and end
    assert flat.startswith("000_") and flat.endswith("639bc") and "…" in flat
    for width in range(4, 30):
        assert cells(shorten_path(path, width)) <= width


# -- y: the toast's file path breaks after a slash, not after the first one -------------------
@pytest.mark.asyncio
async def test_the_quote_toast_keeps_the_saved_path_together(tmp_path, seeds):
    app = archive_app(tmp_path, seeds)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        from reader.tui.widgets.reading_pane import ReadingPane

        await ready(pilot)
        await pilot.press("enter")  # to the list (focus moves by message)
        await pilot.pause()
        await pilot.press("enter")  # the first article
        await settle(pilot)
        app.screen.query_one(ReadingPane).focus()
        await pilot.pause()
        await pilot.press("y")
        shown = await wait_for_screen(pilot, "saved to")
        rows = [ln.split("▌", 1)[1].strip(" │") for ln in shown.splitlines() if "▌" in ln]
        assert not any(r.endswith("saved to /") or r == "/" or r.startswith("tmp/") for r in rows), rows
        saved = str(tmp_path / "data")
        at = next(k for k, r in enumerate(rows) if r.endswith("saved to") or "saved to /" in r)
        path = "".join(rows[at:at + 4]).split("saved to", 1)[1].strip()
        assert path.startswith(saved), rows[at:at + 4]
        for r in rows[at + 1:at + 3]:  # a line of the path begins with "/" or a name after one
            assert r.startswith("/") or rows[rows.index(r) - 1].endswith("/"), rows[at:at + 4]


# -- a wrapped subtitle's second line starts under the first, not a space after it ------------
@pytest.mark.asyncio
async def test_a_wrapped_subtitle_line_starts_at_the_margin(app):
    from reader.tui.widgets.reading_pane import ReadingPane

    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await type_text(pilot, "title:市委常委会召开会议")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        pane = app.screen.query_one(ReadingPane)
        await wait_for_screen(pilot, "研究部署相关工作")
        rows = rows_in(app, pane.region)
        title = next(r for r in rows if r.startswith("│") and "市委常委会召开会议" in r)
        second = next(r for r in rows if r.strip(" │").startswith("研究部署相关工作"))
        margin = len(title) - len(title.lstrip(" │"))
        assert len(second) - len(second.lstrip(" │")) == margin, rows


# -- reader issue: titles wrap under themselves, 上接第N版 whole, no stray … ---------------------
@pytest.mark.parametrize("columns", [40, 60, 80])
def test_reader_issue_rows_hang_under_their_titles(capsys, tmp_path, seeds, monkeypatch, columns):
    from rich.cells import cell_len

    root = tree_a(tmp_path / "A", seeds)
    monkeypatch.setenv("COLUMNS", str(columns))
    code, out, err = call(capsys, "issue", "2024-06-08", "--corpus", str(root), "--cache-dir", str(tmp_path / "c"))
    assert code == 0, err
    lines = out.splitlines()
    assert all(cell_len(ln) <= columns for ln in lines), lines
    assert not any(ln.strip() in ("…", "") or ln.lstrip().startswith("…") for ln in lines), lines
    assert any("上接第2版" in ln for ln in lines), lines
    for k, ln in enumerate(lines[2:], start=2):
        if ln.startswith("第"):
            assert re.search(r"(无锡日报|无锡…|无…)/?(2024/)?06/08/0\d", ln) or columns < 40, ln  # its file, paper and date kept
            continue
        if not re.match(r"  [0-9a-f]{10}  ", ln):  # a title's next line: under the title, after the id
            assert ln.startswith(" " * 14) and ln[14] != " ", lines[k - 1:k + 1]
    titles = "".join(ln[14:] for ln in lines if ln.startswith("  ")).replace("  上接第2版", "")
    assert "市委常委会会议专题研究部署学习弘扬延安精神、深化对口协作合作相关工作" in titles, lines


# -- z: full-screen reading keeps the position line -----------------------------------------
@pytest.mark.asyncio
async def test_full_screen_reading_shows_the_position_line_at_80x24(tmp_path, seeds):
    app = archive_app(tmp_path, seeds)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await type_text(pilot, "source:06/08/02")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("G")  # the page's last article, which goes on to 第5版
        await pilot.press("enter")
        await wait_for_screen(pilot, "下转第5版")
        await pilot.press("z")
        shown = await wait_for_screen(pilot, "Next match")
        lines = shown.splitlines()
        assert "搜索" not in shown  # full screen: no box, no list
        assert re.search(r"2024-06-08 · 第2版 \d+/\d+ · 下转第5版", lines[-2]), lines[-3:]
