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
from reader.tui.wrap import ellipsize
from reader.search.facet import Facet
from reader.plural import counted

# columns: (title, the facet groups listed in it, in order); the paper's only for an archive
COLUMNS = (("Author", ("author",)), ("Paper", ("paper",)), ("Date", ("year", "month", "date")),
           ("Page", ("page", "source")))


class FacetLabel:
    """One value's row, fitted to its column's width as drawn: the mark, the label — cut
    short with "…" where the column is narrower (in the middle of a file's name, whose
    start and end both tell it apart; at the end of anything else) — and the count, on one
    row, never wrapped mid-name."""

    def __init__(self, label: str, count: int, on: bool, middle: bool) -> None:
        self.label, self.count, self.on, self.middle = label, count, on, middle

    def __rich_console__(self, console, options):
        count = f"  {self.count}"
        room = max(0, options.max_width - 2 - cell_len(count))
        text = Text("✓ " if self.on else "  ", style="bold", no_wrap=True, overflow="crop")
        text.append(ellipsize(self.label, room, self.middle), style="bold" if self.on else "")
        text.append(count, style="dim")
        text.truncate(options.max_width)
        yield text

    def __rich_measure__(self, console, options) -> Measurement:
        count = cell_len(f"  {self.count}")
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
    FacetsScreen > Vertical { width: 92%; max-width: 110; height: 80%; background: $surface; border: round $primary; }
    FacetsScreen #facets-title { padding: 0 1; color: $text-muted; height: auto; }
    FacetsScreen Horizontal { height: 1fr; }
    FacetsScreen FacetList { width: 1fr; height: 1fr; border: round $foreground 40%; }
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
            what = f"“{self.query_text}”" if self.query_text.strip() else "all articles"
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
        return FacetLabel(printable(f.label), f.count, f.query in self.active, middle=f.field == "source")

    def on_mount(self) -> None:
        first = next((ol for ol in self.query(FacetList) if ol.option_count), None)
        if first is not None:
            first.focus()
            first.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        field, _, k = (event.option.id or "").partition("\x00")
        self.dismiss(self.facets[field][int(k)])
