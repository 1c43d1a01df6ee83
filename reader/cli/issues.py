"""``reader issues`` and ``reader issue``: the issues of an archive, and one issue's pages (版)
with their articles."""

from __future__ import annotations

import argparse
import sys

from reader.cli.context import open_corpus
from reader.cli.errors import UsageError
from reader.cli.output import one_line, print_json, print_table, rich_console
from reader.corpus import Corpus


def _check_paper(corpus: Corpus, paper: str | None) -> None:
    from reader.corpus.issues import papers

    if paper is not None and paper not in papers(corpus.articles):
        known = papers(corpus.articles)
        raise UsageError(f"no paper named {paper!r} in this archive"
                         + (f" (papers: {', '.join(known)})" if known else " (its pages name no paper)"))


def cmd_issues(args: argparse.Namespace) -> int:
    from reader.corpus.issues import issues

    corpus = open_corpus(args)
    _check_paper(corpus, args.paper)
    found = issues(corpus.articles, args.paper)
    if args.json:
        print_json([i.summary() for i in found])
        return 0
    if not found:
        print("no issues: no page of this corpus has an issue date (see the README's archive layouts)",
              file=sys.stderr)
        return 0
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("date", no_wrap=True)
    table.add_column("paper", no_wrap=True)
    table.add_column("pages", justify="right")
    table.add_column("articles", justify="right")
    for i in found:
        table.add_row(i.date.isoformat(), Text(one_line(i.paper or "")), str(len(i.pages)), str(i.articles))
    print_table(table)
    return 0


def cmd_issue(args: argparse.Namespace) -> int:
    from reader.corpus.issues import issues
    from reader.corpus.layout import BadDate, parse_date

    try:
        day = parse_date(args.date)
    except BadDate as exc:
        raise UsageError(f"issue {args.date!r}: {exc}") from None
    corpus = open_corpus(args)
    _check_paper(corpus, args.paper)
    found = [i for i in issues(corpus.articles, args.paper) if i.date == day]
    if not found:
        raise UsageError(f"no issue dated {day.isoformat()}" + (f" of {args.paper}" if args.paper else "")
                         + " (see `reader issues`)")
    if len(found) > 1:
        names = ", ".join(i.paper or "(no paper)" for i in found)
        raise UsageError(f"{len(found)} papers have an issue dated {day.isoformat()}: {names}; choose one with --paper")
    issue = found[0]
    if args.json:
        print_json(issue.to_json())
        return 0
    from rich.text import Text

    console = rich_console()
    console.print(Text(one_line(" ".join(p for p in (issue.paper, issue.date.isoformat()) if p))
                       + f" · {len(issue.pages)} 版 · {issue.articles} 篇", style="bold"))
    for page in issue.pages:
        label = one_line(" ".join(p for p in (f"第{page.number}版" if page.number is not None else None, page.name) if p))
        head = Text(f"{label or one_line(page.source)} · {len(page.articles)}篇", style="bold")
        if label:
            head.append(f"  {one_line(page.source)}", style="dim")
        console.print(head)
        for a in page.articles:
            line = Text(f"  {a.id}  ", style="dim")
            line.append(one_line(a.title))
            console.print(line)
    return 0
