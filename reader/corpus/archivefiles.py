"""An archive's own files at its root: ``reader.toml`` (the paper, a layout pattern) and a
manifest (``pages.csv`` or ``pages.jsonl``) — what says where its pages are, so a change to
one is a change to every page. (:mod:`reader.corpus.layout` reads them; the preview and a
reload's growth check only compare their stats, which needs none of the layout parser.)"""

from __future__ import annotations

import os
from pathlib import Path

MANIFESTS = ("pages.csv", "pages.jsonl")
SETTINGS_FILE = "reader.toml"


def own_files(root: Path) -> tuple:
    """The stats of the archive's own files: (name, size, mtime_ns), None for a missing one."""
    stats = []
    for name in (SETTINGS_FILE, *MANIFESTS):
        try:
            st = os.stat(root / name)
            stats.append((name, st.st_size, st.st_mtime_ns))
        except OSError:
            stats.append((name, None, None))
    return tuple(stats)
