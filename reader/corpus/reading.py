"""Reading an archive front to back: issue order, where an article is, and its continuations.

Issue order is paper by paper (by name, an unnamed paper last), issue by issue (oldest
first), page by page (版次, as :func:`reader.corpus.issues.page_order`), and on a page in
print order; each paper's undated pages (a flat folder of exports) follow its issues, in file
order. :meth:`Reading.next` / :meth:`Reading.prev` walk that order, crossing pages, issues and
papers.

A continuation marker names a page of the same issue: ``（上接第1版）`` / ``（续第1版）`` opening
an article (``Article.continued_from``), ``（下转第5版）`` closing one (``Article.continues_to``).
Each is resolved to the article on that page when the archive has it: on page N the k-th
article sent on to page P is the k-th article on P taken up from N; one taken up that no
article on N sends on is matched by its headline, if it repeats one of page N's. Pages
without an issue date resolve nothing (nothing says which issue they are of).

A :class:`Reading` is built once per corpus (:func:`reading_of`) in one pass over its
articles; every question after that is a dictionary look-up.
"""

from __future__ import annotations

import gc
import re
from dataclasses import dataclass
from datetime import date

from reader.corpus.article import Article
from reader.corpus.issues import Issue, Page, group


@dataclass(frozen=True)
class Link:
    """One continuation marker of an article, and where it leads."""

    kind: str  # "from": its text began on *page* (上接/续); "to": it goes on on *page* (下转)
    page: int  # the 版次 the marker names
    article: Article | None  # the article there, when the archive has it
    page_found: bool  # whether the archive has that page of the issue at all

    @property
    def short(self) -> str:
        """For a list row: ``上接第1版``, ``上接第1版 (not found)``, ``下转第5版 (page not here)``."""
        head = f"{'上接' if self.kind == 'from' else '下转'}第{self.page}版"
        if self.article is not None:
            return head
        return f"{head} (not found)" if self.page_found else f"{head} (page not here)"

    @property
    def label(self) -> str:
        """``上接第1版 · 标题``, ``下转第5版 (not in this archive)`` …"""
        head = f"{'上接' if self.kind == 'from' else '下转'}第{self.page}版"
        if self.article is not None:
            return f"{head} · {self.article.title}"
        if self.page_found:
            return f"{head} (the article is not found on that page)"
        return f"{head} (the page is not in this archive)"


class Reading:
    """The articles of a corpus in issue order, by issue and page. Not changed after it is
    built (a worker thread may build it; any thread may read it)."""

    def __init__(self, articles: list[Article]):
        was_enabled = gc.isenabled()
        gc.disable()  # one pass making no garbage: the collector would only rescan the corpus
        try:
            self._build(articles)
        finally:
            if was_enabled:
                gc.enable()

    def _build(self, articles: list[Article]) -> None:
        groups = group(articles)
        keys = sorted(groups, key=lambda k: (k[0] is None, k[0] or "", k[1] is None, k[1] or date.min))
        self.order: list[Article] = []
        self.issues: list[Issue] = []  # the dated ones, in issue order
        self._index: dict[str, int] = {}  # article id → position in self.order
        # by position in self.order: the article's page, its place on it, its issue
        self._page: list[Page] = []
        self._spot: list[int] = []
        self._issue: list[Issue | None] = []
        self._by_paper: dict[str | None, dict[date, Issue]] = {}
        order, page_at, spot, issue_at = self.order, self._page, self._spot, self._issue
        for paper, day in keys:
            pages = groups[(paper, day)]
            issue = None
            if day is not None:
                issue = Issue(paper, day, pages)
                self.issues.append(issue)
                self._by_paper.setdefault(paper, {})[day] = issue
            for page in pages:
                n = len(page.articles)
                order += page.articles
                page_at += [page] * n
                spot += range(n)
                issue_at += [issue] * n
        self._index = {a.id: i for i, a in enumerate(order)}
        self._from: dict[str, Article] = {}  # article id → the article it is taken up from
        self._to: dict[str, Article] = {}  # article id → the article it goes on in
        self._page_numbers: dict[int, set[int]] = {}  # id(issue) → its 版次
        for issue in self.issues:
            self._link(issue)

    # -- order --------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.order)

    def index(self, article: Article) -> int | None:
        return self._index.get(article.id)

    def next(self, article: Article) -> Article | None:
        """The article after *article* in issue order (None: it is the last, or unknown)."""
        i = self._index.get(article.id)
        return self.order[i + 1] if i is not None and i + 1 < len(self.order) else None

    def prev(self, article: Article) -> Article | None:
        """The article before *article* in issue order (None: it is the first, or unknown)."""
        i = self._index.get(article.id)
        return self.order[i - 1] if i is not None and i > 0 else None

    # -- where an article is ------------------------------------------------------------

    def issue_of(self, article: Article) -> Issue | None:
        i = self._index.get(article.id)
        return self._issue[i] if i is not None else None

    def page_of(self, article: Article) -> Page | None:
        i = self._index.get(article.id)
        return self._page[i] if i is not None else None

    def place(self, article: Article, paper: bool = False) -> str:
        """Where *article* is: ``2024-06-07 · 第3版 2/3`` (its issue, its 版, its place among
        the page's articles); a page without a 版次 by its file name (``000_1da5….txt 2/3``),
        never a number the page does not print. *paper*: the paper's name in front."""
        i = self._index.get(article.id)
        if i is None:
            return ""
        page, k = self._page[i], self._spot[i]
        name = f"第{page.number}版" if page.number is not None else page.source.rsplit("/", 1)[-1]
        parts = [article.paper] if paper and article.paper else []
        if article.issue is not None:
            parts.append(article.issue.isoformat())
        head = " ".join(parts)
        spot = f"{name} {k + 1}/{len(page.articles)}"
        return f"{head} · {spot}" if head else spot

    # -- the issues of a paper ----------------------------------------------------------

    @property
    def papers(self) -> list[str | None]:
        """The papers that have dated issues, in issue order (an unnamed paper last)."""
        return list(self._by_paper)

    def issues_of(self, paper: str | None) -> dict[date, Issue]:
        """*paper*'s issues by date, oldest first."""
        return self._by_paper.get(paper, {})

    # -- continuations ------------------------------------------------------------------

    def continued_from(self, article: Article) -> Article | None:
        """The article whose ``（下转…）`` *article*'s ``（上接…）`` / ``（续…）`` takes up."""
        return self._from.get(article.id)

    def continues(self, article: Article) -> Article | None:
        """The article that takes *article* up on the page its ``（下转…）`` names."""
        return self._to.get(article.id)

    def parts(self, article: Article) -> list[Article]:
        """The parts of the one article *article* is a part of, in reading order: the front
        part, then each continuation its ``（下转…）`` leads to — by links resolved in the
        archive only. ``[article]`` when it is not continued (or not in this corpus)."""
        head, seen = article, {article.id}
        while (prev := self._from.get(head.id)) is not None and prev.id not in seen:
            seen.add(prev.id)
            head = prev
        out, seen = [head], {head.id}
        while (nxt := self._to.get(out[-1].id)) is not None and nxt.id not in seen:
            seen.add(nxt.id)
            out.append(nxt)
        return out

    def links(self, article: Article) -> list[Link]:
        """*article*'s continuation markers, where it came from first."""
        issue = self.issue_of(article)
        numbers = self._page_numbers.get(id(issue), set()) if issue is not None else set()
        out = []
        if article.continued_from is not None:
            out.append(Link("from", article.continued_from, self._from.get(article.id),
                            article.continued_from in numbers))
        if article.continues_to is not None:
            out.append(Link("to", article.continues_to, self._to.get(article.id),
                            article.continues_to in numbers))
        return out

    def _link(self, issue: Issue) -> None:
        numbers: set[int] = set()
        on_page: dict[int, list[Article]] = {}
        outs: dict[tuple[int, int], list[Article]] = {}  # (N, P): sent on from N to P
        ins: dict[tuple[int, int], list[Article]] = {}  # (N, P): taken up on P from N
        for page in issue.pages:
            if page.number is None:
                continue
            numbers.add(page.number)
            on_page.setdefault(page.number, []).extend(page.articles)
            for a in page.articles:
                if a.continues_to is not None and a.continues_to != page.number:
                    outs.setdefault((page.number, a.continues_to), []).append(a)
                if a.continued_from is not None and a.continued_from != page.number:
                    ins.setdefault((a.continued_from, page.number), []).append(a)
        self._page_numbers[id(issue)] = numbers
        for key, taken_up in ins.items():
            sent = outs.get(key, [])
            for a, b in _pairs(sent, taken_up):
                self._to[a.id], self._from[b.id] = b, a
            rest = [b for b in taken_up if b.id not in self._from]
            if not rest:
                continue
            # taken up, but nothing on page N says 下转 this page: a repeated headline
            free = [c for c in on_page.get(key[0], []) if c.id not in self._to and c.continues_to is None]
            by_title: dict[str, Article] = {}
            for c in free:
                if not c.title_inferred:
                    by_title.setdefault(c.title, c)
            for b in rest:
                c = by_title.pop(b.title, None) if not b.title_inferred else None
                if c is not None:
                    self._to[c.id], self._from[b.id] = b, c


def _pairs(sent: list[Article], taken_up: list[Article]) -> list[tuple[Article, Article]]:
    """Which part sent on (下转) each part taken up (上接) continues, of the articles between
    the same two pages: one each, in order; of several, first those whose continuation
    repeats their headline, then the pairs whose texts share the most (names, places:
    two-character runs), in page order where nothing tells them apart."""
    if len(sent) <= 1 or len(taken_up) <= 1:
        return list(zip(sent, taken_up))
    pairs: list[tuple[Article, Article]] = []
    heads = {a.title: a for a in reversed(sent) if not a.title_inferred}
    left_sent, left_taken = list(sent), []
    for b in taken_up:
        a = heads.pop(b.title, None) if not b.title_inferred else None
        if a is not None and a in left_sent:
            pairs.append((a, b))
            left_sent.remove(a)
        else:
            left_taken.append(b)
    grams = {id(x): _bigrams(x) for x in (*left_sent, *left_taken)}
    scored = sorted(((len(grams[id(a)] & grams[id(b)]) / (1 + len(grams[id(a)]) * len(grams[id(b)])) ** 0.5, -i, -j, i, j)
                     for i, a in enumerate(left_sent) for j, b in enumerate(left_taken)), reverse=True)
    used_a, used_b = set(), set()
    for _, _, _, i, j in scored:
        if i not in used_a and j not in used_b:
            used_a.add(i), used_b.add(j)
            pairs.append((left_sent[i], left_taken[j]))
    return pairs


def _bigrams(article: Article) -> set[str]:
    """The article's runs of two Chinese characters (punctuation and digits say nothing)."""
    return {m.group(1) for m in _TWO_HAN.finditer("\n".join((article.title, *article.paragraphs)))}


_TWO_HAN = re.compile(r"(?=([\u3400-\u9fff]{2}))")


def reading_of(corpus) -> Reading:
    """*corpus*'s :class:`Reading`, built on first use and kept with it (built again when
    its articles have changed)."""
    return corpus.kept("reading", lambda: Reading(corpus.articles))
