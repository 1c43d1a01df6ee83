"""The reading pane: one article, wrapped for CJK by terminal cells, with every match
highlighted and n / N to step through them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.corpus.meta import AUTHORS, CONTINUED, DATE, WHERE, meta_line
from reader.printable import is_printable, printable
from reader.tui.wrap import wrap, wrap_parts

if TYPE_CHECKING:
    from reader.corpus import Article
    from reader.search.span import Span

MARGIN = 2  # cells of left/right margin
EMPTY_HINT = [
    "",
    "↑/↓ or j/k to move in the list, Enter to open an article.",
    "/ searches as you type; n / N step through the matches here.",
    "F1 or ? lists every key; Ctrl+P opens the command palette.",
]


@dataclass(frozen=True)
class Line:
    kind: str  # title | subtitle | meta | heading | paragraph | blank
    unit: int  # index into units(article); -1 for meta/blank
    start: int
    end: int
    text: str = ""  # for meta lines


class ReadingPane(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    ReadingPane { background: $surface; color: $foreground; overflow-x: hidden; }
    ReadingPane > .reading-pane--title { text-style: bold; color: $text; }
    ReadingPane > .reading-pane--subtitle { color: $text-muted; text-style: italic; }
    ReadingPane > .reading-pane--meta { color: $text-muted; }
    ReadingPane > .reading-pane--heading { text-style: bold; color: $text-accent; }
    ReadingPane > .reading-pane--match { background: $warning 45%; color: $text; text-style: bold; }
    ReadingPane > .reading-pane--match-current { background: $accent; color: $text; text-style: bold underline; }
    ReadingPane > .reading-pane--marker { color: $text-accent; }
    """
    COMPONENT_CLASSES = {
        "reading-pane--title",
        "reading-pane--subtitle",
        "reading-pane--meta",
        "reading-pane--heading",
        "reading-pane--match",
        "reading-pane--match-current",
        "reading-pane--marker",
    }
    BINDINGS = [
        Binding("down,j", "scroll_lines(1)", "Down", show=False, id="pane.down"),
        Binding("up,k", "scroll_lines(-1)", "Up", show=False, id="pane.up"),
        Binding("space,pagedown", "page(1)", "Page down", show=False, id="pane.page_down"),
        Binding("shift+space,pageup", "page(-1)", "Page up", show=False, id="pane.page_up"),
        Binding("g,home", "top", "Top", show=False, id="pane.top"),
        Binding("G,end", "bottom", "Bottom", show=False, id="pane.bottom"),
        Binding("n", "match(1)", "Next match", id="pane.next_match"),
        Binding("N", "match(-1)", "Prev match", id="pane.prev_match"),
        Binding("escape,h", "back", "Back to list", show=False, id="pane.back"),
        Binding("b", "app.bookmark_paragraph", "Bookmark ¶", id="pane.bookmark"),
        Binding("m", "app.note", "Note", id="pane.note"),
        Binding("y", "app.quote", "Copy quote", id="pane.quote"),
    ]

    match_index: reactive[int] = reactive(-1)

    class MatchMoved(Message):
        def __init__(self, index: int, total: int) -> None:
            super().__init__()
            self.index, self.total = index, total

    class Back(Message):
        """Focus should return to the list."""

    class ToggleFullScreen(Message):
        """The reader asked (with the mouse) for the pane on the whole screen, or back."""

    def __init__(self, measure: int = 0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.measure = measure  # the text's width in cells, centred; 0 = the pane's width
        self.article: Article | None = None
        self.units = []
        self.spans: list[Span] = []
        self.lines: list[Line] = []
        self.marked_paragraphs: set[int] = set()
        self._width = 0
        self._want_top: int | None = None  # paragraph to bring to the top once laid out
        self._cache: dict[tuple, Strip] = {}

    # -- data -----------------------------------------------------------------------------
    def show(self, article: Article | None, spans: list[Span], top_paragraph: int | None = None) -> None:
        from reader.search.units import units

        self.article = article
        # shown as printable text: one character for one, so spans and wrap points hold
        self.units = [replace(u, text=printable(u.text)) if not is_printable(u.text) else u
                      for u in units(article)] if article else []
        self.spans = sorted(spans)
        self.match_index = -1
        self._layout(force=True)
        self.scroll_to(y=0, animate=False, immediate=True)
        if top_paragraph:
            # after the new virtual size is applied, or the scroll would be clamped to the old
            self._want_top = top_paragraph
            self.call_after_refresh(self._apply_wanted_top)
        self._notify_match()

    def set_spans(self, spans: list[Span]) -> None:
        self.spans = sorted(spans)
        self.match_index = -1
        self._cache.clear()
        self.refresh()
        self._notify_match()

    def notify_style_update(self) -> None:
        # a new theme (or any restyle): the cached lines have the old colours
        super().notify_style_update()
        self._cache.clear()
        self.refresh()

    def set_marked_paragraphs(self, paragraphs: set[int]) -> None:
        self.marked_paragraphs = paragraphs
        self._cache.clear()
        self.refresh()

    def _notify_match(self) -> None:
        self.post_message(self.MatchMoved(self.match_index, len(self.spans)))

    # -- layout ---------------------------------------------------------------------------
    def text_width(self) -> int:
        """Cells a line of text may take: the pane's, less the margins, within the measure."""
        width = max(4, self.scrollable_content_region.width - 2 * MARGIN)
        return min(width, max(4, self.measure)) if self.measure else width

    def left_margin(self) -> int:
        """Cells before the text: the margin, and half of what the measure leaves over."""
        spare = self.scrollable_content_region.width - 2 * MARGIN - self._width
        return MARGIN + max(0, spare // 2)

    def set_measure(self, measure: int) -> None:
        """Wrap to *measure* cells (0: the pane's width), keeping the paragraph at the top."""
        if measure == self.measure:
            return
        top = self.top_paragraph()
        self.measure = measure
        self._layout(force=True)
        if top is not None:
            self._want_top = top
            self.call_after_refresh(self._apply_wanted_top)

    def _layout(self, force: bool = False) -> None:
        width = self.text_width()
        if not force and width == self._width:
            return
        self._width = width
        self._cache.clear()
        lines: list[Line] = []
        a = self.article
        if a is None:
            # wrapped as the text is (at 100–119 columns the pane is narrower than a hint)
            self.lines = [Line("meta", -1, s, e, t) for t in EMPTY_HINT for s, e in wrap(t, width)]
            self.virtual_size = Size(0, len(self.lines))
            self.refresh()
            return
        meta = printable(meta_line(a, DATE, AUTHORS, WHERE, CONTINUED))

        def add_meta() -> None:  # under the title and subtitles, before the body, whatever it begins with
            lines.append(Line("blank", -1, 0, 0))
            for piece in wrap_parts(meta, width):  # 上接第1版 and the like kept whole
                lines.append(Line("meta", -1, piece[0], piece[1], meta))

        prev_kind = None
        for u, unit in enumerate(self.units):
            body = unit.kind in ("heading", "paragraph")
            if body and prev_kind in ("subtitle", "title"):  # a multi-section article begins with a heading
                add_meta()
            if unit.kind == "heading" and prev_kind != "heading":
                lines.append(Line("blank", -1, 0, 0))
            if unit.kind == "paragraph" and prev_kind in ("paragraph", "heading", "subtitle", "title"):
                lines.append(Line("blank", -1, 0, 0))
            for s, e in wrap(unit.text, width):
                lines.append(Line(unit.kind, u, s, e))
            prev_kind = unit.kind
        if prev_kind in ("subtitle", "title"):  # no body: the meta line still says where it is
            add_meta()
        lines.append(Line("blank", -1, 0, 0))
        self.lines = lines
        self.virtual_size = Size(0, len(lines))
        self.refresh()

    def on_mount(self) -> None:
        self._layout(force=True)

    def on_resize(self) -> None:
        self._refit()

    def watch_show_vertical_scrollbar(self) -> None:
        # the text's width is the pane's less the scrollbar: an article laid out while the
        # last one's scrollbar was there (or before this one's came) is laid out again, or
        # it renders a cell off, wrapped to the other width (reached by ], [ or c)
        self.call_later(self._refit)

    def _refit(self) -> None:
        """Wrap to the width the text has now, keeping the paragraph at the top."""
        if self.text_width() == self._width:
            return
        if self._want_top is None and self.scroll_y > 0:  # at the very top, the title stays in view
            self._want_top = self.top_paragraph()
        self._layout()
        self.call_after_refresh(self._apply_wanted_top)

    def _apply_wanted_top(self, tries: int = 20) -> None:
        """Scroll the wanted paragraph to the top — once the pane is sized and laid out
        (until then a scroll would be clamped short)."""
        if self._want_top is None:
            return
        line = self._paragraph_line(self._want_top)
        reachable = min(line or 0, max(0, len(self.lines) - self.size.height))
        if self.size.height and self.max_scroll_y >= reachable:
            # force: the scrollbars of the new layout may not be computed yet
            self.scroll_to(y=line or 0, animate=False, immediate=True, force=True)
            self._want_top = None
        elif tries > 0:
            self.call_after_refresh(self._apply_wanted_top, tries - 1)

    # -- rendering ------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if index >= len(self.lines):
            return Strip.blank(width, self.rich_style)
        key = (index, width, self.match_index, id(self.spans))
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render(self.lines[index], width)
            if len(self._cache) > 4000:
                self._cache.clear()
            self._cache[key] = strip
        return strip

    def _render(self, line: Line, width: int) -> Strip:
        style_for = self.get_component_rich_style
        if line.kind == "blank":
            return Strip.blank(width, self.rich_style)
        if line.kind == "meta":
            text = Text(line.text[line.start : line.end], style=style_for("reading-pane--meta"))
        else:
            unit_text = self.units[line.unit].text
            text = Text(unit_text[line.start : line.end])
            if line.kind in ("title", "subtitle", "heading"):
                text.stylize(style_for(f"reading-pane--{line.kind}"))
            match, current = style_for("reading-pane--match"), style_for("reading-pane--match-current")
            for k, span in enumerate(self.spans):
                if span.unit != line.unit or span.end <= line.start or span.start >= line.end:
                    continue
                s, e = max(span.start, line.start) - line.start, min(span.end, line.end) - line.start
                text.stylize(current if k == self.match_index else match, s, e)
        left = self.left_margin()
        prefix = Text(" " * left)
        unit = self.units[line.unit] if line.unit >= 0 else None
        if unit is not None and unit.kind == "paragraph" and unit.index in self.marked_paragraphs and line.start == 0:
            prefix = Text(" " * (left - MARGIN))
            prefix.append("★ ", style=style_for("reading-pane--marker"))
        prefix.append_text(text)
        segments = list(prefix.render(self.app.console, end=""))
        return Strip(segments).adjust_cell_length(width, self.rich_style).apply_style(self.rich_style)

    # -- positions ------------------------------------------------------------------------
    def line_of(self, unit: int, offset: int = 0) -> int:
        for i, line in enumerate(self.lines):
            if line.unit == unit and line.start <= offset < max(line.end, line.start + 1):
                return i
        return 0

    def current_match_paragraph(self) -> tuple[int, tuple[int, int]] | None:
        """(paragraph, span in it) of the current match (n/N), if it is in a paragraph."""
        if not 0 <= self.match_index < len(self.spans):
            return None
        span = self.spans[self.match_index]
        unit = self.units[span.unit]
        return (unit.index, (span.start, span.end)) if unit.kind == "paragraph" else None

    def paragraph_at_hand(self) -> tuple[int, tuple[int, int] | None]:
        """The paragraph y quotes and b / m bookmark: the current match's (n/N), with the
        match's span, or else the one at the top of the pane (no span)."""
        where = self.current_match_paragraph()
        return where if where is not None else (self.top_paragraph() or 0, None)

    def top_paragraph(self) -> int | None:
        """The paragraph at the top of the pane (or the first one below the top)."""
        for line in self.lines[int(self.scroll_y):]:
            if line.unit >= 0 and self.units[line.unit].kind == "paragraph":
                return self.units[line.unit].index
        return None

    def _paragraph_line(self, paragraph: int) -> int | None:
        for i, line in enumerate(self.lines):
            if line.unit >= 0 and self.units[line.unit].kind == "paragraph" and self.units[line.unit].index == paragraph:
                return i
        return None

    def scroll_to_paragraph(self, paragraph: int) -> None:
        line = self._paragraph_line(paragraph)
        if line is not None:
            self.scroll_to(y=line, animate=False, immediate=True)

    # -- actions --------------------------------------------------------------------------
    def action_scroll_lines(self, n: int) -> None:
        self.scroll_to(y=self.scroll_y + n, animate=False, immediate=True)

    def action_page(self, direction: int) -> None:
        self.scroll_to(y=self.scroll_y + direction * max(1, self.size.height - 2), animate=False, immediate=True)

    def action_top(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_bottom(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def on_click(self, event) -> None:
        # a double click on the text, or a click on the title (the top border): the pane on
        # the whole screen, or back
        offset = event.get_content_offset(self)
        on_title = offset is None and event.y == 0  # the title on the top border
        if offset is not None:  # or the title's lines at the top of the text
            index = int(self.scroll_y) + offset.y
            on_title = 0 <= index < len(self.lines) and self.lines[index].kind == "title"
        if event.chain == 2 or on_title:
            event.stop()
            self.post_message(self.ToggleFullScreen())

    def action_back(self) -> None:
        self.post_message(self.Back())

    def action_match(self, direction: int) -> None:
        if not self.spans:
            self.app.bell()
            if self.article is None:
                self.notify("Open an article first: n / N step through its matches.", timeout=3)
            else:
                self.notify("No matches here: type a query (/) to step through its matches.", timeout=3)
            return
        n = len(self.spans)
        if self.match_index < 0:
            # the first match at or below the top of the view (or above, going back)
            top = int(self.scroll_y)
            lines = [self.line_of(s.unit, s.start) for s in self.spans]
            if direction > 0:
                self.match_index = next((k for k, ln in enumerate(lines) if ln >= top), 0)
            else:
                self.match_index = next((k for k in range(n - 1, -1, -1) if lines[k] < top), n - 1)
        else:
            k = self.match_index + direction
            if not 0 <= k < n:  # round to the other end, and said so
                self.notify("The only match." if n == 1 else "Past the last match: back to the first." if direction > 0
                            else "Before the first match: on to the last.", timeout=3)
            self.match_index = k % n
        span = self.spans[self.match_index]
        line = self.line_of(span.unit, span.start)
        self._cache.clear()
        if not (self.scroll_y <= line < self.scroll_y + self.size.height):
            self.scroll_to(y=max(0, line - self.size.height // 3), animate=False, immediate=True)
        self.refresh()
        self._notify_match()
