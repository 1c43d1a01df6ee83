"""The command line: ``reader [list|show|search|index|bookmarks] …``; no command opens the app.

Uses the core only (corpus, search, store); never imports Textual unless the app is asked for.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import Sequence

from reader import __version__, notices, paths
from reader.printable import printable
from reader.search.facet import SORTS
from reader.corpus import Article, Corpus, CorpusError, load_corpus


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """Argument errors as one line and a hint, exit status 2 — not the whole usage."""

    def error(self, message: str):  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: {printable(message)}\n")  # it may quote what was typed
        sys.stderr.write(f"hint: `{self.prog} --help` shows what it takes\n")
        self.exit(2)


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
    parser.add_argument(
        "--follow-links", action="store_true", default=default,
        help="also read page files that are links to files outside the corpus folder",
    )
    parser.add_argument(
        "--config", metavar="FILE", default=default,
        help="settings file (env READER_CONFIG; default: config.toml in the user config dir)",
    )


def _synonym_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--synonyms", metavar="FILE", default=None,
                        help="a synonyms file, one group per line (env READER_SYNONYMS; default: the settings' "
                             "synonyms, else synonyms.txt beside the settings file), added to the shipped list")
    parser.add_argument("--no-synonyms", action="store_true", help="a word finds only itself, not its synonyms")


def load_synonyms(args: argparse.Namespace, prefs, quiet: bool = False):
    """The synonyms for *args* and the settings *prefs*; a file asked for that cannot be
    read is a UsageError (exit 2), bad lines are warnings on stderr."""
    from reader.search.synonyms import SynonymsError, load

    try:
        found, warnings = load(getattr(args, "synonyms", None), prefs.file_path("synonyms"), prefs.path)
    except SynonymsError as exc:
        raise UsageError(f"synonyms: {exc}") from None
    if not quiet:
        for warning in warnings:
            print(f"reader: warning: {warning}", file=sys.stderr)
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reader",
        description="Read and search Chinese newspaper archives. Without a command, opens the reader app.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    _common(parser, top=True)
    parser.add_argument("--no-pinyin", action="store_true", help="start the app with pinyin matching off")
    _synonym_flags(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("list", help="list the articles of the corpus")
    _common(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("issues", help="the issues of the archive (paper and date), newest first")
    _common(p)
    p.add_argument("--paper", metavar="P", help="only the issues of paper P (its name as listed)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("issue", help="one issue: its pages (版) and their articles")
    _common(p)
    p.add_argument("date", metavar="DATE", help="the issue date, YYYY-MM-DD")
    p.add_argument("--paper", metavar="P", help="the paper (needed when several have an issue that day)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("show", help="print one article")
    _common(p)
    p.add_argument("id", help="article id (a unique prefix is enough)")
    p.add_argument("--quote", type=int, metavar="N", help="print paragraph N (1-based) as a quotation with its citation")
    p.add_argument("--citation", choices=("reader", "gbt7714"), default=None,
                   help="citation style of --quote (default: the settings' citation, reader)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("search", help="search the corpus")
    _common(p)
    p.add_argument("query", nargs="+", help='query: words, "phrases", OR, -exclude, title:/author:/date:/source:, pinyin')
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits; 0 = all (default 20)")
    p.add_argument("--sort", choices=SORTS, default=None, help="order of the hits (default: the settings' sort, relevance)")
    p.add_argument("--no-pinyin", action="store_true", help="match letters only as typed, not as pinyin")
    _synonym_flags(p)
    p.add_argument("--fuzzy-pinyin", metavar="PAIRS", default=None,
                   help="pinyin sounds taken as the same, comma-separated: z=zh,c=ch,s=sh,n=l,an=ang,en=eng,in=ing"
                        ' ("" for none; default: the settings\' fuzzy_pinyin)')
    p.add_argument("--facets", action="store_true", help="print the authors, dates and pages of the hits, with counts")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("related", help="articles related to one article, and its keywords")
    _common(p)
    p.add_argument("id", help="article id (a unique prefix is enough)")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="at most N articles (default 10)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("keys", help="every key binding of the app: its id, keys and what it does")
    _common(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("index", help="build or update the search index")
    _common(p)
    p.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    p.add_argument("--json", action="store_true", help="machine-readable summary")
    p.add_argument("--progress-lines", action="store_true", help=argparse.SUPPRESS)  # for the app
    p = sub.add_parser("bookmarks", help="list, export, import or remove bookmarks")
    _common(p)
    bsub = p.add_subparsers(dest="bookmarks_command", metavar="ACTION")
    q = bsub.add_parser("list", help="list bookmarks (newest first)")
    _common(q)
    q.add_argument("--json", action="store_true", help="machine-readable output")
    q = bsub.add_parser("export", help="export bookmarks as Markdown or JSON")
    _common(q)
    q.add_argument("--format", choices=("md", "json"), default="md")
    q.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    q = bsub.add_parser("import", help="merge bookmarks from a JSON export (duplicates merged)")
    _common(q)
    q.add_argument("file", metavar="FILE")
    q.add_argument("--json", action="store_true", help="machine-readable summary")
    q = bsub.add_parser("rm", help="remove a bookmark")
    _common(q)
    q.add_argument("id", help="bookmark id (a unique prefix is enough)")
    return parser


_SEARCH_VALUE_OPTS = {"--limit", "--corpus", "--cache-dir", "--data-dir", "--sort", "--config", "--fuzzy-pinyin",
                      "--synonyms"}
_SEARCH_FLAGS = {"--json", "--no-pinyin", "--no-synonyms", "--facets", "--follow-links", "-h", "--help"}


def _search_argv(argv: list[str]) -> list[str]:
    """Let query parts start with "-" (``reader search 无锡 -疫情``): everything that is not
    one of search's own options goes after ``--``."""
    if "search" not in argv:
        return argv
    k = argv.index("search")
    head, rest = argv[: k + 1], argv[k + 1 :]
    opts, query, i = [], [], 0
    while i < len(rest):
        tok = rest[i]
        name = tok.split("=", 1)[0]
        if tok == "--":
            query += rest[i + 1 :]
            break
        if name in _SEARCH_VALUE_OPTS:
            opts.append(tok)
            if "=" not in tok and i + 1 < len(rest):
                opts.append(rest[i + 1])
                i += 1
        elif tok in _SEARCH_FLAGS:
            opts.append(tok)
        else:
            query.append(tok)
        i += 1
    return head + opts + (["--", *query] if query else [])


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(_search_argv(argv))
    if args.command == "index" and args.progress_lines:  # the app's child: notices for the app to show
        stop = notices.listen(lambda text: print(json.dumps({"notice": text}, ensure_ascii=False), flush=True))
    elif args.command is not None:  # (the app shows its own)
        stop = notices.listen(lambda text: print(f"reader: {text}", file=sys.stderr, flush=True))
    else:
        stop = lambda: None  # noqa: E731
    try:
        return _main(args)
    finally:
        stop()


def _main(args: argparse.Namespace) -> int:
    try:
        if args.command is None:
            return _run_app(args)
        handler = {
            "list": cmd_list, "show": cmd_show, "search": cmd_search, "index": cmd_index,
            "bookmarks": cmd_bookmarks, "related": cmd_related, "keys": cmd_keys,
            "issues": cmd_issues, "issue": cmd_issue,
        }[args.command]
        return handler(args)
    except CorpusError as exc:
        _warn(str(exc))
        return 2
    except UsageError as exc:
        _warn(str(exc))
        return 2
    except paths.UnsafeDirError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into head
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes stdout at exit
        except OSError:
            pass
        return 0
    except OSError as exc:  # e.g. a cache or data folder that cannot be written
        where = f" ({os.fsdecode(exc.filename)})" if exc.filename else ""
        _warn(f"{exc.strerror or exc}{where}")
        return 2
    except KeyboardInterrupt:
        return 130


def _warn(message: str, prefix: str = "") -> None:
    """One line on stderr; whatever it names (files, folders) shown as text."""
    print(f"reader: {prefix}{printable(message)}", file=sys.stderr)


def follow_links(args: argparse.Namespace) -> bool:
    """Whether links to files outside the corpus folder are read: ``--follow-links``, else
    the settings' ``follow_links``."""
    return bool(getattr(args, "follow_links", None)) or load_settings(args, quiet=True).follow_links


def cache_dir(args: argparse.Namespace):
    """The cache dir, created private or checked (UnsafeDirError), cleared of what dead
    processes left there."""
    from reader.files import remove_leftovers

    path = paths.cache_dir(getattr(args, "cache_dir", None))
    try:
        paths.private_dir(path, "cache dir", choose=f"--cache-dir DIR or {paths.ENV_CACHE}", disposable=True)
    except OSError:
        return path  # cannot be created: reading goes on uncached, indexing says why it fails
    remove_leftovers(path)
    return path


def data_dir(args: argparse.Namespace):
    """The data dir, created private or checked (UnsafeDirError)."""
    path = paths.data_dir(getattr(args, "data_dir", None))
    try:
        return paths.private_dir(path, "data dir", choose=f"--data-dir DIR or {paths.ENV_DATA}")
    except OSError:
        return path  # cannot be created: the store says so and goes on without saving


def open_corpus(args: argparse.Namespace, quiet: bool = False, allow_empty: bool = False) -> Corpus:
    corpus = load_corpus(paths.corpus_dir(args.corpus), cache_dir(args), follow_links=follow_links(args))
    if not corpus.articles and not allow_empty:  # only empty or unreadable pages: as clear as an empty folder
        raise CorpusError(_nothing_readable(corpus))
    if not quiet:
        for warning in corpus.warnings:
            _warn(warning, "warning: ")
    return corpus


def _nothing_readable(corpus: Corpus) -> str:
    """One line for a folder whose page files all were skipped: how many, and the first reasons."""
    n = len(corpus.warnings)
    if not n:
        return f"no articles in the page files (*.txt) of {corpus.root}"
    reasons = "; ".join(corpus.warnings[:2]) + ("; …" if n > 2 else "")
    return (f"no readable page files (*.txt) in {corpus.root}: "
            f"{n} skipped" + (f" ({reasons})" if reasons else ""))


def load_settings(args: argparse.Namespace, quiet: bool = False):
    """The user's settings (``--config``, ``READER_CONFIG`` or the user config dir), their
    warnings on stderr."""
    from reader import settings

    loaded = settings.load(getattr(args, "config", None))
    if not quiet:
        for warning in loaded.warnings:
            _warn(warning, "warning: ")
    return loaded


_JSON_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def json_text(data, indent: int | None = 2) -> str:
    """*data* as JSON that keeps the exact text yet is safe on a terminal: besides the C0
    controls JSON escapes anyway, DEL, C1, lone surrogates and bidi controls are written as
    ``\\uXXXX`` escapes (they only occur inside strings, so the JSON means the same)."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _print_json(data) -> None:
    sys.stdout.write(json_text(data) + "\n")


def _console():
    from rich.console import Console

    # what is printed goes in as Text of printable(...) strings; no markup, no :emoji: codes
    return Console(highlight=False, markup=False, emoji=False, soft_wrap=not sys.stdout.isatty())


def _line(text: str) -> str:
    return printable(text)


def cmd_list(args: argparse.Namespace) -> int:
    corpus = open_corpus(args)
    if args.json:
        _print_json([a.to_summary() for a in corpus.articles])
        return 0
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, header_style="bold", expand=True)
    table.add_column("id", no_wrap=True, min_width=10)
    table.add_column("date", no_wrap=True, min_width=6)
    table.add_column("where", no_wrap=True, max_width=24, overflow="ellipsis")  # 版 when known, else the file
    table.add_column("title", ratio=1, overflow="fold", min_width=20)
    table.add_column("authors", no_wrap=True, max_width=16, overflow="ellipsis")
    for a in corpus.articles:
        date = a.date.label if a.date else ""
        table.add_row(a.id, date, Text(_line(a.place)), Text(_line(a.title)), Text(_line("、".join(a.authors))))
    _console().print(table)
    return 0


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
        _print_json([i.summary() for i in found])
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
        table.add_row(i.date.isoformat(), Text(_line(i.paper or "")), str(len(i.pages)), str(i.articles))
    _console().print(table)
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
        _print_json(issue.to_json())
        return 0
    from rich.text import Text

    console = _console()
    console.print(Text(_line(" ".join(p for p in (issue.paper, issue.date.isoformat()) if p))
                       + f" · {len(issue.pages)} 版 · {issue.articles} 篇", style="bold"))
    for page in issue.pages:
        label = _line(" ".join(p for p in (f"第{page.number}版" if page.number is not None else None, page.name) if p))
        head = Text(f"{label or _line(page.source)} · {len(page.articles)}篇", style="bold")
        if label:
            head.append(f"  {_line(page.source)}", style="dim")
        console.print(head)
        for a in page.articles:
            line = Text(f"  {a.id}  ", style="dim")
            line.append(_line(a.title))
            console.print(line)
    return 0


def resolve_article(corpus: Corpus, ident: str) -> Article:
    found = corpus.find(ident.strip())
    if not found:
        raise UsageError(f"no article with id {ident!r} (see `reader list`)")  # repr: escaped
    if len(found) > 1:
        ids = ", ".join(a.id for a in found[:5])
        raise UsageError(f"id {ident!r} is ambiguous: {ids}")
    return found[0]


def format_article(a: Article) -> str:
    """The article as lines of text, each line printable (a page's bytes never reach the
    terminal as commands)."""
    lines = [a.title]
    lines += list(a.subtitles)
    meta = [m for m in (a.date.label if a.date else "", "、".join(a.authors),
                        f"{a.where} ({a.source})" if a.where != a.source else a.source) if m]
    if a.continued_from:
        meta.append(f"上接第{a.continued_from}版")
    lines.append(" · ".join(meta))
    lines.append("")
    starts = {s.start: s for s in a.sections}
    for i, para in enumerate(a.paragraphs):
        if i in starts:
            lines += ["", f"【{starts[i].title}】", ""]
        lines += [para, ""]
    return "\n".join(_line(line) for line in lines).rstrip() + "\n"


def cmd_show(args: argparse.Namespace) -> int:
    corpus = open_corpus(args)
    article = resolve_article(corpus, args.id)
    if args.quote is not None:
        from reader.corpus.quote import quote

        count = len(article.paragraphs)
        if not 1 <= args.quote <= count:
            raise UsageError(f"--quote {args.quote}: article {article.id} has paragraphs 1–{count}")
        style = args.citation or load_settings(args).citation
        q = quote(article, args.quote - 1, style=style)
        if args.json:
            _print_json(q.to_json())
        else:
            sys.stdout.write(f"「{_line(q.text)}」\n{_line(q.citation)}\n")
        return 0
    if args.json:
        _print_json(article.to_json())
    else:
        sys.stdout.write(format_article(article))
    return 0


def open_engine(args: argparse.Namespace, corpus: Corpus, rebuild: bool = False, quiet: bool = False):
    """The search engine for *corpus*, building or updating its index first if needed
    (with a progress bar on a terminal)."""
    from reader.search import IndexStore, SearchEngine

    store = IndexStore(corpus, cache_dir(args))
    if rebuild or not store.is_current():
        if not quiet:
            print(f"reader: indexing {len(corpus.articles)} articles…", file=sys.stderr)
        with _progress_bar(quiet) as progress:
            ix, report = store.open(rebuild=rebuild, progress=progress, waiting=_say_waiting)
    else:
        ix, report = store.open(waiting=_say_waiting)
    if report.notice:  # a rebuild of a damaged index is said even with --json (on stderr)
        notices.notice(report.notice)
    engine = SearchEngine(corpus, ix)
    engine.cache_dir = store.cache_dir
    engine.pinyin = not getattr(args, "no_pinyin", False)
    return engine, report, store


def _say_waiting(text: str) -> None:
    """What opening the index waits for (another reader building it), on stderr."""
    print(f"reader: {text}", file=sys.stderr, flush=True)


class _progress_bar:
    """A Rich progress bar on stderr when it is a terminal; nothing otherwise."""

    def __init__(self, quiet: bool):
        self.enabled = not quiet and sys.stderr.isatty()
        self.bar = None

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self.bar = Progress(
            "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
            TimeRemainingColumn(), console=Console(stderr=True), transient=True,
        )
        self.bar.start()
        task = self.bar.add_task("indexing", total=None)

        def progress(done: int, total: int) -> None:
            self.bar.update(task, completed=done, total=total)

        return progress

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False


def cmd_search(args: argparse.Namespace) -> int:
    prefs = load_settings(args)
    if args.sort is None:
        args.sort = prefs.sort
    if not prefs.pinyin:
        args.no_pinyin = True
    from reader.search.pinyin import fuzzy_pairs

    try:
        fuzzy = fuzzy_pairs(p for p in args.fuzzy_pinyin.split(",") if p.strip()) \
            if args.fuzzy_pinyin is not None else tuple(prefs.fuzzy_pinyin)
    except ValueError as exc:
        raise UsageError(f"--fuzzy-pinyin: {exc}") from None
    synonyms = load_synonyms(args, prefs, quiet=args.json)
    corpus = open_corpus(args, quiet=args.json)
    engine, _, _ = open_engine(args, corpus, quiet=args.json)
    engine.fuzzy_pinyin = fuzzy
    engine.synonyms = synonyms
    engine.use_synonyms = prefs.use_synonyms and not args.no_synonyms
    if args.limit < 0:
        raise UsageError("--limit must be 0 (all hits) or a positive number")
    query = " ".join(args.query)
    from reader.search import QueryError

    try:
        results = engine.search(query, limit=args.limit or None, sort=args.sort)
    except QueryError as exc:
        raise UsageError(str(exc)) from None
    if args.facets:
        found = engine.facets(results)
        if args.json:
            _print_json({"total": results.total, "facets": {k: [f.to_json() for f in v] for k, v in found.items()}})
            return 0
        print(f"{results.total} article{'s' if results.total != 1 else ''} match {query!r}")
        for field, values in found.items():
            print(f"\n{field}:")
            for f in values:
                print(f"  {f.count:>5}  {_line(f.label):<32}  {_line(f.query)}")
        return 0
    if args.json:
        _print_json([hit.to_json() for hit in results.hits])
        return 0
    from rich.text import Text

    console = _console()
    shown = len(results.hits)
    console.print(
        Text(f"{results.total} article{'s' if results.total != 1 else ''} match {query!r}"
             + (f"; the first {shown} shown" if shown < results.total else "")
             + ("" if results.ranked else " (broad query: title matches first, then page order)"),
             style="bold")
    )
    if results.synonyms:
        console.print(Text("also searched (synonyms; --no-synonyms for none): " + "; ".join(
            f"{typed} → {'、'.join(more)}" for typed, more in results.synonyms), style="dim"))
    from reader.search.hints import query_hint

    hint = query_hint(query, [f.name for f in corpus.files], by_page="--facets lists the pages of the hits",
                      numbered=corpus.numbered)
    if hint:
        print(f"reader: hint: {printable(hint)}", file=sys.stderr)  # it names a page file
    for rank, hit in enumerate(results.hits, start=1):
        a = hit.article
        head = Text(f"{rank:>3}. ", style="dim")
        head.append(_line(a.title), style="bold")
        meta = " · ".join(m for m in (a.date.label if a.date else "", _line(a.place), a.id) if m)
        count = f"  ({hit.matches} match{'es' if hit.matches != 1 else ''})" if hit.matches else ""  # none for date:9月
        head.append(f"  {meta}{count}", style="dim")
        console.print(head)
        snippet = Text("     " + _line(hit.snippet.replace("\n", " ")))  # one character for one: spans hold
        for s, e in hit.snippet_spans:
            snippet.stylize("bold reverse", s + 5, e + 5)
        console.print(snippet)
    return 0


def cmd_related(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be a positive number")
    corpus = open_corpus(args, quiet=args.json)
    article = resolve_article(corpus, args.id)
    engine, _, _ = open_engine(args, corpus, quiet=args.json)
    words, found = engine.related(article, args.limit)
    if args.json:
        _print_json({
            "id": article.id, "title": article.title,
            "keywords": [k.to_json() for k in words],
            "related": [r.to_json() for r in found],
        })
        return 0
    print(f"{_line(article.title)}  ({article.id})")
    print("keywords: " + _line("  ".join(k.word for k in words)))
    if not found:
        print("no related articles")
    for rank, r in enumerate(found, start=1):
        print(f"{rank:>3}. {r.score:.2f}  {_line(r.article.title)}  ({r.article.id}; {_line('、'.join(r.shared))})")
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    prefs = load_settings(args)
    from reader.tui import keys
    from reader.tui.app import ReaderApp

    sources = ReaderApp.binding_sources()
    keymap, warnings = keys.check(prefs.keys, sources, str(prefs.path))
    for warning in warnings:
        _warn(warning, "warning: ")
    rows = keys.table(sources, keymap)
    if args.json:
        _print_json([r.to_json() for r in rows])
        return 0
    from rich.table import Table
    from reader.tui.screens.help import _key_label

    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("keys", no_wrap=True)
    table.add_column("where", no_wrap=True)
    table.add_column("what it does", overflow="fold")
    for r in rows:
        shown = ", ".join(_key_label(k) for k in r.keys)
        if r.remapped:
            shown += "  (was " + ", ".join(_key_label(k) for k in r.default) + ")"
        table.add_row(r.id, shown, r.where, r.description)
    _console().print(table)
    print(f"\nRemap in {prefs.path} under [keys], e.g. \"app.quit\" = \"ctrl+q\".")
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    if args.progress_lines:  # the app's child process: one JSON object a line on stdout
        corpus = open_corpus(args, quiet=True, allow_empty=True)  # the app opens empty, with warnings
        from reader.search import IndexStore

        def progress(done: int, total: int) -> None:
            print(json.dumps({"done": done, "total": total}), flush=True)

        def waiting(text: str) -> None:
            print(json.dumps({"waiting": text}, ensure_ascii=False), flush=True)

        _, report = IndexStore(corpus, cache_dir(args)).open(rebuild=args.rebuild, progress=progress,
                                                              waiting=waiting)
        print(json.dumps({"finished": True, "added": report.added, "notice": report.notice}, ensure_ascii=False),
              flush=True)
        return 0
    corpus = open_corpus(args, quiet=args.json)
    engine, report, store = open_engine(args, corpus, rebuild=args.rebuild, quiet=args.json)
    size = sum(p.stat().st_size for p in store.path.rglob("*") if p.is_file())
    summary = {
        "corpus": str(corpus.root),
        "index": str(store.path),
        "files": len(corpus.files),
        "articles": len(corpus.articles),
        "indexed_articles": report.added,
        "rebuilt": report.built,
        "updated_files": report.updated_files,
        "removed_files": report.removed_files,
        "seconds": round(report.seconds, 3),
        "chars_per_second": round(report.chars / report.seconds) if report.seconds and report.chars else None,
        "index_bytes": size,
        "notice": report.notice,
    }
    if args.json:
        _print_json(summary)
        return 0
    if report.did_work:
        rate = f" ({summary['chars_per_second']:,} chars/s)" if summary["chars_per_second"] else ""
        what = "built" if report.built else f"updated ({report.updated_files} changed, {report.removed_files} removed files)"
        print(f"Index {what}: {report.added} articles indexed in {report.seconds:.1f} s{rate}.")
    else:
        print("Index up to date: nothing to do.")
    print(f"{len(corpus.articles)} articles from {len(corpus.files)} files; {size / 2**20:.1f} MiB at {_line(str(store.path))}")
    return 0


def _user_store(args: argparse.Namespace):
    from reader.store import UserStore

    store = UserStore(data_dir(args))
    for message in store.messages:
        _warn(message, "warning: ")
    return store


def _missing_ids(args: argparse.Namespace, bookmarks) -> set[str]:
    """Ids of bookmarked articles that are no longer in the corpus."""
    if not bookmarks:
        return set()
    try:
        corpus = open_corpus(args, quiet=True)
    except CorpusError:
        return set()
    known = {a.id for a in corpus.articles}
    return {b.article_id for b in bookmarks if b.article_id not in known}


def _paragraph_counts(args: argparse.Namespace):
    """How many paragraphs an article of the corpus has (None for one it does not have),
    to check imported bookmarks against; None when the corpus cannot be opened."""
    try:
        corpus = open_corpus(args, quiet=True)
    except CorpusError:
        return None
    by_id = {a.id: a for a in corpus.articles}

    def count(article_id: str) -> int | None:
        article = by_id.get(article_id)
        return len(article.paragraphs) if article is not None else None

    return count


def cmd_bookmarks(args: argparse.Namespace) -> int:
    from reader.store import StoreError, load_export

    action = args.bookmarks_command or "list"
    store = _user_store(args)
    if action == "list":
        marks = store.bookmarks()
        missing = _missing_ids(args, marks)
        if getattr(args, "json", False):
            _print_json([{**b.to_json(), "missing": b.article_id in missing} for b in marks])
            return 0
        if not marks:
            print("No bookmarks yet. In the app, press b on a paragraph to add one.")
            return 0
        for b in marks:
            when = b.saved_day
            gone = "  [article no longer in the corpus]" if b.article_id in missing else ""
            print(f"{_line(b.id)}  {when}  {_line(b.title)} ¶{b.paragraph + 1}{gone}")
            print(f"          {_line(b.quote[:60])}{'…' if len(b.quote) > 60 else ''}")
            if b.note:
                print(f"          note: {_line(b.note)}")
        return 0
    if action == "export":
        if args.format == "json":
            text = json_text(store.export_json()) + "\n"
        else:
            # Markdown is read by people: what came from pages or imports, as text
            text = printable(store.export_markdown(_missing_ids(args, store.bookmarks())), multiline=True)
        if args.output:
            from pathlib import Path

            try:
                Path(args.output).write_text(text, "utf-8")
            except OSError as exc:
                raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
            n = len(store.bookmarks())
            print(f"{n} bookmark{'s' if n != 1 else ''} written to {args.output}", file=sys.stderr)
        else:
            sys.stdout.write(text)
        return 0
    if action == "import":
        try:
            report = store.import_json(load_export(args.file), _paragraph_counts(args))
        except StoreError as exc:
            raise UsageError(str(exc)) from None
        for bad in report.rejected:
            _warn(f"rejected {bad}")
        if args.json:
            _print_json({"added": report.added, "updated": report.updated, "unchanged": report.unchanged,
                         "rejected": [r.to_json() for r in report.rejected]})
        else:
            rejected = f"; {len(report.rejected)} rejected (see above)" if report.rejected else ""
            print(f"Imported: {report.added} added, {report.updated} updated, {report.unchanged} already here{rejected}.")
        return 1 if report.rejected else 0  # a script must not take a partial import for a whole one
    if action == "rm":
        found = store.find(args.id)
        if not found:
            raise UsageError(f"no bookmark with id {args.id!r} (see `reader bookmarks list`)")
        if len(found) > 1:
            raise UsageError(f"id {args.id!r} is ambiguous: {', '.join(b.id for b in found[:5])}")
        store.remove(found[0].id)
        print(f"Removed {_line(found[0].id)}: {_line(found[0].title)} ¶{found[0].paragraph + 1}")
        return 0
    raise UsageError(f"unknown bookmarks action {action!r}")


def _run_app(args: argparse.Namespace) -> int:
    import shutil

    app, session_cache = build_app(args)
    try:
        app.run()
    finally:
        if session_cache is not None:
            shutil.rmtree(session_cache, ignore_errors=True)
    return app.return_code or 0


def build_app(args: argparse.Namespace):
    """The app for *args*, and the temporary cache folder it uses for this session only
    (None normally): a refused cache dir is said so in the app, which works without it."""
    import gc

    notices: list[tuple[str, str]] = []  # (title, message) shown once the app has painted
    session_cache = None
    try:
        cache = cache_dir(args)
    except paths.UnsafeDirError as exc:
        import tempfile
        from pathlib import Path

        session_cache = cache = Path(tempfile.mkdtemp(prefix="reader-cache-"))  # 0700
        notices.append(("Cache dir refused", f"{exc}. Until then the cache lives in a temporary folder "
                        "for this session only, so search takes longer to open."))
    # Start-up allocates a lot that lives as long as the app (modules, the corpus): no cyclic
    # collection while loading, then freeze it all so later collections never walk it again
    # (the collector cost ~20 ms before the first paint).
    gc.disable()
    try:
        from reader.corpus.preview import CorpusLoader

        # a bad folder is an error before the app starts; the articles load after its
        # first paint, which shows the first ones when a previous launch kept them
        loader = CorpusLoader(paths.corpus_dir(args.corpus), cache, follow_links=follow_links(args))
        from reader.tui.app import ReaderApp
    finally:
        gc.freeze()
        gc.enable()
    from reader import settings

    prefs = settings.load(args.config)
    app = ReaderApp(loader, cache, paths.data_dir(args.data_dir),
                    pinyin=False if args.no_pinyin else None, settings=prefs,
                    notices=notices, synonyms=load_synonyms(args, prefs, quiet=True),
                    use_synonyms=False if args.no_synonyms else None)
    return app, session_cache
