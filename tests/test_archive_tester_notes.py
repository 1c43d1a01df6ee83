"""What a brand-new user met trying an archive: the pane's meta line of a multi-section
article, full quotes in bookmark exports, F5's toast after odd pages."""

from __future__ import annotations

from reader.corpus import load_corpus
from test_archive_layouts import build
from tui_helpers import make_app, ready, settle, type_text, wait_for_text

ONE_PAGE = "春季田间管理有序推进\n\n本报讯 连日来，我市各地抓住晴好天气，组织农户开展春季田间管理。\n"
WX = {"无锡日报/2024/06/07/01.txt": 0, "无锡日报/2024/06/07/02.txt": 1, "无锡日报/2024/06/08/01.txt": 2,
      "无锡日报/2024/06/08/02.txt": 3, "无锡日报/2024/06/08/03.txt": 4}


async def test_a_multi_section_article_shows_its_meta_line_in_the_pane(tmp_path, seeds):
    root = build(tmp_path / "wx", seeds, WX)
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, "title:奋楫")
        await settle(pilot)
        await pilot.press("enter", "enter")  # to the list, open the hit
        await settle(pilot)
        text = await wait_for_text(pilot, "——市委十四届六次全会侧记")
        text = await wait_for_text(pilot, "本报记者 · 无锡日报 2024-06-08 第3版")
        lines = text.splitlines()
        meta = next(i for i, l in enumerate(lines) if "本报记者 · 无锡日报 2024-06-08 第3版" in l)
        heading = next(i for i, l in enumerate(lines) if "加快培育新质生产力" in l)
        assert meta < heading  # under the title, before the first section


def test_bookmark_exports_quote_the_whole_paragraph(capsys, tmp_path, seed_corpus):
    import json
    import sqlite3

    from reader.store import UserStore
    from tui_helpers import call

    article = next(a for a in seed_corpus.articles if a.title.startswith("锚定新目标"))
    whole = article.paragraphs[0]
    assert len(whole) > 160
    data = ["--data-dir", str(tmp_path / "data")]
    store = UserStore(tmp_path / "data")
    store.add(article, 0)
    store.close()
    code, out, err = call(capsys, "bookmarks", "export", "--format", "md", *data)
    assert code == 0, err
    assert f"> {whole}\n" in out and "…" not in out
    # a bookmark saved by an older reader kept 160 characters: the export still quotes it whole
    with sqlite3.connect(tmp_path / "data" / "reader.sqlite3") as db:
        db.execute("UPDATE bookmarks SET quote = ?", (whole[:159] + "…",))
    code, out, err = call(capsys, "bookmarks", "export", "--format", "md", *data)
    assert f"> {whole}\n" in out and "…" not in out
    code, out, err = call(capsys, "bookmarks", "list", "--json", *data)
    assert json.loads(out)[0]["quote"] == whole
    code, out, err = call(capsys, "bookmarks", "export", "--format", "json", *data)
    assert json.loads(out)["bookmarks"][0]["quote"] == whole
    code, out, err = call(capsys, "bookmarks", "list", *data)
    assert whole[:60] + "…" in out  # the list keeps its short form


def test_a_bookmark_of_another_corpus_says_where_it_was_made(capsys, tmp_path, seeds):
    import json

    from reader.store import UserStore
    from tui_helpers import call

    root = build(tmp_path / "wx", seeds, WX)
    corpus = load_corpus(root, tmp_path / "cache")
    article = next(a for a in corpus.articles if a.title.startswith("锚定新目标"))
    data = ["--data-dir", str(tmp_path / "data")]
    store = UserStore(tmp_path / "data")
    store.add(article, 0, corpus=root)
    store.close()
    elsewhere = f"saved in {root.resolve()}: --corpus {root.resolve()} to export it with its citation"
    code, out, err = call(capsys, "bookmarks", "export", "--format", "md", *data)  # on the bundled seeds
    assert code == 0, err
    assert "no longer" not in out
    assert f"— not in this corpus (the bundled seeds, {seeds.resolve()}); {elsewhere}" in out
    code, out, err = call(capsys, "bookmarks", "list", *data)
    assert f"[not in this corpus (the bundled seeds, {seeds.resolve()}); {elsewhere}]" in out
    [listed] = json.loads(call(capsys, "bookmarks", "list", "--json", *data)[1])
    assert listed["missing"] is True and listed["saved_in"] == str(root.resolve())
    # in its own corpus it is cited, and flagged nowhere
    code, out, err = call(capsys, "bookmarks", "export", "--format", "md", "--corpus", str(root), *data)
    assert "——《锚定新目标，奋楫再出发》" in out and "not in this corpus" not in out


async def test_f5_warns_of_an_impossible_date_once_by_the_page_s_path(tmp_path, seeds):
    from tui_helpers import screen_text

    root = build(tmp_path / "wx", seeds, WX)
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        build(root, seeds, {"无锡日报/2024/02/30/01.txt": ONE_PAGE})
        await pilot.press("escape", "f5")
        text = await wait_for_text(pilot, "Archive updated")
        text = await wait_for_text(pilot, "无锡日报/2024/02/30/01.txt: impossible date 2024/02/30:")  # (wrapped)
        assert "Reading the archive: 1 warning" in text and "skipped" not in text
        app.clear_notifications()
        build(root, seeds, {"无锡日报/2024/06/09/01.txt": ONE_PAGE.replace("春季", "夏季")})
        await pilot.press("f5")
        text = await wait_for_text(pilot, "Archive updated")
        await settle(pilot)
        text = screen_text(app)
        assert "impossible date" not in text and "Reading the archive" not in text  # said once


def test_the_cli_names_an_impossible_date_s_page_by_its_path(capsys, tmp_path, seeds):
    from tui_helpers import call

    root = build(tmp_path / "wx", seeds, {**WX, "无锡日报/2024/02/30/01.txt": ONE_PAGE})
    code, out, err = call(capsys, "--corpus", str(root), "list")
    assert code == 0, err
    assert "warning: 无锡日报/2024/02/30/01.txt: impossible date 2024/02/30: the page is undated" in err


async def test_f5_counts_the_pages_it_loaded_and_says_a_skipped_one(tmp_path, seeds):
    root = build(tmp_path / "wx", seeds, WX)
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        await wait_for_text(pilot, "wx/ (5 pages)")
        build(root, seeds, {"无锡日报/2024/06/08/1.txt": 2, "无锡日报/2024/06/09/01.txt": 1})  # 1.txt: 01.txt again
        await pilot.press("escape", "f5")
        text = await wait_for_text(pilot, "Archive updated")
        assert "1 page added, 1 page skipped" in text and "2 pages added" not in text
        await wait_for_text(pilot, "wx/ (6 pages)")


def test_a_page_copied_into_another_issue_is_kept_and_the_repeat_at_its_place_skipped(capsys, tmp_path, seeds):
    from tui_helpers import call

    copy = "无锡日报/2024/06/09/01.txt"
    root = build(tmp_path / "wx", seeds, {**WX, copy: 2, "无锡日报/2024/06/08/1.txt": 2})
    code, out, err = call(capsys, "--corpus", str(root), "issues")
    assert code == 0, err
    assert "2024-06-09" in out  # loaded, as a page of its own issue
    assert "warning: 无锡日报/2024/06/08/1.txt: skipped: the same text as 无锡日报/2024/06/08/01.txt" in err
    assert err.count("the same text as") == 1  # the copy in another issue is a page of its own


def test_the_readme_says_what_happens_to_a_repeated_page():
    from pathlib import Path

    readme = " ".join((Path(__file__).parent.parent / "README.md").read_text("utf-8").split())
    assert "The same text at another place (a page copied into another issue, or onto another 版) is loaded" in readme


async def test_a_bookmark_made_in_the_app_knows_its_corpus(capsys, tmp_path, seeds):
    from tui_helpers import call

    root = build(tmp_path / "wx", seeds, WX)
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        await type_text(pilot, "title:奋楫")
        await settle(pilot)
        await pilot.press("enter", "enter")
        await wait_for_text(pilot, "本报记者 · 无锡日报 2024-06-08 第3版")
        await pilot.press("b")
        await wait_for_text(pilot, "Bookmarked")
    code, out, err = call(capsys, "bookmarks", "list", "--data-dir", str(tmp_path / "data"))  # on the seeds
    assert f"saved in {root.resolve()}: --corpus {root.resolve()} to export it with its citation" in out
