"""The search box: results follow every keystroke; Esc clears, a second Esc leaves."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class SearchBox(Input):
    BINDINGS = [
        Binding("escape", "clear_or_leave", "Clear / leave", id="search.escape"),
        Binding("down", "leave", "To results", id="search.down"),
    ]

    class Leave(Message):
        """Focus should move to the result list."""

    def __init__(self, **kwargs) -> None:
        super().__init__(
            placeholder='搜索 Search — 字、词、"短语"、OR、-排除、title: author: date: source:',
            **kwargs,
        )

    def action_clear_or_leave(self) -> None:
        if self.value:
            self.value = ""
        else:
            self.post_message(self.Leave())

    def action_leave(self) -> None:
        self.post_message(self.Leave())

    async def action_submit(self) -> None:
        self.post_message(self.Leave())
