"""One-line hints about a query as typed: what the search box and ``reader search`` say
when a query is half-typed or asks for something the language does not have."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Sequence

_PAGE = re.compile(r"(?:^|\s)[-(]*(?:page|p|版|第)\s*[:：]\s*(\d*)", re.I)
_BARE_FIELD = re.compile(r"(?:^|\s)(?:title|author|date|source):(?:\s|$)")


def query_hint(query: str, sources: Sequence[str] = (), by_page: str = "f filters by page") -> str:
    """A hint for *query*, or "". *sources*: the page files in corpus order (p1 first), to
    say which ``source:`` a ``page:N`` means; *by_page*: how to filter by page where the
    hint is shown."""
    if query.count('"') % 2:
        return 'phrase still open: close it with "'
    if _BARE_FIELD.search(query):
        return "a field needs a value, e.g. title:无锡 (taken as text for now)"
    m = _PAGE.search(query)
    if m:
        number = int(m.group(1)) if m.group(1) else 0
        if 1 <= number <= len(sources):
            stem = PurePath(sources[number - 1]).stem
            return f"no page: field — p{number} is source:{stem}; {by_page}"
        return f"no page: field — pages are source:<file name>; {by_page}"
    return ""
