"""Bookmarks and reading state. Never imports Textual."""

from reader.store.bookmark import Bookmark
from reader.store.store import StoreError, UserStore, load_export

__all__ = ["Bookmark", "StoreError", "UserStore", "load_export"]
