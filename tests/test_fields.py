"""One table of query fields: the parser, the engine, the hints, the help line and the
search box placeholder all read reader.search.fields.FIELDS."""

from __future__ import annotations

import pytest

from reader.search import fields as F
from reader.search.hints import query_hint
from reader.search.query import Lit, parse


@pytest.mark.parametrize("row", F.FIELDS, ids=lambda r: r.name)
def test_every_row_is_a_field_the_parser_knows(row):
    assert parse(f"{row.name}:x") == Lit("x", row.name)
    assert parse(f"{row.name.upper()}:x") == Lit("x", row.name)  # as typed, any case
    assert query_hint(f"{row.name}: 无锡").startswith("a field needs a value")


@pytest.mark.parametrize("row", F.FIELDS, ids=lambda r: r.name)
def test_every_row_says_how_it_matches(row):
    assert row.kind in ("text", "column", "test") and row.matches
    assert (row.column is not None) == (row.kind == "column")
    assert (row.test is not None) == (row.kind == "test")
    assert F.in_text(row.name) == (row.kind == "text")


def test_a_name_not_in_the_table_is_text():
    assert parse("colour:红") == Lit("colour:红")
    assert query_hint("colour: 红") == ""


def test_the_help_line_and_the_placeholder_name_the_fields_shown():
    from reader.tui.widgets.search_box import PLACEHOLDER

    assert [r.name for r in F.SHOWN] == [r.name for r in F.FIELDS]  # every field, none left out of the help
    assert PLACEHOLDER.endswith("/".join(r.name for r in F.FIELDS) + ":")  # every field, in few cells
    assert PLACEHOLDER.endswith(" " + F.placeholder_fields())  # (written out in the box's module)
    assert F.syntax_fields() == "title:… author:… date:9月 / date:9月4日 source:… paper:… page:3 issue:2024-06-07"


def test_the_engine_matches_each_kind_by_its_row(engine, seed_corpus):
    from reader.search.normalize import normalize

    some = next(a for a in seed_corpus.articles if a.authors)
    author = some.authors[0]
    assert {h.article.id for h in engine.search(f"author:{author}", limit=None).hits} == \
        {a.id for a in seed_corpus.articles if any(normalize(author) in normalize(n) for n in a.authors)}
    stem = some.source.rsplit("/", 1)[-1][:3]
    want = {a.id for a in seed_corpus.articles if normalize(stem) in normalize(a.source)}
    assert {h.article.id for h in engine.search(f"source:{stem}", limit=None).hits} == want
    test = F.matcher("page", "3")
    paged = {a.id for a in seed_corpus.articles if test(a)}
    assert {h.article.id for h in engine.search("page:3", limit=None).hits} == paged
    with pytest.raises(ValueError):
        F.matcher("title", "x")  # a text field is not matched by a test
