"""Bookmarks and reading state, on the user's database (see ``db``)."""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from reader.corpus import Article
from reader.store.bookmark import Bookmark, quote_of
from reader.store.db import open_db

EXPORT_VERSION = 1
_COLUMNS = "id, article_id, paragraph, quote, note, title, source, created, updated, date"


class StoreError(Exception):
    """Bad input for the store (an unreadable import file, an unknown bookmark)."""


def _row(r) -> Bookmark:
    return Bookmark(id=r[0], article_id=r[1], paragraph=r[2], quote=r[3], note=r[4], title=r[5],
                    source=r[6], created=r[7], updated=r[8], date=r[9])


class UserStore:
    def __init__(self, data_dir: Path):
        opened = open_db(Path(data_dir))
        self.conn = opened.conn
        self.path = opened.path
        self.messages = opened.messages
        self.writable = opened.writable

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

    def bookmarked_articles(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT DISTINCT article_id FROM bookmarks")}

    def add(self, article: Article, paragraph: int, note: str = "") -> Bookmark:
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
        return self.at(article.id, paragraph) or bm

    def _insert(self, bookmarks: Iterable[Bookmark]) -> None:
        with self._tx() as c:
            for bm in bookmarks:
                c.execute(
                    f"INSERT OR IGNORE INTO bookmarks ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (bm.id, bm.article_id, bm.paragraph, bm.quote, bm.note, bm.title, bm.source,
                     bm.created, bm.updated, bm.date),
                )

    def toggle(self, article: Article, paragraph: int) -> Bookmark | None:
        """Add a bookmark at the paragraph, or remove the one there. Returns the new one
        (None when one was removed)."""
        existing = self.at(article.id, paragraph)
        if existing:
            self.remove(existing.id)
            return None
        return self.add(article, paragraph)

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
        with self._tx() as c:
            c.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
        return bm

    def restore(self, bookmark: Bookmark) -> None:
        """Put back a removed bookmark exactly as it was (undo)."""
        self._insert([bookmark])

    # -- import / export ------------------------------------------------------------------
    def export_json(self) -> dict:
        return {"reader_bookmarks": EXPORT_VERSION, "bookmarks": [b.to_json() for b in reversed(self.bookmarks())]}

    def import_json(self, data) -> tuple[int, int, int]:
        """Merge an export into the store. Returns (added, updated, unchanged).

        Bookmarks are the same when they mark the same paragraph of the same article; the
        more recently updated one wins (its note), the earlier creation time is kept."""
        if not isinstance(data, dict) or not isinstance(data.get("bookmarks"), list):
            raise StoreError('not a reader bookmarks export (expected {"bookmarks": [...]})')
        incoming = []
        for k, item in enumerate(data["bookmarks"]):
            try:
                incoming.append(Bookmark(
                    id=str(item.get("id") or secrets.token_hex(4)), article_id=str(item["article_id"]),
                    paragraph=int(item["paragraph"]), quote=str(item.get("quote", "")),
                    note=str(item.get("note", "")), title=str(item.get("title", "")),
                    source=str(item.get("source", "")), created=float(item.get("created", time.time())),
                    updated=float(item.get("updated", item.get("created", time.time()))),
                    date=str(item.get("date", "")),
                ))
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise StoreError(f"bookmark #{k + 1} of the file is malformed ({exc!r})") from None
        added = updated = unchanged = 0
        with self._tx() as c:
            for bm in incoming:
                r = c.execute(f"SELECT {_COLUMNS} FROM bookmarks WHERE article_id = ? AND paragraph = ?",
                              (bm.article_id, bm.paragraph)).fetchone()
                if r is None:
                    new_id = bm.id
                    if c.execute("SELECT 1 FROM bookmarks WHERE id = ?", (new_id,)).fetchone():
                        new_id = secrets.token_hex(4)
                    c.execute(
                        f"INSERT INTO bookmarks ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        (new_id, bm.article_id, bm.paragraph, bm.quote, bm.note, bm.title, bm.source,
                         bm.created, bm.updated, bm.date),
                    )
                    added += 1
                    continue
                mine = _row(r)
                if bm.updated > mine.updated and (bm.note, bm.quote) != (mine.note, mine.quote):
                    c.execute("UPDATE bookmarks SET note = ?, updated = ?, created = ? WHERE id = ?",
                              (bm.note, bm.updated, min(bm.created, mine.created), mine.id))
                    updated += 1
                else:
                    unchanged += 1
        return added, updated, unchanged

    def export_markdown(self, missing: set[str] = frozenset()) -> str:
        out = ["# Bookmarks", ""]
        for bm in reversed(self.bookmarks()):
            heading = bm.title + (f"（{bm.date}）" if bm.date else "")
            out += [f"## {heading}", ""]
            out += [f"> {line}" for line in bm.quote.splitlines() or [""]]
            out.append("")
            if bm.note:
                out += [f"**Note:** {bm.note}", ""]
            saved = time.strftime("%Y-%m-%d", time.localtime(bm.created))
            where = f"{bm.source}, paragraph {bm.paragraph + 1}"
            gone = " — no longer in the corpus" if bm.article_id in missing else ""
            out += [f"— {bm.title}, {bm.date or 'undated'}, {where}; saved {saved} (`{bm.id}`){gone}", ""]
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


def load_export(path: Path):
    try:
        return json.loads(Path(path).read_text("utf-8"))
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise StoreError(f"{path} is not valid JSON ({exc})") from None


__all__ = ["Bookmark", "StoreError", "UserStore", "load_export"]
