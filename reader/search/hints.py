"""One-line hints about a query as typed: what the search box and ``reader search`` say
when a query is half-typed or asks for something the language does not have."""

from __future__ import annotations

import re
from typing import Sequence

from reader.search.fields import NAMES_PATTERN

_PAGE = re.compile(r"(?:^|\s)[-(]*(?:p|版|第)\s*[:：]\s*(\d*)", re.I)
_PAGE_FIELD = re.compile(r"(?:^|\s)[-(]*page:", re.I)
_BARE_FIELD = re.compile(rf"(?:^|\s)(?:{NAMES_PATTERN}):(?:\s|$)")


def query_hint(query: str, sources: Sequence[str] = (), by_page: str = "f filters by page",
               numbered: bool = False) -> str:
    """A hint for *query*, or "". *sources*: the page files (their paths); *numbered*:
    whether any page has a 版次 (else ``page:N`` can match nothing, and the hint says
    how pages are named instead); *by_page*: how to filter by page where the hint is shown."""
    if query.count('"') % 2:
        return 'phrase still open: close it with "'
    if _BARE_FIELD.search(query):
        return "a field needs a value, e.g. title:无锡 (taken as text for now)"
    if _PAGE_FIELD.search(query):
        if numbered:
            return ""
        return f"no page numbers (版次) in these pages: they are source:<file name>; {by_page}"
    if _PAGE.search(query):
        return f"the field is page:N (版次); pages without one are source:<file name>; {by_page}"
    return ""
