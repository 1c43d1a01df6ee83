"""The index's reader is shared by the searches typed and the readings prepared in the
background; Whoosh's files keep one position each, so every use of it holds the lock.
(A search typed while the readings were read once broke both: `struct.error`, shown as
"pinyin unavailable".)"""

from __future__ import annotations

import threading

from search_truth import result_ids, truth


class Guarded:
    """Stands for a reader (or a segment's): records each call made without *lock* held."""

    def __init__(self, inner, lock, unlocked: list[str]):
        self._inner, self._lock, self._unlocked = inner, lock, unlocked

    def __getattr__(self, name):
        value = getattr(self._inner, name)
        if not callable(value):
            return value

        def call(*args, **kwargs):
            if not self._lock._is_owned():
                self._unlocked.append(f"{name} in {threading.current_thread().name}")
            return value(*args, **kwargs)
        return call


def guard(engine) -> list[str]:
    data, unlocked = engine.data, []
    data._reader = Guarded(data._reader, data.lock, unlocked)
    data._leaves = [(offset, Guarded(leaf, data.lock, unlocked)) for offset, leaf in data._leaves]
    return unlocked


def test_readings_read_from_the_index_while_searches_run_hold_the_lock(seed_corpus, tmp_path):
    from reader.search import open_search

    engine, _ = open_search(seed_corpus, tmp_path, pinyin_in_background=True)  # no readings kept yet
    unlocked = guard(engine)
    failed: list[BaseException] = []

    def prepare():
        try:
            engine.prepare_pinyin()
        except BaseException as exc:  # noqa: BLE001 — reported below
            failed.append(exc)

    worker = threading.Thread(target=prepare, name="readings")
    worker.start()
    for typed in ("w", "wu", "wux", "wuxi", "无", "无锡", "q"):
        engine.search(typed)
    worker.join(timeout=120)
    assert not worker.is_alive() and not failed, failed
    assert unlocked == []
    assert engine.pinyin_ready
    assert result_ids(engine, "wuxi") == truth(seed_corpus, "wuxi")


# -- the readings' caches: a hit drawn on the UI thread while a search fills them ------------

class ClearedWhileLooked(dict):
    """A cache of a PinyinTable: a look from *reader* that finds its key first lets *search*
    run on another thread — a search putting in patterns until the cache is cleared at its
    bound — and only then is the value read."""

    def __init__(self, reader: threading.Thread, search):
        super().__init__()
        self._reader, self._search = reader, search

    def __contains__(self, key):
        found = super().__contains__(key)
        if found and threading.current_thread() is self._reader:
            other = threading.Thread(target=self._search, args=(self,), name="search")
            other.start()
            other.join(timeout=60)
            assert not other.is_alive()
        return found


def test_a_hit_drawn_while_a_search_clears_the_pinyin_caches_reads_its_pattern(seed_corpus):
    """The app draws a row's hit (engine.hit: its pinyin matches) on the UI thread, without
    the engine's lock, while the next keystroke's search builds patterns on its worker; a
    cache that was looked in, then read, could be cleared in between (KeyError)."""
    from itertools import product
    from string import ascii_lowercase

    from reader.search.pinyin import PinyinTable

    chars = {ch for a in seed_corpus.articles for ch in a.title + "".join(a.paragraphs)}
    table, fresh = PinyinTable(chars), PinyinTable(chars)
    texts = ("".join(p) for p in product(ascii_lowercase, repeat=3))

    def search(cache) -> None:
        size = len(cache)
        for text in texts:
            table.pattern(text)
            if len(cache) < size:
                return  # cleared at its bound
            size = len(cache)

    here = threading.current_thread()
    table._pattern_cache = ClearedWhileLooked(here, search)
    table._graph_cache = ClearedWhileLooked(here, search)
    for typed in ("xi an", "xi ang", "xi an", "wuxi"):
        assert table.pattern(typed).pattern == fresh.pattern(typed).pattern, typed
