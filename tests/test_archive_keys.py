"""Reading an archive in the app, as a person sees it: `]` / `[` through an issue front to
back (the pane's subtitle says where: ``2024-06-07 · 第1版 2/3``), `c` to where an article
goes on or came from, `i` for the issues view and back to an article — on the rendered
screen of a Pilot-driven app."""

from __future__ import annotations

from reader.corpus import load_corpus
from reader.tui.screens.issues import IssuesScreen
from test_archive_reading import FRONT, PAGE5
from test_archive_layouts import build
from tui_helpers import make_app, ready, screen_text, settle, wait_for_text, wait_until


def _archive(tmp_path, seeds):
    return load_corpus(build(tmp_path / "archive", seeds, {
        "无锡日报/2024/06/07/01.txt": FRONT,
        "无锡日报/2024/06/07/05.txt": PAGE5,
        "无锡日报/2024/06/06/01.txt": 0,
    }))


def _pane_title(app) -> str:
    return str(app.screen.pane.border_title)


async def _open(pilot, app, title: str) -> None:
    screen = app.main_screen
    article = next(a for a in app.corpus.articles if a.title == title)
    screen.open(article)
    await wait_until(pilot, lambda: screen.open_article is article, what=f"{title} open")


async def test_brackets_read_an_issue_front_to_back_and_the_pane_says_where(tmp_path, seeds):
    app = make_app(_archive(tmp_path, seeds), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        await _open(pilot, app, "头版头条会议召开")
        await wait_for_text(pilot, "2024-06-07 · 第1版 1/3 · 下转第5版 (c)")
        await pilot.press("right_square_bracket")
        text = await wait_for_text(pilot, "2024-06-07 · 第1版 2/3")
        assert "另一篇报道" in _pane_title(app)
        await pilot.press("right_square_bracket", "right_square_bracket")  # the page's last, then page 5
        text = await wait_for_text(pilot, "2024-06-07 · 第5版 1/3 · 上接第1版 (c)")
        assert "以人民为中心" in text, text
        await pilot.press("left_square_bracket")  # back across the page
        await wait_for_text(pilot, "2024-06-07 · 第1版 3/3")
        # at the start of the archive: the 2024-06-06 issue's first article, then no further
        app.main_screen.open(app.main_screen._reading.order[0])
        await pilot.press("left_square_bracket")
        await wait_for_text(pilot, "The first article of the archive.")


async def test_c_follows_the_continuation_both_ways(tmp_path, seeds):
    app = make_app(_archive(tmp_path, seeds), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        await _open(pilot, app, "头版头条会议召开")
        await wait_for_text(pilot, "下转第5版 (c)")
        await pilot.press("c")
        text = await wait_for_text(pilot, "第5版 1/3 · 上接第1版 (c)")
        assert "以人民为中心的发展思想" in text
        await pilot.press("c")  # and back where it came from
        text = await wait_for_text(pilot, "第1版 1/3 · 下转第5版 (c)")
        assert "头版头条会议召开" in _pane_title(app)
        await _open(pilot, app, "第三篇不转版")
        await pilot.press("c")
        await wait_for_text(pilot, "This article is not continued from or on another page.")


async def test_c_from_the_list_follows_the_highlighted_article(tmp_path, seeds):
    app = make_app(_archive(tmp_path, seeds), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        await _open(pilot, app, "第三篇不转版")  # in the pane: not continued
        lst = app.main_screen.article_list
        lst.focus()
        await wait_until(pilot, lambda: lst.has_focus, what="the list focused")
        want = next(k for k, a in enumerate(lst.articles) if a.title == "头版头条会议召开")
        while lst.cursor != want:
            await pilot.press("down" if lst.cursor < want else "up")
        await pilot.press("c")  # the highlighted one's continuation, not the pane's "not continued"
        text = await wait_for_text(pilot, "第5版 1/3 · 上接第1版 (c)")
        assert "以人民为中心的发展思想" in text


async def test_i_opens_the_issue_of_the_open_article_and_enter_opens_one(tmp_path, seeds):
    app = make_app(_archive(tmp_path, seeds), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        await _open(pilot, app, "头版头条会议召开")
        await pilot.press("i")
        text = await wait_for_text(pilot, "第5版")
        assert isinstance(app.screen, IssuesScreen)
        assert "第1版" in text and "2024-06-07" in text
        await pilot.press("down", "enter")  # page 5 → its articles
        text = await wait_for_text(pilot, "本版另一篇文章")
        await pilot.press("down", "enter")  # its second article
        await wait_until(pilot, lambda: not isinstance(app.screen, IssuesScreen), what="the issues view closed")
        await settle(pilot)
        assert "本版另一篇文章" in _pane_title(app)
        assert "2024-06-07 · 第5版 2/3" in screen_text(app)


async def test_i_again_starts_afresh_at_the_open_article_in_the_same_kept_view(tmp_path, seeds):
    # the view is built once per issue order and shown again: each `i` still starts at the
    # open article's issue and page, wherever the last visit left it
    app = make_app(_archive(tmp_path, seeds), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        await _open(pilot, app, "头版头条会议召开")
        await pilot.press("i")
        await wait_for_text(pilot, "Issues › 无锡日报 › 2024-06-07")
        first = app.screen
        await pilot.press("down", "enter")  # into page 5's articles, then closed from there
        await wait_for_text(pilot, "Issues › 无锡日报 › 2024-06-07 › 第5版")
        await pilot.press("q")
        await wait_until(pilot, lambda: app.screen is app.main_screen, what="the issues view closed")
        other = next(a for a in app.corpus.articles if a.issue is not None and a.issue.isoformat() == "2024-06-06")
        await _open(pilot, app, other.title)
        await pilot.press("i")
        text = await wait_for_text(pilot, "Issues › 无锡日报 › 2024-06-06")
        assert app.screen is first
        assert "› 第5版" not in text and "Enter: the page's articles" in text  # its pages, not the last visit's
        await pilot.press("escape")  # a level up: the month of that issue
        await wait_for_text(pilot, "Issues › 无锡日报 › 2024年6月")


async def test_the_flat_seeds_say_file_and_place_never_a_page_number(seed_corpus, seed_index, tmp_path):
    app = make_app(seed_corpus, seed_index, tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        app.main_screen.open(seed_corpus.articles[1])
        await wait_for_text(pilot, "000_1da50ff15a4639bc.txt 2/")
        subtitle = str(app.main_screen.pane.border_subtitle)
        assert "版" not in subtitle and " p1" not in subtitle and "页" not in subtitle
        await pilot.press("i")
        await wait_for_text(pilot, "No page of this corpus has an issue date")


async def test_I_scopes_the_search_to_the_issue_then_the_paper_and_the_box_says_so(tmp_path, seeds):
    app = make_app(_archive(tmp_path, seeds), tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await ready(pilot)
        await _open(pilot, app, "头版头条会议召开")
        await pilot.press("I")
        text = await wait_for_text(pilot, "paper:无锡日报 issue:2024-06-07")
        await wait_for_text(pilot, "6 hits")  # the 06-07 issue's pages 1 and 5, not the 06-06 issue's
        assert "Search scoped to this issue" in text or "this issue" in screen_text(app)
        await pilot.press("I")
        await wait_for_text(pilot, "10 hits")  # the paper: both issues
        assert "issue:" not in app.main_screen.query_text and "paper:无锡日报" in app.main_screen.query_text
        await pilot.press("I")
        await wait_for_text(pilot, "Search no longer scoped.")
        assert app.main_screen.query_text.strip() == ""
