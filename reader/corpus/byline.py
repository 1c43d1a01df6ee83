"""Bylines: ``(高美梅、惠晓婧)``, ``（唐芸芸）``, also glued to a paragraph's end."""

from __future__ import annotations

import re

from reader.corpus.article import Byline

_NAME = r"[\u4e00-\u9fff·]{2,6}"
_BODY = rf"{_NAME}(?:[、，,]{_NAME}){{0,5}}"
_WHOLE = re.compile(rf"^[(（]({_BODY})[)）]$")
# A byline glued to the last sentence: "…名园。(陈菁菁)"
_TRAILING = re.compile(rf"(?<=[。！？!?”」』])[(（]({_BODY})[)）]$")


def _byline(raw: str, body: str) -> Byline:
    return Byline(raw=raw, authors=tuple(n for n in re.split(r"[、，,]", body) if n))


def parse_byline(block: str) -> Byline | None:
    """The byline if *block* is nothing but one."""
    m = _WHOLE.match(block)
    return _byline(block, m.group(1)) if m else None


def split_trailing_byline(paragraph: str) -> tuple[str, Byline | None]:
    """Split ``"…名园。(陈菁菁)"`` into the paragraph and its byline."""
    m = _TRAILING.search(paragraph)
    if not m:
        return paragraph, None
    return paragraph[: m.start()], _byline(m.group(0), m.group(1))
