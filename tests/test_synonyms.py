"""Synonyms and abbreviations: the file, the engine's widening, the CLI and the app."""

from __future__ import annotations

import json

import pytest

from reader.search.synonyms import Synonyms, SynonymsError, load, read_file
from search_truth import result_ids, truth


def test_file_groups_by_spaces_commas_and_comments(tmp_path):
    text = "# a comment\n上外 上海外国语大学\n长三角，长江三角洲、长三角地区\n孤零零\n\nAI, 人工智能  # trailing\n"
    found, warnings = Synonyms.parse(text, "f.txt")
    assert found.others("上外") == ("上海外国语大学",)
    assert set(found.others("长三角")) == {"长江三角洲", "长三角地区"}
    assert found.others("ai") == ("人工智能",)  # normalised: case folded
    assert found.others("上海外") == ()  # a member still being typed is no member
    assert warnings == ["f.txt:4: one word is not a group of synonyms ('孤零零')"]
    found.add(["上外", "上外大"])  # a group meeting another merges with it
    assert set(found.others("上海外国语大学")) == {"上外", "上外大"}


def test_shipped_list_and_the_users_file(tmp_path, monkeypatch):
    shipped, warnings = load()
    assert not warnings and shipped.others("上外") == ("上海外国语大学",) and len(shipped) >= 10
    config = tmp_path / "config.toml"
    (tmp_path / "synonyms.txt").write_text("西门子 西门子股份\n", "utf-8")  # beside the settings file
    found, _ = load(config_file=config)
    assert found.others("西门子") == ("西门子股份",) and found.others("上外")
    other = tmp_path / "mine.txt"
    other.write_text("无锡 锡城\n", "utf-8")
    monkeypatch.setenv("READER_SYNONYMS", str(other))
    found, _ = load(config_file=config)
    assert found.others("无锡") == ("锡城",) and not found.others("西门子")
    with pytest.raises(SynonymsError, match="cannot be read"):
        load(flag=str(tmp_path / "missing.txt"))
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(SynonymsError, match="not UTF-8"):
        read_file(tmp_path / "bad.txt")


@pytest.fixture
def widened(seed_corpus, seed_cache):
    from reader.search import open_search

    engine, _ = open_search(seed_corpus, seed_cache, synonyms=Synonyms([("西门子", "采样队")]))
    return engine  # (a group the seeds' texts never make)


def test_a_whole_member_finds_the_others_typed_form_first(widened, seed_corpus):
    siemens, sampling = truth(seed_corpus, "西门子"), truth(seed_corpus, "采样队")
    assert siemens and sampling and not siemens & sampling
    res = widened.search("西门子", limit=None)
    assert {h.article.id for h in res.hits} == siemens | sampling
    assert {h.article.id for h in res.hits[: len(siemens)]} == siemens  # the form typed first
    assert res.synonyms == [("西门子", ("采样队",))]
    hit = next(h for h in res.hits if h.article.id in sampling)
    assert {hit.snippet[s:e] for s, e in hit.snippet_spans} == {"采样队"}  # the member found is marked
    assert result_ids(widened, "西门") == truth(seed_corpus, "西门")  # a member being typed: literal
    assert widened.search("西门").synonyms == []
    every = {a.id for a in seed_corpus.articles}
    assert result_ids(widened, "-西门子") == every - siemens - sampling  # excluding a member excludes its group
    assert result_ids(widened, "西门子 无锡") == (siemens | sampling) & truth(seed_corpus, "无锡")
    widened.set_use_synonyms(False)
    assert result_ids(widened, "西门子") == siemens and widened.search("西门子").synonyms == []


def test_cli_synonyms_file_env_settings_and_off(capsys, monkeypatch, seed_cache, seed_corpus, tmp_path):
    from reader.cli import main

    monkeypatch.setenv("READER_CACHE_DIR", str(seed_cache))
    mine = tmp_path / "syn.txt"
    mine.write_text("西门子 采样队\n", "utf-8")
    both = truth(seed_corpus, "西门子") | truth(seed_corpus, "采样队")

    def ids(*argv):
        assert main(["search", *argv, "--json", "--limit", "0"]) == 0
        return {h["id"] for h in json.loads(capsys.readouterr().out)}

    assert ids("西门子") == truth(seed_corpus, "西门子")
    assert ids("西门子", "--synonyms", str(mine)) == both
    assert ids("西门子", "--synonyms", str(mine), "--no-synonyms") == truth(seed_corpus, "西门子")
    monkeypatch.setenv("READER_SYNONYMS", str(mine))
    assert ids("西门子") == both
    config = tmp_path / "config.toml"
    config.write_text("use_synonyms = false\n", "utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    assert ids("西门子") == truth(seed_corpus, "西门子")
    assert main(["search", "西门子", "--synonyms", str(tmp_path / "none.txt")]) == 2
    err = capsys.readouterr().err
    assert "synonyms:" in err and "none.txt: cannot be read" in err
    monkeypatch.delenv("READER_SYNONYMS")
    config.write_text("", "utf-8")
    assert main(["search", "上外"]) == 0  # the shipped list
    assert "also searched (synonyms; --no-synonyms for none): 上外 → 上海外国语大学" in capsys.readouterr().out


async def test_app_says_synonyms_were_used_and_f6_switches_them(seed_corpus, seed_cache, tmp_path):
    from tui_helpers import make_app, ready, screen_text, settle, type_text

    app = make_app(seed_corpus, seed_cache, tmp_path / "data", synonyms=Synonyms([("西门子", "采样队")]))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, "西门子")
        await settle(pilot)
        both = truth(seed_corpus, "西门子") | truth(seed_corpus, "采样队")
        assert {h.article.id for h in app.main_screen.results.hits} == both
        assert "also: 西门子 → 采样队" in screen_text(app)
        await pilot.press("f6")
        await settle(pilot)
        assert {h.article.id for h in app.main_screen.results.hits} == truth(seed_corpus, "西门子")
        shown = screen_text(app)
        assert "synonyms off" in shown and "also: 西门子" not in shown
        assert app.settings.use_synonyms is False
