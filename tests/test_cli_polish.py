"""What a tester trying the CLI and the app as a new user found next (piped output, a month
for a day, ``--quote`` alone, the help's search fields, the ``y`` toast), each asserted on what
a person sees: the command's output, or the rendered screen."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time

from rich.cells import cell_len

from tui_helpers import call

LONG_PAPER = "一个名字很长很长很长很长很长很长很长很长很长很长很长很长的报纸日报社出版发行"


def _dated_tree(root, seeds, paper: str = "wxrb", days=("2024/06/07", "2024/06/08")):
    """A small archive: *paper*/YYYY/MM/DD/01.txt and 02.txt from the seed pages."""
    pages = sorted(seeds.glob("*.txt"))
    for k, day in enumerate(days):
        folder = root / paper / day
        folder.mkdir(parents=True)
        for n in (1, 2):
            (folder / f"0{n}.txt").write_bytes(pages[(2 * k + n - 1) % len(pages)].read_bytes())
    return root


def _on_a_terminal(*argv: str, columns: int) -> str:
    """`reader ARGV` with stdout on a pseudo-terminal *columns* wide: what it shows, no styles."""
    import re

    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen([sys.executable, "-m", "reader", *argv], stdout=follower, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL, env=env)
    os.close(follower)
    chunks, deadline = [], time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                break
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the other end closed: the command is done
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
    os.close(leader)
    text = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)


# -- piped output is for scripts: no title cut or folded to a guessed 80 columns ----------------
def test_reader_list_piped_keeps_every_row_whole(capsys, monkeypatch, seed_corpus):
    monkeypatch.delenv("COLUMNS", raising=False)
    code, out, _ = call(capsys, "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["id", "date", "where", "title", "authors"]
    assert len(lines) == 1 + len(seed_corpus.articles)  # one line an article: nothing folded
    for a, line in zip(seed_corpus.articles, lines[1:]):
        assert line.startswith(a.id) and a.title in line, line
        assert line.endswith("、".join(a.authors) or a.title), line  # the last column whole, no trailing blanks
    assert max(cell_len(line) for line in lines) > 80  # the long titles are on their lines
    assert "…" not in out


def test_reader_issues_piped_keeps_a_long_paper_name(capsys, monkeypatch, tmp_path, seeds):
    monkeypatch.delenv("COLUMNS", raising=False)
    root = _dated_tree(tmp_path / "archive", seeds, paper=LONG_PAPER)
    code, out, _ = call(capsys, "issues", "--corpus", str(root))
    assert code == 0
    rows = out.splitlines()[1:]
    assert [row.split()[:2] for row in rows] == [["2024-06-08", LONG_PAPER], ["2024-06-07", LONG_PAPER]], out
    code, out, _ = call(capsys, "issue", "2024-06-07", "--corpus", str(root))
    assert code == 0 and out.startswith(f"{LONG_PAPER} 2024-06-07 · 2 版")


def test_an_asked_width_still_applies_when_piped(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = call(capsys, "list")
    assert code == 0 and max(cell_len(line.rstrip()) for line in out.splitlines()) <= 100


def test_on_a_terminal_reader_list_fits_its_width():
    shown = _on_a_terminal("list", columns=100)
    lines = [line.rstrip() for line in shown.splitlines() if line.strip()]
    assert lines[0].split() == ["id", "date", "where", "title", "authors"], shown
    assert max(cell_len(line) for line in lines) <= 100, shown
    assert any(line.startswith(" ") for line in lines)  # a long title folds within its column


# -- reader issue with a month (or a year) says a day is wanted and names the days it has ------
def test_reader_issue_of_a_month_names_that_months_issues(capsys, tmp_path, seeds):
    root = _dated_tree(tmp_path / "archive", seeds, days=("2024/06/07", "2024/06/08", "2024/06/10", "2024/07/01"))
    for typed in ("2024-06", "2024/6", "202406", "2024年6月"):
        for json_flag in ((), ("--json",)):
            code, out, err = call(capsys, "issue", typed, *json_flag, "--corpus", str(root))
            assert code == 2 and out == "", (typed, out)
            assert err.splitlines() == [
                f"reader: issue {typed!r} is a month: `reader issue` shows one day's issue, YYYY-MM-DD; "
                "the issues of wxrb in 2024-06: 2024-06-07 to 2024-06-08, 2024-06-10 (3 issues)"], err
    code, out, err = call(capsys, "issue", "2024", "--corpus", str(root))
    assert code == 2 and "is a year" in err and "in 2024: 2024-06-07 to 2024-06-08, 2024-06-10, 2024-07-01 (4 issues)" in err
    code, out, err = call(capsys, "issue", "2024-05", "--corpus", str(root))
    assert code == 2 and "no issue in 2024-05; the archive's issues run from 2024-06-07 to 2024-07-01" in err, err


def test_reader_issue_of_a_day_without_one_names_the_nearest(capsys, tmp_path, seeds):
    root = _dated_tree(tmp_path / "archive", seeds, days=("2024/06/07", "2024/06/10"))
    code, out, err = call(capsys, "issue", "2024-06-08", "--corpus", str(root))
    assert code == 2 and err == "reader: no issue dated 2024-06-08; the nearest: 2024-06-07 before, 2024-06-10 after\n"
    code, out, err = call(capsys, "issue", "6月", "--corpus", str(root))
    assert code == 2 and err.startswith("reader: issue '6月': not a date; give the issue's day as YYYY-MM-DD"), err
    assert "not a date: '6月'" not in err  # (it said what was typed twice)


# -- show ID --quote without N quotes the first paragraph, as y does on an article just opened --
def test_show_quote_without_n_quotes_the_first_paragraph(capsys, seed_corpus):
    a = seed_corpus.articles[0]
    code, out, err = call(capsys, "show", a.id, "--quote")
    assert code == 0 and err == ""
    text, cite = out.splitlines()
    assert text == f"「{a.paragraphs[0].strip()}」" and cite.startswith(f"——《{a.title}》")
    assert call(capsys, "show", a.id, "--quote", "1") == (0, out, "")  # N still works, the same for 1
    code, second, _ = call(capsys, "show", a.id, "--quote", "2")
    assert code == 0 and second.startswith(f"「{a.paragraphs[1].strip()[:20]}")
    code, out, _ = call(capsys, "show", a.id, "--quote", "--citation", "gbt7714")
    assert code == 0 and out.splitlines()[1].endswith("[N]. 000_1da50ff15a4639bc.txt.")
    import json

    code, out, _ = call(capsys, "show", a.id, "--quote", "--json")
    assert code == 0 and json.loads(out)["paragraph"] == 1
    code, out, err = call(capsys, "show", "--quote", a.id)  # the id after --quote: where it goes
    assert code == 2 and "reader show ID --quote [N]" in err.splitlines()[0], err
    code, out, err = call(capsys, "show", "--help")
    assert "--quote [N]" in out and "without N the first" in " ".join(out.split())


# -- the help's search syntax names every field the query parser knows -------------------------
async def test_the_help_names_every_search_field(app):
    from reader.search.fields import FIELDS
    from tui_helpers import ready, screen_text, settle

    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("escape", "escape", "question_mark", "end")
        await settle(pilot)
        text = screen_text(app)
        syntax = " ".join(text.split("Search syntax:", 1)[1].split("(grouping).", 1)[0].replace("┃", " ").replace("▎", " ").split())
        for example in ("title:…", "author:…", "date:9月", "source:…", "paper:…", "page:3", "issue:2024-06-07"):
            assert example in syntax, (example, syntax)
        assert all(f"{f.name}:" in syntax for f in FIELDS), syntax  # every row of the table, none left out


def test_search_help_names_every_field(capsys):
    from reader.search.fields import NAMES

    code, out, _ = call(capsys, "search", "--help")
    assert code == 0
    query = " ".join(out.split("query ", 1)[1].split("options:", 1)[0].split())
    assert all(f"{name}:" in query for name in NAMES), query


# -- the y toast reads cleanly: what did not work on a line of its own, no brackets in brackets --
def _deepest_brackets(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        if ch in "(（":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")）":
            depth -= 1
    return deepest


async def _y_toast(corpus, tmp_path, article) -> str:
    from tui_helpers import make_app, ready, screen_text, settle, toast_text, wait_for_text

    app = make_app(corpus, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        app.main_screen.open(article)
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        await wait_for_text(pilot, "xsel or pbcopy")
        return toast_text(screen_text(app))


async def test_the_y_toast_has_no_brackets_in_brackets(tmp_path, seeds, seed_corpus):
    from reader.corpus import load_corpus

    archive = load_corpus(_dated_tree(tmp_path / "archive", seeds))
    for corpus, article, cited in ((seed_corpus, seed_corpus.articles[0], "000_1da50ff15a4639bc.txt"),
                                   (archive, archive.articles[0], "wxrb，2024年6月7日，第1版")):
        said = await _y_toast(corpus, tmp_path / cited[:4], article)
        compact = "".join(said.split())
        assert "Quotesenttotheterminal'sclipboard" in compact and "".join(cited.split()) in compact, said
        saved = "".join(str(tmp_path / cited[:4] / "data" / "clipboard.txt").split())
        assert f"alsosavedto{saved}noclipboardtoolhere" in compact, said  # the path, then what did not work
        assert _deepest_brackets(said) == 1, said  # "(or tmux)", "(wl-copy, …)": side by side, never nested


def test_on_a_narrow_terminal_reader_list_keeps_the_titles(seed_corpus):
    for columns in (60, 70):
        lines = [line.rstrip() for line in _on_a_terminal("list", columns=columns).splitlines() if line.strip()]
        assert lines[0].split()[:4] == ["id", "date", "where", "title"], (columns, lines[0])
        assert max(cell_len(line) for line in lines) <= columns, columns
        for a in seed_corpus.articles:  # each row: its id whole, its title begun beside it
            row = next(line for line in lines if line.startswith(a.id))
            assert a.title[:6] in row, (columns, a.title, row)


# -- a continuation printed without headline: its words for a title, 上接第1版 beside it ------------
LEAD = "全会强调，要坚决履行管党治党政治责任"


def _continued(corpus):
    return next(a for a in corpus.articles if a.title_inferred and a.continued_from == 1)


async def test_a_headless_continuation_is_titled_by_its_words_in_the_list(seed_corpus, tmp_path):
    from tui_helpers import make_app, ready, screen_lines

    a = _continued(seed_corpus)
    assert a.title == LEAD and a.id == "daa8cf2ac8"  # its id as it was, so bookmarks of it still find it
    app = make_app(seed_corpus, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.main_screen.article_list.cursor = seed_corpus.articles.index(a)
        await pilot.pause()
        lines = screen_lines(app)
        row = next(k for k, line in enumerate(lines) if LEAD in line)
        assert "续第1版" not in lines[row] and "上接第1版" in lines[row + 1], lines[row:row + 2]
        assert not any("（续第" in line for line in lines)


async def test_a_headless_continuation_in_the_issues_view_and_reader_issue(capsys, seeds, tmp_path):
    from reader.corpus import load_corpus
    from reader.corpus.reading import Reading
    from test_archive_issues import Host
    from tui_helpers import wait_for_screen

    pages = sorted(seeds.glob("*.txt"))
    day = tmp_path / "archive" / "wxrb" / "2024" / "06" / "07"
    day.mkdir(parents=True)
    (day / "01.txt").write_bytes(pages[0].read_bytes())
    (day / "03.txt").write_bytes(pages[3].read_bytes())
    corpus = load_corpus(tmp_path / "archive")
    a = _continued(corpus)
    app = Host(Reading(corpus.articles), a)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, "Issues › wxrb › 2024-06-07")
        await pilot.press("enter")  # the cursor on its page: 第3版
        shown = await wait_for_screen(pilot, "› 第3版", LEAD)
        row = next(line for line in shown.splitlines() if LEAD in line)
        assert "续第1版" not in row and "上接第1版" in row, row
    code, out, _ = call(capsys, "issue", "2024-06-07", "--corpus", str(tmp_path / "archive"))
    assert code == 0 and f"  {a.id}  {LEAD}  上接第1版\n" in out, out
