"""Where reader keeps things: the bundled seeds, the cache, the user's data.

Every location can be overridden by a flag or an environment variable, so tests and
scripts never touch the real home directory.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "reader"
ENV_CORPUS = "READER_CORPUS"
ENV_CACHE = "READER_CACHE_DIR"
ENV_DATA = "READER_DATA_DIR"


def bundled_seeds() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "seeds", here.parent / "seeds"):  # wheel, then source tree
        if candidate.is_dir():
            return candidate
    return here.parent / "seeds"


def corpus_dir(flag: str | None = None) -> Path:
    return Path(flag or os.environ.get(ENV_CORPUS) or bundled_seeds()).expanduser()


def cache_dir(flag: str | None = None) -> Path:
    if flag or os.environ.get(ENV_CACHE):
        return Path(flag or os.environ[ENV_CACHE]).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP, appauthor=False))


def data_dir(flag: str | None = None) -> Path:
    if flag or os.environ.get(ENV_DATA):
        return Path(flag or os.environ[ENV_DATA]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP, appauthor=False))
