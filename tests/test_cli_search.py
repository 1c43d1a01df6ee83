"""`reader search` and `reader index` as scripts use them."""

from __future__ import annotations

import json

from conftest import SEEDS
from reader.cli import main
from reader.corpus import load_corpus
from search_truth import truth


def test_search_json_contract(capsys, monkeypatch, seed_cache):
    monkeypatch.setenv("READER_CACHE_DIR", str(seed_cache))
    assert main(["search", "杜小刚", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 5
    for h in hits:
        assert set(h) == {"id", "title", "score", "matches", "snippet", "snippet_spans",
                          "date", "source", "paper", "issue", "page", "page_name"}
        for s, e in h["snippet_spans"]:
            assert h["snippet"][s:e] == "杜小刚"
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_limit_and_all(capsys, monkeypatch, seed_cache):
    monkeypatch.setenv("READER_CACHE_DIR", str(seed_cache))
    main(["search", "锡", "--json", "--limit", "2"])
    assert len(json.loads(capsys.readouterr().out)) == 2
    main(["search", "锡", "--json", "--limit", "0"])
    from reader.corpus import load_corpus
    from search_truth import truth

    assert len(json.loads(capsys.readouterr().out)) == len(truth(load_corpus(SEEDS), "锡")) == 16
    assert main(["search", "锡", "--limit", "-1"]) == 2
    assert "--limit" in capsys.readouterr().err


def test_query_parts_may_start_with_a_dash(capsys, monkeypatch, seed_cache):
    monkeypatch.setenv("READER_CACHE_DIR", str(seed_cache))
    main(["search", "无锡", "-疫情", "--json", "--limit", "0"])
    with_dash = {h["id"] for h in json.loads(capsys.readouterr().out)}
    main(["search", "无锡", "--json", "--limit", "0"])
    plain = {h["id"] for h in json.loads(capsys.readouterr().out)}
    assert with_dash < plain


def test_human_output_lists_ranked_hits(capsys, monkeypatch, seed_cache):
    monkeypatch.setenv("READER_CACHE_DIR", str(seed_cache))
    main(["search", "西门子"])
    out = capsys.readouterr().out
    n = len(truth(load_corpus(SEEDS), "西门子"))
    assert out.splitlines()[0].startswith(f"{n} articles match '西门子'")
    assert "西门子中压智能化数字工厂在锡开工" in out.splitlines()[1]


def test_index_builds_then_has_nothing_to_do(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "c"))
    assert main(["index", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["rebuilt"] and first["indexed_articles"] == 19 and first["index_bytes"] > 0
    assert main(["index", "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert not again["rebuilt"] and again["indexed_articles"] == 0
    assert main(["index"]) == 0
    assert "Index up to date" in capsys.readouterr().out
    assert main(["index", "--rebuild", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rebuilt"]


def test_unwritable_cache_is_a_clear_error(tmp_path, capsys):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    assert main(["search", "锡", "--cache-dir", str(blocker / "cache")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("reader: ") and "not-a-dir" in err and "Traceback" not in err


def test_half_typed_query_prints_what_the_finished_part_finds(capsys, monkeypatch, seed_cache):
    monkeypatch.setenv("READER_CACHE_DIR", str(seed_cache))

    def out(*query):
        assert main(["search", *query, "--limit", "0"]) == 0
        return capsys.readouterr().out.split("\n", 1)[1]  # after "N articles match '…'"

    assert out("杜小刚", "OR") == out("杜小刚") != ""
    assert out("无锡", "-") == out("无锡")
    assert out("OR", "无锡") == out("无锡")
    assert out("无锡", "date:") == out("无锡")
