"""The user's database: SQLite in WAL mode, one transaction per change, a schema version
with migrations, and recovery that never discards anything silently.

A file that cannot be used (not a database, damaged, from a newer reader, unexpected
tables) is moved aside as ``reader.sqlite3.unusable-YYYYmmdd-HHMMSS`` and a fresh one is
created; the caller gets a message to show. A folder that cannot be written falls back
to a read-only or in-memory database, also with a message.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from reader.files import open_private
from reader.paths import ENV_DATA, private_dir

DB_NAME = "reader.sqlite3"
SCHEMA_VERSION = 1

MIGRATIONS = {
    1: """
    CREATE TABLE bookmarks (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL,
        paragraph INTEGER NOT NULL,
        quote TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL,
        source TEXT NOT NULL,
        date TEXT NOT NULL DEFAULT '',
        created REAL NOT NULL,
        updated REAL NOT NULL,
        UNIQUE (article_id, paragraph)
    );
    CREATE TABLE positions (
        article_id TEXT PRIMARY KEY,
        paragraph INTEGER NOT NULL,
        updated REAL NOT NULL
    );
    CREATE TABLE state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
}
EXPECTED_TABLES = {"bookmarks", "positions", "state"}


@dataclass
class Opened:
    conn: sqlite3.Connection
    path: Path | None
    messages: list[str] = field(default_factory=list)
    writable: bool = True


def _connect(path: Path | str, uri: bool = False) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=10.0, isolation_level=None, uri=uri, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def _check(conn: sqlite3.Connection) -> None:
    """Raise sqlite3.DatabaseError (or ValueError) if this is not a usable database.

    One read transaction, so every look sees the same state: read one by one, another
    instance's first migration could commit in between — a schema version of 0 and then
    its tables, which looked like a foreign database and was moved aside."""
    conn.execute("BEGIN")
    try:
        _check_snapshot(conn)
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def _check_snapshot(conn: sqlite3.Connection) -> None:
    row = conn.execute("PRAGMA quick_check").fetchone()
    if not row or row[0] != "ok":
        raise sqlite3.DatabaseError(f"integrity check failed: {row[0] if row else 'no answer'}")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise ValueError(f"it was written by a newer reader (schema {version}, this one knows {SCHEMA_VERSION})")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if version == 0 and tables:
        raise ValueError(f"it holds unexpected tables ({', '.join(sorted(tables))})")
    if version >= 1 and not EXPECTED_TABLES <= tables:
        raise ValueError("tables are missing")


def _migrate(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for target in range(version + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # re-check under the write lock: another process may have migrated already
            if conn.execute("PRAGMA user_version").fetchone()[0] >= target:
                conn.execute("COMMIT")
                continue
            for statement in MIGRATIONS[target].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _busy(exc: BaseException) -> bool:
    """Another process holds a lock: wait and try again, never treat it as damage."""
    return isinstance(exc, sqlite3.OperationalError) and any(
        word in str(exc).lower() for word in ("locked", "busy")
    )


def _retrying(fn, attempts: int = 60):
    for attempt in range(attempts):
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or attempt == attempts - 1:
                raise
            time.sleep(min(0.5, 0.02 * (attempt + 1)))
    raise AssertionError("unreachable")


def _move_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.unusable-{stamp}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.unusable-{stamp}-{n}")
        n += 1
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    return target


def open_db(data_dir: Path) -> Opened:
    data_dir = Path(data_dir)
    path = data_dir / DB_NAME
    messages: list[str] = []
    try:  # refused (UnsafeDirError) if another user could have written in it
        private_dir(data_dir, "data dir", choose=f"--data-dir DIR or {ENV_DATA}")
    except OSError as exc:
        messages.append(f"cannot create the data folder {data_dir} ({exc.strerror}); bookmarks will not be saved this session")
        return _memory(messages)
    if path.exists():
        conn = None
        try:
            conn = _connect(path)
            _retrying(lambda: _check(conn))
        except (sqlite3.DatabaseError, ValueError) as exc:
            if _busy(exc):  # locked for a whole minute by another reader: not damage
                messages.append(f"the bookmarks database {path} stayed locked by another process; "
                                "bookmarks will not be saved this session")
                return _memory(messages)
            try:
                if conn is not None:
                    conn.close()
            except Exception:
                pass
            try:
                aside = _move_aside(path)
            except OSError as move_exc:
                messages.append(
                    f"the bookmarks database {path} cannot be used ({exc}) nor moved aside "
                    f"({move_exc.strerror}); bookmarks will not be saved this session"
                )
                return _memory(messages)
            messages.append(
                f"the bookmarks database could not be used ({exc}); it was moved aside to {aside.name} "
                f"and a new one was started. Nothing in the old file was deleted."
            )
    if not os.access(data_dir, os.W_OK):
        if path.exists():
            conn = _connect(f"file:{path}?mode=ro", uri=True)
            messages.append(f"the data folder {data_dir} is read-only: bookmarks are shown but changes are not saved")
            return Opened(conn, path, messages, writable=False)
        messages.append(f"the data folder {data_dir} is read-only; bookmarks will not be saved this session")
        return _memory(messages)
    try:
        if not path.exists():  # SQLite would make it 0644; its -wal and -shm take its mode
            try:
                os.close(open_private(path, os.O_WRONLY | os.O_CREAT))
            except OSError:
                pass  # SQLite says what is wrong
        conn = _connect(path)

        def prepare() -> None:
            # switching to WAL needs a moment alone with the file: another instance starting
            # at the same time makes this wait (and retry), not fail
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            _migrate(conn)

        _retrying(prepare)
    except sqlite3.DatabaseError as exc:
        messages.append(f"cannot open the bookmarks database {path} ({exc}); bookmarks will not be saved this session")
        return _memory(messages)
    return Opened(conn, path, messages)


def in_memory(messages: list[str]) -> Opened:
    """A database that lives as long as the session, not saved (with *messages* for the user)."""
    return _memory(messages)


def _memory(messages: list[str]) -> Opened:
    conn = _connect(":memory:")
    _migrate(conn)
    return Opened(conn, None, messages, writable=False)
