"""What a new user found running the commands on an 80-column terminal and into pipes: a
closed pipe is no error, arguments are checked before any work, long lines wrap under
themselves — each asserted on the command's output and exit status."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def archive(tmp_path_factory, seeds):
    """The seeds as one dated issue of one paper (无锡日报/2024/06/07/01.txt …), indexed."""
    root = tmp_path_factory.mktemp("archive")
    folder = root / "无锡日报" / "2024" / "06" / "07"
    folder.mkdir(parents=True)
    for n, page in enumerate(sorted(seeds.glob("*.txt")), start=1):
        (folder / f"{n:02d}.txt").write_bytes(page.read_bytes())
    cache = tmp_path_factory.mktemp("cache")
    _run(["index", "--corpus", str(root)], cache)
    return root, cache


def _run(argv, cache, stdout=subprocess.PIPE, columns: str | None = "80"):
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env["READER_CACHE_DIR"] = str(cache)
    if columns:
        env["COLUMNS"] = columns
    return subprocess.run([sys.executable, "-m", "reader", *argv], stdout=stdout, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, env=env, text=True, timeout=120)


def _first_id(archive) -> str:
    import json

    root, cache = archive
    return json.loads(_run(["list", "--json", "--corpus", str(root)], cache).stdout)[0]["id"]


@pytest.mark.parametrize("columns", ["80", None])
@pytest.mark.parametrize("command", [["search", "无锡"], ["search", "无锡", "--facets"], ["related", "ID"],
                                     ["issues"], ["issue", "2024-06-07"], ["bookmarks", "list"], ["keys"]])
def test_a_closed_pipe_is_no_error(archive, command, columns):
    """`reader search 无锡 | head -1`: the reader stops reading; the command ends with 0,
    no traceback — as `list` and `show` do."""
    root, cache = archive
    command = [_first_id(archive) if part == "ID" else part for part in command]
    read, write = os.pipe()
    os.close(read)  # nobody reads: the first write meets a closed pipe
    try:
        proc = _run([*command, "--corpus", str(root)], cache, stdout=write, columns=columns)
    finally:
        os.close(write)
    assert (proc.returncode, proc.stderr) == (0, ""), command


@pytest.mark.parametrize("argv,message", [
    (["search", "无锡", "--limit", "-1"], "reader: --limit must be 0 (all hits) or a positive number"),
    (["search", "(" * 30 + "无锡" + ")" * 30], "reader: query nested too deep"),
    (["related", "ID", "--limit", "0"], "reader: --limit must be a positive number"),
])
def test_bad_arguments_are_said_before_any_work(tmp_path, archive, argv, message):
    """A bad --limit is one line, before the corpus is read or indexed (on a fresh cache,
    no "indexing 19 articles…" first)."""
    root, _ = archive
    fresh = tmp_path / "cache"
    proc = _run([part.replace("ID", "0") for part in argv] + ["--corpus", str(root)], fresh)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0].startswith(message), proc.stderr
    assert len(proc.stderr.splitlines()) == 1 and proc.stdout == ""
    assert not fresh.exists() or not any(fresh.rglob("*index*")), list(fresh.rglob("*"))


def test_an_impossible_day_has_one_wording_and_its_reason(archive):
    """`reader issue 2024-02-30` says it as `reader search date:2024-02-30` (and the search
    box) do, with why."""
    root, cache = archive
    issue = _run(["issue", "2024-02-30", "--corpus", str(root)], cache)
    search = _run(["search", "date:2024-02-30", "--corpus", str(root)], cache)
    assert issue.returncode == 2 and issue.stderr.startswith(
        "reader: 2024-02-30 is not a date: February 2024 has 29 days; give the issue's day as YYYY-MM-DD"), issue.stderr
    assert search.stderr == "reader: hint: date:2024-02-30 is not a date: February 2024 has 29 days\n"
    for typed, reason in [("issue:2023-02-29", "February 2023 has 28 days"), ("date:2024-13-01", "a year has 12 months"),
                          ("date:4月31日", "April has 30 days"), ("date:2月30日", "February has at most 29 days")]:
        said = _run(["search", typed, "--corpus", str(root)], cache).stderr
        assert said == f"reader: hint: {typed} is not a date: {reason}\n", said


def test_reader_list_at_80_columns_keeps_the_page_and_short_rows(archive):
    """Each row keeps its 版 (the paper's name cut first) and takes at most two lines."""
    import re

    from rich.cells import cell_len

    root, cache = archive
    out = _run(["list", "--corpus", str(root)], cache).stdout
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    starts = [k for k, line in enumerate(lines) if re.match(r"[0-9a-f]{10}  ", line)]
    assert len(starts) == 19, out
    for k, nxt in zip(starts, starts[1:] + [len(lines)]):
        assert re.search(r"无锡日报 第\d版", lines[k]), lines[k]
        assert nxt - k <= 2, "\n".join(lines[k:nxt])
    assert "…" in out  # the long titles end cut, on their second line
    piped = _run(["list", "--corpus", str(root)], cache, columns=None).stdout
    assert len(piped.splitlines()) == 20 and "…" not in piped  # piped: one whole line a row, as before


def test_reader_search_on_an_80_column_terminal_hangs_its_lines(archive):
    """A hit's lines hang under its rank; the match count and the meta's parts are never
    split; Chinese fills its lines (no line of a lone 本报讯). Piped: whole lines, as before."""
    import re

    from rich.cells import cell_len
    from test_cli_polish import _on_a_terminal

    root, cache = archive
    for query in ("蠡湖", "杜小刚"):
        shown = _on_a_terminal("search", query, "--corpus", str(root), "--cache-dir", str(cache), columns=80)
        lines = [line.rstrip() for line in shown.splitlines() if line.strip()]
        assert re.match(r"\d+ articles? match", lines[0]), shown
        hits = int(lines[0].split()[0])
        assert max(cell_len(line) for line in lines) <= 80, shown
        assert all(re.match(r"( {2}\d\. | {5}\S)", line) for line in lines[1:]), shown  # under the rank
        assert len(re.findall(r"\(\d+ match(?:es)?\)", shown)) == hits, shown  # each count whole
        assert not any(line.strip() in ("本报讯", "·") or line.endswith((" ·", "(")) for line in lines), shown
        assert any("无锡日报 第" in line for line in lines) and all("无锡日报 第" not in line or
                                                                    re.search(r"无锡日报 第\d版", line) for line in lines)
    opening = next(line for line in lines if "本报讯" in line)
    assert opening.startswith("     本报讯 6月6日") and cell_len(opening) >= 76, shown  # filled, not cut after 本报讯
    piped = _run(["search", "杜小刚", "--corpus", str(root)], cache, columns=None).stdout.splitlines()
    assert len(piped) == 1 + 2 * 5 and "(5 matches)" in piped[1] and piped[2].startswith("     本报讯")
