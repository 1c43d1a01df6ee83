"""The status line: hits, corpus, index state, match position."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from reader.printable import printable


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    """
    hits: reactive[str] = reactive("")
    index: reactive[str] = reactive("")
    match: reactive[str] = reactive("")
    corpus: reactive[str] = reactive("")
    note: reactive[str] = reactive("")
    mode: reactive[str] = reactive("")  # sort and pinyin when not the defaults

    def render(self) -> Content:
        parts = [p for p in (self.hits, self.match, self.mode, self.index, self.note, self.corpus) if p]
        return Content(printable("  ·  ".join(parts)))  # text, not markup: it names folders
