"""The orders results can be sorted in: best matches first, page order, newest first.

A module of its own so that the settings and the command line can name them without
importing the ranking."""

SORTS = ("relevance", "page", "date")
