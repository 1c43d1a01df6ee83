"""Reading a bookmarks export: the file, then each entry, checked field by field.

An import file comes from outside and is hostile until proven otherwise: every field's type
and range is checked before anything reaches the database. A bad entry is rejected with a
one-line reason that names it (its place in the file and, when it has a usable one, its
id); the good ones are imported. Reasons never repeat the bad value itself (it could be
megabytes long or hold control characters), only what is wrong with it.
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from reader.store.bookmark import MAX_PARAGRAPHS, MAX_TIME, Bookmark

EXPORT_VERSION = 2  # 2: "paragraph" is the ¶ number people see (1 = first); 1: 0-based
MAX_IMPORT_BYTES = 64 * 2**20
MAX_ENTRIES = 1_000_000
_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")
_LIMITS = {  # longest text accepted per field, in characters
    "article_id": 200, "quote": 20_000, "note": 100_000, "title": 2_000, "source": 1_000, "date": 100,
}


class ImportFileError(Exception):
    """The file as a whole cannot be imported (unreadable, not JSON, not an export)."""


@dataclass(frozen=True)
class Rejected:
    entry: int  # its place in the file, 1 = the first entry
    id: str | None  # its id, when it has a usable one
    reason: str

    def __str__(self) -> str:
        name = f"entry #{self.entry}" + (f" (id {self.id})" if self.id else "")
        return f"{name}: {self.reason}"

    def to_json(self) -> dict:
        return {"entry": self.entry, "id": self.id, "reason": self.reason}


class _Bad(Exception):
    pass


def read_export(path: str | os.PathLike) -> object:
    """The parsed JSON of an export file, read with a bound on its size."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise ImportFileError(f"cannot read {path}: it is a folder")
            if stat.S_ISREG(st.st_mode) and st.st_size > MAX_IMPORT_BYTES:
                raise ImportFileError(_too_big(path))
            data = f.read(MAX_IMPORT_BYTES + 1)  # also bounds a pipe or a device
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError(_too_big(path))
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ImportFileError(f"{path} is not UTF-8 text (byte {exc.start})") from None
    except RecursionError:
        raise ImportFileError(f"{path} is not a bookmarks export (its JSON is nested too deeply)") from None
    except ValueError as exc:
        raise ImportFileError(f"{path} is not valid JSON ({_one_line(str(exc))})") from None


def _too_big(path: Path) -> str:
    return f"{path} is larger than a bookmarks export can be ({MAX_IMPORT_BYTES // 2**20} MiB)"


def _one_line(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_export(data: object, paragraphs_of: Callable[[str], int | None] | None = None,
                 now: float | None = None) -> tuple[list[Bookmark], list[Rejected]]:
    """The valid bookmarks of an export, and a reason for each entry that is not.

    *paragraphs_of* gives an article's paragraph count when the corpus has it (None when
    not): a paragraph beyond its article is rejected. Raises ImportFileError when *data*
    is not an export at all."""
    if not isinstance(data, dict):
        raise ImportFileError(f'not a reader bookmarks export (expected an object {{"bookmarks": [...]}}, '
                              f"found {_kind(data)})")
    entries = data.get("bookmarks")
    if not isinstance(entries, list):
        raise ImportFileError('not a reader bookmarks export (expected {"bookmarks": [...]}, '
                              + ("no \"bookmarks\" key)" if entries is None else f'"bookmarks" is {_kind(entries)})'))
    version = data.get("reader_bookmarks", EXPORT_VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportFileError('not a reader bookmarks export ("reader_bookmarks" must be a version number)')
    if version > EXPORT_VERSION:
        raise ImportFileError(f"this export was written by a newer reader (format {version}; "
                              f"this one reads up to {EXPORT_VERSION})")
    if len(entries) > MAX_ENTRIES:
        raise ImportFileError(f"the export holds {len(entries):,} entries; at most {MAX_ENTRIES:,} can be imported")
    now = time.time() if now is None else now
    good: list[Bookmark] = []
    rejected: list[Rejected] = []
    for k, item in enumerate(entries, start=1):
        ident = item.get("id") if isinstance(item, dict) else None
        shown_id = ident if isinstance(ident, str) and _ID.fullmatch(ident) else None
        try:
            good.append(_entry(item, version, paragraphs_of, now))
        except _Bad as exc:
            rejected.append(Rejected(k, shown_id, str(exc)))
    return good, rejected


def _entry(item: object, version: int, paragraphs_of, now: float) -> Bookmark:
    if not isinstance(item, dict):
        raise _Bad(f"not an object but {_kind(item)}")
    ident = item.get("id")
    if ident is None:
        ident = secrets.token_hex(4)
    elif not isinstance(ident, str) or not _ID.fullmatch(ident):
        raise _Bad("id must be 1–64 letters, digits, '-' or '_'")
    for key in ("article_id", "paragraph"):
        if key not in item:
            raise _Bad(f"missing {key!r}")
    article_id = _text(item, "article_id", required=True)
    number = item["paragraph"]
    if isinstance(number, bool) or not isinstance(number, int):
        raise _Bad(f"paragraph must be a whole number, not {_kind(number)}")
    first = 0 if version == 1 else 1  # format 1 counted from 0
    if not first <= number < first + MAX_PARAGRAPHS:
        raise _Bad(f"paragraph is out of range (¶1–¶{MAX_PARAGRAPHS:,})"
                   + (" (format 1 counts from 0)" if version == 1 else ""))
    paragraph = number - first
    count = paragraphs_of(article_id) if paragraphs_of is not None else None
    if count is not None and paragraph >= count:
        raise _Bad(f"¶{paragraph + 1} is beyond the article, which has {count} paragraph{'s' if count != 1 else ''}")
    created = _time(item, "created", now, now)
    updated = _time(item, "updated", created, now)
    return Bookmark(
        id=ident, article_id=article_id, paragraph=paragraph,
        quote=_text(item, "quote"), note=_text(item, "note"), title=_text(item, "title"),
        source=_text(item, "source"), created=created, updated=max(created, updated),
        date=_text(item, "date"),
    )


def _text(item: dict, key: str, required: bool = False) -> str:
    value = item.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise _Bad(f"{key} must be text, not {_kind(value)}")
    if required and not value.strip():
        raise _Bad(f"{key} is empty")
    if len(value) > _LIMITS[key]:
        raise _Bad(f"{key} is {len(value):,} characters long (at most {_LIMITS[key]:,})")
    if "\x00" in value:
        raise _Bad(f"{key} holds a NUL character")
    return value


def _time(item: dict, key: str, default: float, now: float) -> float:
    value = item.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Bad(f"{key} must be a time in seconds since 1970, not {_kind(value)}")
    try:
        value = float(value)
    except OverflowError:
        raise _Bad(f"{key} is out of range (a time in seconds since 1970)") from None
    if not math.isfinite(value):
        raise _Bad(f"{key} is not a finite number")
    if value < 0 or value > min(MAX_TIME, now + 86_400):
        raise _Bad(f"{key} is out of range ({'before 1970' if value < 0 else 'in the future'})")
    return value


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
