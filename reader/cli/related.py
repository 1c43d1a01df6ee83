"""``reader related``: the articles related to one article, and its keywords."""

from __future__ import annotations

import argparse

from reader.cli.context import open_corpus, open_engine, resolve_article
from reader.cli.errors import UsageError
from reader.cli.output import one_line, print_json


def cmd_related(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be a positive number")
    corpus = open_corpus(args, quiet=args.json)
    article = resolve_article(corpus, args.id)
    engine, _, _ = open_engine(args, corpus, quiet=args.json)
    words, found = engine.related(article, args.limit)
    if args.json:
        print_json({
            "id": article.id, "title": article.title,
            "keywords": [k.to_json() for k in words],
            "related": [r.to_json() for r in found],
        })
        return 0
    print(f"{one_line(article.title)}  ({article.id})")
    print("keywords: " + one_line("  ".join(k.word for k in words)))
    if not found:
        print("no related articles")
    for rank, r in enumerate(found, start=1):
        print(f"{rank:>3}. {r.score:.2f}  {one_line(r.article.title)}  ({r.article.id}; {one_line('、'.join(r.shared))})")
    return 0
