"""Bylines are not an article's text: a reporter's name typed in the box finds the articles
that mention them, and the box says how to find the ones they wrote."""

from __future__ import annotations

from reader.search.bylines import byline_hint
from tui_helpers import make_app, ready, settle, type_text, wait_for_screen


def test_a_name_typed_as_text_that_is_a_byline_is_hinted(seed_corpus):
    by = sum("高美梅" in a.authors for a in seed_corpus.articles)
    assert by > 0
    assert byline_hint("高美梅", seed_corpus) == f"bylines are not searched as text: author:高美梅 finds the {by} articles by 高美梅"
    assert byline_hint("author:高美梅", seed_corpus) == ""  # already what it says
    assert byline_hint("高美梅 无锡", seed_corpus) == byline_hint("无锡", seed_corpus) == ""
    assert byline_hint("高", seed_corpus) == ""  # one character: a name is not hinted at every keystroke


def test_the_cli_hints_it(capsys, monkeypatch, seed_cache, seed_corpus):
    from reader.cli import main

    monkeypatch.setenv("READER_CACHE_DIR", str(seed_cache))
    assert main(["search", "高美梅"]) == 0
    err = capsys.readouterr().err
    assert "reader: hint: bylines are not searched as text: author:高美梅 finds the" in err


async def test_the_box_hints_it_and_the_hint_finds_them(seed_corpus, seed_cache, tmp_path):
    app = make_app(seed_corpus, seed_cache, tmp_path / "data")
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await type_text(pilot, "高美梅")
        await settle(pilot)
        await wait_for_screen(pilot, "author:高美梅 finds the")


async def test_a_status_line_too_long_for_80_columns_gives_up_the_corpus_name_then_cuts_the_hint(seed_corpus, seed_cache, tmp_path):
    from tui_helpers import screen_lines

    app = make_app(seed_corpus, seed_cache, tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await type_text(pilot, "高美梅")
        await settle(pilot)
        await wait_for_screen(pilot, "bylines are not")
        status = screen_lines(app)[-2]
        assert "…" in status and "seeds/" not in status, status  # the corpus's name gave way, then the note
        assert status.startswith(" no results  ·  bylines are not searched as text: author:高美梅"), status
