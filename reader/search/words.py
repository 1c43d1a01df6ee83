"""Custom words: names and terms jieba's dictionary splits (弗劳恩霍夫 comes out as 弗劳恩 / 霍夫).

A file holds one word per line, optionally followed by a frequency and a part-of-speech tag,
as jieba's user dictionaries do (``弗劳恩霍夫 20 nt``); ``#`` starts a comment. The words are
used where whole words matter — ranking words over fragments, and the keywords and related
articles — not for finding text: every substring is found whatever the words are.

Where the file is: ``--custom-words FILE``, else ``$READER_CUSTOM_WORDS``, else the settings'
``custom_words`` key, else ``words.txt`` beside the settings file (the user config folder).
The index records a digest of the words it was built with; when they change, the index is
rebuilt, with a notice.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from reader.search.normalize import normalize

ENV = "READER_CUSTOM_WORDS"
FILE_NAME = "words.txt"
MAX_BYTES = 4 << 20
MAX_WORD = 40  # characters: longer is no word
MAX_FREQ = 10 ** 9
# jieba's user-dictionary line: the word, then maybe a frequency, then maybe a tag (n, nr, nz, eng …)
_LINE = re.compile(r"^(?P<word>.+?)(?:\s+(?P<freq>\d+))?(?:\s+(?P<tag>[a-z]{1,3}))?$")
DEFAULT_TAG = "nz"  # a word the user names is a name or a term: keywords weigh it as one


class CustomWordsError(ValueError):
    """A custom-words file that cannot be read (the message names it and says why)."""


@dataclass(frozen=True)
class Word:
    text: str  # normalised, as the analyzers see text
    freq: int | None  # None: jieba's suggestion, enough to keep the word whole
    tag: str  # part of speech


@dataclass(frozen=True)
class CustomWords:
    words: tuple[Word, ...] = ()
    source: str | None = None
    warnings: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words)

    @cached_property
    def digest(self) -> str:
        """What the index records: equal digests, the same words ("" for none)."""
        if not self.words:
            return ""
        h = hashlib.sha256()
        for w in self.words:
            h.update(f"{w.text}\t{w.freq if w.freq is not None else ''}\t{w.tag}\n".encode("utf-8"))
        return h.hexdigest()[:16]

    @cached_property
    def tags(self) -> dict[str, str]:
        """Each word's part of speech."""
        return {w.text: w.tag for w in self.words}

    @classmethod
    def parse(cls, text: str, source: str | None = None) -> "CustomWords":
        words: dict[str, Word] = {}
        warnings: list[str] = []
        where = source or "custom words"
        for n, raw in enumerate(text.splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            m = _LINE.match(line)
            word = m.group("word").strip() if m else line
            bad = _why_not(word)
            if bad:
                warnings.append(f"{where}:{n}: {bad} ({_shown(line)})")
                continue
            freq = int(m.group("freq")) if m and m.group("freq") else None
            if freq == 0:  # (jieba's way of deleting a word, for every tokenizer in the process)
                warnings.append(f"{where}:{n}: a frequency of 0 would unmake a word; left out ({_shown(line)})")
                continue
            if freq is not None and freq > MAX_FREQ:
                freq = MAX_FREQ
            tag = (m.group("tag") if m and m.group("tag") else DEFAULT_TAG)
            folded = normalize(word)
            words[folded] = Word(folded, freq, tag)
        return cls(tuple(words.values()), source, tuple(warnings))


def _why_not(word: str) -> str | None:
    if len(word) > MAX_WORD:
        return f"longer than {MAX_WORD} characters"
    if any(ch.isspace() for ch in word):
        return "a word cannot hold a space"
    if any(unicodedata.category(ch)[0] in "CZ" for ch in word):
        return "control or invisible characters"
    if not any(ch.isalnum() for ch in word):
        return "no letters"
    return None


def _shown(text: str) -> str:
    """A line as a message may show it: no control characters, at most 40 characters."""
    safe = "".join(ch if unicodedata.category(ch)[0] != "C" else "�" for ch in text)
    return repr(safe[:40])


def read_file(path: Path) -> CustomWords:
    """A custom-words file; CustomWordsError if it cannot be read (missing, not UTF-8, too big)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CustomWordsError(f"{path}: {size:,} bytes is too big for a custom-words file (at most {MAX_BYTES:,})")
        if not path.is_file():
            raise CustomWordsError(f"{path}: not a file")
        data = path.read_bytes()
    except OSError as exc:
        raise CustomWordsError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CustomWordsError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return CustomWords.parse(text, str(path))


def user_file(flag: str | os.PathLike | None = None, setting: Path | None = None,
              config_file: Path | None = None) -> tuple[Path | None, bool]:
    """(the user's custom-words file, whether it was asked for by name — then it must exist)."""
    from reader import paths

    return paths.user_file(flag, ENV, setting, config_file, FILE_NAME)


def load(flag=None, setting: Path | None = None, config_file: Path | None = None) -> CustomWords:
    """The user's custom words (none when there is no file). A file named by flag,
    environment or setting that cannot be read is CustomWordsError."""
    path, named = user_file(flag, setting, config_file)
    if path is None or (not named and not path.is_file()):
        return CustomWords()
    return read_file(path)


def child_flags(words: CustomWords | None) -> list[str]:
    """The ``reader index`` flags that make a child process cut words as *words* do."""
    if words and words.source:
        return ["--custom-words", words.source]
    return ["--no-custom-words"]


# The custom words this process cuts words with. They live here, not in the analyzer, so
# that choosing them (at every launch, before the app's first paint) imports no Whoosh.
_in_use: CustomWords | None = None
_NONE = CustomWords()


def use(words: CustomWords | None) -> None:
    """Cut words with *words* (empty or None: jieba's dictionary alone) from now on,
    everywhere in this process — the index's words, keywords and related articles."""
    global _in_use
    _in_use = words if words else None


def in_use() -> CustomWords:
    """The custom words in use (empty when none)."""
    return _in_use if _in_use is not None else _NONE


def chosen() -> CustomWords | None:
    """The custom words in use, None when none."""
    return _in_use
