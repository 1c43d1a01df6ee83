"""Pinyin matching: Latin letters typed for Chinese characters.

A query literal that contains ASCII letters also matches Chinese text read aloud:

    duxiaogang / du xiao gang   full syllables          杜小刚
    dxg                         initials                杜小刚
    duxg, dxgang                any mixture of the two  杜小刚
    杜xg, wuxi市                 letters beside characters
    duxiaog                     the last piece may be any prefix of a syllable (typing)

A literal is cut into pieces, each read by one character: a piece before another is a
whole syllable or an initial (``b``, ``zh``, ``a``…); the piece at the very end of the
literal may be any prefix of a syllable, so every prefix of what is typed matches a
superset of what the longer text matches. A polyphonic character (长 cháng/zhǎng) matches
by any of its readings; ``ü`` is typed ``v`` or ``u``. Characters that are not ASCII
letters match themselves; a space or an apostrophe only separates pieces.

The pieces become character classes over the characters of the corpus, and a literal
becomes one regular expression over the normalised text, so match spans are exact and
cover the characters read.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable

_LETTERS = re.compile(r"[a-z]")
_RUN = re.compile(r"[a-z'\s]*[a-z][a-z'\s]*|[^a-z]+")
_INTERJECTIONS = frozenset({"m", "n", "ng", "hm", "hng"})
_VOWELS = frozenset("aoe")
_MAX_SEGMENTATIONS = 64  # per run of letters; the fewest pieces are tried first
_TONE_FOLD = {ord("ü"): "v", ord("ǖ"): "v", ord("ǘ"): "v", ord("ǚ"): "v", ord("ǜ"): "v",
              ord("ḿ"): "m", ord("ń"): "n", ord("ň"): "n", ord("ǹ"): "n", ord("ê"): "e"}


def has_letters(text: str) -> bool:
    """Whether a (normalised) literal has anything to read as pinyin."""
    return _LETTERS.search(text) is not None


def _toneless(reading: str) -> str:
    reading = reading.translate(_TONE_FOLD)
    return "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, str]:
    """Code point (as a decimal string) → readings with tone marks, comma-separated.

    pypinyin's single-character table, read straight from its JSON file: importing the
    ``pypinyin`` package would also load its 2.5 MB phrase dictionary, ~55 MB of memory
    this matching never uses."""
    import importlib.util
    import json
    from pathlib import Path

    spec = importlib.util.find_spec("pypinyin")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "pinyin_dict.json"
        if path.is_file():
            return json.loads(path.read_text("utf-8"))
    from pypinyin.pinyin_dict import pinyin_dict  # a layout without the JSON file

    return {str(k): v for k, v in pinyin_dict.items()}


@lru_cache(maxsize=8192)
def readings(ch: str) -> tuple[str, ...]:
    """Every toneless reading of one character (empty if it has none); ü as v and u."""
    raw = _dictionary().get(str(ord(ch))) if len(ch) == 1 else None
    if not raw:
        return ()
    forms: list[str] = []
    for r in raw.split(","):
        r = _toneless(r.strip())
        if r and r.isascii() and r.isalpha():
            forms.append(r)
            if "v" in r:
                forms.append(r.replace("v", "u"))
    return tuple(dict.fromkeys(forms))


def _initial(syllable: str) -> str:
    return syllable[:2] if syllable[:2] in ("zh", "ch", "sh") else syllable[:1]


class PinyinTable:
    """The readings of the characters of one corpus, and the patterns built from them."""

    def __init__(self, chars: Iterable[str]):
        by_reading: dict[str, set[str]] = {}
        for ch in chars:
            if len(ch) != 1 or ch.isascii():
                continue
            for r in readings(ch):
                by_reading.setdefault(r, set()).add(ch)
        self._by_reading = by_reading
        # interjections (嗯 ng, 呣 m…) are not read as whole pieces: n, m stay initials
        self.syllables = frozenset(r for r in by_reading if r not in _INTERJECTIONS)
        self.syllables_all = tuple(sorted(by_reading))
        self.initials = frozenset(_initial(s) for s in by_reading) | frozenset(s[0] for s in by_reading)
        self._prefixes = frozenset(s[:k] for s in by_reading for k in range(1, len(s) + 1))
        self._class_cache: dict[tuple[str, bool], str] = {}
        self._pattern_cache: dict[str, re.Pattern | None] = {}

    # -- pieces -------------------------------------------------------------------------
    def readings_for(self, piece: str, final: bool) -> list[str]:
        """The readings (of this corpus's characters) one piece can stand for."""
        if final:
            return [r for r in self._by_reading if r.startswith(piece)]
        return [r for r in self._by_reading if r == piece or _initial(r) == piece or r[:1] == piece]

    def chars_of(self, reading: str) -> set[str]:
        return self._by_reading.get(reading, set())

    def chars_for(self, piece: str, final: bool) -> str:
        """The characters one piece can stand for, as a string (sorted, for caching)."""
        key = (piece, final)
        cached = self._class_cache.get(key)
        if cached is not None:
            return cached
        out: set[str] = set()
        for r in self.readings_for(piece, final):
            out |= self._by_reading[r]
        result = "".join(sorted(out))
        self._class_cache[key] = result
        return result

    def segmentations(self, run: str, final: bool) -> list[list[tuple[str, bool]]]:
        """Ways to read a run of letters as pieces: ``[(piece, is_final), …]``; fewest
        pieces first, at most ``_MAX_SEGMENTATIONS``."""
        groups = [g for g in re.split(r"[\s']+", run) if g]
        out: list[list[tuple[str, bool]]] = [[]]
        for gi, group in enumerate(groups):
            last = final and gi == len(groups) - 1
            found = self._segment(group, last)
            out = [a + b for a in out for b in found][: _MAX_SEGMENTATIONS]
            if not out:
                return []
        out.sort(key=len)
        return out

    def _segment(self, s: str, final: bool) -> list[list[tuple[str, bool]]]:
        n = len(s)
        results: list[list[tuple[str, bool]]] = []

        def walk(i: int, acc: list[tuple[str, bool]]) -> None:
            if len(results) >= _MAX_SEGMENTATIONS * 4:
                return
            if i == n:
                results.append(list(acc))
                return
            if i > 0 and s[i] in _VOWELS:
                return
            if final and s[i:] in self._prefixes and self._may_follow(acc, s[i:]):
                acc.append((s[i:], True))
                walk(n, acc)
                acc.pop()
            for k in range(min(6, n - i), 0, -1):
                piece = s[i : i + k]
                if final and i + k == n:
                    continue  # the end of the text is read as a prefix, above
                if i > 0 and piece[0] in _VOWELS:
                    break  # as in written pinyin: a syllable opening with a vowel needs ' (xi'an)
                if piece in ("c", "s", "z") and s[i + k : i + k + 1] == "h":
                    continue  # zh, ch, sh are one initial
                if (piece in self.syllables or piece in self.initials) and self._may_follow(acc, piece):
                    acc.append((piece, False))
                    walk(i + k, acc)
                    acc.pop()

        walk(0, [])
        unique = list({tuple(r): r for r in results}.values())
        unique.sort(key=len)
        return unique[:_MAX_SEGMENTATIONS]

    def _may_follow(self, acc: list[tuple[str, bool]], piece: str) -> bool:
        """A piece opening with n or g does not split a syllable off the one before it:
        ``xian`` is 先/现, not 夏+n…; ``shengchan`` is sheng|chan."""
        if not acc or piece[0] not in "ng":
            return True
        prev = acc[-1][0]
        return not (prev in self.syllables and prev + piece[0] in self.syllables)

    # -- patterns -----------------------------------------------------------------------
    def pattern(self, text: str) -> re.Pattern | None:
        """The regular expression a normalised literal reads as, or None if no way of
        reading its letters exists in this corpus."""
        if text in self._pattern_cache:
            return self._pattern_cache[text]
        parts: list[str] = []
        runs = _RUN.findall(text)
        ok = True
        for k, run in enumerate(runs):
            if not has_letters(run):
                literal = run.strip() if k in (0, len(runs) - 1) else run
                parts.append(r"[ \t\u3000]+".join(re.escape(p) for p in literal.split(" ")) if literal else "")
                continue
            trie: dict = {}
            for seg in self.segmentations(run, final=k == len(runs) - 1):
                classes = [self.chars_for(p, f) for p, f in seg]
                if all(classes):
                    node = trie
                    for c in classes:
                        node = node.setdefault(c, {})
                    node[""] = {}
            if not trie:
                ok = False
                break
            parts.append(_emit(trie))
        result = re.compile("".join(parts)) if ok and parts else None
        if len(self._pattern_cache) > 512:
            self._pattern_cache.clear()
        self._pattern_cache[text] = result
        return result

    def required(self, text: str) -> list[list[list[tuple[str, bool]]]]:
        """For candidate selection: per run of letters, its ways of being read, each a list
        of ``(piece, is_final)`` (an article must hold a character for every piece of one
        way); the literal characters are handled by the caller."""
        runs = _RUN.findall(text)
        return [self.segmentations(run, final=k == len(runs) - 1) for k, run in enumerate(runs) if has_letters(run)]


def literal_chars(text: str) -> str:
    """The characters of a literal that match only themselves (not letters, not spaces)."""
    return "".join(c for run in _RUN.findall(text) if not has_letters(run) for c in run if not c.isspace())


def _emit(trie: dict) -> str:
    """A trie of character-class sequences as one regular expression, shared prefixes
    written once."""
    alts = []
    for chars, rest in trie.items():
        if chars == "":
            alts.append("")
        else:
            body = _class(chars) if len(chars) == 1 else f"[{_class(chars)}]"
            alts.append(body + _emit(rest) if rest and list(rest) != [""] else body)
    if len(alts) == 1:
        return alts[0]
    alts.sort(key=lambda a: a == "")  # the longer reading first; an empty end last
    return "(?:" + "|".join(alts) + ")"


def _class(chars: str) -> str:
    return "".join("\\" + c if c in "\\]^-[" else c for c in chars)
