"""One-line hints about a query as typed: what the search box and ``reader search`` say
when a query is half-typed or asks for something the language does not have."""

from __future__ import annotations

import re
from typing import Callable, Sequence

from reader.search.fields import NAMES_PATTERN, UNDATED, date_interval

_PAGE = re.compile(r"(?:^|\s)[-(]*(?:p|版|第)\s*[:：]\s*(\d*)", re.I)
_PAGE_FIELD = re.compile(r"(?:^|\s)[-(]*page:", re.I)
_BARE_FIELD = re.compile(rf"(?:^|\s)(?:{NAMES_PATTERN}):(?:\s|$)")


def query_hint(query: str, sources: Sequence[str] = (), by_page: str = "f filters by page",
               numbered: bool = False, page_names: Callable[[], Sequence[str]] = tuple) -> str:
    """A hint for *query*, or "". *sources*: the page files (their paths); *numbered*:
    whether any page has a 版次 (else ``page:N`` can match nothing, and the hint says
    how pages are named instead); *page_names*: the pages' 版名 (asked for only when a
    ``page:`` value is not a 版次: one no 版名 has is said, with what ``page:`` takes);
    *by_page*: how to filter by page where the hint is shown."""
    if (bad := not_a_date(query)):
        return bad
    if query.count('"') % 2:
        return 'phrase still open: close it with "'
    if _BARE_FIELD.search(query):
        return "a field needs a value, e.g. title:无锡 (left out for now)"
    if _PAGE_FIELD.search(query):
        if (unnamed := _no_such_page_name(query, page_names)):
            return unnamed
        if numbered:
            return ""
        return f"no page numbers (版次) in these pages: they are source:<file name>; {by_page}"
    if _PAGE.search(query):
        return f"the field is page:N (版次); pages without one are source:<file name>; {by_page}"
    return ""


_NAMES_SHOWN = 5  # 版名 a hint names


def _no_such_page_name(query: str, page_names: Callable[[], Sequence[str]]) -> str:
    """For the first ``page:`` value of *query* that is neither a 版次 nor part of any page's
    版名 (``page:体育``): that, and what ``page:`` takes; "" if none."""
    from reader.search.fields import page_number
    from reader.search.normalize import normalize
    from reader.search.query import QueryError, all_literals, parse

    try:
        values = [lit.text for lit in all_literals(parse(query)) if lit.field == "page"]
    except QueryError:
        return ""
    values = [v for v in values if page_number(v) is None]
    if not values:
        return ""
    names = sorted(set(page_names()))
    folded = [normalize(n) for n in names]
    for value in values:
        if not any(value in n for n in folded):
            shown = ", ".join(names[:_NAMES_SHOWN]) + ("…" if len(names) > _NAMES_SHOWN else "")
            return (f"page:{value}: no page's 版名 has it; page: takes a 版次 (page:3, page:第三版) or part of a "
                    f"版名" + (f" ({shown})" if names else " (these pages have none)"))
    return ""


_DATED = ("date", "issue")  # the fields whose values are days, months, years


def not_a_date(query: str) -> str:
    """``date:2024-13-01 is not a date`` for the first ``date:``/``issue:`` value of *query*
    that names a day or month no calendar has (it selects nothing: without this, zero hits
    and no reason) — ``date:13月`` and ``date:2月30日`` too —, ``date:2024-06-30..2024-06-01
    ends before it begins`` for a range the wrong way round, and for an ``issue:`` value
    without a year (``issue:6月``), that it needs one; "" if none."""
    from reader.search.query import QueryError, all_literals, parse

    try:
        node = parse(query)
    except QueryError:
        return ""
    for lit in all_literals(node):
        if lit.field not in _DATED:
            continue
        value = lit.text
        interval = date_interval(value)
        if interval is None:
            if lit.field == "date" and _no_such_month_day(value):
                return no_such_date(f"date:{value}", value)
            if lit.field == "issue" and value not in UNDATED:  # issue: takes only dates with a year
                return f"issue:{value}: an issue's date has a year (issue:2024-06-07, issue:2024-06, issue:2024)"
            continue
        if interval[0] <= interval[1]:
            continue
        parts = [p for p in value.lstrip("<>=").split("..") if p.strip()]
        bad = [p for p in parts if (i := date_interval(p.strip())) is not None and i[0] > i[1]]
        if bad:
            return no_such_date(f"{lit.field}:{bad[0].strip()}", bad[0])
        return f"{lit.field}:{value} ends before it begins"
    return ""


_MONTH_DAY = re.compile(r"(\d{1,2})(?:月|-|/|\.)?(?:(\d{1,2})日?)?")  # 9月, 9月4日, 09-04 (fields.py)


def _no_such_month_day(value: str) -> bool:
    """Whether *value* is a month and day in any year (``date:9月4日``) that no year has:
    ``13月``, ``2月30日``."""
    from datetime import date

    m = _MONTH_DAY.fullmatch(value)
    if m is None or not (m.group(2) or value.endswith("月") or len(value) <= 2):
        return False  # not read as a month and day (see fields.date_matcher)
    try:
        date(2024, int(m.group(1)), int(m.group(2) or 1))  # a leap year: 2月29日 is a date
    except ValueError:
        return True
    return False


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_NUMBERS = re.compile(r"\d+")


def no_such_date(shown: str, value: str) -> str:
    """``date:2024-02-30 is not a date: February 2024 has 29 days`` — the one wording of a day
    or month no calendar has, in the search box, ``reader search`` and ``reader issue``:
    *shown* as typed, the reason read from the numbers of *value* (a year of four digits, a
    month, a day — ``2024-02-30``, ``20240230``, ``2月30日``), when they give one."""
    reason = _why_not(value.strip().lstrip("<>="))
    return f"{shown} is not a date" + (f": {reason}" if reason else "")


def _why_not(value: str) -> str:
    from calendar import monthrange

    digits = _NUMBERS.findall(value)
    if len(digits) == 1 and len(digits[0]) == 8:  # 20240230
        digits = [digits[0][:4], digits[0][4:6], digits[0][6:]]
    year = int(digits.pop(0)) if digits and len(digits[0]) == 4 else None
    if not digits or year == 0:
        return ""
    month = int(digits[0])
    if not 1 <= month <= 12:
        return "a year has 12 months"
    if len(digits) < 2:
        return ""
    day, name = int(digits[1]), _MONTHS[month - 1]
    if day < 1:
        return "a month's days count from 1"
    if year is None:
        most = monthrange(2024, month)[1]  # (a leap year: 2月29日 is a date)
        return f"{name} has {'at most ' if month == 2 else ''}{most} days" if day > most else ""
    days = monthrange(year, month)[1]
    return f"{name} {year} has {days} days" if day > days else ""
