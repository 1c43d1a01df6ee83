"""``reader`` with no command: the app, built from the arguments (Textual is imported only here)."""

from __future__ import annotations

import argparse

from reader import paths
from reader.cli.context import cache_dir, follow_links, load_settings, load_synonyms


def run_app(args: argparse.Namespace, warnings: list[str] = ()) -> int:
    import shutil

    app, session_cache = build_app(args, warnings)
    try:
        app.run()
    finally:
        if session_cache is not None:
            shutil.rmtree(session_cache, ignore_errors=True)
    return app.return_code or 0


def build_app(args: argparse.Namespace, warnings: list[str] = ()):
    """The app for *args*, and the temporary cache folder it uses for this session only
    (None normally): a refused cache dir is said so in the app, which works without it.
    *warnings*: what reading the custom words said, shown in the app."""
    import gc

    notices: list[tuple[str, str]] = []  # (title, message) shown once the app has painted
    if warnings:
        notices.append(("Custom words", "; ".join(warnings[:3]) + (f"; and {len(warnings) - 3} more" if len(warnings) > 3 else "")))
    session_cache = None
    try:
        cache = cache_dir(args)
    except paths.UnsafeDirError as exc:
        import tempfile
        from pathlib import Path

        session_cache = cache = Path(tempfile.mkdtemp(prefix="reader-cache-"))  # 0700
        notices.append(("Cache dir refused", f"{exc}. Until then the cache lives in a temporary folder "
                        "for this session only, so search takes longer to open."))
    # Start-up allocates a lot that lives as long as the app (modules, the corpus): no cyclic
    # collection while loading, then freeze it all so later collections never walk it again
    # (the collector cost ~20 ms before the first paint).
    gc.disable()
    try:
        from reader.corpus.preview import CorpusLoader

        # a bad folder is an error before the app starts; the articles load after its
        # first paint, which shows the first ones when a previous launch kept them
        loader = CorpusLoader(paths.corpus_dir(args.corpus), cache, follow_links=follow_links(args))
        from reader.tui.app import ReaderApp
    finally:
        gc.freeze()
        gc.enable()
    prefs = load_settings(args, quiet=True)  # (their warnings show in the app)
    app = ReaderApp(loader, cache, paths.data_dir(args.data_dir),
                    pinyin=False if args.no_pinyin else None, settings=prefs,
                    notices=notices, synonyms=load_synonyms(args, prefs, quiet=True),
                    use_synonyms=False if args.no_synonyms else None)
    return app, session_cache
