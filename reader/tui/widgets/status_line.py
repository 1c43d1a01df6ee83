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
        from reader.tui.wrap import cells, ellipsize

        parts = [printable(p) for p in (self.hits, self.match, self.mode, self.index, self.note, self.corpus) if p]
        width = self.content_region.width or self.size.width
        # too long for the line: the corpus's name gives way first (it is always the same), then
        # the note, each cut with "…"; the hits, the match and the modes stay whole
        for giving in (printable(self.corpus), printable(self.note)):
            line = "  ·  ".join(parts)
            if not width or cells(line) <= width or not giving or giving not in parts:
                break
            k = parts.index(giving)
            room = width - (cells(line) - cells(giving))
            if room >= 6:
                parts[k] = ellipsize(giving, room)
            else:
                del parts[k]
        line = "  ·  ".join(parts)
        return Content(ellipsize(line, width) if width else line)  # text, not markup: it names folders
