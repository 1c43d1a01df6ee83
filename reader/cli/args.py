"""The argument parser: every command and its options, and the search argv fix-up that lets a
query part start with "-"."""

from __future__ import annotations

import argparse
import sys

from reader import __version__, paths
from reader.printable import printable
from reader.search.sorts import SORTS


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


def _words_flags(parser: argparse.ArgumentParser, top: bool = False) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--custom-words", metavar="FILE", default=default,
                        help="words the word splitter keeps whole, one per line (env READER_CUSTOM_WORDS; default: "
                             "the settings' custom_words, else words.txt beside the settings file)")
    parser.add_argument("--no-custom-words", action="store_true", default=default, help=argparse.SUPPRESS)


# the query's fields (reader.search.fields.NAMES, which a test holds this to: not imported, as
# the parser is built on every launch)
QUERY_FIELDS = "title: author: date: source: paper: page: issue:"


def _paragraph_number(text: str) -> int:
    """``--quote N``'s N; what is not a number (an id typed after ``--quote``) says where the id goes."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r} (N is a paragraph number, and the "
                                         "article's id comes first: reader show ID --quote [N])") from None


def needs_commands(argv: list[str], parser: argparse.ArgumentParser) -> bool:
    """Whether parsing *argv* needs the commands' parsers: it names one (any word that is not
    an option or an option's value — *parser*'s own options say which take one), or asks for
    help. Launching the app does not, and building them costs ~5 ms of every launch."""
    takes_value = {s for a in parser._actions if a.nargs != 0 for s in a.option_strings}
    i = 0
    while i < len(argv):
        tok = argv[i]
        if tok in ("-h", "--help") or not tok.startswith("-") or tok == "-":
            return True
        if tok == "--":
            return i + 1 < len(argv)
        if tok in takes_value:
            i += 1  # its value
        i += 1
    return False


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The parser; without *commands*, only the app's options (:func:`add_commands` adds
    them; see :func:`needs_commands`)."""
    parser = _Parser(
        prog="reader",
        description="Read and search Chinese newspaper archives. Without a command, opens the reader app.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    _common(parser, top=True)
    parser.add_argument("--no-pinyin", action="store_true", help="start the app with pinyin matching off")
    _synonym_flags(parser)
    _words_flags(parser, top=True)
    parser.set_defaults(command=None)
    if commands:
        add_commands(parser)
    return parser


def add_commands(parser: argparse.ArgumentParser) -> None:
    """Every command's parser, on the top-level *parser* of :func:`build_parser`."""
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("list", help="list the articles of the corpus")
    _common(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("issues", help="the issues of the archive (paper and date), newest first")
    _common(p)
    p.add_argument("--paper", metavar="P", help="only the issues of paper P (its name or a part of it that only one paper's has; "
                   "'(none)' for pages that name no paper)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("issue", help="one issue: its pages (版) and their articles")
    _common(p)
    p.add_argument("date", metavar="DATE",
                   help="the issue's day, YYYY-MM-DD (a month, YYYY-MM, or a year is refused with the days that "
                        "have an issue)")
    p.add_argument("--paper", metavar="P", help="the paper (needed when several have an issue that day): its name or a part of it "
                   "that only one paper's has; '(none)' for pages that name no paper")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("show", help="print one article")
    _common(p)
    p.add_argument("id", help="article id (a unique prefix is enough)")
    p.add_argument("--quote", type=_paragraph_number, nargs="?", const=1, metavar="N",
                   help="print paragraph N (1-based; without N the first, as the app's y copies an article just "
                        "opened) as a quotation with its citation")
    p.add_argument("--citation", choices=("reader", "gbt7714"), default=None,
                   help="citation style of --quote (default: the settings' citation, reader)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("search", help="search the corpus")
    _common(p)
    p.add_argument("query", nargs="+", help='query: words, "phrases", OR, -exclude, pinyin, and fields: '
                                                       + QUERY_FIELDS)
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits; 0 = all (default 20)")
    p.add_argument("--sort", choices=SORTS, default=None, help="order of the hits (default: the settings' sort, relevance)")
    p.add_argument("--no-pinyin", action="store_true", help="match letters only as typed, not as pinyin")
    _synonym_flags(p)
    _words_flags(p)
    p.add_argument("--fuzzy-pinyin", metavar="PAIRS", default=None,
                   help="pinyin sounds taken as the same, comma-separated: z=zh,c=ch,s=sh,n=l,an=ang,en=eng,in=ing"
                        ' ("" for none; default: the settings\' fuzzy_pinyin)')
    p.add_argument("--facets", action="store_true", help="print the authors, dates and pages of the hits, with counts")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("related", help="articles related to one article, and its keywords")
    _common(p)
    _words_flags(p)
    p.add_argument("id", help="article id (a unique prefix is enough)")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="at most N articles (default 10)")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("keys", help="every key binding of the app: its id, keys and what it does")
    _common(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("index", help="build or update the search index")
    _common(p)
    _words_flags(p)
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
    q.add_argument("--citation", choices=("reader", "gbt7714"), default=None,
                   help="citation style of each bookmark's article (default: the settings' citation, reader)")
    q = bsub.add_parser("import", help="merge bookmarks from a JSON export (duplicates merged)")
    _common(q)
    q.add_argument("file", metavar="FILE")
    q.add_argument("--json", action="store_true", help="machine-readable summary")
    q = bsub.add_parser("rm", help="remove a bookmark")
    _common(q)
    q.add_argument("id", help="bookmark id (a unique prefix is enough)")


_SEARCH_VALUE_OPTS = {"--limit", "--corpus", "--cache-dir", "--data-dir", "--sort", "--config", "--fuzzy-pinyin",
                      "--synonyms", "--custom-words"}
_SEARCH_FLAGS = {"--json", "--no-pinyin", "--no-synonyms", "--facets", "--follow-links", "--no-custom-words",
                 "-h", "--help"}


def search_argv(argv: list[str]) -> list[str]:
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
