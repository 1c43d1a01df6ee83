"""Finding and reading the settings file: :func:`config_path` (``--config FILE``, else
``$READER_CONFIG``, else the user config folder), :class:`Settings` — the values of one file,
defaults where it has none or a bad one — and :func:`load`, which never fails for what the
file says: each problem is one warning line naming the key and the file."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from reader import paths
from reader.settings.schema import KEYS, KEYS_TABLE, normalize_keys, normalize_pair
from reader.settings.writing import SAVING, one_line, where_of, write_key

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

ENV_CONFIG = "READER_CONFIG"
FILE_NAME = "config.toml"


def config_path(flag: str | os.PathLike | None = None) -> Path:
    """The settings file: *flag* (``--config``), else ``$READER_CONFIG``, else
    ``config.toml`` in the user config folder."""
    if flag or os.environ.get(ENV_CONFIG):
        return Path(flag or os.environ[ENV_CONFIG]).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(paths.APP, appauthor=False)) / FILE_NAME


class Settings:
    """The values of one settings file (defaults where it has none or a bad one)."""

    def __init__(self, path: Path | None, values: dict[str, Any] | None = None,
                 keys: dict[str, str] | None = None, warnings: list[str] | None = None,
                 explicit: set[str] | None = None) -> None:
        self.path = path  # None: in memory only (tests, or no file wanted); set() saves nothing
        self.values: dict[str, Any] = {name: _copy(k.default) for name, k in KEYS.items()}
        self.values.update(values or {})
        self.keys: dict[str, str] = dict(keys or {})  # binding id -> "key,key"
        self.warnings: list[str] = list(warnings or [])
        self.explicit: set[str] = set(explicit or ())  # keys the file sets (valid or not)

    @classmethod
    def defaults(cls) -> "Settings":
        return cls(None)

    def __getattr__(self, name: str) -> Any:
        values = self.__dict__.get("values")
        if values is not None and name in values:
            return _copy(values[name])
        raise AttributeError(name)

    def get(self, name: str) -> Any:
        if name not in KEYS:
            raise KeyError(f"no setting {name!r}")
        return _copy(self.values[name])

    def __getitem__(self, name: str) -> Any:
        return self.get(name)

    def is_set(self, name: str) -> bool:
        """Whether the file itself gives *name* (rather than the default)."""
        return name in self.explicit

    def file_path(self, name: str) -> Path | None:
        """A path setting (synonyms, custom_words) as a path: ``~`` expanded, relative to the
        settings file's folder; None when empty."""
        value = self.get(name)
        if not value:
            return None
        p = Path(value).expanduser()
        if not p.is_absolute() and self.path is not None:
            p = self.path.parent / p
        return p

    # -- writing ------------------------------------------------------------------------
    def set(self, name: str, value: Any, save: bool = True) -> Any:
        """Change *name* to *value* (checked; ValueError names the problem) here and, with
        *save*, in the file. Raises SettingsError if the file cannot be written; the value is
        then kept for this session only."""
        if name not in KEYS:
            raise KeyError(f"no setting {name!r}")
        try:
            value = KEYS[name].check(value)
        except ValueError as exc:
            raise ValueError(f"{name} {exc}") from None
        self.values[name] = _copy(value)
        self.explicit.add(name)
        if save:
            self.save(name)
        return value

    def save(self, name: str) -> None:
        """Write the current value of *name* to the file (e.g. from a thread, after
        ``set(…, save=False)``: whichever save runs last writes the latest value)."""
        if self.path is None:
            return
        with SAVING:
            if name == KEYS_TABLE:
                raise KeyError("save [keys] entries with set_keys()")
            write_key(self.path, [name], self.get(name))

    def set_keys(self, binding_id: str, keys: str | list[str] | None) -> None:
        """Remap *binding_id* to *keys* (None: back to the app's own keys)."""
        if keys is None:
            self.keys.pop(binding_id, None)
        else:
            self.keys[binding_id] = normalize_keys(keys)
        if self.path is not None:
            with SAVING:
                write_key(self.path, [KEYS_TABLE, binding_id], self.keys.get(binding_id))

    def as_dict(self) -> dict[str, Any]:
        out = {name: _copy(v) for name, v in self.values.items()}
        out[KEYS_TABLE] = dict(self.keys)
        return out


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def load(flag: str | os.PathLike | None = None, path: Path | None = None) -> Settings:
    """The settings of *path* (default: ``config_path(flag)``). Never raises for the file's
    content: problems become ``Settings.warnings``, one line each."""
    path = Path(path) if path is not None else config_path(flag)
    where = where_of(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(path)
    except IsADirectoryError:
        return Settings(path, warnings=[f"{where}: is a folder, not a settings file; using the defaults"])
    except OSError as exc:
        return Settings(path, warnings=[f"{where}: cannot be read ({exc.strerror or exc}); using the defaults"])
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return Settings(path, warnings=[f"{where}: not UTF-8 text (byte {exc.start}); using the defaults"])
    except tomllib.TOMLDecodeError as exc:
        return Settings(path, warnings=[f"{where}: not valid TOML ({one_line(exc)}); using the defaults"])
    return _from_data(path, data)


def _from_data(path: Path, data: dict[str, Any]) -> Settings:
    where = where_of(path)
    values: dict[str, Any] = {}
    keys: dict[str, str] = {}
    warnings: list[str] = []
    explicit: set[str] = set()
    for name, value in data.items():
        if name == KEYS_TABLE:
            explicit.add(name)
            if not isinstance(value, dict):
                warnings.append(f"{where}: [keys] must be a table of binding id = keys; ignored")
                continue
            for binding, spec in value.items():
                try:
                    keys[binding] = normalize_keys(spec)
                except ValueError as exc:
                    warnings.append(f"{where}: keys.{binding} {exc}; using the app's own keys")
            continue
        key = KEYS.get(name)
        if key is None:
            hint = _did_you_mean(name)
            warnings.append(f"{where}: unknown setting {name!r}{hint}; ignored")
            continue
        explicit.add(name)
        if key.name == "fuzzy_pinyin" and isinstance(value, list):
            good: list[str] = []
            for item in value:  # a bad pair is dropped, the good ones kept
                try:
                    pair = normalize_pair(item)
                except ValueError as exc:
                    warnings.append(f"{where}: fuzzy_pinyin: {exc}; that pair is ignored")
                    continue
                if pair not in good:
                    good.append(pair)
            values[name] = good
            continue
        try:
            values[name] = key.check(value)
        except ValueError as exc:
            warnings.append(f"{where}: {name} = {_shown(value)} {exc}; using the default {_shown(key.default)}")
    return Settings(path, values, keys, warnings, explicit)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _did_you_mean(name: str) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(KEYS) + [KEYS_TABLE], n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
