"""``reader keys``: every key binding of the app, as remapped by the settings."""

from __future__ import annotations

import argparse

from reader.cli.context import load_settings
from reader.cli.output import one_line, print_json, rich_console, warn

KEYS_WIDTH = 20  # cells: the keys column, at most


def cmd_keys(args: argparse.Namespace) -> int:
    prefs = load_settings(args)
    from reader.tui import keys
    from reader.tui.app import ReaderApp

    sources = ReaderApp.binding_sources()
    keymap, warnings = keys.check(prefs.keys, sources, str(prefs.path))
    for warning in warnings:
        warn(warning, "warning: ")
    rows = keys.table(sources, keymap)
    if args.json:
        print_json([r.to_json() for r in rows])
        return 0
    from rich.table import Table
    from reader.tui.screens.help import _key_label

    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("id", no_wrap=True)
    # an 80-column terminal: many keys or a remap wrap inside their own column, and what a
    # binding does keeps a column of its own, wrapping there too
    table.add_column("keys", overflow="fold", max_width=KEYS_WIDTH)
    table.add_column("where", no_wrap=True)
    table.add_column("what it does", overflow="fold", min_width=12)
    for r in rows:
        shown = ", ".join(_key_label(k) for k in r.keys)
        if r.remapped:
            shown += "  (was " + ", ".join(_key_label(k) for k in r.default) + ")"
        table.add_row(r.id, shown, r.where, r.description)
    rich_console().print(table)
    print('\nRemap under [keys] in the settings file, e.g. "app.quit" = "ctrl+q":')
    print(f"  {one_line(str(prefs.path))}")
    return 0
