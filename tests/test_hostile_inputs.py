"""Hostile input, end to end: names, bytes and queries nobody here wrote reach the real
`reader` console script (and the app's rendered screen) and come out as plain, visible text —
never as terminal commands, never as markup, never as a traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

READER = str(Path(sys.executable).parent / "reader")

# what must never reach a terminal from the data: C0 but \n and \t, DEL, C1, lone surrogates,
# bidi embeddings/overrides/isolates
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def run(*args: str | bytes, env: dict | None = None, timeout: float = 180) -> subprocess.CompletedProcess:
    """The venv's `reader` script, as a user runs it; stdout/stderr as bytes (what a terminal reads)."""
    return subprocess.run([READER, *args], capture_output=True, env={**os.environ, **(env or {})}, timeout=timeout)


def text_of(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def assert_no_traceback(proc: subprocess.CompletedProcess) -> None:
    err = text_of(proc.stderr)
    assert "Traceback" not in err and "Error:" not in err.replace("reader: ", ""), err[-2000:]


# -- queries --------------------------------------------------------------------------------

LONG_QUERIES = {
    "300 nested brackets": "(" * 300 + "无锡" + ")" * 300,
    "300 NOTs": "NOT " * 240 + "无锡",
    "nested negations": "- (" * 200 + "无锡" + ")" * 200,
    "1,200 pinyin initials": "dxg" * 400,
    "5,000 letters of syllables": "zhong" * 1000,
    "300 pinyin initials (under the length bound)": "dxg" * 100,
}


@pytest.mark.parametrize("name", list(LONG_QUERIES))
def test_cli_long_query_is_a_one_line_hint_exit_2(name):
    proc = run("search", LONG_QUERIES[name])
    assert_no_traceback(proc)
    assert proc.returncode == 2, text_of(proc.stderr)
    lines = [ln for ln in text_of(proc.stderr).splitlines() if not ln.startswith("reader: indexing")]
    assert len(lines) == 1 and lines[0].startswith("reader: "), lines
    assert re.search(r"too (long|deep|many letters)", lines[0]), lines[0]


def test_bounds_leave_ordinary_queries_alone():
    from reader.search.query import MAX_DEPTH, parse

    parse("(" * MAX_DEPTH + "无锡" + ")" * MAX_DEPTH)
    parse("NOT " * (MAX_DEPTH - 1) + "无锡")
    proc = run("search", "--limit", "1", "(" * 10 + "无锡" + ")" * 10)
    assert proc.returncode == 0 and "match" in text_of(proc.stdout)
    proc = run("search", "--no-pinyin", "--limit", "1", "dxg" * 100)  # pinyin off: letters as typed
    assert proc.returncode == 0, text_of(proc.stderr)


QUERY_ALPHABET = st.sampled_from(
    list('()"-:* \t\n\x00\x1b\x7f\x9b\x9d\u202e\u2066\ud800\udcff') + list("abcdgxzhong'") + list("无锡杜小刚中国市")
    + ["title:", "author:", "date:", "source:", " OR ", " NOT ", " AND ", "9月4日", "09-04", "[/]", "[b]"]
)
QUERIES = st.one_of(
    st.text(max_size=60),  # any code point, controls and surrogates included
    st.lists(QUERY_ALPHABET, max_size=80).map("".join),
    st.lists(QUERY_ALPHABET, min_size=200, max_size=700).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(query=QUERIES)
def test_engine_answers_any_query_or_hints(engine, query):
    from reader.search import QueryError

    engine.set_pinyin(True)
    try:
        results = engine.search(query, limit=10)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    for hit in results.hits[:3]:
        engine.spans(hit.article, results.literals)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(query=st.lists(QUERY_ALPHABET, min_size=1, max_size=400).map("".join))
def test_cli_answers_any_query_without_traceback(query):
    query = query.replace("\x00", "")  # argv cannot carry NUL
    proc = run("search", "--limit", "3", "--", query.encode("utf-8", "surrogatepass"))  # bytes, as a shell passes them
    assert_no_traceback(proc)
    assert proc.returncode in (0, 2)
    out = text_of(proc.stdout) + text_of(proc.stderr)
    assert not RAW_CONTROL.search(out.replace("\n", "").replace("\t", "")), repr(out[:500])


# -- the app's rendered screen ------------------------------------------------------------------

def screen_segments(app) -> list[list]:
    """The app's current screen as the terminal gets it: each line's segments."""
    update = app.screen._compositor.render_full_update()
    return [[seg for strip in line for seg in strip] for line in update.strips]


def screen_text(app) -> str:
    """Every cell of the app's current screen, line by line (segments' text)."""
    return "\n".join("".join(seg.text for seg in line) for line in screen_segments(app))


@pytest.mark.parametrize("name", ["300 nested brackets", "1,200 pinyin initials", "5,000 letters of syllables"])
async def test_app_long_query_is_a_hint_in_the_status_line(seed_corpus, seed_cache, engine, tmp_path, name):
    from reader.tui.widgets.search_box import SearchBox
    from tui_helpers import make_app, ready, settle

    app = make_app(seed_corpus, seed_cache, tmp_path / "data")
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        app.screen.query_one(SearchBox).value = LONG_QUERIES[name]
        await settle(pilot)
        status = screen_text(app).splitlines()[-2]  # above the footer
        assert re.search(r"too (long|deep|many letters)", status), status
        assert "not searched" in status
        assert not any(n.title == "Search failed" for n in app._notifications), list(app._notifications)


# -- names and bytes ---------------------------------------------------------------------------

ESC_NAME = "001_\x1b]52;c;ZXZpbA==\x07\x1b[2J.txt"  # writes the clipboard, then clears the screen
GBK_NAME = "无锡日报第1版.txt".encode("gbk")
RAW_NAME = b"\xff\xfe_raw.txt"  # neither UTF-8 nor GB18030
C1_TITLE = "控制\x9b2J字符\x9d0;evil\x9c标题"
MARKUP_TITLES = ["[/]", "[link=https://evil.example/x]点我[/link]", "[bold red]红色[/] :smile:"]


def _page(headline: str, day: int, words: str) -> str:
    return (f"\n\n{headline}\n\n本报讯 9月{day}日，{words}港口新航线开通，物流企业反映良好。\n\n"
            f"会议强调，要{words}持续推进。（记者 张{day}）\n")


def make_hostile_corpus(base: Path) -> Path:
    folder = base / "corpus_\x1b[2J\u202e"
    folder.mkdir()
    (folder / ESC_NAME).write_text(_page("海港新航线开通", 1, "航线"), "utf-8")
    (folder / "002_c1.txt").write_text(
        _page(C1_TITLE, 2, "控制\x1b[2J清屏\x1b]0;title\x07与\u202e反转\u202c和\x7f删除"), "utf-8")
    (folder / "003_markup.txt").write_text(
        "".join(_page(t, 3 + k, f"标记{k}") for k, t in enumerate(MARKUP_TITLES)), "utf-8")
    os.close(os.open(os.path.join(os.fsencode(folder), GBK_NAME), os.O_CREAT | os.O_WRONLY, 0o644))
    Path(os.fsdecode(os.path.join(os.fsencode(folder), GBK_NAME))).write_text(_page("国标文件名", 7, "国标"), "utf-8")
    Path(os.fsdecode(os.path.join(os.fsencode(folder), RAW_NAME))).write_text(_page("乱码文件名", 8, "乱码"), "utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> Path:
    return make_hostile_corpus(tmp_path_factory.mktemp("hostile-text"))


@pytest.fixture
def hostile_env(hostile_dir, tmp_path) -> dict:
    return {"READER_CORPUS": str(hostile_dir), "READER_CACHE_DIR": str(tmp_path / "cache"),
            "READER_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "200"}


def assert_clean(data: bytes) -> str:
    """What a terminal would read: valid UTF-8, nothing it would act on; returns the text."""
    text = data.decode("utf-8")  # strict: a lone surrogate or a raw byte fails here
    bad = RAW_CONTROL.search(text)
    assert bad is None, f"raw {bad.group()!r} at {bad.start()}: {text[max(0, bad.start() - 80):bad.start() + 40]!r}"
    return text


def _ids(env) -> dict[str, dict]:
    import json

    proc = run("list", "--json", env=env)
    assert proc.returncode == 0, text_of(proc.stderr)
    return {a["title"]: a for a in json.loads(proc.stdout)}


def test_printable_maps_one_character_to_one():
    from reader.printable import file_label, printable

    s = "a\x1b[2J\x00\x07\r\x7f\x85\x9b\x9d\x9c\ud800\udcff\u202e\u2066\u2028b\n\t"
    out = printable(s)
    assert len(out) == len(s)
    assert out == "a␛[2J␀␇␍␡" + "\ufffd" * 9 + "b␊␉"
    assert printable(s, multiline=True).endswith("b\n\t")
    assert not RAW_CONTROL.search(out)
    assert printable("无锡日报 [b]x[/b]") == "无锡日报 [b]x[/b]"  # not a markup escaper
    assert file_label(GBK_NAME) == "无锡日报第1版.txt"
    assert file_label(os.fsdecode(GBK_NAME)) == "无锡日报第1版.txt"
    assert file_label(RAW_NAME) == "\\xff\\xfe_raw.txt"
    assert file_label(ESC_NAME) == "001_␛]52;c;ZXZpbA==␇␛[2J.txt"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_printable_any_text(s):
    from reader.printable import printable

    for multiline in (False, True):
        out = printable(s, multiline)
        assert len(out) == len(s)
        out.encode("utf-8")  # always writable
        assert not RAW_CONTROL.search(out.replace("\n", "").replace("\t", "") if multiline else out)
        assert all(a == b for a, b in zip(s, out) if not RAW_CONTROL.match(a) and a not in "\n\t\u2028\u2029\u061c\u200e\u200f")


def test_cli_list_prints_titles_as_text_never_markup(hostile_env):
    proc = run("list", env=hostile_env)
    assert proc.returncode == 0, text_of(proc.stderr)
    out = assert_clean(proc.stdout)
    for title in MARKUP_TITLES:
        assert title in out, out
    assert "控制�2J字符�0;evil�标题" in out
    assert_clean(proc.stderr)


def test_cli_list_json_keeps_the_exact_text(hostile_env):
    proc = run("list", "--json", env=hostile_env)
    assert_clean(proc.stdout)  # C1 and bidi controls as \\u escapes, like C0
    titles = _ids(hostile_env)
    assert C1_TITLE in titles and all(t in titles for t in MARKUP_TITLES)
    sources = {a["source"] for a in titles.values()}
    assert "无锡日报第1版.txt" in sources and "\\xff\\xfe_raw.txt" in sources


def test_cli_show_and_quote_show_controls_as_pictures(hostile_env):
    titles = _ids(hostile_env)
    for title, a in titles.items():
        proc = run("show", a["id"], env=hostile_env)
        assert proc.returncode == 0, text_of(proc.stderr)
        out = assert_clean(proc.stdout)
        proc = run("show", a["id"], "--quote", "1", env=hostile_env)
        assert proc.returncode == 0, text_of(proc.stderr)
        quote = assert_clean(proc.stdout)
        assert_clean(proc.stderr)
        if title == C1_TITLE:  # (C0 controls in page text are dropped on decoding, with a warning)
            assert "控制\ufffd2J字符\ufffd0;evil\ufffd标题" in out and "与\ufffd反转\ufffd和" in out
        if a["source"].startswith("001_"):
            assert "001_␛]52;c;ZXZpbA==␇␛[2J.txt" in out and "001_␛]52;c;ZXZpbA==␇␛[2J.txt" in quote
        if a["source"].endswith("第1版.txt"):
            assert "无锡日报第1版.txt" in quote


def test_cli_search_related_and_facets_are_clean(hostile_env):
    for args in (["search", "港口"], ["search", "清屏"], ["search", "--facets", "港口"], ["search", "title:[/]"]):
        proc = run(*args, env=hostile_env)
        assert proc.returncode == 0, text_of(proc.stderr)
        out = assert_clean(proc.stdout)
        assert_clean(proc.stderr)
        assert "match" in out
    for a in _ids(hostile_env).values():
        proc = run("related", a["id"], env=hostile_env)
        assert proc.returncode == 0, text_of(proc.stderr)
        assert_clean(proc.stdout)


def test_cli_warns_once_per_odd_file_name_and_keeps_ids(hostile_env):
    proc = run("list", env=hostile_env)
    err = assert_clean(proc.stderr)
    assert err.count("无锡日报第1版.txt") == 1, err
    assert err.count("\\xff\\xfe_raw.txt") == 1, err
    assert "not valid UTF-8" in err
    first = _ids(hostile_env)
    again = _ids(hostile_env)  # from the cache this time
    assert {t: a["id"] for t, a in first.items()} == {t: a["id"] for t, a in again.items()}
    assert "国标文件名" in first and "乱码文件名" in first


def test_cli_search_and_index_with_odd_names(hostile_env):
    proc = run("index", env=hostile_env)
    assert proc.returncode == 0, text_of(proc.stderr)
    assert_clean(proc.stdout)
    proc = run("search", "--json", "国标", env=hostile_env)
    assert proc.returncode == 0, text_of(proc.stderr)
    import json

    hits = json.loads(proc.stdout)
    by_id = {a["id"]: a for a in _ids(hostile_env).values()}
    assert [by_id[h["id"]]["source"] for h in hits] == ["无锡日报第1版.txt"]
    proc = run("search", "source:无锡日报", env=hostile_env)
    assert proc.returncode == 0 and "国标文件名" in assert_clean(proc.stdout)


def _import_hostile_bookmarks(env, base: Path) -> None:
    import json

    articles = list(_ids(env).values())
    marks = [{"article_id": articles[k]["id"], "paragraph": 1, "title": t, "quote": f"引文\x1b[2J{k}\x9b\u202e[/]",
              "note": f"笔记\x1b]52;c;eA==\x07[link=https://evil.example/x]x[/link]{k}", "source": ESC_NAME,
              "created": 1_700_000_000 + k}
             for k, t in enumerate([C1_TITLE, *MARKUP_TITLES])]
    path = base / "marks.json"
    path.write_text(json.dumps({"reader_bookmarks": 1, "bookmarks": marks}), "utf-8")
    proc = run("bookmarks", "import", str(path), env=env)
    assert proc.returncode == 0, text_of(proc.stderr)


def test_cli_bookmarks_list_and_markdown_are_clean(hostile_env, tmp_path):
    _import_hostile_bookmarks(hostile_env, tmp_path)
    proc = run("bookmarks", "list", env=hostile_env)
    assert proc.returncode == 0, text_of(proc.stderr)
    out = assert_clean(proc.stdout)
    assert "[/]" in out and "笔记␛]52;c;eA==␇[link=https://evil.example/x]x[/link]" in out
    assert "引文␛[2J" in out
    proc = run("bookmarks", "export", "--format", "md", env=hostile_env)
    assert proc.returncode == 0, text_of(proc.stderr)
    md = assert_clean(proc.stdout)
    # the quote is the paragraph as the corpus has it (the stored one, hostile, is shown by
    # list, and by an export of an article not in the corpus)
    assert "> 会议强调，要航线持续推进" in md and "引文" not in md
    proc = run("bookmarks", "export", "--format", "md", "-o", str(tmp_path / "out.md"), env=hostile_env)
    assert proc.returncode == 0
    assert_clean((tmp_path / "out.md").read_bytes())
    proc = run("bookmarks", "export", "--format", "json", env=hostile_env)
    assert "\\u001b[2J" in text_of(proc.stdout)  # the exact text, JSON-escaped


def assert_screen_clean(app) -> str:
    text = screen_text(app)
    bad = RAW_CONTROL.search(text)
    assert bad is None, f"raw {bad.group()!r} on screen: {text[max(0, bad.start() - 80):bad.start() + 40]!r}"
    for line in screen_segments(app):
        for seg in line:
            assert not (seg.style and seg.style.link), f"a link on screen: {seg!r}"
    return text


async def test_app_shows_hostile_names_and_text_as_text(hostile_dir, tmp_path):
    from reader.corpus import load_corpus
    from reader.store import UserStore
    from reader.tui.screens.bookmarks import BookmarksScreen
    from tui_helpers import make_app, ready, settle

    corpus = load_corpus(hostile_dir, tmp_path / "cache")
    env = {"READER_CORPUS": str(hostile_dir), "READER_CACHE_DIR": str(tmp_path / "cache"),
           "READER_DATA_DIR": str(tmp_path / "data")}
    _import_hostile_bookmarks(env, tmp_path)
    app = make_app(corpus, tmp_path / "cache", tmp_path / "data", index_in_process=True)
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await ready(pilot)
        text = assert_screen_clean(app)  # list rows, status line, the warnings' toast
        for title in ("[/]", "[bold red]红色[/] :smile:", "控制�2J字符�0;evil�标题"):
            assert title in text, text
        assert "corpus_␛[2J�/" in text  # the folder's name in the status line
        assert "无锡日报第1版.txt" in text  # in the warning
        for article in corpus.articles:
            app.main_screen.open(article)
            await settle(pilot)
            text = assert_screen_clean(app)  # pane, its border title
            assert article.title[:6].translate({0x9b: "\ufffd", 0x9d: "\ufffd"}) in text
        app.main_screen.open(next(a for a in corpus.articles if a.title == C1_TITLE))
        await settle(pilot)
        assert "与\ufffd反转\ufffd和" in screen_text(app)
        app.main_screen.search_box.value = "清屏"
        await settle(pilot)
        assert_screen_clean(app)  # snippets, highlight
        app.main_screen.pane.focus()
        await pilot.press("y")  # the quote's toast
        await settle(pilot)
        assert_screen_clean(app)
        await pilot.press("B")
        await settle(pilot)
        assert isinstance(app.screen, BookmarksScreen)
        text = assert_screen_clean(app)
        assert "[link=https://evil.example/x]x[/link]" in text and "[/]" in text
        await pilot.press("m")  # the note dialog: its quote, and the note in the input
        await settle(pilot)
        assert "[link=https://evil.example/x]x[/link]" in assert_screen_clean(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")  # the deletion's toast names the title
        await settle(pilot)
        assert_screen_clean(app)
    del UserStore


# -- links out of the corpus folder ----------------------------------------------------------

@pytest.fixture
def linked(tmp_path) -> dict:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(_page("外部文件", 9, "外部"), "utf-8")
    folder = tmp_path / "linked"
    (folder / "sub").mkdir(parents=True)
    (folder / "001_page.txt").write_text(_page("正常页面", 1, "正常"), "utf-8")
    (folder / "sub" / "inner.txt").write_text(_page("内部链接", 2, "内部"), "utf-8")
    (folder / "002_outside.txt").symlink_to(outside / "secret.txt")
    (folder / "003_relative.txt").symlink_to(Path("..") / "outside" / "secret.txt")
    (folder / "004_inside.txt").symlink_to(folder / "sub" / "inner.txt")
    (folder / "005_chain.txt").symlink_to(folder / "002_outside.txt")  # inside, to a link out
    (folder / "006_passwd.txt").symlink_to("/etc/passwd")
    return {"READER_CORPUS": str(folder), "READER_CACHE_DIR": str(tmp_path / "cache"),
            "READER_DATA_DIR": str(tmp_path / "data")}


OUT_LINKS = ["002_outside.txt", "003_relative.txt", "005_chain.txt", "006_passwd.txt"]


def test_links_out_of_the_corpus_are_not_followed_and_warned_once(linked):
    import json

    proc = run("list", "--json", env=linked)
    assert proc.returncode == 0, text_of(proc.stderr)
    titles = {a["title"] for a in json.loads(proc.stdout)}
    assert "外部文件" not in titles and "root" not in " ".join(titles)
    assert {"正常页面", "内部链接"} <= titles  # a link within the folder is followed
    err = assert_clean(proc.stderr)
    for name in OUT_LINKS:
        assert err.count(name) == 1, err
    assert "004_inside.txt" not in err
    assert "--follow-links" in err
    proc = run("search", "外部", env=linked)
    assert proc.returncode == 0 and text_of(proc.stdout).startswith("0 articles"), text_of(proc.stdout)


def test_follow_links_reads_them(linked):
    import json

    proc = run("list", "--json", "--follow-links", env=linked)
    assert proc.returncode == 0, text_of(proc.stderr)
    assert "外部文件" in {a["title"] for a in json.loads(proc.stdout)}
    assert "outside the corpus folder" not in text_of(proc.stderr)
    proc = run("search", "--follow-links", "外部", env=linked)
    assert proc.returncode == 0 and "外部文件" in text_of(proc.stdout), text_of(proc.stdout)


def test_follow_links_setting_reads_them(linked, tmp_path):
    import json

    config = tmp_path / "reader.toml"
    config.write_text("follow_links = true\n", "utf-8")
    proc = run("list", "--json", env={**linked, "READER_CONFIG": str(config)})
    assert proc.returncode == 0, text_of(proc.stderr)
    assert "外部文件" in {a["title"] for a in json.loads(proc.stdout)}
    assert "outside the corpus folder" not in text_of(proc.stderr)


def test_loader_takes_follow_links(linked):
    from reader.corpus import load_corpus
    from reader.corpus.preview import CorpusLoader

    root = Path(linked["READER_CORPUS"])
    plain = load_corpus(root)
    assert sum(w.startswith(tuple(OUT_LINKS)) for w in plain.warnings) == len(OUT_LINKS)
    followed = CorpusLoader(root, Path(linked["READER_CACHE_DIR"]), follow_links=True).load()
    assert "外部文件" in {a.title for a in followed.articles}
    assert followed.follow_links and not plain.follow_links


async def test_app_index_child_follows_links_as_the_app_does(linked):
    from reader.corpus.preview import CorpusLoader
    from tui_helpers import make_app, ready, settle

    loader = CorpusLoader(Path(linked["READER_CORPUS"]), Path(linked["READER_CACHE_DIR"]), follow_links=True)
    app = make_app(loader, Path(linked["READER_CACHE_DIR"]), Path(linked["READER_DATA_DIR"]))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, timeout=120)
        app.main_screen.search_box.value = "外部"
        await settle(pilot)
        assert [a.title for a in app.main_screen.article_list.articles] == ["外部文件"]


# -- generated names and bytes ---------------------------------------------------------------

NAME_BYTES = st.binary(min_size=1, max_size=24).map(lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_"))
PAGE_TEXT = st.lists(st.one_of(st.text(min_size=1, max_size=30), st.sampled_from(
    ["\x1b[2J", "\x1b]52;c;eA==\x07", "\x9b31m", "\x9d0;t\x9c", "\u202e", "[/]", "[link=https://evil.example/x]x[/link]",
     "本报讯 9月4日，", "。", "\n\n", "（记者 李四）", "\r", "\x7f", ":smile:"])), min_size=1, max_size=30).map("".join)


def _write_generated(folder: Path, names: list[bytes], texts: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for k, (name, text) in enumerate(zip(names, texts)):
        raw = b"%03d_" % k + name + b".txt"
        with open(os.path.join(os.fsencode(folder), raw), "wb") as fh:
            fh.write(f"\n\n标题{k}\n\n{text}\n\n本报讯 9月{k + 1}日，独有内容{k}。\n".encode("utf-8", "surrogatepass"))


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(names=st.lists(NAME_BYTES, min_size=1, max_size=5), texts=st.lists(PAGE_TEXT, min_size=5, max_size=5))
def test_any_names_and_bytes_load_with_stable_ids(tmp_path_factory, names, texts):
    from reader.corpus import load_corpus
    from reader.printable import is_printable

    base = tmp_path_factory.mktemp("gen")
    _write_generated(base / "pages", names, texts)
    first = load_corpus(base / "pages", base / "cache")
    again = load_corpus(base / "pages", base / "cache")  # from the cache
    assert [a.id for a in first.articles] == [a.id for a in again.articles]
    assert len({f.name for f in first.files}) == len(first.files)
    for f in first.files:
        assert is_printable(f.name)
        f.name.encode("utf-8")
    for w in first.warnings:
        w.encode("utf-8")


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(names=st.lists(NAME_BYTES, min_size=2, max_size=4), texts=st.lists(PAGE_TEXT, min_size=4, max_size=4))
def test_cli_any_names_and_bytes_print_clean(tmp_path_factory, names, texts):
    import json

    base = tmp_path_factory.mktemp("gen-cli")
    _write_generated(base / "pages", names, texts)
    env = {"READER_CORPUS": str(base / "pages"), "READER_CACHE_DIR": str(base / "cache"),
           "READER_DATA_DIR": str(base / "data"), "COLUMNS": "120"}
    proc = run("list", env=env)
    assert proc.returncode == 0, text_of(proc.stderr)
    assert_clean(proc.stdout)
    assert_clean(proc.stderr)
    proc = run("list", "--json", env=env)
    articles = json.loads(proc.stdout)
    for a in articles[:2]:
        for args in (["show", a["id"]], ["show", a["id"], "--quote", "1"]):
            proc = run(*args, env=env)
            assert proc.returncode in (0, 2), text_of(proc.stderr)
            assert_no_traceback(proc)
            assert_clean(proc.stdout)
            assert_clean(proc.stderr)
    proc = run("search", "独有内容", env=env)
    assert proc.returncode == 0, text_of(proc.stderr)
    assert_clean(proc.stdout)


def test_a_damaged_body_of_a_page_named_in_gbk_is_read_again(hostile_dir, tmp_path):
    """The cache knows a page by its shown name; healing a damaged body finds its file on disk."""
    import random

    from reader.corpus import load_corpus

    truth = {a.id: tuple(a.paragraphs) for a in load_corpus(hostile_dir).articles}
    load_corpus(hostile_dir, tmp_path / "cache")
    corpus = load_corpus(hostile_dir, tmp_path / "cache")  # from the cache
    body = sorted((tmp_path / "cache").glob("corpus/*.body"))[0]
    with open(body, "r+b") as fh:
        size = fh.seek(0, 2)
        fh.seek(0)
        fh.write(random.Random(1).randbytes(size))  # in place, every body damaged
    assert {a.id: tuple(a.paragraphs) for a in corpus.articles} == truth
