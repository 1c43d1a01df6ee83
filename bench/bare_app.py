"""The baseline for start-up: a bare Textual app with an Input, an OptionList and a Footer."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Input, OptionList


class Bare(App):
    def compose(self) -> ComposeResult:
        yield Input(placeholder="search")
        yield OptionList(*[f"BARE-READY item {i}" for i in range(50)])
        yield Footer()


if __name__ == "__main__":
    Bare().run()
