"""The main screen's y: the current match's sentence, or the paragraph at the top of the
pane, copied with its citation (by the clipboard method the settings name), and where it
went said in a notification. The citation is the core's (``reader.corpus.quote``), given the
issue order, so that an article continued on other pages cites all of them.
"""

from __future__ import annotations

from textual import work

from reader.printable import printable


class QuotePart:
    """Quote with citation, as part of MainScreen (a mixin)."""

    def action_quote(self) -> None:
        """Copy the current match's sentence, or the paragraph at the top of the pane, with
        its citation."""
        from reader.corpus.quote import quote

        article = self.open_article
        if article is None or not article.paragraphs:
            self.app.bell()
            self.notify("Open an article first (Enter in the list): y copies its paragraph with a citation.",
                        timeout=3)
            return
        style = self.app.settings.citation
        paragraph, span = self.pane.paragraph_at_hand()

        def copy(reading) -> None:  # with the issue order: an article continued on other pages cites them all
            q = quote(article, paragraph, span, style=style, reading=reading)
            self._copy(str(q), q)

        self._with_reading(copy)

    @work(thread=True, exclusive=True, group="clipboard", description="copy the quote")
    def _copy(self, text: str, q) -> None:
        """Copy off the UI thread (a clipboard tool may take its time), then say where it went."""
        from reader import paths
        from reader.tui.clipboard import copy

        app = self.app
        copied = copy(text, app.clipboard_method, osc52=lambda t: app.call_from_thread(app.copy_to_clipboard, t),
                      data_dir=app.data_dir or paths.data_dir())
        app.call_from_thread(self._copied, q, copied)

    def _copied(self, q, copied) -> None:
        shown = q.text if len(q.text) <= 60 else q.text[:58] + "…"
        # where it went, then on a line of its own what did not work: never one inside the other's brackets
        lines = [f"¶{q.paragraph + 1} 「{printable(shown)}」", printable(q.citation), printable(copied.detail)]
        lines += [printable(copied.why)] if copied.why else []
        self.notify("\n".join(_wrapped(lines, toast_width(self.app.size.width))), title=copied.title,
                    severity="information" if copied.certain or copied.where == "osc52" else "error", timeout=8,
                    markup=False)


def toast_width(screen_width: int) -> int:
    """Cells of text in a line of a toast (Textual's: 60 cells, at most half the screen,
    less its border and padding)."""
    return max(10, min(60, screen_width // 2) - 4)


def _wrapped(lines: list[str], width: int) -> list[str]:
    """*lines* wrapped as the reader wraps Chinese: a file name or a number whole on a line
    when it fits one, not broken where Textual's wrapping (at spaces only) would cut it."""
    from reader.tui.wrap import wrap_lines

    return [part.rstrip(" ") for line in lines for part in (wrap_lines(line, width) or [""])]  # (a break's space)
