"""Picking up what was added to the archive while the app runs: on F5 / ctrl+r, and when the
terminal gives the app the focus (at most once per ``FOCUS_EVERY`` seconds), the corpus
folder is scanned (names and stats only); if pages were added, removed or edited, the corpus
is loaded again — the unchanged pages taken from the corpus open, the changed ones parsed —
the index is updated for those alone, and the new engine takes the text of the unchanged
pages from the old one; the corpus cache is written after, for the next launch.
Corpus and engine are then swapped together, so that what is shown, opened and cited always
comes from one version of the archive; until then the old one keeps serving searches.

``Reloading`` is mixed into the App (corpus and engine are app-wide state).
"""

from __future__ import annotations

import time

from textual import events, work

from reader.printable import printable
from reader.tui.indexing import AFTER_RELOAD
from reader.tui.messages import CorpusChanged, CorpusUnchanged, CorpusFailed

FOCUS_EVERY = 10.0  # seconds: the least time between two looks at the folder on focus
INDEX_HERE = 1000  # changed articles indexed in the app's own process, at most


class Reloading:
    """The App's part that picks up a grown archive (a mixin of ReaderApp)."""

    _looked_at = 0.0  # time.monotonic() of the last look at the folder
    _changes = None  # the CorpusChanged being indexed
    reloading = False  # a look or a reload is under way

    def action_reload(self) -> None:
        """Look for added, removed and edited pages now (and say what was found)."""
        self.look_for_changes(asked=True)

    def on_app_focus(self, event: events.AppFocus) -> None:
        if time.monotonic() - self._looked_at >= FOCUS_EVERY:
            self.look_for_changes(asked=False)

    def look_for_changes(self, asked: bool) -> None:
        if self.corpus is None and self.load_failed is not None:
            if asked:  # (not on focus: the reader fixes the cause first)
                self.load_corpus_again()
            return
        if self.corpus is None or self.engine is None or self.reloading:
            if asked:
                self.notify("The archive is still loading; F5 looks at its folder again once it is open.",
                            timeout=4)
            return
        self.reloading = True
        self._looked_at = time.monotonic()
        self._look(self.corpus, asked)

    @work(thread=True, exclusive=True, group="reload", description="look at the archive's folder")
    def _look(self, corpus, asked: bool) -> None:
        """Scan the folder; if it changed, load the corpus again — the unchanged pages taken
        from the one open, the changed ones parsed — and index the changed pages: here, for
        an issue or a few (a child process would first load the whole corpus again), in a
        child process for more."""
        from reader.corpus import CorpusError, load_corpus
        from reader.corpus.growth import growth
        from reader.search import IndexStore

        try:
            found = growth(corpus)
            if not found:
                self.post_message(CorpusUnchanged(asked))
                return
            new = load_corpus(corpus.root, self.cache_dir, corpus.follow_links, previous=corpus, defer_cache=True)
        except Exception as exc:  # (a vanished folder, an unreadable reader.toml …)
            why = str(exc) if isinstance(exc, (CorpusError, OSError)) else f"{type(exc).__name__}: {exc}"
            self.post_message(CorpusFailed(f"The archive could not be read again: {why}", reloading=True))
            return
        changed = sum(a.source in found.pages for a in new.articles)
        opened = None
        try:
            if self.index_in_process or changed <= INDEX_HERE:
                opened = IndexStore(new, self.cache_dir).open(waiting=self._index_waiting)
            else:  # the child reads the corpus cache: written first, so that it parses nothing
                new.save_cache()
                self._index_in_child_retrying(False, new)
        except Exception:  # opening the index tries again, and says why if it fails
            pass
        self.post_message(CorpusChanged(new, found.describe(corpus, new), changed, opened))

    @work(thread=True, exclusive=True, group="reload-cache", description="write the grown corpus's cache")
    def _save_corpus_cache(self, corpus) -> None:
        """The grown corpus's cache and preview, for the next launch (after the swap: a
        second or two at 100k articles that the reader need not wait for)."""
        from reader.corpus.preview import write_preview

        corpus.save_cache()
        write_preview(corpus, self.cache_dir)

    def on_corpus_unchanged(self, message: CorpusUnchanged) -> None:
        self.reloading = False
        if message.asked:
            self.notify("No page was added, removed or edited since the archive was loaded.", title="Archive",
                        timeout=4)

    def on_corpus_changed(self, message: CorpusChanged) -> None:
        """The archive changed: index its new pages; the new corpus is shown with its engine."""
        self._changes = message
        self.main_screen.status.index = "indexing the new pages…"
        self.load_index(corpus=message.corpus, opened=message.opened)

    def _close_counted(self) -> bool:
        """Close the filters or related articles shown over the main screen: their counts
        and article numbers are the old corpus's. Whether one was closed."""
        from reader.tui.screens.facets import FacetsScreen
        from reader.tui.screens.related import RelatedScreen

        closed = False
        while isinstance(self.screen, (FacetsScreen, RelatedScreen)):
            self.pop_screen()
            closed = True
        return closed

    def corpus_swapped(self, report) -> None:
        """The new corpus and its engine are in place (called by the Indexing part)."""
        self.reloading = False
        changed, self._changes = self._changes, None
        self.main_screen.show_corpus(self.corpus)
        self.main_screen.renew_issues()
        corpus = self.corpus  # (after the reader's query has run on it)
        self.set_timer(AFTER_RELOAD, lambda: self._save_corpus_cache(corpus) if corpus is self.corpus else None)
        if changed is None:
            return
        seconds = time.monotonic() - self._looked_at
        text = changed.changes[:1].upper() + changed.changes[1:]
        text = f"{text}; {changed.indexed:,} indexed, searchable in {seconds:.1f} s."
        if self.main_screen.close_if_gone(self.corpus):
            text += "\nClosed the article you were reading: it is gone."
        if self._close_counted():
            text += "\nClosed the filters: they counted the archive as it was (f counts again)."
        self.notify("\n".join(printable(line) for line in text.split("\n")),
                    title="Archive updated", timeout=8, markup=False)
