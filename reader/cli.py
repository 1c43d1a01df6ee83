"""The command line: ``reader [list|show|search|index|bookmarks] …``; no command opens the app.

Uses the core only (corpus, search, store); never imports Textual unless the app is asked for.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Sequence

from reader import __version__, paths
from reader.corpus import Article, Corpus, CorpusError, load_corpus


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit status 2."""


def _common(parser: argparse.ArgumentParser, top: bool = False) -> None:
    # On subcommands the default is SUPPRESS so `reader --corpus X list` keeps X.
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--corpus", metavar="DIR", default=default,
        help=f"folder of page texts (env {paths.ENV_CORPUS}; default: the bundled seeds)",
    )
    parser.add_argument(
        "--cache-dir", metavar="DIR", default=default, help=f"index cache (env {paths.ENV_CACHE})"
    )
    parser.add_argument(
        "--data-dir", metavar="DIR", default=default,
        help=f"bookmarks and reading state (env {paths.ENV_DATA})",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read and search Chinese newspaper archives. Without a command, opens the reader app.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    _common(parser, top=True)
    parser.add_argument("--no-pinyin", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("list", help="list the articles of the corpus")
    _common(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("show", help="print one article")
    _common(p)
    p.add_argument("id", help="article id (a unique prefix is enough)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("search", help="search the corpus")
    _common(p)
    p.add_argument("query", nargs="+", help='query: words, "phrases", OR, -exclude, title:/author:/date:/source:')
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits; 0 = all (default 20)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("index", help="build or update the search index")
    _common(p)
    p.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    p.add_argument("--json", action="store_true", help="machine-readable summary")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return _run_app(args)
        handler = {"list": cmd_list, "show": cmd_show, "search": cmd_search, "index": cmd_index}[args.command]
        return handler(args)
    except CorpusError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 2
    except UsageError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def open_corpus(args: argparse.Namespace, quiet: bool = False) -> Corpus:
    corpus = load_corpus(paths.corpus_dir(args.corpus))
    if not quiet:
        for warning in corpus.warnings:
            print(f"reader: warning: {warning}", file=sys.stderr)
    return corpus


def _print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def cmd_list(args: argparse.Namespace) -> int:
    corpus = open_corpus(args)
    if args.json:
        _print_json([a.to_summary() for a in corpus.articles])
        return 0
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold", expand=True)
    table.add_column("id", no_wrap=True, min_width=10)
    table.add_column("date", no_wrap=True, min_width=6)
    table.add_column("page", no_wrap=True, justify="right")
    table.add_column("title", ratio=1, overflow="fold", min_width=20)
    table.add_column("authors", no_wrap=True, max_width=16, overflow="ellipsis")
    for a in corpus.articles:
        date = a.date.label if a.date else ""
        table.add_row(a.id, date, str(a.page + 1), a.title, "、".join(a.authors))
    _console().print(table)
    return 0


def resolve_article(corpus: Corpus, ident: str) -> Article:
    found = corpus.find(ident.strip())
    if not found:
        raise UsageError(f"no article with id {ident!r} (see `reader list`)")
    if len(found) > 1:
        ids = ", ".join(a.id for a in found[:5])
        raise UsageError(f"id {ident!r} is ambiguous: {ids}")
    return found[0]


def format_article(a: Article) -> str:
    lines = [a.title]
    lines += list(a.subtitles)
    meta = [m for m in (a.date.label if a.date else "", "、".join(a.authors), f"{a.source}") if m]
    if a.continued_from:
        meta.append(f"上接第{a.continued_from}版")
    lines.append(" · ".join(meta))
    lines.append("")
    starts = {s.start: s for s in a.sections}
    for i, para in enumerate(a.paragraphs):
        if i in starts:
            lines += ["", f"【{starts[i].title}】", ""]
        lines += [para, ""]
    return "\n".join(lines).rstrip() + "\n"


def cmd_show(args: argparse.Namespace) -> int:
    corpus = open_corpus(args)
    article = resolve_article(corpus, args.id)
    if args.json:
        _print_json(article.to_json())
    else:
        sys.stdout.write(format_article(article))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    raise UsageError("search is not available yet")


def cmd_index(args: argparse.Namespace) -> int:
    raise UsageError("index is not available yet")


def _run_app(args: argparse.Namespace) -> int:
    raise UsageError("the app is not available yet")
