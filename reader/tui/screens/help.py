"""F1 / ?: every key binding, generated from the bindings themselves."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.search.fields import syntax_fields


def binding_rows(sources: list[tuple[str, type]], keymap: dict[str, str] | None = None) -> list[tuple[str, str, str, str]]:
    """(where, keys, description, id) for every Binding of the given classes, with the keys
    of *keymap* (binding id → keys) where it remaps one."""
    from reader.tui.keys import OUTSIDE_DIALOGS

    keymap = keymap or {}
    rows = []
    app_cls = sources[0][1] if sources else None
    for where, cls in sources:
        for b in cls.BINDINGS:
            if not isinstance(b, Binding):
                continue
            keys = ", ".join(_key_label(k) for k in keymap.get(b.id or "", b.key).split(","))
            shown = OUTSIDE_DIALOGS if cls is app_cls and not b.priority else where  # as `reader keys`
            rows.append((shown, keys, b.description or b.action, b.id or ""))
    rows.sort(key=lambda r: r[0] != OUTSIDE_DIALOGS)  # (stable) the app's own first, Everywhere after
    return rows


def _key_label(key: str) -> str:
    key = key.strip()
    names = {"question_mark": "?", "slash": "/", "space": "Space", "escape": "Esc", "enter": "Enter",
             "pagedown": "PgDn", "pageup": "PgUp", "shift+space": "Shift+Space", "tab": "Tab",
             "shift+tab": "Shift+Tab", "home": "Home", "end": "End", "down": "↓", "up": "↑",
             "left": "←", "right": "→", "delete": "Delete", "backspace": "Backspace"}
    if key in names:
        return names[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + _key_label(key[5:]).upper()
    if key.startswith("f") and key[1:].isdigit():
        return key.upper()
    if len(key) > 1 and "+" not in key:  # punctuation by Textual's name for it: comma → ",", less_than_sign → "<"
        ch = _PUNCTUATION.get(key, "")
        if not ch:
            import unicodedata

            try:
                ch = unicodedata.lookup(key.replace("_", " "))
            except KeyError:
                ch = ""
        if len(ch) == 1 and ch.isprintable() and not ch.isspace():  # not "delete" → DEL
            return ch
    return key


def _punctuation() -> dict[str, str]:
    import string

    from textual.keys import _character_to_key

    return {_character_to_key(c): c for c in string.punctuation}


_PUNCTUATION = _punctuation()


# keys that are no Binding of ours (Textual's own) and the mouse: listed all the same
FIXED = [
    ("Everywhere", "Ctrl+P", "Command palette: every command, themes, screenshot", "textual.palette"),
    ("Everywhere", "Ctrl+Q", "Quit at once, from any screen", "textual.quit"),
]
MOUSE = [
    ("Mouse", "Click", "an article in the list: open it", "mouse.click"),
    ("Mouse", "Click", "a key in the footer: press it", "mouse.click_key"),
    ("Mouse", "Wheel", "scroll the list, the pane or this help", "mouse.wheel"),
]


def with_fixed_keys(rows: list[tuple[str, str, str, str]]) -> list[tuple[str, str, str, str]]:
    """*rows* with Textual's own keys after the app's and the mouse at the end."""
    last = max((k for k, r in enumerate(rows) if r[0] == "Everywhere"), default=-1)
    return rows[: last + 1] + FIXED + rows[last + 1:] + MOUSE


class HelpScreen(ModalScreen):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 84; max-width: 95%; height: 85%;
        border: thick $accent; background: $panel; padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape,q,f1,question_mark", "dismiss", "Close help", id="help.close"),
        Binding("end,G", "bottom", "Bottom", show=False, id="help.bottom"),
        Binding("home,g", "top", "Top", show=False, id="help.top"),
    ]

    def __init__(self, sources: list[tuple[str, type]], keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.rows = with_fixed_keys(binding_rows(sources, keymap))

    def compose(self) -> ComposeResult:
        parts: list = [Text("reader — keys\n", style="bold")]
        width = max([26] + [len(keys) + 4 for _, keys, _, _ in self.rows])
        where, table = None, None
        for place, keys, description, _ in self.rows:
            if place != where:
                parts.append(Text(place, style="bold underline"))
                # two columns: a description too long for the line wraps under its own column
                table = Table.grid()
                table.add_column(width=width, no_wrap=True, style="bold")
                table.add_column(ratio=1)
                parts.append(table)
                where = place
            table.add_row(f"  {keys}", description)
        parts.append(Text("\nSearch syntax: words (all must occur), \"a phrase\", a OR b, -exclude / NOT x, "
                          f"the fields {syntax_fields()}, and (grouping).", style="italic"))
        with VerticalScroll():
            yield Static(Group(*parts), id="help-text")

    def action_bottom(self) -> None:
        # at once, and again once laid out: the text's height can still grow when the
        # scrollbar's arrival narrows it, and the first End then stopped short
        scroll = self.query_one(VerticalScroll)
        scroll.scroll_end(animate=False, immediate=True)
        self.call_after_refresh(scroll.scroll_end, animate=False)

    def action_top(self) -> None:
        self.query_one(VerticalScroll).scroll_home(animate=False, immediate=True)

    def action_dismiss(self, result=None) -> None:
        self.dismiss(None)  # nothing to return: closed, as every screen closes
