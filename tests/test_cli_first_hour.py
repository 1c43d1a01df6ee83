"""A new user's first hour on the command line (issue 13 §2): what the terminal shows."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from tui_helpers import call

from reader.cli import main


def run(*args, env=None):
    """The installed entry point in a subprocess: exit code, stdout, stderr."""
    proc = subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True, text=True, encoding="utf-8", env={**os.environ, **(env or {})}, timeout=120,
    )
    return proc.returncode, proc.stdout, proc.stderr


# -- defect 2: a folder whose only page files are empty or undecodable ---------------------
@pytest.fixture
def unreadable_folder(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"")
    (folder / "b.txt").write_bytes(b"\xff\xfe\x00\xd8\x00")
    return folder


@pytest.mark.parametrize("command", [["search", "x"], ["index"], ["list"], ["search", "--json", "x"]])
def test_only_unreadable_pages_is_one_clear_line_and_exit_2(unreadable_folder, command):
    code, out, err = run("--corpus", str(unreadable_folder), *command)
    assert code == 2, err
    assert "Traceback" not in err and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("reader: no readable page files (*.txt) in ")
    assert "2 skipped" in lines[0] and "a.txt: skipped: empty file" in lines[0]


def test_an_empty_folder_says_the_same_kind_of_thing(tmp_path):
    code, out, err = run("--corpus", str(tmp_path), "search", "x")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "no page files" in err


# -- defect 12: argument errors are one line and a hint, exit 2 -----------------------------
@pytest.mark.parametrize("argv, says", [
    (["search", "--limit", "abc", "x"], "reader search: argument --limit: invalid int value: 'abc'"),
    (["show", "abc", "--quote", "x"], "reader show: argument --quote: invalid int value: 'x'"),
    (["bookmarks", "rm"], "reader bookmarks rm: the following arguments are required: id"),
    (["frobnicate"], "reader: argument COMMAND: invalid choice: 'frobnicate'"),
    (["--bogus"], "reader: unrecognized arguments: --bogus"),
    (["search", "x", "--sort", "size"], "reader search: argument --sort: invalid choice: 'size'"),
])
def test_argument_errors_are_one_line_plus_a_hint(capsys, argv, says):
    code, out, err = call(capsys, *argv)
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert lines[0].startswith(says), lines[0]
    assert lines[1].startswith("hint: `reader") and "--help` shows what it takes" in lines[1]
    assert "usage:" not in err


def test_argument_error_through_the_console_script():
    code, out, err = run("search", "--limit", "abc", "无锡")
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "reader search: argument --limit: invalid int value: 'abc'",
        "hint: `reader search --help` shows what it takes",
    ]


# -- defect 4: one numbering convention, the numbers people see ---------------------------
def _json(capsys, *argv):
    code, out, err = call(capsys, *argv)
    assert code == 0, err
    return json.loads(out)


def test_json_numbers_are_the_numbers_people_see(capsys, tmp_path, seed_corpus):
    articles = _json(capsys, "list", "--json")
    first = articles[0]
    assert first["page"] is None and first["order"] == 1  # the first article of its page, which has no 版次
    assert {a["page"] for a in articles} == {None}  # the seeds' pages are numbered by nothing
    code, out, _ = call(capsys, "list")
    row = next(line for line in out.splitlines() if line.startswith(first["id"]))
    assert row.split()[2] == first["source"].removesuffix(".txt")  # the file, where a page would be
    code, out, _ = call(capsys, "search", "杜小刚")
    hit = next(a for a in articles if a["id"] in out)
    assert f"{hit['source'].removesuffix('.txt')} · {hit['id']}" in out and " · p" not in out

    shown = _json(capsys, "show", articles[11]["id"], "--json")
    assert shown["page"] == articles[11]["page"]
    q = _json(capsys, "show", first["id"], "--quote", "2", "--json")
    assert q["paragraph"] == 2 and q["text"] in shown["paragraphs"] + _json(capsys, "show", first["id"], "--json")["paragraphs"]

    # a bookmark on ¶2 is "paragraph": 2 in every JSON, as `bookmarks list` prints it
    from reader.store import UserStore

    store = UserStore(tmp_path / "data")
    article = next(a for a in seed_corpus.articles if a.id == first["id"])
    store.add(article, 1)
    store.close()
    data = ["--data-dir", str(tmp_path / "data")]
    [listed] = _json(capsys, "bookmarks", "list", "--json", *data)
    assert listed["paragraph"] == q["paragraph"] == 2
    code, out, _ = call(capsys, "bookmarks", "list", *data)
    assert "¶2" in out
    export = _json(capsys, "bookmarks", "export", "--format", "json", *data)
    assert export["reader_bookmarks"] == 2 and export["bookmarks"][0]["paragraph"] == 2
    # and the export comes back on the same paragraph
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export), "utf-8")
    other = ["--data-dir", str(tmp_path / "other")]
    assert call(capsys, "bookmarks", "import", str(path), *other)[0] == 0
    assert _json(capsys, "bookmarks", "list", "--json", *other)[0]["paragraph"] == 2


def test_an_export_of_format_1_counted_paragraphs_from_0(capsys, tmp_path, seed_corpus):
    article = seed_corpus.articles[0]
    old = {"reader_bookmarks": 1, "bookmarks": [
        {"id": "0123abcd", "article_id": article.id, "paragraph": 1, "quote": "q", "note": "", "title": article.title,
         "source": article.source, "created": 1.0, "updated": 1.0, "date": ""}]}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), "utf-8")
    data = ["--data-dir", str(tmp_path / "data")]
    assert call(capsys, "bookmarks", "import", str(path), *data)[0] == 0
    [listed] = _json(capsys, "bookmarks", "list", "--json", *data)
    assert listed["paragraph"] == 2  # format 1's 1 was the second paragraph


def test_readme_documents_the_numbering():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    assert "numbers people see" in readme and "_index" in readme


# -- defect 5 (and issue 17's import items): every entry checked, bad ones named ---------------
def _bad_entries(article):
    base = {"article_id": article.id, "quote": "q", "note": "", "title": "t", "source": "s",
            "created": 1_700_000_000.0, "updated": 1_700_000_000.0, "date": ""}
    n = len(article.paragraphs)

    def e(ident, **kw):
        entry = {**base, "id": ident, "paragraph": 1, **kw}
        return {k: v for k, v in entry.items() if v is not _DROP}

    return [
        e("bad00001", paragraph=-5),
        e("bad00002", paragraph=n + 999),  # beyond the article
        e("bad00003", paragraph=10**30),
        e("bad00004", paragraph=True),
        e("bad00005", paragraph="2"),
        e("bad00006", quote=12345),
        e("bad00007", note={"x": 1}),
        e("bad00008", title=["t"]),
        e("bad00009", created=1e300),
        e("bad00010", created=-1.0),
        e("bad00011", updated=float("nan")),
        e("bad00012", updated=float("inf")),
        e("bad00013", article_id=_DROP),
        e("bad00014", paragraph=_DROP),
        "not an object",
        e("bad00016", paragraph=0),
        e("bad00017", paragraph=1.5),
    ]


_DROP = object()


def test_import_rejects_each_bad_entry_with_a_reason_and_imports_the_good(capsys, tmp_path, seed_corpus):
    article = seed_corpus.articles[0]
    good = [{"id": "good0001", "article_id": article.id, "paragraph": 1, "quote": "第一段", "note": "好",
             "title": article.title, "source": article.source, "created": 1_700_000_000, "updated": 1_700_000_000},
            {"article_id": seed_corpus.articles[1].id, "paragraph": len(seed_corpus.articles[1].paragraphs)}]
    bad = _bad_entries(article)
    entries = bad[:8] + good[:1] + bad[8:] + good[1:]
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps({"reader_bookmarks": 2, "bookmarks": entries}), "utf-8")  # NaN/Infinity as JSON allows
    data = ["--data-dir", str(tmp_path / "data")]
    code, out, err = call(capsys, "bookmarks", "import", str(path), *data)
    assert code == 1  # partial: a script must not take it for a whole import
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == len(bad), err  # one line per rejected entry, nothing else
    for k, entry in enumerate(entries, start=1):
        if entry in good:
            continue
        [line] = [ln for ln in lines if re.match(rf"reader: rejected entry #{k}\b", ln)]
        if isinstance(entry, dict):
            assert f"entry #{k} (id {entry['id']}): " in line
    said = "\n".join(lines)
    for words in ["paragraph is out of range", "is beyond the article, which has", "paragraph must be a whole number, not true/false",
                  "paragraph must be a whole number, not text", "quote must be text, not a number", "note must be text, not an object",
                  "title must be text, not a list", "created is out of range (in the future)",
                  "created is out of range (before 1970)", "updated is not a finite number", "missing 'article_id'",
                  "missing 'paragraph'", "not an object but text"]:
        assert words in said, words
    assert "Imported: 2 added, 0 updated, 0 already here; 17 rejected (see above)." in out
    listed = _json(capsys, "bookmarks", "list", "--json", *data)
    assert sorted((b["article_id"], b["paragraph"]) for b in listed) == sorted(
        [(article.id, 1), (seed_corpus.articles[1].id, len(seed_corpus.articles[1].paragraphs))])
    assert all(isinstance(b[k], str) for b in listed for k in ("quote", "note", "title", "source"))
    code, out, err = call(capsys, "bookmarks", "import", str(path), "--json", *data)
    report = json.loads(out)
    assert code == 1 and report["unchanged"] == 2 and len(report["rejected"]) == 17
    assert report["rejected"][0] == {"entry": 1, "id": "bad00001", "reason": report["rejected"][0]["reason"]}


@pytest.mark.parametrize("content, says", [
    ("[]", "not a reader bookmarks export (expected an object"),
    ('{"bookmarks": {}}', '"bookmarks" is an object'),
    ('{"nope": 1}', 'no "bookmarks" key'),
    ('{"reader_bookmarks": 99, "bookmarks": []}', "written by a newer reader"),
    ("[" * 100_000 + "]" * 100_000, "not"),
    ("{", "is not valid JSON"),
    (b"\xff\xfe{}", "is not UTF-8 text"),
])
def test_a_file_that_is_not_an_export_is_one_line_and_exit_2(capsys, tmp_path, content, says):
    path = tmp_path / "f.json"
    (path.write_bytes if isinstance(content, bytes) else lambda c: path.write_text(c, "utf-8"))(content)
    code, out, err = call(capsys, "bookmarks", "import", str(path), "--data-dir", str(tmp_path / "d"))
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and says in err, err


def test_a_huge_import_file_is_refused_before_it_is_read(capsys, tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as f:
        f.truncate(65 * 2**20)  # sparse: no disk used
    code, out, err = call(capsys, "bookmarks", "import", str(path), "--data-dir", str(tmp_path / "d"))
    assert code == 2 and len(err.splitlines()) == 1 and "larger than a bookmarks export can be (64 MiB)" in err


@pytest.fixture
def damaged_bookmarks(tmp_path, seed_corpus):
    return make_damaged_bookmarks(tmp_path / "data", seed_corpus.articles[0])


def make_damaged_bookmarks(data, a):
    """A database that holds out-of-range values (as an earlier reader let in)."""
    import sqlite3

    from reader.store import UserStore

    UserStore(data).close()
    conn = sqlite3.connect(data / "reader.sqlite3")
    rows = [
        ("big00001", a.id, 0, "q1", "", "巨大的时间", a.source, 1e300, 1e300, ""),
        ("big00002", a.id, 2**62, "q2", "", "巨大的段落", a.source, 1.0, 1.0, ""),
        ("big00003", a.id, -4, "q3", "", "负的段落", a.source, -1e18, 1.0, ""),
        ("big00004", "gone", 3, b"\xff blob", 7, "blob", a.source, 1.0, 1.0, ""),
        ("big00005", a.id, 5, "q5", "", "无限", a.source, float("inf"), float("-inf"), ""),
    ]
    conn.executemany("INSERT INTO bookmarks (id, article_id, paragraph, quote, note, title, source, created, updated, date)"
                     " VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
    conn.commit()
    conn.close()
    return data


def test_listing_and_exporting_never_crash_on_values_already_in_the_database(capsys, damaged_bookmarks):
    data = ["--data-dir", str(damaged_bookmarks)]
    code, out, err = call(capsys, "bookmarks", "list", *data)
    assert code == 0 and "Traceback" not in err, err
    assert out.count("date unknown") == 3 and "巨大的段落 ¶100000" in out and "负的段落 ¶1" in out
    listed = _json(capsys, "bookmarks", "list", "--json", *data)
    assert len(listed) == 5 and all(1 <= b["paragraph"] <= 100_000 for b in listed)
    assert {b["id"]: b["created"] for b in listed}["big00005"] is None  # JSON has no inf
    code, out, err = call(capsys, "bookmarks", "export", "--format", "md", *data)
    assert code == 0 and out.count("saved date unknown") == 3
    export = _json(capsys, "bookmarks", "export", "--format", "json", *data)
    assert len(export["bookmarks"]) == 5
    code, out, err = call(capsys, "bookmarks", "rm", "big00001", *data)
    assert code == 0 and "Removed big00001" in out


# -- defect 9 on the command line ---------------------------------------------------------------
def test_field_only_search_prints_no_zero_match_counts(capsys):
    code, out, err = call(capsys, "search", "date:9月")
    assert code == 0 and "articles match 'date:9月'" in out
    assert "(0 matches)" not in out and "9月4日 · 000_1da50ff15a4639bc" in out


def test_page_field_gets_a_hint_on_stderr(capsys, seed_corpus):
    code, out, err = call(capsys, "search", "page:3")
    assert code == 0 and "0 articles match 'page:3'" in out  # the seeds' pages have no 版次
    assert ("reader: hint: no page numbers (版次) in these pages: they are source:<file name>; "
            "--facets lists the pages of the hits") in err
    code, out, err = call(capsys, "search", "page:3", "--json")
    assert json.loads(out) == [] and "hint" not in err
