"""A literal's answer while it is still being verified.

The postings of a literal's characters give its candidates; only a substring check per
candidate says which really hold it. For a literal held by most of a large archive that
check is most of a keystroke's cost (100 000 finds through ~100 M characters), yet the
first screenful of a broad query needs only the first few thousand. A :class:`Pending`
keeps what is known so far — the articles that surely match and those that may — and is
verified where, and when, it is needed; every search that meets it again carries on
from there.
"""

from __future__ import annotations

from typing import Callable

from reader.search import bits as B

CHUNK = 8192  # candidates verified between two looks at whether the search is still wanted


class Pending:
    __slots__ = ("sure", "maybe", "_verify", "_chunk")

    def __init__(self, maybe: int, verify: Callable[[list[int]], list[int]], chunk: int = CHUNK):
        self.sure = 0
        self.maybe = maybe
        self._verify = verify  # those of some candidates (ascending) that match
        self._chunk = chunk

    @property
    def upper(self) -> int:
        return self.sure | self.maybe

    def resolve(self, within: int, check: Callable[[], None]) -> None:
        """Verify the candidates in *within* (a bitset), a chunk at a time."""
        todo = B.to_list(self.maybe & within)
        for k in range(0, len(todo), self._chunk):
            check()
            chunk = todo[k : k + self._chunk]
            self.sure |= B.from_sorted(self._verify(chunk))
            self.maybe &= ~B.from_sorted(chunk)

    def __repr__(self) -> str:
        return f"Pending(sure={B.count(self.sure)}, maybe={B.count(self.maybe)})"


def bounds(state: "int | Pending") -> tuple[int, int]:
    """(sure, maybe) of a literal's answer, known or pending."""
    if isinstance(state, Pending):
        return state.sure, state.maybe
    return state, 0


def upper_bound(state: "int | Pending") -> int:
    """Every article that may hold the literal: a bound for a longer literal's candidates."""
    return state.upper if isinstance(state, Pending) else state
