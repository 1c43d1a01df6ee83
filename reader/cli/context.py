"""What a command opens from its arguments: settings, synonyms, the cache and data dirs, the
corpus and one article of it, the search engine, the user's bookmarks."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from reader import notices, paths
from reader.cli.errors import UsageError
from reader.cli.output import ProgressBar, warn
from reader.corpus import Article, CorpusError
from reader.plural import counted

if TYPE_CHECKING:
    from reader.corpus import Corpus


def load_settings(args: argparse.Namespace, quiet: bool = False):
    """The user's settings (``--config``, ``READER_CONFIG`` or the user config dir), their
    warnings on stderr. Read once per command: the same object on later calls."""
    loaded = getattr(args, "_settings", None)
    if loaded is None:
        from reader import settings

        loaded = args._settings = settings.load(getattr(args, "config", None))
    if not quiet:
        for warning in loaded.warnings:
            warn(warning, "warning: ")
    return loaded


def load_synonyms(args: argparse.Namespace, prefs, quiet: bool = False):
    """The synonyms for *args* and the settings *prefs*; a file asked for that cannot be
    read is a UsageError (exit 2), bad lines are warnings on stderr."""
    from reader.search.synonyms import SynonymsError, load

    try:
        found, warnings = load(getattr(args, "synonyms", None), prefs.file_path("synonyms"), prefs.path)
    except SynonymsError as exc:
        raise UsageError(f"synonyms: {exc}") from None
    if not quiet:
        for warning in warnings:
            print(f"reader: warning: {warning}", file=sys.stderr)
    return found


def use_custom_words(args: argparse.Namespace, quiet: bool = False) -> list[str]:
    """Cut words with the user's custom words from now on (``--custom-words``, else
    ``READER_CUSTOM_WORDS``, else the settings'): a file asked for that cannot be read is a
    UsageError (exit 2); bad lines are warnings, on stderr unless *quiet*, and returned."""
    from reader.search.words import CustomWordsError, load, use  # (no Whoosh before the app paints)

    if getattr(args, "no_custom_words", False):
        use(None)
        return []
    prefs = load_settings(args, quiet=True)
    try:
        words = load(getattr(args, "custom_words", None), prefs.file_path("custom_words"), prefs.path)
    except CustomWordsError as exc:
        raise UsageError(f"custom words: {exc}") from None
    use(words)
    if not quiet:
        for warning in words.warnings:
            warn(warning, "warning: ")
    return list(words.warnings)


def follow_links(args: argparse.Namespace) -> bool:
    """Whether links to files outside the corpus folder are read: ``--follow-links``, else
    the settings' ``follow_links``."""
    return bool(getattr(args, "follow_links", None)) or load_settings(args, quiet=True).follow_links


def cache_dir(args: argparse.Namespace):
    """The cache dir, created private or checked (UnsafeDirError), cleared of what dead
    processes left there."""
    from reader.files import remove_leftovers

    path = paths.cache_dir(getattr(args, "cache_dir", None))
    try:
        paths.private_dir(path, "cache dir", choose=f"--cache-dir DIR or {paths.ENV_CACHE}", disposable=True)
    except OSError:
        return path  # cannot be created: reading goes on uncached, indexing says why it fails
    remove_leftovers(path)
    return path


def data_dir(args: argparse.Namespace):
    """The data dir, created private or checked (UnsafeDirError)."""
    path = paths.data_dir(getattr(args, "data_dir", None))
    try:
        return paths.private_dir(path, "data dir", choose=f"--data-dir DIR or {paths.ENV_DATA}")
    except OSError:
        return path  # cannot be created: the store says so and goes on without saving


def open_corpus(args: argparse.Namespace, quiet: bool = False, allow_empty: bool = False) -> Corpus:
    from reader.corpus import load_corpus

    corpus = load_corpus(paths.corpus_dir(args.corpus), cache_dir(args), follow_links=follow_links(args))
    if not corpus.articles and not allow_empty:  # only empty or unreadable pages: as clear as an empty folder
        raise CorpusError(_nothing_readable(corpus))
    if not quiet:
        from reader.corpus.loadnotes import shown_warnings

        for warning in shown_warnings(corpus):  # each with the page's path from the root
            warn(warning, "warning: ")
    return corpus


def _nothing_readable(corpus: Corpus) -> str:
    """One line for a folder whose page files all were skipped: how many, and the first reasons."""
    n = len(corpus.warnings)
    if not n:
        return f"no articles in the page files (*.txt) of {corpus.root}"
    reasons = "; ".join(corpus.warnings[:2]) + ("; …" if n > 2 else "")
    return (f"no readable page files (*.txt) in {corpus.root}: "
            f"{n} skipped" + (f" ({reasons})" if reasons else ""))


def resolve_article(corpus: Corpus, ident: str) -> Article:
    found = corpus.find(ident.strip())
    if not found:
        raise UsageError(f"no article with id {ident!r} (see `reader list`)")  # repr: escaped
    if len(found) > 1:
        ids = ", ".join(a.id for a in found[:5])
        raise UsageError(f"id {ident!r} is ambiguous: {ids}")
    return found[0]


def open_engine(args: argparse.Namespace, corpus: Corpus, rebuild: bool = False, quiet: bool = False,
                **settings):
    """The search engine for *corpus*, building or updating its index first if needed
    (with a progress bar on a terminal); *settings*: the engine's keyword arguments
    (``SearchEngine``) beyond pinyin on or off, which ``--no-pinyin`` says."""
    from reader.search import IndexStore, SearchEngine

    store = IndexStore(corpus, cache_dir(args))
    if rebuild or not store.is_current():
        if not quiet:
            print(f"reader: indexing {counted(len(corpus.articles), 'article')}…", file=sys.stderr)
        with ProgressBar(quiet) as progress:
            ix, report = store.open(rebuild=rebuild, progress=progress, waiting=_say_waiting)
    else:
        ix, report = store.open(waiting=_say_waiting)
    if report.notice:  # a rebuild of a damaged index is said even with --json (on stderr)
        notices.notice(report.notice)
    engine = SearchEngine(corpus, ix, pinyin=not getattr(args, "no_pinyin", False), cache_dir=store.cache_dir,
                          **settings)
    return engine, report, store


def _say_waiting(text: str) -> None:
    """What opening the index waits for (another reader building it), on stderr."""
    print(f"reader: {text}", file=sys.stderr, flush=True)


def user_store(args: argparse.Namespace):
    """The bookmarks and reading state in the data dir; what opening it says, as warnings."""
    from reader.store import UserStore

    store = UserStore(data_dir(args))
    for message in store.messages:
        warn(message, "warning: ")
    return store
