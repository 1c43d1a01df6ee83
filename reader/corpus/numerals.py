"""Numbers written in Chinese, as pages are numbered: 三, 十二, 二十四, 一百零五 (and, digit
by digit, 一〇五) — for the page files' names (头版, 第三版) and the queries' ``page:``."""

from __future__ import annotations

import re

DIGITS = {c: k for k, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_COUNTED = re.compile(r"(?:([一二两三四五六七八九])百)?(?:零?([一二两三四五六七八九])?(十))?零?([一二两三四五六七八九])?")


def chinese_number(text: str, digit_by_digit: bool = True) -> int | None:
    """``三`` → 3, ``十二`` → 12, ``二十`` → 20, ``一百零五`` → 105, and with *digit_by_digit*
    ``一〇五`` → 105; None for anything else."""
    if len(text) > 1 and not digit_by_digit and all(c in DIGITS for c in text):
        return None
    if all(c in DIGITS for c in text):
        return int("".join(str(DIGITS[c]) for c in text)) if text else None
    m = _COUNTED.fullmatch(text)
    if not m or not any(m.groups()):
        return None
    hundreds, tens, ten, ones = m.groups()
    return ((DIGITS[hundreds] * 100 if hundreds else 0)
            + ((DIGITS[tens] if tens else 1) * 10 if ten else 0)
            + (DIGITS[ones] if ones else 0))
