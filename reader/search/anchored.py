"""A pinyin reading's expression searched from a literal: letters then characters
(``taihu治``) are found by skipping to the literal (治) and looking behind it for the
characters the letters read as, instead of trying the readings at every character (~5×
faster). Possible when the letters before the literal read as a fixed number of characters.
"""

from __future__ import annotations

import re
from re import _parser  # (the width of an expression: what a look-behind is checked for)


class Anchored:
    """The expression ``"".join(parts)``, searched from its literal ``parts[at]``."""

    __slots__ = ("pattern", "width")

    def __init__(self, pattern: re.Pattern, width: int):
        self.pattern = pattern  # found in a text exactly where the reading's expression is
        self.width = width  # characters before the literal in every match

    @classmethod
    def of(cls, parts: list[str], at: int) -> "Anchored | None":
        before = "".join(parts[:at])
        try:
            low, high = _parser.parse(before).getwidth()
            pattern = re.compile(parts[at] + "(?<=" + before + parts[at] + ")" + "".join(parts[at + 1 :]))
        except (re.error, AttributeError, TypeError):  # (different lengths: no look-behind)
            return None
        return cls(pattern, low) if low == high else None

    def findall(self, text: str) -> list[str]:
        """``re.findall`` of the reading's expression in *text*: each match starts *width*
        characters before the literal, at or after where the last one ended."""
        out: list[str] = []
        pos, search, width = 0, self.pattern.search, self.width
        while (m := search(text, pos + width)) is not None:
            out.append(text[m.start() - width : m.end()])
            pos = m.end()
        return out
