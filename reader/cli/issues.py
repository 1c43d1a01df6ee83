"""``reader issues`` and ``reader issue``: the issues of an archive, and one issue's pages (版)
with their articles."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date, timedelta

from reader.cli.context import open_corpus
from reader.cli.errors import UsageError
from reader.cli.output import one_line, piped, print_json, print_table, rich_console
from reader.corpus import Corpus


def _choose_paper(corpus: Corpus, given: str | None) -> tuple[str | None, bool]:
    """The paper ``--paper`` *given* names: (its name, False); (None, True) for the pages that
    name no paper (``--paper '(none)'``, as ``paper:(none)`` in a query, or the label
    ``'(no paper)'``, or ``''``); (None, False) when not given. A name is matched as
    ``paper:`` matches it in a search, by a part of it (``江南`` is 江南晚报), folded; an
    exact name first, and a part of several names is refused with the names to choose from."""
    from reader.corpus.issues import NO_PAPER, papers
    from reader.search.fields import NO_PAPER as NO_PAPER_QUERY, names_no_paper
    from reader.search.normalize import normalize

    if given is None:
        return None, False
    known = papers(corpus.articles)
    unnamed = any(not a.paper for a in corpus.articles)
    value = normalize(given.strip())
    if not value or names_no_paper(value):
        if not unnamed:
            raise UsageError(f"every page of this archive names its paper (papers: {', '.join(known)})")
        return None, True
    if given in known:
        return given, False
    found = [name for name in known if value in normalize(name)]
    if len(found) == 1:
        return found[0], False
    if found:
        raise UsageError(f"{len(found)} papers' names have {given!r} in them: {', '.join(found)}; "
                         "give more of the name")
    none = f"; --paper '{NO_PAPER_QUERY}' for {NO_PAPER}" if unnamed else ""
    raise UsageError(f"no paper named {given!r} in this archive"
                     + (f" (papers: {', '.join(known)}{none})" if known else " (its pages name no paper)"))


def cmd_issues(args: argparse.Namespace) -> int:
    from reader.corpus.issues import issues, paper_label

    corpus = open_corpus(args)
    paper, no_paper = _choose_paper(corpus, args.paper)
    found = issues(corpus.articles, paper, no_paper=no_paper)
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
        table.add_row(i.date.isoformat(), Text(one_line(paper_label(i.paper))), str(len(i.pages)), str(i.articles))
    print_table(table)
    return 0


_MONTH = re.compile(r"(\d{4})(?:[-/.](\d{1,2})|(\d{2})|年(\d{1,2})月)")
_YEAR = re.compile(r"(\d{4})年?")
_SHOWN = 8  # runs of days named in an error before "and N more"


def _month_or_year(text: str) -> tuple[str, str, date, date] | None:
    """*text* as a month (``2024-06``, ``2024/6``, ``202406``, ``2024年6月``) or a year (``2024``):
    which it is, its label (``2024-06``) and its first and last days; None when it is neither."""
    t = text.strip()
    m = _MONTH.fullmatch(t)
    if m:
        year, month = int(m.group(1)), int(next(g for g in m.groups()[1:] if g is not None))
        if 1 <= month <= 12:
            first = date(year, month, 1)
            last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
            return "a month", f"{first:%Y-%m}", first, last
        return None
    m = _YEAR.fullmatch(t)
    if m and int(m.group(1)) >= 1:
        year = int(m.group(1))
        return "a year", str(year), date(year, 1, 1), date(year, 12, 31)
    return None


def _runs(days: list[date]) -> list[str]:
    """Sorted *days* as runs of consecutive days: ``2024-06-01 to 2024-06-03``, ``2024-06-05``."""
    out: list[str] = []
    start = prev = None
    for d in days + [None]:
        if prev is not None and (d is None or d.toordinal() != prev.toordinal() + 1):
            out.append(start.isoformat() if start == prev else f"{start.isoformat()} to {prev.isoformat()}")
            start = None
        if start is None:
            start = d
        prev = d
    return out


def _days_of(found: list, label: str, first: date, last: date, paper: str | None) -> str:
    """Which days of [*first*, *last*] (*label*) have an issue in *found* (newest first), by
    paper, for an error."""
    from reader.corpus.issues import paper_label

    inside = [i for i in found if first <= i.date <= last]
    of = f" of {paper}" if paper else ""
    if not inside:
        span = ""
        if found:
            lo, hi = found[-1].date.isoformat(), found[0].date.isoformat()
            span = (f"; the archive's issues{of} run from {lo} to {hi}" if lo != hi
                    else f"; the archive's only issue{of} is {lo}")
        return f"there is no issue{of} in {label}{span}"
    by_paper: dict[str | None, list[date]] = {}
    for i in sorted(inside, key=lambda i: i.date):
        by_paper.setdefault(i.paper, []).append(i.date)
    parts = []
    for name, days in sorted(by_paper.items(), key=lambda kv: (kv[0] is None, kv[0] or "")):
        runs = _runs(days)
        shown = ", ".join(runs[:_SHOWN]) + (f" and {len(runs) - _SHOWN} more" if len(runs) > _SHOWN else "")
        count = f" ({len(days)} issue{'s' if len(days) != 1 else ''})"
        parts.append((f"{paper_label(name)} " if len(by_paper) > 1 else "") + shown + count)
    names = [n for n in by_paper if n]
    return f"the issues{of if paper or len(names) != 1 else ' of ' + names[0]} in {label}: " + "; ".join(parts)


def _nearest(found: list, day: date) -> str:
    """The issues just before and after *day*, for the error of a day with none."""
    before = [i.date for i in found if i.date < day]
    after = [i.date for i in found if i.date > day]
    near = [f"{max(before).isoformat()} before"] if before else []
    near += [f"{min(after).isoformat()} after"] if after else []
    return f"; the nearest: {', '.join(near)}" if near else ""


def cmd_issue(args: argparse.Namespace) -> int:
    from reader.corpus.issues import NO_PAPER, issues, paper_label
    from reader.search.fields import NO_PAPER as NO_PAPER_QUERY
    from reader.corpus.layout import BadDate, parse_date

    span = _month_or_year(args.date)
    day = None
    if span is None:
        try:
            day = parse_date(args.date)
        except BadDate as exc:
            from reader.search.hints import no_such_date

            # an impossible day is said as the search box says it (date:2024-02-30 is not a date: …)
            detail = no_such_date(args.date.strip(), args.date) if str(exc).startswith("impossible") \
                else f"issue {args.date!r}: not a date"
            raise UsageError(f"{detail}; give the issue's day as YYYY-MM-DD (`reader issues` lists them)") from None
    corpus = open_corpus(args)
    paper, no_paper = _choose_paper(corpus, args.paper)
    every = issues(corpus.articles, paper, no_paper=no_paper)
    of = paper_label(paper) if paper or no_paper else None  # what --paper chose, as shown
    if span is not None:
        what, label, first, last = span
        raise UsageError(f"issue {args.date!r} is {what}: `reader issue` shows one day's issue, YYYY-MM-DD; "
                         + _days_of(every, label, first, last, of))
    found = [i for i in every if i.date == day]
    if not found:
        raise UsageError(f"no issue dated {day.isoformat()}" + (f" of {of}" if of else "")
                         + (_nearest(every, day) or " (see `reader issues`)"))
    if len(found) > 1:
        names = ", ".join(paper_label(i.paper) for i in found)
        unnamed = f", or --paper '{NO_PAPER_QUERY}' for {NO_PAPER}" if any(not i.paper for i in found) else ""
        raise UsageError(f"{len(found)} papers have an issue dated {day.isoformat()}: {names}; "
                         f"choose one with --paper NAME{unnamed}")
    issue = found[0]
    if args.json:
        print_json(issue.to_json())
        return 0
    from rich.text import Text

    console = rich_console()
    console.print(Text(one_line(f"{paper_label(issue.paper)} {issue.date.isoformat()}")
                       + f" · {len(issue.pages)} 版 · {issue.articles} 篇", style="bold"))
    width = None if piped() else console.width  # piped: each row whole, for other tools
    for page in issue.pages:
        _print_page(console, page, width)
    return 0


def _print_page(console, page, width: int | None) -> None:
    """A page's head (``第2版 · 4篇  无锡日报/2024/06/08/02.txt``) and its articles' rows
    (``  id  title  上接第1版``): on a terminal *width* cells wide, the file's path shortened
    where it tells least (its paper and date kept) and each title wrapped by cells under
    itself, ``上接第N版`` whole — not Rich's wrapping at spaces, which put a title under its
    id and left ``…`` or a meta word alone on a line."""
    from rich.text import Text

    from reader.cli.hanging import hanging
    from reader.tui.wrap import cells, shorten_path

    label = one_line(" ".join(p for p in (f"第{page.number}版" if page.number is not None else None, page.name) if p))
    head = Text(f"{label or one_line(page.source)} · {len(page.articles)}篇", style="bold")
    if label:
        room = None if width is None else width - cells(head.plain) - 2
        source = one_line(page.source)
        if room is None or room >= 8:
            head.append(f"  {source if room is None else shorten_path(source, room)}", style="dim")
    console.print(head)
    for a in page.articles:
        lead = Text(f"  {a.id}  ", style="dim")
        row = Text(one_line(a.title))
        keep = []
        if a.continued_from is not None:  # the rest of an article begun on another page
            mark = f"上接第{a.continued_from}版"
            keep.append((len(row) + 2, len(row) + 2 + len(mark)))
            row.append(f"  {mark}", style="dim")
        if width is None:
            console.print(Text.assemble(lead, row))
            continue
        pad = Text(" " * lead.cell_len)
        for k, line in enumerate(hanging(row, max(8, width - lead.cell_len), keep)):
            console.print(Text.assemble(lead if k == 0 else pad, line), no_wrap=True, crop=False)
