"""reader — read and search Chinese newspaper archives in the terminal.

Which module to open for what. The layers import downwards only — corpus, then search and
store, then tui and cli — and nothing outside ``reader.tui`` imports Textual (a test
checks it).

``reader.corpus`` — page files to articles
    ``corpus`` loads a folder (``Corpus``, ``load_corpus``); ``pagefiles`` finds, names and
    reads its page files; ``decode``, ``page``, ``byline``, ``dateline`` are the parser;
    ``layout`` says where a page sits in an archive (paper, issue, 版); ``article`` is the
    model, with ``Article.parts()``, the one walk over an article in reading order;
    ``meta`` writes the line under a title; ``cache`` and ``body`` keep parsed pages on
    disk, ``preview`` the first screen; ``version`` is the parser's version; ``issues``
    groups an archive by paper and issue, ``reading`` walks it in issue order (next,
    previous, continuations); ``quote`` quotes a paragraph and cites it.
``reader.search`` — a query to hits (its own map: ``docs/search-design.md``)
    ``engine`` is the facade, ``SearchEngine``; ``query`` parses, ``fields`` is the table
    of query fields; ``prepared`` holds the data a search reads, ``literals`` says which
    articles each part matches, ``ranking`` orders them, ``hits`` makes spans and snippets;
    ``index`` is the on-disk index; ``pinyin`` and ``readings`` read letters as Chinese;
    ``related`` finds related articles, ``facet`` counts the hits by paper, author, date, 版.
``reader.store`` — the user's data: bookmarks and reading state (``db`` the database).
``reader.tui`` — the Textual app: ``app`` holds app-wide state; ``screens``, ``widgets``
    and ``dialogs`` are what it shows; ``reader.tcss`` is the main screen's layout.
``reader.cli`` — the ``reader`` command: ``entry`` and ``args``, then one module per
    command group.
``reader.settings`` — the settings file: ``schema`` (every key), ``reading``, ``writing``.
Beside them: ``cachenames`` names every cache file and ``cachefile`` frames them;
``paths`` finds the user's folders; ``files`` writes atomically; ``printable`` makes
outside text safe for a terminal; ``notices`` tells the user what was repaired.
"""

__version__ = "0.1.0"
