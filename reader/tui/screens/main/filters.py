"""The main screen's filters (f: pick an author, date or page from the values the results
have) and related articles (r: the open article's keywords and its nearest articles).
Both are counted in a worker and shown in a modal screen, whose choice comes back as its
dismiss value.
"""

from __future__ import annotations

from textual import work

from reader.corpus import Article
from reader.tui.messages import FacetsReady, RelatedReady


class FiltersPart:
    """Filters and related articles, as part of MainScreen (a mixin)."""

    _facets_wanted: int | None = None  # the generation whose filters were asked for while it counted

    # -- filters --------------------------------------------------------------------------
    def action_filters(self) -> None:
        if self.app.engine is None or self.results is None:
            self.notify("Filters are available once the search index is open.", timeout=3)
            return
        if not self.results.complete:  # counting: the filters open with the whole answer
            self._facets_wanted = self.generation
            return
        self._facets(self.results, self.results_engine)

    @work(thread=True, exclusive=True, group="facets", description="count the filters")
    def _facets(self, results, engine) -> None:
        """Count on *engine*, the one *results* came from: the app's may be gone by now (a
        rebuild) or another archive's (a reload: the results are of the old one's articles)."""
        self.post_message(FacetsReady(engine.facets(results), results))

    def on_facets_ready(self, message: FacetsReady) -> None:
        from reader.tui.screens.facets import FacetsScreen

        if message.results is not self.results or self.app.screen is not self:
            return  # the results changed meanwhile, or another screen is up
        query = self.query_text
        active = set(query.split())
        self.app.push_screen(FacetsScreen(message.facets, active, message.results.total, query), self._apply_facet)

    def _apply_facet(self, facet) -> None:
        if facet is None:
            return
        parts = self.query_text.split()
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
        if self.app.engine is None:
            self.notify("Related articles are available once the search index is open.", timeout=3)
            return
        self.status.note = "finding related articles…"
        self._related(article, self.app.engine)

    @work(thread=True, exclusive=True, group="related", description="find related articles")
    def _related(self, article: Article, engine) -> None:
        """On *engine*, the one open when asked (never the app's, read again: a rebuild may
        have set it to None meanwhile)."""
        words, related = engine.related(article, 10)
        self.post_message(RelatedReady(article, words, related))

    def on_related_ready(self, message: RelatedReady) -> None:
        from reader.tui.screens.related import RelatedScreen

        self.status.note = ""
        if self.app.screen is self:
            self.app.push_screen(RelatedScreen(message.article, message.keywords, message.related),
                                 self._related_chosen)

    def _related_chosen(self, choice) -> None:
        if choice is None:
            return
        kind, value = choice
        if kind == "search":
            self.search_box.value = value
            self.article_list.focus()
        elif kind == "open":
            self.open_id(value)
