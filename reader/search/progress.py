"""The indexer child's progress lines: what ``reader index --progress-lines`` writes on
stdout and the app reads, so the app indexes in a child process and keeps the UI thread.

One JSON object a line, one of:

- ``{"done": 120, "total": 800}``: articles indexed so far, of all;
- ``{"waiting": "another reader is building the index"}``: opening waits, and for what;
- ``{"notice": "…"}``: a damaged cache or index was rebuilt (one line for the user);
- ``{"finished": true, "added": 800, "notice": "…" | null}``: the index is built.

Both sides use this module only: ``encode_*`` write a line, ``decode`` reads one. A line
that is not one of these (noise on stdout, a field of the wrong type) decodes to None.
"""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class ProgressLine:
    """One decoded line: the fields it had (None where it had none)."""

    done: int | None = None
    total: int | None = None
    waiting: str | None = None
    notice: str | None = None
    finished: bool = False
    added: int | None = None


def _line(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)


def encode_progress(done: int, total: int) -> str:
    return _line({"done": int(done), "total": int(total)})


def encode_waiting(text: str) -> str:
    return _line({"waiting": str(text)})


def encode_notice(text: str) -> str:
    return _line({"notice": str(text)})


def encode_finished(added: int, notice: str | None) -> str:
    return _line({"finished": True, "added": int(added), "notice": notice})


def _count(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def decode(text: str) -> ProgressLine | None:
    """The progress line *text*, or None if it is not one."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    done, total = _count(data.get("done")), _count(data.get("total"))
    if (done is None) != (total is None):  # a count needs both halves
        done = total = None
    waiting, notice = data.get("waiting"), data.get("notice")
    line = ProgressLine(
        done=done, total=total,
        waiting=str(waiting) if waiting is not None else None,
        notice=str(notice) if notice else None,
        finished=data.get("finished") is True,
        added=_count(data.get("added")),
    )
    return None if line == ProgressLine() else line
