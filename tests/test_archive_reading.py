"""Reading an archive front to back: issue order across pages, issues and papers, where an
article is, and continuations (上接/续/下转) resolved to the article on the page they name —
on trees built in temporary folders from the seed pages and a few pages written here."""

from __future__ import annotations

import time

from reader.corpus import load_corpus
from reader.corpus.reading import Reading, reading_of
from test_archive_layouts import build

FRONT = """头版头条会议召开

本报讯 6月7日，市委召开会议，研究部署相关工作。会议强调，要坚持

（下转第5版）

另一篇报道

本报讯 6月7日，某某活动在我市举行，取得良好效果（下转第5版）

第三篇不转版

本报讯 6月7日，第三篇的内容到此为止。
"""

PAGE5 = """（上接第1版）以人民为中心的发展思想，把各项工作做实做细。

本版另一篇文章

本报讯 6月7日，本版的文章，不接别的版。

（续第1版）活动的后半部分，参加者众多。
"""

FRONT_9 = """矢志争创一流

本报讯 6月9日，头版这篇文章在第2版接着说，但没有印下转。
"""


def archive(tmp_path, seeds):
    return load_corpus(build(tmp_path / "archive", seeds, {
        "无锡日报/2024/06/07/01.txt": FRONT,
        "无锡日报/2024/06/07/05.txt": PAGE5,
        "无锡日报/2024/06/07/02.txt": 2,
        "无锡日报/2024/06/06/01.txt": 0,
        "无锡日报/2024/06/06/02.txt": 4,
        "无锡日报/2024/06/08/03.txt": 3,
        "无锡日报/2024/06/09/01.txt": FRONT_9,
        "无锡日报/2024/06/09/02.txt": 4,
        "无锡日报/misc/notes.txt": 1,
        "晚报/2023/12/31/01.txt": 1,
    }))


def spots(reading: Reading) -> list[tuple]:
    return [(a.paper, a.issue.isoformat() if a.issue else None, a.page_no, a.source, a.order) for a in reading.order]


def test_issue_order_runs_by_paper_issue_page_and_place_on_the_page(tmp_path, seeds):
    corpus = archive(tmp_path, seeds)
    reading = Reading(corpus.articles)
    got = spots(reading)
    assert len(got) == len(corpus.articles) and {a.id for a in reading.order} == {a.id for a in corpus.articles}
    # the papers by name, each one's issues oldest first, then its undated pages
    issues = list(dict.fromkeys((p, d) for p, d, *_ in got))
    assert issues == [("无锡日报", "2024-06-06"), ("无锡日报", "2024-06-07"), ("无锡日报", "2024-06-08"),
                      ("无锡日报", "2024-06-09"), ("无锡日报", None), ("晚报", "2023-12-31")]
    # within an issue: by 版次 (01, 02, 05 — not the files' order 01, 05, 02), then on the page
    june7 = [(n, o) for p, d, n, _, o in got if d == "2024-06-07"]
    assert june7 == [(1, 0), (1, 1), (1, 2), (2, 0), (2, 1), (2, 2), (5, 0), (5, 1), (5, 2)]
    assert [o for *_, s, o in got if s == "无锡日报/2024/06/06/02.txt"] == list(range(6))
    # the grouping the issues listing uses says the same
    assert [(i.paper, i.date.isoformat()) for i in reading.issues] == [k for k in issues if k[1]]
    assert reading.papers == ["无锡日报", "晚报"]
    assert list(reading.issues_of("无锡日报")) == sorted(reading.issues_of("无锡日报"))


def test_next_and_prev_cross_pages_issues_and_papers_and_stop_at_the_ends(tmp_path, seeds):
    reading = Reading(archive(tmp_path, seeds).articles)
    order = reading.order
    assert reading.prev(order[0]) is None and reading.next(order[-1]) is None
    for a, b in zip(order, order[1:]):
        assert reading.next(a) is b and reading.prev(b) is a
    # the last article of 第1版 leads to the first of 第2版 and back
    by = {(a.source, a.order): a for a in order}
    last_front = by[("无锡日报/2024/06/07/01.txt", 2)]
    assert reading.next(last_front) is by[("无锡日报/2024/06/07/02.txt", 0)]
    # the last of an issue's last page to the next issue's front page
    assert reading.next(by[("无锡日报/2024/06/07/05.txt", 2)]) is by[("无锡日报/2024/06/08/03.txt", 0)]
    assert reading.prev(by[("无锡日报/2024/06/08/03.txt", 0)]) is by[("无锡日报/2024/06/07/05.txt", 2)]
    # a paper's undated pages, then the next paper
    assert reading.next(by[("无锡日报/misc/notes.txt", 3)]) is by[("晚报/2023/12/31/01.txt", 0)]


def test_place_labels_say_issue_page_and_position_and_invent_no_page(tmp_path, seeds):
    reading = Reading(archive(tmp_path, seeds).articles)
    by = {(a.source, a.order): a for a in reading.order}
    assert reading.place(by[("无锡日报/2024/06/07/02.txt", 1)]) == "2024-06-07 · 第2版 2/3"
    assert reading.place(by[("无锡日报/2024/06/06/02.txt", 5)]) == "2024-06-06 · 第2版 6/6"
    assert reading.place(by[("晚报/2023/12/31/01.txt", 0)], paper=True) == "晚报 2023-12-31 · 第1版 1/4"
    # an undated page of the archive: its file, never a 版次 it does not print
    assert reading.place(by[("无锡日报/misc/notes.txt", 0)]) == "notes.txt 1/4"


def test_the_flat_seeds_read_in_file_order_with_file_names_for_places(seed_corpus):
    reading = Reading(seed_corpus.articles)
    assert reading.order == seed_corpus.articles  # file order, then the page's order
    assert reading.issues == [] and reading.papers == []
    first, last = reading.order[0], reading.order[-1]
    assert reading.prev(first) is None and reading.next(last) is None
    assert reading.place(first) == "000_1da50ff15a4639bc.txt 1/4"
    assert reading.place(last) == "004_8f21bd2acd7777d7.txt 6/6"
    assert all("第" not in reading.place(a) for a in reading.order)
    # continued from 第1版 of an issue nothing names: the marker, no target
    cont = next(a for a in reading.order if a.continued_from)
    [link] = reading.links(cont)
    assert (link.kind, link.page, link.article, link.page_found) == ("from", 1, None, False)
    assert reading.continued_from(cont) is None


def test_continuations_link_both_ways_on_the_same_issue(tmp_path, seeds):
    reading = Reading(archive(tmp_path, seeds).articles)
    by = {(a.source, a.order): a for a in reading.order}
    head, other, plain = (by[("无锡日报/2024/06/07/01.txt", k)] for k in range(3))
    taken_up, alone, second = (by[("无锡日报/2024/06/07/05.txt", k)] for k in range(3))
    assert head.continues_to == 5 and other.continues_to == 5 and plain.continues_to is None
    assert taken_up.continued_from == 1 and second.continued_from == 1  # （上接…） and （续…）
    assert second.marker == "（续第1版）"
    # the k-th sent on is the k-th taken up
    assert reading.continues(head) is taken_up and reading.continued_from(taken_up) is head
    assert reading.continues(other) is second and reading.continued_from(second) is other
    assert reading.continues(plain) is None and reading.links(plain) == []
    assert reading.links(alone) == []
    [link] = reading.links(head)
    assert (link.kind, link.page, link.article) == ("to", 5, taken_up)
    assert link.label == f"下转第5版 · {taken_up.title}"
    [link] = reading.links(second)
    assert link.label == "上接第1版 · 另一篇报道"
    # the （下转第5版） line stays with its article, at the end of its text
    assert head.paragraphs[-1].endswith("要坚持（下转第5版）")
    assert [a.title for a in reading.order if a.source == head.source] == ["头版头条会议召开", "另一篇报道", "第三篇不转版"]


def test_a_continuation_by_its_repeated_headline_and_missing_targets(tmp_path, seeds):
    reading = Reading(archive(tmp_path, seeds).articles)
    by = {(a.source, a.order): a for a in reading.order}
    front = by[("无锡日报/2024/06/09/01.txt", 0)]
    page2 = [a for a in reading.order if a.source == "无锡日报/2024/06/09/02.txt"]
    same = next(a for a in page2 if a.title == "矢志争创一流")
    assert reading.continued_from(same) is front and reading.continues(front) is same
    # the other two taken up from 第1版: that page is there, their articles are not
    for a in page2:
        if a.continued_from and a is not same:
            [link] = reading.links(a)
            assert link.article is None and link.page_found
            assert "not found on that page" in link.label
    # the page named is not in the archive (2024-06-08 has only 第3版)
    cont = next(a for a in reading.order if a.source == "无锡日报/2024/06/08/03.txt" and a.continued_from)
    [link] = reading.links(cont)
    assert link.article is None and not link.page_found and "not in this archive" in link.label
    # never across issues: 2024-06-06 第2版 takes up seed 0's 第1版, which has no such articles
    june6 = [a for a in reading.order if a.source == "无锡日报/2024/06/06/02.txt" and a.continued_from]
    assert june6 and all(reading.continued_from(a) is None for a in june6)


def test_reading_of_builds_once_per_corpus_and_again_when_it_grows(tmp_path, seeds):
    corpus = archive(tmp_path, seeds)
    first = reading_of(corpus)
    assert reading_of(corpus) is first
    corpus.articles = corpus.articles[:-1]
    again = reading_of(corpus)
    assert again is not first and len(again) == len(corpus.articles)


def test_building_is_linear_enough_for_a_large_archive(seed_corpus):
    """100 000 articles (the seeds' laid out again and again, 16 pages an issue): built in
    well under a second, so a corpus's reading order costs nothing noticeable."""
    from dataclasses import replace
    from datetime import date, timedelta

    arts = []
    base = seed_corpus.articles
    copies = -(-100_000 // len(base))
    for n in range(copies):
        day = date(2020, 1, 1) + timedelta(days=n // 16)
        for a in base:
            arts.append(replace(a, id=f"{a.id}-{n}", source=f"{day}/{n % 16 + 1:02d}/{a.source}",
                                issue=day, page_no=n % 16 + 1, page=n))
    start = time.perf_counter()
    reading = Reading(arts)
    took = time.perf_counter() - start
    assert len(reading) == len(arts) >= 100_000 and len(reading.issues) == -(-copies // 16)
    assert took < 3.0, f"{took:.2f} s"  # ~0.3 s here; loose for a loaded machine


FRONT_10 = """太湖治理再出发

本报讯 6月10日，太湖蓝藻防控和湖泊生态修复工作全面展开，（下转第2版）

地铁五号线开通

本报讯 6月10日，地铁五号线今日开通运营，沿线站点（下转第2版）
"""

PAGE2_10 = """（上接第1版）地铁五号线全长二十六公里，沿线站点换乘便利。

（上接第1版）太湖蓝藻防控之外，湖泊生态修复也在推进。
"""


def test_continuations_taken_up_in_another_order_pair_by_their_words(tmp_path, seeds):
    """No headline repeated: the parts between the same two pages pair by what they share,
    not by their order (here the second page takes them up the other way round)."""
    corpus = load_corpus(build(tmp_path / "a", seeds, {"日报/2024/06/10/01.txt": FRONT_10,
                                                        "日报/2024/06/10/02.txt": PAGE2_10}))
    reading = Reading(corpus.articles)
    lake, metro = [a for a in reading.order if a.page_no == 1]
    first, second = [a for a in reading.order if a.page_no == 2]
    assert reading.continues(lake) is second and reading.continued_from(second) is lake
    assert reading.continues(metro) is first and reading.continued_from(first) is metro
