"""Dates in a dateline: ``本报讯 9月4日``, ``当地时间6月2日至5日``, ``8月12日傍晚``."""

from __future__ import annotations

import re

from reader.corpus.article import Dateline

# Simplified or traditional script: 本报讯/本報訊, 当地时间/當地時間.
BENBAOXUN = "本[报報][讯訊]"
_LOCAL_TIME = "[当當]地[时時][间間]"
_DATE = r"(\d{1,2})月(\d{1,2})日(?:至(\d{1,2})日)?"
_PATTERNS = [
    re.compile(rf"^{BENBAOXUN}\s*(?:{_LOCAL_TIME})?\s*{_DATE}"),
    re.compile(rf"^(?:{_LOCAL_TIME})\s*{_DATE}"),
    re.compile(rf"^{_DATE}"),
]
DATELINE_OPENER = re.compile(rf"^{BENBAOXUN}|^{_LOCAL_TIME}\d|^\d{{1,2}}月\d{{1,2}}日")


def parse_dateline(paragraph: str) -> Dateline | None:
    for pattern in _PATTERNS:
        m = pattern.match(paragraph)
        if m:
            month, day = int(m.group(1)), int(m.group(2))
            end = int(m.group(3)) if m.group(3) else None
            if 1 <= month <= 12 and 1 <= day <= 31 and (end is None or day < end <= 31):
                return Dateline(month, day, end)
    return None
