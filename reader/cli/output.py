"""What the commands print: warnings on stderr, terminal-safe JSON and text, the Rich console,
the indexing progress bar."""

from __future__ import annotations

import json
import os
import re
import sys

from reader.printable import printable


def warn(message: str, prefix: str = "") -> None:
    """One line on stderr; whatever it names (files, folders) shown as text."""
    print(f"reader: {prefix}{printable(message)}", file=sys.stderr)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def json_text(data, indent: int | None = 2) -> str:
    """*data* as JSON that keeps the exact text yet is safe on a terminal: besides the C0
    controls JSON escapes anyway, DEL, C1, lone surrogates and bidi controls are written as
    ``\\uXXXX`` escapes (they only occur inside strings, so the JSON means the same)."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def print_json(data) -> None:
    sys.stdout.write(json_text(data) + "\n")


def rich_console():
    """A Rich console for stdout that prints text as given."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # Rich exits with status 1 here; a reader that stops reading (| head) is no
            # error: the command's BrokenPipeError handler ends it with status 0
            raise BrokenPipeError

    # what is printed goes in as Text of printable(...) strings; no markup, no :emoji: codes
    return _Console(highlight=False, markup=False, emoji=False, soft_wrap=not sys.stdout.isatty())


def piped() -> bool:
    """Whether stdout goes to a pipe or a file with no width asked for (``COLUMNS``): its
    lines are for scripts and other tools, so none is cut or wrapped to a guessed width."""
    return not sys.stdout.isatty() and not os.environ.get("COLUMNS", "").strip()


def print_table(table) -> None:
    """*table* on stdout: to the terminal's width (or ``COLUMNS``'), else (piped) at the width
    its cells need, each row one line with no trailing blanks. A table meant to be piped
    leaves out ``expand`` and ``max_width`` when ``piped()``."""
    if not piped():
        rich_console().print(table)
        return
    from rich.console import Console

    console = Console(highlight=False, markup=False, emoji=False, width=1 << 20, color_system=None)
    with console.capture() as captured:
        console.print(table)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def one_line(text: str) -> str:
    """*text* as it may be printed: control characters shown as pictures, never sent."""
    return printable(text)


class ProgressBar:
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
