"""A small dialog to add or edit a bookmark's note."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reader.printable import printable


class NoteDialog(ModalScreen[str | None]):
    DEFAULT_CSS = """
    NoteDialog { align: center middle; }
    NoteDialog > Vertical {
        width: 72; max-width: 95%; height: auto;
        border: thick $accent; background: $panel; padding: 1 2;
    }
    NoteDialog Label { margin-bottom: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="note.cancel")]

    def __init__(self, quote: str, note: str) -> None:
        super().__init__()
        self.quote, self.note = quote, note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Note for: {printable(self.quote[:60])}{'…' if len(self.quote) > 60 else ''}", markup=False)
            # an imported note may hold control characters: shown as pictures, and kept as
            # they were unless the note is edited
            yield Input(value=printable(self.note), placeholder="Enter saves, Esc cancels", id="note-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        unchanged = event.value == printable(self.note)
        self.dismiss((self.note if unchanged else event.value).strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
