"""``reader search``: the hits of a query, or with ``--facets`` their authors, dates and pages."""

from __future__ import annotations

import argparse
import sys

from reader.cli.context import load_settings, load_synonyms, open_corpus, open_engine
from reader.cli.errors import UsageError
from reader.cli.output import one_line, piped, print_json, rich_console
from reader.corpus.meta import DATE, PLACE, meta_line
from reader.printable import printable
from reader.plural import agrees, counted


def cmd_search(args: argparse.Namespace) -> int:
    if args.limit < 0:  # the arguments first: no corpus read, no index built, for a typo
        raise UsageError("--limit must be 0 (all hits) or a positive number")
    query = " ".join(args.query)
    from reader.search import QueryError
    from reader.search.query import parse

    try:
        parse(query)  # a query beyond the parser's bounds: said before any work
    except QueryError as exc:
        raise UsageError(str(exc)) from None
    prefs = load_settings(args)
    if args.sort is None:
        args.sort = prefs.sort
    if not prefs.pinyin:
        args.no_pinyin = True
    from reader.search.readings import fuzzy_pairs

    try:
        fuzzy = fuzzy_pairs(p for p in args.fuzzy_pinyin.split(",") if p.strip()) \
            if args.fuzzy_pinyin is not None else tuple(prefs.fuzzy_pinyin)
    except ValueError as exc:
        raise UsageError(f"--fuzzy-pinyin: {exc}") from None
    synonyms = load_synonyms(args, prefs, quiet=args.json)
    corpus = open_corpus(args, quiet=args.json)
    engine, _, _ = open_engine(args, corpus, quiet=args.json, fuzzy_pinyin=fuzzy, synonyms=synonyms,
                               use_synonyms=prefs.use_synonyms and not args.no_synonyms)
    try:
        results = engine.search(query, limit=args.limit or None, sort=args.sort)
    except QueryError as exc:
        raise UsageError(str(exc)) from None
    if not args.json:  # (--json: what is printed is the answer, nothing besides)
        from reader.corpus.issues import page_names
        from reader.search.hints import query_hint

        hint = query_hint(query, [f.name for f in corpus.files], by_page="--facets lists the pages of the hits",
                          numbered=corpus.numbered, page_names=lambda: page_names(corpus.articles))
        if not hint:
            from reader.search.bylines import byline_hint

            hint = byline_hint(query, corpus)
        if hint:
            print(f"reader: hint: {printable(hint)}", file=sys.stderr)  # it names a page file
    if args.facets:
        found = engine.facets(results)
        if args.json:
            print_json({"total": results.total, "facets": {k: [f.to_json() for f in v] for k, v in found.items()}})
            return 0
        print(f"{counted(results.total, 'article')} {agrees(results.total, 'matches', 'match')} {query!r}")
        from rich.cells import cell_len

        for field, values in found.items():
            if not values:
                continue
            print(f"\n{field}:")
            for f in values:
                label = one_line(f.label)  # padded by terminal cells: a CJK character is two
                print(f"  {f.count:>5}  {label}{' ' * max(0, 32 - cell_len(label))}  {one_line(f.query)}")
        return 0
    if args.json:
        print_json([hit.to_json() for hit in results.hits])
        return 0
    from rich.text import Text

    console = rich_console()
    shown = len(results.hits)
    console.print(
        Text(f"{counted(results.total, 'article')} {agrees(results.total, 'matches', 'match')} {query!r}"
             + (f"; the first {shown} shown" if shown < results.total else "")
             + ("" if results.ranked else " (broad query: title matches first, then page order)"),
             style="bold")
    )
    if results.synonyms:
        console.print(Text("also searched (synonyms; --no-synonyms for none): " + "; ".join(
            f"{typed} → {'、'.join(more)}" for typed, more in results.synonyms), style="dim"))
    wide = None if piped() else console.width  # piped: each line whole, for other tools
    for rank, hit in enumerate(results.hits, start=1):
        _print_hit(console, rank, hit, wide)
    return 0


_INDENT = 5  # "  1. ": the hit's lines hang under its title


def _print_hit(console, rank: int, hit, width: int | None) -> None:
    """One hit: the title line (title, meta, match count) and the snippet — on a terminal
    *width* cells wide wrapped under the rank, the meta's parts and the count kept whole."""
    from rich.text import Text

    from reader.cli.hanging import hanging, parts_of
    from reader.corpus.meta import SEP

    a = hit.article
    head = Text(one_line(a.title), style="bold")
    meta = one_line(meta_line(a, DATE, PLACE, a.id))
    count = f"({hit.matches} match{'es' if hit.matches != 1 else ''})" if hit.matches else ""  # none for date:9月
    keep = parts_of(meta, len(head) + 2, SEP)
    head.append(f"  {meta}", style="dim")
    if count:
        keep.append((len(head) + 2, len(head) + 2 + len(count)))
        head.append(f"  {count}", style="dim")
    snippet = Text(one_line(hit.snippet.replace("\n", " ")))  # one character for one: spans hold
    for s, e in hit.snippet_spans:
        snippet.stylize("bold reverse", s, e)
    rank_text = Text(f"{rank:>3}. ", style="dim")
    pad = Text(" " * _INDENT)
    if width is None:
        console.print(Text.assemble(rank_text, head))
        console.print(Text.assemble(pad, snippet))
        return
    for k, line in enumerate(hanging(head, width - _INDENT, keep, SEP)):
        console.print(Text.assemble(rank_text if k == 0 else pad, line))
    for line in hanging(snippet, width - _INDENT):
        console.print(Text.assemble(pad, line))
