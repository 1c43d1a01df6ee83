"""``reader list`` and ``reader show``: the articles of the corpus, one article or a quotation
of one paragraph."""

from __future__ import annotations

import argparse
import sys

from reader.cli.context import load_settings, open_corpus, resolve_article
from reader.cli.errors import UsageError
from reader.cli.output import one_line, piped, print_json, print_table, rich_console
from reader.corpus import Article
from reader.corpus.article import HEADING, SUBTITLE, TITLE
from reader.corpus.meta import AUTHORS, CONTINUED, DATE, WHERE_AND_SOURCE, meta_line


def cmd_list(args: argparse.Namespace) -> int:
    corpus = open_corpus(args)
    if args.json:
        print_json([a.to_summary() for a in corpus.articles])
        return 0
    from rich.table import Table
    from rich.text import Text

    rows = [(a.id, a.date.label if a.date else "", one_line(a.place), one_line(a.title), one_line("、".join(a.authors)))
            for a in corpus.articles]
    names = ("id", "date", "where", "title", "authors")
    widths = None if piped() else _fitted(rich_console().width, names, rows)  # piped: nothing cut, nothing folded
    if widths:  # the 版 kept where the paper's name is cut; a title on two lines at most
        from reader.tui.wrap import ellipsize  # (cut by cells: Rich's … leaves a CJK gap)

        fit = {"where": _place_in, "title": _title_in}
        rows = [tuple(fit.get(name, ellipsize)(cell, widths[k]) for k, (name, cell) in enumerate(zip(names, row)))
                for row in rows]
    table = Table(box=None, pad_edge=False, header_style="bold")
    for k, name in enumerate(names):
        table.add_column(name, width=widths[k] if widths else None, no_wrap=name != "title",
                         overflow="fold" if name == "title" else "ellipsis")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    print_table(table)
    return 0


_GAP = 2  # cells between two columns
_ROOM = {"where": (8, 24), "authors": (6, 16), "date": (5, 16)}  # (at least, at most) cells, given up for the title


def _fitted(width: int, names: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[int]:
    """The columns' widths for a terminal *width* cells wide: the id whole, date, where and
    authors as wide as they need up to their most, the title the rest (folded within it) —
    and where that leaves less than 20 cells of title, authors, where and then the date
    narrower (cut with …, a place's paper before its 版): never the title gone, as Rich's own sharing dropped it below ~70."""
    from rich.cells import cell_len

    need = [max([cell_len(name)] + [cell_len(row[k]) for row in rows]) for k, name in enumerate(names)]
    got = {name: min(need[k], _ROOM[name][1]) if name in _ROOM else need[k] for k, name in enumerate(names)}
    title = names.index("title")

    def others() -> int:  # the cells of every column but the title's, and the gaps
        return sum(w for name, w in got.items() if name != "title") + _GAP * (len(names) - 1)

    wanted = min(need[title], 20)
    for name in ("authors", "where", "date"):  # the 版 before the second author
        short = wanted - (width - others())
        if short > 0:
            got[name] = max(_ROOM[name][0], got[name] - short)
    got["title"] = max(width - others(), min(wanted, 4))
    return [got[name] for name in names]


def _place_in(place: str, width: int) -> str:
    """*place* (``无锡日报 第1版``) in *width* cells: the paper's name cut first (``无锡… 第1版``),
    so the 版 stays in view; the whole cut at its end only where the 版 alone does not fit."""
    from reader.tui.wrap import cells, ellipsize

    paper, _, page = place.rpartition(" ")
    if cells(place) <= width or not paper or cells(page) > width:
        return ellipsize(place, width)
    room = width - cells(page) - 1
    return f"{ellipsize(paper, room)} {page}" if room >= 3 else page


_TITLE_LINES = 2


def _title_in(title: str, width: int) -> str:
    """*title* folded to *width* cells on at most two lines, the second cut with … (a row
    of three or four lines breaks the table's reading down the ids)."""
    from reader.tui.wrap import ellipsize, wrap

    lines = wrap(title, width)
    if len(lines) <= _TITLE_LINES:
        return "\n".join(title[a:b].rstrip(" ") for a, b in lines)  # (the space at a break ends its line)
    shown = [title[a:b].rstrip(" ") for a, b in lines[:_TITLE_LINES - 1]]
    return "\n".join(shown + [ellipsize(title[lines[_TITLE_LINES - 1][0]:], width)])


def format_article(a: Article) -> str:
    """The article as lines of text, each line printable (a page's bytes never reach the
    terminal as commands)."""
    head: list[str] = []
    body: list[str] = []
    section = None
    for part in a.parts():
        if part.kind in (TITLE, SUBTITLE):
            head.append(part.text)
        elif part.kind == HEADING:
            if part.section is not section:  # its headings on one line
                section = part.section
                body += ["", f"【{section.title}】", ""]
        else:
            body += [part.text, ""]
    lines = [*head, meta_line(a, DATE, AUTHORS, WHERE_AND_SOURCE, CONTINUED), "", *body]
    return "\n".join(one_line(line) for line in lines).rstrip() + "\n"


def cmd_show(args: argparse.Namespace) -> int:
    corpus = open_corpus(args)
    article = resolve_article(corpus, args.id)
    if args.quote is not None:
        from reader.corpus.quote import quote
        from reader.corpus.reading import reading_of

        count = len(article.paragraphs)
        if not 1 <= args.quote <= count:
            raise UsageError(f"--quote {args.quote}: article {article.id} has paragraphs 1–{count}")
        style = args.citation or load_settings(args).citation
        q = quote(article, args.quote - 1, style=style, reading=reading_of(corpus))
        if args.json:
            print_json(q.to_json())
        else:
            sys.stdout.write(f"「{one_line(q.text)}」\n{one_line(q.citation)}\n")
        return 0
    if args.json:
        print_json(show_json(article, corpus))
    else:
        sys.stdout.write(format_article(article))
    return 0


def show_json(article: Article, corpus) -> dict:
    """``show --json``: the article, with where it comes from and goes on — each
    ``{"page", "id", "page_found"}`` (the 版 its ``（上接…）`` / ``（下转…）`` names, the
    article there when the archive has it, else null; whether the archive has that page at
    all), or null for an article that names no other page."""
    from reader.corpus.reading import reading_of

    data = article.to_json()
    links = {link.kind: link for link in reading_of(corpus).links(article)}
    for key, kind in (("comes_from", "from"), ("goes_on", "to")):
        link = links.get(kind)
        data[key] = None if link is None else {
            "page": link.page, "id": link.article.id if link.article is not None else None,
            "page_found": link.page_found}
    return data
