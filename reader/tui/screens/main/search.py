"""The main screen's search: each keystroke in the box starts a search worker that
supersedes the previous one; a result whose generation is not the latest is dropped, so
stale results never show. A broad query shows its first page, then its whole answer.
"""

from __future__ import annotations

from textual import work
from textual.worker import get_current_worker

from reader.corpus import Article
from reader.printable import printable
from reader.tui.messages import SearchDone, SearchFailed, SearchRefused
from reader.tui.widgets.search_box import SearchBox
from reader.plural import counted

NOT_SEARCHED = "not searched: search is unavailable"
RELEASE_AFTER = 2.0  # seconds without a search before the mapped text's pages are let go


class SearchPart:
    """Search, as part of MainScreen (a mixin: the widgets are the screen's)."""

    generation = 0  # of the latest search started: a result of an older one is dropped
    results = None  # the results shown
    results_engine = None  # the engine they came from (their article numbers are its)
    _release_timer = None

    @property
    def query_text(self) -> str:
        """What the search box holds."""
        return self.search_box.value

    def on_input_changed(self, event: SearchBox.Changed) -> None:
        if isinstance(event.input, SearchBox):
            self.start_search(event.value)

    def search_again(self) -> None:
        """Search for what the box holds again (the index opened, a mode changed)."""
        self.start_search(self.query_text)

    def start_search(self, query: str) -> None:
        self.generation += 1
        engine = self.app.engine
        if engine is None:  # searched when it opens (IndexReady searches the box again)
            if query.strip():
                self.status.hits = NOT_SEARCHED if self.search_unavailable else "searched when the index is ready…"
            return
        self.run_search(query, self.generation, engine)

    @work(thread=True, exclusive=True, group="search", description="search")
    def run_search(self, query: str, generation: int, engine) -> None:
        """Search *engine* — the one open when the search started, never read again from
        the app, where a rebuild may have set it to None meanwhile."""
        from reader.search import Cancelled, QueryError

        worker = get_current_worker()
        try:
            # a broad query in a large archive: its first page at once, then the whole answer
            for results in engine.search_stages(
                query, limit=60, cancelled=lambda: worker.is_cancelled or generation != self.generation,
                sort=self.app.sort,
            ):
                self.post_message(SearchDone(generation, results))
        except Cancelled:
            return
        except QueryError as exc:  # beyond the query's bounds: a hint, not a failure
            self.post_message(SearchRefused(generation, str(exc)))
        except Exception as exc:  # a bug, not bad input
            self.post_message(SearchFailed(generation, f"{type(exc).__name__}: {exc}"))

    def on_search_done(self, message: SearchDone) -> None:
        if message.generation != self.generation or self.app.engine is None:
            return  # a newer keystroke has already superseded this search, or the index closed
        self.show_results(message.results)
        # once typing pauses, let go of the mapped text's pages (large archives)
        if self._release_timer is not None:
            self._release_timer.stop()
        self._release_timer = self.set_timer(RELEASE_AFTER, self._release_pages)

    def _release_pages(self) -> None:
        self._release_timer = None
        if self.app.engine is not None:
            self.app.engine.release()

    def on_search_failed(self, message: SearchFailed) -> None:
        if message.generation == self.generation:
            self.notify(printable(message.error), title="Search failed", severity="error", markup=False)

    def on_search_refused(self, message: SearchRefused) -> None:
        if message.generation == self.generation:
            self.status.hits = "not searched"
            self.status.note = message.hint

    def show_results(self, results) -> None:
        previous, self.results = self.results, results
        engine, corpus = self.app.engine, self.app.corpus
        self.results_engine = engine
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
            self.status.hits = counted(len(articles), "article")
            self.status.note = ""
        else:
            position = self.app.corpus.position
            self.article_list.set_articles(
                articles, results.hits, lambda a: engine.hit(position(a.id), results), keep=keep
            )
        if not results.empty_query:
            from reader.search.bylines import byline_hint  # (a search's: not before the first paint)
            from reader.search.hints import query_hint

            self.status.hits = hits_label(results)
            self.status.note = query_hint(results.query, [f.name for f in corpus.files] if corpus else (),
                                          numbered=bool(corpus and corpus.numbered),
                                          page_names=lambda: self._page_names(corpus)) \
                or (byline_hint(results.query, corpus) if corpus else "") or synonyms_note(results)
        self.article_list.border_title = self.status.hits
        if results.complete and self._facets_wanted == self.generation:
            self._facets_wanted = None
            self._facets(results, engine)
        if self.open_article is not None:
            self.pane.set_spans(self._spans(self.open_article))

    _names_of: tuple = (None, ())  # a corpus and its pages' 版名, for the hint of page:

    def _page_names(self, corpus) -> tuple[str, ...]:
        """The 版名 of *corpus*'s pages (found once per corpus, when a page: value is a name)."""
        from reader.corpus.issues import page_names

        if corpus is None:
            return ()
        if self._names_of[0] is not corpus:
            self._names_of = (corpus, tuple(page_names(corpus.articles)))
        return self._names_of[1]

    def _spans(self, article: Article):
        engine = self.app.engine
        if engine is None or self.results is None or not self.results.literals:
            return []
        return engine.spans(article, self.results.literals, self.app.corpus.position(article.id))


def hits_label(results) -> str:
    n = results.total
    if n == 0:
        return "no results"
    label = f"{n} hit{'s' if n != 1 else ''}"
    if not results.counted:  # the first page of a broad query: its order is told once counted
        return f"{n}+ hits, counting…"
    if not results.complete:
        label += ", listing…"
    return label + ("" if results.ranked else " (broad: title matches first)")


def synonyms_note(results) -> str:
    """What the status line says when synonyms widened the search."""
    if not results.synonyms:
        return ""
    return "also: " + "; ".join(f"{typed} → {'、'.join(more)}" for typed, more in results.synonyms) + " (F6: off)"
