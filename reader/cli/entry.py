"""The entry point: parse the arguments, run the command, turn its errors into one line on
stderr and an exit status."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from reader import notices, paths
from importlib import import_module

from reader.cli.app import run_app
from reader.cli.args import add_commands, build_parser, needs_commands, search_argv
from reader.cli.context import use_custom_words
from reader.cli.errors import UsageError
from reader.cli.output import warn
from reader.corpus import CorpusError

# command → (module in reader.cli, function): imported when run, so that launching the app
# loads no command's module
COMMANDS = {
    "list": ("articles", "cmd_list"), "show": ("articles", "cmd_show"), "search": ("search", "cmd_search"),
    "index": ("index", "cmd_index"), "bookmarks": ("bookmarks", "cmd_bookmarks"),
    "related": ("related", "cmd_related"), "keys": ("keys", "cmd_keys"),
    "issues": ("issues", "cmd_issues"), "issue": ("issues", "cmd_issue"),
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(commands=False)
    if needs_commands(argv, parser):
        add_commands(parser)
    args = parser.parse_args(search_argv(argv))
    if args.command == "index" and args.progress_lines:  # the app's child: notices for the app to show
        from reader.search.progress import encode_notice

        stop = notices.listen(lambda text: print(encode_notice(text), flush=True))
    elif args.command is not None:  # (the app shows its own)
        stop = notices.listen(lambda text: print(f"reader: {text}", file=sys.stderr, flush=True))
    else:
        stop = lambda: None  # noqa: E731
    try:
        return run_command(args)
    finally:
        stop()


def run_command(args: argparse.Namespace) -> int:
    try:
        if args.command in (None, "search", "related", "index"):  # what cuts words: the index, keywords
            warnings = use_custom_words(args, quiet=args.command is None)
        if args.command is None:
            return run_app(args, warnings)
        module, name = COMMANDS[args.command]
        return getattr(import_module(f"reader.cli.{module}"), name)(args)
    except CorpusError as exc:
        warn(str(exc))
        return 2
    except UsageError as exc:
        warn(str(exc))
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
        warn(f"{exc.strerror or exc}{where}")
        return 2
    except KeyboardInterrupt:
        return 130
