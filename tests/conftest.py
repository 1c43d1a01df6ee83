from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    """Never touch the real home: cache, data and settings go to per-test temp folders."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("READER_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("READER_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("READER_CONFIG", str(base / "config" / "config.toml"))
    monkeypatch.delenv("READER_CORPUS", raising=False)
    monkeypatch.delenv("READER_CUSTOM_WORDS", raising=False)
    for display in ("DISPLAY", "WAYLAND_DISPLAY"):  # y never reaches the desktop's clipboard
        monkeypatch.delenv(display, raising=False)
    from reader import notices

    notices.reset()  # each test hears its own notices (each is said once per process)
    yield
    from reader.search import analyzer

    analyzer.use_custom_words(None)  # (process-wide: a test's custom words end with it)


@pytest.fixture(scope="session")
def seeds() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_corpus():
    from reader.corpus import load_corpus

    return load_corpus(SEEDS)


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", help="run the long fuzz profiles")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-slow") or os.environ.get("READER_RUN_SLOW"):
        return
    skip = pytest.mark.skip(reason="long profile: pass --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def seed_cache(tmp_path_factory):
    """One index of the seeds for the whole session (building it loads jieba: ~1.5 s)."""
    return tmp_path_factory.mktemp("seed-cache")


@pytest.fixture(scope="session")
def engine(seed_corpus, seed_cache):
    from reader.search import open_search

    eng, _ = open_search(seed_corpus, seed_cache)
    return eng


@pytest.fixture(scope="session")
def seed_index(engine, seed_cache):
    """The seed cache with the seeds' index (and text caches) built in it, by the session's
    engine: an app given it opens search without indexing."""
    return seed_cache


@pytest.fixture
def app(seed_corpus, seed_index, tmp_path):
    """The app on the seeds, its index already built, its user data in a fresh folder."""
    from tui_helpers import make_app

    return make_app(seed_corpus, seed_index, tmp_path / "data")


@pytest.fixture(scope="session")
def mapped_engine(seed_corpus, seed_cache):
    """An engine whose text is mapped from its cache file, as for a large archive."""
    from reader.search import open_search, prepared

    eng, _ = open_search(seed_corpus, seed_cache)
    limit = prepared.MAP_TEXT_BYTES
    prepared.MAP_TEXT_BYTES = 0
    try:
        assert type(eng.text).__name__ == "MappedTextStore"
    finally:
        prepared.MAP_TEXT_BYTES = limit
    return eng


@pytest.fixture(scope="session")
def staged_engine(seed_corpus, seed_cache):
    """An engine that treats the seeds as a large archive (tui_helpers.staged)."""
    from reader.search import open_search
    from tui_helpers import STAGED

    eng, _ = open_search(seed_corpus, seed_cache, **STAGED)
    return eng
