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
