"""``reader index``: build or update the search index, with a summary; with
``--progress-lines``, the app's child process that reports in JSON lines."""

from __future__ import annotations

import argparse

from reader.cli.context import cache_dir, open_corpus, open_engine
from reader.cli.output import one_line, print_json
from reader.plural import counted


def cmd_index(args: argparse.Namespace) -> int:
    if args.progress_lines:  # the app's child process: reader.search.progress's lines on stdout
        corpus = open_corpus(args, quiet=True, allow_empty=True)  # the app opens empty, with warnings
        from reader.search import IndexStore, progress as lines

        def progress(done: int, total: int) -> None:
            print(lines.encode_progress(done, total), flush=True)

        def waiting(text: str) -> None:
            print(lines.encode_waiting(text), flush=True)

        _, report = IndexStore(corpus, cache_dir(args)).open(rebuild=args.rebuild, progress=progress,
                                                              waiting=waiting)
        print(lines.encode_finished(report.added, report.notice), flush=True)
        return 0
    corpus = open_corpus(args, quiet=args.json)
    engine, report, store = open_engine(args, corpus, rebuild=args.rebuild, quiet=args.json)
    size = sum(p.stat().st_size for p in store.path.rglob("*") if p.is_file())
    summary = {
        "corpus": str(corpus.root),
        "index": str(store.path),
        "files": len(corpus.files),
        "articles": len(corpus.articles),
        "indexed_articles": report.added,
        "rebuilt": report.built,
        "updated_files": report.updated_files,
        "removed_files": report.removed_files,
        "seconds": round(report.seconds, 3),
        "chars_per_second": round(report.chars / report.seconds) if report.seconds and report.chars else None,
        "index_bytes": size,
        "notice": report.notice,
    }
    if args.json:
        print_json(summary)
        return 0
    if report.did_work:
        rate = f" ({summary['chars_per_second']:,} chars/s)" if summary["chars_per_second"] else ""
        what = "built" if report.built else f"updated ({report.updated_files} changed, {report.removed_files} removed files)"
        print(f"Index {what}: {counted(report.added, 'article')} indexed in {report.seconds:.1f} s{rate}.")
    else:
        print("Index up to date: nothing to do.")
    print(f"{counted(len(corpus.articles), 'article')} from {counted(len(corpus.files), 'file')}; {size / 2**20:.1f} MiB at {one_line(str(store.path))}")
    return 0
