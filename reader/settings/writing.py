"""Writing one choice back to a settings file: under a lock, re-read the file, change only
that key (the user's comments, order and other keys kept, through tomlkit's round trip) and
replace the file atomically — so two instances never lose each other's choices; and the
text of a new file (:func:`template`)."""

from __future__ import annotations

import os
import re
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from reader import paths
from reader.settings.schema import KEYS

SAVING = threading.Lock()  # one save at a time within this process, besides the file lock between processes


class SettingsError(Exception):
    """A choice that could not be saved (the message says why, naming the file)."""


def where_of(path: Path) -> str:
    return str(path)


def one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


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


def write_key(path: Path, dotted: list[str], value: Any) -> None:
    """Set (or, for None, remove) one key in the file at *path*: re-read under the lock, change
    only that key, replace atomically. SettingsError if it cannot be done."""
    import tomlkit

    where = where_of(path)
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
                    f"{where}: not valid TOML ({one_line(exc)}); the choice was not saved (fix or remove the file)"
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
