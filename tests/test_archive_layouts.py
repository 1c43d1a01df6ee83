"""Archives, not folders: papers, issues, pages (版次, 版名) and full dates, recognised from
trees built in temporary folders out of the seed pages."""

from __future__ import annotations

import json
import os
from datetime import date

import pytest

from reader.corpus import CorpusError, load_corpus
from reader.corpus.layout import PagePlace, compile_layout, LayoutError, page_header, place_from_path

SEED_NAMES = ["000_1da50ff15a4639bc.txt", "001_2c0a0f2cccb9818b.txt", "002_ee7dceab59559e6c.txt",
              "003_97f06f6a0800c661.txt", "004_8f21bd2acd7777d7.txt"]


def build(root, seeds, pages: dict[str, int | str], header: dict[str, str] | None = None):
    """Lay out *pages* (relative path → seed index, or literal text) under *root*."""
    for rel, which in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = which if isinstance(which, str) else (seeds / SEED_NAMES[which]).read_text("utf-8")
        if header and rel in header:
            text = header[rel] + "\n\n" + text
        path.write_text(text, "utf-8")
    return root


def places(corpus) -> dict[str, tuple]:
    out = {}
    for a in corpus.articles:
        out.setdefault(a.source, (a.paper, a.issue.isoformat() if a.issue else None, a.page_no, a.page_name))
    return out


# -- each layout ----------------------------------------------------------------------------
LAYOUTS = [
    # relative path, expected (paper, issue, 版次, 版名)
    ("2024/06/07/01.txt", (None, "2024-06-07", 1, None)),
    ("2024/0607/3.txt", (None, "2024-06-07", 3, None)),
    ("202406/07/A03.txt", (None, "2024-06-07", 3, None)),
    ("2024-06-07/第3版.txt", (None, "2024-06-07", 3, None)),
    ("20240607/03_要闻.txt", (None, "2024-06-07", 3, "要闻")),
    ("20240607/第03版：要闻.txt", (None, "2024-06-07", 3, "要闻")),
    ("wxrb/2024/06/07/02.txt", ("wxrb", "2024-06-07", 2, None)),
    ("无锡日报/2024-06-07/第4版：综合.txt", ("无锡日报", "2024-06-07", 4, "综合")),
    ("wxrb_20240607_03.txt", ("wxrb", "2024-06-07", 3, None)),
    ("2024-06-07-A03.txt", (None, "2024-06-07", 3, None)),
    ("wxrb/wxrb_20240607_05.txt", ("wxrb", "2024-06-07", 5, None)),
    ("wxrb/2024/6/7/7.txt", ("wxrb", "2024-06-07", 7, None)),
]


@pytest.mark.parametrize("rel,expected", LAYOUTS, ids=[r for r, _ in LAYOUTS])
def test_each_layout_on_a_tree_of_seed_pages(tmp_path, seeds, rel, expected):
    corpus = load_corpus(build(tmp_path, seeds, {rel: 2}))
    assert corpus.warnings == []
    assert places(corpus) == {rel: expected}
    assert [a.title for a in corpus.articles] == [a.title for a in load_corpus(seeds).articles if a.source == SEED_NAMES[2]]


def test_header_line_gives_the_page_when_the_path_has_none(tmp_path, seeds):
    corpus = load_corpus(build(tmp_path, seeds, {"2024/06/07/front.txt": 2, "2024/06/07/b.txt": 3},
                               header={"2024/06/07/front.txt": "第03版：要闻", "2024/06/07/b.txt": "A4版 专题"}))
    assert places(corpus) == {"2024/06/07/front.txt": (None, "2024-06-07", 3, "要闻"),
                              "2024/06/07/b.txt": (None, "2024-06-07", 4, "专题")}
    titles = {a.title for a in corpus.articles}
    assert "第03版：要闻" not in titles and "A4版 专题" not in titles  # a header, not an article
    # the path wins over the header
    corpus = load_corpus(build(tmp_path / "x", seeds, {"2024/06/07/05.txt": 2}, header={"2024/06/07/05.txt": "第03版：要闻"}))
    assert places(corpus)["2024/06/07/05.txt"][2:] == (5, None)  # (a header of another page names nothing)
    # a header of the page the path names gives its name
    corpus = load_corpus(build(tmp_path / "y", seeds, {"2024/06/07/03.txt": 2}, header={"2024/06/07/03.txt": "第03版：要闻"}))
    assert places(corpus)["2024/06/07/03.txt"][2:] == (3, "要闻")


def test_recognisers_say_nothing_of_an_export_serial():
    for name in SEED_NAMES:
        assert place_from_path(name) == (PagePlace(), None)
    assert page_header("市委常委会召开会议") is None
    assert page_header("第03版：要闻") == PagePlace(page=3, page_name="要闻")


def test_subfolders_recursively_hidden_and_other_files_skipped_silently(tmp_path, seeds):
    build(tmp_path, seeds, {"a/b/c/d/01.txt": 0, ".git/x.txt": 1, "a/.hidden.txt": 1, "a/notes.md": 1,
                            "a/scan.pdf": 1, "top.txt": 3})
    corpus = load_corpus(tmp_path)
    assert corpus.warnings == []
    assert sorted(f.name for f in corpus.files) == ["a/b/c/d/01.txt", "top.txt"]


def test_symlink_loops_warned_once(tmp_path, seeds):
    build(tmp_path, seeds, {"2024/06/07/01.txt": 0, "2024/06/08/01.txt": 1})
    (tmp_path / "2024" / "loop").symlink_to(tmp_path / "2024")
    (tmp_path / "2024" / "06" / "back").symlink_to(tmp_path)
    corpus = load_corpus(tmp_path)
    assert sorted(f.name for f in corpus.files) == ["2024/06/07/01.txt", "2024/06/08/01.txt"]
    assert sorted(corpus.warnings) == [
        "2024/06/back/: skipped: a folder already read (a symlink loop?)",
        "2024/loop/: skipped: a folder already read (a symlink loop?)",
    ]


def test_unreadable_folders_warned_once(tmp_path, seeds, monkeypatch):
    build(tmp_path, seeds, {"2024/06/07/01.txt": 0, "locked/01.txt": 3})
    real = os.scandir

    def scandir(path="."):  # as for a folder of mode 0 (root reads any, so it is simulated)
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    corpus = load_corpus(tmp_path)
    assert [f.name for f in corpus.files] == ["2024/06/07/01.txt"]
    assert corpus.warnings == ["locked/: skipped: Permission denied"]


# -- reader.toml ----------------------------------------------------------------------------
def test_reader_toml_names_the_paper_and_gives_a_pattern(tmp_path, seeds):
    build(tmp_path, seeds, {"wx/y2024/m06d07/p03.txt": 2, "wx/y2024/m06d08/p01.txt": 3, "other/2024/06/09/02.txt": 4})
    (tmp_path / "reader.toml").write_text('paper = "无锡日报"\nlayout = "{*}/y{yyyy}/m{mm}d{dd}/p{page}.txt"\n', "utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.warnings == []
    assert places(corpus) == {
        "wx/y2024/m06d07/p03.txt": ("无锡日报", "2024-06-07", 3, None),
        "wx/y2024/m06d08/p01.txt": ("无锡日报", "2024-06-08", 1, None),
        "other/2024/06/09/02.txt": ("other", "2024-06-09", 2, None),  # not the pattern: recognised
    }


@pytest.mark.parametrize("pattern,message", [
    ("{paper}/{yyyy}/{mm}{dd}/{pge}.txt", "unknown placeholder {pge}"),
    ("{paper}/{yyyy/{mm}{dd}.txt", "unbalanced brace"),
    ("pages/page.txt", "has no placeholder"),
    ("{yyyy}/{mm}.txt", "go together"),
    ("{page}/{page}.txt", "appears twice"),
])
def test_a_bad_layout_pattern_is_a_clear_error(tmp_path, seeds, pattern, message):
    build(tmp_path, seeds, {"01.txt": 0})
    (tmp_path / "reader.toml").write_text(f"layout = {json.dumps(pattern, ensure_ascii=False)}\n", "utf-8")
    with pytest.raises(CorpusError, match=f"reader.toml: layout .*{message}"):
        load_corpus(tmp_path)
    with pytest.raises(LayoutError):
        compile_layout(pattern)


def test_a_bad_reader_toml_is_a_clear_error(tmp_path, seeds):
    build(tmp_path, seeds, {"01.txt": 0})
    (tmp_path / "reader.toml").write_text("layout = [", "utf-8")
    with pytest.raises(CorpusError, match="reader.toml: not valid TOML"):
        load_corpus(tmp_path)


# -- manifests ------------------------------------------------------------------------------
def test_csv_manifest_gives_the_seeds_their_places_and_wins_over_the_path(tmp_path, seeds):
    build(tmp_path, seeds, {SEED_NAMES[0]: 0, SEED_NAMES[1]: 1, "2024/06/07/05.txt": 2})
    (tmp_path / "pages.csv").write_text(
        "path,paper,date,page,page_name\n"
        f"{SEED_NAMES[0]},无锡日报,2024-09-05,1,要闻\n"
        f"{SEED_NAMES[1]},无锡日报,2022-08-13,,\n"
        "2024/06/07/05.txt,江南晚报,2024-06-08,3,\n"
        "missing.txt,无锡日报,2024-01-01,1,\n"
        f"{SEED_NAMES[1]}x,,,,\n", "utf-8")
    corpus = load_corpus(tmp_path)
    assert places(corpus) == {
        SEED_NAMES[0]: ("无锡日报", "2024-09-05", 1, "要闻"),
        SEED_NAMES[1]: ("无锡日报", "2022-08-13", None, None),
        "2024/06/07/05.txt": ("江南晚报", "2024-06-08", 3, None),  # the row wins over the path
    }
    assert corpus.warnings == ["pages.csv line 5: missing.txt: no such page file",
                               f"pages.csv line 6: {SEED_NAMES[1]}x: no such page file"]


def test_jsonl_manifest_bad_rows_one_warning_each(tmp_path, seeds):
    build(tmp_path, seeds, {SEED_NAMES[0]: 0, SEED_NAMES[2]: 2})
    rows = [{"path": SEED_NAMES[0], "paper": "无锡日报", "date": "2024-02-30", "page": 2},
            {"path": SEED_NAMES[2], "date": "2024-06-07", "page": "第1版"}, "not a row"]
    (tmp_path / "pages.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{oops\n", "utf-8")
    corpus = load_corpus(tmp_path)
    assert places(corpus) == {SEED_NAMES[0]: ("无锡日报", None, 2, None), SEED_NAMES[2]: (None, "2024-06-07", 1, None)}
    assert corpus.warnings == [f"pages.jsonl line 1: {SEED_NAMES[0]}: impossible date 2024-02-30: the page is undated",
                               "pages.jsonl line 3: not an object", "pages.jsonl line 4: not JSON"]


def test_manifest_changes_apply_with_a_warm_cache(tmp_path, seeds):
    root = build(tmp_path / "c", seeds, {SEED_NAMES[0]: 0})
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    (root / "pages.csv").write_text(f"path,paper,date,page\n{SEED_NAMES[0]},无锡日报,2024-09-05,3\n", "utf-8")
    first = load_corpus(root, cache)
    assert places(first)[SEED_NAMES[0]] == ("无锡日报", "2024-09-05", 3, None)
    assert first.articles[0].date.iso == "2024-09-04"
    (root / "pages.csv").unlink()
    again = load_corpus(root, cache)  # pages from the cache, places from the (gone) manifest
    assert places(again)[SEED_NAMES[0]] == (None, None, None, None)
    assert again.articles[0].date.iso == "09-04"


# -- impossible dates, duplicate claims -------------------------------------------------------
def test_impossible_dates_leave_pages_undated_with_one_warning(tmp_path, seeds):
    build(tmp_path, seeds, {"2024-02-30/01.txt": 0, "2024-02-30/02.txt": 1, "2024/13/01/01.txt": 2,
                            "wxrb_20230229_01.txt": 3})
    corpus = load_corpus(tmp_path)
    assert {p[1] for p in places(corpus).values()} == {None}
    assert {p[2] for p in places(corpus).values()} == {1, 2}  # the page numbers still count
    assert sorted(corpus.warnings) == [
        "2024-02-30: impossible date 2024-02-30: its pages are undated",
        "2024/13/01: impossible date 2024/13/01: its pages are undated",
        "wxrb_20230229_01.txt: impossible date 20230229 in the file name: the page is undated",
    ]
    assert all(a.date is None or a.date.year is None for a in corpus.articles)


def test_two_files_claiming_one_page_are_both_kept_with_a_warning(tmp_path, seeds):
    build(tmp_path, seeds, {"wxrb/2024/06/07/03.txt": 2, "wxrb/20240607/第3版.txt": 3, "wxrb/2024/06/07/A03.txt": 4})
    corpus = load_corpus(tmp_path)
    assert {a.source for a in corpus.articles} == {"wxrb/2024/06/07/03.txt", "wxrb/20240607/第3版.txt",
                                                   "wxrb/2024/06/07/A03.txt"}
    assert corpus.warnings == ["wxrb/20240607/第3版.txt: claims the same page as wxrb/2024/06/07/03.txt "
                               "(wxrb 2024-06-07 第3版); both kept"]


# -- dates with years -----------------------------------------------------------------------
DATELINES = """头条新闻标题

本报讯 12月27日，第一条消息的正文。

第二条新闻

本报讯 1月2日，第二条消息的正文。

第三条新闻

当地时间12月30日至31日，第三条消息的正文。

第四条新闻

没有日期的一段正文。

第五条新闻

本报讯 2月29日，第五条消息的正文。
"""


def test_datelines_take_the_year_of_their_issue_across_a_new_year(tmp_path, seeds):
    build(tmp_path, seeds, {"2024/01/02/01.txt": DATELINES, "2025/03/01/01.txt": DATELINES, "flat.txt": DATELINES})
    corpus = load_corpus(tmp_path)
    got = {}
    for a in corpus.articles:
        got.setdefault(a.source, []).append(a.date.iso if a.date else None)
    assert got["2024/01/02/01.txt"] == ["2023-12-27", "2024-01-02", "2023-12-30/2023-12-31", "2024-01-02", "2020-02-29"]
    assert got["2025/03/01/01.txt"] == ["2024-12-27", "2025-01-02", "2024-12-30/2024-12-31", "2025-03-01", "2024-02-29"]
    assert got["flat.txt"] == ["12-27", "01-02", "12-30/12-31", None, "02-29"]  # no issue: month and day
    first = next(a for a in corpus.articles if a.source == "2024/01/02/01.txt")
    assert first.date.label == "2023年12月27日"
    assert first.to_summary()["date"] == "2023-12-27" and first.to_summary()["issue"] == "2024-01-02"


# -- the flat seeds: honest, and otherwise unchanged -----------------------------------------
def test_flat_seeds_have_no_page_number_and_no_issue(seed_corpus):
    for a in seed_corpus.articles:
        assert (a.paper, a.issue, a.page_no, a.page_name) == (None, None, None, None)
        s = a.to_summary()
        assert s["page"] is None and s["issue"] is None and s["paper"] is None and s["page_name"] is None
        assert a.date is None or (a.date.year is None and s["date"] == a.date.iso and len(s["date"]) in (5, 11))
        assert a.place == a.source.removesuffix(".txt")
    assert [a.source for a in seed_corpus.articles] == sorted(a.source for a in seed_corpus.articles)
    assert len(seed_corpus.articles) == 19 and seed_corpus.warnings == []


def test_first_screen_preview_keeps_the_places_and_notices_a_new_manifest(tmp_path, seeds):
    from reader.corpus.preview import read_preview, write_preview

    root = build(tmp_path / "c", seeds, {"无锡日报/2024/01/02/01_要闻.txt": 0, SEED_NAMES[1]: 1})
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    corpus = load_corpus(root, cache)
    write_preview(corpus, cache)
    preview = read_preview(root, cache)
    assert preview is not None and preview.articles == corpus.articles[:len(preview.articles)]
    first = next(a for a in preview.articles if a.source.startswith("无锡日报/"))
    assert (first.paper, first.issue, first.page_no, first.page_name) == ("无锡日报", date(2024, 1, 2), 1, "要闻")
    assert first.date.iso == "2023-09-04" and first.dateline.iso == "09-04"
    (root / "pages.csv").write_text(f"path,paper\n{SEED_NAMES[1]},江南晚报\n", "utf-8")
    assert read_preview(root, cache) is None  # the places may have changed: not trusted


MORE_DATELINES = """第一条新闻

本报讯 2023年12月30日，写明年份的消息，年份照印。

第二条新闻

本报讯 6月30日至7月2日，跨月的会期。

第三条新闻

新华社北京1月1日电（记者 王五）通讯社的电头。

第四条新闻

本报讯 12月30日—1月2日，跨年的会期。
"""


def test_printed_years_ranges_across_months_and_wire_datelines(tmp_path, seeds):
    from reader.search import open_search
    from search_truth import result_ids

    build(tmp_path / "c", seeds, {"2024/01/03/01.txt": MORE_DATELINES, "flat.txt": MORE_DATELINES})
    corpus = load_corpus(tmp_path / "c")
    got = {}
    for a in corpus.articles:
        got.setdefault(a.source, []).append((a.title, a.date.iso if a.date else None, a.date.label if a.date else None))
    assert got["2024/01/03/01.txt"] == [
        ("第一条新闻", "2023-12-30", "2023年12月30日"),  # the year printed, not the issue's
        ("第二条新闻", "2023-06-30/2023-07-02", "2023年6月30日至7月2日"),
        ("第三条新闻", "2024-01-01", "2024年1月1日"),
        ("第四条新闻", "2023-12-30/2024-01-02", "2023年12月30日至1月2日"),
    ]
    assert [d for _, d, _ in got["flat.txt"]] == ["2023-12-30", "06-30/07-02", "01-01", "12-30/01-02"]
    engine, _ = open_search(corpus, tmp_path / "cache")
    titles = lambda q: sorted(corpus.articles[i].title for i in engine.search(q, limit=None).order
                              if corpus.articles[i].source.startswith("2024"))
    assert titles("date:2023-07-01") == ["第二条新闻"]  # a day inside the range
    assert titles("date:2024-01-02") == ["第四条新闻"]
    assert titles("date:07-01") == ["第二条新闻"] and titles("date:1月") == ["第三条新闻", "第四条新闻"]
    assert titles("date:2023") == ["第一条新闻", "第二条新闻", "第四条新闻"]
    got_flat = {corpus.articles[i].title for i in engine.search("date:1月2日", limit=None).order}
    assert got_flat == {"第四条新闻"}  # the flat copy too: month and day match without a year


def test_a_manifest_row_overruled_by_a_later_one_is_said(tmp_path, seeds):
    root = build(tmp_path / "c", seeds, {"c.txt": 0})
    (root / "pages.csv").write_text("path,date,page\nc.txt,20240607,3\nc.txt,2024-06-08,4\n", "utf-8")
    corpus = load_corpus(root)
    assert {(a.issue, a.page_no) for a in corpus.articles} == {(date(2024, 6, 8), 4)}
    assert [w for w in corpus.warnings if "second row" in w] == [
        "pages.csv line 3: c.txt: a second row for this page file: it replaces the earlier one"]


@pytest.mark.parametrize("stem, page, name", [
    ("头版", 1, None), ("第三版", 3, None), ("第十二版", 12, None), ("第二十四版_要闻", 24, "要闻"), ("第十版：体育", 10, "体育"),
])
def test_pages_named_in_chinese_numerals(stem, page, name, tmp_path, seeds):
    from reader.corpus.layout import parse_page_name

    got = parse_page_name(stem)
    assert (got.page, got.page_name) == (page, name)
    corpus = load_corpus(build(tmp_path, seeds, {f"2024/06/07/{stem}.txt": 0}))
    assert {(a.page_no, a.page_name) for a in corpus.articles} == {(page, name)}


@pytest.mark.parametrize("text, says", [
    ('layot = "{yyyy}/{mm}/{dd}/{page}.txt"\n', "reader.toml: unknown key 'layot' (did you mean 'layout'?)"),
    ("layout = 5\n", 'layout must be a text in quotes such as "{paper}/{yyyy}/{mm}{dd}/{page}.txt", not a number'),
    ("paper = 1\n", "reader.toml: paper must be a text in quotes"),
])
def test_reader_toml_keys_and_values_it_cannot_use_are_named(text, says, tmp_path, seeds):
    build(tmp_path, seeds, {"01.txt": 0})
    (tmp_path / "reader.toml").write_text(text, "utf-8")
    with pytest.raises(CorpusError) as caught:
        load_corpus(tmp_path)
    assert says in str(caught.value)
