"""The fields of a query, in one table (:data:`FIELDS`): each field's name, how a value of
it matches, and how the help and the search box name it. The parser, the engine, the hints
and the app all read this table, so a new field is one row (and, for a new way of matching,
one function).

A field matches in one of three ways (its ``kind``):

- ``text``: found in a text store, as typed or read as pinyin, ranked and highlighted like
  words anywhere (``title:``);
- ``column``: a substring of one folded column of the prepared corpus (``author:``,
  ``source:``; see :mod:`reader.search.prepared`);
- ``test``: a test of each article, made from the value (``date:``, ``paper:``, ``page:``,
  below).

``date:`` takes, with a year (articles whose date, a day or a range, overlaps it):
``2024``, ``2024-06``, ``2024-06-06`` (also ``2024年6月``, ``2024/6/6``), a range
``2024-06-01..2024-06-30`` (either end may be a year or month, or left open), and
``>=2024-01-01``, ``>2024-01``, ``<=2024``, ``<2024-06-06``; without a year, month and day
in any year: ``9月``, ``9月4日``, ``09-04``; a range as dates show it, ``2024-06-02/2024-06-05``
(``06-02/06-05``): the articles of that range; ``undated`` for no date at all, ``noyear`` for
a date with no year (a dateline's month and day on a page with no issue date). ``paper:`` is
part of the paper's name, and ``paper:(none)`` the pages that name no paper (brackets no
paper's name has: it is never taken for part of one);
``page:`` a 版次 (``page:3``, also ``第3版``, ``第三版``, ``A3``) or part of the page's 版名
(``page:要闻``); ``issue:`` the issue's date, in the forms ``date:`` takes with a year
(``issue:2024-06-07``, ``issue:2024-06``).
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from typing import Callable

from reader.corpus.article import Article
from reader.corpus.numerals import chinese_number
from reader.search.normalize import normalize

_YMD = re.compile(r"(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?月?)?年?")
_MONTH_DAY = re.compile(r"^(\d{1,2})(?:月|-|/|\.)?(?:(\d{1,2})日?)?$")
_COMPARE = re.compile(r"^(>=|<=|>|<)(.+)$")


def _span(text: str) -> tuple[date, date] | None:
    """``2024`` → its first and last day; ``2024-06`` → June's; ``2024-06-06`` → that day."""
    m = _YMD.fullmatch(text.strip())
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if mo is None:
            return date(y, 1, 1), date(y, 12, 31)
        if d is None:
            return date(y, int(mo), 1), date(y, int(mo), monthrange(y, int(mo))[1])
        day = date(y, int(mo), int(d))
        return day, day
    except ValueError:
        return None


def date_interval(value: str) -> tuple[date, date] | None:
    """The days a year-bearing ``date:`` value stands for, or None (not such a value; an
    impossible date selects nothing, as an empty interval)."""
    m = _COMPARE.match(value)
    if m:
        span = _span(m.group(2))
        if span is None:
            return _EMPTY if _YMD.fullmatch(m.group(2).strip()) else None
        op = m.group(1)
        lo, hi = date.min, date.max
        if op == ">=":
            lo = span[0]
        elif op == ">":
            lo = date.fromordinal(span[1].toordinal() + 1) if span[1] < date.max else date.max
        elif op == "<=":
            hi = span[1]
        else:
            hi = date.fromordinal(span[0].toordinal() - 1) if span[0] > date.min else date.min
        return lo, hi
    if ".." in value:
        left, _, right = value.partition("..")
        a = _span(left) if left.strip() else (date.min, date.min)
        b = _span(right) if right.strip() else (date.max, date.max)
        if a is None or b is None:
            return _EMPTY if (left.strip() or right.strip()) and all(
                not p.strip() or _YMD.fullmatch(p.strip()) for p in (left, right)) else None
        return a[0], b[1]
    span = _span(value)
    if span is None and _YMD.fullmatch(value.strip()) and len(value.strip()) > 4:
        return _EMPTY  # 2024-02-30: no such day
    return span


_EMPTY = (date.max, date.min)


UNDATED = ("undated", "无日期")  # no date at all
NO_YEAR = ("noyear", "无年份")  # a date, but no year: 9月4日 on a page with no issue date


def date_matcher(value: str) -> Callable[[Article], bool]:
    """A test of articles for ``date:value`` (*value* folded by ``normalize``);
    ``date:undated`` is the articles with no date at all, ``date:noyear`` those whose date
    has no year (a dateline's month and day on a page with no issue date): with the years,
    the year facet's values, which add up to the hits."""
    if value in UNDATED:
        return lambda a: a.date is None
    if value in NO_YEAR:
        return lambda a: a.date is not None and a.date.year is None
    interval = date_interval(value)
    if interval is not None:
        lo, hi = interval

        def in_interval(a: Article) -> bool:
            d = a.date
            if d is None or d.year is None:
                return False
            return d.start <= hi and d.end >= lo

        return in_interval
    m = _MONTH_DAY.match(value)
    if m and (m.group(2) or value.endswith("月") or len(value) <= 2):
        month, day = int(m.group(1)), int(m.group(2)) if m.group(2) else None

        def month_day(a: Article) -> bool:
            d = a.date
            return d is not None and d.holds(month, day)

        return month_day

    def text(a: Article) -> bool:
        d = a.date
        return d is not None and (value in normalize(d.label) or value in d.iso)

    return text


def day_interval(field: str, value: str) -> tuple[date, date] | None:
    """The days a ``date:`` or ``issue:`` value that is a day, month, year or range stands
    for (what its test keeps: the articles whose date, or issue, has a day in them), else None
    (another field, ``undated``, or a form its test reads otherwise)."""
    if field not in ("date", "issue") or value in UNDATED:
        return None
    return date_interval(value)


def issue_matcher(value: str) -> Callable[[Article], bool]:
    """``issue:2024-06-07`` (also a year, month, range or comparison, as ``date:`` takes
    them): articles of the issues of those days — by the issue's date, not the dateline's
    (an article of the 06-07 issue may report 6月6日). ``issue:undated``: pages with no
    issue date."""
    if value in UNDATED:
        return lambda a: a.issue is None
    interval = date_interval(value)
    if interval is None:
        return lambda a: False
    lo, hi = interval
    return lambda a: a.issue is not None and lo <= a.issue <= hi


_PAGE = re.compile(r"^(?:第)?([a-z])?0*(\d{1,3})版?$")
_PAGE_CN = re.compile(r"^第?([〇零一二两三四五六七八九十百]+)版?$")


def page_number(value: str) -> int | None:
    """The 版次 a ``page:`` value names (``3``, ``03``, ``第3版``, ``a3``, ``第三版``, ``十二``,
    ``头版``), or None: not a 版次, then part of a 版名."""
    m = _PAGE.match(value)
    if m:
        return int(m.group(2))
    if value in ("头版", "头"):  # the front page, as the layouts read a file named so
        return 1
    m = _PAGE_CN.match(value)
    return chinese_number(m.group(1)) if m else None


def page_matcher(value: str) -> Callable[[Article], bool]:
    """``page:3`` (``第3版``, ``第三版``, ``a3``): articles of 版 3 (pages with no 版次 never
    match); ``page:要闻``: articles of a page whose 版名 holds it (folded, as text is)."""
    number = page_number(value)
    if number is not None:
        return lambda a: a.page_no == number
    return lambda a: a.page_name is not None and value in normalize(a.page_name)


NO_PAPER = "(none)"  # paper:(none): the pages that name no paper
_NO_PAPER = (NO_PAPER, "(no paper)")  # (the label reader.corpus.issues.NO_PAPER, quoted, too)


def names_no_paper(value: str) -> bool:
    """Whether a ``paper:`` value (folded) means the pages that name no paper."""
    return value.strip() in _NO_PAPER


def paper_matcher(value: str) -> Callable[[Article], bool]:
    """``paper:无锡``: articles of a paper whose name holds it (folded, as text is);
    ``paper:(none)``: the articles of pages that name no paper."""
    if names_no_paper(value):
        return lambda a: not a.paper
    folded: dict[str, str] = {}

    def test(a: Article) -> bool:
        if a.paper is None:
            return False
        name = folded.get(a.paper)
        if name is None:
            name = folded[a.paper] = normalize(a.paper)
        return value in name

    return test


@dataclass(frozen=True)
class Field:
    name: str  # as typed before the colon
    kind: str  # text | column | test (see the module's docstring)
    matches: str  # how a value matches, in a phrase
    help: str = ""  # how the help's line of search syntax shows it (every field has one)
    column: str | None = None  # kind column: the prepared corpus's column (authors, sources)
    test: Callable[[str], Callable[[Article], bool]] | None = None  # kind test: value → test of articles
    pinyin: bool = False  # letters in the value also match by pinyin


FIELDS: tuple[Field, ...] = (
    Field("title", "text", "text of the title or a subtitle", "title:…", pinyin=True),
    Field("author", "column", "part of an author's name", "author:…", column="authors", pinyin=True),
    Field("date", "test", "a day, month, year or range the article's date overlaps", "date:9月 / date:9月4日",
          test=date_matcher),
    Field("source", "column", "part of the page file's name", "source:…", column="sources"),
    Field("paper", "test", "part of the paper's name; paper:(none): pages that name no paper", "paper:…",
          test=paper_matcher),
    Field("page", "test", "the 版次 (page:3, 第3版, 第三版, A3) or part of the 版名 (page:要闻)", "page:3",
          test=page_matcher),
    Field("issue", "test", "the issue's date: a day, month, year or range (issue:2024-06-07)",
          "issue:2024-06-07", test=issue_matcher),
)
FIELD = {f.name: f for f in FIELDS}
NAMES = tuple(FIELD)
NAMES_PATTERN = "|".join(NAMES)  # for a regular expression: any field's name
SHOWN = tuple(f for f in FIELDS if f.help)  # the fields the help's line of syntax names: all


def in_text(name: str | None) -> bool:
    """Whether a literal of field *name* (None: no field, anywhere) is found in the text —
    ranked, widened by synonyms, highlighted — rather than in a column or by a test."""
    return name is None or FIELD[name].kind == "text"


def reads_pinyin(name: str | None) -> bool:
    """Whether letters in a literal of field *name* (None: no field) also match by pinyin."""
    return name is None or FIELD[name].pinyin


def syntax_fields() -> str:
    """The fields as the help's line of syntax shows them (``title:… author:… …``)."""
    return " ".join(f.help for f in SHOWN)


def placeholder_fields() -> str:
    """The fields as the search box's placeholder names them: every one, in few cells
    (``title/author/…/issue:``; the box is one line of an 80-column terminal)."""
    return "/".join(NAMES) + ":"


def matcher(field: str, value: str) -> Callable[[Article], bool]:
    """A test of articles for ``field:value`` (a field of kind ``test``)."""
    row = FIELD.get(field)
    if row is None or row.test is None:
        raise ValueError(f"not a field matched by a test: {field}")
    return row.test(value)
