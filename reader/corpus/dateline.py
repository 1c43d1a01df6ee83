"""Dates in a dateline: ``本报讯 9月4日``, ``当地时间6月2日至5日``, ``8月12日傍晚``."""

from __future__ import annotations

import re

from reader.corpus.article import Dateline

_DATE = r"(\d{1,2})月(\d{1,2})日(?:至(\d{1,2})日)?"
_PATTERNS = [
    re.compile(rf"^本报讯\s*(?:当地时间)?\s*{_DATE}"),
    re.compile(rf"^(?:当地时间)\s*{_DATE}"),
    re.compile(rf"^{_DATE}"),
]
DATELINE_OPENER = re.compile(r"^本报讯|^当地时间\d|^\d{1,2}月\d{1,2}日")


def parse_dateline(paragraph: str) -> Dateline | None:
    for pattern in _PATTERNS:
        m = pattern.match(paragraph)
        if m:
            month, day = int(m.group(1)), int(m.group(2))
            end = int(m.group(3)) if m.group(3) else None
            if 1 <= month <= 12 and 1 <= day <= 31 and (end is None or day < end <= 31):
                return Dateline(month, day, end)
    return None
