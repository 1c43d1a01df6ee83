"""The user's settings: one TOML file in the user config folder.

``load()`` reads it (``--config FILE`` or ``READER_CONFIG`` override the place). Every key has a
default and a check; a bad value, an unknown key or a file that is not TOML is one warning line
naming the key and the file, and the default is used — reading never fails. ``Settings.set()``
writes one changed choice back: under a lock it re-reads the file, changes only that key (the
user's comments, order and other keys kept, through tomlkit's round trip) and replaces the file
atomically, so two instances never lose each other's choices.

Core module: never imports Textual. Other modules read values as attributes
(``settings.sort``) or with ``settings.get("sort")``.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from reader import paths

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

ENV_CONFIG = "READER_CONFIG"
FILE_NAME = "config.toml"

SORTS = ("relevance", "page", "date")
CITATIONS = ("reader", "gbt7714")
LAYOUTS = ("auto", "side", "stacked", "list", "pane")
CLIPBOARDS = ("auto", "osc52", "command", "file")
FUZZY_PAIRS = ("z=zh", "c=ch", "s=sh", "n=l", "an=ang", "en=eng", "in=ing")
READING_WIDTH_MIN, READING_WIDTH_MAX = 20, 1000


_SAVING = threading.Lock()  # one save at a time within this process, besides the file lock between processes


class SettingsError(Exception):
    """A choice that could not be saved (the message says why, naming the file)."""


def config_path(flag: str | os.PathLike | None = None) -> Path:
    """The settings file: *flag* (``--config``), else ``$READER_CONFIG``, else
    ``config.toml`` in the user config folder."""
    if flag or os.environ.get(ENV_CONFIG):
        return Path(flag or os.environ[ENV_CONFIG]).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(paths.APP, appauthor=False)) / FILE_NAME


# -- the keys ------------------------------------------------------------------------------
def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("must be true or false")


def _choice(*choices: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if isinstance(value, str) and value in choices:
            return value
        raise ValueError("must be one of " + ", ".join(f'"{c}"' for c in choices))

    return check


def _string(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise ValueError("must be a string")


def _theme(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise ValueError("must be the name of a theme")


def _path(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError('must be a file path as a string ("" for none)')
    if "\x00" in value:
        raise ValueError("must not contain a NUL character")
    return value


def _reading_width(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole number of terminal cells (0 = the full width)")
    if value != 0 and not READING_WIDTH_MIN <= value <= READING_WIDTH_MAX:
        raise ValueError(f"must be 0 (the full width) or {READING_WIDTH_MIN}–{READING_WIDTH_MAX} cells")
    return value


def normalize_pair(item: Any) -> str:
    """``"zh=z"``, ``" z = zh "`` → ``"z=zh"``; ValueError for a pair not offered."""
    if not isinstance(item, str) or "=" not in item:
        raise ValueError(f"{item!r} is not a pair like \"z=zh\"")
    a, b = (p.strip().lower() for p in item.split("=", 1))
    for pair in (f"{a}={b}", f"{b}={a}"):
        if pair in FUZZY_PAIRS:
            return pair
    raise ValueError(f"{item!r} is not one of " + ", ".join(FUZZY_PAIRS))


def _fuzzy(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValueError('must be a list of pairs like ["z=zh", "n=l"]')
    out: list[str] = []
    for item in value:
        pair = normalize_pair(item)
        if pair not in out:
            out.append(pair)
    return out


@dataclass(frozen=True)
class Key:
    name: str
    default: Any
    check: Callable[[Any], Any]
    doc: str
    choices: tuple[str, ...] = ()


KEYS: dict[str, Key] = {k.name: k for k in (
    Key("theme", "textual-dark", _theme,
        "colour theme (any theme of the app's palette, e.g. textual-dark, textual-light, nord, gruvbox)"),
    Key("pinyin", True, _bool, "letters also match Chinese by pinyin (dxg finds 杜小刚); F2 in the app"),
    Key("fuzzy_pinyin", [], _fuzzy,
        "pinyin sounds taken as the same: any of " + ", ".join(f'"{p}"' for p in FUZZY_PAIRS)),
    Key("sort", "relevance", _choice(*SORTS), "order of the results; s in the app", SORTS),
    Key("citation", "reader", _choice(*CITATIONS),
        'citation style of copied quotes: "reader" or "gbt7714" (GB/T 7714)', CITATIONS),
    Key("synonyms", "", _path, 'a synonyms file to widen searches ("" for none)'),
    Key("use_synonyms", True, _bool, "searches also find the synonyms of their words"),
    Key("custom_words", "", _path, 'a file of extra words for the word splitter ("" for none)'),
    Key("reading_width", 0, _reading_width,
        f"measure of the reading pane in cells, text centred (0 = the full width; else {READING_WIDTH_MIN}–{READING_WIDTH_MAX})"),
    Key("layout", "auto", _choice(*LAYOUTS),
        'list and reading pane: "auto" (by terminal size), "side", "stacked", "list" or "pane" alone', LAYOUTS),
    Key("clipboard", "auto", _choice(*CLIPBOARDS),
        'how quotes are copied: "auto", "osc52" (terminal), "command" (wl-copy, xclip, pbcopy…) or "file"',
        CLIPBOARDS),
    Key("follow_links", False, _bool, "read page files through symbolic links that point outside the corpus folder"),
)}

KEYS_TABLE = "keys"


def normalize_keys(value: Any) -> str:
    """A ``[keys]`` value — ``"ctrl+q"``, ``"j,down"`` or ``["j", "down"]`` — as Textual's
    comma-separated form; ValueError if it is not one."""
    if isinstance(value, str):
        parts = value.split(",")
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        parts = value
    else:
        raise ValueError('must be a key or keys, e.g. "ctrl+q" or ["j", "down"]')
    keys = [p.strip() for p in parts]
    if not keys or any(not k or any(ch.isspace() for ch in k) for k in keys):
        raise ValueError('must be key names separated by commas, e.g. "j,down"')
    return ",".join(keys)


# -- reading -------------------------------------------------------------------------------
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
        with _SAVING:
            if name == KEYS_TABLE:
                raise KeyError("save [keys] entries with set_keys()")
            _write_key(self.path, [name], self.get(name))

    def set_keys(self, binding_id: str, keys: str | list[str] | None) -> None:
        """Remap *binding_id* to *keys* (None: back to the app's own keys)."""
        if keys is None:
            self.keys.pop(binding_id, None)
        else:
            self.keys[binding_id] = normalize_keys(keys)
        if self.path is not None:
            with _SAVING:
                _write_key(self.path, [KEYS_TABLE, binding_id], self.keys.get(binding_id))

    def as_dict(self) -> dict[str, Any]:
        out = {name: _copy(v) for name, v in self.values.items()}
        out[KEYS_TABLE] = dict(self.keys)
        return out


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _where(path: Path) -> str:
    return str(path)


def load(flag: str | os.PathLike | None = None, path: Path | None = None) -> Settings:
    """The settings of *path* (default: ``config_path(flag)``). Never raises for the file's
    content: problems become ``Settings.warnings``, one line each."""
    path = Path(path) if path is not None else config_path(flag)
    where = _where(path)
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
        return Settings(path, warnings=[f"{where}: not valid TOML ({_one_line(exc)}); using the defaults"])
    return _from_data(path, data)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def _from_data(path: Path, data: dict[str, Any]) -> Settings:
    where = _where(path)
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


# -- writing -------------------------------------------------------------------------------
def template() -> str:
    """The text of a new settings file: every key, commented out at its default."""
    import tomlkit

    lines = [
        "# reader settings. Every setting is shown at its default, commented out: remove the",
        "# leading # to change one. The app writes the choices made in it (theme, pinyin,",
        "# sort, …) here itself, keeping the comments.",
        "",
    ]
    for key in KEYS.values():
        lines.append(f"# {key.doc}")
        lines.append(f"# {key.name} = {tomlkit.item(key.default).as_string()}")
        lines.append("")
    lines += [
        "# [keys] gives actions other keys: binding id = key(s); `reader keys` lists the ids.",
        '# [keys]',
        '# "app.quit" = "ctrl+q"',
        '# "list.down" = ["j", "down"]',
        "",
    ]
    return "\n".join(lines)


def ensure_private_dir(folder: Path) -> None:
    """Create *folder* (and missing parents) readable by the user only; an existing folder is
    left as it is."""
    helper = getattr(paths, "private_mkdir", None)  # missing folders 0700; existing ones left as they are
    if callable(helper):
        helper(folder)
        return
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock beside *path* (``<name>.lock``), held by one process at a time."""
    lock = path.with_name(path.name + ".lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if os.name == "nt":  # pragma: no cover
            import msvcrt

            deadline = time.monotonic() + 10
            while True:
                try:
                    msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _write_key(path: Path, dotted: list[str], value: Any) -> None:
    """Set (or, for None, remove) one key in the file at *path*: re-read under the lock, change
    only that key, replace atomically. SettingsError if it cannot be done."""
    import tomlkit

    where = _where(path)
    try:
        ensure_private_dir(path.parent)
        with _locked(path):
            try:
                text = path.read_bytes().decode("utf-8")
            except FileNotFoundError:
                text = template()
            except UnicodeDecodeError:
                raise SettingsError(f"{where}: not UTF-8 text; the choice was not saved (fix or remove the file)") from None
            try:
                doc = tomlkit.parse(text)
            except Exception as exc:  # tomlkit's ParseError and friends
                raise SettingsError(
                    f"{where}: not valid TOML ({_one_line(exc)}); the choice was not saved (fix or remove the file)"
                ) from None
            placed = _placed_top_level(text, dotted, value)
            if placed is not None:
                doc = placed
            else:
                _set_in(doc, dotted, value)
            out = tomlkit.dumps(doc)
            if not out.endswith("\n"):
                out += "\n"
            _replace(path, out.encode("utf-8"))
    except OSError as exc:
        raise SettingsError(f"{where}: cannot be written ({exc.strerror or exc}); the choice was not saved") from None


_TABLE_HEADER = re.compile(r"^\s*\[")  # a table starts: what follows belongs to it
_ANY_HEADER = re.compile(r"^\s*#?\s*\[")  # a table, or one commented out (the template's `# [keys]`)


def _placed_top_level(text: str, dotted: list[str], value: Any):
    """The document with a top-level key that the file does not set yet written where it reads
    right, or None to let tomlkit place it: on its commented-out default (``# sort = …``) when
    that comes before the first table, else before the first table or commented-out table and
    the comments that introduce it. Appended at the end, a key would land under a ``# [keys]``
    that the user later uncomments — and silently become a key binding."""
    import tomlkit

    if value is None or len(dotted) != 1:
        return None
    name = dotted[0]
    try:
        if name in tomlkit.parse(text):
            return None  # set already: tomlkit changes it in place
        line = f"{name} = {tomlkit.item(value).as_string()}\n"
    except Exception:
        return None
    lines = text.splitlines(keepends=True)
    default = re.compile(rf"^#\s*{re.escape(name)}\s*=")
    at = None
    for i, row in enumerate(lines):
        if _TABLE_HEADER.match(row):
            break
        if default.match(row):
            lines[i] = line
            at = i
            break
    if at is None:
        for i, row in enumerate(lines):
            if _ANY_HEADER.match(row):
                while i > 0 and lines[i - 1].lstrip().startswith("#") and not _ANY_HEADER.match(lines[i - 1]):
                    i -= 1
                lines[i:i] = [line, "\n"]
                at = i
                break
    if at is None:
        return None
    try:
        doc = tomlkit.parse("".join(lines))
    except Exception:
        return None
    return doc if doc.get(name) == value else None


def _set_in(doc, dotted: list[str], value: Any) -> None:
    import tomlkit

    table = doc
    for part in dotted[:-1]:
        sub = table.get(part)
        if not isinstance(sub, dict):
            if value is None:
                return
            sub = tomlkit.table()
            table[part] = sub
        table = sub
    last = dotted[-1]
    if value is None:
        if last in table:
            del table[last]
    else:
        table[last] = value


def _replace(path: Path, data: bytes) -> None:
    """Write *data* to a private temporary file beside *path*, on disk, then rename it over
    *path*; a symbolic link at *path* is written through (its target replaced)."""
    target = Path(os.path.realpath(path))
    mode = 0o600
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        pass
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}-{time.time_ns():x}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
