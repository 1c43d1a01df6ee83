"""Where every cache of a corpus folder lives in the cache dir: its names, derived here only.

Each is named after the corpus folder's absolute path (a key: two folders never share a
cache, and a folder finds its own again) and, where a file holds one version of its data,
after that version::

    corpus/<short key>-<parser version>.cache      the parsed pages  (reader.corpus.cache)
    corpus/<short key>-<parser version>-<token>.body   their paragraphs (reader.corpus.body)
    preview/<short key>.json                       the first screen  (reader.corpus.preview)
    index/<key>/                                   the search index  (reader.search.index)
    index/<key>.lock                               who is building it (reader.search.buildlock)
    text/<key>-<text version>.u16                  the folded text   (reader.search.textstore)
    text/<key>-<text version>.s<schema>.chars      character postings (reader.search.charsets)

The short key (8 hex digits, a CRC-32) and the key (16, BLAKE2b) are the two the caches
were first written with; a new key would leave every existing cache — an index can be
hundreds of MB — behind in the cache dir, unused. A folder's older versions in a kind's
folder are found by their key (:func:`of_the_same_folder`) and removed by their writers.
Files being written, and index folders being built, carry the names
:mod:`reader.files` gives them (``….tmp-<pid>-…``, ``….build-<pid>``), which it cleans up.
"""

from __future__ import annotations

import hashlib
import zlib
from pathlib import Path
from typing import Iterator


def _path_bytes(root) -> bytes:
    return str(Path(root).resolve()).encode("utf-8", "surrogateescape")


def short_key(root) -> str:
    """The corpus folder *root*'s key in the names of the corpus cache and preview."""
    return f"{zlib.crc32(_path_bytes(root)):08x}"


def key(root) -> str:
    """The corpus folder *root*'s key in the names of the index and text caches."""
    return hashlib.blake2b(_path_bytes(root), digest_size=8).hexdigest()


def corpus_cache(cache_dir, root, parser_version: str) -> Path:
    return Path(cache_dir) / "corpus" / f"{short_key(root)}-{parser_version}.cache"


def corpus_body(cache_file: Path, token: str) -> Path:
    """A body file of the corpus cache *cache_file* (a new *token* for each one written)."""
    return cache_file.parent / f"{cache_file.stem}-{token}.body"


def preview_file(cache_dir, root) -> Path:
    return Path(cache_dir) / "preview" / f"{short_key(root)}.json"


def index_dir(cache_dir, root) -> Path:
    return Path(cache_dir) / "index" / key(root)


def index_lock(index: Path) -> Path:
    """The lock file of the index folder *index* (:func:`index_dir`), beside it."""
    return index.with_suffix(".lock")


def text_file(cache_dir, root, text_version: str) -> Path:
    return Path(cache_dir) / "text" / f"{key(root)}-{text_version}.u16"


def charsets_file(text: Path, schema: int) -> Path:
    """The character postings kept beside the text cache file *text*, for index *schema*."""
    return text.with_suffix(f".s{schema}.chars")


def of_the_same_folder(path: Path) -> Iterator[Path]:
    """The files beside cache file *path* that belong to its corpus folder (by key): its
    other versions, their body or postings files, and files being written."""
    return path.parent.glob(path.name.split("-")[0] + "-*")
