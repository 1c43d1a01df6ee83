"""Writing cache files so that a reader never sees half of one — and no other user any."""

from __future__ import annotations

import os
import re
import time
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from reader.paths import PRIVATE_FILE_MODE, private_mkdir


def open_private(path: Path | str, flags: int = os.O_WRONLY | os.O_CREAT | os.O_EXCL) -> int:
    """A descriptor of *path* opened with *flags*, the file of mode 0600 whatever the umask."""
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), PRIVATE_FILE_MODE)
    try:
        os.fchmod(fd, PRIVATE_FILE_MODE)
    except BaseException:
        os.close(fd)
        raise
    return fd


@contextmanager
def atomic_write(path: Path, sync: bool = True) -> Iterator[BinaryIO]:
    """Write *path* (mode 0600; missing folders made 0700) through a temporary file beside
    it (named ``<name>.tmp-<pid>-…``, which cache clean-ups skip while that process lives)
    that replaces it only once written — and, with *sync*, on disk. On any error the
    temporary file is removed and the error raised."""
    path = Path(path)
    private_mkdir(path.parent)
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}-{time.time_ns():x}")
    try:
        with os.fdopen(open_private(tmp), "wb") as fh:
            yield fh
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


# -- what a killed process left behind ---------------------------------------------------------

LEFTOVER_AGE = 24 * 3600.0  # seconds: older than this, a leftover's process is surely not writing it
_LEFTOVER = re.compile(r"\.tmp-(\d+)-[0-9a-f]+$|\.(?:build|old)-(\d+)$")


def process_alive(pid: int) -> bool:
    """Whether a process *pid* exists (running, stopped or not yet reaped)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's
    except OSError:
        return True
    return True


def _newest_mtime(path: Path) -> float:
    newest = path.lstat().st_mtime
    if path.is_dir() and not path.is_symlink():
        for sub in path.iterdir():
            try:
                newest = max(newest, sub.lstat().st_mtime)
            except FileNotFoundError:
                pass
    return newest


def remove_leftovers(cache_dir: Path | str, now: float | None = None) -> list[Path]:
    """Remove what interrupted cache writes left in *cache_dir* and its folders: temporary
    files (``*.tmp-PID-…``) and index build folders (``*.build-PID``, ``*.old-PID``) whose
    process is gone, or untouched for LEFTOVER_AGE (the PID since reused). A live process's
    are never touched. Returns what was removed."""
    import shutil

    root = Path(cache_dir)
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        folders = [root, *(p for p in root.iterdir() if p.is_dir() and not p.is_symlink())]
    except OSError:
        return removed
    for folder in folders:
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            m = _LEFTOVER.search(entry.name)
            if not m:
                continue
            pid = int(m.group(1) or m.group(2))
            try:
                if process_alive(pid) and now - _newest_mtime(entry) < LEFTOVER_AGE:
                    continue
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
            except OSError:
                continue  # gone meanwhile, or not ours to remove: the next start tries again
            removed.append(entry)
    return removed
