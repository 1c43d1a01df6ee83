"""r: what the open article is about and what else is. Its keywords (Enter searches for
one) and the most related articles (Enter opens one)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.tui.widgets.footer import FittingFooter
from reader.corpus import Article
from reader.corpus.meta import DATE, PLACE, meta_line
from reader.printable import printable


class RelatedList(OptionList):
    BINDINGS = [
        Binding("enter", "select", "Open / search", id="related.select"),
        Binding("j", "cursor_down", "Down", show=False, id="related.down"),
        Binding("k", "cursor_up", "Up", show=False, id="related.up"),
    ]


class RelatedScreen(ModalScreen[tuple[str, str] | None]):
    """Dismisses with ``("search", word)``, ``("open", article id)`` or None."""

    DEFAULT_CSS = """
    RelatedScreen { align: center middle; }
    RelatedScreen > Vertical { width: 90%; max-width: 100; height: 80%; background: $surface; border: round $primary; }
    RelatedScreen #related-title { padding: 0 1; text-style: bold; height: auto; }
    RelatedScreen #related-tags { padding: 0 1 1 1; height: auto; }
    RelatedScreen RelatedList { height: 1fr; border: none; }
    """
    BINDINGS = [Binding("escape,q,r", "dismiss(None)", "Close", id="related.close")]

    def __init__(self, article: Article, keywords, related) -> None:
        super().__init__()
        self.article = article
        self.keywords = keywords
        self.related = related

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Related to “{printable(self.article.title)}”"), id="related-title")
            tags = Text("Keywords: ", style="dim")
            for k in self.keywords[:8]:
                tags.append(f" {printable(k.word)} ", style="reverse")
                tags.append(" ")
            yield Static(tags, id="related-tags")
            options: list[Option | None] = [Option(Text("Search for a keyword", style="bold dim"), disabled=True)]
            options += [Option(Text.assemble("  🔍 ", (printable(k.word), "bold"), (f"  {k.weight:.1f}", "dim")), id=f"search\x00{k.word}")
                        for k in self.keywords[:8]]
            options.append(None)
            options.append(Option(Text("Related articles", style="bold dim"), disabled=True))
            if not self.related:
                options.append(Option(Text("  nothing in this corpus shares more than news boilerplate with it", style="dim"), disabled=True))
            for r in self.related:
                a = r.article
                line = Text.assemble(f"  {r.score:4.0%}  ", (printable(a.title), "bold"))
                shares = f"shares {'、'.join(r.shared[:4])}" if r.shared else ""
                meta = printable(meta_line(a, DATE, PLACE, shares))
                line.append(f"\n        {meta}", style="dim")
                options.append(Option(line, id=f"open\x00{a.id}"))
            yield RelatedList(*options, id="related-list")
        yield FittingFooter()

    def on_mount(self) -> None:
        ol = self.query_one(RelatedList)
        ol.focus()
        first_article = next((i for i in range(ol.option_count) if (ol.get_option_at_index(i).id or "").startswith("open")), None)
        ol.highlighted = first_article if first_article is not None else 1

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        kind, _, value = (event.option.id or "").partition("\x00")
        self.dismiss((kind, value))
