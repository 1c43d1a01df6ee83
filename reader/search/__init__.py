"""Search: analyzer, index, query, spans. Never imports Textual.

Names are loaded on first use, so importing a light module such as
``reader.search.units`` does not pull in Whoosh.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

_EXPORTS = {
    "Cancelled": "reader.search.engine",
    "Hit": "reader.search.engine",
    "Results": "reader.search.engine",
    "SearchEngine": "reader.search.engine",
    "IndexStore": "reader.search.index",
    "UpdateReport": "reader.search.index",
    "Progress": "reader.search.index",
    "parse": "reader.search.query",
    "QueryError": "reader.search.query",
    "Span": "reader.search.span",
    "Unit": "reader.search.units",
    "units": "reader.search.units",
}

if TYPE_CHECKING:  # pragma: no cover
    from reader.search.engine import Cancelled, Hit, Results, SearchEngine  # noqa: F401
    from reader.search.query import QueryError, parse  # noqa: F401
    from reader.search.span import Span  # noqa: F401
    from reader.search.index import IndexStore, Progress, UpdateReport  # noqa: F401
    from reader.search.units import Unit, units  # noqa: F401


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'reader.search' has no attribute {name!r}")
    return getattr(import_module(module), name)


def open_search(corpus, cache_dir, rebuild: bool = False, progress=None, **settings):
    """Bring the corpus's index up to date (building it if needed) and open an engine on it;
    *settings* are the engine's keyword arguments (``SearchEngine``)."""
    from reader.search.engine import SearchEngine
    from reader.search.index import IndexStore

    ix, report = IndexStore(corpus, cache_dir).open(rebuild=rebuild, progress=progress)
    return SearchEngine(corpus, ix, cache_dir=cache_dir, **settings), report


__all__ = [*_EXPORTS, "open_search"]
