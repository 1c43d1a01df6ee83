"""The settings file through the installed reader script, on an empty home: found in the XDG
config folder, a bad value told on screen, a remapped key working, full-screen reading at
80×24, and a choice made in the app written back with the user's comments."""

from __future__ import annotations

from e2e_support import FIRST_TITLE, footer, search_ready


def test_settings_file_keys_and_full_screen_at_80x24(launch, home):
    config = home.root / "config" / "reader" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('# my settings\nlayout = "grid"\n\n[keys]\n"app.full_screen" = "v"\n', "utf-8")
    term = launch(size=(80, 24))
    screen = term.wait_for(search_ready)
    screen = term.wait_for("grid")  # the bad value is told…
    assert "layout" in screen
    term.send("enter")  # …and the app works: to the list
    term.wait_for(lambda s: "Open" in footer(s))
    term.send("v")  # the remapped key: the article under the cursor, full-screen
    screen = term.wait_for(lambda s: s.splitlines()[0].strip().startswith(FIRST_TITLE))
    lines = screen.splitlines()
    text_rows = [ln for ln in lines[:-1] if ln.strip()]
    assert len(lines) == 24 and len(text_rows) >= 18, screen
    assert "搜索 Search" not in screen
    term.send("v")
    term.wait_for("搜索 Search")
    term.send("s")  # sort, chosen in the app: saved to the file
    term.wait_for("sort: page")
    term.send("q")
    assert term.wait_exit() == 0
    text = config.read_text("utf-8")
    assert text.startswith("# my settings\n") and 'sort = "page"' in text and '"app.full_screen" = "v"' in text
