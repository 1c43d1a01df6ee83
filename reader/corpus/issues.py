"""The issues of an archive: its articles grouped by paper and issue date, pages in order.

What ``reader issues`` and ``reader issue DATE`` print. An issue is one paper's pages of one
date; a page is one page file (its 版次 and 版名 where known); pages go by 版次 (叠 letter
first, unnumbered pages last, by file), articles by their place on the page.

Pages that name no paper (a flat folder's ``2024-06-07-A03.txt``) make issues of no paper,
called :data:`NO_PAPER` wherever a paper's name would be shown (the app and the CLI alike);
the query language names them ``paper:(none)`` (:mod:`reader.search.fields`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from reader.corpus.article import Article

NO_PAPER = "(no paper)"  # the one label of the pages that name no paper, in the app and on the CLI


def paper_label(paper: str | None) -> str:
    """*paper*'s name, or :data:`NO_PAPER` for pages that name none."""
    return paper if paper else NO_PAPER


@dataclass
class Page:
    source: str
    number: int | None
    name: str | None
    articles: list[Article] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"page": self.number, "name": self.name, "source": self.source,
                "articles": [{"id": a.id, "title": a.title} for a in self.articles]}


@dataclass
class Issue:
    paper: str | None
    date: date
    pages: list[Page]

    @property
    def articles(self) -> int:
        return sum(len(p.articles) for p in self.pages)

    def summary(self) -> dict:
        return {"paper": self.paper, "date": self.date.isoformat(), "pages": len(self.pages),
                "articles": self.articles}

    def to_json(self) -> dict:
        return {"paper": self.paper, "date": self.date.isoformat(), "pages": [p.to_json() for p in self.pages]}


def page_order(page: Page) -> tuple:
    """Pages of an issue go by 版次, unnumbered ones last, by file (A03 before B03)."""
    return (page.number is None, page.number or 0, page.source)


def group(articles: Iterable[Article]) -> dict[tuple[str | None, date | None], list[Page]]:
    """*articles* by (paper, issue date) — undated pages under date None — each group's
    pages in order (:func:`page_order`; undated ones by file), articles by their place on
    the page. One pass over the articles, then a sort of each group's few pages."""
    by_issue: dict[tuple[str | None, date | None], dict[str, Page]] = {}
    for a in articles:
        pages = by_issue.get((a.paper, a.issue))
        if pages is None:
            pages = by_issue[(a.paper, a.issue)] = {}
        page = pages.get(a.source)
        if page is None:
            page = pages[a.source] = Page(a.source, a.page_no, a.page_name)
        page.articles.append(a)
    out: dict[tuple[str | None, date | None], list[Page]] = {}
    for key, pages in by_issue.items():
        ordered = list(pages.values())
        for p in ordered:
            if any(p.articles[k].order > p.articles[k + 1].order for k in range(len(p.articles) - 1)):
                p.articles.sort(key=lambda a: (a.page, a.order))
        if key[1] is None:  # undated: file order
            ordered.sort(key=lambda p: (p.articles[0].page, p.source))
        else:
            ordered.sort(key=page_order)
        out[key] = ordered
    return out


def issues(articles: Iterable[Article], paper: str | None = None, *, no_paper: bool = False) -> list[Issue]:
    """Every issue of *articles* (of *paper* only, if given: its exact name; of the pages that
    name no paper only, with *no_paper*), newest first, papers by name within a date (no paper
    last)."""
    if no_paper:
        articles = (a for a in articles if not a.paper)
    elif paper is not None:
        articles = (a for a in articles if a.paper == paper)
    out = [Issue(name, day, pages) for (name, day), pages in group(articles).items() if day is not None]
    out.sort(key=lambda i: (-i.date.toordinal(), i.paper is None, i.paper or ""))
    return out


def papers(articles: Iterable[Article]) -> list[str]:
    """The names of the papers of *articles*, sorted."""
    return sorted({a.paper for a in articles if a.paper})


def page_names(articles: Iterable[Article]) -> list[str]:
    """The pages' 版名 (``要闻``), sorted: what ``page:`` matches besides a 版次."""
    return sorted({a.page_name for a in articles if a.page_name})
