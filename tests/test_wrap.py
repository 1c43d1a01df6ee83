"""CJK wrapping by terminal cells: nothing dropped or reordered, at any width."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.tui.wrap import NO_LINE_START, cells, wrap, wrap_lines

TEXT = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
        st.sampled_from(list("，。、；：？！）」”“（「《》…—·abcXYZ0123456789 %-")),
    ),
    max_size=300,
)


@settings(max_examples=400, deadline=None)
@given(TEXT, st.integers(min_value=1, max_value=120))
def test_lines_join_back_to_the_text_and_fit(text, width):
    lines = wrap(text, width)
    assert "".join(text[s:e] for s, e in lines) == text
    for s, e in lines:
        assert e > s or text == ""
        piece = text[s:e]
        seen = piece.rstrip(" ") or piece  # (the spaces at a break end the line, taking no room)
        assert cells(seen) <= width or len(seen) == 1  # a 2-cell glyph on a 1-cell line


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(min_value=1, max_value=80))
def test_no_line_starts_with_a_space_the_line_before_could_end_with(text, width):
    lines = wrap_lines(text, width)
    for prev, line in zip(lines, lines[1:]):
        assert not line.startswith(" ") or not prev.strip(" "), (prev, line)


def test_a_subtitle_breaks_at_its_space_and_a_path_stays_whole():
    subtitle = "学习贯彻习近平总书记近期系列重要讲话重要指示精神 研究部署相关工作"
    assert wrap_lines(subtitle, 50) == ["学习贯彻习近平总书记近期系列重要讲话重要指示精神 ", "研究部署相关工作"]
    assert wrap_lines("saved to /tmp/tmpab12/clipboard.txt", 30) == ["saved to ", "/tmp/tmpab12/clipboard.txt"]
    # a path wider than a line: cut after a slash, not inside a name
    assert wrap_lines("/tmp/pytest-of-someone/pytest-12/clipboard.txt", 30) == [
        "/tmp/pytest-of-someone/", "pytest-12/clipboard.txt"]


@settings(max_examples=200, deadline=None)
@given(TEXT, st.integers(min_value=6, max_value=80))
def test_no_line_starts_with_closing_punctuation_when_avoidable(text, width):
    lines = wrap_lines(text, width)
    for prev, line in zip(lines, lines[1:]):
        if line and line[0] in NO_LINE_START:
            # only when the previous line is itself nothing but such a run (nothing to carry)
            assert all(ch in NO_LINE_START for ch in prev) or len(prev) <= 1


def test_known_paragraph_at_several_widths(seed_corpus):
    para = seed_corpus.articles[0].paragraphs[2]
    for width in (10, 21, 40, 77, 120):
        lines = wrap_lines(para, width)
        assert "".join(lines) == para
        assert all(cells(l) <= width for l in lines)
        assert not any(l[0] in "，。、" for l in lines[1:])
