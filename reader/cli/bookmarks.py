"""``reader bookmarks list|export|import|rm``: the user's bookmarks."""

from __future__ import annotations

import argparse
import sys

from reader.cli.context import open_corpus, user_store
from reader.cli.errors import UsageError
from reader.cli.output import json_text, one_line, print_json, warn
from reader.corpus import CorpusError
from reader.printable import printable


def _corpus(args: argparse.Namespace, bookmarks):
    """The corpus, to check *bookmarks* against and cite them from; None when there are
    none, or it cannot be opened (nothing is then flagged or cited)."""
    if not bookmarks:
        return None
    try:
        return open_corpus(args, quiet=True)
    except CorpusError:
        return None


def _missing_ids(corpus, bookmarks) -> set[str]:
    """Ids of bookmarked articles that are no longer in *corpus* (none without one)."""
    if corpus is None:
        return set()
    known = {a.id for a in corpus.articles}
    return {b.article_id for b in bookmarks if b.article_id not in known}


def _gone(store, corpus):
    """Bookmark of an article not in *corpus* → what is true of it: that it is not in this
    corpus (named), and, where the store knows the corpus it was made in and that is
    another, which one and how to export it with its citation."""
    import shlex
    from pathlib import Path

    from reader.paths import bundled_seeds

    here = Path(corpus.root).resolve() if corpus is not None else None

    def display_path(folder) -> str:
        return "the bundled seeds, " + str(folder) if Path(folder) == bundled_seeds().resolve() else str(folder)

    def shell_quote(folder) -> str:
        return shlex.quote(str(folder))

    def gone(b) -> str:
        saved = store.saved_in(b.id)
        if here is None:
            return "its article was not found"
        if saved is not None and Path(saved) == here:
            return f"no longer in this corpus ({display_path(here)})"
        said = f"not in this corpus ({display_path(here)})"
        if saved is not None:
            said += f"; saved in {display_path(saved)}: --corpus {shell_quote(saved)} to export it with its citation"
        return said

    return gone


def _texts(corpus):
    """Bookmark → the text to quote: its paragraph as the corpus has it, whole (a bookmark
    saved by an older reader kept only its first 160 characters), else what it keeps."""
    from reader.store.bookmark import quote_of

    by_id = {a.id: a for a in corpus.articles} if corpus is not None else {}

    def text_of(b) -> str:
        article = by_id.get(b.article_id)
        if article is not None and 0 <= b.paragraph < len(article.paragraphs):
            return quote_of(article.paragraphs[b.paragraph])
        return b.quote

    return text_of


def _citations(args: argparse.Namespace, corpus):
    """Article id → its citation in ``--citation``'s style, else the settings' (all the
    pages of an article continued on others), None for one not in *corpus*; None without
    a corpus (the export then cites nothing)."""
    from reader.cli.context import load_settings
    from reader.corpus.quote import citer

    if corpus is None:
        return None
    return citer(corpus, getattr(args, "citation", None) or load_settings(args, quiet=True).citation)


def _listed(b, article, text: str, missing: bool, saved_in) -> dict:
    """A bookmark as ``bookmarks list --json`` gives it: the store's fields, with where its
    article is as ``list --json`` says it — ``paper``, ``issue``, ``page`` (版次) and ``date``
    (``YYYY-MM-DD``, a range ``…/…``, ``MM-DD`` without a year) from the corpus; for an
    article not in it, those null and ``date`` the label the bookmark was saved with (as
    before: ``"2023年8月12日"``, ``""`` for none), ``date_label`` either way the date as shown."""
    data = {**b.to_json(), "quote": text, "missing": missing, "saved_in": saved_in}
    if article is None:
        data.update(paper=None, issue=None, page=None, date_label=b.date or None)
    else:
        data.update(paper=article.paper, issue=article.issue.isoformat() if article.issue else None,
                    page=article.page_no, date=article.date.iso if article.date else None,
                    date_label=article.date.label if article.date else None)
    return data


def _paragraph_counts(args: argparse.Namespace):
    """How many paragraphs an article of the corpus has (None for one it does not have),
    to check imported bookmarks against; None when the corpus cannot be opened."""
    try:
        corpus = open_corpus(args, quiet=True)
    except CorpusError:
        return None
    by_id = {a.id: a for a in corpus.articles}

    def count(article_id: str) -> int | None:
        article = by_id.get(article_id)
        return len(article.paragraphs) if article is not None else None

    return count


def cmd_bookmarks(args: argparse.Namespace) -> int:
    from reader.store import StoreError, load_export

    action = args.bookmarks_command or "list"
    store = user_store(args)
    if action == "list":
        marks = store.bookmarks()
        corpus = _corpus(args, marks)
        missing = _missing_ids(corpus, marks)
        article_of = corpus.get if corpus is not None else (lambda _id: None)
        if getattr(args, "json", False):
            text_of = _texts(corpus)
            print_json([_listed(b, article_of(b.article_id), text_of(b), b.article_id in missing,
                                store.saved_in(b.id)) for b in marks])
            return 0
        if not marks:
            print("No bookmarks yet. In the app, press b on a paragraph to add one.")
            return 0
        from reader.store.bookmark import bookmark_place

        gone = _gone(store, corpus)
        for b in marks:
            when = b.saved_day
            flag = f"  [{gone(b)}]" if b.article_id in missing else ""
            place = bookmark_place(b, article_of(b.article_id))  # paper, issue, 版 and date
            place = f" · {place}" if place else ""
            print(f"{one_line(b.id)}  {when}  {one_line(b.title)} ¶{b.paragraph + 1}{one_line(place)}{one_line(flag)}")
            print(f"          {one_line(b.quote[:60])}{'…' if len(b.quote) > 60 else ''}")
            if b.note:
                print(f"          note: {one_line(b.note)}")
        return 0
    if action == "export":
        marks = store.bookmarks()
        corpus = _corpus(args, marks)
        cite = _citations(args, corpus)
        if args.format == "json":
            text = json_text(store.export_json(cite, _texts(corpus))) + "\n"
        else:
            # Markdown is read by people: what came from pages or imports, as text
            text = printable(store.export_markdown(_missing_ids(corpus, marks), cite, _texts(corpus), _gone(store, corpus)), multiline=True)
        if args.output:
            from pathlib import Path

            try:
                Path(args.output).write_text(text, "utf-8")
            except OSError as exc:
                raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
            n = len(store.bookmarks())
            print(f"{n} bookmark{'s' if n != 1 else ''} written to {args.output}", file=sys.stderr)
        else:
            sys.stdout.write(text)
        return 0
    if action == "import":
        try:
            report = store.import_json(load_export(args.file), _paragraph_counts(args))
        except StoreError as exc:
            raise UsageError(str(exc)) from None
        for bad in report.rejected:
            warn(f"rejected {bad}")
        if args.json:
            print_json({"added": report.added, "updated": report.updated, "unchanged": report.unchanged,
                         "rejected": [r.to_json() for r in report.rejected]})
        else:
            rejected = f"; {len(report.rejected)} rejected (see above)" if report.rejected else ""
            print(f"Imported: {report.added} added, {report.updated} updated, {report.unchanged} already here{rejected}.")
        return 1 if report.rejected else 0  # a script must not take a partial import for a whole one
    if action == "rm":
        found = store.find(args.id)
        if not found:
            raise UsageError(f"no bookmark with id {args.id!r} (see `reader bookmarks list`)")
        if len(found) > 1:
            raise UsageError(f"id {args.id!r} is ambiguous: {', '.join(b.id for b in found[:5])}")
        store.remove(found[0].id)
        print(f"Removed {one_line(found[0].id)}: {one_line(found[0].title)} ¶{found[0].paragraph + 1}")
        return 0
    raise UsageError(f"unknown bookmarks action {action!r}")
