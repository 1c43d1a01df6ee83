"""One folder with everything a newsroom export can throw at the reader: it starts, warns
once per bad file with the reason, and loads everything loadable."""

from __future__ import annotations

import os
import random
import shutil

import pytest

from reader.corpus import load_corpus
from tui_helpers import wait_until

SEEDS_NAMES = ["000_1da50ff15a4639bc.txt", "001_2c0a0f2cccb9818b.txt", "002_ee7dceab59559e6c.txt",
               "003_97f06f6a0800c661.txt", "004_8f21bd2acd7777d7.txt"]


def _traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, seeds):
    folder = tmp_path_factory.mktemp("hostile")
    text = {n: (seeds / n).read_text("utf-8") for n in SEEDS_NAMES}
    (folder / "a_gb18030.txt").write_bytes(text[SEEDS_NAMES[0]].encode("gb18030"))
    (folder / "b_utf16.txt").write_bytes(text[SEEDS_NAMES[1]].encode("utf-16"))
    (folder / "c_bom.txt").write_bytes(b"\xef\xbb\xbf" + text[SEEDS_NAMES[2]].encode("utf-8"))
    (folder / "d_crlf.txt").write_bytes(text[SEEDS_NAMES[3]].replace("\n", "\r\n").encode("utf-8"))
    (folder / "e_traditional.txt").write_text(_traditional(text[SEEDS_NAMES[4]]), "utf-8")
    shutil.copy(folder / "a_gb18030.txt", folder / "f_duplicate.txt")
    (folder / "g_nul.txt").write_bytes(text[SEEDS_NAMES[4]].replace("市委", "市\x00委", 1).encode("utf-8"))
    (folder / "h_binary.txt").write_bytes(random.Random(3).randbytes(20000))
    (folder / "i_empty.txt").write_bytes(b"")
    sentence = "无锡加快发展新质生产力，推动高质量发展。"
    (folder / "j_oneline.txt").write_text(sentence * (1_000_000 // len(sentence.encode())), "utf-8")
    # 50 MB: a year of a paper's pages in one file
    page = text[SEEDS_NAMES[3]] + "\n\n"
    with open(folder / "k_50mb.txt", "w", encoding="utf-8") as fh:
        for _ in range(50_000_000 // len(page.encode()) + 1):
            fh.write(page)
    (folder / "l_loop.txt").symlink_to(folder / "l_loop.txt")
    os.mkfifo(folder / "m_fifo.txt")  # reading it would block forever
    (folder / "n_dir.txt").mkdir()  # a folder, whatever its name: read as one (it is empty)
    (folder / "o_secret.txt").write_text(text[SEEDS_NAMES[0]].replace("杜小刚", "保密"), "utf-8")
    (folder / "o_secret.txt").chmod(0)
    return folder


EXPECTED_WARNINGS = {
    "f_duplicate.txt": "skipped: the same text as a_gb18030.txt",
    "g_nul.txt": "loaded with repairs: removed 1 NUL byte",
    "h_binary.txt": "skipped: not text",
    "i_empty.txt": "skipped: empty file",
    "j_oneline.txt": "loaded with repairs",
    "l_loop.txt": "skipped: Too many levels of symbolic links",
    "m_fifo.txt": "skipped: not a regular file",
}


def test_hostile_folder_loads_everything_loadable(hostile, seed_corpus):
    corpus = load_corpus(hostile)
    names = {w.split(":", 1)[0] for w in corpus.warnings}
    expected = dict(EXPECTED_WARNINGS)
    if os.geteuid() != 0:  # root reads any file
        expected["o_secret.txt"] = "skipped: Permission denied"
    assert len(corpus.warnings) == len(names) == len(expected), corpus.warnings  # once per file
    for w in corpus.warnings:
        name, _, reason = w.partition(": ")
        assert reason.startswith(expected[name]), w
    by_source: dict[str, list] = {}
    for a in corpus.articles:
        by_source.setdefault(a.source, []).append(a)
    seeds_by_page = {}
    for a in seed_corpus.articles:
        seeds_by_page.setdefault(a.source, []).append(a)
    # every encoding gives exactly the articles of the page it holds
    for name, seed in zip(["a_gb18030.txt", "b_utf16.txt", "c_bom.txt", "d_crlf.txt"], SEEDS_NAMES):
        got, want = by_source[name], seeds_by_page[seed]
        assert [(a.title, a.paragraphs, a.authors, a.date) for a in got] == \
               [(a.title, a.paragraphs, a.authors, a.date) for a in want], name
    # a traditional-script page parses the same as its simplified original
    trad, simp = by_source["e_traditional.txt"], seeds_by_page[SEEDS_NAMES[4]]
    assert [(_traditional(a.title), a.date, len(a.paragraphs), a.continued_from) for a in simp] == \
           [(a.title, a.date, len(a.paragraphs), a.continued_from) for a in trad]
    assert "f_duplicate.txt" not in by_source
    repeats = 50_000_000 // len(((hostile / "d_crlf.txt").read_bytes().replace(b"\r\n", b"\n") + b"\n\n")) + 1
    assert len(by_source["k_50mb.txt"]) == repeats * len(seeds_by_page[SEEDS_NAMES[3]])  # all 50 MB
    assert len({a.id for a in corpus.articles}) == len(corpus.articles)  # ids stay unique


def test_traditional_text_is_found_by_simplified_queries(hostile, tmp_path):
    from reader.search import open_search

    folder = tmp_path / "trad"
    folder.mkdir()
    shutil.copy(hostile / "e_traditional.txt", folder)
    shutil.copy(hostile / "c_bom.txt", folder)
    corpus = load_corpus(folder)
    engine, _ = open_search(corpus, tmp_path / "cache")
    res = engine.search("无锡 高质量发展", limit=None)
    sources = {h.article.source for h in res.hits}
    assert "e_traditional.txt" in sources
    hit = next(h for h in res.hits if h.article.source == "e_traditional.txt")
    assert {hit.snippet[s:e] for s, e in hit.snippet_spans} <= {"無錫", "高質量發展"}


def test_cli_lists_the_hostile_folder_with_one_line_per_bad_file(hostile, capsys):
    import json

    from reader.cli import main

    assert main(["list", "--corpus", str(hostile), "--json"]) == 0
    captured = capsys.readouterr()
    listed = json.loads(captured.out)
    warnings = [line for line in captured.err.splitlines() if line.startswith("reader: warning:")]
    assert len(warnings) == len(EXPECTED_WARNINGS) + (os.geteuid() != 0)
    assert len(listed) == len(load_corpus(hostile).articles) > 5000


async def test_app_starts_on_the_hostile_folder(hostile, tmp_path):
    from reader.tui.app import ReaderApp
    from reader.tui.widgets.article_list import ArticleList

    corpus = load_corpus(hostile)
    app = ReaderApp(corpus, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: len(app.screen.query_one(ArticleList).articles) == len(corpus.articles)
                         and any(n.title.startswith("Reading the archive: ") and "skipped" in n.title for n in app._notifications),
                         what="the list and the skipped-files notice")
        assert app.main_screen.status.index  # indexing, in the background
        await pilot.press("q")
