"""The main screen: search box over the article list and the reading pane.

How list and pane share the screen is the ``layout`` setting, applied at any size: "side" by
side, "stacked", "list" (one at a time: the list, or the open article), "pane" (one at a time,
the article on the whole screen) or "auto" (side by side from ``NARROW`` columns, stacked
below). Full-screen reading (``z``, a double click on the pane or a click on its title) gives
the pane the whole screen but the footer, in any layout, and back.

The screen owns its work (as the widgets are its own): search (``search``), reading
(``reading``), the archive's issues, issue order and continuations (``archive``), filters and related articles (``filters``), bookmarks (``marks``) and quotes
(``quote``), each a part mixed in here. What is app-wide — corpus, engine, user data,
settings, the modes pinyin, synonyms and sort — it reads from the App.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen

from reader.printable import printable
from reader.tui.screens.main.archive import ArchivePart
from reader.tui.screens.main.filters import FiltersPart
from reader.tui.screens.main.marks import MarksPart
from reader.tui.screens.main.quote import QuotePart
from reader.tui.screens.main.reading import ReadingPart
from reader.tui.screens.main.search import SearchPart
from reader.tui.widgets.footer import FittingFooter
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.search_box import SearchBox
from reader.tui.widgets.status_line import StatusLine
from reader.plural import counted

NARROW = 100  # columns below which list and pane stack, in the "auto" layout
LAYOUTS = ("auto", "side", "stacked", "list", "pane")
LAYOUT_NAMES = {
    "auto": "by the terminal's size", "side": "side by side", "stacked": "stacked",
    "list": "list or article, one at a time", "pane": "list, or the article full-screen",
}


class MainScreen(SearchPart, ReadingPart, ArchivePart, FiltersPart, MarksPart, QuotePart, Screen):
    BINDINGS = [
        Binding("tab", "app.focus_next", "Next pane", show=False, id="main.focus_next"),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False, id="main.focus_previous"),
        Binding("i", "issues", "Issues", id="main.issues"),
        Binding("right_square_bracket", "next_article(1)", "Next in issue", show=False, id="main.next_article"),
        Binding("left_square_bracket", "next_article(-1)", "Previous in issue", show=False, id="main.prev_article"),
        Binding("c", "follow", "Continuation", show=False, id="main.follow"),
        Binding("I", "scope", "Scope to issue/paper", show=False, id="main.scope"),
    ]

    def __init__(self, articles, total: int | None = None, corpus_pending: bool = False,
                 layout: str = "auto", reading_width: int = 0) -> None:
        super().__init__()
        self.articles = articles
        self.total = len(articles) if total is None else total
        # not `loading`: that is Textual's own reactive, which covers the screen with a spinner
        self.corpus_pending = corpus_pending  # and nothing known of the corpus yet
        # not `layout`: names Textual's styles use
        self.arrangement = layout if layout in LAYOUTS else "auto"
        self.reading_width = reading_width
        self.full_screen = False  # the pane alone (z)
        self._showing_pane = False  # in the one-at-a-time layouts: the pane, not the list
        self.search_unavailable = False  # the index failed to open: nothing typed is searched

    def compose(self) -> ComposeResult:
        yield SearchBox(waiting="Loading articles" if self.corpus_pending else "Opening the search index", id="search")
        with Horizontal(id="panes"):
            lst = ArticleList(id="list")
            lst.articles = self.articles
            lst.border_title = "loading articles…" if self.corpus_pending else counted(self.total, "article")
            yield lst
            yield ReadingPane(id="pane", measure=self.reading_width)
        yield StatusLine(id="status")
        yield FittingFooter()

    def on_mount(self) -> None:
        self._arrange()
        self.search_box.focus()  # before the first paint: what is typed at once is a query

    # -- its widgets ----------------------------------------------------------------------
    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def pane(self) -> ReadingPane:
        return self.query_one(ReadingPane)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def search_box(self) -> SearchBox:
        return self.query_one(SearchBox)

    # -- until search opens ---------------------------------------------------------------
    def waiting(self, doing: str, then: str = "search opens when ready") -> None:
        """Until search opens: what the app is *doing*, in the status line and the box."""
        self.search_unavailable = False
        self.status.index = doing
        self.search_box.wait(doing[:1].upper() + doing[1:].rstrip("…"), then)

    def show_failed(self, error: str) -> None:
        """The corpus could not be loaded: why, and that F5 tries again, in the box, the
        status line, over the list and in it (the toast goes; this stays until F5)."""
        error = printable(error)
        self.search_unavailable = True
        self.status.index = f"the corpus could not be loaded (F5 tries again): {error}"  # (F5 before a long error)
        self.search_box.fail(f"The corpus could not be loaded (F5 tries again): {error}")
        lst = self.article_list
        lst.border_title = "not loaded · F5 tries again"
        lst.notice = (f"The corpus could not be loaded:\n{error}\n\n"
                      "Fix it, then press F5 (or Ctrl+R) to load it again; Ctrl+Q quits.")

    def show_loading(self, root_name: str, pages: int, preview_total: int | None) -> None:
        """The corpus is loading: its folder and pages, and the preview's articles."""
        self.status.corpus = f"{root_name}/ ({counted(pages, 'page')})"
        self.status.hits = counted(preview_total, "article") if preview_total is not None else ""
        self.article_list.notice = ""
        self.article_list.border_title = "loading articles…" if self.corpus_pending else counted(self.total, "article")
        self.waiting("loading articles…")

    def show_corpus(self, corpus) -> None:
        """The whole corpus is there: its size in the status line and over the list."""
        from reader.corpus.loadnotes import loaded_pages

        pages = loaded_pages(corpus)  # a page file skipped (the same text as another) is not one
        self.status.corpus = f"{corpus.root.name}/ ({counted(pages, 'page')})"
        self.article_list.border_title = counted(len(corpus.articles), "article")
        waits = self.query_text.strip() and self.app.engine is None  # typed while the articles loaded
        self.status.hits = "searched when the index is ready…" if waits else self.article_list.border_title
        self._warn_of(corpus)

    _warned: frozenset[str] = frozenset()  # the warnings of the corpus last shown

    def _warn_of(self, corpus) -> None:
        """The load's warnings that are new since the last load (F5 says each once), titled
        for what they are: page files skipped, or only warned about (a page loaded undated)."""
        from reader.corpus.loadnotes import is_skip, shown_warnings

        warnings = shown_warnings(corpus)
        new = [w for w in warnings if w not in self._warned]
        self._warned = frozenset(warnings)
        if not new:
            return
        skips = sum(map(is_skip, new))
        title = "Reading the archive: " + ", ".join(part for part in (
            f"{counted(skips, 'page file')} skipped" if skips else "",
            counted(len(new) - skips, "warning") if len(new) > skips else "") if part)
        shown = new[:8] + ([f"and {len(new) - 8} more"] if len(new) > 8 else [])
        self.notify("\n".join(printable(w) for w in shown), title=title,
                    severity="warning", timeout=10, markup=False)

    def resume(self, query: str, article_id: str | None) -> None:
        """Where the last session ended: its query in the box (never over what was typed
        while loading) and its article open."""
        box = self.search_box
        if query and not box.value:
            box.value = self._resumed = query
        if article_id and self.open_article is None:
            self.open_id(article_id, focus=True)

    search_open = False  # the box has taken queries: its text is the user's
    _resumed = ""  # the last session's query, put in the box while loading

    def search_opened(self, focus: bool) -> None:
        """The index is open: the box takes queries, and the focus if *focus* and nothing
        else has it but the list."""
        box = self.search_box
        box.open()
        self.search_open = True
        if focus and self.app.focused in (None, self.article_list):
            box.focus()  # nothing done meanwhile: where a search starts

    def show_modes(self, sort: str, pinyin: bool, use_synonyms: bool) -> None:
        modes = [f"sort: {sort}" if sort != "relevance" else "", "" if pinyin else "pinyin off",
                 "" if use_synonyms else "synonyms off"]
        self.status.mode = " · ".join(m for m in modes if m)

    def save_state(self) -> None:
        """The position in the open article and (once search opened) the query, for the
        next session."""
        user_data = self.app.user_data
        if user_data is None:
            return
        self.save_position()
        corpus = self.app.corpus
        if corpus is None:  # quit before the articles loaded (a query typed meanwhile): nothing to keep it by
            return
        if self.search_open or self.query_text != self._resumed:  # else the box holds what the last session left
            self.app.safe_write(user_data.set_corpus_state, corpus.root, query=self.query_text)

    def on_resize(self, event) -> None:
        self._arrange(event.size.width)

    # -- arrangement ----------------------------------------------------------------------
    @property
    def single(self) -> bool:
        """One of list and pane at a time."""
        return self.arrangement in ("list", "pane")

    @property
    def pane_alone(self) -> bool:
        """Whether the pane has the whole screen (but the footer) now."""
        return self.full_screen or (self.arrangement == "pane" and self._showing_pane)

    def _arrange(self, width: int | None = None) -> None:
        width = self.size.width if width is None else width
        stacked = self.arrangement == "stacked" or (self.arrangement == "auto" and width < NARROW)
        self.set_class(stacked and not self.single, "narrow")
        self.set_class(self.single, "single")
        self.set_class(self.single and self._showing_pane, "show-pane")
        self.set_class(self.pane_alone, "full")

    def set_arrangement(self, layout: str) -> None:
        self.arrangement = layout if layout in LAYOUTS else "auto"
        self._showing_pane = self.single and self.focused is self.query_one(ReadingPane)
        self._arrange()

    def set_full_screen(self, on: bool) -> None:
        self.full_screen = on
        if on:
            self._showing_pane = True
        self._arrange()

    def on_descendant_focus(self, event) -> None:
        widget = event.widget
        if isinstance(widget, ReadingPane):
            self._showing_pane = True
        elif isinstance(widget, (ArticleList, SearchBox)):
            self._showing_pane = False
            self.full_screen = False  # leaving the pane leaves full-screen reading
        self._arrange()
