"""f: filter the results by paper, date (year, month, day, or undated), page (版次, or the
source file) or author — the values the current results have, with counts. Picking one adds ``field:value`` to the query (picking it again removes
it), so the search box always says what is being shown."""

from __future__ import annotations

from rich.cells import cell_len
from rich.measure import Measurement
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.printable import printable
from reader.tui.widgets.footer import FittingFooter
from reader.tui.wrap import ellipsize, shorten_path
from reader.search.facet import Facet
from reader.plural import counted

# columns: (title, the facet groups listed in it, in order); the paper's only for an archive
COLUMNS = (("Author", ("author",)), ("Paper", ("paper",)), ("Date", ("year", "month", "date")),
           ("Page", ("page", "source")))


class FacetLabel:
    """One value's row, fitted to its column's width as drawn: the mark, the label — cut
    short with "…" where the column is narrower (a page file's where it tells least, its
    paper and date kept: :func:`~reader.tui.wrap.shorten_path`; anything else at its end) —
    and the count, on one row, never wrapped mid-name; *gap* cells before the count (one
    where the columns are tight: a cell each that a page file or a date keeps)."""

    def __init__(self, label: str, count: int, on: bool, path: bool, gap: int = 2) -> None:
        self.label, self.count, self.on, self.path, self.gap = label, count, on, path, gap

    def width(self) -> int:
        """Cells the row takes whole."""
        return 2 + cell_len(self.label) + self.gap + cell_len(str(self.count))

    def with_gap(self, gap: int) -> "FacetLabel":
        return FacetLabel(self.label, self.count, self.on, self.path, gap=gap)

    def __rich_console__(self, console, options):
        count = f"{' ' * self.gap}{self.count}"
        room = max(0, options.max_width - 2 - cell_len(count))
        text = Text("✓ " if self.on else "  ", style="bold", no_wrap=True, overflow="crop")
        label = shorten_path(self.label, room) if self.path else ellipsize(self.label, room)
        text.append(label, style="bold" if self.on else "")
        text.append(count, style="dim")
        text.truncate(options.max_width)
        yield text

    def __rich_measure__(self, console, options) -> Measurement:
        count = self.gap + cell_len(str(self.count))
        return Measurement(2 + 1 + count, 2 + cell_len(self.label) + count)


class FacetList(OptionList):
    BINDINGS = [
        Binding("enter", "select", "Add / remove filter", id="facets.select"),
        Binding("j", "cursor_down", "Down", show=False, id="facets.down"),
        Binding("k", "cursor_up", "Up", show=False, id="facets.up"),
        Binding("l,right", "app.focus_next", "Next column", show=False, id="facets.next"),
        Binding("h,left", "app.focus_previous", "Previous column", show=False, id="facets.previous"),
    ]


class FacetsScreen(ModalScreen[Facet | None]):
    DEFAULT_CSS = """
    FacetsScreen { align: center middle; }
    FacetsScreen > Vertical { width: 100%; max-width: 110; height: 80%; background: $surface; border: round $primary; }
    FacetsScreen #facets-title { padding: 0 1; color: $text-muted; height: auto; }
    FacetsScreen Horizontal { height: 1fr; }
    FacetsScreen FacetList { width: 1fr; height: 1fr; border: round $foreground 40%; padding: 0;
                             scrollbar-size-vertical: 1; }
    FacetsScreen FacetList:focus { border: round $primary; }
    """
    BINDINGS = [Binding("escape,q,f", "dismiss(None)", "Close", id="facets.close")]

    def __init__(self, facets: dict[str, list[Facet]], active: set[str], total: int, query: str) -> None:
        super().__init__()
        self.facets = facets
        self.active = active
        self.total = total
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical():
            what = f"“{self.query_text.strip()}”" if self.query_text.strip() else "all articles"
            yield Static(Text(printable(f"Filter {counted(self.total, 'result')} of {what}: Enter adds a filter, again removes it; "
                                        "←/→ change column")), id="facets-title")
            with Horizontal():
                for title, groups in COLUMNS:
                    values = [(g, k, f) for g in groups for k, f in enumerate(self.facets.get(g, []))]
                    if title == "Paper" and not values:
                        continue  # (pages of no named paper: no column for it)
                    ol = FacetList(*[Option(self._label(f), id=f"{g}\x00{k}") for g, k, f in values],
                                   id=f"facet-{title.lower()}")
                    ol.border_title = f"{title} ({len(values)})"
                    yield ol
        yield FittingFooter()

    def _label(self, f: Facet) -> FacetLabel:
        return FacetLabel(printable(f.label), f.count, f.query in self.active, path=f.field == "source")

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_columns)

    def _fit_columns(self) -> None:
        """Each column as wide as its rows need whole (a date, a name; Textual's equal shares
        cut ``2024年6月7日`` at 80 columns) where the screen has the room, else the page
        files' column (whose paths shorten well) narrower first, then all of them alike."""
        lists = list(self.query(FacetList))
        room = self.query_one(Horizontal).content_region.width
        if not lists or room <= 0:
            return

        def needs() -> list[int]:
            out = []
            for ol in lists:
                rows = [ol.get_option_at_index(k).prompt for k in range(ol.option_count)]
                widest = max([r.width() for r in rows if isinstance(r, FacetLabel)], default=0)
                around = ol.styles.gutter.width + ol.get_component_styles("option-list--option").padding.width
                if ol.option_count > max(1, ol.size.height):  # (its content's rows)
                    around += ol.styles.scrollbar_size_vertical
                out.append(max(widest + around, cell_len(str(ol.border_title or "")) + 6))
            return out

        def gap(cells: int) -> None:
            for ol in lists:
                for k in range(ol.option_count):
                    row = ol.get_option_at_index(k).prompt
                    if isinstance(row, FacetLabel) and row.gap != cells:
                        ol.replace_option_prompt_at_index(k, row.with_gap(cells))

        gap(2)
        need = needs()
        if sum(need) > room:  # tight (80 columns): one space before the counts
            gap(1)
            need = needs()
        pages = next((k for k, ol in enumerate(lists) if ol.id == "facet-page"), None)
        if sum(need) > room and pages is not None:  # the paths give first, down to a 第N版 row's width
            others = sum(need) - need[pages]
            need[pages] = max(min(need[pages], 16), room - others)
        for ol, cells_wanted in zip(lists, need):
            # where there is room over, it is shared as the rows need; else each its cells, as far as they go
            ol.styles.width = f"{cells_wanted}fr" if sum(need) != room else cells_wanted

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit_columns)
        first = next((ol for ol in self.query(FacetList) if ol.option_count), None)
        if first is not None:
            first.focus()
            first.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        field, _, k = (event.option.id or "").partition("\x00")
        self.dismiss(self.facets[field][int(k)])
