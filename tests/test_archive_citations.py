"""An article continued across pages is cited as one article: its front part (第1版, 下转第5版)
and its continuation (第5版, 上接第1版) both cite 第1、5版 — GB/T 7714 ``2024-06-07(1, 5)`` —
and a continuation printed without its headline cites the front part's; a continuation the
archive does not have cites the page at hand only. In the core, ``show --quote``, the app's
``y`` and the bookmark exports; on an archive built in a temporary folder."""

from __future__ import annotations

import json

from reader.corpus import load_corpus
from reader.corpus.quote import citation, citer, quote
from reader.corpus.reading import reading_of
from test_archive_layouts import build
from tui_helpers import call, make_app, ready, screen_text, settle, toast_text, wait_until

FRONT = """头版头条会议召开

（高美梅、惠晓婧）

本报讯 6月7日，市委召开会议，研究部署相关工作。会议强调，要坚持

（下转第5版）

转到缺版的文章

本报讯 6月7日，这篇文章转到第8版，本期没有第8版。（下转第8版）

第三篇不转版

本报讯 6月7日，第三篇的内容到此为止。
"""

PAGE5 = """（上接第1版）以人民为中心的发展思想，把各项工作做实做细。(唐芸芸)

本版另一篇文章

本报讯 6月7日，本版的文章，不接别的版。

（上接第1版）这一篇在第1版找不到，只引本版。
"""

PAGE2 = """矢志争创一流

本报讯 6月7日，第2版的文章在第3版接着说

（下转第3版）
"""

PAGE3 = """争创一流的后半篇

（上接第2版）第3版上的后半篇，有自己的标题。
"""

READER_BOTH = "——《头版头条会议召开》，高美梅、惠晓婧、唐芸芸，无锡日报，2024年6月7日，第1、5版"
GBT_BOTH = "高美梅, 惠晓婧, 唐芸芸. 头版头条会议召开[N]. 无锡日报, 2024-06-07(1, 5)."


def archive(tmp_path, seeds):
    return build(tmp_path / "archive", seeds, {
        "无锡日报/2024/06/07/01.txt": FRONT,
        "无锡日报/2024/06/07/05.txt": PAGE5,
        "无锡日报/2024/06/07/02.txt": PAGE2,
        "无锡日报/2024/06/07/03.txt": PAGE3,
        "无锡日报/2024/06/08/01.txt": 0,
    })


def parts(corpus):
    """front, its continuation, the one sent to a missing 第8版, the unlinked one taken up
    on 第5版, 第2版's front part and its headlined continuation on 第3版."""
    by = {(a.source.rsplit("/", 1)[-1], a.order): a for a in corpus.articles if a.issue.day == 7}
    return by[("01.txt", 0)], by[("05.txt", 0)], by[("01.txt", 1)], by[("05.txt", 2)], by[("02.txt", 0)], by[("03.txt", 0)]


def test_both_parts_cite_both_pages_in_both_styles(tmp_path, seeds):
    corpus = load_corpus(archive(tmp_path, seeds))
    reading = reading_of(corpus)
    front, cont, *_ = parts(corpus)
    assert cont.title_inferred and cont.page_no == 5 and front.page_no == 1
    assert reading.parts(front) == reading.parts(cont) == [front, cont]
    for a in (front, cont):
        assert citation(a, reading=reading) == READER_BOTH
        assert citation(a, "gbt7714", reading=reading) == GBT_BOTH
        q = quote(a, 0, style="gbt7714", reading=reading)
        assert q.citation == GBT_BOTH and str(q).endswith("\n" + GBT_BOTH)
    # without the issue order, each part cites its own page, as before
    assert citation(cont, "gbt7714") == f"唐芸芸. {cont.title}[N]. 无锡日报, 2024-06-07(5)."
    assert citation(front) == "——《头版头条会议召开》，高美梅、惠晓婧，无锡日报，2024年6月7日，第1版"


def test_unresolved_continuations_cite_their_own_page_and_consecutive_pages_are_a_range(tmp_path, seeds):
    corpus = load_corpus(archive(tmp_path, seeds))
    reading = reading_of(corpus)
    _, _, to_missing, unlinked, second, headlined = parts(corpus)
    # 下转第8版 of an issue without a 第8版; 上接第1版 that no article on 第1版 sends on: their own page only
    assert citation(to_missing, reading=reading) == "——《转到缺版的文章》，无锡日报，2024年6月7日，第1版"
    assert citation(to_missing, "gbt7714", reading=reading) == "转到缺版的文章[N]. 无锡日报, 2024-06-07(1)."
    assert citation(unlinked, "gbt7714", reading=reading) == f"{unlinked.title}[N]. 无锡日报, 2024-06-07(5)."
    # 第2版 → 第3版: one run of pages, GB/T 7714's 起讫 "2-3"; a continuation with its own headline keeps it
    assert citation(second, "gbt7714", reading=reading) == "矢志争创一流[N]. 无锡日报, 2024-06-07(2-3)."
    assert citation(headlined, "gbt7714", reading=reading) == "争创一流的后半篇[N]. 无锡日报, 2024-06-07(2-3)."
    assert citation(headlined, reading=reading) == "——《争创一流的后半篇》，无锡日报，2024年6月7日，第2、3版"


def test_show_quote_cites_both_pages_of_either_part(capsys, tmp_path, seeds):
    root = archive(tmp_path, seeds)
    front, cont, to_missing, *_ = parts(load_corpus(root))
    for a in (front, cont):
        code, out, err = call(capsys, "show", a.id, "--quote", "1", "--corpus", str(root))
        assert code == 0 and out.splitlines()[1] == READER_BOTH, err
        code, out, err = call(capsys, "show", a.id, "--quote", "1", "--citation", "gbt7714", "--corpus", str(root))
        said = a.paragraphs[0].replace("（下转第5版）", "").replace("（上接第1版）", "")  # (markers are not quoted)
        assert code == 0 and out == f"「{said}」\n{GBT_BOTH}\n", err
        code, out, _ = call(capsys, "show", a.id, "--quote", "1", "--citation", "gbt7714", "--json", "--corpus", str(root))
        shown = json.loads(out)
        assert shown["citation"] == GBT_BOTH and shown["formatted"].endswith(GBT_BOTH)
        # show --json has no citation: each part's "page" is its own 版, as the page prints it
        code, out, _ = call(capsys, "show", a.id, "--json", "--corpus", str(root))
        assert "citation" not in json.loads(out) and json.loads(out)["page"] == a.page_no
    code, out, _ = call(capsys, "show", to_missing.id, "--quote", "1", "--citation", "gbt7714", "--corpus", str(root))
    assert out.splitlines()[1] == "转到缺版的文章[N]. 无锡日报, 2024-06-07(1)."


def test_bookmark_exports_cite_both_pages_of_either_part(capsys, tmp_path, seeds):
    from reader.store import UserStore

    root = archive(tmp_path, seeds)
    front, cont, to_missing, *_ = parts(load_corpus(root))
    store = UserStore(tmp_path / "data")
    for a in (front, cont, to_missing):
        store.add(a, 0)
    store.import_json({"bookmarks": [{"article_id": "gone000000", "paragraph": 1, "quote": "旧文章",
                                      "title": "已删除的文章", "source": "999.txt", "created": 1.0, "updated": 1.0}]})
    store.close()
    where = ["--corpus", str(root), "--data-dir", str(tmp_path / "data")]
    code, md, err = call(capsys, "bookmarks", "export", "--format", "md", *where)
    assert code == 0, err
    lines = md.splitlines()
    assert lines.count(READER_BOTH) == 2  # the front part's bookmark and its continuation's
    assert "——《转到缺版的文章》，无锡日报，2024年6月7日，第1版" in lines
    assert "not in this corpus" in md and not any(line.startswith("——《已删除") for line in lines)
    code, md, _ = call(capsys, "bookmarks", "export", "--format", "md", "--citation", "gbt7714", *where)
    assert md.splitlines().count(GBT_BOTH) == 2
    code, out, _ = call(capsys, "bookmarks", "export", "--format", "json", "--citation", "gbt7714", *where)
    cited = {b["article_id"]: b["citation"] for b in json.loads(out)["bookmarks"]}
    assert cited == {front.id: GBT_BOTH, cont.id: GBT_BOTH, to_missing.id: "转到缺版的文章[N]. 无锡日报, 2024-06-07(1).",
                     "gone000000": None}
    # an export with citations imports as before (the citation is not read back)
    path = tmp_path / "export.json"
    path.write_text(out, "utf-8")
    code, out, _ = call(capsys, "bookmarks", "import", str(path), "--json", "--corpus", str(root),
                        "--data-dir", str(tmp_path / "other"))
    assert code == 0 and json.loads(out)["added"] == 4


def test_citer_answers_none_for_an_article_not_in_the_corpus(tmp_path, seeds):
    corpus = load_corpus(archive(tmp_path, seeds))
    front, cont, *_ = parts(corpus)
    cite = citer(corpus, "gbt7714")
    assert cite(front.id) == cite(cont.id) == GBT_BOTH and cite("nothere000") is None


async def _y_cites_both_pages(tmp_path, seeds, monkeypatch, style: str, cited: str) -> None:
    """y on the front part, then on its continuation, with the settings' citation *style*:
    the notification on screen and the text copied both cite *cited*."""
    (config := tmp_path / "config.toml").write_text(f'citation = "{style}"\n', "utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    corpus = load_corpus(archive(tmp_path, seeds))
    front, cont, *_ = parts(corpus)
    app = make_app(corpus, tmp_path / "cache", tmp_path / "data")
    needle = "".join(cited.split())  # a toast wraps its lines
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        for a in (front, cont):
            app.main_screen.open(a)
            await pilot.pause()
            app.clear_notifications()
            app.copy_to_clipboard("")
            await pilot.press("y")
            await settle(pilot)
            await wait_until(pilot, lambda: needle in "".join(toast_text(screen_text(app)).split()),
                             what=f"the notification citing {cited}")
            assert "".join(toast_text(screen_text(app)).split()).count(needle) == 1
            said = a.paragraphs[0].replace("（下转第5版）", "").replace("（上接第1版）", "")
            assert app.clipboard == f"「{said}」\n{cited}"


async def test_y_cites_both_pages_of_either_part(tmp_path, seeds, monkeypatch):
    await _y_cites_both_pages(tmp_path, seeds, monkeypatch, "reader", READER_BOTH)


async def test_y_cites_both_pages_of_either_part_gbt7714(tmp_path, seeds, monkeypatch):
    await _y_cites_both_pages(tmp_path, seeds, monkeypatch, "gbt7714", GBT_BOTH)


def test_gbt_without_a_paper_names_the_file_for_it_and_quotes_drop_jump_markers(tmp_path, seeds):
    from reader.corpus import load_corpus
    from reader.corpus.quote import citation, quote
    from test_archive_layouts import build

    root = build(tmp_path / "a", seeds, {"2024/06/07/05.txt": 3, "flat.txt": 2})
    corpus = load_corpus(root)
    dated = next(a for a in corpus.articles if a.source == "2024/06/07/05.txt" and a.continued_from)
    cited = citation(dated, "gbt7714")
    assert cited.endswith("[N]. 2024/06/07/05.txt, 2024-06-07(5).")  # the file says where: no paper is named
    flat = next(a for a in corpus.articles if a.source == "flat.txt")
    assert "flat.txt" in citation(flat, "gbt7714")  # nothing else says where: the file
    q = quote(dated, 0)
    assert not q.text.startswith(("（上接", "（续")) and "下转" not in q.text, q.text
