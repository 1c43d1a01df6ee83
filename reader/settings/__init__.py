"""The user's settings: one TOML file in the user config folder.

``load()`` reads it (``--config FILE`` or ``READER_CONFIG`` override the place). Every key has a
default and a check; a bad value, an unknown key or a file that is not TOML is one warning line
naming the key and the file, and the default is used — reading never fails. ``Settings.set()``
writes one changed choice back: under a lock it re-reads the file, changes only that key (the
user's comments, order and other keys kept, through tomlkit's round trip) and replaces the file
atomically, so two instances never lose each other's choices.

Core package: never imports Textual. Other modules read values as attributes
(``settings.sort``) or with ``settings.get("sort")``, and import everything from here:

- :mod:`reader.settings.schema` — the table of keys (name, default, check, help) and the
  checks of ``[keys]`` bindings: a new setting is one row there;
- :mod:`reader.settings.reading` — where the file is, :class:`Settings` and :func:`load`;
- :mod:`reader.settings.writing` — writing one choice back, and a new file's template.
"""

from reader.settings.reading import ENV_CONFIG, FILE_NAME, Settings, config_path, load
from reader.settings.schema import (CITATIONS, CLIPBOARDS, FUZZY_PAIRS, KEYS, KEYS_TABLE, LAYOUTS,
                                    READING_WIDTH_MAX, READING_WIDTH_MIN, SORTS, Key, normalize_keys,
                                    normalize_pair)
from reader.settings.writing import SettingsError, ensure_private_dir, template

__all__ = [
    "CITATIONS", "CLIPBOARDS", "ENV_CONFIG", "FILE_NAME", "FUZZY_PAIRS", "KEYS", "KEYS_TABLE", "LAYOUTS",
    "READING_WIDTH_MAX", "READING_WIDTH_MIN", "SORTS", "Key", "Settings", "SettingsError", "config_path",
    "ensure_private_dir", "load", "normalize_keys", "normalize_pair", "template",
]
