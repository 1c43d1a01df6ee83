"""Bookmarks and reading state, on the user's database (see ``db``)."""

from __future__ import annotations

import math
import secrets
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from reader.corpus import Article
from reader.store.bookmark import MAX_PARAGRAPHS, Bookmark, quote_of
from reader.store.db import in_memory, open_db
from reader.store.importing import EXPORT_VERSION, ImportFileError, Rejected, parse_export, read_export
_COLUMNS = "id, article_id, paragraph, quote, note, title, source, created, updated, date"


class StoreError(Exception):
    """Bad input for the store (an unreadable import file, an unknown bookmark)."""


def _row(r) -> Bookmark:
    """A row as a Bookmark, whatever the database holds: a value that an older reader or
    another program stored out of range (a paragraph of 10**18, a time of 1e300, NaN read
    back as NULL, text stored as a blob) is made safe to show, never raised on."""
    return Bookmark(id=_str(r[0]), article_id=_str(r[1]), paragraph=_paragraph(r[2]), quote=_str(r[3]),
                    note=_str(r[4]), title=_str(r[5]), source=_str(r[6]), created=_seconds(r[7]),
                    updated=_seconds(r[8]), date=_str(r[9]))


def _str(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _paragraph(value) -> int:
    if isinstance(value, float) and math.isfinite(value):
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        return 0
    return max(0, min(value, MAX_PARAGRAPHS - 1))


def _seconds(value) -> float:
    """A time to sort and compare by; what cannot be one is kept as NaN (shown as "date unknown")."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:
            return math.nan
    return math.nan


class UserStore:
    def __init__(self, data_dir: Path | None, _opened=None):
        opened = _opened or open_db(Path(data_dir))
        self.conn = opened.conn
        self.path = opened.path
        self.messages = opened.messages
        self.writable = opened.writable
        self._removed_in: dict[str, str] = {}  # a removed bookmark's corpus folder, for its undo

    @classmethod
    def unsaved(cls, message: str) -> "UserStore":
        """A store that keeps nothing after the session (the data dir was refused)."""
        return cls(None, _opened=in_memory([message]))

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- bookmarks ------------------------------------------------------------------------
    def bookmarks(self) -> list[Bookmark]:
        rows = self.conn.execute(f"SELECT {_COLUMNS} FROM bookmarks ORDER BY created DESC, id").fetchall()
        return [_row(r) for r in rows]

    def get(self, bookmark_id: str) -> Bookmark | None:
        r = self.conn.execute(f"SELECT {_COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,)).fetchone()
        return _row(r) if r else None

    def find(self, prefix: str) -> list[Bookmark]:
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM bookmarks WHERE id LIKE ? ORDER BY id", (prefix.replace("%", "") + "%",)
        ).fetchall()
        return [_row(r) for r in rows]

    def at(self, article_id: str, paragraph: int) -> Bookmark | None:
        r = self.conn.execute(
            f"SELECT {_COLUMNS} FROM bookmarks WHERE article_id = ? AND paragraph = ?", (article_id, paragraph)
        ).fetchone()
        return _row(r) if r else None

    def for_article(self, article_id: str) -> list[Bookmark]:
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM bookmarks WHERE article_id = ? ORDER BY paragraph", (article_id,)
        ).fetchall()
        return [_row(r) for r in rows]

    def data_version(self) -> int:
        """Changes whenever another connection (another reader) commits to the database."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def marks(self) -> set[tuple[str, int]]:
        """Every bookmark's (article id, paragraph)."""
        return {(r[0], r[1]) for r in self.conn.execute("SELECT article_id, paragraph FROM bookmarks")}

    def bookmarked_articles(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT DISTINCT article_id FROM bookmarks")}

    def add(self, article: Article, paragraph: int, note: str = "", corpus: str | Path | None = None) -> Bookmark:
        """Bookmark *paragraph* of *article*; *corpus*: the folder of the corpus it is read
        in, kept (see :meth:`saved_in`) so a listing in another corpus can name it."""
        paragraph = max(0, min(paragraph, len(article.paragraphs) - 1))
        existing = self.at(article.id, paragraph)
        if existing:
            return existing
        now = time.time()
        bm = Bookmark(
            id=secrets.token_hex(4), article_id=article.id, paragraph=paragraph,
            quote=quote_of(article.paragraphs[paragraph]) if article.paragraphs else "",
            note=note, title=article.title, source=article.source, created=now, updated=now,
            date=article.date.label if article.date else "",
        )
        self._insert([bm])
        saved = self.at(article.id, paragraph) or bm
        if corpus is not None:
            self.set_state(**{_saved_in_key(saved.id): str(_folder(corpus))})
        return saved

    def saved_in(self, bookmark_id: str) -> str | None:
        """The folder of the corpus the bookmark was made in, if the store knows it (one
        made by an older reader, or imported, has none). Kept in the state table, so a
        database with it is still one an older reader opens."""
        return self.get_state(_saved_in_key(bookmark_id))

    def _insert(self, bookmarks: Iterable[Bookmark]) -> None:
        with self._tx() as c:
            for bm in bookmarks:
                c.execute(
                    f"INSERT OR IGNORE INTO bookmarks ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (bm.id, bm.article_id, bm.paragraph, bm.quote, bm.note, bm.title, bm.source,
                     bm.created, bm.updated, bm.date),
                )

    def toggle(self, article: Article, paragraph: int, corpus: str | Path | None = None) -> Bookmark | None:
        """Add a bookmark at the paragraph, or remove the one there. Returns the new one
        (None when one was removed)."""
        existing = self.at(article.id, paragraph)
        if existing:
            self.remove(existing.id)
            return None
        return self.add(article, paragraph, corpus=corpus)

    def set_note(self, bookmark_id: str, note: str) -> Bookmark:
        with self._tx() as c:
            cur = c.execute("UPDATE bookmarks SET note = ?, updated = ? WHERE id = ?", (note, time.time(), bookmark_id))
            if cur.rowcount == 0:
                raise StoreError(f"no bookmark with id {bookmark_id!r}")
        return self.get(bookmark_id)

    def remove(self, bookmark_id: str) -> Bookmark | None:
        bm = self.get(bookmark_id)
        if bm is None:
            return None
        folder = self.saved_in(bookmark_id)
        with self._tx() as c:  # the bookmark and the folder it was made in go together
            c.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
            c.execute("DELETE FROM state WHERE key = ?", (_saved_in_key(bookmark_id),))
        if folder is not None:
            self._removed_in[bookmark_id] = folder
        return bm

    def restore(self, bookmark: Bookmark) -> None:
        """Put back a removed bookmark exactly as it was (undo), with the folder it was
        made in if it was removed through this store."""
        self._insert([bookmark])
        folder = self._removed_in.pop(bookmark.id, None)
        if folder is not None:
            self.set_state(**{_saved_in_key(bookmark.id): folder})

    # -- import / export ------------------------------------------------------------------
    def export_json(self, cite: Callable[[str], str | None] | None = None,
                    text_of: Callable[[Bookmark], str] | None = None) -> dict:
        """Every bookmark, oldest first, each with its ``"citation"``: *cite*'s (article id →
        its citation line, None when the corpus does not have it: ``reader.corpus.quote.citer``),
        null without *cite* or for an article not in the corpus. Import reads no citation.
        With *text_of*, each quotes what it gives (the whole paragraph, from the corpus)."""
        marks = [{**b.to_json(), **({"quote": text_of(b)} if text_of is not None else {}),
                  "citation": cite(b.article_id) if cite is not None else None}
                 for b in reversed(self.bookmarks())]
        return {"reader_bookmarks": EXPORT_VERSION, "bookmarks": marks}

    def import_json(self, data, paragraphs_of: Callable[[str], int | None] | None = None) -> ImportReport:
        """Merge an export into the store; entries that fail the checks of
        ``reader.store.importing`` are rejected, each with its reason, and the rest imported.

        Bookmarks are the same when they mark the same paragraph of the same article; the
        more recently updated one wins (its note), the earlier creation time is kept."""
        try:
            incoming, rejected = parse_export(data, paragraphs_of)
        except ImportFileError as exc:
            raise StoreError(str(exc)) from None
        added = updated = unchanged = 0
        with self._tx() as c:
            for bm in incoming:
                r = c.execute(f"SELECT {_COLUMNS} FROM bookmarks WHERE article_id = ? AND paragraph = ?",
                              (bm.article_id, bm.paragraph)).fetchone()
                if r is None:
                    new_id = bm.id
                    if c.execute("SELECT 1 FROM bookmarks WHERE id = ?", (new_id,)).fetchone():
                        new_id = secrets.token_hex(4)
                    c.execute("DELETE FROM state WHERE key = ?", (_saved_in_key(new_id),))  # not where it was made
                    c.execute(
                        f"INSERT INTO bookmarks ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        (new_id, bm.article_id, bm.paragraph, bm.quote, bm.note, bm.title, bm.source,
                         bm.created, bm.updated, bm.date),
                    )
                    added += 1
                    continue
                mine = _row(r)
                if bm.updated > mine.updated and (bm.note, bm.quote) != (mine.note, mine.quote):
                    created = bm.created if math.isnan(mine.created) else min(bm.created, mine.created)
                    c.execute("UPDATE bookmarks SET note = ?, updated = ?, created = ? WHERE id = ?",
                              (bm.note, bm.updated, created, mine.id))
                    updated += 1
                else:
                    unchanged += 1
        return ImportReport(added, updated, unchanged, rejected)

    def export_markdown(self, missing: set[str] = frozenset(), cite: Callable[[str], str | None] | None = None,
                        text_of: Callable[[Bookmark], str] | None = None,
                        gone: Callable[[Bookmark], str] | None = None) -> str:
        """The bookmarks, oldest first, for people to read; with *cite* (as for
        :meth:`export_json`) each is cited as a quote is, under its note; with *text_of*,
        each quotes what it gives (the whole paragraph, from the corpus). A bookmark of an
        article in *missing* is said to be gone — in *gone*'s words, if given."""
        out = ["# Bookmarks", ""]
        for bm in reversed(self.bookmarks()):
            heading = bm.title + (f"（{bm.date}）" if bm.date else "")
            out += [f"## {heading}", ""]
            text = text_of(bm) if text_of is not None else bm.quote
            out += [f"> {line}" for line in text.splitlines() or [""]]
            out.append("")
            if bm.note:
                out += [f"**Note:** {bm.note}", ""]
            cited = cite(bm.article_id) if cite is not None else None
            if cited:
                out += [cited, ""]
            saved = bm.saved_day
            where = f"{bm.source}, paragraph {bm.paragraph + 1}"
            said = (f" — {gone(bm) if gone is not None else 'no longer in the corpus'}"
                    if bm.article_id in missing else "")
            out += [f"— {bm.title}, {bm.date or 'undated'}, {where}; saved {saved} (`{bm.id}`){said}", ""]
        return "\n".join(out).rstrip() + "\n"

    # -- reading state --------------------------------------------------------------------
    def position(self, article_id: str) -> int | None:
        r = self.conn.execute("SELECT paragraph FROM positions WHERE article_id = ?", (article_id,)).fetchone()
        return r[0] if r else None

    def set_position(self, article_id: str, paragraph: int) -> None:
        with self._tx() as c:
            c.execute(
                "INSERT INTO positions (article_id, paragraph, updated) VALUES (?, ?, ?) "
                "ON CONFLICT(article_id) DO UPDATE SET paragraph = excluded.paragraph, updated = excluded.updated",
                (article_id, paragraph, time.time()),
            )

    def get_state(self, key: str, default: str | None = None) -> str | None:
        r = self.conn.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return r[0] if r else default

    def set_state(self, **values: str) -> None:
        with self._tx() as c:
            for key, value in values.items():
                c.execute(
                    "INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )

    def corpus_state(self, root: str | Path, key: str, default: str | None = None) -> str | None:
        """*key* of the reading state of the corpus at *root* (its last query, its last
        article): another corpus opened since keeps its own."""
        return self.get_state(_of_corpus(key, root), default)

    def set_corpus_state(self, root: str | Path, **values: str) -> None:
        """Keep *values* as the reading state of the corpus at *root* (see ``corpus_state``)."""
        self.set_state(**{_of_corpus(key, root): value for key, value in values.items()})

    def delete_state(self, *keys: str) -> None:
        """Forget *keys* (e.g. choices that moved to the settings file)."""
        with self._tx() as c:
            for key in keys:
                c.execute("DELETE FROM state WHERE key = ?", (key,))


def _of_corpus(key: str, root: str | Path) -> str:
    """The state's key for *key* of the corpus at *root* (by its folder, resolved: a
    symlink or a relative path to it is the same corpus)."""
    return f"{key} {_folder(root)}"


def _folder(root: str | Path) -> Path:
    try:
        return Path(root).expanduser().resolve()
    except (OSError, RuntimeError):
        return Path(root)


def _saved_in_key(bookmark_id: str) -> str:
    return f"bookmark-corpus {bookmark_id}"


@dataclass(frozen=True)
class ImportReport:
    added: int
    updated: int
    unchanged: int
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def counts(self) -> tuple[int, int, int]:
        return self.added, self.updated, self.unchanged


def load_export(path: Path):
    """The parsed JSON of an export file (read with a bound on its size); StoreError if it
    cannot be read or is not JSON."""
    try:
        return read_export(path)
    except ImportFileError as exc:
        raise StoreError(str(exc)) from None


__all__ = ["Bookmark", "ImportReport", "Rejected", "StoreError", "UserStore", "load_export"]
