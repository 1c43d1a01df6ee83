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


# -- the readings and the fuzzy pairs, changed from another thread ----------------------------

def test_readings_prepared_while_the_fuzzy_pairs_change_are_the_new_pairs(seed_corpus, seed_index):
    """The fuzzy worker changes the pairs while the readings of the old ones are still being
    prepared (at launch, or after an earlier change): those are not kept as the new ones'
    (长江 was then never found as cangjiang), the next preparation makes them."""
    from reader.search import open_search

    engine, _ = open_search(seed_corpus, seed_index, pinyin_in_background=True)
    data = engine.data
    reached, changed = threading.Event(), threading.Event()
    opening = data._open_charsets

    def held():  # prepare_pinyin's first step after taking the table: the pairs change here
        if threading.current_thread().name == "readings" and not changed.is_set():
            reached.set()
            assert changed.wait(60)
        return opening()

    data._open_charsets = held
    worker = threading.Thread(target=engine.prepare_pinyin, name="readings")
    worker.start()
    assert reached.wait(60)
    engine.set_fuzzy_pinyin(["c=ch"])  # (the fuzzy worker's call)
    changed.set()
    worker.join(timeout=120)
    assert not worker.is_alive()
    engine.prepare_pinyin()  # (then the fuzzy worker's next one)
    assert engine.pinyin_ready
    found = result_ids(engine, "cangjiang")
    assert found == truth(seed_corpus, "cangjiang", fuzzy=["c=ch"]) and found


def test_the_readings_table_looked_at_while_the_fuzzy_pairs_change_is_a_table(seed_corpus, seed_index):
    """A hit drawn on the UI thread takes the table (no lock) as the fuzzy worker drops it."""
    from reader.search import open_search

    engine, _ = open_search(seed_corpus, seed_index)
    data = engine.data
    old = data.pinyin_table
    here = threading.current_thread()

    class Dropped(type(data)):
        """The table's attribute: the first look from this thread lets the pairs change first."""

        @property
        def _pinyin_table(self):
            value = self.__dict__["_pinyin_table"]
            if threading.current_thread() is here and not self.__dict__.get("dropped"):
                self.__dict__["dropped"] = True
                other = threading.Thread(target=data.set_fuzzy_pinyin, args=(["z=zh"],), name="fuzzy")
                other.start()
                other.join(timeout=60)
            return value

        @_pinyin_table.setter
        def _pinyin_table(self, value):
            self.__dict__["_pinyin_table"] = value

    data.__class__ = Dropped
    table = data.pinyin_table
    assert table is old and table.pattern("wuxi") is not None  # what the hit was searched with
    assert data.pinyin_table.fuzzy == ("z=zh",)  # and the next look, the new pairs'
