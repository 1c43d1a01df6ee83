"""The search box: results follow every keystroke; Esc clears, a second Esc leaves.

``/`` is the key that focuses search, so pressed in an empty box (the box has focus at
start-up) it is taken as that, not typed: ``/锡`` searches for 锡, as in less or vim."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class SearchBox(Input):
    BINDINGS = [
        Binding("escape", "clear_or_leave", "Clear / leave", id="search.escape"),
        Binding("down", "leave", "To results", id="search.down"),
        Binding("enter", "submit", "To results", show=False, id="search.submit"),
    ]

    class Leave(Message):
        """Focus should move to the result list."""

    def __init__(self, **kwargs) -> None:
        super().__init__(
            placeholder='搜索 Search — 字、词、拼音、"短语"、OR、-排除、title: author: date: source:',
            **kwargs,
        )

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
