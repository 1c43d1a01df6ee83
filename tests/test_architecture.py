"""The core never imports Textual; the CLI uses the core only."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "reader.corpus", "reader.search", "reader.search.engine", "reader.search.index", "reader.search.query",
    "reader.search.span", "reader.search.units", "reader.store", "reader.cli", "reader.paths",
    "reader.settings", "reader.printable",
    "reader.search.progress",
]


def test_core_and_cli_do_not_import_textual():
    code = (
        "import importlib, sys\n"
        f"for m in {CORE!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_cli_commands_other_than_the_app_never_load_textual(tmp_path):
    code = (
        "import sys, io, contextlib\n"
        "from reader.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['list', '--json']); main(['search', '锡', '--json']); main(['bookmarks', 'list'])\n"
        "print(any(m.startswith('textual') for m in sys.modules))\n"
    )
    env = {"READER_CACHE_DIR": str(tmp_path / "c"), "READER_DATA_DIR": str(tmp_path / "d"), "PATH": ""}
    import os

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, **env}, timeout=120).stdout.strip()
    assert out.splitlines()[-1] == "False"


def test_light_modules_do_not_load_whoosh_or_jieba():
    code = (
        "import sys\n"
        "import reader.search.units, reader.search.span, reader.search.query, reader.corpus\n"
        "print(sorted(m for m in ('whoosh', 'jieba') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_search_modules_stay_small():
    """One job per module: the search core in layers, none over ~400 lines."""
    from pathlib import Path

    import reader.search

    folder = Path(reader.search.__file__).parent
    long = {p.name: n for p in folder.glob("*.py") if (n := len(p.read_text("utf-8").splitlines())) > 400}
    assert long == {}


def test_every_worker_has_a_description():
    """Textual names a worker without a description by the repr of its arguments — the
    whole corpus, 100k articles, for a worker handed it: 1.2 s on the event loop for each
    reload's worker at 100k. Every @work in the package says what it does instead."""
    import re
    from pathlib import Path

    import reader

    package = Path(reader.__file__).parent
    missing = []
    for path in package.rglob("*.py"):
        for k, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if re.match(r"\s*@work\b", line) and "description=" not in line:
                missing.append(f"{path.relative_to(package)}:{k}")
    assert not missing, missing
