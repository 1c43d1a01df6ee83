"""A new user's first hour on the command line (issue 13 §2): what the terminal shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from reader.cli import main


def run(*args, env=None):
    """The installed entry point in a subprocess: exit code, stdout, stderr."""
    proc = subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True, text=True, encoding="utf-8", env={**os.environ, **(env or {})}, timeout=120,
    )
    return proc.returncode, proc.stdout, proc.stderr


def call(capsys, *argv):
    """main() in process: exit code, stdout, stderr (argparse's exits included)."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


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
