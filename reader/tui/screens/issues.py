"""The issues of an archive, as an e-paper site's 往期 and 版面导航: papers → a month as a
calendar (days with an issue marked, with their article counts) → an issue's pages (版) →
a page's articles in print order. Enter goes in, Escape or Backspace goes back a level;
choosing an article dismisses the screen with it.

Everything shown comes from a :class:`reader.corpus.reading.Reading` built once per corpus
(``reading_of``, off the event loop: a second for 100 000 articles on a slow machine):
opening the screen or moving in it looks up one paper's issues, one month or one issue,
never the whole corpus.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.corpus import Article
from reader.corpus.issues import Issue, Page, paper_label as _named
from reader.corpus.meta import AUTHORS, DATE, meta_line
from reader.corpus.reading import Reading
from reader.printable import printable
from reader.tui.widgets.footer import FittingFooter

WEEKDAYS = "一二三四五六日"
CELL, WIDE_CELL = 9, 10  # cells a day takes in the grid: "dd nnn篇" and the gap to the next
_NOTHING = object()  # no item to highlight (None is the pages of no paper)


def paper_label(paper: str | None) -> str:
    """*paper*'s name as shown (the pages of none: as the CLI calls them)."""
    return printable(_named(paper))


def page_label(page: Page) -> str:
    """``第1版 要闻 · 6篇``; a page without a 版次 by its file name."""
    if page.number is not None:
        head = f"第{page.number}版" + (f" {page.name}" if page.name else "")
    else:
        head = page.source.rsplit("/", 1)[-1]
    return f"{printable(head)} · {len(page.articles)}篇"


def add_months(day: date, months: int) -> date:
    """*day*, *months* later (earlier if negative), on the same day or its month's last."""
    k = day.year * 12 + day.month - 1 + months
    year, month = divmod(k, 12)
    year = min(max(year, date.min.year), date.max.year)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Calendar(Widget, can_focus=True):
    """One month of one paper: a grid of days, those with an issue marked with their
    article counts; the cursor is a day. A day with an issue is one block, its number and
    its count (``7 9篇``) on their own background with a gap after: no count reads as the
    next day's."""

    DEFAULT_CSS = """
    Calendar { width: auto; height: auto; padding: 0 1; }
    Calendar > .calendar--issue { background: $primary 25%; text-style: bold; }
    Calendar > .calendar--cursor { background: $accent; color: $text; text-style: bold; }
    Calendar > .calendar--empty { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"calendar--issue", "calendar--cursor", "calendar--empty"}
    BINDINGS = [
        Binding("enter", "choose", "Open the issue", id="issues.calendar.open"),
        Binding("left,h", "move(-1)", "Previous day", show=False, id="issues.calendar.left"),
        Binding("right,l", "move(1)", "Next day", show=False, id="issues.calendar.right"),
        Binding("up,k", "move(-7)", "Week before", show=False, id="issues.calendar.up"),
        Binding("down,j", "move(7)", "Week after", show=False, id="issues.calendar.down"),
        Binding("pageup,comma", "month(-1)", "Month before", show=False, id="issues.calendar.month_back"),
        Binding("pagedown,full_stop", "month(1)", "Month after", show=False, id="issues.calendar.month_on"),
        Binding("less_than_sign", "month(-12)", "Year before", show=False, id="issues.calendar.year_back"),
        Binding("greater_than_sign", "month(12)", "Year after", show=False, id="issues.calendar.year_on"),
        Binding("p", "issue(-1)", "Previous issue", show=False, id="issues.calendar.prev_issue"),
        Binding("n", "issue(1)", "Next issue", id="issues.calendar.next_issue"),
        Binding("home", "end(0)", "First issue", show=False, id="issues.calendar.first"),
        Binding("end", "end(-1)", "Last issue", show=False, id="issues.calendar.last"),
    ]

    class Chosen(Message):
        def __init__(self, issue: Issue) -> None:
            super().__init__()
            self.issue = issue

    class Moved(Message):
        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    def __init__(self, issues: dict[date, Issue], day: date, **kwargs) -> None:
        super().__init__(**kwargs)
        self.issues = issues  # the paper's, oldest first
        self.day = day
        self._days = list(issues)  # sorted: a Reading lists them oldest first

    def show(self, issues: dict[date, Issue], day: date) -> None:
        self.issues, self.day, self._days = issues, day, list(issues)
        self.refresh(layout=True)

    def get_content_width(self, container, viewport) -> int:
        # the wider cell (a gap of two after a count of three digits) where there is room
        return (WIDE_CELL if container.width >= WIDE_CELL * 7 + 2 else CELL) * 7

    @property
    def cell(self) -> int:
        return WIDE_CELL if self.content_size.width >= WIDE_CELL * 7 else CELL

    def get_content_height(self, container, viewport, width: int) -> int:
        return 2 + len(calendar.Calendar().monthdayscalendar(self.day.year, self.day.month))

    def render(self) -> Text:
        y, m, cell = self.day.year, self.day.month, self.cell
        block, cursor = self.get_component_rich_style("calendar--issue"), self.get_component_rich_style("calendar--cursor")
        empty = self.get_component_rich_style("calendar--empty")
        out = Text()
        out.append(f"{y}年{m}月".center(cell * 7 - 3) + "\n", style="bold")
        for name in WEEKDAYS:
            out.append(name + " " * (cell - 2), style="dim")  # over the days' two digits
        out.append("\n")
        weeks = calendar.Calendar().monthdayscalendar(y, m)
        for w, week in enumerate(weeks):
            for d in week:
                if d == 0:
                    out.append(" " * cell)
                    continue
                day = date(y, m, d)
                issue = self.issues.get(day)
                # the count right after its day, the gap after the count
                text = f"{d:>2} {issue.articles}篇" if issue is not None else f"{d:>2}"
                style = cursor if day == self.day else block if issue is not None else empty
                out.append(text, style=style)
                out.append(" " * max(1, cell - cell_len(text)))
            if w < len(weeks) - 1:
                out.append("\n")
        return out

    def _go(self, day: date) -> None:
        if day != self.day:
            self.day = day
            self.refresh(layout=True)
            self.post_message(self.Moved(day))

    def action_move(self, days: int) -> None:
        try:
            self._go(self.day + timedelta(days=days))
        except OverflowError:
            self.app.bell()

    def action_month(self, months: int) -> None:
        self._go(add_months(self.day, months))

    def action_issue(self, step: int) -> None:
        """To the next (previous) day with an issue."""
        from bisect import bisect_left, bisect_right

        days = self._days
        k = bisect_right(days, self.day) if step > 0 else bisect_left(days, self.day) - 1
        if 0 <= k < len(days):
            self._go(days[k])
        else:
            self.app.bell()
            self.notify("No later issue of this paper." if step > 0 else "No earlier issue of this paper.", timeout=3)

    def action_end(self, k: int) -> None:
        if self._days:
            self._go(self._days[k])

    def action_choose(self) -> None:
        issue = self.issues.get(self.day)
        if issue is None:
            self.app.bell()
            self.notify(f"No issue on {self.day.isoformat()}: n / p go to the next / previous issue.", timeout=3)
            return
        self.post_message(self.Chosen(issue))


class IssueList(OptionList):
    BINDINGS = [
        Binding("enter", "select", "Open", id="issues.list.open"),
        Binding("j", "cursor_down", "Down", show=False, id="issues.list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="issues.list.up"),
    ]


class IssuesScreen(ModalScreen[Article | None]):
    """Browse *reading*'s issues, starting at the issue of *article* (if it has one)."""

    DEFAULT_CSS = """
    IssuesScreen { align: center middle; }
    IssuesScreen > Vertical { width: 92%; max-width: 110; height: 85%; background: $surface; border: round $primary; }
    IssuesScreen #issues-title { padding: 0 1; text-style: bold; height: auto; }
    IssuesScreen #issues-hint { padding: 0 1; color: $text-muted; height: auto; }
    IssuesScreen #issues-day { padding: 1 1 0 1; height: auto; }
    IssuesScreen IssueList, IssuesScreen IssueList:focus { height: 1fr; border: none; }
    """
    AUTO_FOCUS = None  # the level shown focuses its own widget
    BINDINGS = [
        Binding("escape,backspace", "back", "Back", id="issues.back"),
        Binding("q", "dismiss(None)", "Close", id="issues.close"),
    ]

    def __init__(self, reading: Reading, article: Article | None = None) -> None:
        super().__init__()
        self.reading = reading
        self._items: list = []  # what the list's options stand for, by index
        self.start_at(article)

    def start_at(self, article: Article | None) -> None:
        """Open (again) at *article*'s issue: its pages, the open page highlighted; without
        one, a lone paper's latest month, else the papers. The main screen keeps this screen
        while the issue order is the same (installed: pushed again, never built again), so
        that ``i`` costs what showing a screen costs, not what building one does."""
        reading = self.reading
        self.article = article
        self.level = "papers"  # "papers", "month", "pages", "articles"
        self.paper: str | None = None
        self.day: date | None = None
        self.issue: Issue | None = None
        self.page: Page | None = None
        issue = reading.issue_of(article) if article is not None else None
        papers = reading.papers
        if issue is not None:
            self.paper, self.day, self.issue = issue.paper, issue.date, issue
            self.page = reading.page_of(article)
            self.level = "pages"
        elif len(papers) == 1:
            self.paper = papers[0]
            self.day = next(reversed(reading.issues_of(self.paper)))  # its latest issue
            self.level = "month"
        self._started = True

    def renew(self, reading: Reading) -> None:
        """The archive was read again while this view is shown: show *reading* (the new
        issue order) where the view was — the same paper, month, issue and page, as far
        as the archive still has them, a level up where it does not."""
        self.reading = reading
        i = reading.index(self.article) if self.article is not None else None
        self.article = reading.order[i] if i is not None else None
        level, issue, page = self.level, self.issue, self.page
        if self.paper not in reading.papers:
            self.paper, self.issue, self.page, self.level = None, None, None, "papers"
            self._show(_NOTHING)
            return
        self.issue = reading.issues_of(self.paper).get(issue.date) if issue is not None else None
        self.page = next((p for p in self.issue.pages if p.source == page.source), None) \
            if self.issue is not None and page is not None else None
        if level == "articles" and self.page is None:
            level = "pages"
        if level in ("pages", "articles") and self.issue is None:
            level = "month"
        if level == "month" and self.day is None:
            self.day = next(reversed(reading.issues_of(self.paper)))
        self.level = level
        self._show(self.page if level == "pages" else self.article if level == "articles"
                   else self.paper if level == "papers" else _NOTHING)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", id="issues-title")
            yield Static("", id="issues-hint")
            month = self.level == "month"
            cal = Calendar({}, self.day or date.today(), id="issues-calendar")
            day_line = Static("", id="issues-day")
            lst = IssueList(id="issues-list")
            cal.display = day_line.display = month
            lst.display = not month
            yield cal
            yield day_line
            yield lst
        yield FittingFooter()

    def on_screen_resume(self) -> None:
        if self._started:  # (shown again after a dialog over it: as it was)
            self._started = False
            self._show(self.page if self.level == "pages" else _NOTHING)  # the open article's page

    # -- the levels -----------------------------------------------------------------------

    def _show(self, highlight=_NOTHING) -> None:
        """Show the current level; *highlight*: the item to put the cursor on."""
        cal = self.query_one(Calendar)
        lst = self.query_one(IssueList)
        day_line = self.query_one("#issues-day", Static)
        month = self.level == "month"
        cal.display = day_line.display = month
        lst.display = not month
        crumbs = ["Issues"]
        if self.level != "papers":
            crumbs.append(paper_label(self.paper))
        if self.level == "month":
            crumbs.append(f"{self.day.year}年{self.day.month}月")
        if self.level in ("pages", "articles"):
            crumbs.append(self.issue.date.isoformat())
        if self.level == "articles":
            crumbs.append(page_label(self.page).rsplit(" · ", 1)[0])
        self.query_one("#issues-title", Static).update(Text(" › ".join(crumbs)))
        hint = self.query_one("#issues-hint", Static)
        if self.level == "papers":
            papers = self.reading.papers
            if not papers:
                hint.update("No page of this corpus has an issue date, so there are no issues to browse "
                            "(the README's archive layouts say how pages get one).")
            else:
                hint.update("Enter: its issues by month · Escape closes")
            self._fill([(p, self._paper_line(p)) for p in papers], highlight)
        elif month:
            hint.update("←→↑↓ or hjkl days · ,/. or PgUp/PgDn months · </> years · n/p issues · "
                        "Home/End first/last issue · Enter opens · Escape: papers")  # every key Calendar binds
            cal.show(self.reading.issues_of(self.paper), self.day)
            self._day_line()
            cal.focus()
        elif self.level == "pages":
            hint.update(f"{len(self.issue.pages)} 版 · {self.issue.articles} 篇 · Enter: the page's articles · "
                        "Escape: the month")
            self._fill([(p, Text(page_label(p))) for p in self.issue.pages], highlight)
        else:
            hint.update("Enter reads the article · Escape: the pages")
            self._fill([(a, self._article_line(k, a)) for k, a in enumerate(self.page.articles)], highlight)

    def _fill(self, items: list[tuple[object, Text]], highlight) -> None:
        lst = self.query_one(IssueList)
        self._items = [item for item, _ in items]
        lst.clear_options()
        lst.add_options([Option(label, id=str(k)) for k, (_, label) in enumerate(items)])
        if items:
            same = (lambda item: item == highlight) if highlight is None or isinstance(highlight, str) \
                else (lambda item: item is highlight)
            at = next((k for k, item in enumerate(self._items) if same(item)), 0) if highlight is not _NOTHING else 0
            lst.highlighted = at
            lst.scroll_to_highlight()
        lst.focus()

    def _paper_line(self, paper: str | None) -> Text:
        issues = self.reading.issues_of(paper)
        days = list(issues)
        line = Text(paper_label(paper), style="bold")
        span = f"{days[0].isoformat()} – {days[-1].isoformat()}" if len(days) > 1 else days[0].isoformat()
        line.append(f"  {len(days)} 期 · {span}", style="dim")
        return line

    def _article_line(self, k: int, a: Article):
        """Number, then title and meta — a wrapped line hangs under the title."""
        from rich.table import Table

        line = Text(printable(a.title), style="bold")
        meta = meta_line(a, DATE, AUTHORS, *(link.short for link in self.reading.links(a)))
        if meta:
            line.append("  " + printable(meta), style="dim")
        row = Table.grid()
        row.add_column(width=4, no_wrap=True)
        row.add_column(ratio=1)
        row.add_row(Text(f"{k + 1:>2}. ", style="dim"), line)
        return row

    def _day_line(self) -> None:
        issue = self.reading.issues_of(self.paper).get(self.day)
        weekday = f"星期{WEEKDAYS[self.day.weekday()]}"
        if issue is None:
            text = Text(f"{self.day.isoformat()} {weekday}: no issue", style="dim")
        else:
            text = Text(f"{self.day.isoformat()} {weekday} · {len(issue.pages)} 版 · {issue.articles} 篇 — Enter opens")
        self.query_one("#issues-day", Static).update(text)

    # -- moving -------------------------------------------------------------------------

    def on_calendar_moved(self, event: Calendar.Moved) -> None:
        event.stop()
        self.day = event.day
        self.query_one("#issues-title", Static).update(
            Text(" › ".join(["Issues", paper_label(self.paper), f"{self.day.year}年{self.day.month}月"])))
        self._day_line()

    def on_calendar_chosen(self, event: Calendar.Chosen) -> None:
        event.stop()
        self.issue, self.day, self.level = event.issue, event.issue.date, "pages"
        self._show()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item = self._items[int(event.option.id or 0)]
        if self.level == "papers":
            self.paper = item
            issues = self.reading.issues_of(item)
            if self.day is None or self.day not in issues:
                self.day = next(reversed(issues))
            self.level = "month"
        elif self.level == "pages":
            self.page, self.level = item, "articles"
            self._show(self.article)  # the cursor on the open article, when it is on this page
            return
        elif self.level == "articles":
            self.dismiss(item)
            return
        self._show()

    def action_back(self) -> None:
        if self.level == "articles":
            self.level = "pages"
            self._show(self.page)
        elif self.level == "pages":
            self.level = "month"
            self._show()
        elif self.level == "month":
            self.level = "papers"
            self._show(self.paper)
        else:
            self.dismiss(None)
