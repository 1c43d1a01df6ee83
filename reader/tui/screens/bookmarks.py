"""B: every bookmark — title, excerpt, note, date; Enter jumps to it, d deletes (u undoes),
/ filters as you type.

The screen returns the bookmark to jump to as its dismiss value (None when closed), as
every screen the app pushes returns its result. Its writes (delete, undo, note) go through
the app's ``safe_write``: a read-only database gives a message, not a traceback.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.printable import printable
from reader.search.textmatch import TextFilter
from reader.tui.widgets.footer import FittingFooter
from reader.store import Bookmark
from reader.store.bookmark import bookmark_place


class BookmarkList(OptionList):
    BINDINGS = [
        Binding("d,delete", "screen.delete", "Delete", id="bookmarks.delete"),
        Binding("u", "screen.undo", "Undo delete", id="bookmarks.undo"),
        Binding("m", "screen.edit_note", "Note", id="bookmarks.note"),
        Binding("enter", "select", "Jump to it", id="bookmarks.jump"),
        Binding("j", "cursor_down", "Down", show=False, id="bookmarks.down"),
        Binding("k", "cursor_up", "Up", show=False, id="bookmarks.up"),
        Binding("home,g", "first", "First", show=False, id="bookmarks.first"),
        Binding("end,G", "last", "Last", show=False, id="bookmarks.last"),
    ]


class BookmarksScreen(Screen[Bookmark | None]):
    DEFAULT_CSS = """
    BookmarksScreen #bm-filter { dock: top; margin: 0 1; }
    BookmarksScreen #bm-empty { padding: 1 2; color: $text-muted; }
    BookmarksScreen BookmarkList { height: 1fr; border: round $foreground 40%; }
    BookmarksScreen BookmarkList:focus { border: round $primary; }
    """
    BINDINGS = [
        Binding("escape,q", "close", "Back", id="bookmarks.close"),
        Binding("slash", "filter", "Filter", id="bookmarks.filter"),
    ]

    def __init__(self, user_data, known_ids) -> None:  # (set-like: the corpus's ids)
        super().__init__()
        self.user_data = user_data
        self.known = known_ids
        self.shown: list[Bookmark] = []
        self.undo: list[Bookmark] = []

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter bookmarks (title, quote, note) as in the search box: words, pinyin, -exclude…", id="bm-filter")
        yield Static("", id="bm-empty")
        yield BookmarkList(id="bm-list")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.refresh_list())
        self.refresh_list()
        self.query_one(BookmarkList).focus()

    def refresh_list(self, keep: int | None = None) -> None:
        query = self.query_one("#bm-filter", Input).value
        marks = self.user_data.bookmarks()
        if query.strip():  # the search box's matching: parts, OR, -, fields, pinyin (xmz → 西门子)
            app = self.app
            pinyin = bool(getattr(app, "pinyin", True))
            fuzzy = getattr(getattr(app, "engine", None), "fuzzy_pinyin", ())
            texts = [f"{b.title}{b.quote}{b.note}" for b in marks]
            match = TextFilter(query, texts, pinyin=pinyin, fuzzy=fuzzy)
            marks = [b for b in marks
                     if match.matches({"title": b.title, "quote": b.quote, "note": b.note, "date": b.date or ""})]
        self.shown = marks
        ol = self.query_one(BookmarkList)
        highlighted = ol.highlighted if keep is None else keep
        ol.clear_options()
        ol.add_options([Option(self._label(b), id=b.id) for b in marks])
        if marks:
            ol.highlighted = min(highlighted or 0, len(marks) - 1)
        total = len(self.user_data.bookmarks())
        empty = self.query_one("#bm-empty", Static)
        empty.update("" if marks else ("No bookmarks yet: press b in an article." if not total else "No bookmark matches the filter."))
        empty.display = not marks
        ol.border_title = f"{len(marks)} of {total} bookmarks"

    def _label(self, b: Bookmark) -> Text:
        # one line each for title, quote and note, cut with "…" (Rich would wrap Chinese
        # only at spaces). The first says where the article is — paper, issue and 版 as the
        # corpus knows them (two bookmarks of one title in two issues differ there) — and the
        # title is cut before that is.
        from reader.tui.wrap import cells

        width = max(20, self.app.size.width - 8)
        meta = f"  ¶{b.paragraph + 1}  {printable(bookmark_place(b, self._article(b)))}  {b.saved_day}"
        gone = "  [not in this corpus]" if b.article_id not in self.known else ""
        title = printable(b.title)
        room = max(10, width - cells(meta) - cells(gone))
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(_clip(title, room) if cells(title) > room else title, style="bold")
        text.append(meta, style="dim")
        if gone:
            # the theme's error colour for text (a Rich Text knows no theme variables)
            text.append(gone, style=f"bold {self.app.theme_variables.get('text-error', 'red')}")
        text.append("\n  " + _clip(b.quote, width))
        if b.note:
            text.append("\n  ✎ " + _clip(b.note, width - 2), style="italic")
        return text

    def _article(self, b: Bookmark):
        """The bookmarked article in the app's corpus, None when it is not there."""
        corpus = getattr(self.app, "corpus", None)
        return corpus.get(b.article_id) if corpus is not None and b.article_id in self.known else None

    def current(self) -> Bookmark | None:
        ol = self.query_one(BookmarkList)
        if ol.highlighted is None or not self.shown:
            return None
        return self.shown[ol.highlighted]

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_list(keep=0)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(BookmarkList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        bm = self.current()
        if bm is None:
            return
        if bm.article_id not in self.known:
            saved = self.app.user_data.saved_in(bm.id) if self.app.user_data is not None else None
            elsewhere = f" It was saved in {saved}." if saved and saved != str(self.app.corpus.root.resolve()) else ""
            self.notify(f"That article is not in this corpus; the bookmark keeps its quote.{elsewhere}",
                        severity="warning", markup=False)
            return
        self.dismiss(bm)

    def action_filter(self) -> None:
        self.query_one("#bm-filter", Input).focus()

    def action_close(self) -> None:
        if self.query_one("#bm-filter", Input).has_focus and self.query_one("#bm-filter", Input).value:
            self.query_one("#bm-filter", Input).value = ""
            return
        self.dismiss(None)

    def _write(self, fn, *args) -> bool:
        """*fn(*args)* through the app's safe write: whether it was saved."""
        saved = []
        self.app.safe_write(lambda: saved.append(fn(*args)))
        return bool(saved)

    def _still_as_shown(self, bm: Bookmark) -> bool:
        """Whether *bm* is in the database as shown; if another reader window changed or
        removed it meanwhile, the list is shown again instead (and False returned)."""
        if self.user_data.get(bm.id) == bm:
            return True
        self.refresh_list()
        self.notify("That bookmark was changed in another reader window; the list shows it as it is now.",
                    severity="warning", timeout=6)
        return False

    def action_delete(self) -> None:
        bm = self.current()
        if bm is None or not self._still_as_shown(bm):
            return
        if not self._write(self.user_data.remove, bm.id):
            return
        self.undo.append(bm)
        self.refresh_list()
        self.notify(f"Deleted “{printable(bm.title[:20])}” ¶{bm.paragraph + 1} — u undoes", timeout=6, markup=False)

    def action_undo(self) -> None:
        if not self.undo:
            self.app.bell()
            return
        bm = self.undo[-1]
        if not self._write(self.user_data.restore, bm):
            return  # kept for another u
        self.undo.pop()
        self.refresh_list()
        self.notify("Bookmark restored")

    def action_edit_note(self) -> None:
        bm = self.current()
        if bm is None:
            return
        from reader.tui.dialogs.note import NoteDialog

        def done(note: str | None) -> None:
            if note is not None and self._still_as_shown(bm) and self._write(self.user_data.set_note, bm.id, note):
                self.refresh_list()

        if not self._still_as_shown(bm):
            return
        self.app.push_screen(NoteDialog(bm.quote, bm.note), done)


def _clip(text: str, width: int) -> str:
    """*text* cut to *width* terminal cells (an OptionList would wrap it at a space)."""
    from reader.tui.wrap import cells, wrap

    text = printable(" ".join(text.split()))
    if cells(text) <= width:
        return text
    start, end = wrap(text, width - 1)[0]
    return text[start:end].rstrip(" ") + "…"  # (a space at the cut takes no room)
