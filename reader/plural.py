"""Counts in sentences: ``1 article``, ``2 articles`` — and the verb after them."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``counted(1, "article")`` → ``1 article``; 0 or more than one → ``articles`` (or
    *plural*, for a noun that does not take an s)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def agrees(n: int, singular: str, plural: str) -> str:
    """The verb for *n* of something: ``agrees(1, "matches", "match")`` → ``matches``."""
    return singular if n == 1 else plural
