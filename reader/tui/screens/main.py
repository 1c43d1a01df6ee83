"""The main screen: search box over the article list and the reading pane."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer

from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.search_box import SearchBox
from reader.tui.widgets.status_line import StatusLine

NARROW = 100  # columns below which list and pane stack


class MainScreen(Screen):
    BINDINGS = [
        Binding("tab", "app.focus_next", "Next pane", show=False, id="main.focus_next"),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False, id="main.focus_previous"),
    ]

    def __init__(self, articles, total: int | None = None, corpus_pending: bool = False) -> None:
        super().__init__()
        self.articles = articles
        self.total = len(articles) if total is None else total
        # not `loading`: that is Textual's own reactive, which covers the screen with a spinner
        self.corpus_pending = corpus_pending  # and nothing known of the corpus yet

    def compose(self) -> ComposeResult:
        yield SearchBox(id="search")
        with Horizontal(id="panes"):
            lst = ArticleList(id="list")
            lst.articles = self.articles
            lst.border_title = "loading articles…" if self.corpus_pending else f"{self.total} articles"
            yield lst
            yield ReadingPane(id="pane")
        yield StatusLine(id="status")
        yield Footer()

    def on_resize(self, event) -> None:
        self.set_class(event.size.width < NARROW, "narrow")
