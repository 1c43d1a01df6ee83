"""The parser's version: a key that changes whenever the source of the modules that turn
page files into articles does (their output, article ids included, may then change).

It is derived from the package itself, not from a list kept by hand: the loader
(:mod:`reader.corpus.corpus`) and every module of ``reader.corpus`` it imports, directly or
through another, at the top of a module or inside a function — found by reading their
source. A new parser module counts as soon as the parser imports it; a module the parser
does not import (the preview, issues, quotes) does not. The corpus cache's own format
(:mod:`reader.corpus.cache`, and what only it imports) is left out, so that changing how
the cache is written does not invalidate search indexes, whose keys hold this version.

Corpus caches, previews, search indexes and text caches are all keyed by it.
"""

from __future__ import annotations

import re
import zlib
from functools import cache
from pathlib import Path

PACKAGE = "reader.corpus"
LOADER = "corpus"  # the module that loads a folder's pages into articles: the walk starts here
NOT_PARSING = frozenset({"cache"})  # the cache's format: not where articles come from
_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[\w, \t]*)|import[ \t]+([\w., \t]+))", re.M)


def parser_version() -> str:
    """This parser's version (computed once per process)."""
    return _version(Path(__file__).parent)


@cache
def _version(folder: Path) -> str:
    return version_of(folder)


def version_of(folder: Path) -> str:
    """The version of the parser whose package is *folder* (8 hex digits)."""
    crc = 0
    for name in parser_modules(folder):
        crc = zlib.crc32(name.encode() + b"\0", crc)
        crc = zlib.crc32((folder / f"{name}.py").read_bytes(), crc)
    return f"{crc:08x}"


def parser_modules(folder: Path) -> list[str]:
    """The names of the modules in *folder* (the ``reader.corpus`` package) that parsing
    uses, sorted: :data:`LOADER` and what it imports from the package, transitively, except
    :data:`NOT_PARSING`."""
    found: set[str] = set()
    todo = [LOADER]
    while todo:
        name = todo.pop()
        if name in found or name in NOT_PARSING or not (folder / f"{name}.py").is_file():
            continue
        found.add(name)
        todo += _imports((folder / f"{name}.py").read_text("utf-8", "replace"), folder)
    return sorted(found)


def _imports(source: str, folder: Path) -> list[str]:
    """The modules of the package that *source* imports, anywhere in it (read as text,
    a few microseconds: a line in a docstring that reads like an import counts too, which
    can only make the version change more often)."""
    out = []
    for m in _IMPORT.finditer(source):
        module, names, plain = m.group(1), m.group(2), m.group(3)
        if plain is not None:  # import reader.corpus.page[ as p, …]
            for n in (part.split()[0] for part in plain.split(",") if part.strip()):
                if n == PACKAGE or n.startswith(PACKAGE + "."):
                    out.append(n[len(PACKAGE) + 1:].split(".")[0] or "__init__")
        elif module in (PACKAGE, "."):  # from reader.corpus import page, …: the package, and its modules named
            out.append("__init__")
            out += [n for n in re.findall(r"\w+", names) if (folder / f"{n}.py").is_file()]
        elif module.startswith(PACKAGE + "."):
            out.append(module[len(PACKAGE) + 1:].split(".")[0])
        elif module.startswith(".") and not module.startswith(".."):
            out.append(module[1:].split(".")[0])
    return out
