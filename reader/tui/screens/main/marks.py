"""The main screen's bookmarks: the marks in the list and the pane, b to bookmark (or
unbookmark) an article or the paragraph at hand — the one y quotes: the current match's, or
the one at the top of the pane — m to write a note on it.

Another reader window may share the database: what b acts on is what was shown, so a
bookmark that another window made or removed meanwhile is shown first, never undone unseen.
Every write goes through the app's ``safe_write``.
"""

from __future__ import annotations


from reader.corpus import Article
from reader.printable import printable


class MarksPart:
    """Bookmarks on the main screen (a mixin of MainScreen)."""

    _marks_version = -1  # the database's data_version when its bookmarks were last shown
    _shown_marks: frozenset[tuple[str, int]] = frozenset()  # (article id, paragraph) as last shown

    def refresh_marks(self) -> None:
        """Show the bookmarks as the database has them now (and remember what was shown)."""
        user_data = self.app.user_data
        if user_data is None:
            return
        import sqlite3  # (here: not imported before the first paint)

        try:
            self._marks_version = user_data.data_version()
            self._shown_marks = user_data.marks()
        except sqlite3.Error:
            return
        self.article_list.set_marked({a for a, _ in self._shown_marks})
        if self.open_article is not None:
            article_id = self.open_article.id
            self.pane.set_marked_paragraphs({p for a, p in self._shown_marks if a == article_id})

    def marks_changed(self) -> bool:
        """Whether the database changed since its bookmarks were shown here; if so, they
        are shown again."""
        user_data = self.app.user_data
        if user_data is None:
            return False
        import sqlite3

        try:
            if user_data.data_version() == self._marks_version:
                return False
        except sqlite3.Error:
            return False
        self.refresh_marks()
        return True

    def action_bookmark_article(self) -> None:
        article = self.article_list.current
        if article is not None:
            self._toggle(article, 0)

    def action_bookmark_paragraph(self) -> None:
        if self.open_article is None:
            return
        self._toggle(self.open_article, self.pane.paragraph_at_hand()[0])

    def _toggle(self, article: Article, paragraph: int) -> None:
        app = self.app
        if app.user_data is None or not article.paragraphs:
            return
        what = f"“{printable(article.title[:18])}” ¶{paragraph + 1}"
        shown = self._shown_marks
        if app.poll_user_data():
            # b acts on what was shown: another reader may have made (or removed) this very
            # bookmark since; then it is only shown, never undone unseen
            there = (article.id, paragraph) in self._shown_marks
            if there != ((article.id, paragraph) in shown):
                self.notify(f"{what} was bookmarked in another reader window; it is shown now (b again removes it)"
                            if there else f"The bookmark on {what} was removed in another reader window",
                            title="Bookmarks", timeout=6, markup=False)
                return
        added = app.safe_write(app.user_data.toggle, article, paragraph, app.corpus.root)
        self.refresh_marks()
        self.notify(f"Bookmarked {what}" if added else f"Removed the bookmark on {what}", timeout=3, markup=False)

    def action_note(self) -> None:
        app = self.app
        user_data = app.user_data
        if user_data is None or self.open_article is None or not self.open_article.paragraphs:
            return
        from reader.tui.dialogs.note import NoteDialog

        article, paragraph = self.open_article, self.pane.paragraph_at_hand()[0]
        bookmark = user_data.at(article.id, paragraph)

        def done(note: str | None) -> None:
            if note is None:
                return
            # another reader may have removed the bookmark, or changed its note, meanwhile
            current = user_data.at(article.id, paragraph)
            theirs = current.note if current else ""
            if theirs and theirs != (bookmark.note if bookmark else ""):
                self.notify(f"It replaces the note written meanwhile in another reader window: {printable(theirs)}",
                            title="Bookmarks", severity="warning", timeout=15, markup=False)
            bm = current or app.safe_write(user_data.add, article, paragraph, corpus=app.corpus.root)
            if bm is not None:
                app.safe_write(user_data.set_note, bm.id, note)
                self.refresh_marks()
                self.notify(f"Note saved on ¶{paragraph + 1}", timeout=3)

        quote = article.paragraphs[paragraph]
        app.push_screen(NoteDialog(quote, bookmark.note if bookmark else ""), done)
