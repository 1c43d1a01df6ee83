"""The corpus's fatal error, in a module of its own: the first screen (the preview) raises
it without loading the scanner."""


class CorpusError(Exception):
    """The corpus folder itself cannot be used (missing, not a folder, unreadable)."""
