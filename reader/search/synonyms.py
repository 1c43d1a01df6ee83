"""Synonyms and abbreviations (简称): groups of words a search treats as one.

A file holds one group per line, its members separated by spaces or commas (ASCII or
full-width ，、); ``#`` starts a comment. A query part that is a whole member of a group also
matches the group's other members — ``上外`` finds 上海外国语大学 too, while ``上海外``, a
member still being typed, stays literal. A small list of the forms common in these pages is
shipped (``synonyms.txt`` beside this module); the user's file adds its groups to it.

Where the user's file is: ``--synonyms FILE``, else ``$READER_SYNONYMS``, else the settings'
``synonyms`` key, else ``synonyms.txt`` beside the settings file (the user config folder).
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

from reader.search.normalize import normalize

ENV = "READER_SYNONYMS"
FILE_NAME = "synonyms.txt"
SHIPPED = Path(__file__).with_name(FILE_NAME)
MAX_BYTES = 4 << 20
_SPLIT = re.compile(r"[\s,，、;；]+")


class SynonymsError(ValueError):
    """A synonyms file that cannot be read (the message names it and says why)."""


class Synonyms:
    """Groups of synonyms, by normalised member."""

    def __init__(self, groups: list[tuple[str, ...]] = (), sources: list[str] = ()):
        self._groups: list[tuple[str, ...]] = []
        self._group_of: dict[str, int] = {}
        self.sources = list(sources)
        # Groups are folded (normalize) when first used, not when read: the app reads the
        # files before its first paint, and folding's table costs ~10 ms to build.
        self._pending: list = [tuple(g) for g in groups]
        self._folding = threading.Lock()  # (searches fold them from worker threads)

    @property
    def groups(self) -> list[tuple[str, ...]]:
        """The groups, folded (a merged group leaves an empty tuple where it was)."""
        if self._pending:
            with self._folding:
                for group in self._pending:
                    self._add(group)
                self._pending = []
        return self._groups

    def add(self, members) -> None:
        """Add a group (merged with any group that already has one of its members)."""
        self._pending.append(tuple(members))

    def _add(self, members) -> None:
        members = [m for m in dict.fromkeys(normalize(m.strip()) for m in members) if m]
        if len(members) < 2:
            return
        joined = [g for g in dict.fromkeys(self._group_of.get(m) for m in members) if g is not None]
        if joined:
            keep = joined[0]
            merged = list(self._groups[keep])
            for g in joined[1:]:
                merged += self._groups[g]
                self._groups[g] = ()
            merged += members
            self._groups[keep] = tuple(dict.fromkeys(merged))
            for m in self._groups[keep]:
                self._group_of[m] = keep
        else:
            self._groups.append(tuple(members))
            for m in members:
                self._group_of[m] = len(self._groups) - 1

    def others(self, text: str) -> tuple[str, ...]:
        """The other members of the group *text* (normalised) is a whole member of."""
        groups = self.groups
        g = self._group_of.get(text)
        if g is None:
            return ()
        return tuple(m for m in groups[g] if m != text)

    def __len__(self) -> int:
        return sum(1 for g in self.groups if g)

    @classmethod
    def parse(cls, text: str, source: str = "") -> tuple["Synonyms", list[str]]:
        """The groups of a file's *text*, and a warning per line that is not a group."""
        out = cls(sources=[source] if source else [])
        warnings: list[str] = []
        for n, line in enumerate(text.splitlines(), start=1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            members = [m for m in _SPLIT.split(line) if m]
            if len(set(members)) < 2:
                warnings.append(f"{source or 'synonyms'}:{n}: one word is not a group of synonyms ({line[:40]!r})")
                continue
            out.add(members)
        return out, warnings

    def merged(self, other: "Synonyms") -> "Synonyms":
        out = Synonyms(sources=self.sources + other.sources)
        with self._folding, other._folding:  # (folded groups fold to themselves)
            out._pending = [g for g in self._groups if g] + self._pending + [g for g in other._groups if g] + other._pending
        return out


def read_file(path: Path) -> tuple[Synonyms, list[str]]:
    """A synonyms file; SynonymsError if it cannot be read (missing, not UTF-8, too big)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SynonymsError(f"{path}: {size:,} bytes is too big for a synonyms file (at most {MAX_BYTES:,})")
        data = path.read_bytes()
    except OSError as exc:
        raise SynonymsError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SynonymsError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return Synonyms.parse(text, str(path))


def user_file(flag: str | os.PathLike | None = None, setting: Path | None = None,
              config_file: Path | None = None) -> tuple[Path | None, bool]:
    """(the user's synonyms file, whether it was asked for by name — then it must exist)."""
    from reader import paths

    return paths.user_file(flag, ENV, setting, config_file, FILE_NAME)


def load(flag=None, setting: Path | None = None, config_file: Path | None = None) -> tuple[Synonyms, list[str]]:
    """The shipped groups plus the user's (see the module's doc), and warnings. A file
    named by flag, environment or setting that cannot be read is SynonymsError."""
    shipped, warnings = read_file(SHIPPED)
    path, named = user_file(flag, setting, config_file)
    if path is None:
        return shipped, warnings
    if not named and not path.is_file():
        return shipped, warnings
    mine, more = read_file(path)
    return shipped.merged(mine), warnings + more
