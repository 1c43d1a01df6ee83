"""The settings screen: opened with "," or from the palette, each change applied at once and
saved to the settings file (comments kept)."""

from __future__ import annotations

from textual.widgets import Input, Select, SelectionList, Switch

from reader import settings
from reader.tui.screens.settings import SettingsScreen
from tui_helpers import make_app, ready, screen_text, settle


def prefs(tmp_path, text: str = "# mine\n"):
    path = tmp_path / "cfg" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return settings.load(path=path)


async def open_settings(pilot):
    app = pilot.app
    app.main_screen.article_list.focus()
    await pilot.press("comma")
    await settle(pilot)
    assert isinstance(app.screen, SettingsScreen)
    return app.screen


async def test_the_screen_shows_every_common_setting_and_the_file(seed_corpus, seed_index, tmp_path):
    s = prefs(tmp_path, 'sort = "date"\nreading_width = 72\n')
    app = make_app(seed_corpus, seed_index, tmp_path / "data", settings=s)
    async with app.run_test(size=(100, 50)) as pilot:
        await ready(pilot)
        await open_settings(pilot)
        text = screen_text(app)
        for label in ("Theme", "Pinyin matching", "Sort results by", "Layout", "Reading width",
                      "Copy quotes with", "Citation style", "Fuzzy pinyin", "Use synonyms"):
            assert label in text, label
        assert "date (newest first)" in text and "72" in text and str(s.path) in text
        assert "Pinyin matching" in text and " on " in text.replace("\n", " ")


async def test_changes_apply_at_once_and_are_saved(seed_corpus, seed_index, tmp_path):
    s = prefs(tmp_path)
    app = make_app(seed_corpus, seed_index, tmp_path / "data", settings=s)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.main_screen.open(app.main_screen.article_list.articles[0], focus=False)
        screen = await open_settings(pilot)
        screen.query_one("#set-sort", Select).value = "page"
        screen.query_one("#set-layout", Select).value = "stacked"
        screen.query_one("#set-clipboard", Select).value = "file"
        screen.query_one("#set-theme", Select).value = "nord"
        switch = screen.query_one("#set-pinyin", Switch)
        switch.value = False
        await settle(pilot)
        assert "off" in screen_text(app)
        width = screen.query_one("#set-reading_width", Input)
        width.focus()
        width.value = ""
        await pilot.press("6", "4")
        fuzzy = screen.query_one("#set-fuzzy_pinyin", SelectionList)
        fuzzy.select("z=zh")
        fuzzy.select("n=l")
        await settle(pilot)
        # applied at once
        assert app.sort == "page" and "sort: page" in app.main_screen.status.mode
        assert app.main_screen.arrangement == "stacked" and app.clipboard_method == "file"
        assert app.theme == "nord" and app.pinyin is False and app.engine.pinyin is False
        assert app.main_screen.pane.measure == 64
        assert set(app.engine.fuzzy_pinyin) == {"z=zh", "n=l"}
        screen.query_one("#set-use_synonyms", Switch).value = False
        await settle(pilot)
        assert app.use_synonyms is False and app.engine.use_synonyms is False
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SettingsScreen)
        assert app.main_screen.pane.region.x == app.main_screen.article_list.region.x  # stacked
    again = settings.load(path=s.path)
    assert again.warnings == []
    assert (again.sort, again.layout, again.clipboard, again.theme) == ("page", "stacked", "file", "nord")
    assert again.pinyin is False and again.reading_width == 64 and again.fuzzy_pinyin == ["z=zh", "n=l"]
    assert again.use_synonyms is False
    assert s.path.read_text("utf-8").startswith("# mine\n")


async def test_a_half_typed_or_bad_width_is_not_applied(seed_corpus, seed_index, tmp_path):
    s = prefs(tmp_path)
    app = make_app(seed_corpus, seed_index, tmp_path / "data", settings=s)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await open_settings(pilot)
        width = screen.query_one("#set-reading_width", Input)
        width.focus()
        width.value = ""
        await pilot.press("5")  # on the way to 50: not a width yet
        await settle(pilot)
        assert app.main_screen.pane.measure == 0 and width.has_class("-invalid")
        await pilot.press("0")
        await settle(pilot)
        assert app.main_screen.pane.measure == 50 and not width.has_class("-invalid")
        await pilot.press("0", "0", "0")  # 500 is a width; 50000 is too wide
        await pilot.press("enter")
        await settle(pilot)
        assert app.main_screen.pane.measure == 500 and width.has_class("-invalid")
        assert any("Reading width" in n.message for n in app._notifications)
        assert app.is_running
    assert settings.load(path=s.path).reading_width == 500


async def test_the_palette_opens_the_settings(seed_corpus, seed_index, tmp_path):
    app = make_app(seed_corpus, seed_index, tmp_path / "data", settings=prefs(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        commands = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Settings", "Full-screen reading", "Layout: stacked"} <= commands
        await pilot.press("ctrl+p")
        await settle(pilot)
        for ch in "Settings":
            await pilot.press(ch)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)


async def test_a_file_that_cannot_be_written_is_told_and_the_choice_kept(seed_corpus, seed_index, tmp_path):
    s = prefs(tmp_path, 'sort = "date\n')  # not TOML: never overwritten
    app = make_app(seed_corpus, seed_index, tmp_path / "data", settings=s)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        screen = await open_settings(pilot)
        screen.query_one("#set-layout", Select).value = "side"
        await settle(pilot)
        assert app.main_screen.arrangement == "side"
        assert any("not saved" in n.message for n in app._notifications)
    assert s.path.read_text("utf-8") == 'sort = "date\n'
