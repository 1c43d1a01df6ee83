"""The reader app: wires the core (corpus, search) to the widgets.

Long work runs in thread workers that only post messages: indexing happens in a child
process (``reader index``) whose progress lines become IndexProgress messages; each
keystroke starts a search worker that supersedes the previous one, and a result whose
generation is not the latest is dropped, so stale results never show.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterable

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.worker import get_current_worker

from reader import settings as user_settings
from reader.corpus import Article, Corpus
from reader.corpus.preview import CorpusLoader
from reader.printable import printable
from reader.search.hints import query_hint
from reader.search.ranking import SORTS
from reader.tui.messages import (
    CacheNotice, CorpusFailed, CorpusLoaded, IndexWaiting, FacetsReady, IndexFailed, IndexProgress, IndexReady, PinyinReady, RelatedReady, SearchDone, SearchFailed,
    SearchRefused,
)
from reader.tui.screens.main import MainScreen
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.search_box import SearchBox
from reader.tui.widgets.status_line import StatusLine


INDEX_ATTEMPTS = 4  # indexer children started, at most, before search is given up for the session
INDEX_RETRY_DELAY = 1.0  # seconds before the second attempt; doubled for each one after


class IndexChildFailed(Exception):
    """The indexer child died or failed; the message says how ("was killed (SIGKILL)")."""


STORE_POLL = 1.0  # seconds between looks for another reader's changes to the bookmarks
RELEASE_AFTER = 2.0  # seconds without a search before the mapped text's pages are let go


class ReaderApp(App):
    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("slash,ctrl+f", "focus_search", "Search", id="app.search"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("B", "bookmarks", "Bookmarks", id="app.bookmarks"),
        Binding("f,f3", "filters", "Filter", id="app.filters"),
        Binding("s,f4", "cycle_sort", "Sort", id="app.sort"),
        Binding("r", "related", "Related", id="app.related"),
        Binding("f2", "toggle_pinyin", "Pinyin on/off", id="app.pinyin"),
        Binding("z", "full_screen", "Full screen", id="app.full_screen"),
        Binding("f6", "toggle_synonyms", "Synonyms on/off", id="app.synonyms", show=False),  # (F1, the palette; the status line says F6)
        Binding("comma", "settings", "Settings", show=False, id="app.settings"),
    ]

    def __init__(self, corpus: Corpus | CorpusLoader, cache_dir: Path, data_dir: Path | None = None,
                 query: str = "", index_in_process: bool = False, pinyin: bool | None = None,
                 settings: user_settings.Settings | None = None,
                 notices: list[tuple[str, str]] = (), synonyms=None, use_synonyms: bool | None = None) -> None:
        """*corpus*: loaded, or a loader — the app then paints the loader's preview (the
        first articles, if a previous launch left one) and loads the rest after.
        *settings*: the user's (default: read from ``READER_CONFIG`` or the user config dir);
        *pinyin* overrides its pinyin for this session. *synonyms*: the groups a word
        also finds (reader.search.synonyms; default: the shipped list and the user's file);
        *use_synonyms* overrides the settings' for this session."""
        super().__init__()
        self.settings = settings if settings is not None else user_settings.load()
        from reader.tui import keys

        keymap, key_warnings = keys.check(self.settings.keys, self.binding_sources(), self._settings_where())
        self.settings_warnings = self.settings.warnings + key_warnings
        self.set_keymap(keymap)
        if isinstance(corpus, Corpus):
            self.corpus: Corpus | None = corpus
            self.loader: CorpusLoader | None = None
        else:
            self.corpus, self.loader = None, corpus
        self.cache_dir = Path(cache_dir)
        self.data_dir = data_dir
        self.initial_query = query
        self.notices = list(notices)  # (title, message): problems found before the app started
        self.index_in_process = index_in_process
        self.engine = None
        self._index_proc: subprocess.Popen | None = None  # the indexer child, while one runs
        self._store_version = -1  # the database's data_version when its bookmarks were last shown
        self._shown_marks: set[tuple[str, int]] = set()  # (article id, paragraph) as last shown
        self.generation = 0
        self.results = None
        self._facets_wanted: int | None = None  # filters asked for while a search was counting
        self.open_article: Article | None = None
        self._index_of = {a.id: i for i, a in enumerate(self.corpus.articles)} if self.corpus else {}
        self.store = None
        self.pinyin_arg = pinyin  # None: as the settings say
        self.pinyin = self.settings.pinyin if pinyin is None else pinyin
        self.sort = self.settings.sort
        self.synonyms = synonyms
        self.use_synonyms = self.settings.use_synonyms if use_synonyms is None else use_synonyms
        self.last_copied = ""
        self.clipboard_method = self.settings.clipboard  # how y copies: "auto" | "osc52" | "command" | "file" (reader.tui.clipboard)
        self._release_timer = None
        self._search_opened = False  # the box has taken queries: its text is the user's
        self._user_acted = False  # a key pressed or a click since launch

    # -- layout ---------------------------------------------------------------------------
    def get_default_screen(self) -> MainScreen:
        # the main screen is the first on the stack: no empty default screen to build first
        room = {"layout": self.settings.layout, "reading_width": self.settings.reading_width}
        if self.corpus is not None:
            self.main_screen = MainScreen(self.corpus.articles, **room)
        else:
            preview = self.loader.preview
            if preview is not None:
                self.main_screen = MainScreen(preview.articles, preview.total, **room)
            else:
                self.main_screen = MainScreen([], corpus_pending=True, **room)
        return self.main_screen

    def on_mount(self) -> None:
        self._apply_theme()
        # the list is filled before the first paint; everything else waits until after it
        self.set_timer(0.05, self._after_first_paint)
        from reader import notices

        # caches found damaged and rebuilt, in this process (from any thread) — the
        # preview's before the app started included
        self._stop_notices = notices.listen(lambda text: self.post_message(CacheNotice(text)))

    def on_unmount(self) -> None:
        stop = getattr(self, "_stop_notices", None)
        if stop is not None:
            stop()

    def on_cache_notice(self, message: CacheNotice) -> None:
        text = message.text
        self.notify(printable(text[:1].upper() + text[1:] + "."), title="Cache repaired", severity="warning", timeout=10,
                    markup=False)

    # -- settings -------------------------------------------------------------------------
    def _settings_where(self) -> str:
        return str(self.settings.path) if self.settings.path is not None else "settings"

    def _apply_theme(self) -> None:
        name = self.settings.theme
        if name in self.available_themes:
            self.theme = name
        elif self.settings.is_set("theme"):
            self.settings_warnings.append(
                f"{self._settings_where()}: theme = \"{name}\" is not one of the app's themes "
                f"({', '.join(sorted(self.available_themes)[:6])}, …); using \"{self.theme}\"")
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme) -> None:
        if theme.name != self.settings.theme:
            self.change_setting("theme", theme.name)

    def apply_setting(self, name: str, value) -> bool:
        """A choice made in the settings screen: saved, and applied now where the app can
        (True), else from the next start (False)."""
        applier = getattr(self, f"_apply_{name}", None)
        if name == "theme":
            self.theme = value  # saved by _theme_changed
            return True
        self.change_setting(name, value)
        if applier is None:
            return False
        applier(self.settings.get(name))
        return True

    def live_settings(self) -> set[str]:
        """The settings apply_setting applies at once."""
        return {"theme"} | {n for n in user_settings.KEYS if callable(getattr(self, f"_apply_{n}", None))}

    def _apply_pinyin(self, on: bool) -> None:
        if on != self.pinyin:
            self.action_toggle_pinyin(save=False)

    def _apply_sort(self, sort: str) -> None:
        if sort != self.sort:
            self.sort = sort
            self._show_modes()
            self.start_search(self.search_box.value)

    def _apply_layout(self, layout: str) -> None:
        self.main_screen.set_arrangement(layout)

    def _apply_reading_width(self, width: int) -> None:
        self.pane.set_measure(width)

    def _apply_clipboard(self, method: str) -> None:
        self.clipboard_method = method

    def _apply_use_synonyms(self, on: bool) -> None:
        if on != self.use_synonyms:
            self.action_toggle_synonyms(save=False)

    def _apply_fuzzy_pinyin(self, pairs: list[str]) -> None:
        if self.engine is not None:
            self._set_fuzzy(self.engine, tuple(pairs))

    @work(thread=True, exclusive=True, group="fuzzy")
    def _set_fuzzy(self, engine, pairs: tuple[str, ...]) -> None:
        engine.set_fuzzy_pinyin(pairs)  # under the engine's lock, which a search may hold: off the UI thread
        self.call_from_thread(self.start_search, self.search_box.value)

    def action_settings(self) -> None:
        from reader.tui.screens.settings import SettingsScreen

        if isinstance(self.screen, SettingsScreen):
            return
        self.push_screen(SettingsScreen(self.settings, sorted(self.available_themes), self.live_settings()))

    def change_setting(self, name: str, value) -> None:
        """Take *value* for setting *name* now and save it to the settings file in the
        background (a failure is shown, the value kept for this session)."""
        self.settings.set(name, value, save=False)
        self._save_setting(name)

    @work(thread=True, group="settings")
    def _save_setting(self, name: str) -> None:
        try:
            self.settings.save(name)
        except user_settings.SettingsError as exc:
            self.call_from_thread(self.notify, str(exc), title="Settings not saved", severity="error", timeout=10)

    def _migrate_state(self) -> None:
        """Pinyin on/off and sort used to live in the bookmarks database: moved to the
        settings file once (the file's own value wins), then forgotten there."""
        moved = []
        for name in ("pinyin", "sort"):
            old = self.store.get_state(name)
            if old is None:
                continue
            value = (old != "off") if name == "pinyin" else old
            if not self.settings.is_set(name) and value in (True, False, *SORTS):
                try:
                    self.settings.set(name, value)
                except user_settings.SettingsError as exc:
                    self.notify(printable(str(exc)), title="Settings not saved", severity="error", timeout=10, markup=False)
                    continue  # kept in the database for the next launch
                if name == "pinyin" and self.pinyin_arg is None:
                    self.pinyin = value
                elif name == "sort":
                    self.sort = value
            moved.append(name)
        if moved:
            self._safe_write(self.store.delete_state, *moved)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)) and not event.is_forwarded:
            self._user_acted = True
        await super().on_event(event)

    def _after_first_paint(self) -> None:
        if self.focused is None:  # the box waits for the index: keys go to the list
            self.article_list.focus()
        for title, message in self.notices:
            self.notify(printable(message), title=title, severity="error", timeout=30, markup=False)
        self._open_store()
        if self.store is not None:
            self._migrate_state()
        if self.settings_warnings:
            self.notify("\n".join(printable(w) for w in self.settings_warnings[:8]), title="Settings", severity="warning",
                        timeout=15, markup=False)
        self._show_modes()
        if self.corpus is not None:
            self._corpus_ready()
        else:
            preview = self.loader.preview
            self.status.corpus = f"{self.loader.root.name}/ ({self.loader.pages} pages)"
            self.status.hits = f"{preview.total} articles" if preview else ""
            self._waiting("loading articles…")
            self.load_corpus()

    @work(thread=True, exclusive=True, group="corpus")
    def load_corpus(self) -> None:
        import gc

        gc.disable()  # a cyclic collection walks everything allocated so far, over and over
        try:
            corpus = self.loader.load()
        except Exception as exc:  # e.g. the folder removed since the app started
            self.post_message(CorpusFailed(f"{type(exc).__name__}: {exc}"))
            return
        finally:
            gc.freeze()  # the corpus lives as long as the app: later collections skip it
            gc.enable()
        self.post_message(CorpusLoaded(corpus, {a.id: i for i, a in enumerate(corpus.articles)}))

    def on_corpus_loaded(self, message: CorpusLoaded) -> None:
        self.corpus = message.corpus
        self._index_of = message.index_of
        self.article_list.grow(self.corpus.articles)
        self._corpus_ready()

    def on_corpus_failed(self, message: CorpusFailed) -> None:
        self._waiting("articles could not be loaded", "see the message")
        self.notify(printable(message.error), title="The corpus could not be loaded", severity="error", timeout=15,
                    markup=False)

    def _corpus_ready(self) -> None:
        """With the whole corpus: show its size, resume the last session, open search."""
        screen = self.main_screen
        pages = len(self.corpus.files)
        self.status.corpus = f"{self.corpus.root.name}/ ({pages} page{'s' if pages != 1 else ''})"
        self.status.hits = f"{len(self.corpus.articles)} articles"
        self.article_list.border_title = self.status.hits
        if self.corpus.warnings:
            self.notify("\n".join(printable(w) for w in self.corpus.warnings[:8]), title="Some page files were skipped",
                        severity="warning", timeout=10, markup=False)
        box = screen.query_one(SearchBox)
        query = self.initial_query or (self.store.get_state("query", "") if self.store else "")
        if query and not box.value:  # never over what was typed while loading
            box.value = query
        last = self.store.get_state("article") if self.store else None
        if last and last in self._index_of and self.open_article is None:  # resume where the last session ended
            self.open(self.corpus.articles[self._index_of[last]], focus=True)
        self._waiting("opening the search index…")
        self.load_index()

    def _waiting(self, doing: str, then: str = "search opens when ready") -> None:
        """Until search opens: what the app is *doing*, in the status line and the box."""
        self.status.index = doing
        box = self.search_box
        if box.has_focus:
            self.article_list.focus()
        box.wait(doing[:1].upper() + doing[1:].rstrip("…"), then)

    def _open_store(self) -> None:
        from reader import paths
        from reader.store import UserStore

        try:
            self.store = UserStore(self.data_dir or paths.data_dir())
        except paths.UnsafeDirError as exc:  # the app goes on; nothing is read from that folder
            self.store = UserStore.unsaved(f"{exc}. Until then bookmarks are not saved.")
        for message in self.store.messages:
            self.notify(printable(message), title="Bookmarks", severity="warning", timeout=15, markup=False)
        self._refresh_marks()
        self.set_interval(STORE_POLL, self._poll_store)

    def _refresh_marks(self) -> None:
        """Show the bookmarks as the database has them now (and remember what was shown)."""
        if self.store is None:
            return
        import sqlite3

        try:
            self._store_version = self.store.data_version()
            self._shown_marks = self.store.marks()
        except sqlite3.Error:
            return
        self.article_list.set_marked({a for a, _ in self._shown_marks})
        if self.open_article is not None:
            article_id = self.open_article.id
            self.pane.set_marked_paragraphs({p for a, p in self._shown_marks if a == article_id})

    def _poll_store(self) -> bool:
        """Another reader on the same data dir changed the database: show its bookmarks
        here too. Returns whether anything changed."""
        import sqlite3

        if self.store is None:
            return False
        try:
            if self.store.data_version() == self._store_version:
                return False
        except sqlite3.Error:
            return False
        self._refresh_marks()
        from reader.tui.screens.bookmarks import BookmarksScreen

        if isinstance(self.screen, BookmarksScreen):
            self.screen.refresh_list()
        return True

    @property
    def article_list(self) -> ArticleList:
        return self.main_screen.query_one(ArticleList)

    @property
    def pane(self) -> ReadingPane:
        return self.main_screen.query_one(ReadingPane)

    @property
    def status(self) -> StatusLine:
        return self.main_screen.query_one(StatusLine)

    @property
    def search_box(self) -> SearchBox:
        return self.main_screen.query_one(SearchBox)

    # -- index ----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="index")
    def load_index(self, rebuild: bool = False) -> None:
        from reader.search import IndexStore, SearchEngine

        store = IndexStore(self.corpus, self.cache_dir)
        try:
            if rebuild or not store.is_current():
                if self.index_in_process:
                    ix, report = store.open(rebuild=rebuild, progress=lambda d, t: self.post_message(IndexProgress(d, t)),
                                            waiting=self._index_waiting)
                else:
                    if not self._index_in_child_retrying(rebuild):
                        return  # cancelled: a newer load_index (a rebuild) has taken over
                    ix, report = store.open(waiting=self._index_waiting)
            else:
                ix, report = store.open(waiting=self._index_waiting)
            engine = SearchEngine(self.corpus, ix, pinyin=self.pinyin, fuzzy_pinyin=self.settings.fuzzy_pinyin,
                                  synonyms=self.synonyms if self.synonyms is not None else self._load_synonyms(),
                                  use_synonyms=self.use_synonyms, pinyin_in_background=True, cache_dir=self.cache_dir)
            engine.text  # the normalised text: a one-off cost, off the UI thread
        except Exception as exc:  # shown to the user; the app keeps working without search
            self.post_message(IndexFailed(f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(IndexReady(engine, report))
        try:  # search is open; pinyin joins when the readings are ready (~2 s per 10k articles)
            engine.prepare_pinyin()
        except Exception as exc:
            self.post_message(IndexFailed(f"pinyin unavailable: {type(exc).__name__}: {exc}"))
            return
        self.post_message(PinyinReady())

    def _index_waiting(self, text: str) -> None:
        self.post_message(IndexWaiting(text))

    def _index_in_child_retrying(self, rebuild: bool) -> bool:
        """Index in a child process; one that dies (killed, crashed) is started again, up
        to INDEX_ATTEMPTS times in all, after a growing pause, said in the status line.
        False if the worker was cancelled meanwhile."""
        import threading

        worker = get_current_worker()
        for attempt in range(1, INDEX_ATTEMPTS + 1):
            try:
                self._index_in_child(rebuild)
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

    def _index_in_child(self, rebuild: bool) -> None:
        """Index in a child process: the UI keeps both its responsiveness and the GIL."""
        cmd = [sys.executable, "-m", "reader", "index", "--progress-lines",
               "--corpus", str(self.corpus.root), "--cache-dir", str(self.cache_dir)]
        if self.corpus.follow_links:  # the same page files as the app's corpus
            cmd.append("--follow-links")
        from reader.search.analyzer import custom_words
        from reader.search.words import child_flags

        cmd += child_flags(custom_words())  # the same words, whatever the child's settings say
        if rebuild:
            cmd.append("--rebuild")
        import tempfile

        errors = tempfile.TemporaryFile(mode="w+")  # a file, not a pipe: it can never fill up and block
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errors, text=True)
        self._index_proc = proc
        worker = get_current_worker()
        for line in proc.stdout:
            if worker.is_cancelled:
                proc.terminate()
                break
            try:
                data = json.loads(line)
            except ValueError:
                continue
            if not isinstance(data, dict):
                continue
            if "done" in data:
                self.post_message(IndexProgress(data["done"], data["total"]))
            if data.get("notice"):  # the child rebuilt a damaged cache or index
                self.post_message(CacheNotice(str(data["notice"])))
            if "waiting" in data:
                self.post_message(IndexWaiting(str(data["waiting"])))
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

    def on_index_waiting(self, message: IndexWaiting) -> None:
        self._waiting(f"search waits: {message.text}")

    def on_index_progress(self, message: IndexProgress) -> None:
        pct = 100 * message.done // max(1, message.total)
        self._waiting(f"indexing {message.done:,} of {message.total:,} articles ({pct}%)")

    def on_index_ready(self, message: IndexReady) -> None:
        self.engine = message.engine
        box = self.search_box
        box.open()
        self._search_opened = True
        if not self._user_acted and self.focused in (None, self.article_list):
            box.focus()  # nothing done meanwhile: where a search starts
        report = message.report
        self.status.index = "" if self.engine.pinyin_ready or not self.pinyin else "preparing pinyin…"
        if report.notice:
            self.notify(printable(report.notice), title="Search index", severity="warning", markup=False)
        self.start_search(self.search_box.value)

    def on_pinyin_ready(self, message: PinyinReady) -> None:
        if self.status.index == "preparing pinyin…":
            self.status.index = ""
        query = self.search_box.value
        if self.pinyin and re.search(r"[A-Za-z]", query):
            self.start_search(query)  # letters were matched as typed only until now

    def on_index_failed(self, message: IndexFailed) -> None:
        if self.engine is None:
            self._waiting("search unavailable (^p Rebuild search index tries again)", "see the message")
        else:  # search works; only pinyin failed
            self.status.index = "pinyin unavailable"
        self.notify(printable(message.error), title="The search index could not be opened", severity="error",
                    timeout=15, markup=False)

    # -- search ---------------------------------------------------------------------------
    def on_input_changed(self, event: SearchBox.Changed) -> None:
        if isinstance(event.input, SearchBox):
            self.start_search(event.value)

    def start_search(self, query: str) -> None:
        self.generation += 1
        if self.engine is None:
            if query.strip():
                self.status.hits = "waiting for the index…"
            return
        self.run_search(query, self.generation)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str, generation: int) -> None:
        from reader.search import Cancelled, QueryError

        worker = get_current_worker()
        engine = self.engine
        try:
            # a broad query in a large archive: its first page at once, then the whole answer
            for results in engine.search_stages(
                query, limit=60, cancelled=lambda: worker.is_cancelled or generation != self.generation,
                sort=self.sort,
            ):
                self.post_message(SearchDone(generation, results))
        except Cancelled:
            return
        except QueryError as exc:  # beyond the query's bounds: a hint, not a failure
            self.post_message(SearchRefused(generation, str(exc)))
        except Exception as exc:  # a bug, not bad input
            self.post_message(SearchFailed(generation, f"{type(exc).__name__}: {exc}"))

    def on_search_done(self, message: SearchDone) -> None:
        if message.generation != self.generation:
            return  # a newer keystroke has already superseded this search
        self.show_results(message.results)
        # once typing pauses, let go of the mapped text's pages (large archives)
        if self._release_timer is not None:
            self._release_timer.stop()
        self._release_timer = self.set_timer(RELEASE_AFTER, self._release_pages)

    def _release_pages(self) -> None:
        self._release_timer = None
        if self.engine is not None:
            self.engine.release()

    def on_search_failed(self, message: SearchFailed) -> None:
        if message.generation == self.generation:
            self.notify(printable(message.error), title="Search failed", severity="error", markup=False)

    def on_search_refused(self, message: SearchRefused) -> None:
        if message.generation == self.generation:
            self.status.hits = "not searched"
            self.status.note = message.hint

    def show_results(self, results) -> None:
        previous, self.results = self.results, results
        engine = self.engine
        articles = [engine.articles[i] for i in results.order]
        keep = self.open_article.id if self.open_article else None
        if previous is not None and previous.query != results.query:
            keep = None  # a new query: its cursor starts on the top hit, not on the open article
        shown = self.article_list.articles
        if previous is not None and not previous.complete and previous.query == results.query \
                and previous.sort == results.sort and (keep is None or any(a.id == keep for a in shown)):
            # the whole answer after its first page, which it begins with: the reader may
            # already be moving through that page, so cursor and scroll stay
            self.article_list.grow(articles)
        elif results.empty_query:
            self.article_list.set_articles(articles, keep=keep)
            self.status.hits = f"{len(articles)} articles"
            self.status.note = ""
        else:
            index_of = self._index_of
            self.article_list.set_articles(
                articles, results.hits, lambda a: engine.hit(index_of[a.id], results), keep=keep
            )
        if not results.empty_query:
            self.status.hits = _hits_label(results)
            self.status.note = query_hint(results.query, [f.name for f in self.corpus.files] if self.corpus else (),
                                          numbered=bool(self.corpus and self.corpus.numbered)) \
                or _synonyms_note(results)
        self.article_list.border_title = self.status.hits
        if results.complete and self._facets_wanted == self.generation:
            self._facets_wanted = None
            self._facets(results)
        if self.open_article is not None:
            self.pane.set_spans(self._spans(self.open_article))

    def _spans(self, article: Article):
        if self.engine is None or self.results is None or not self.results.literals:
            return []
        return self.engine.spans(article, self.results.literals, self._index_of.get(article.id))

    # -- reading --------------------------------------------------------------------------
    def on_article_list_opened(self, message: ArticleList.Opened) -> None:
        self.open(message.article)

    def open(self, article: Article, focus: bool = True, paragraph: int | None = None) -> None:
        self._save_position()
        self.open_article = article
        self.pane.border_title = Content(printable(article.title))  # text, not markup
        if paragraph is None and self.store is not None:
            paragraph = self.store.position(article.id)  # where the reader left it
        self.pane.show(article, self._spans(article), top_paragraph=paragraph)
        self._refresh_marks()
        if self.store is not None:
            self._safe_write(self.store.set_state, article=article.id)
        if focus:
            self.pane.focus()

    def _save_position(self) -> None:
        if self.open_article is not None and self.store is not None:
            top = self.pane.top_paragraph()
            if top is not None:
                self._safe_write(self.store.set_position, self.open_article.id, top)

    def _safe_write(self, fn, *args, **kwargs):
        """A store write that reports a failure instead of crashing the app."""
        import sqlite3

        try:
            return fn(*args, **kwargs)
        except sqlite3.Error as exc:
            self.notify(printable(f"could not save: {exc}"), title="Bookmarks", severity="error", markup=False)
            return None

    def save_state(self) -> None:
        if self.store is None:
            return
        self._save_position()
        if self._search_opened:  # before, the box held only what the last session left
            self._safe_write(self.store.set_state, query=self.search_box.value)

    async def action_quit(self) -> None:
        self.save_state()
        indexer = self._index_proc
        if indexer is not None and indexer.poll() is None:
            self.workers.cancel_group(self, "index")  # not started again: it is ended on purpose
            indexer.terminate()  # an unfinished build is taken up again at the next launch
        self.exit()

    # -- bookmarks ------------------------------------------------------------------------
    def action_bookmark_article(self) -> None:
        article = self.article_list.current
        if article is not None:
            self._toggle(article, 0)

    def action_bookmark_paragraph(self) -> None:
        if self.open_article is None:
            return
        self._toggle(self.open_article, self.pane.top_paragraph() or 0)

    def _toggle(self, article: Article, paragraph: int) -> None:
        if self.store is None or not article.paragraphs:
            return
        what = f"“{printable(article.title[:18])}” ¶{paragraph + 1}"
        shown = self._shown_marks
        if self._poll_store():
            # b acts on what was shown: another reader may have made (or removed) this very
            # bookmark since; then it is only shown, never undone unseen
            there = (article.id, paragraph) in self._shown_marks
            if there != ((article.id, paragraph) in shown):
                self.notify(f"{what} was bookmarked in another reader window; it is shown now (b again removes it)"
                            if there else f"The bookmark on {what} was removed in another reader window",
                            title="Bookmarks", timeout=6, markup=False)
                return
        added = self._safe_write(self.store.toggle, article, paragraph)
        self._refresh_marks()
        self.notify(f"Bookmarked {what}" if added else f"Removed the bookmark on {what}", timeout=3, markup=False)

    def action_note(self) -> None:
        if self.store is None or self.open_article is None or not self.open_article.paragraphs:
            return
        from reader.tui.dialogs.note import NoteDialog

        article, paragraph = self.open_article, self.pane.top_paragraph() or 0
        bookmark = self.store.at(article.id, paragraph)

        def done(note: str | None) -> None:
            if note is None:
                return
            # another reader may have removed the bookmark, or changed its note, meanwhile
            current = self.store.at(article.id, paragraph)
            theirs = current.note if current else ""
            if theirs and theirs != (bookmark.note if bookmark else ""):
                self.notify(f"It replaces the note written meanwhile in another reader window: {printable(theirs)}",
                            title="Bookmarks", severity="warning", timeout=15, markup=False)
            bm = current or self._safe_write(self.store.add, article, paragraph)
            if bm is not None:
                self._safe_write(self.store.set_note, bm.id, note)
                self._refresh_marks()
                self.notify(f"Note saved on ¶{paragraph + 1}", timeout=3)

        quote = article.paragraphs[paragraph]
        self.push_screen(NoteDialog(quote, bookmark.note if bookmark else ""), done)

    def action_bookmarks(self) -> None:
        from reader.tui.screens.bookmarks import BookmarksScreen

        if self.corpus is None:
            self.notify("Bookmarks open once the articles are loaded.", timeout=3)
            return
        if self.store is not None and not isinstance(self.screen, BookmarksScreen):
            self.push_screen(BookmarksScreen(self.store, set(self._index_of)))

    def on_bookmarks_screen_jump(self, message) -> None:
        bm = message.bookmark
        self.pop_screen()
        self._refresh_marks()
        self.open(self.corpus.articles[self._index_of[bm.article_id]], paragraph=bm.paragraph)

    def on_reading_pane_match_moved(self, message: ReadingPane.MatchMoved) -> None:
        if message.total == 0:
            self.status.match = ""
            self.pane.border_subtitle = ""
        else:
            pos = f"{message.index + 1}/{message.total}" if message.index >= 0 else f"–/{message.total}"
            self.status.match = f"match {pos} (n/N)"
            self.pane.border_subtitle = pos

    def on_reading_pane_back(self, message: ReadingPane.Back) -> None:
        screen = self.main_screen
        if screen.full_screen and screen.arrangement != "pane":
            screen.set_full_screen(False)  # Esc first leaves full-screen reading
            return
        self.article_list.focus()

    # -- room to read ---------------------------------------------------------------------
    def action_full_screen(self) -> None:
        """The reading pane on the whole screen (but the footer), or back."""
        screen = self.main_screen
        if self.screen is not screen:
            return
        if screen.pane_alone:
            if screen.arrangement == "pane":
                self.article_list.focus()  # back to the list, this layout's other view
            else:
                screen.set_full_screen(False)
                self.pane.focus()
            return
        if self.open_article is None:
            current = self.article_list.current
            if current is None:
                self.notify("Open an article first.", timeout=3)
                return
            self.open(current, focus=False)
        screen.set_full_screen(True)
        self.pane.focus()

    def on_reading_pane_toggle_full_screen(self, message: ReadingPane.ToggleFullScreen) -> None:
        if self.open_article is not None:
            self.action_full_screen()

    def set_layout(self, layout: str) -> None:
        self.apply_setting("layout", layout)

    def set_reading_width(self, width: int) -> None:
        self.apply_setting("reading_width", width)

    def on_search_box_leave(self, message: SearchBox.Leave) -> None:
        self.article_list.focus()

    # -- modes: pinyin, synonyms, sort ----------------------------------------------------
    def _load_synonyms(self):
        """The shipped synonyms and the user's file (from a worker thread: problems are
        notified, and the shipped list is used)."""
        from reader.search.synonyms import SynonymsError, load

        try:
            found, warnings = load(None, self.settings.file_path("synonyms"), self.settings.path)
        except SynonymsError as exc:
            self.call_from_thread(self.notify, f"{exc}; the shipped list is used", title="Synonyms",
                                  severity="warning", timeout=10, markup=False)
            found, warnings = load()
        if warnings:
            self.call_from_thread(self.notify, "\n".join(warnings[:5]), title="Synonyms", severity="warning",
                                  timeout=10, markup=False)
        return found

    def action_toggle_synonyms(self, save: bool = True) -> None:
        self._toggle_mode("use_synonyms", save, "Synonyms", "A word also finds its synonyms (上外 → 上海外国语大学)",
                          "Synonyms off: a word finds only itself")

    def _toggle_mode(self, name: str, save: bool, title: str, on: str, off: str) -> None:
        """Switch the search mode *name* (an attribute of the app, a setting, and the
        engine's ``set_<name>``), say so, and search again."""
        value = not getattr(self, name)
        setattr(self, name, value)
        if self.engine is not None:
            getattr(self.engine, f"set_{name}")(value)
        if save:
            self.change_setting(name, value)
        self._show_modes()
        self.notify(on if value else off, title=title, timeout=3)
        self.start_search(self.search_box.value)

    def _show_modes(self) -> None:
        modes = [f"sort: {self.sort}" if self.sort != "relevance" else "", "" if self.pinyin else "pinyin off",
                 "" if self.use_synonyms else "synonyms off"]
        self.status.mode = " · ".join(m for m in modes if m)

    def action_toggle_pinyin(self, save: bool = True) -> None:
        self._toggle_mode("pinyin", save, "Pinyin", "Letters match Chinese by pinyin too (dxg → 杜小刚)",
                          "Pinyin off: letters match only as typed")

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.change_setting("sort", self.sort)
        self._show_modes()
        self.notify(f"Sorted by {self.sort}" + (" (newest first)" if self.sort == "date" else ""), timeout=2)
        self.start_search(self.search_box.value)

    # -- filters --------------------------------------------------------------------------
    def action_filters(self) -> None:
        if self.engine is None or self.results is None:
            self.notify("Filters are available once the search index is open.", timeout=3)
            return
        if not self.results.complete:  # counting: the filters open with the whole answer
            self._facets_wanted = self.generation
            return
        self._facets(self.results)

    @work(thread=True, exclusive=True, group="facets")
    def _facets(self, results) -> None:
        self.post_message(FacetsReady(self.engine.facets(results), results))

    def on_facets_ready(self, message: FacetsReady) -> None:
        from reader.tui.screens.facets import FacetsScreen

        if message.results is not self.results or not isinstance(self.screen, MainScreen):
            return  # the results changed meanwhile
        query = self.search_box.value
        active = set(query.split())
        self.push_screen(FacetsScreen(message.facets, active, message.results.total, query), self._apply_facet)

    def _apply_facet(self, facet) -> None:
        if facet is None:
            return
        parts = self.search_box.value.split()
        if facet.query in parts:
            parts = [p for p in parts if p != facet.query]
        else:
            parts.append(facet.query)
        self.search_box.value = " ".join(parts) + (" " if parts else "")
        self.article_list.focus()

    # -- related --------------------------------------------------------------------------
    def action_related(self) -> None:
        article = self.open_article
        if self.article_list.has_focus and self.article_list.current is not None:
            article = self.article_list.current  # the article under the cursor
        if article is None:
            self.notify("Open an article first.", timeout=3)
            return
        if self.engine is None:
            self.notify("Related articles are available once the search index is open.", timeout=3)
            return
        self.status.note = "finding related articles…"
        self._related(article)

    @work(thread=True, exclusive=True, group="related")
    def _related(self, article: Article) -> None:
        words, related = self.engine.related(article, 10)
        self.post_message(RelatedReady(article, words, related))

    def on_related_ready(self, message: RelatedReady) -> None:
        from reader.tui.screens.related import RelatedScreen

        self.status.note = ""
        if isinstance(self.screen, MainScreen):
            self.push_screen(RelatedScreen(message.article, message.keywords, message.related), self._related_chosen)

    def _related_chosen(self, choice) -> None:
        if choice is None:
            return
        kind, value = choice
        if kind == "search":
            self.search_box.value = value
            self.article_list.focus()
        elif kind == "open" and value in self._index_of:
            self.open(self.corpus.articles[self._index_of[value]])

    # -- quote ----------------------------------------------------------------------------
    def action_quote(self) -> None:
        """Copy the current match's sentence, or the paragraph at the top of the pane, with
        its citation."""
        from reader.corpus.quote import quote

        article = self.open_article
        if article is None or not article.paragraphs:
            self.bell()
            self.notify("Open an article first (Enter in the list): y copies its paragraph with a citation.",
                        timeout=3)
            return
        where = self.pane.current_match_paragraph()
        if where is not None:
            q = quote(article, where[0], where[1], style=self.settings.citation)
        else:
            q = quote(article, self.pane.top_paragraph() or 0, style=self.settings.citation)
        text = str(q)
        self._copy(text, q)

    @work(thread=True, exclusive=True, group="clipboard")
    def _copy(self, text: str, q) -> None:
        """Copy off the UI thread (a clipboard tool may take its time), then say where it went."""
        from reader import paths
        from reader.tui.clipboard import copy

        copied = copy(text, self.clipboard_method, osc52=lambda t: self.call_from_thread(self.copy_to_clipboard, t),
                      data_dir=self.data_dir or paths.data_dir())
        self.call_from_thread(self._copied, text, q, copied)

    def _copied(self, text: str, q, copied) -> None:
        self.last_copied = text
        shown = q.text if len(q.text) <= 60 else q.text[:58] + "…"
        self.notify(f"「{printable(shown)}」\n{printable(q.citation)}\n{printable(copied.detail)}", title=copied.title,
                    severity="information" if copied.certain or copied.where == "osc52" else "error", timeout=8,
                    markup=False)

    # -- actions --------------------------------------------------------------------------
    MAIN_ONLY = {"filters", "cycle_sort", "related", "toggle_pinyin", "bookmarks"}

    def check_action(self, action: str, parameters) -> bool | None:
        """Keys of the main screen are neither shown nor run on the others (the bookmarks
        footer advertised f, s and r, which did nothing there)."""
        if action in self.MAIN_ONLY:
            try:
                return isinstance(self.screen, MainScreen)
            except Exception:  # no screen yet
                return True
        return True

    def action_focus_search(self) -> None:
        """From any screen: back to the main one, into the search box."""
        while self.screen is not self.main_screen and len(self.screen_stack) > 1:
            self.pop_screen()
        if not self.search_box.ready:
            self.notify(f"Search opens when the index is ready ({self.status.index})", timeout=3)
            return
        self.search_box.focus()

    def action_help(self) -> None:
        from reader.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.binding_sources(), self._keymap))

    @classmethod
    def binding_sources(cls) -> list[tuple[str, type]]:
        from reader.tui.dialogs.note import NoteDialog
        from reader.tui.screens.bookmarks import BookmarkList, BookmarksScreen
        from reader.tui.screens.facets import FacetList, FacetsScreen
        from reader.tui.screens.help import HelpScreen
        from reader.tui.screens.related import RelatedList, RelatedScreen
        from reader.tui.screens.settings import SettingsScreen

        return [
            ("Everywhere", cls),
            ("Main screen", MainScreen),
            ("Search box", SearchBox),
            ("Article list", ArticleList),
            ("Reading pane", ReadingPane),
            ("Bookmarks", BookmarksScreen),
            ("Bookmark list", BookmarkList),
            ("Note", NoteDialog),
            ("Filters", FacetsScreen),
            ("Filter list", FacetList),
            ("Related", RelatedScreen),
            ("Related list", RelatedList),
            ("Help", HelpScreen),
            ("Settings", SettingsScreen),
        ]

    def action_rebuild_index(self) -> None:
        self.engine = None
        self._waiting("rebuilding the search index…")
        self.load_index(rebuild=True)

    def get_system_commands(self, screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title == "Screenshot":  # Textual's says "Failed" with no reason or path
                command = SystemCommand("Screenshot", "Save an SVG picture of the screen (and say where)",
                                        self.action_screenshot)
            yield command
        yield SystemCommand("Search", "Focus the search box (/)", self.action_focus_search)
        yield SystemCommand("Keys", "Show every key binding (F1)", self.action_help)
        yield SystemCommand("Open first result", "Open the first article in the list", self._open_first)
        yield SystemCommand("Clear search", "Show every article again", lambda: setattr(self.search_box, "value", ""))
        yield SystemCommand("Bookmarks", "Show every bookmark (B)", self.action_bookmarks)
        yield SystemCommand("Filter by author, date or page", "Pick from the values the results have (f)", self.action_filters)
        yield SystemCommand("Sort", "Cycle relevance → page order → date (s)", self.action_cycle_sort)
        yield SystemCommand("Related articles", "Keywords and related articles of the open article (r)", self.action_related)
        yield SystemCommand("Copy quote with citation", "The paragraph at the top, or the current match's sentence (y)", self.action_quote)
        yield SystemCommand("Pinyin on/off", "Whether letters also match Chinese by pinyin (F2)", self.action_toggle_pinyin)
        yield SystemCommand("Settings", "Theme, pinyin, sort, layout, reading width, clipboard… saved to the settings file (,)", self.action_settings)
        yield SystemCommand("Full-screen reading", "The reading pane on the whole screen, and back (z)", self.action_full_screen)
        from reader.tui.screens.main import LAYOUT_NAMES

        for name, what in LAYOUT_NAMES.items():
            yield SystemCommand(f"Layout: {name}", f"List and reading pane {what}", lambda n=name: self.set_layout(n))
        yield SystemCommand("Synonyms on/off", "Whether a word also finds its synonyms, 上外 → 上海外国语大学 (F6)",
                            self.action_toggle_synonyms)
        yield SystemCommand("Rebuild search index", "Index the corpus again from scratch", self.action_rebuild_index)

    def _open_first(self) -> None:
        if self.article_list.articles:
            self.article_list.cursor = 0
            self.open(self.article_list.articles[0])

    def action_screenshot(self) -> None:
        # after the palette has closed, so that the picture shows the screen, not the palette
        self.set_timer(0.1, lambda: self._save_screenshot(self.export_screenshot()))

    @work(thread=True, exclusive=True, group="screenshot")
    def _save_screenshot(self, svg: str) -> None:
        import time

        from reader import paths
        from reader.files import atomic_write

        folder = paths.screenshot_dir(self.data_dir)
        path = folder / f"reader-{time.strftime('%Y%m%d-%H%M%S')}.svg"
        n = 1
        while path.exists():
            path = folder / f"reader-{time.strftime('%Y%m%d-%H%M%S')}-{n}.svg"
            n += 1
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with atomic_write(path, sync=False) as fh:
                fh.write(svg.encode("utf-8"))
        except OSError as exc:
            where = exc.filename or folder
            why = f"{exc.strerror or exc} ({where})"
            self.call_from_thread(self.notify, f"Could not save it: {why}. Set {paths.ENV_SCREENSHOTS} to a folder that can be written.",
                                  title="Screenshot not saved", severity="error", timeout=10, markup=False)
            return
        self.call_from_thread(self.notify, f"Saved to {path}", title="Screenshot", timeout=8, markup=False)

    def export_screenshot(self, *, title: str | None = None, simplify: bool = False) -> str:
        """Textual's SVG, with Chinese as wide as on the terminal (reader.tui.svg): used by
        the palette's Screenshot, docs/screenshots.py and the snapshot tests alike."""
        from reader.tui.svg import cell_width_svg

        return cell_width_svg(super().export_screenshot(title=title, simplify=simplify))


def _hits_label(results) -> str:
    n = results.total
    if n == 0:
        return "no results"
    label = f"{n} hit{'s' if n != 1 else ''}"
    if not results.counted:  # the first page of a broad query: its order is told once counted
        return f"{n}+ hits, counting…"
    if not results.complete:
        label += ", listing…"
    return label + ("" if results.ranked else " (broad: title matches first)")


def _synonyms_note(results) -> str:
    """What the status line says when synonyms widened the search."""
    if not results.synonyms:
        return ""
    return "also: " + "; ".join(f"{typed} → {'、'.join(more)}" for typed, more in results.synonyms) + " (F6: off)"
