"""The command line: ``reader [list|show|issues|issue|search|related|keys|index|bookmarks] …``;
no command opens the app.

Each command group has its module:

- ``list`` (the articles) and ``show`` (one article, or ``--quote`` one paragraph): ``articles``
- ``issues`` (the issues of an archive) and ``issue`` (one issue's pages): ``issues``
- ``search`` (hits, or ``--facets``): ``search``
- ``related`` (articles related to one, and its keywords): ``related``
- ``keys`` (the app's key bindings): ``keys``
- ``index`` (build or update the search index): ``index``
- ``bookmarks list|export|import|rm``: ``bookmarks``
- no command, the app: ``app``

and they share ``entry`` (``main``: run a command, its errors as one line and an exit status),
``args`` (the parser), ``context`` (settings, dirs, corpus, engine, user data from the
arguments), ``output`` (warnings, safe JSON and text, the console) and ``errors``.

Uses the core only (corpus, search, store); never imports Textual unless the app is asked
for, or ``keys`` reads its bindings.
"""

from __future__ import annotations

from reader.cli.app import build_app
from reader.cli.args import build_parser
from reader.cli.entry import main

__all__ = ["build_app", "build_parser", "main"]
