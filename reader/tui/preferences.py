"""The App's settings and search modes: a choice made in the settings screen (or a key:
F2 pinyin, F6 synonyms, s sort) taken at once where it can be, and saved to the settings
file in the background; the theme is saved when it changes. The modes are app-wide — the
engine's and the settings' — and the main screen shows them and searches again.

``Preferences`` is mixed into the App (reader.tui.app).
"""

from __future__ import annotations

from textual import work

from reader import settings as user_settings
from reader.printable import printable
from reader.search.sorts import SORTS


class Preferences:
    """Settings and modes, as part of the App (a mixin)."""

    # -- settings -------------------------------------------------------------------------
    def _settings_where(self) -> str:
        return str(self.settings.path) if self.settings.path is not None else "settings"

    def _apply_theme(self) -> None:
        name = self.settings.theme
        if name in self.available_themes:
            self.theme = name
        elif self.settings.is_set("theme"):
            self.settings_warnings.append(
                f"{self._settings_where()}: theme = \"{name}\" is not one of the app's themes "
                f"({', '.join(sorted(self.available_themes)[:6])}, …); using \"{self.theme}\"")
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme) -> None:
        if theme.name != self.settings.theme:
            self.change_setting("theme", theme.name)

    def apply_setting(self, name: str, value) -> bool:
        """A choice made in the settings screen: saved, and applied now where the app can
        (True), else from the next start (False)."""
        applier = getattr(self, f"_apply_{name}", None)
        if name == "theme":
            self.theme = value  # saved by _theme_changed
            return True
        self.change_setting(name, value)
        if applier is None:
            return False
        applier(self.settings.get(name))
        return True

    def live_settings(self) -> set[str]:
        """The settings apply_setting applies at once."""
        return {"theme"} | {n for n in user_settings.KEYS if callable(getattr(self, f"_apply_{n}", None))}

    def _apply_pinyin(self, on: bool) -> None:
        if on != self.pinyin:
            self.action_toggle_pinyin(save=False)

    def _apply_sort(self, sort: str) -> None:
        if sort != self.sort:
            self.sort = sort
            self._show_modes()
            self.main_screen.search_again()

    def _apply_layout(self, layout: str) -> None:
        self.main_screen.set_arrangement(layout)

    def _apply_reading_width(self, width: int) -> None:
        self.main_screen.pane.set_measure(width)

    def _apply_clipboard(self, method: str) -> None:
        self.clipboard_method = method

    def _apply_use_synonyms(self, on: bool) -> None:
        if on != self.use_synonyms:
            self.action_toggle_synonyms(save=False)

    def _apply_fuzzy_pinyin(self, pairs: list[str]) -> None:
        if self.engine is not None:
            self._set_fuzzy(self.engine, tuple(pairs))

    @work(thread=True, exclusive=True, group="fuzzy", description="apply fuzzy pinyin")
    def _set_fuzzy(self, engine, pairs: tuple[str, ...]) -> None:
        """The new pairs' readings, prepared here as at launch: until then letters match as
        typed (the app's engine prepares them in the background, never in a search)."""
        from reader.tui.messages import IndexFailed, PinyinReady

        engine.set_fuzzy_pinyin(pairs)  # under the engine's lock, which a search may hold: off the UI thread
        self.call_from_thread(self._fuzzy_set, engine)
        try:
            engine.prepare_pinyin()
        except Exception as exc:
            self.post_message(IndexFailed(f"pinyin unavailable: {type(exc).__name__}: {exc}"))
            return
        self.post_message(PinyinReady())

    def _fuzzy_set(self, engine) -> None:
        if engine is self.engine and self.pinyin and not engine.pinyin_ready:
            self.main_screen.status.index = "preparing pinyin…"
        self.main_screen.search_again()

    def action_settings(self) -> None:
        from reader.tui.screens.settings import SettingsScreen

        if isinstance(self.screen, SettingsScreen):
            return
        self.push_screen(SettingsScreen(self.settings, sorted(self.available_themes), self.live_settings()))

    def change_setting(self, name: str, value) -> None:
        """Take *value* for setting *name* now and save it to the settings file in the
        background (a failure is shown, the value kept for this session)."""
        self.settings.set(name, value, save=False)
        self._save_setting(name)

    @work(thread=True, group="settings", description="save the settings")
    def _save_setting(self, name: str) -> None:
        try:
            self.settings.save(name)
        except user_settings.SettingsError as exc:
            self.call_from_thread(self.notify, str(exc), title="Settings not saved", severity="error", timeout=10)

    def _migrate_state(self) -> None:
        """Pinyin on/off and sort used to live in the bookmarks database: moved to the
        settings file once (the file's own value wins), then forgotten there."""
        moved = []
        for name in ("pinyin", "sort"):
            old = self.user_data.get_state(name)
            if old is None:
                continue
            value = (old != "off") if name == "pinyin" else old
            if not self.settings.is_set(name) and value in (True, False, *SORTS):
                try:
                    self.settings.set(name, value)
                except user_settings.SettingsError as exc:
                    self.notify(printable(str(exc)), title="Settings not saved", severity="error", timeout=10, markup=False)
                    continue  # kept in the database for the next launch
                if name == "pinyin" and self.pinyin_arg is None:
                    self.pinyin = value
                elif name == "sort":
                    self.sort = value
            moved.append(name)
        if moved:
            self.safe_write(self.user_data.delete_state, *moved)

    # -- modes: pinyin, synonyms, sort ----------------------------------------------------
    def _load_synonyms(self):
        """The shipped synonyms and the user's file (from a worker thread: problems are
        notified, and the shipped list is used)."""
        from reader.search.synonyms import SynonymsError, load

        try:
            found, warnings = load(None, self.settings.file_path("synonyms"), self.settings.path)
        except SynonymsError as exc:
            self.call_from_thread(self.notify, f"{exc}; the shipped list is used", title="Synonyms",
                                  severity="warning", timeout=10, markup=False)
            found, warnings = load()
        if warnings:
            self.call_from_thread(self.notify, "\n".join(warnings[:5]), title="Synonyms", severity="warning",
                                  timeout=10, markup=False)
        return found

    def action_toggle_synonyms(self, save: bool = True) -> None:
        self._toggle_mode("use_synonyms", save, "Synonyms", "A word also finds its synonyms (上外 → 上海外国语大学)",
                          "Synonyms off: a word finds only itself")

    def _toggle_mode(self, name: str, save: bool, title: str, on: str, off: str) -> None:
        """Switch the search mode *name* (an attribute of the app, a setting, and the
        engine's ``set_<name>``), say so, and search again."""
        value = not getattr(self, name)
        setattr(self, name, value)
        if self.engine is not None:
            getattr(self.engine, f"set_{name}")(value)
        if save:
            self.change_setting(name, value)
        self._show_modes()
        self.notify(on if value else off, title=title, timeout=3)
        self.main_screen.search_again()

    def _show_modes(self) -> None:
        self.main_screen.show_modes(self.sort, self.pinyin, self.use_synonyms)

    def action_toggle_pinyin(self, save: bool = True) -> None:
        self._toggle_mode("pinyin", save, "Pinyin", "Letters match Chinese by pinyin too (dxg → 杜小刚)",
                          "Pinyin off: letters match only as typed")

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.change_setting("sort", self.sort)
        self._show_modes()
        self.notify(f"Sorted by {self.sort}" + (" (newest first)" if self.sort == "date" else ""), timeout=2)
        self.main_screen.search_again()
