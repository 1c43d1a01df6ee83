"""The main screen's archive: the issues view (``i``), reading an issue front to back (``]``
/ ``[``: the next / previous article in issue order, crossing pages and then issues),
following a continuation (``c``: 上接 / 续 / 下转 to the article on that page), scoping the
search to the issue and then the paper at hand (``I``: the box shows ``paper:… issue:…``;
then as it was, the user's own filter back — see :func:`next_scope`),
and where the open article is (the pane's subtitle: ``2024-06-07 · 第3版 2/3``).

The issue order of a corpus (:class:`reader.corpus.reading.Reading`) is built once, on
first use, in a worker: ~1 s for 100k articles, never on the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from textual import work
from textual.content import Content

from reader.corpus import Article
from reader.printable import printable

if TYPE_CHECKING:
    from reader.corpus.reading import Reading


ISSUES = "issues"  # the installed issues view's name


class ArchivePart:
    """The archive's keys and labels, as part of MainScreen (a mixin)."""

    _place: str = ""  # where the open article is
    _match_pos: str = ""  # "match 2/5": the match the pane is at, or "5 matches" before n / N
    _reading: Reading | None = None
    _reading_for: object | None = None  # the corpus it is the order of
    _scoped: "Scoped | None" = None  # what I last put in the box (see next_scope)

    # -- the issue order, built in a worker ------------------------------------------------
    def _with_reading(self, then: Callable[[Reading], None]) -> None:
        corpus = self.app.corpus
        if corpus is None:
            self.notify("The archive opens once the articles are loaded.", timeout=3)
            return
        if self._reading is not None and self._reading_for is corpus:
            then(self._reading)
            return
        self._build_reading(corpus, then)

    @work(thread=True, exclusive=True, group="reading", description="build the issue order")
    def _build_reading(self, corpus, then: Callable[[Reading], None]) -> None:
        from reader.corpus.reading import reading_of  # (in the worker: not before the first paint)

        reading = reading_of(corpus)
        self.app.call_from_thread(self._reading_built, corpus, reading, then)

    def _reading_built(self, corpus, reading: Reading, then: Callable[[Reading], None]) -> None:
        if corpus is not self.app.corpus:
            return  # the corpus was reloaded meanwhile
        self._reading, self._reading_for = reading, corpus
        then(reading)

    # -- where the open article is -----------------------------------------------------------
    def show_place(self, article: Article) -> None:
        """The pane's subtitle: where *article* is, and its continuations (once the order is known)."""
        self._place = ""
        self._show_subtitle()

        def label(reading: Reading) -> None:
            if self.open_article is not article:
                return
            parts = [reading.place(article)]
            for link in reading.links(article):
                head = f"{'上接' if link.kind == 'from' else '下转'}第{link.page}版"
                parts.append(f"{head} (c)" if link.article is not None else head)
            self._place = " · ".join(p for p in parts if p)
            self._show_subtitle()

        self._with_reading(label)

    def show_match_position(self, pos: str) -> None:
        self._match_pos = pos
        self._show_subtitle()

    def _show_subtitle(self) -> None:
        text = " · ".join(p for p in (self._place, self._match_pos) if p)  # as the place's own parts
        self.pane.border_subtitle = Content(printable(text)) if text else ""

    # -- ] and [ -------------------------------------------------------------------------
    def _reading_from(self) -> Article | None:
        """The article i, I and c start from: from the list (it has the focus), the highlighted
        one; else the open one, else the list's."""
        lst = self.article_list
        if lst.has_focus and lst.current is not None:
            return lst.current
        if self.open_article is not None:
            return self.open_article
        return lst.current

    _stepped: tuple[str, str] | None = None  # (the list's article, the one ] / [ opened from it)

    def _stepping_from(self) -> Article | None:
        """The article ] and [ move from: from the list (it has the focus), the highlighted
        one — or, if the cursor stayed where the last ] / [ left it (the article it opened
        is not in the list), the open one, so that ] goes on; else the open article."""
        start, open_article = self._reading_from(), self.open_article
        if self.article_list.has_focus and start is not None and open_article is not None \
                and self._stepped == (start.id, open_article.id):
            return open_article
        return start

    def action_next_article(self, step: int = 1) -> None:
        start = self._stepping_from()
        if start is None:
            self.notify("Open an article first.", timeout=3)
            return
        focus_pane = self.pane.has_focus or self.open_article is None

        def move(reading: Reading) -> None:
            target = reading.next(start) if step > 0 else reading.prev(start)
            if target is None:
                self.notify("The last article of the archive." if step > 0 else "The first article of the archive.",
                            timeout=3)
                return
            self.open(target, focus=focus_pane)
            self.article_list.select_id(target.id)
            current = self.article_list.current
            self._stepped = (current.id, target.id) if current is not None else None

        self._with_reading(move)

    # -- c: follow a continuation ------------------------------------------------------------
    def action_follow(self) -> None:
        article = self._reading_from()  # from the list: the highlighted article's continuation
        if article is None:
            self.notify("Open an article first.", timeout=3)
            return

        def follow(reading: Reading) -> None:
            links = reading.links(article)
            if not links:
                self.notify("This article is not continued from or on another page.", timeout=3)
                return
            found = [link for link in links if link.article is not None]
            if not found:
                self.notify(printable("; ".join(link.label for link in links)), timeout=5)
                return
            # where it goes on first (reading on), else where it came from
            link = next((k for k in found if k.kind == "to"), found[0])
            self.open(link.article, focus=True)
            self.article_list.select_id(link.article.id)
            self.notify(printable(f"{'下转' if link.kind == 'to' else '上接'}第{link.page}版: {link.article.title}"),
                        timeout=3)

        self._with_reading(follow)

    # -- i: the issues view --------------------------------------------------------------------
    def action_issues(self) -> None:
        from reader.tui.screens.issues import IssuesScreen

        article = self._reading_from()

        def show(reading: Reading) -> None:
            if self.app.screen is not self:
                return
            app = self.app
            screen = app.get_screen(ISSUES) if app.is_screen_installed(ISSUES) else None
            if screen is not None and screen.reading is not reading:  # a reload: a new issue order
                app.uninstall_screen(ISSUES)
                screen.remove()
                screen = None
            if screen is None:
                screen = IssuesScreen(reading, article)
                app.install_screen(screen, ISSUES)
            else:
                screen.start_at(article)
            app.push_screen(screen, self._issue_chosen)

        self._with_reading(show)

    def renew_issues(self) -> None:
        """The archive was read again: an issues view shown shows the new issue order (one
        not shown is built anew when ``i`` shows it)."""
        from reader.tui.screens.issues import IssuesScreen

        app = self.app
        shown = [s for s in app.screen_stack if isinstance(s, IssuesScreen)]
        if not shown:
            return
        screen = shown[-1]

        def renew(reading: Reading) -> None:
            if screen in app.screen_stack and screen.reading is not reading:
                screen.renew(reading)

        self._with_reading(renew)

    def _issue_chosen(self, article: Article | None) -> None:
        """The article picked in the issues view: the archive's as it is now (the view may
        have been built before a reload)."""
        if article is None:
            return
        if not self.open_id(article.id):
            self.notify("That article is no longer in the archive (it was read again).", timeout=4)
            return
        self.article_list.select_id(article.id)

    # -- I: the search scoped to this issue, then this paper, then as it was -------------------
    def action_scope(self) -> None:
        article = self._reading_from()
        if article is None:
            self.notify("Open an article first: I scopes the search to its issue, then to its paper.", timeout=4)
            return
        if article.paper is None and article.issue is None:
            self.notify("This page has no paper or issue date to scope the search to.", timeout=4)
            return
        parts = self.query_text.split()
        rest = [p for p in parts if not _is_scope(p)]
        scope, said, self._scoped = next_scope(article, [p for p in parts if _is_scope(p)], self._scoped)
        parts = rest + scope
        self.search_box.value = " ".join(parts) + (" " if parts else "")
        self.notify(printable(said), timeout=4)


def _is_scope(part: str) -> bool:
    """Whether a part of the query is one I sets: a ``paper:`` or an ``issue:``."""
    return part.lower().startswith(("paper:", "issue:"))


@dataclass(frozen=True)
class Scoped:
    """What ``I`` last put in the box (its parts), and the ``paper:``/``issue:`` parts the
    box had before (the user's own), given back at the end of the round."""

    parts: tuple[str, ...]
    before: tuple[str, ...]


def next_scope(article: Article, current: list[str], last: Scoped | None) -> tuple[list[str], str, Scoped | None]:
    """What ``I`` does to the box's ``paper:``/``issue:`` parts *current*, at *article*: the
    parts to put in their place, the toast that says so, and what to remember.

    A round: the article's issue (``paper:无锡日报 issue:2024-06-07``; pages that name no
    paper are ``paper:(none)``), then its paper, then the box's own parts again, as they were
    before the round (nothing: "no longer scoped"). The user's own ``paper:``/``issue:`` (a
    filter picked in F3, say) is never just dropped: the round starts at the issue, in its
    place, and ends with it back; when the paper is the user's filter, the round is the
    issue and the paper."""
    from reader.corpus.issues import NO_PAPER
    from reader.search.fields import NO_PAPER as NONE

    named = bool(article.paper and article.paper.split())
    # the paper's name as one query part: its longest run without spaces (paper: is a substring)
    paper = [f"paper:{max(article.paper.split(), key=len) if named else NONE}"]
    issue = [f"issue:{article.issue.isoformat()}"] if article.issue is not None else []
    mine = paper + issue
    of_paper = "this paper" if named else NO_PAPER
    again = " (I again widens it)"
    if last is not None and list(last.parts) == current:  # the box as I left it: on with the round
        before = list(last.before)
        if current == mine and issue:
            step = "paper"
        elif current == paper:
            step = "before"
        else:  # another article's issue or paper: this one's issue
            step = "issue"
    elif current == mine and issue:  # this issue's scope, as I puts it (a session restored): on to the paper
        before, step = [], "paper"
    else:  # the box's own (or nothing): the round starts
        before, step = current, "issue"
    if step == "issue" and not issue:
        step = "paper"
    if step == "before" or (step == "paper" and paper == before):
        shown, narrow = " ".join(before), f"(I scopes it to {'the issue' if issue else of_paper} again)"
        if step == "paper":
            said = f"Search scoped to {of_paper}: {shown}, as before {narrow}" if issue \
                else f"Search already scoped to {of_paper}: {shown} (this page has no issue date)"
        else:
            said = f"Search scoped as before: {shown} {narrow}" if before \
                else "Search no longer scoped."
        return before, said, None
    scope = mine if step == "issue" else paper
    gone = [p for p in before if p not in scope]  # the user's own parts, put back at the end
    said = f"Search scoped to {'this issue' if step == 'issue' else of_paper}: {' '.join(scope)}"
    said += (f" in place of {' '.join(gone)}" if gone else "") + again
    return scope, said, Scoped(tuple(scope), tuple(before))
