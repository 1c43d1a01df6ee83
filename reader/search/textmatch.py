"""The search box's matching, over a few short texts instead of an index: the bookmarks
screen's ``/`` filter.

The same query language (``reader.search.query``: parts, ``"phrases"``, ``OR``, ``-``/``NOT``,
fields, brackets) and the same meaning of a part: a substring after normalisation (width,
case, traditional → simplified), or — for a part with Latin letters, with pinyin on — its
letters read as pinyin (``xmz`` finds 西门子, see ``reader.search.pinyin``). ``title:`` looks
at the title only, ``date:`` at the date; any other part at every text.
"""

from __future__ import annotations

from typing import Iterable

from reader.search import pinyin as P
from reader.search.normalize import normalize
from reader.search.query import ALL, And, Lit, Not, Or, QueryError, parse
from reader.search.span import find_all


class TextFilter:
    """A parsed query, to test records of texts by: ``matches({"title": …, "text": …})``.

    *corpus*: every text the filter will be asked about (its characters' readings are
    the pinyin table's); *fuzzy*: fuzzy pinyin pairs."""

    def __init__(self, query: str, corpus: Iterable[str] = (), pinyin: bool = True, fuzzy: Iterable[str] = ()):
        self.query = query
        try:
            self.node = parse(query)
        except QueryError:  # beyond what any search needs: the text as one part, as typed
            self.node = Lit(normalize(query.strip()))
            pinyin = False
        self.pinyin = pinyin
        self._table = P.PinyinTable(set(normalize("".join(corpus))), fuzzy) if pinyin else None

    @property
    def empty(self) -> bool:
        return self.node is ALL

    def matches(self, fields: dict[str, str]) -> bool:
        """Whether a record (field name → text; ``title`` and ``date`` are fields of their
        own, every field is searched by a part without one) matches the query."""
        folded = {k: normalize(v or "") for k, v in fields.items()}
        return self._eval(self.node, folded)

    def _eval(self, node, fields: dict[str, str]) -> bool:
        if node is ALL:
            return True
        if isinstance(node, Lit):
            return self._lit(node, fields)
        if isinstance(node, And):
            return all(self._eval(c, fields) for c in node.children)
        if isinstance(node, Or):
            return any(self._eval(c, fields) for c in node.children)
        if isinstance(node, Not):
            return not self._eval(node.child, fields)
        raise TypeError(node)

    def _lit(self, lit: Lit, fields: dict[str, str]) -> bool:
        if lit.field in ("title", "date") and lit.field in fields:
            texts = [fields[lit.field]]
        else:
            texts = list(fields.values())
        pattern = None
        if self._table is not None and lit.field in (None, "title") and P.has_letters(lit.text):
            pattern = self._table.pattern(lit.text)
        return any(find_all(t, lit) or (pattern is not None and pattern.search(t)) for t in texts)
