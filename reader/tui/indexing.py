"""Opening the search index for the app: built in a child process (``reader index
--progress-lines``, whose lines :mod:`reader.search.progress` reads) so that the UI keeps
both its responsiveness and the GIL, or in process for tests; then the engine is made.

``Indexing`` is mixed into the App: the engine is app-wide state. What the main screen
shows while it waits (status line, search box) it is told through ``MainScreen.waiting``.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

from textual import work
from textual.worker import get_current_worker

from reader.printable import printable
from reader.tui.messages import CacheNotice, IndexFailed, IndexProgress, IndexReady, IndexWaiting, PinyinReady

INDEX_ATTEMPTS = 4  # indexer children started, at most, before search is given up for the session
INDEX_RETRY_DELAY = 1.0  # seconds before the second attempt; doubled for each one after
AFTER_RELOAD = 1.5  # seconds the readings and the corpus cache wait after a reload's swap


class IndexChildFailed(Exception):
    """The indexer child died or failed; the message says how ("was killed (SIGKILL)")."""


class Indexing:
    """The App's part that opens the index and reports on it (a mixin of ReaderApp)."""

    _index_proc: subprocess.Popen | None = None  # the indexer child, while one runs

    @work(thread=True, exclusive=True, group="index", description="open the search index")
    def load_index(self, rebuild: bool = False, corpus=None, opened=None) -> None:
        """Open the index of the corpus (*corpus*: the one the archive holds now, when it
        changed since the one open was loaded: its new pages are indexed, and the two are
        swapped once its engine is made; *opened*: its index, opened already)."""
        from reader.search import IndexStore, SearchEngine

        reloaded = corpus is not None
        corpus = corpus if reloaded else self.corpus
        store = IndexStore(corpus, self.cache_dir)
        try:
            if opened is not None:
                ix, report = opened
            elif rebuild or not store.is_current():
                if self.index_in_process:
                    ix, report = store.open(rebuild=rebuild, progress=lambda d, t: self.post_message(IndexProgress(d, t)),
                                            waiting=self._index_waiting)
                else:
                    if not self._index_in_child_retrying(rebuild, corpus):
                        return  # cancelled: a newer load_index (a rebuild) has taken over
                    ix, report = store.open(waiting=self._index_waiting)
            else:
                ix, report = store.open(waiting=self._index_waiting)
            engine = SearchEngine(corpus, ix, pinyin=self.pinyin, fuzzy_pinyin=self.settings.fuzzy_pinyin,
                                  synonyms=self.synonyms if self.synonyms is not None else self._load_synonyms(),
                                  use_synonyms=self.use_synonyms, pinyin_in_background=True, cache_dir=self.cache_dir,
                                  previous=self.engine if reloaded else None)
            engine.text  # the normalised text: a one-off cost, off the UI thread
        except Exception as exc:  # shown to the user; the app keeps working without search
            self.post_message(IndexFailed(f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(IndexReady(engine, report, corpus if reloaded else None))
        if reloaded:  # the reader's query runs on the new corpus first: a search, not the readings, has the GIL
            import threading

            threading.Event().wait(AFTER_RELOAD)
        try:  # search is open; pinyin joins when the readings are ready (~2 s per 10k articles)
            engine.prepare_pinyin()
        except Exception as exc:
            self.post_message(IndexFailed(f"pinyin unavailable: {type(exc).__name__}: {exc}"))
            return
        self.post_message(PinyinReady())

    def _index_waiting(self, text: str) -> None:
        self.post_message(IndexWaiting(text))

    def _index_in_child_retrying(self, rebuild: bool, corpus) -> bool:
        """Index in a child process; one that dies (killed, crashed) is started again, up
        to INDEX_ATTEMPTS times in all, after a growing pause, said in the status line.
        False if the worker was cancelled meanwhile."""
        import threading

        worker = get_current_worker()
        for attempt in range(1, INDEX_ATTEMPTS + 1):
            try:
                self._index_in_child(rebuild, corpus)
                return not worker.is_cancelled
            except IndexChildFailed as exc:
                if worker.is_cancelled:  # it was ended on purpose
                    return False
                if attempt == INDEX_ATTEMPTS:
                    raise RuntimeError(f"the indexer failed {attempt} times; the last time {exc}") from None
                delay = INDEX_RETRY_DELAY * 2 ** (attempt - 1)
                self.post_message(IndexWaiting(
                    f"the indexer {exc}; trying again in {delay:.0f} s (attempt {attempt + 1} of {INDEX_ATTEMPTS})"))
                pause = threading.Event()
                deadline = time.monotonic() + delay
                while not worker.is_cancelled and time.monotonic() < deadline:
                    pause.wait(0.1)
                if worker.is_cancelled:
                    return False
        return False

    def _index_in_child(self, rebuild: bool, corpus) -> None:
        """Index in a child process: the UI keeps both its responsiveness and the GIL."""
        cmd = [sys.executable, "-m", "reader", "index", "--progress-lines",
               "--corpus", str(corpus.root), "--cache-dir", str(self.cache_dir)]
        if corpus.follow_links:  # the same page files as the app's corpus
            cmd.append("--follow-links")
        from reader.search.analyzer import custom_words
        from reader.search.words import child_flags

        cmd += child_flags(custom_words())  # the same words, whatever the child's settings say
        if rebuild:
            cmd.append("--rebuild")
        import tempfile

        errors = tempfile.TemporaryFile(mode="w+")  # a file, not a pipe: it can never fill up and block
        from reader.search import progress as progress_lines

        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errors, text=True)
        self._index_proc = proc
        worker = get_current_worker()
        for text in proc.stdout:
            if worker.is_cancelled:
                proc.terminate()
                break
            line = progress_lines.decode(text)
            if line is None:
                continue
            if line.done is not None:
                self.post_message(IndexProgress(line.done, line.total))
            if line.notice:  # the child rebuilt a damaged cache or index
                self.post_message(CacheNotice(line.notice))
            if line.waiting is not None:
                self.post_message(IndexWaiting(line.waiting))
        proc.wait()
        errors.seek(0)
        message = errors.read().strip()
        errors.close()
        if proc.returncode < 0:
            import signal

            try:
                name = signal.Signals(-proc.returncode).name
            except ValueError:
                name = f"signal {-proc.returncode}"
            raise IndexChildFailed(f"was killed ({name})")
        if proc.returncode != 0:
            last = message.splitlines()[-1] if message else f"exit status {proc.returncode}"
            raise IndexChildFailed(f"failed ({last})")

    def stop_indexer(self) -> None:
        """End the indexer child, if one runs, without starting another: an unfinished
        build is taken up again at the next launch."""
        indexer = self._index_proc
        if indexer is not None and indexer.poll() is None:
            self.workers.cancel_group(self, "index")  # not started again: it is ended on purpose
            indexer.terminate()

    def action_rebuild_index(self) -> None:
        self.engine = None
        self.main_screen.generation += 1  # a search still running on the old engine is not shown
        self.reloading = False  # (a reload's indexing is cancelled: the next look finds its pages again)
        self.main_screen.waiting("rebuilding the search index…")
        self.load_index(rebuild=True)

    # -- what the index's messages change -------------------------------------------------
    def on_index_waiting(self, message: IndexWaiting) -> None:
        self.main_screen.waiting(f"search waits: {message.text}")

    def on_index_progress(self, message: IndexProgress) -> None:
        pct = 100 * message.done // max(1, message.total)
        self.main_screen.waiting(f"indexing {message.done:,} of {message.total:,} articles ({pct}%)")

    def on_index_ready(self, message: IndexReady) -> None:
        if message.corpus is None and message.engine.corpus is not self.corpus:
            return  # of the archive as it was: a reload swapped another in meanwhile (a rebuild it overtook)
        self.engine = message.engine
        self._modes_to(message.engine)
        screen = self.main_screen
        if message.corpus is not None:  # a reload: the new corpus comes with its engine
            self.corpus = message.corpus
            self.corpus_swapped(message.report)
        screen.search_opened(focus=not self._user_acted)
        report = message.report
        screen.status.index = "" if self.engine.pinyin_ready or not self.pinyin else "preparing pinyin…"
        if report.notice:
            self.notify(printable(report.notice), title="Search index", severity="warning", markup=False)
        screen.search_again()

    def _modes_to(self, engine) -> None:
        """The app's modes for *engine*: it was made with them on the worker, and one may have
        been switched since (on the engine it replaces, or none during a rebuild)."""
        from reader.search.readings import fuzzy_pairs

        engine.set_pinyin(self.pinyin)
        engine.set_use_synonyms(self.use_synonyms)
        pairs = fuzzy_pairs(self.settings.fuzzy_pinyin)
        if pairs != engine.fuzzy_pinyin:
            self._set_fuzzy(engine, pairs)

    def on_pinyin_ready(self, message: PinyinReady) -> None:
        status = self.main_screen.status
        if status.index == "preparing pinyin…":
            status.index = ""
        query = self.main_screen.query_text
        if self.pinyin and re.search(r"[A-Za-z]", query):
            self.main_screen.start_search(query)  # letters were matched as typed only until now

    def on_index_failed(self, message: IndexFailed) -> None:
        self.reloading = False
        if self.engine is None:
            screen = self.main_screen
            screen.waiting("search unavailable (^p Rebuild search index tries again)", "see the message")
            screen.search_unavailable = True
            screen.search_again()  # what the box holds: said not searched
        else:  # search works; only pinyin failed
            self.main_screen.status.index = "pinyin unavailable"
        self.notify(printable(message.error), title="The search index could not be opened", severity="error",
                    timeout=15, markup=False)
