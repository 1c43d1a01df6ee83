"""Search: analyzer, index, query, spans. Never imports Textual."""

from __future__ import annotations

from pathlib import Path

from reader.corpus import Corpus
from reader.search.engine import Cancelled, Hit, Results, SearchEngine
from reader.search.query import parse
from reader.search.span import Span
from reader.search.store import IndexStore, Progress, UpdateReport
from reader.search.units import Unit, units


def open_search(corpus: Corpus, cache_dir: Path, rebuild: bool = False,
                progress: Progress | None = None) -> tuple[SearchEngine, UpdateReport]:
    """Bring the corpus's index up to date (building it if needed) and open an engine on it."""
    ix, report = IndexStore(corpus, cache_dir).open(rebuild=rebuild, progress=progress)
    return SearchEngine(corpus, ix), report


__all__ = [
    "Cancelled", "Hit", "IndexStore", "Results", "SearchEngine", "Span", "Unit", "UpdateReport",
    "open_search", "parse", "units",
]
