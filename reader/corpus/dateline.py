"""Dates in a dateline: ``本报讯 9月4日``, ``当地时间6月2日至5日``, ``8月12日傍晚``,
``本报讯 2023年12月30日``, ``6月30日至7月2日``, and a wire's ``新华社北京1月1日电``."""

from __future__ import annotations

import re

from reader.corpus.article import Dateline

# Simplified or traditional script: 本报讯/本報訊, 当地时间/當地時間.
BENBAOXUN = "本[报報][讯訊]"
_LOCAL_TIME = "[当當]地[时時][间間]"
_TO = "(?:至|到|—|–|－|-|~|～)"
# (year)年 month 月 day 日, and a range's (end month 月) end day 日
_DATE = rf"(?:(\d{{4}})年)?(\d{{1,2}})月(\d{{1,2}})日(?:{_TO}(?:(\d{{1,2}})月)?(\d{{1,2}})日)?"
# a wire's or another paper's dateline: 新华社北京1月1日电, 据中新社上海6月7日电, 人民日报东京3月1日电
_WIRE = r"(?:据)?[\u4e00-\u9fff]{2,12}?"
_PATTERNS = [
    re.compile(rf"^{BENBAOXUN}\s*(?:{_LOCAL_TIME})?\s*{_DATE}"),
    re.compile(rf"^(?:{_LOCAL_TIME})\s*{_DATE}"),
    re.compile(rf"^{_DATE}"),
    re.compile(rf"^{_WIRE}{_DATE}[电電]"),
]
DATELINE_OPENER = re.compile(
    rf"^{BENBAOXUN}|^{_LOCAL_TIME}\d|^(?:\d{{4}}年)?\d{{1,2}}月\d{{1,2}}日|^{_WIRE}\d{{1,2}}月\d{{1,2}}日[电電]")


def parse_dateline(paragraph: str) -> Dateline | None:
    for pattern in _PATTERNS:
        m = pattern.match(paragraph)
        if m:
            found = _dateline(*m.groups())
            if found is not None:
                return found
    return None


def _dateline(year, month, day, end_month, end_day) -> Dateline | None:
    """The date the groups name, if it can be one (a range ends after it starts)."""
    year = int(year) if year else None
    month, day = int(month), int(day)
    end_month = int(end_month) if end_month else None
    end = int(end_day) if end_day else None
    if not (1 <= month <= 12 and 1 <= day <= 31) or (year is not None and not 1800 <= year <= 2200):
        return None
    if end_month == month:
        end_month = None
    if end is not None:
        if not 1 <= end <= 31 or (end_month is not None and not 1 <= end_month <= 12):
            return None
        if end_month is None and end <= day:
            return None  # 5日至2日: not a range
        if end_month is not None and (end_month - month) % 12 > 2:
            return None  # a range of more than a quarter: not a dateline's
    found = Dateline(month, day, end, year, end_month)
    if year is not None:
        try:
            found.start, found.end  # noqa: B018 — 2024年2月30日 is no day
        except ValueError:
            return None
    return found
