"""The main screen's reading: opening an article in the pane (where the reader left it),
remembering the position, the match counter, Esc back to the list, full-screen reading.
"""

from __future__ import annotations

from textual.content import Content

from reader.corpus import Article
from reader.plural import counted
from reader.printable import printable
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.search_box import SearchBox


class ReadingPart:
    """Reading, as part of MainScreen (a mixin: the widgets are the screen's)."""

    open_article: Article | None = None

    def on_article_list_opened(self, message: ArticleList.Opened) -> None:
        self.open(message.article)

    def open(self, article: Article, focus: bool = True, paragraph: int | None = None) -> None:
        app = self.app
        self.save_position()
        self.open_article = article
        self.pane.border_title = Content(printable(article.title))  # text, not markup
        if paragraph is None and app.user_data is not None:
            paragraph = app.user_data.position(article.id)  # where the reader left it
        self._match_pos = ""
        self.pane.show(article, self._spans(article), top_paragraph=paragraph)
        self.show_place(article)
        self.refresh_marks()
        if app.user_data is not None:  # (the corpus's: app.loader's while it loads)
            root = (app.corpus or app.loader).root
            app.safe_write(app.user_data.set_corpus_state, root, article=article.id)
        if focus:
            self.pane.focus()

    def close_if_gone(self, corpus) -> bool:
        """The open article is no longer in *corpus* (its page was removed or edited): close
        it, so that no key acts on what the archive does not hold. Whether it did."""
        article = self.open_article
        if article is None or article.id in corpus.ids:
            return False
        self.open_article = None
        self.pane.border_title = ""
        self._place = self._match_pos = ""
        self.pane.show(None, [])
        self._show_subtitle()
        if self.pane.has_focus:
            self.article_list.focus()
        return True

    def open_id(self, article_id: str, focus: bool = True, paragraph: int | None = None) -> bool:
        """Open the article *article_id* if the corpus has it (False if not)."""
        article = self.app.corpus.get(article_id) if self.app.corpus is not None else None
        if article is None:
            return False
        self.open(article, focus=focus, paragraph=paragraph)
        return True

    def open_first(self) -> None:
        if self.article_list.articles:
            self.article_list.cursor = 0
            self.open(self.article_list.articles[0])

    def save_position(self) -> None:
        """The open article's paragraph at the top of the pane, for the next time."""
        user_data = self.app.user_data
        if self.open_article is not None and user_data is not None:
            top = self.pane.top_paragraph()
            if top is not None:
                self.app.safe_write(user_data.set_position, self.open_article.id, top)

    def on_reading_pane_match_moved(self, message: ReadingPane.MatchMoved) -> None:
        if message.total == 0:
            self.status.match = ""
            self.show_match_position("")
        else:
            # before n / N chose one, how many there are; then which of them ("match 2/6")
            pos = f"match {message.index + 1}/{message.total}" if message.index >= 0 else counted(message.total, "match", "matches")
            self.status.match = f"{pos} (n/N)"
            self.show_match_position(pos)

    def on_reading_pane_back(self, message: ReadingPane.Back) -> None:
        if self.full_screen and self.arrangement != "pane":
            self.set_full_screen(False)  # Esc first leaves full-screen reading
            return
        self.article_list.focus()

    def on_search_box_leave(self, message: SearchBox.Leave) -> None:
        self.article_list.focus()

    # -- room to read ---------------------------------------------------------------------
    def action_full_screen(self) -> None:
        """The reading pane on the whole screen (but the footer), or back."""
        if self.app.screen is not self:
            return
        if self.pane_alone:
            if self.arrangement == "pane":
                self.article_list.focus()  # back to the list, this layout's other view
            else:
                self.set_full_screen(False)
                self.pane.focus()
            return
        if self.open_article is None:
            current = self.article_list.current
            if current is None:
                self.notify("Open an article first.", timeout=3)
                return
            self.open(current, focus=False)
        self.set_full_screen(True)
        self.pane.focus()

    def on_reading_pane_toggle_full_screen(self, message: ReadingPane.ToggleFullScreen) -> None:
        if self.open_article is not None:
            self.action_full_screen()
