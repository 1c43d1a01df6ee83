"""What the core repaired on its own, for the user to be told: a damaged cache rebuilt.

The core calls :func:`notice` with one line; the CLI prints it on stderr, the app shows it
as a notification (both :func:`listen`). Each message is given once per process; messages
given before anyone listens are kept for the first listener.
"""

from __future__ import annotations

import threading
from typing import Callable

_lock = threading.Lock()
_seen: set[str] = set()
_pending: list[str] = []
_listeners: list[Callable[[str], None]] = []


def notice(message: str) -> None:
    with _lock:
        if message in _seen:
            return
        _seen.add(message)
        listeners = list(_listeners)
        if not listeners:
            _pending.append(message)
    for listener in listeners:
        try:
            listener(message)
        except Exception:  # a notice must never break the work it reports on
            pass


def listen(callback: Callable[[str], None]) -> Callable[[], None]:
    """Call *callback* with every notice (those already given first); returns a function
    that stops it."""
    with _lock:
        _listeners.append(callback)
        pending = list(_pending)
        _pending.clear()
    for message in pending:
        callback(message)

    def stop() -> None:
        with _lock:
            if callback in _listeners:
                _listeners.remove(callback)

    return stop


def reset() -> None:
    """Forget what was said (for tests that run many commands in one process)."""
    with _lock:
        _seen.clear()
        _pending.clear()
