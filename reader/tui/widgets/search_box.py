"""The search box: results follow every keystroke; Esc clears, a second Esc leaves.

``/`` is the key that focuses search, so pressed in an empty box (the box has focus once
search is ready) it is taken as that, not typed: ``/锡`` searches for 锡, as in less or vim.

Until the search index is open the box waits: it takes what is typed (searched as soon as
search opens), its placeholder saying what the app is doing and how to quit meanwhile
(``^q``; or Esc to the list, where ``q`` quits and ↑/↓, Enter work)."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

# whole at 80 columns; the fields as reader.search.fields.placeholder_fields() names them
# (written out: that module's patterns are not needed before the first paint; a test holds
# the two equal)
PLACEHOLDER = '搜索 词/拼音 "短语" OR -排除 title/author/date/source/paper/page/issue:'


class SearchBox(Input):
    BINDINGS = [
        Binding("escape", "clear_or_leave", "Clear / leave", id="search.escape"),
        Binding("down", "leave", "To results", id="search.down"),
        Binding("enter", "submit", "To results", show=False, id="search.submit"),
    ]

    class Leave(Message):
        """Focus should move to the result list."""

    ready = True  # search is open: what is typed is searched at once

    def __init__(self, waiting: str = "", **kwargs) -> None:
        """*waiting*: what search waits for (the box starts waiting, saying so); "" for a
        box ready at once."""
        super().__init__(placeholder=PLACEHOLDER, **kwargs)
        if waiting:
            self.wait(waiting)

    def wait(self, doing: str, then: str = "search opens when ready") -> None:
        """Say what the app is *doing* meanwhile; what is typed stays, searched once open."""
        self.ready = False
        self.placeholder = f"{doing} — {then}; type to search · ^q quits · Esc: the list"

    def fail(self, why: str) -> None:
        """Nothing will be searched (until the cause is fixed): say *why*, promise nothing."""
        self.ready = False
        self.placeholder = f"{why} · ^q quits"

    def open(self) -> None:
        self.ready = True
        self.placeholder = PLACEHOLDER

    async def _on_key(self, event: events.Key) -> None:
        if event.character == "/" and not self.value:
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    def action_clear_or_leave(self) -> None:
        if self.value:
            self.value = ""
        else:
            self.post_message(self.Leave())

    def action_leave(self) -> None:
        self.post_message(self.Leave())

    async def action_submit(self) -> None:
        self.post_message(self.Leave())
