"""The article list: two lines an article, rendered line by line (only what is visible),
so it stays smooth with 100 000 articles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.corpus.meta import AUTHORS, CONTINUED, DATE, meta_line
from reader.printable import printable

if TYPE_CHECKING:
    from reader.corpus import Article
    from reader.search import Hit

ROW = 2  # lines per article


class ArticleList(ScrollView, can_focus=True):
    """Articles in page order, or the hits of the current search in rank order."""

    # colours from the theme's variables only, each text colour against its own background
    # (a light theme's cursor is dark: the row's text turns light with it)
    DEFAULT_CSS = """
    ArticleList { background: $surface; color: $foreground; overflow-x: hidden; }
    ArticleList > .article-list--cursor { background: $block-cursor-blurred-background; color: $text; }
    ArticleList > .article-list--cursor-meta { background: $block-cursor-blurred-background; color: $text-muted; }
    ArticleList:focus > .article-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    ArticleList:focus > .article-list--cursor-meta { background: $block-cursor-background; color: $block-cursor-foreground; }
    ArticleList > .article-list--match { background: $warning 45%; color: $text; text-style: bold; }
    ArticleList > .article-list--meta { color: $text-muted; }
    ArticleList > .article-list--mark { color: $text-accent; text-style: bold; }
    """
    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--cursor-meta",
        "article-list--match",
        "article-list--meta",
        "article-list--mark",
    }
    BINDINGS = [
        Binding("down,j", "cursor(1)", "Down", show=False, id="list.down"),
        Binding("up,k", "cursor(-1)", "Up", show=False, id="list.up"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="list.page_down"),
        Binding("pageup,shift+space", "page(-1)", "Page up", show=False, id="list.page_up"),
        Binding("home,g", "first", "First", show=False, id="list.first"),
        Binding("end,G", "last", "Last", show=False, id="list.last"),
        Binding("enter,l", "open", "Open", id="list.open"),
        Binding("b", "app.bookmark_article", "Bookmark", id="list.bookmark"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)
    notice: reactive[str] = reactive("")  # shown, wrapped, while the list is empty: why it is (the corpus failed to load)

    class Opened(Message):
        def __init__(self, article: Article) -> None:
            super().__init__()
            self.article = article

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.articles: list[Article] = []
        self.hits: dict[int, Hit] = {}  # row → hit, for rows whose snippet is known
        self.hit_for: Callable[[Article], Hit | None] | None = None
        self.searching = False
        self.marked: set[str] = set()
        self._cache: dict[tuple, Strip] = {}
        self._notice_lines: tuple = (None, [])

    # -- data -----------------------------------------------------------------------------
    def set_articles(self, articles: list[Article], hits: list[Hit] | None = None,
                     hit_for: Callable[[Article], Hit | None] | None = None, keep: str | None = None) -> None:
        """Show *articles*; *hits* are the first ones' hits, *hit_for* computes others'."""
        self.articles = articles
        self.hits = {i: h for i, h in enumerate(hits or [])}
        self.hit_for = hit_for
        self.searching = hit_for is not None
        self._cache.clear()
        self._size_rows()
        row = 0
        if keep is not None:
            row = next((i for i, a in enumerate(articles) if a.id == keep), 0)
        self.cursor = row
        self.scroll_to(y=max(0, row - self.size.height // ROW // 2) * ROW, animate=False, immediate=True)
        self.refresh()

    def grow(self, articles: list[Article]) -> None:
        """Show *articles*, which begin with the articles shown (the whole corpus after its
        first screenful): cursor and scroll position stay where they are."""
        self.articles = articles
        self._cache.clear()
        self._size_rows()
        self.refresh()

    def notify_style_update(self) -> None:
        # a new theme (or any restyle): the cached lines have the old colours
        super().notify_style_update()
        self._cache.clear()
        self.refresh()

    def set_marked(self, ids: set[str]) -> None:
        self.marked = ids
        self._cache.clear()
        self.refresh()

    @property
    def current(self) -> Article | None:
        return self.articles[self.cursor] if 0 <= self.cursor < len(self.articles) else None

    def _hit(self, row: int) -> Hit | None:
        if not self.searching:
            return None
        hit = self.hits.get(row)
        if hit is None and self.hit_for is not None:
            hit = self.hit_for(self.articles[row])
            if hit is not None:
                self.hits[row] = hit
        return hit

    # -- scrolling by whole articles ------------------------------------------------------
    def _size_rows(self) -> None:
        """Two lines an article, and a blank line after the last when the list shows an odd
        number of lines: so that the end of the list is reached at a whole article too."""
        self.virtual_size = Size(0, len(self.articles) * ROW + self.size.height % ROW)

    def _whole(self, value: float, old: float) -> float:
        """*value* moved to an article's first line: up when scrolling up, down when down
        (the wheel, the scrollbar, a scroll_to), so no date line ever shows without its title."""
        value = int(round(value))
        if value % ROW:
            value += (ROW - value % ROW) if value > old else -(value % ROW)
        return max(0, min(value, max(0, int(self.max_scroll_y) - int(self.max_scroll_y) % ROW)))

    def validate_scroll_y(self, value: float) -> float:
        return self._whole(super().validate_scroll_y(value), self.scroll_y)

    def validate_scroll_target_y(self, value: float) -> float:
        return self._whole(super().validate_scroll_target_y(value), self.scroll_target_y)

    # -- rendering ------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        line = scroll_y + y
        row, sub = divmod(line, ROW)
        width = self.scrollable_content_region.width
        if not self.articles and line == 0 and self.searching:
            return self._empty_line(width)
        if not self.articles and self.notice:
            return self._notice_line(line, width)
        if row >= len(self.articles):
            return Strip.blank(width, self.rich_style)
        key = (row, sub, width, row == self.cursor, self.has_focus)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row_line(row, sub, width)
            if len(self._cache) > 2000:
                self._cache.clear()
            self._cache[key] = strip
        return strip

    def _notice_line(self, line: int, width: int) -> Strip:
        """Line *line* of the notice, wrapped to *width* (two columns in)."""
        key = (self.notice, width)
        if self._notice_lines[0] != key:
            lines = []
            for part in self.notice.split("\n"):
                lines += Text(part).wrap(self.app.console, max(1, width - 2)) if part else [Text("")]
            self._notice_lines = (key, lines)
        lines = self._notice_lines[1]
        if line >= len(lines):
            return Strip.blank(width, self.rich_style)
        text = Text("  ") + lines[line]
        text.truncate(width, pad=True)
        return Strip(list(text.render(self.app.console, end=""))).apply_style(self.rich_style)

    def _empty_line(self, width: int) -> Strip:
        text = Text("  没有结果 · no results", style=self.get_component_rich_style("article-list--meta"))
        text.truncate(width, pad=True)
        return Strip(list(text.render(self.app.console, end=""))).apply_style(self.rich_style)

    def _render_row_line(self, row: int, sub: int, width: int) -> Strip:
        article = self.articles[row]
        hit = self._hit(row)
        style_for = self.get_component_rich_style
        match_style = style_for("article-list--match")
        on_cursor = row == self.cursor
        if sub == 0:
            mark = "★ " if article.id in self.marked else "  "
            text = Text()
            text.append(mark, style=style_for("article-list--cursor" if on_cursor else "article-list--mark"))
            title = Text(printable(article.title), style=style_for("article-list--cursor") if on_cursor else "")
            if hit is not None:
                for s, e in hit.title_spans:
                    title.stylize(match_style, s, e)
            text.append_text(title)
        else:
            meta_style = style_for("article-list--cursor-meta" if on_cursor else "article-list--meta")
            # with a hit, its match count and snippet follow; else the authors. 上接第1版: the rest
            # of an article begun on another page (a title inferred from its text says nothing of it),
            # before the place so that a narrow row cuts the place, never the label
            meta = meta_line(article, DATE, CONTINUED, _short_place(article), *(() if hit is not None else (AUTHORS,)))
            # a field-only query (date:9月) matches no text: no count to show
            count = (f" · {hit.matches}处 " if hit.matches else " · ") if hit is not None else ""
            if hit is not None and hit.snippet_spans and \
                    width - cell_len(f"  {meta}{count}") < _match_cells(hit) + 2:
                meta = meta_line(article, DATE)  # no room for the match: the place goes (the pane says it)
            text = Text()
            text.append("  " + printable(meta), style=meta_style)
            if hit is not None:
                text.append(count, style=meta_style)
                text.append_text(_snippet_text(hit, meta_style, match_style, width - text.cell_len))
        text = _fit(text, width, style_for("article-list--meta"))
        style = self.rich_style
        if on_cursor:
            style = style + style_for("article-list--cursor")
        segments = list(text.render(self.app.console, end=""))
        return Strip(segments).adjust_cell_length(width).apply_style(style)

    # -- behaviour ------------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self._cache.clear()
        self._scroll_cursor_into_view()
        self.refresh()

    def _scroll_cursor_into_view(self) -> None:
        top = self.cursor * ROW
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif top + ROW > self.scroll_y + self.size.height:
            below = top + ROW - self.size.height  # the first whole article at or after it
            self.scroll_to(y=below + below % ROW, animate=False, immediate=True)

    def on_mount(self) -> None:
        self._size_rows()

    def on_resize(self) -> None:
        self._size_rows()
        self._cache.clear()

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()

    def select_id(self, article_id: str) -> bool:
        """Put the cursor on the article *article_id* if the list shows it (False if not)."""
        for k, a in enumerate(self.articles):
            if a.id == article_id:
                self.cursor = k
                return True
        return False

    def action_cursor(self, delta: int) -> None:
        if self.articles:
            self.cursor = max(0, min(len(self.articles) - 1, self.cursor + delta))

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(1, self.size.height // ROW - 1))

    def action_first(self) -> None:
        self.action_cursor(-len(self.articles))

    def action_last(self) -> None:
        self.action_cursor(len(self.articles))

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Opened(self.current))

    def on_click(self, event) -> None:
        row = (event.y + int(self.scroll_y)) // ROW
        if 0 <= row < len(self.articles):
            self.cursor = row
            self.post_message(self.Opened(self.articles[row]))



LEAD = 6  # characters of a snippet before its first match, at most


def _snippet_text(hit: "Hit", style, match_style, room: int = 80) -> Text:
    """The hit's snippet in the *room* (cells) the row leaves it, starting just before its
    first match — with as much text before it as leaves the match room to show whole, at
    most ``LEAD`` characters — so that the match shows even in a narrow list."""
    snippet, spans = hit.snippet.replace("\n", " "), hit.snippet_spans
    if spans:
        first, end = spans[0]
        lead = max(0, room - cell_len(snippet[first:end]) - 2) // 2  # cells: half of what is spare
        cut, used = first, 0
        while cut > 0 and first - cut < LEAD and used + cell_len(snippet[cut - 1]) <= lead:
            cut -= 1
            used += cell_len(snippet[cut])
        if cut > 0 and snippet[:cut] != "…":
            # no room for an ellipsis before the match too: the snippet starts at the match
            mark = "…" if cut < first or room >= cell_len(snippet[first:end]) + 2 else ""
            snippet = mark + snippet[cut:]
            spans = [(s - cut + len(mark), e - cut + len(mark)) for s, e in spans]
    text = Text(printable(snippet), style=style)
    for s, e in spans:
        text.stylize(match_style, s, e)
    return text


def _match_cells(hit: "Hit") -> int:
    """Cells the first match of *hit*'s snippet takes."""
    s, e = hit.snippet_spans[0]
    return cell_len(hit.snippet[s:e])


def _short_place(article) -> str:
    """Paper and 版 as known; a page with no 版次 by its file name, a long one cut short
    (the reading pane shows it whole) — never the file's position as a page number."""
    place = article.place
    if article.page_no is None and len(place) > 14:
        return place[:13] + "…"
    return place


def _fit(text: Text, width: int, ellipsis_style) -> Text:
    """*text* cut to *width* cells, its "…" in the plain meta style (not a match's, when
    the cut falls inside a highlight) and no half of a wide character left painted."""
    from rich.cells import cell_len

    if text.cell_len > width:
        n = cells = 0
        for ch in text.plain:
            w = cell_len(ch)
            if cells + w > width - 1:
                break
            cells += w
            n += 1
        text = text[:n]
        text.append("…", style=ellipsis_style)
    text.truncate(width, pad=True)
    return text
