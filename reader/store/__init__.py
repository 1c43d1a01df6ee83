"""Bookmarks and reading state. Never imports Textual."""

from reader.store.bookmark import Bookmark
from reader.store.store import ImportReport, Rejected, StoreError, UserStore, load_export

__all__ = ["Bookmark", "ImportReport", "Rejected", "StoreError", "UserStore", "load_export"]
