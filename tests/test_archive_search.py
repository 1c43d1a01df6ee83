"""Dates with years in queries and sorting, paper: and page:, against a brute-force truth
written apart from the engine; the archive commands and citations."""

from __future__ import annotations

import calendar
import json
import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from tui_helpers import call

from reader.cli import main
from reader.corpus import Corpus, Dateline, load_corpus
from reader.corpus.quote import citation, quote

from test_archive_layouts import SEED_NAMES, build


# -- a synthetic archive: the seeds' articles on random dates of 2022–2025 -----------------
@pytest.fixture(scope="module")
def archive(seed_corpus, tmp_path_factory):
    from reader.search import open_search

    rng = random.Random(14)
    base = date(2022, 1, 1)
    arts = []
    for k in range(400):
        a = seed_corpus.articles[k % len(seed_corpus.articles)]
        kind = rng.random()
        issue = base + timedelta(days=rng.randrange(4 * 365))
        if kind < 0.1:
            issue, day = None, None
        elif kind < 0.2:
            issue, day = None, Dateline(rng.randint(1, 12), rng.randint(1, 28))  # month and day only
        else:
            lag = rng.randrange(0, 6)
            d = issue - timedelta(days=lag)
            end = d.day + rng.randint(1, 3) if rng.random() < 0.15 and d.day <= 25 else None
            day = Dateline(d.month, d.day, end, d.year)
        arts.append(replace(a, id=f"{a.id}-{k}", issue=issue, date=day, paper=rng.choice(["无锡日报", "江南晚报", None]),
                            page_no=rng.choice([1, 2, 3, None]), page=k, order=0))
    corpus = Corpus(tmp_path_factory.mktemp("synthetic"), [], arts)
    engine, _ = open_search(corpus, tmp_path_factory.mktemp("synthetic-cache"))
    return engine, arts


def _span(a):
    d = a.date
    if d is None or d.year is None:
        return None
    return date(d.year, d.month, d.day), date(d.year, d.month, d.end_day or d.day)


def _truth(arts, lo, hi):
    return {a.id for a in arts if (s := _span(a)) is not None and s[0] <= hi and s[1] >= lo}


def _ids(engine, query):
    return {h.article.id for h in engine.search(query, limit=0).hits}


def test_date_queries_and_ranges_against_brute_force(archive):
    engine, arts = archive
    rng = random.Random(7)
    lo_all, hi_all = date.min, date.max
    for _ in range(60):
        y, m = rng.randint(2021, 2026), rng.randint(1, 12)
        d1 = date(y, m, rng.randint(1, calendar.monthrange(y, m)[1]))
        d2 = d1 + timedelta(days=rng.randrange(0, 120))
        last = calendar.monthrange(y, m)[1]
        cases = {
            f"date:{y}": (date(y, 1, 1), date(y, 12, 31)),
            f"date:{y}-{m:02d}": (date(y, m, 1), date(y, m, last)),
            f"date:{y}年{m}月": (date(y, m, 1), date(y, m, last)),
            f"date:{d1.isoformat()}": (d1, d1),
            f"date:{d1.isoformat()}..{d2.isoformat()}": (d1, d2),
            f"date:{y}-{m:02d}..{d2.year}": (date(y, m, 1), date(d2.year, 12, 31)),
            f"date:>={d1.isoformat()}": (d1, hi_all),
            f"date:>{d1.isoformat()}": (d1 + timedelta(days=1), hi_all),
            f"date:<={d1.isoformat()}": (lo_all, d1),
            f"date:<{d1.isoformat()}": (lo_all, d1 - timedelta(days=1)),
            f"date:..{d2.isoformat()}": (lo_all, d2),
            f"date:{d1.isoformat()}..": (d1, hi_all),
        }
        for query, (lo, hi) in cases.items():
            assert _ids(engine, query) == _truth(arts, lo, hi), query
    # month and day in any year, dated and yearless alike (today's forms)
    for m, d in [(9, 4), (12, 31), (2, 29), (6, 6)]:
        want = {a.id for a in arts if a.date is not None and a.date.month == m
                and a.date.day <= d <= (a.date.end_day or a.date.day)}
        assert _ids(engine, f"date:{m:02d}-{d:02d}") == want
        assert _ids(engine, f"date:{m}月{d}日") == want
    assert _ids(engine, "date:9月") == {a.id for a in arts if a.date is not None and a.date.month == 9}
    assert _ids(engine, "date:2024-02-30") == set()  # no such day
    assert _ids(engine, "date:2024 -date:2024-06") == _truth(arts, date(2024, 1, 1), date(2024, 12, 31)) - _truth(
        arts, date(2024, 6, 1), date(2024, 6, 30))


def test_paper_and_page_fields(archive):
    engine, arts = archive
    assert _ids(engine, "paper:无锡日报") == {a.id for a in arts if a.paper == "无锡日报"}
    assert _ids(engine, "paper:晚报") == {a.id for a in arts if a.paper == "江南晚报"}
    for n in (1, 3, 4):
        assert _ids(engine, f"page:{n}") == {a.id for a in arts if a.page_no == n}
    assert _ids(engine, "page:第3版") == _ids(engine, "page:03") == _ids(engine, "page:3")
    assert _ids(engine, "paper:无锡日报 page:2 date:2024") == {
        a.id for a in arts if a.paper == "无锡日报" and a.page_no == 2} & _truth(arts, date(2024, 1, 1), date(2024, 12, 31))


def test_sort_by_date_is_newest_first_across_years_undated_last(archive):
    engine, arts = archive
    order = [h.article for h in engine.search("", limit=0, sort="date").hits]
    assert len(order) == len(arts)
    dated = [a for a in order if a.date is not None and a.date.year is not None]
    yearless = [a for a in order if a.date is not None and a.date.year is None]
    undated = [a for a in order if a.date is None]
    assert order == dated + yearless + undated
    assert [_span(a)[0] for a in dated] == sorted((_span(a)[0] for a in dated), reverse=True)
    assert {a.date.year for a in dated} == {2021, 2022, 2023, 2024, 2025} - ({2021} - {a.date.year for a in dated})
    assert [(a.date.month, a.date.day) for a in yearless] == sorted(((a.date.month, a.date.day) for a in yearless), reverse=True)


# -- the commands ---------------------------------------------------------------------------
@pytest.fixture
def tree(tmp_path, seeds):
    return build(tmp_path / "archive", seeds, {
        "无锡日报/2024/06/07/01_要闻.txt": 2, "无锡日报/2024/06/07/02.txt": 3,
        "无锡日报/2024/01/02/01.txt": 0, "江南晚报/20240607/A03.txt": 4, "江南晚报/20230813/05.txt": 1,
    })


def test_issues_json(capsys, tree):
    code, out, err = call(capsys, "--corpus", str(tree), "issues", "--json")
    assert code == 0, err
    assert json.loads(out) == [
        {"paper": "无锡日报", "date": "2024-06-07", "pages": 2, "articles": 5},
        {"paper": "江南晚报", "date": "2024-06-07", "pages": 1, "articles": 6},
        {"paper": "无锡日报", "date": "2024-01-02", "pages": 1, "articles": 4},
        {"paper": "江南晚报", "date": "2023-08-13", "pages": 1, "articles": 4},
    ]
    code, out, err = call(capsys, "--corpus", str(tree), "issues", "--paper", "江南晚报", "--json")
    assert [i["date"] for i in json.loads(out)] == ["2024-06-07", "2023-08-13"]
    code, out, err = call(capsys, "--corpus", str(tree), "issues", "--paper", "人民日报")
    assert code == 2 and "no paper named '人民日报'" in err and "无锡日报" in err


def test_issue_json_lists_its_pages_and_articles(capsys, tree, seed_corpus):
    code, out, err = call(capsys, "--corpus", str(tree), "issue", "2024-06-07", "--paper", "无锡日报", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["paper"] == "无锡日报" and data["date"] == "2024-06-07"
    assert [(p["page"], p["name"], p["source"]) for p in data["pages"]] == [
        (1, "要闻", "无锡日报/2024/06/07/01_要闻.txt"), (2, None, "无锡日报/2024/06/07/02.txt")]
    titles = [a.title for a in seed_corpus.articles if a.source == SEED_NAMES[2]]
    assert [a["title"] for a in data["pages"][0]["articles"]] == titles
    corpus = load_corpus(tree)
    assert all(corpus.get(a["id"]).source == "无锡日报/2024/06/07/01_要闻.txt" for a in data["pages"][0]["articles"])
    code, out, err = call(capsys, "--corpus", str(tree), "issue", "2024-06-07")
    assert code == 2 and "2 papers have an issue dated 2024-06-07" in err and "--paper" in err
    code, out, err = call(capsys, "--corpus", str(tree), "issue", "2024-06-08", "--json")
    assert code == 2 and "no issue dated 2024-06-08" in err and out == ""
    code, out, err = call(capsys, "--corpus", str(tree), "issue", "2024-02-30")
    assert code == 2 and "2024-02-30 is not a date: February 2024 has 29 days" in err
    code, out, err = call(capsys, "--corpus", str(tree), "issue", "2024-06-07", "--paper", "无锡日报")
    assert code == 0 and "第1版 要闻 · 3篇" in out and "无锡日报 2024-06-07 · 2 版 · 5 篇" in out


def test_list_and_show_json_carry_the_place(capsys, tree):
    code, out, err = call(capsys, "--corpus", str(tree), "list", "--json")
    rows: dict = {}
    for r in json.loads(out):
        rows.setdefault(r["source"], r)  # each page's first article
    first = rows["无锡日报/2024/06/07/01_要闻.txt"]
    assert (first["paper"], first["issue"], first["page"], first["page_name"]) == ("无锡日报", "2024-06-07", 1, "要闻")
    assert first["date"] == "2024-06-06"
    new_year = rows["无锡日报/2024/01/02/01.txt"]
    assert new_year["date"] == "2023-09-04" and new_year["issue"] == "2024-01-02"
    ranged = [r for r in json.loads(out) if r["date"] and "/" in r["date"]]
    assert ranged and all(len(r["date"]) == 21 for r in ranged)  # YYYY-MM-DD/YYYY-MM-DD
    code, out, err = call(capsys, "--corpus", str(tree), "show", first["id"], "--json")
    shown = json.loads(out)
    assert {k: shown[k] for k in ("paper", "issue", "page", "page_name", "date")} == {
        "paper": "无锡日报", "issue": "2024-06-07", "page": 1, "page_name": "要闻", "date": "2024-06-06"}
    code, out, err = call(capsys, "--corpus", str(tree), "search", "paper:晚报", "page:3", "--json")
    assert code == 0 and {h["source"] for h in json.loads(out)} == {"江南晚报/20240607/A03.txt"}


# -- citations ------------------------------------------------------------------------------
def test_citations_cite_paper_date_and_page_when_known(tree):
    corpus = load_corpus(tree)
    a = next(a for a in corpus.articles if a.source == "无锡日报/2024/06/07/01_要闻.txt" and a.authors)
    authors = "、".join(a.authors)
    assert citation(a) == f"——《{a.title}》，{authors}，无锡日报，2024年6月7日，第1版"
    assert citation(a, "gbt7714") == f"{', '.join(a.authors)}. {a.title}[N]. 无锡日报, 2024-06-07(1)."
    q = quote(a, 0, style="gbt7714")
    assert str(q).endswith("2024-06-07(1).") and q.text == a.paragraphs[0]


def test_citations_of_flat_seeds_name_the_file_never_a_page(seed_corpus):
    for a in seed_corpus.articles:
        c = citation(a)
        assert "页" not in c and c.endswith(a.source)
        assert (a.date is None) or f"，{a.date.label}，" in c
        g = citation(a, "gbt7714")
        assert g.endswith(f"[N]. {a.source}.") and "(" not in g.split("[N]")[1]


def test_show_quote_takes_the_citation_style(capsys, seed_corpus):
    a = seed_corpus.articles[0]
    code, out, err = call(capsys, "show", a.id, "--quote", "1", "--citation", "gbt7714")
    assert code == 0 and out.strip().endswith(f"{a.title}[N]. {a.source}.")
    code, out, err = call(capsys, "show", a.id, "--quote", "1")
    assert code == 0 and out.strip().endswith(f"，{a.source}") and "第1页" not in out


# -- facets of an archive: paper, year, month, page, and the undated ------------------------
def test_facets_count_papers_years_months_pages_and_the_undated(archive):
    engine, arts = archive
    results = engine.search("的", limit=None)
    matched = [engine.articles[i] for i in results.order]
    found = engine.facets(results)
    papers = {f.value: f.count for f in found["paper"]}
    assert papers == {p or "(none)": sum(a.paper == p for a in matched) for p in {a.paper for a in matched}}
    assert sum(papers.values()) == len(matched)  # the pages of no paper too: the papers add up
    years = [(f.value, f.count) for f in found["year"]]
    known = sorted({a.date.year for a in matched if a.date and a.date.year}, reverse=True)
    assert [y for y, _ in years[:-2]] == [str(y) for y in known]  # newest first, then…
    # … the dates with no year and the undated, counted: the years add up to the hits
    assert years[-2:] == [("noyear", sum(a.date is not None and a.date.year is None for a in matched)),
                          ("undated", sum(a.date is None for a in matched))]
    assert sum(n for _, n in years) == results.total
    months = {f.value: f.count for f in found["month"]}
    assert sum(months.values()) == sum(1 for a in matched if a.date and a.date.year)
    pages = [(f.value, f.label, f.count) for f in found["page"]]
    assert pages == [(str(n), f"第{n}版", sum(a.page_no == n for a in matched))
                     for n in sorted({a.page_no for a in matched if a.page_no is not None})]
    for group in ("paper", "year", "month", "page"):  # each value, as a query, selects its count
        for f in found[group][:4] + found[group][-2:]:
            narrowed = engine.search(f"的 {f.query}", limit=None)
            assert narrowed.total == f.count, f.query


def test_undated_is_a_date_value_and_the_flat_seeds_have_no_year_or_page_facets(engine):
    results = engine.search("无锡", limit=None)
    found = engine.facets(results)
    assert found["year"] == found["month"] == found["page"] == found["paper"] == []
    assert found["date"] and found["source"]  # as before
    assert engine.search("无锡 date:undated", limit=None).total == sum(
        1 for i in results.order if engine.articles[i].date is None)
    assert engine.search("无锡 date:noyear", limit=None).total == sum(  # here: every dated one
        1 for i in results.order if engine.articles[i].date is not None)


def test_issue_selects_by_the_issue_date_not_the_dateline(archive):
    engine, arts = archive
    for value, lo, hi in [("2023-05-04", date(2023, 5, 4), date(2023, 5, 4)),
                          ("2024-06", date(2024, 6, 1), date(2024, 6, 30)),
                          ("2022-01-01..2022-03-31", date(2022, 1, 1), date(2022, 3, 31)),
                          (">=2025-06-01", date(2025, 6, 1), date.max)]:
        got = {h.article.id for h in engine.search(f"issue:{value}", limit=None).hits}
        assert got == {a.id for a in arts if a.issue is not None and lo <= a.issue <= hi}, value
    undated = {h.article.id for h in engine.search("issue:undated", limit=None).hits}
    assert undated == {a.id for a in arts if a.issue is None}
    # an article reporting an earlier day is still of its issue
    lagging = next(a for a in arts if a.issue and a.date and a.date.year and a.date.start < a.issue)
    day = lagging.issue.isoformat()
    assert lagging.id in {h.article.id for h in engine.search(f"issue:{day}", limit=None).hits}
    assert lagging.id not in {h.article.id for h in engine.search(f"date:{day}", limit=None).hits} or \
        lagging.date.end >= lagging.issue


def test_date_and_issue_bisections_equal_each_articles_test(archive):
    """date: and issue: days, months, years and ranges are answered by a bisection of the
    articles by day (reader.search.dates); each value against the field's own test of every
    article (ranges over several days, spans across a month's end, undated articles, empty
    and reversed intervals)."""
    from reader.search import fields as F
    from reader.search.dates import DayIndex

    engine, arts = archive
    rng = random.Random(7)
    values = ["2022", "2023-02", "2024-06-06", "2025-12-31", "2022-01-01..2022-01-31", ">=2025-06-01", "<2022-03-01",
              "2024-02-30", "2024-06-01..2024-05-01", "..2022-02-01", "2025-11-01.."]
    for _ in range(40):
        a = date(2022, 1, 1) + timedelta(days=rng.randrange(4 * 365))
        b = a + timedelta(days=rng.randrange(0, 60))
        values.append(f"{a}..{b}")
    indexes = {"date": DayIndex.of_dates(arts), "issue": DayIndex.of_issues(arts)}
    for field, index in indexes.items():
        for value in values:
            interval = F.day_interval(field, value)
            assert interval is not None, value
            test = F.matcher(field, value)
            assert sorted(index.overlapping(*interval)) == [i for i, a in enumerate(arts) if test(a)], (field, value)
            assert _ids(engine, f"{field}:{value}") == {a.id for a in arts if test(a)}, (field, value)
    assert F.day_interval("date", "undated") is None and F.day_interval("date", "9月") is None
