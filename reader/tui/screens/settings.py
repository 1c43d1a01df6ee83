""", (or the palette's "Settings"): the common settings, each saved to the settings file as
it is changed and applied at once where the app can."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.validation import Function
from textual.widgets import Input, Label, Select, SelectionList, Static, Switch

from reader import settings as user_settings

CHOICES: dict[str, list[tuple[str, str]]] = {
    "sort": [("relevance", "relevance"), ("page order", "page"), ("date (newest first)", "date")],
    "layout": [("auto (by the terminal's size)", "auto"), ("side by side", "side"), ("stacked", "stacked"),
               ("list or article, one at a time", "list"), ("list, or the article full-screen", "pane")],
    "clipboard": [("auto (a tool, else the terminal)", "auto"), ("the terminal (OSC 52)", "osc52"),
                  ("a tool (wl-copy, xclip, pbcopy…)", "command"), ("a file (clipboard.txt)", "file")],
    "citation": [("reader's own", "reader"), ("GB/T 7714", "gbt7714")],
}
LABELS = {
    "theme": "Theme", "pinyin": "Pinyin matching", "sort": "Sort results by", "layout": "Layout",
    "reading_width": "Reading width", "clipboard": "Copy quotes with", "citation": "Citation style",
    "fuzzy_pinyin": "Fuzzy pinyin", "use_synonyms": "Use synonyms", "synonyms": "Synonyms file",
    "custom_words": "Custom words file", "follow_links": "Follow corpus links",
}
SWITCHES = ("pinyin", "use_synonyms", "follow_links")
PATHS = ("synonyms", "custom_words")


def _width_ok(text: str) -> bool:
    try:
        user_settings.KEYS["reading_width"].check(int(text))
    except ValueError:
        return False
    return True


class SettingsScreen(ModalScreen):
    DEFAULT_CSS = """
    SettingsScreen { align: center middle; }
    SettingsScreen > VerticalScroll {
        width: 90; max-width: 100%; height: 90%; max-height: 100%;
        border: thick $accent; background: $panel; padding: 0 1;
    }
    SettingsScreen .row { height: auto; margin: 0 0 1 0; }
    SettingsScreen .row > Label { width: 26; padding: 0 1 0 0; text-style: bold; }
    SettingsScreen .row > Select, SettingsScreen .row > Input { width: 1fr; }
    SettingsScreen .row > Switch { border: none; padding: 0; height: 1; width: 8; }
    SettingsScreen .row > SelectionList { width: 1fr; height: auto; max-height: 9; }
    SettingsScreen .row > .state { width: auto; padding: 0 1; }
    SettingsScreen .note { color: $text-muted; margin: 0 0 1 0; }
    SettingsScreen #settings-title { text-style: bold; margin: 0 0 1 0; }
    """
    BINDINGS = [Binding("escape", "close", "Close", id="settings.close")]

    def __init__(self, prefs: user_settings.Settings, themes: list[str], live: set[str]) -> None:
        super().__init__()
        self.prefs = prefs
        self.themes = themes
        self.live = live  # settings the app applies at once; the others from the next start

    def compose(self) -> ComposeResult:
        p = self.prefs
        where = str(p.path) if p.path is not None else "memory only (no settings file)"
        with VerticalScroll():
            yield Static("Settings", id="settings-title")
            yield Static(f"Saved as you change them, to {where}. Esc closes.", classes="note", markup=False)
            yield self._row("theme", Select([(t, t) for t in self.themes], value=p.theme if p.theme in self.themes else Select.NULL,
                                            allow_blank=p.theme not in self.themes, id="set-theme", compact=True))
            yield self._row("pinyin", Switch(value=p.pinyin, id="set-pinyin"))
            for name in ("sort", "layout"):
                yield self._row(name, Select(CHOICES[name], value=p.get(name), allow_blank=False, id=f"set-{name}", compact=True))
            yield self._row("reading_width", Input(str(p.reading_width), type="integer", id="set-reading_width",
                                                   placeholder="cells; 0 = the full width",
                                                   tooltip="0 = the pane's width; else 20–1000 cells, centred", compact=True,
                                                   validators=[Function(_width_ok, "0 or 20–1000 cells")]))
            for name in ("clipboard", "citation"):
                yield self._row(name, Select(CHOICES[name], value=p.get(name), allow_blank=False, id=f"set-{name}", compact=True))
            chosen = set(p.fuzzy_pinyin)
            yield self._row("fuzzy_pinyin", SelectionList[str](
                *[(pair.replace("=", " = "), pair, pair in chosen) for pair in user_settings.FUZZY_PAIRS],
                id="set-fuzzy_pinyin", compact=True))
            yield self._row("use_synonyms", Switch(value=p.use_synonyms, id="set-use_synonyms"))
            for name in PATHS:
                yield self._row(name, Input(p.get(name), id=f"set-{name}", placeholder="a file path; empty for none", compact=True))
            yield self._row("follow_links", Switch(value=p.follow_links, id="set-follow_links"))
            later = [LABELS[n].lower() for n in user_settings.KEYS if n in LABELS and n not in self.live]
            if later:
                yield Static("Applied from the next start: " + ", ".join(later) + ".", classes="note")
            yield Static("Keys: `reader keys` lists every binding id; remap them under [keys] in the file.",
                         classes="note", markup=False)

    def _row(self, name: str, widget) -> Horizontal:
        if isinstance(widget, Switch):  # the switch's state in words too, not only in colour
            return Horizontal(Label(LABELS[name]), widget, Static("on" if widget.value else "off", id=f"state-{name}",
                                                                  classes="state"), classes="row")
        return Horizontal(Label(LABELS[name]), widget, classes="row")

    def on_mount(self) -> None:
        self.query_one("#set-theme").focus()

    # -- changes --------------------------------------------------------------------------
    def _apply(self, name: str, value) -> None:
        if value == self.prefs.get(name):
            return
        self.app.apply_setting(name, value)

    def on_select_changed(self, event: Select.Changed) -> None:
        name = (event.select.id or "").removeprefix("set-")
        if name in user_settings.KEYS and event.value is not Select.NULL:
            self._apply(name, event.value)

    def on_switch_changed(self, event: Switch.Changed) -> None:
        name = (event.switch.id or "").removeprefix("set-")
        if name in SWITCHES:
            self.query_one(f"#state-{name}", Static).update("on" if event.value else "off")
            self._apply(name, event.value)

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        chosen = set(event.selection_list.selected)
        self._apply("fuzzy_pinyin", [p for p in user_settings.FUZZY_PAIRS if p in chosen])

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "set-reading_width":
            if _width_ok(event.value):  # not half typed (e.g. "7" on the way to 72)
                self._apply("reading_width", int(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = (event.input.id or "").removeprefix("set-")
        if name in PATHS:
            self._apply(name, event.value.strip())
        elif name == "reading_width":
            if not _width_ok(event.value):
                self.app.notify(f"Reading width: 0 (the full width) or {user_settings.READING_WIDTH_MIN}–"
                                f"{user_settings.READING_WIDTH_MAX} cells", severity="warning", timeout=4)

    def on_descendant_blur(self, event) -> None:
        widget = event.widget
        if isinstance(widget, Input) and (widget.id or "").removeprefix("set-") in PATHS:
            self._apply(widget.id.removeprefix("set-"), widget.value.strip())

    def action_close(self) -> None:
        for name in PATHS:  # a path typed but not yet submitted is kept too
            self._apply(name, self.query_one(f"#set-{name}", Input).value.strip())
        self.dismiss()
