"""`reader list` and `reader show`: JSON contracts and human output, run as a user would."""

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


def test_list_json_contract(capsys):
    assert main(["list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 19
    keys = {"id", "title", "subtitles", "date", "authors", "source", "continued_from", "chars"}
    for item in data:
        assert keys <= item.keys()
        assert isinstance(item["subtitles"], list) and isinstance(item["authors"], list)
        assert isinstance(item["chars"], int) and item["chars"] > 0
    first = data[0]
    assert first["title"] == "市委常委会召开会议"
    assert first["date"] == "09-04" and first["authors"] == ["高美梅", "惠晓婧"]
    assert first["source"] == "000_1da50ff15a4639bc.txt" and first["continued_from"] is None


def test_show_json_contract(capsys):
    main(["list", "--json"])
    ids = [a["id"] for a in json.loads(capsys.readouterr().out)]
    assert main(["show", ids[11], "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"id", "title", "subtitles", "date", "authors", "source", "continued_from", "sections", "paragraphs"} <= data.keys()
    assert data["title"] == "锚定目标 乘势而上"
    assert [s["headings"][0] for s in data["sections"]][:2] == ["江阴", "宜兴"]
    assert data["sections"][0]["paragraphs"] == [2, 3]  # its first and last ¶
    assert all(isinstance(p, str) and p for p in data["paragraphs"])


def test_show_accepts_unique_prefix_and_reads_clean(capsys):
    main(["list", "--json"])
    first = json.loads(capsys.readouterr().out)[0]["id"]
    assert main(["show", first[:6]]) == 0
    out = capsys.readouterr().out
    assert out.startswith("市委常委会召开会议\n")
    assert "省生态环境保护督察是中央生态环境保护督察的延伸和补充" in out
    assert "(高美梅、惠晓婧)" not in out


def test_show_unknown_id(capsys):
    assert main(["show", "nope"]) == 2
    assert "no article with id 'nope'" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["before", "after"])
def test_missing_corpus_is_a_clear_error(tmp_path, where):
    args = ["--corpus", str(tmp_path / "missing"), "list"]
    if where == "after":
        args = ["list", "--corpus", str(tmp_path / "missing")]
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert err.strip() == f"reader: corpus folder not found: {tmp_path / 'missing'}"
    assert "Traceback" not in err


def test_warnings_go_to_stderr_and_json_stays_clean(tmp_path, seeds):
    for p in seeds.glob("*.txt"):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    (tmp_path / "zz_bad.txt").write_bytes(b"")
    code, out, err = run("list", "--json", "--corpus", str(tmp_path))
    assert code == 0
    assert len(json.loads(out)) == 19
    assert err.strip() == "reader: warning: zz_bad.txt: skipped: empty file"


def test_version_and_help():
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("reader ")
    code, out, _ = run("--help")
    assert code == 0 and "list" in out and "search" in out


def test_app_with_a_bad_folder_fails_before_starting(tmp_path):
    code, out, err = run("--corpus", str(tmp_path / "nope"))
    assert code == 2 and err.strip() == f"reader: corpus folder not found: {tmp_path / 'nope'}"
