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

    engine.pinyin = True
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

def screen_text(app) -> str:
    """Every cell of the app's current screen as the terminal gets it (segments' text)."""
    update = app.screen._compositor.render_full_update()
    return "\n".join("".join(seg.text for strip in line for seg in strip) if isinstance(line, list)
                     else "".join(seg.text for seg in line) for line in update.strips)


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
