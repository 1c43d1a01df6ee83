"""``reader list`` and ``reader show``: the articles of the corpus, one article or a quotation
of one paragraph."""

from __future__ import annotations

import argparse
import sys

from reader.cli.context import load_settings, open_corpus, resolve_article
from reader.cli.errors import UsageError
from reader.cli.output import one_line, piped, print_json, print_table
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

    whole = piped()  # (for scripts: nothing cut, nothing folded)
    table = Table(box=None, pad_edge=False, header_style="bold", expand=not whole)
    table.add_column("id", no_wrap=True, min_width=10)
    table.add_column("date", no_wrap=True, min_width=6)
    table.add_column("where", no_wrap=True, max_width=None if whole else 24, overflow="ellipsis")  # 版, or the file
    table.add_column("title", ratio=1, overflow="fold", min_width=20)
    table.add_column("authors", no_wrap=True, max_width=None if whole else 16, overflow="ellipsis")
    for a in corpus.articles:
        date = a.date.label if a.date else ""
        table.add_row(a.id, date, Text(one_line(a.place)), Text(one_line(a.title)), Text(one_line("、".join(a.authors))))
    print_table(table)
    return 0


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
        print_json(article.to_json())
    else:
        sys.stdout.write(format_article(article))
    return 0
