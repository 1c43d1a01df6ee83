"""The usual recipe, for comparison: Whoosh + jieba's ChineseAnalyzer + QueryParser +
Whoosh highlights (as the notes measured it)."""

from __future__ import annotations

import os
import time

from whoosh import fields, index
from whoosh.highlight import ContextFragmenter
from whoosh.qparser import QueryParser

HIGHLIGHTED = 10  # Whoosh highlights re-analyse each document (~45 ms a hit): only the top 10


class Naive:
    def __init__(self, path):
        self.path = str(path)

    def build(self, articles) -> float:
        from jieba.analyse import ChineseAnalyzer

        os.makedirs(self.path, exist_ok=True)
        schema = fields.Schema(
            id=fields.ID(stored=True),
            title=fields.TEXT(stored=True, analyzer=ChineseAnalyzer()),
            body=fields.TEXT(stored=True, analyzer=ChineseAnalyzer()),
        )
        ix = index.create_in(self.path, schema)
        started = time.perf_counter()
        writer = ix.writer(limitmb=256)
        for a in articles:
            writer.add_document(id=a.id, title=a.title, body="\n".join(a.paragraphs))
        writer.commit()
        return time.perf_counter() - started

    def open(self):
        self.ix = index.open_dir(self.path)
        self.searcher = self.ix.searcher()
        self.parser = QueryParser("body", self.ix.schema)

    def search(self, q: str, limit: int | None = 50):
        query = self.parser.parse(q)
        results = self.searcher.search(query, limit=limit)
        results.fragmenter = ContextFragmenter(maxchars=80, surround=20)
        hits = []
        for k, hit in enumerate(results):
            snippet = hit.highlights("body") if k < HIGHLIGHTED else ""
            hits.append((hit["id"], snippet))
        return len(results), hits
