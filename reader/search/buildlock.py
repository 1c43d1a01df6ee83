"""The builders' lock of an index folder: an exclusive file lock that serialises builders
across processes (readers never wait). Its holder writes its pid in the lock file, so one
that waits can say for whom — and stop waiting for a holder that is stopped (SIGSTOP, ^Z)
or has held it for ``WAIT_LIMIT``. Processes forked to index (Whoosh's writer workers) drop
their copy of the lock and die with their parent.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from reader import cachenames
from reader.files import open_private, process_alive
from reader.paths import private_mkdir

Waiting = Callable[[str], None]  # what opening the index waits for, for the user
WAIT_STOPPED = 1.0  # seconds a lock holder is seen stopped before building without it
WAIT_LIMIT = float(os.environ.get("READER_INDEX_WAIT", "") or 600)  # seconds, at most, for a live one


_held_locks: set[int] = set()  # descriptors of index locks this process holds


def _in_forked_worker() -> None:
    """In a process forked to index (Whoosh's writer workers): never outlive the indexer.

    Killed with -9, an indexer left its workers waiting for work forever — on a pipe they
    hold both ends of — and, sharing its lock, they kept every later run waiting for the
    index. A worker now drops its copy of the lock and dies with its parent (Linux)."""
    for fd in list(_held_locks):
        try:
            os.close(fd)  # the parent's descriptor keeps the lock while it lives
        except OSError:
            pass
    _held_locks.clear()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
        if os.getppid() == 1:  # the parent died before the line above took effect
            os._exit(1)
    except (OSError, AttributeError):
        pass  # not Linux: such a worker may linger until its pipe closes


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_in_forked_worker)


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _lock_holder(fd: int) -> int | None:
    """The process that holds the lock, as it wrote it in the lock file (None if unknown)."""
    try:
        pid = int(os.pread(fd, 32, 0).decode("ascii").strip() or 0)
    except (OSError, ValueError):
        return None
    return pid if pid > 0 and process_alive(pid) else None


def _stopped(pid: int) -> bool:
    """Whether process *pid* is stopped (SIGSTOP, ^Z, a debugger); Linux only."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            state = fh.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state in (b"T", b"t")


@contextmanager
def build_lock(path: Path, waiting: Waiting | None = None) -> Iterator[bool]:
    """Hold the builders' lock of the index at *path*; yields True — or False when its holder is stopped (or
    has held it for WAIT_LIMIT): then the caller goes on without it (see ``IndexStore.open``).
    *waiting* hears, once each, what it waits for and when it stops waiting."""
    private_mkdir(path.parent)
    fd = open_private(cachenames.index_lock(path), os.O_RDWR | os.O_CREAT)
    held = False
    try:
        held = _try_lock(fd)
        if not held:
            held = _wait_for_lock(fd, waiting)
        if held:
            _held_locks.add(fd)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)  # who holds it, for those who wait
        yield held
    finally:
        _held_locks.discard(fd)
        os.close(fd)  # releases the lock

def _wait_for_lock(fd: int, waiting: Waiting | None) -> bool:
    started = time.monotonic()
    stopped_since = None
    told = None
    while True:
        if _try_lock(fd):
            return True
        pid = _lock_holder(fd)
        who = f"another reader (pid {pid})" if pid else "another reader"
        if told != pid:
            told = pid
            if waiting:
                waiting(f"waiting for {who} that is building the index…")
        stopped = pid is not None and _stopped(pid)
        now = time.monotonic()
        stopped_since = (stopped_since or now) if stopped else None
        if stopped_since is not None and now - stopped_since >= WAIT_STOPPED:
            if waiting:
                waiting(f"{who} that holds the index is stopped (kill -CONT {pid} resumes it); "
                        "indexing here without it")
            return False
        if now - started >= WAIT_LIMIT:
            if waiting:
                waiting(f"{who} has been building the index for {WAIT_LIMIT:.0f} s; indexing here without it")
            return False
        time.sleep(0.1)
