"""The meta line of an article — ``6月7日 · 高美梅、惠晓婧 · 无锡日报 2024-06-07 第3版`` — as
every view writes it: the reading pane, the article list, the related-articles and issues
screens, ``reader show`` and ``reader search``.

Each view picks what its line says, in its order, from the items here (an article's
date, authors, where it was printed, what it continues) and strings of its own; items not
known for an article are left out, the rest joined by :data:`SEP`. Plain text: a view
that shows it on a terminal makes it printable (``reader.printable``).
"""

from __future__ import annotations

from typing import Callable, Union

from reader.corpus.article import Article

SEP = " · "

Item = Callable[[Article], str]


def DATE(a: Article) -> str:
    """The date as printed in the article's issue (``2024年6月7日``), if known."""
    return a.date.label if a.date else ""


def AUTHORS(a: Article) -> str:
    return "、".join(a.authors)


def PLACE(a: Article) -> str:
    """Paper and 版, else the page file's name (:attr:`Article.place`)."""
    return a.place


def WHERE(a: Article) -> str:
    """Paper, issue and 版 where the page has a 版次, else the page file."""
    return a.where if a.page_no is not None else a.source


def WHERE_AND_SOURCE(a: Article) -> str:
    """Paper, issue and 版 as known, with the page file in brackets; else the page file."""
    return f"{a.where} ({a.source})" if a.where != a.source else a.source


def CONTINUED(a: Article) -> str:
    """``上接第N版`` for the rest of an article begun on another page."""
    return f"上接第{a.continued_from}版" if a.continued_from else ""


def meta_parts(article: Article, *items: Union[Item, str]) -> list[str]:
    """The non-empty texts of *items* for *article*: an item function's, or a string itself."""
    texts = (item if isinstance(item, str) else item(article) for item in items)
    return [t for t in texts if t]


def meta_line(article: Article, *items: Union[Item, str]) -> str:
    """*article*'s meta line: *items* (see :func:`meta_parts`) joined by :data:`SEP`."""
    return SEP.join(meta_parts(article, *items))
