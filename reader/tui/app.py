"""The reader app: app-wide state — the corpus, the search engine, the user's data
(bookmarks, reading state), settings, theme and keys — and the screens over it.

Long work runs in thread workers that only post messages. The index is opened by the
``Indexing`` part (reader.tui.indexing), in a child process; the main screen's own work —
search, reading, filters, related, quotes, bookmarks — is the screen's
(reader.tui.screens.main). The App keeps its bindings and their ids as the help, the
keymap and ``reader keys`` show them; those whose work is the main screen's (f, r, z, and
the list's and pane's b, m, y) hand over to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding

from reader import settings as user_settings
from reader.corpus.preview import CorpusLoader
from reader.printable import printable
from reader.tui.indexing import Indexing
from reader.tui.preferences import Preferences
from reader.tui.reloading import Reloading
from reader.tui.screenshots import Screenshots
from reader.tui.messages import CacheNotice, CorpusFailed, CorpusLoaded
from reader.tui.screens.main import MainScreen
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.search_box import SearchBox

if TYPE_CHECKING:
    from reader.corpus import Corpus


STORE_POLL = 1.0  # seconds between looks for another reader's changes to the bookmarks


class ReaderApp(Indexing, Reloading, Screenshots, Preferences, App):
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
        # priority: a modal screen (issues, filters, settings, help…) cuts the app's other
        # bindings off; a priority binding is looked at first, on every screen
        Binding("f5,ctrl+r", "reload", "Read the archive again", show=False, id="app.reload", priority=True),
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
        keymap, key_warnings = {}, []
        if self.settings.keys:  # (the bindings' sources import every screen: only when keys are set)
            from reader.tui import keys

            keymap, key_warnings = keys.check(self.settings.keys, self.binding_sources(), self._settings_where())
        self.settings_warnings = self.settings.warnings + key_warnings
        self.set_keymap(keymap)
        if isinstance(corpus, CorpusLoader):
            self.corpus: Corpus | None = None
            self.loader: CorpusLoader | None = corpus
        else:
            self.corpus, self.loader = corpus, None
        self.cache_dir = Path(cache_dir)
        self.data_dir = data_dir
        self.initial_query = query
        self.notices = list(notices)  # (title, message): problems found before the app started
        self.index_in_process = index_in_process
        self.engine = None
        self.user_data = None  # reader.store.UserStore: bookmarks and reading state, once opened
        self.pinyin_arg = pinyin  # None: as the settings say
        self.pinyin = self.settings.pinyin if pinyin is None else pinyin
        self.sort = self.settings.sort
        self.synonyms = synonyms
        self.use_synonyms = self.settings.use_synonyms if use_synonyms is None else use_synonyms
        self.clipboard_method = self.settings.clipboard  # how y copies: "auto" | "osc52" | "command" | "file" (reader.tui.clipboard)
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

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)) and not event.is_forwarded:
            self._user_acted = True
            if isinstance(event, events.Key) and event.is_printable and self.focused is None \
                    and len(self.screen_stack) <= 1:  # typed as the app starts: the start of a query
                self._early_keys += event.character
                if self._painted:
                    self.call_later(self._type_early_keys)
                return
        await super().on_event(event)

    _early_keys = ""  # typed before the box could take them
    _painted = False

    def _type_early_keys(self) -> None:
        box = self.main_screen.search_box
        if self._early_keys:
            box.focus()
            box.insert_text_at_cursor(self._early_keys)
            self._early_keys = ""

    def _after_first_paint(self) -> None:
        screen = self.main_screen
        self._painted = True
        self._type_early_keys()
        for title, message in self.notices:
            self.notify(printable(message), title=title, severity="error", timeout=30, markup=False)
        self._open_user_data()
        if self.user_data is not None:
            self._migrate_state()
        if self.settings_warnings:
            self.notify("\n".join(printable(w) for w in self.settings_warnings[:8]), title="Settings", severity="warning",
                        timeout=15, markup=False)
        self._show_modes()
        if self.corpus is not None:
            self._corpus_ready()
        else:
            preview = self.loader.preview
            screen.show_loading(self.loader.root.name, self.loader.pages, preview.total if preview else None)
            self.load_corpus()

    load_failed: str | None = None  # why the corpus could not be loaded (F5 tries again)
    _tried_again = False

    def load_corpus_again(self) -> None:
        """After a failed load (F5): load the corpus from scratch, as at launch — the folder
        scanned and its reader.toml read anew."""
        self.load_failed, self._tried_again = None, True
        loader = self.loader
        self.main_screen.show_loading(loader.root.name, loader.pages, None)
        self.load_corpus(again=True)

    @work(thread=True, exclusive=True, group="corpus", description="load the corpus")
    def load_corpus(self, again: bool = False) -> None:
        import gc

        from reader.corpus import CorpusError

        gc.disable()  # a cyclic collection walks everything allocated so far, over and over
        try:
            loader = self.loader
            if again:  # the launch's loader, made anew: its scan and preview are of then
                loader = CorpusLoader(loader.root, loader.cache_dir, loader.follow_links)
            corpus = loader.load()
        except Exception as exc:  # a bad reader.toml, the folder removed since the app started…
            why = str(exc) if isinstance(exc, (CorpusError, OSError)) else f"{type(exc).__name__}: {exc}"
            self.post_message(CorpusFailed(why))
            return
        finally:
            gc.freeze()  # the corpus lives as long as the app: later collections skip it
            gc.enable()
        self.post_message(CorpusLoaded(corpus))

    def on_corpus_loaded(self, message: CorpusLoaded) -> None:
        self.corpus = message.corpus
        self.main_screen.article_list.grow(self.corpus.articles)
        self._corpus_ready()

    def on_corpus_failed(self, message: CorpusFailed) -> None:
        if message.reloading:  # the corpus open stays
            self.reloading = False
            self.notify(printable(message.error), title="Archive", severity="error", timeout=10, markup=False)
            return
        self.load_failed = message.error
        self.main_screen.show_failed(message.error)
        self.notify(printable(message.error) + "\nF5 tries again.", title="The corpus could not be loaded",
                    severity="error", timeout=6 if self._tried_again else 15, markup=False)  # (the screen says it too)

    def _corpus_ready(self) -> None:
        """With the whole corpus: show its size, resume the last session, open search."""
        screen = self.main_screen
        screen.show_corpus(self.corpus)
        user_data = self.user_data
        root = self.corpus.root  # this corpus's last query and article, not another one's
        query = self.initial_query or (user_data.corpus_state(root, "query", "") if user_data else "")
        screen.resume(query, user_data.corpus_state(root, "article") if user_data else None)
        screen.waiting("opening the search index…")
        self.load_index()

    # -- user data: bookmarks and reading state -------------------------------------------
    def _open_user_data(self) -> None:
        from reader import paths
        from reader.store import UserStore

        try:
            self.user_data = UserStore(self.data_dir or paths.data_dir())
        except paths.UnsafeDirError as exc:  # the app goes on; nothing is read from that folder
            self.user_data = UserStore.unsaved(f"{exc}. Until then bookmarks are not saved.")
        for message in self.user_data.messages:
            self.notify(printable(message), title="Bookmarks", severity="warning", timeout=15, markup=False)
        self.main_screen.refresh_marks()
        self.set_interval(STORE_POLL, self.poll_user_data)

    def poll_user_data(self) -> bool:
        """Another reader on the same data dir changed the database: show its bookmarks
        here too. Returns whether anything changed."""
        if not self.main_screen.marks_changed():
            return False
        from reader.tui.screens.bookmarks import BookmarksScreen

        if isinstance(self.screen, BookmarksScreen):
            self.screen.refresh_list()
        return True

    def safe_write(self, fn, *args, **kwargs):
        """A write to the user's data that reports a failure (a read-only or locked
        database) instead of crashing the app: *fn*'s value, or None after saying why.
        Every write to user data, on every screen, goes through here."""
        import sqlite3

        try:
            return fn(*args, **kwargs)
        except sqlite3.Error as exc:
            self.notify(printable(f"could not save: {exc}"), title="Bookmarks", severity="error", markup=False)
            return None

    def save_state(self) -> None:
        self.main_screen.save_state()

    async def action_quit(self) -> None:
        self.save_state()
        self.stop_indexer()
        self.exit()

    def action_bookmarks(self) -> None:
        from reader.tui.screens.bookmarks import BookmarksScreen

        if self.corpus is None:
            self.notify("Bookmarks open once the articles are loaded.", timeout=3)
            return
        if self.user_data is not None and not isinstance(self.screen, BookmarksScreen):
            self.push_screen(BookmarksScreen(self.user_data, self.corpus.ids), self._bookmark_chosen)

    def _bookmark_chosen(self, bookmark) -> None:
        """The bookmark picked on the bookmarks screen (None: closed): opened where it is."""
        if bookmark is None:
            return
        screen = self.main_screen
        screen.refresh_marks()
        screen.open_id(bookmark.article_id, paragraph=bookmark.paragraph)

    # -- the main screen's keys, bound here (help, keymap): its work is its own -----------
    def action_filters(self) -> None:
        self.main_screen.action_filters()

    def action_related(self) -> None:
        self.main_screen.action_related()

    def action_full_screen(self) -> None:
        self.main_screen.action_full_screen()

    def action_bookmark_article(self) -> None:
        self.main_screen.action_bookmark_article()

    def action_bookmark_paragraph(self) -> None:
        self.main_screen.action_bookmark_paragraph()

    def action_note(self) -> None:
        self.main_screen.action_note()

    def action_quote(self) -> None:
        self.main_screen.action_quote()

    def set_layout(self, layout: str) -> None:
        self.apply_setting("layout", layout)

    def set_reading_width(self, width: int) -> None:
        self.apply_setting("reading_width", width)

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
        self.main_screen.search_box.focus()  # (before search opens, what is typed waits for it)

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
        from reader.tui.screens.issues import Calendar, IssueList, IssuesScreen
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
            ("Issues", IssuesScreen),
            ("Issue calendar", Calendar),
            ("Issue list", IssueList),
            ("Help", HelpScreen),
            ("Settings", SettingsScreen),
        ]

    def get_system_commands(self, screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title == "Screenshot":  # Textual's says "Failed" with no reason or path
                command = SystemCommand("Screenshot", "Save an SVG picture of the screen (and say where)",
                                        self.action_screenshot)
            yield command
        yield SystemCommand("Search", "Focus the search box (/)", self.action_focus_search)
        yield SystemCommand("Keys", "Show every key binding (F1)", self.action_help)
        main = self.main_screen
        yield SystemCommand("Open first result", "Open the first article in the list", main.open_first)
        yield SystemCommand("Clear search", "Show every article again", lambda: setattr(main.search_box, "value", ""))
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
        yield SystemCommand("Read the archive again", "Pick up pages added, removed or edited since it was loaded (F5)",
                            self.action_reload)
        yield SystemCommand("Rebuild search index", "Index the corpus again from scratch", self.action_rebuild_index)
