"""Bookmarks say which paper, issue and 版 their article is of (the B screen, ``bookmarks
list`` and its JSON); a GB/T 7714 citation of an undated page is never malformed; the year
facet's counts add up to the hits (no year: "undated") and a day that is a range is one
facet value, shown whole; ``show --json`` says where an article comes from and goes on.
On archives built from the seed pages in temporary folders."""

from __future__ import annotations

import json

from reader.corpus import load_corpus
from reader.corpus.quote import citation
from reader.corpus.reading import reading_of
from test_archive_citations import archive, parts
from test_archive_layouts import build
from tui_helpers import call, make_app, ready, screen_text, settle, toast_text, type_text, wait_for_screen, wait_until

TITLE = "中国诚通高层来锡考察"  # seed 1, datelined 8月12日


def two_issues(tmp_path, seeds):
    """Seed 1 as 第2版 of two issues of 无锡日报 and of an impossible date (an undated page);
    seed 2 (赵建军…, dated 6月2日至5日) as 第3版 of the 2024-06-07 issue."""
    return build(tmp_path / "archive", seeds, {
        "无锡日报/2024/01/02/02.txt": 1,
        "无锡日报/2024/06/07/02.txt": 1,
        "无锡日报/2024/06/07/03.txt": 2,
        "无锡日报/2024/02/30/02.txt": 1,
    })


def bookmarked(tmp_path, root):
    """The data dir with a bookmark on TITLE's ¶1 in each issue, and one of an article the
    corpus does not have (imported): its saved date label is all there is."""
    from reader.store import UserStore

    corpus = load_corpus(root)
    marks = [a for a in corpus.articles if a.title == TITLE and a.issue is not None]
    store = UserStore(tmp_path / "data")
    for a in marks:
        store.add(a, 0)
    store.import_json({"bookmarks": [{"article_id": "gone000000", "paragraph": 1, "quote": "旧文章", "title": TITLE,
                                      "source": "999.txt", "date": "2023年8月12日", "created": 1.0, "updated": 1.0}]})
    store.close()
    return tmp_path / "data"


# -- 11: bookmarks name paper, issue and 版 -------------------------------------------------
def test_bookmarks_list_names_each_bookmarks_paper_issue_and_page(capsys, tmp_path, seeds):
    root = two_issues(tmp_path, seeds)
    where = ["--corpus", str(root), "--data-dir", str(bookmarked(tmp_path, root))]
    code, out, err = call(capsys, "bookmarks", "list", *where)
    assert code == 0, err
    heads = [line for line in out.splitlines() if TITLE in line]
    assert len(heads) == 3
    assert sum(f"{TITLE} ¶1 · 无锡日报 2024-01-02 第2版 · 2023年8月12日" in h for h in heads) == 1
    assert sum(f"{TITLE} ¶1 · 无锡日报 2024-06-07 第2版 · 2023年8月12日" in h for h in heads) == 1
    gone = next(h for h in heads if "not in this corpus" in h)
    assert f"{TITLE} ¶1 · 2023年8月12日" in gone  # the date it was saved with

    code, out, err = call(capsys, "bookmarks", "list", "--json", *where)
    assert code == 0, err
    got = {(b["paper"], b["issue"], b["page"], b["date"], b["date_label"], b["missing"]) for b in json.loads(out)}
    # dates as list --json writes them; the article not in the corpus keeps its saved label
    assert got == {("无锡日报", "2024-01-02", 2, "2023-08-12", "2023年8月12日", False),
                   ("无锡日报", "2024-06-07", 2, "2023-08-12", "2023年8月12日", False),
                   (None, None, None, "2023年8月12日", "2023年8月12日", True)}
    listed = {a["id"]: a for a in json.loads(call(capsys, "list", "--json", "--corpus", str(root))[1])}
    for b in json.loads(out):
        if not b["missing"]:
            a = listed[b["article_id"]]
            assert (b["paper"], b["issue"], b["page"], b["date"]) == (a["paper"], a["issue"], a["page"], a["date"])


async def test_bookmarks_screen_names_paper_issue_and_page(tmp_path, seeds):
    root = two_issues(tmp_path, seeds)
    data = bookmarked(tmp_path, root)
    app = make_app(load_corpus(root), tmp_path / "cache", data)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("escape")
        await pilot.press("B")
        shown = await wait_for_screen(pilot, "3 of 3 bookmarks")
        rows = [line for line in shown.splitlines() if "¶1" in line]
        assert len(rows) == 3, shown
        assert sum("无锡日报 2024-01-02 第2版 · 2023年8月12日" in r for r in rows) == 1, shown
        assert sum("无锡日报 2024-06-07 第2版" in r for r in rows) == 1, shown
        assert sum("[not in this corpus]" in r and "2023年8月12日" in r for r in rows) == 1, shown
    app = make_app(load_corpus(root), tmp_path / "cache", data)
    async with app.run_test(size=(80, 24)) as pilot:  # narrow: the title is cut, never the place
        await ready(pilot)
        await pilot.press("escape")
        await pilot.press("B")
        shown = await wait_for_screen(pilot, "3 of 3 bookmarks")
        assert "无锡日报 2024-01-02 第2版" in shown and "无锡日报 2024-06-07 第2版" in shown, shown


# -- 13: GB/T 7714 of an undated page; facets -----------------------------------------------
GBT_UNDATED = f"惠晓婧. {TITLE}[N]. 无锡日报, [出版日期不详](2)."


def test_gbt7714_of_an_undated_page_says_the_date_is_unknown(capsys, tmp_path, seeds):
    root = two_issues(tmp_path, seeds)
    flat = build(tmp_path / "flat", seeds, {"2024-02-30-A03.txt": 1, "wxrb_20240230_02.txt": 1})
    corpus = load_corpus(root)
    undated = next(a for a in corpus.articles if a.title == TITLE and a.issue is None)
    assert undated.paper == "无锡日报" and undated.page_no == 2
    assert citation(undated, "gbt7714", reading_of(corpus)) == GBT_UNDATED
    code, out, err = call(capsys, "show", undated.id, "--quote", "1", "--citation", "gbt7714", "--corpus", str(root))
    assert code == 0 and out.splitlines()[1] == GBT_UNDATED, err
    by_file = {a.source: a for a in load_corpus(flat).articles if a.title == TITLE}
    # no paper named either: the file stands where the paper's name would, with its 版
    assert citation(by_file["2024-02-30-A03.txt"], "gbt7714") == f"惠晓婧. {TITLE}[N]. 2024-02-30-A03.txt, [出版日期不详](3)."
    assert citation(by_file["wxrb_20240230_02.txt"], "gbt7714") == f"惠晓婧. {TITLE}[N]. wxrb, [出版日期不详](2)."
    # never a paper's name (or the file in its place) followed straight by its 版 (无锡日报(2).)
    for a in [*corpus.articles, *by_file.values()]:
        cited = citation(a, "gbt7714")
        assert not any(f"{p}(" in cited for p in ("无锡日报", "wxrb", ".txt")), cited
        assert "[N]. (" not in cited and "[N]. ." not in cited, cited


async def test_y_copies_a_whole_gbt7714_reference_of_an_undated_page(tmp_path, seeds, monkeypatch):
    (config := tmp_path / "config.toml").write_text('citation = "gbt7714"\n', "utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    corpus = load_corpus(two_issues(tmp_path, seeds))
    undated = next(a for a in corpus.articles if a.title == TITLE and a.issue is None)
    app = make_app(corpus, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        app.main_screen.open(undated)
        await pilot.pause()
        app.clear_notifications()
        await pilot.press("y")
        await settle(pilot)
        needle = "".join(GBT_UNDATED.split())
        await wait_until(pilot, lambda: needle in "".join(toast_text(screen_text(app)).split()),
                         what="the notification citing the undated page")
        assert app.clipboard.endswith("\n" + GBT_UNDATED)


def test_year_facets_add_up_to_the_hits_and_a_range_is_one_day_value(capsys, tmp_path, seeds):
    root = two_issues(tmp_path, seeds)
    where = ["--corpus", str(root), "--cache-dir", str(tmp_path / "cache"), "--data-dir", str(tmp_path / "data")]
    code, out, err = call(capsys, "search", "无锡", "--facets", "--json", *where)
    assert code == 0, err
    found = json.loads(out)
    years = {f["label"]: f["count"] for f in found["facets"]["year"]}
    assert sum(years.values()) == found["total"], years  # the undated page's 8月12日 has no year
    on_undated_page = [a for a in load_corpus(root).articles if a.issue is None and any("无锡" in t for t in a.texts())]
    assert years["no year"] == sum(a.date is not None for a in on_undated_page) > 0
    assert years.get("undated", 0) == sum(a.date is None for a in on_undated_page)
    days = {f["label"]: f for f in found["facets"]["date"]}
    assert "2024年6月2日至5日" in days and "2024年6月2日" not in days, sorted(days)
    for f in (days["2024年6月2日至5日"], *(f for f in found["facets"]["year"] if f["value"] in ("undated", "noyear"))):
        code, out, err = call(capsys, "search", "无锡", f["query"], "--json", "--limit", "0", *where)
        assert code == 0 and len(json.loads(out)) == f["count"], (f, err)
    code, out, _ = call(capsys, "search", "无锡", "--facets", *where)  # the text listing alike
    assert "2024年6月2日至5日" in out and "date:2024-06-02/2024-06-05" in out
    # the list rows show the range whole (reader list, as the app's list below)
    code, out, _ = call(capsys, "list", "--corpus", str(root))
    assert "2024年6月2日至5日" in out


async def test_filters_show_the_undated_and_the_range_and_the_list_shows_the_range(tmp_path, seeds):
    root = two_issues(tmp_path, seeds)
    app = make_app(load_corpus(root), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, "赵建军")
        await settle(pilot)
        shown = await wait_for_screen(pilot, "2024年6月2日至5日 · 无锡日报 第3版")  # the list row
        await pilot.press("f3")
        shown = await wait_for_screen(pilot, "Date (")
        corpus = app.corpus
        hits = [a for a in corpus.articles if "赵建军" in "".join(a.texts())]
        undated = sum(a.date is None for a in hits)
        yearless = sum(a.date is not None and a.date.year is None for a in hits)
        dated = {y: sum(a.date is not None and a.date.year == y for a in hits) for y in (2023, 2024)}
        assert yearless and f"no year  {yearless}" in shown, shown
        assert not undated or f"undated  {undated}" in shown, shown
        for y, n in dated.items():
            if n:
                assert f"{y}年  {n}" in shown, shown
        assert "2024年6月2日至5日  1" in shown, shown


# -- 14: show --json says where the article comes from and goes on ---------------------------
def test_show_json_gives_the_continuation_both_ways(capsys, tmp_path, seeds):
    root = archive(tmp_path, seeds)
    front, cont, to_missing, unlinked, *_ = parts(load_corpus(root))

    def shown(a):
        code, out, err = call(capsys, "show", a.id, "--json", "--corpus", str(root))
        assert code == 0, err
        data = json.loads(out)
        return data["comes_from"], data["goes_on"]

    assert shown(front) == (None, {"page": 5, "id": cont.id, "page_found": True})
    assert shown(cont) == ({"page": 1, "id": front.id, "page_found": True}, None)
    assert shown(to_missing) == (None, {"page": 8, "id": None, "page_found": False})  # no 第8版 in the issue
    assert shown(unlinked) == ({"page": 1, "id": None, "page_found": True}, None)  # nothing on 第1版 sends it on
    plain = next(a for a in load_corpus(root).articles if a.continued_from is None and a.continues_to is None)
    assert shown(plain) == (None, None)
