"""The settings file: defaults, checks, warnings, and writing choices back."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader import settings
from reader.settings import KEYS, Settings, SettingsError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), "utf-8")
    return path


def test_no_file_gives_every_default(tmp_path):
    s = settings.load(path=tmp_path / "none.toml")
    assert s.warnings == []
    assert s.theme == "textual-dark"
    assert s.pinyin is True and s.fuzzy_pinyin == [] and s.sort == "relevance"
    assert s.citation == "reader" and s.synonyms == "" and s.use_synonyms is True
    assert s.custom_words == "" and s.reading_width == 0 and s.layout == "auto"
    assert s.clipboard == "auto" and s.follow_links is False and s.keys == {}
    assert set(s.as_dict()) == set(KEYS) | {"keys"}
    assert not (tmp_path / "none.toml").exists()  # reading never creates the file


def test_path_from_flag_env_and_default(tmp_path, monkeypatch):
    monkeypatch.setenv("READER_CONFIG", str(tmp_path / "env.toml"))
    assert settings.config_path() == tmp_path / "env.toml"
    assert settings.config_path(str(tmp_path / "flag.toml")) == tmp_path / "flag.toml"
    monkeypatch.delenv("READER_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert settings.config_path() == tmp_path / "xdg" / "reader" / "config.toml"


def test_values_are_read(tmp_path):
    p = write(tmp_path / "c.toml", """
        theme = "nord"
        pinyin = false
        fuzzy_pinyin = ["z=zh", "L=N", "ing=in"]
        sort = "date"
        citation = "gbt7714"
        synonyms = "~/syn.txt"
        use_synonyms = false
        custom_words = "words.txt"
        reading_width = 72
        layout = "stacked"
        clipboard = "osc52"
        follow_links = true
        [keys]
        "app.quit" = "ctrl+q"
        "list.down" = ["j", " down"]
    """)
    s = settings.load(path=p)
    assert s.warnings == []
    assert (s.theme, s.pinyin, s.sort, s.citation) == ("nord", False, "date", "gbt7714")
    assert s.fuzzy_pinyin == ["z=zh", "n=l", "in=ing"]  # either order, any case
    assert s.file_path("synonyms") == Path("~/syn.txt").expanduser()
    assert s.file_path("custom_words") == tmp_path / "words.txt"  # beside the settings file
    assert s.file_path("synonyms") is not None and s.get("use_synonyms") is False
    assert (s.reading_width, s.layout, s.clipboard, s.follow_links) == (72, "stacked", "osc52", True)
    assert s.keys == {"app.quit": "ctrl+q", "list.down": "j,down"}
    assert s.is_set("sort") and not settings.load(path=tmp_path / "x.toml").is_set("sort")


@pytest.mark.parametrize("line, key, default", [
    ('theme = 3', "theme", "textual-dark"),
    ('theme = ""', "theme", "textual-dark"),
    ('pinyin = "yes"', "pinyin", True),
    ('pinyin = 1', "pinyin", True),
    ('fuzzy_pinyin = "z=zh"', "fuzzy_pinyin", []),
    ('sort = "newest"', "sort", "relevance"),
    ('citation = "apa"', "citation", "reader"),
    ('synonyms = 5', "synonyms", ""),
    ('use_synonyms = "no"', "use_synonyms", True),
    ('custom_words = ["a"]', "custom_words", ""),
    ('reading_width = -4', "reading_width", 0),
    ('reading_width = 5', "reading_width", 0),
    ('reading_width = 72.5', "reading_width", 0),
    ('reading_width = true', "reading_width", 0),
    ('reading_width = 100000', "reading_width", 0),
    ('layout = "grid"', "layout", "auto"),
    ('clipboard = "pigeon"', "clipboard", "auto"),
    ('follow_links = "true"', "follow_links", False),
])
def test_a_bad_value_is_one_warning_naming_key_and_file_and_the_default_is_used(tmp_path, line, key, default):
    other = ("citation", "gbt7714") if key == "sort" else ("sort", "page")
    p = write(tmp_path / "c.toml", f'{other[0]} = "{other[1]}"\n{line}\n')
    s = settings.load(path=p)
    assert len(s.warnings) == 1, s.warnings
    warning = s.warnings[0]
    assert "\n" not in warning and str(p) in warning and key in warning
    assert s.get(key) == default
    assert s.get(other[0]) == other[1]  # the good values beside it are kept


def test_a_bad_fuzzy_pair_is_dropped_and_the_others_kept(tmp_path):
    p = write(tmp_path / "c.toml", 'fuzzy_pinyin = ["z=zh", "q=x", 7, "zh=z"]\n')
    s = settings.load(path=p)
    assert s.fuzzy_pinyin == ["z=zh"]
    assert len(s.warnings) == 2 and all("fuzzy_pinyin" in w and str(p) in w for w in s.warnings)


def test_unknown_settings_and_bad_keys_are_warned(tmp_path):
    p = write(tmp_path / "c.toml", """
        sortt = "date"
        [keys]
        "app.quit" = ""
        "app.help" = 3
        "app.search" = "ctrl+f"
    """)
    s = settings.load(path=p)
    assert any("sortt" in w and "did you mean 'sort'" in w for w in s.warnings)
    assert any("keys.app.quit" in w for w in s.warnings)
    assert any("keys.app.help" in w for w in s.warnings)
    assert s.keys == {"app.search": "ctrl+f"} and s.sort == "relevance"
    assert all(str(p) in w and "\n" not in w for w in s.warnings)


def test_keys_must_be_a_table(tmp_path):
    s = settings.load(path=write(tmp_path / "c.toml", 'keys = "ctrl+q"\n'))
    assert s.keys == {} and len(s.warnings) == 1 and "[keys]" in s.warnings[0]


@pytest.mark.parametrize("content, says", [
    (b'sort = "date\n', "not valid TOML"),
    (b"[[[\n", "not valid TOML"),
    (b'sort = "date"\nsort = "page"\n', "not valid TOML"),
    (b'theme = "\xff\xfe"\n', "not UTF-8"),
    (b"\x00\x01\x02binary", "not valid TOML"),
])
def test_a_bad_file_is_one_warning_and_every_default(tmp_path, content, says):
    p = tmp_path / "c.toml"
    p.write_bytes(content)
    s = settings.load(path=p)
    assert len(s.warnings) == 1 and says in s.warnings[0] and str(p) in s.warnings[0]
    assert "\n" not in s.warnings[0]
    assert s.as_dict() == Settings.defaults().as_dict()


def test_a_folder_or_unreadable_file_is_a_warning(tmp_path):
    (tmp_path / "dir.toml").mkdir()
    s = settings.load(path=tmp_path / "dir.toml")
    assert len(s.warnings) == 1 and "folder" in s.warnings[0]
    if os.geteuid() != 0:
        p = write(tmp_path / "locked.toml", 'sort = "date"\n')
        p.chmod(0)
        s = settings.load(path=p)
        assert len(s.warnings) == 1 and "cannot be read" in s.warnings[0]


def test_a_bad_file_is_never_overwritten(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text('sort = "date\n# my notes\n', "utf-8")
    s = settings.load(path=p)
    with pytest.raises(SettingsError, match="not saved"):
        s.set("sort", "page")
    assert s.sort == "page"  # kept for this session
    assert p.read_text("utf-8") == 'sort = "date\n# my notes\n'


def test_set_checks_the_value(tmp_path):
    s = settings.load(path=tmp_path / "c.toml")
    with pytest.raises(ValueError, match="sort"):
        s.set("sort", "sideways")
    with pytest.raises(KeyError):
        s.set("no_such", 1)
    assert not (tmp_path / "c.toml").exists()


def test_round_trip_keeps_comments_order_and_other_keys(tmp_path):
    original = textwrap.dedent("""\
        # My reader settings — hand-written.
        layout = "side"   # wide terminal at work

        # sorting: I like dates
        sort = "date"
        theme = "nord"

        [keys]
        # vim habits
        "list.down" = "j"
    """)
    p = tmp_path / "c.toml"
    p.write_text(original, "utf-8")
    s = settings.load(path=p)
    s.set("sort", "page")
    s.set("pinyin", False)
    s.set_keys("app.quit", "ctrl+q")
    text = p.read_text("utf-8")
    assert "# My reader settings — hand-written." in text
    assert 'layout = "side"   # wide terminal at work' in text
    assert "# sorting: I like dates" in text and "# vim habits" in text
    assert text.index("layout") < text.index("sort") < text.index("theme") < text.index("[keys]")
    assert 'sort = "page"' in text and 'sort = "date"' not in text
    again = settings.load(path=p)
    assert again.warnings == []
    assert (again.sort, again.pinyin, again.layout, again.theme) == ("page", False, "side", "nord")
    assert again.keys == {"list.down": "j", "app.quit": "ctrl+q"}
    again.set_keys("app.quit", None)  # back to the app's own key
    assert settings.load(path=p).keys == {"list.down": "j"}


def test_a_saved_choice_stays_out_of_a_keys_table_uncommented_later(tmp_path):
    # the app writes sort and theme into a fresh file; the user then uncomments the template's
    # [keys] and adds a binding: the choices must still be top-level settings, not key bindings
    p = tmp_path / "c.toml"
    s = settings.load(path=p)
    s.set("sort", "date")
    s.set("theme", "nord")
    text = p.read_text("utf-8")
    assert 'sort = "date"' in text and "# sort = " not in text  # on its commented default's line
    assert max(text.index('sort = "date"'), text.index('theme = "nord"')) < text.index("\n# [keys]\n")
    p.write_text(text.replace("\n# [keys]\n", "\n[keys]\n") + '"pane.next_match" = ["n", "x"]\n', "utf-8")
    again = settings.load(path=p)
    assert again.warnings == []
    assert (again.sort, again.theme) == ("date", "nord")
    assert again.keys == {"pane.next_match": "n,x"}


def test_a_new_choice_goes_before_the_first_table(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text('# mine\nlayout = "side"\n\n# my keys\n[keys]\n"list.down" = "j"\n', "utf-8")
    settings.load(path=p).set("sort", "page")
    text = p.read_text("utf-8")
    assert text.index('sort = "page"') < text.index("# my keys") < text.index("[keys]")
    again = settings.load(path=p)
    assert again.warnings == [] and again.sort == "page" and again.keys == {"list.down": "j"}


def test_first_write_creates_a_private_folder_and_a_documented_file(tmp_path):
    p = tmp_path / "cfg" / "reader" / "config.toml"
    s = settings.load(path=p)
    s.set("theme", "gruvbox")
    assert stat.S_IMODE(p.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(p.stat().st_mode) == 0o600
    text = p.read_text("utf-8")
    for name in KEYS:  # every other key documented, commented out at its default
        assert (f"# {name} = " in text) == (name != "theme"), name
    assert 'theme = "gruvbox"' in text  # the choice in its default's place
    assert settings.load(path=p).theme == "gruvbox"
    assert settings.load(path=p).warnings == []
    assert [f.name for f in p.parent.iterdir() if ".tmp-" in f.name] == []


def test_an_existing_folder_keeps_its_mode(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    settings.load(path=folder / "c.toml").set("sort", "page")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755


def test_a_symlinked_settings_file_stays_a_link(tmp_path):
    real = write(tmp_path / "dotfiles" / "reader.toml", "# mine\n")
    link = tmp_path / "cfg" / "config.toml"
    link.parent.mkdir()
    link.symlink_to(real)
    settings.load(path=link).set("sort", "date")
    assert link.is_symlink() and 'sort = "date"' in real.read_text("utf-8") and "# mine" in real.read_text("utf-8")


def test_an_unwritable_place_is_a_settings_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    s = settings.load(path=blocker / "c.toml")
    with pytest.raises(SettingsError, match="not saved"):
        s.set("sort", "date")
    assert s.sort == "date"


def test_a_second_instance_keeps_the_first_ones_choice(tmp_path):
    p = tmp_path / "c.toml"
    a, b = settings.load(path=p), settings.load(path=p)
    a.set("sort", "date")
    b.set("theme", "nord")  # b never saw a's sort: it must not write its stale default back
    s = settings.load(path=p)
    assert (s.sort, s.theme) == ("date", "nord")


WRITER = """
import sys
from reader import settings
path, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = settings.load(path=__import__("pathlib").Path(path))
values = {"sort": ["page", "date"], "layout": ["side", "stacked"], "citation": ["gbt7714", "reader"],
          "reading_width": [60, 80]}[name]
for i in range(n):
    s.set(name, values[i % 2])
    s.set_keys("app." + name, "ctrl+" + str(i % 10))
print("ok")
"""


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    p = tmp_path / "c.toml"
    p.write_text("# shared by two instances\n", "utf-8")
    n = 25
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(p), name, str(n)], stdout=subprocess.PIPE, text=True)
        for name in ("sort", "layout", "citation", "reading_width")
    ]
    for proc in procs:
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0 and out.strip() == "ok"
    s = settings.load(path=p)
    assert s.warnings == []
    # each process's last choice survived the others' writes
    assert (s.sort, s.layout, s.citation, s.reading_width) == ("page", "side", "gbt7714", 60)
    assert s.keys == {f"app.{k}": f"ctrl+{(n - 1) % 10}" for k in ("sort", "layout", "citation", "reading_width")}
    assert p.read_text("utf-8").startswith("# shared by two instances\n")
