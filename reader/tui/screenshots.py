"""Screenshots: the palette's Screenshot saves an SVG of the screen (and says where), with
Chinese as wide as on the terminal. ``Screenshots`` is mixed into the App."""

from __future__ import annotations

from textual import work


class Screenshots:
    """The App's part that takes screenshots (a mixin of ReaderApp)."""

    def action_screenshot(self) -> None:
        # after the palette has closed, so that the picture shows the screen, not the palette
        self.set_timer(0.1, lambda: self._save_screenshot(self.export_screenshot()))

    @work(thread=True, exclusive=True, group="screenshot", description="save a screenshot")
    def _save_screenshot(self, svg: str) -> None:
        import time

        from reader import paths
        from reader.files import atomic_write

        folder = paths.screenshot_dir(self.data_dir)
        path = folder / f"reader-{time.strftime('%Y%m%d-%H%M%S')}.svg"
        n = 1
        while path.exists():
            path = folder / f"reader-{time.strftime('%Y%m%d-%H%M%S')}-{n}.svg"
            n += 1
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with atomic_write(path, sync=False) as fh:
                fh.write(svg.encode("utf-8"))
        except OSError as exc:
            where = exc.filename or folder
            why = f"{exc.strerror or exc} ({where})"
            self.call_from_thread(self.notify, f"Could not save it: {why}. Set {paths.ENV_SCREENSHOTS} to a folder that can be written.",
                                  title="Screenshot not saved", severity="error", timeout=10, markup=False)
            return
        self.call_from_thread(self.notify, f"Saved to {path}", title="Screenshot", timeout=8, markup=False)

    def export_screenshot(self, *, title: str | None = None, simplify: bool = False) -> str:
        """Textual's SVG, with Chinese as wide as on the terminal (reader.tui.svg): used by
        the palette's Screenshot, docs/screenshots.py and the snapshot tests alike."""
        from reader.tui.svg import cell_width_svg

        return cell_width_svg(super().export_screenshot(title=title, simplify=simplify))

