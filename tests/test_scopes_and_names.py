"""Naming what a user means by a paper and a page: the pages of no paper (``paper:(none)``,
``--paper '(none)'``, shown as ``(no paper)`` everywhere), a part of a paper's name on the CLI
as in a query (``--paper 江南``), a 版名 or a 第N版 in ``page:`` (``page:要闻``, ``page:第二版``),
and ``I`` scoping to an issue without dropping the user's own filter — on the CLI's output, the
engine's answers against a brute-force truth, and the app's rendered screen."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import date, timedelta

import pytest

from reader.corpus import Corpus, load_corpus
from reader.search.hints import query_hint
from test_archive_layouts import build
from tui_helpers import call, make_app, ready, screen_text, settle, toast_text, type_text, wait_for_screen, wait_until

DAY = "2024-06-07"


def _flat(tmp_path, seeds):
    """Finding 3's tree B: a flat folder, two pages of wxrb's 2024-06-07 issue and one page of
    that day that names no paper."""
    return build(tmp_path / "flat", seeds, {"wxrb_20240607_01.txt": 0, "wxrb_20240607_03.txt": 1,
                                            "2024-06-07-A03.txt": 2})


def _papers(tmp_path, seeds, more: dict | None = None):
    """Papers of one day, their pages named (要闻, 经济) or not."""
    return build(tmp_path / "papers", seeds, {"无锡日报/2024/06/07/01_要闻.txt": 2, "无锡日报/2024/06/07/02_经济.txt": 3,
                                              "江南晚报/2024/06/07/02.txt": 4, **(more or {})})


# -- the CLI ---------------------------------------------------------------------------------
def test_the_issue_of_no_paper_is_chosen_with_none_on_the_cli(capsys, tmp_path, seeds):
    root = str(_flat(tmp_path, seeds))
    corpus = load_corpus(root)
    unnamed = [a for a in corpus.articles if a.paper is None]
    assert unnamed and {a.source for a in unnamed} == {"2024-06-07-A03.txt"}
    code, out, err = call(capsys, "--corpus", root, "issue", DAY)
    assert code == 2 and "2 papers have an issue dated 2024-06-07: wxrb, (no paper)" in err
    assert "--paper '(none)' for (no paper)" in err
    for given in ("(none)", "(no paper)", "", "（none）"):
        code, out, err = call(capsys, "--corpus", root, "issue", DAY, "--paper", given, "--json")
        assert code == 0, (given, err)
        data = json.loads(out)
        assert data["paper"] is None and data["date"] == DAY
        assert [p["source"] for p in data["pages"]] == ["2024-06-07-A03.txt"]
        assert [a["id"] for p in data["pages"] for a in p["articles"]] == [a.id for a in unnamed]
    code, out, err = call(capsys, "--corpus", root, "issue", DAY, "--paper", "(none)")
    assert code == 0 and out.splitlines()[0] == f"(no paper) {DAY} · 1 版 · {len(unnamed)} 篇"
    code, out, err = call(capsys, "--corpus", root, "issues", "--paper", "(none)", "--json")
    assert json.loads(out) == [{"paper": None, "date": DAY, "pages": 1, "articles": len(unnamed)}]
    code, out, err = call(capsys, "--corpus", root, "issues")
    rows = [line.split() for line in out.splitlines()[1:]]
    assert rows == [[DAY, "wxrb", "2", str(len(corpus.articles) - len(unnamed))],
                    [DAY, "(no", "paper)", "1", str(len(unnamed))]]  # the same label as the app's
    code, out, err = call(capsys, "--corpus", root, "issue", DAY, "--paper", "人民日报")
    assert code == 2 and "(papers: wxrb; --paper '(none)' for (no paper))" in err


def test_paper_takes_a_part_of_the_name_on_the_cli_as_in_a_query(capsys, tmp_path, seeds):
    root = str(_papers(tmp_path, seeds))
    code, out, err = call(capsys, "--corpus", root, "issue", DAY, "--paper", "江南", "--json")
    assert code == 0, err
    assert json.loads(out)["paper"] == "江南晚报"
    code, out, err = call(capsys, "--corpus", root, "issues", "--paper", "晚报", "--json")
    assert [i["paper"] for i in json.loads(out)] == ["江南晚报"]
    code, out, err = call(capsys, "--corpus", root, "issue", DAY, "--paper", "无锡")
    assert code == 0 and out.startswith(f"无锡日报 {DAY} · 2 版")
    code, out, err = call(capsys, "--corpus", root, "issues", "--paper", "(none)")
    assert code == 2 and "every page of this archive names its paper" in err
    more = str(_papers(tmp_path, seeds, {"江南日报/2024/06/08/01.txt": 1}))
    code, out, err = call(capsys, "--corpus", more, "issue", DAY, "--paper", "江南")
    assert code == 2 and "2 papers' names have '江南' in them: 江南日报, 江南晚报; give more of the name" in err
    code, out, err = call(capsys, "--corpus", more, "issues", "--paper", "江南晚报", "--json")
    assert code == 0 and [i["paper"] for i in json.loads(out)] == ["江南晚报"]


def test_page_takes_a_page_name_and_a_chinese_number_on_the_cli(capsys, tmp_path, seeds):
    root = str(_papers(tmp_path, seeds))
    corpus = load_corpus(root)
    code, out, err = call(capsys, "--corpus", root, "search", "page:要闻", "--limit", "0", "--json")
    assert code == 0 and {h["id"] for h in json.loads(out)} == {a.id for a in corpus.articles if a.page_name == "要闻"}
    code, out, err = call(capsys, "--corpus", root, "search", "page:第二版", "--limit", "0", "--json")
    assert {h["id"] for h in json.loads(out)} == {a.id for a in corpus.articles if a.page_no == 2} != set()
    code, out, err = call(capsys, "--corpus", root, "search", "page:体育")
    assert "0 articles match" in out
    assert "hint: page:体育: no page's 版名 has it; page: takes a 版次 (page:3, page:第三版) or part of a 版名 (经济, 要闻)" \
        in err


# -- the engine, against the truth -----------------------------------------------------------
@pytest.fixture(scope="module")
def synthetic(seed_corpus, tmp_path_factory):
    from reader.search import open_search

    rng = random.Random(3)
    arts = []
    for k in range(300):
        a = seed_corpus.articles[k % len(seed_corpus.articles)]
        issue = date(2024, 6, 1) + timedelta(days=rng.randrange(10)) if rng.random() < 0.9 else None
        arts.append(replace(a, id=f"{a.id}-{k}", issue=issue, page=k, order=0,
                            paper=rng.choice(["无锡日报", "江南晚报", None]),
                            page_no=rng.choice([1, 2, 3, 12, 20, None]),
                            page_name=rng.choice(["要闻", "经济·综合", "綜合新聞", None])))
    corpus = Corpus(tmp_path_factory.mktemp("scopes"), [], arts)
    engine, _ = open_search(corpus, tmp_path_factory.mktemp("scopes-cache"))
    return engine, arts


def _ids(engine, query):
    return {h.article.id for h in engine.search(query, limit=0).hits}


def test_paper_none_is_the_pages_of_no_paper(synthetic):
    engine, arts = synthetic
    none = {a.id for a in arts if a.paper is None}
    assert none and none != {a.id for a in arts}
    for spelled in ("paper:(none)", "paper:（none）", "paper:(NONE)", 'paper:"(no paper)"'):
        assert _ids(engine, spelled) == none, spelled
    assert _ids(engine, "-paper:(none)") == {a.id for a in arts} - none
    assert _ids(engine, "paper:(none) OR paper:晚报") == none | {a.id for a in arts if a.paper == "江南晚报"}
    for day in {a.issue for a in arts if a.issue is not None}:
        truth = {a.id for a in arts if a.paper is None and a.issue == day}
        assert _ids(engine, f"paper:(none) issue:{day.isoformat()}") == truth  # what I puts in the box
    assert _ids(engine, "paper:none") == set()  # a part of a name, as ever: no paper has it


def test_page_is_a_number_however_written_or_part_of_a_page_name(synthetic):
    engine, arts = synthetic
    for query, number in [("page:第二版", 2), ("page:二", 2), ("page:第十二版", 12), ("page:十二", 12),
                          ("page:二十", 20), ("page:第二十版", 20), ("page:第三版", 3), ("page:第12版", 12),
                          ("page:头版", 1), ("page:頭版", 1)]:
        assert _ids(engine, query) == {a.id for a in arts if a.page_no == number}, query
    for query, part in [("page:要闻", "要闻"), ("page:综合", "综合"), ("page:经济·综合", "经济·综合"),
                        ("page:新闻", "新聞")]:  # (folded as text is: 綜合新聞 is 综合新闻)
        want = {a.id for a in arts if a.page_name and part in a.page_name.replace("綜", "综")}
        assert want and _ids(engine, query) == want, query
    assert _ids(engine, "page:要闻 paper:(none)") == {a.id for a in arts if a.page_name == "要闻" and a.paper is None}
    assert _ids(engine, "page:体育") == set()


def test_the_hint_says_what_page_takes_when_no_page_is_so_named():
    names = lambda: ["要闻", "经济"]  # noqa: E731
    hint = query_hint("page:体育", numbered=True, page_names=names)
    assert hint == "page:体育: no page's 版名 has it; page: takes a 版次 (page:3, page:第三版) or part of a 版名 (经济, 要闻)"
    assert query_hint("page:要闻", numbered=True, page_names=names) == ""
    assert query_hint("page:第二版", numbered=True, page_names=names) == ""
    asked = []
    assert query_hint("page:3", numbered=True, page_names=lambda: asked.append(1) or []) == "" and not asked


# -- the app ---------------------------------------------------------------------------------
async def _open(pilot, app, article):
    screen = app.main_screen
    screen.open(article)
    await wait_until(pilot, lambda: screen.open_article is article, what=f"{article.title} open")


def _listed_sources(app) -> set[str]:
    return {a.source for a in app.main_screen.article_list.articles}


async def test_I_on_a_page_of_no_paper_scopes_to_exactly_its_issue(tmp_path, seeds):
    corpus = load_corpus(_flat(tmp_path, seeds))
    unnamed = [a for a in corpus.articles if a.paper is None]
    app = make_app(corpus, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        await _open(pilot, app, unnamed[0])
        await pilot.press("I")
        shown = await wait_for_screen(pilot, f"paper:(none) issue:{DAY}", f"{len(unnamed)} hits")
        assert f"Search scoped to this issue: paper:(none) issue:{DAY}" in toast_text(shown)
        await settle(pilot)
        assert _listed_sources(app) == {"2024-06-07-A03.txt"}  # none of wxrb's
        await pilot.press("I")
        await wait_for_screen(pilot, "Search scoped to (no paper): paper:(none)")
        await pilot.press("I")
        await wait_for_screen(pilot, "Search no longer scoped.")
        assert app.main_screen.query_text.strip() == ""
        await pilot.press("escape")  # the toasts, then the issues view at the open article's issue
        await pilot.press("i")
        await wait_for_screen(pilot, f"Issues › (no paper) › {DAY}", "第3版 · 3篇")


async def test_I_keeps_the_paper_picked_as_a_filter(tmp_path, seeds):
    corpus = load_corpus(_papers(tmp_path, seeds, {"江南晚报/2024/06/08/01.txt": 0}))
    app = make_app(corpus, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("f3")  # the filters: pick 江南晚报 in the Paper column
        await wait_for_screen(pilot, "Paper (2)")
        papers = [f.value for f in app.screen.facets["paper"]]
        await pilot.press("right", *["down"] * papers.index("江南晚报"), "enter")
        await settle(pilot)
        await wait_for_screen(pilot, "paper:江南晚报", f"{sum(a.paper == '江南晚报' for a in corpus.articles)} hits")
        await pilot.press("escape", "enter")  # to the list, open the first hit
        await wait_until(pilot, lambda: app.main_screen.open_article is not None, what="a hit open")
        article = app.main_screen.open_article
        assert article.paper == "江南晚报"
        issue = article.issue.isoformat()
        own = [a for a in corpus.articles if a.paper == "江南晚报" and a.issue == article.issue]
        await pilot.press("I")
        shown = await wait_for_screen(pilot, f"paper:江南晚报 issue:{issue}", f"{len(own)} hits")
        assert f"Search scoped to this issue: paper:江南晚报 issue:{issue}" in toast_text(shown)
        assert "no longer scoped" not in shown
        await settle(pilot)
        assert {a.id for a in app.main_screen.article_list.articles} == {a.id for a in own}
        await pilot.press("I")  # widened: to the paper, which was the filter
        await wait_for_screen(pilot, "Search scoped to this paper: paper:江南晚报, as before")
        assert app.main_screen.query_text.split() == ["paper:江南晚报"]
        await pilot.press("I")  # and round again: never dropped
        await wait_until(pilot, lambda: app.main_screen.query_text.split() == ["paper:江南晚报", f"issue:{issue}"],
                         what="scoped to the issue again")


async def test_I_puts_a_part_of_a_name_back_when_the_round_ends(tmp_path, seeds):
    corpus = load_corpus(_papers(tmp_path, seeds))
    app = make_app(corpus, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        await type_text(pilot, "paper:江南 ")
        await settle(pilot)
        await _open(pilot, app, next(a for a in corpus.articles if a.paper == "江南晚报"))
        await pilot.press("I")
        await wait_for_screen(pilot, f"Search scoped to this issue: paper:江南晚报 issue:{DAY} in place of paper:江南")
        await pilot.press("I", "I")
        await wait_for_screen(pilot, "Search scoped as before: paper:江南")
        assert app.main_screen.query_text.split() == ["paper:江南"]


async def test_page_names_and_chinese_numbers_in_the_box(tmp_path, seeds):
    corpus = load_corpus(_papers(tmp_path, seeds))
    app = make_app(corpus, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, "page:要闻")
        await settle(pilot)
        named = [a for a in corpus.articles if a.page_name == "要闻"]
        shown = await wait_for_screen(pilot, f"{len(named)} hits", "无锡日报 第1版 要闻")
        assert "第2版" not in shown
        app.main_screen.search_box.value = "page:第二版"
        await settle(pilot)
        second = [a for a in corpus.articles if a.page_no == 2]
        await wait_for_screen(pilot, f"{len(second)} hits", "第2版 经济", "江南晚报 第2版")
        app.main_screen.search_box.value = "page:体育"
        await settle(pilot)
        await wait_for_screen(pilot, "no results", "page:体育: no page's 版名 has it")
        assert "page:体育" in screen_text(app)


def test_the_papers_facet_counts_the_pages_of_no_paper(capsys, tmp_path, seeds):
    root = str(_flat(tmp_path, seeds))
    corpus = load_corpus(root)
    code, out, err = call(capsys, "--corpus", root, "search", f"issue:{DAY}", "--facets", "--json")
    assert code == 0, err
    papers = [(f["value"], f["label"], f["count"], f["query"]) for f in json.loads(out)["facets"]["paper"]]
    unnamed = sum(a.paper is None for a in corpus.articles)
    assert papers == [("wxrb", "wxrb", len(corpus.articles) - unnamed, "paper:wxrb"),
                      ("(none)", "(no paper)", unnamed, "paper:(none)")]  # they add up to the hits
    code, out, err = call(capsys, "--corpus", str(seeds), "search", "无锡",
                          "--facets", "--json")
    assert json.loads(out)["facets"].get("paper", []) == []  # a folder where no page names its paper: none


async def test_the_filters_offer_no_paper_and_pick_it_as_paper_none(tmp_path, seeds):
    corpus = load_corpus(_flat(tmp_path, seeds))
    unnamed = [a for a in corpus.articles if a.paper is None]
    app = make_app(corpus, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await pilot.press("f3")
        await wait_for_screen(pilot, "Paper (2)", f"(no paper)  {len(unnamed)}")
        papers = [f.value for f in app.screen.facets["paper"]]
        await pilot.press("right", *["down"] * papers.index("(none)"), "enter")
        await settle(pilot)
        await wait_for_screen(pilot, "paper:(none)", f"{len(unnamed)} hits")
        assert {a.id for a in app.main_screen.article_list.articles} == {a.id for a in unnamed}
