"""Facets: the papers, authors, years, months, dates, pages (版次) and source files of a
result set, with counts.

Every facet value is also a query part (``paper:无锡日报``, ``author:惠晓婧``, ``date:2024``,
``date:2024-06``, ``date:09-04``, ``date:undated``, ``page:3``, ``source:003_…``),
so picking one in the app narrows the search exactly as typing it would. The years add up
to the hits: an article whose date has no year (a dateline read on an undated page, ``6月7日``)
is counted under ``no year`` (``date:noyear``), one with no date at all under ``undated``; the
papers add up too, the pages that name no paper under ``(no paper)`` (``paper:(none)``). A
day that is a range (``6月2日至5日``) is one value of its own, shown whole
(``date:2024-06-02/2024-06-05``: the articles of that range).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath
from typing import Iterable, Sequence

from reader.corpus import Article
from reader.corpus.issues import NO_PAPER as NO_PAPER_LABEL
from reader.search.fields import NO_PAPER

@dataclass(frozen=True)
class Facet:
    field: str  # author | date | source
    value: str  # as written after ``field:`` in a query
    label: str  # as shown
    count: int

    @property
    def query(self) -> str:
        return f"{self.field}:{self.value}"

    def to_json(self) -> dict:
        return {"field": self.field, "value": self.value, "label": self.label, "count": self.count, "query": self.query}


UNDATED = "undated"  # the ``date:`` value of articles with no date at all
NO_YEAR = "noyear"  # …and of those whose date has no year (month and day only)


def facets(articles: Sequence[Article], indices: Iterable[int]) -> dict[str, list[Facet]]:
    """Facet values over the articles at *indices*: papers and authors by count; years
    (newest first, then no year, then the undated), months and days newest first; pages (版次) and source
    files in order. A group none of the articles has a value for is empty — but
    ``no year`` and ``undated`` are years only where some article has a year."""
    authors: Counter[str] = Counter()
    papers: Counter[str] = Counter()
    years: Counter[int] = Counter()
    months: Counter[tuple[int, int]] = Counter()
    dates: Counter[tuple[str, str]] = Counter()
    pages: Counter[int] = Counter()
    sources: Counter[tuple[int, str]] = Counter()
    undated = yearless = unnamed = 0
    for i in indices:
        a = articles[i]
        authors.update(dict.fromkeys(a.authors, 1))
        if a.paper:
            papers[a.paper] += 1
        else:
            unnamed += 1
        if a.date is not None:
            d = a.date
            dates[(d.iso, d.label)] += 1  # a range whole: 2024-06-02/2024-06-05, 2024年6月2日至5日
            if d.year is not None:
                years[d.year] += 1
                months[(d.year, d.month)] += 1
            else:
                yearless += 1
        else:
            undated += 1
        if a.page_no is not None:
            pages[a.page_no] += 1
        sources[(a.page, a.source)] += 1
    year_facets = [Facet("date", str(y), f"{y}年", n) for y, n in sorted(years.items(), reverse=True)]
    if year_facets and yearless:
        year_facets.append(Facet("date", NO_YEAR, "no year", yearless))
    if year_facets and undated:
        year_facets.append(Facet("date", UNDATED, "undated", undated))
    paper_facets = [Facet("paper", name, name, n) for name, n in sorted(papers.items(), key=lambda kv: (-kv[1], kv[0]))]
    if paper_facets and unnamed:  # the pages that name no paper, where others name theirs
        paper_facets.append(Facet("paper", NO_PAPER, NO_PAPER_LABEL, unnamed))
    return {
        "author": [Facet("author", name, name, n) for name, n in sorted(authors.items(), key=lambda kv: (-kv[1], kv[0]))],
        "paper": paper_facets,
        "year": year_facets,
        "month": [Facet("date", f"{y:04d}-{m:02d}", f"{y}年{m}月", n) for (y, m), n in sorted(months.items(), reverse=True)],
        # days newest first, as the years and months (and the sort by date): those with a
        # year, then those without (``09-04``)
        "date": [Facet("date", iso, label, n) for (iso, label), n
                 in sorted(dates.items(), key=lambda kv: (kv[0][0][:4].isdigit(), kv[0][0]), reverse=True)],
        "page": [Facet("page", str(no), f"第{no}版", n) for no, n in sorted(pages.items())],
        "source": [Facet("source", name, name, n) for (page, src), n in sorted(sources.items())
                   if (name := _file(src))],
    }


def _file(source: str) -> str:
    """A page file as a facet names it: its path in the corpus without ``.txt`` — an
    archive's ``2024/06/06/01`` and ``2024/06/07/01`` are two files, not one ``01``."""
    path = PurePath(source)
    return path.with_suffix("").as_posix() if path.suffix else path.as_posix()
