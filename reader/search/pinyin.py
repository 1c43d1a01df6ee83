"""Pinyin matching: Latin letters typed for Chinese characters, the way people type them.

A query literal that contains ASCII letters also matches Chinese text read aloud:

    duxiaogang / du xiao gang   full syllables          杜小刚
    dxg                         initials                杜小刚
    duxg, dxgang                any mixture of the two  杜小刚
    杜xg, wuxi市                 letters beside characters
    duxiaog                     the last piece may be any prefix of a syllable (typing)
    xian                        every way of cutting the letters: 先/现… and 西安
    xi'an                       an apostrophe (or a space) forces a boundary: 西安, not 先

A literal's letters are cut into pieces in **every** valid way, each piece read by one
character (nobody types the apostrophes of written pinyin into a search box):

- a piece before another is a whole syllable or an initial (``b``, ``zh``, ``a``…) — but
  ``c``/``s``/``z`` before ``h`` are not pieces (``zh``, ``ch``, ``sh`` are one initial), a
  bare ``n`` or ``g`` does not split off the syllable before it when that syllable could
  end in it (``xia|n|shi`` is not a reading of ``xianshi``; ``fan|gan`` is one of ``fangan``),
  and an initial standing alone is not followed by a vowel it would open a syllable with
  (``gao`` is not g|ao; ``xa`` may be x|a, 西安);
- the piece at the very end of the literal may be any prefix of a syllable.

So every prefix of what is typed matches a superset of what the longer text matches: the
last piece growing by a letter narrows the syllables it may open, a new piece makes the
previous one a non-final piece (a whole syllable or an initial, both prefixes of one).
A polyphonic character (长 cháng/zhǎng) matches by any of its readings; ``ü`` is typed ``v``
or ``u``. Characters that are not ASCII letters match themselves. Fuzzy pinyin (模糊音:
``z=zh``, ``n=l``, ``an=ang``…, off unless asked for) gives characters the readings of the
other member of each pair.

The cuts of a run of letters form a small graph (position, the ``n``/``g`` the piece before
could take, the vowels it may not be followed by); it becomes one regular expression over the normalised text —
the readings between two points that every reading passes through written out, shared
prefixes once — so match spans are exact and cover the characters read. A literal whose
letters can be read in more than ``MAX_READINGS`` ways between two such points (never
typed pinyin; a hostile string) is read up to its longest prefix that can be, which keeps
every prefix's answer a superset of the next.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

from reader.search.anchored import Anchored
from reader.search.readings import fuzzy_pairs, fuzzy_variants, initial, readings

_LETTERS = re.compile(r"[a-z]")
_RUN = re.compile(r"[a-z'\s]*[a-z][a-z'\s]*|[^a-z]+")
_INTERJECTIONS = frozenset({"m", "n", "ng", "hm", "hng"})


def has_letters(text: str) -> bool:
    """Whether a (normalised) literal has anything to read as pinyin."""
    return _LETTERS.search(text) is not None


_END = (-1, "", "")  # the state after a group's last piece
_START = (0, "", "")
MAX_READINGS = 512  # readings written out between two points every reading passes through
_Edge = tuple  # (piece, is_final, next state)


class TooAmbiguous(Exception):
    """More readings between two cut points than ``MAX_READINGS``."""


class PinyinTable:
    """The readings of the characters of one corpus, and the patterns built from them.
    *fuzzy*: fuzzy pairs (``readings.FUZZY_PAIRS``): 长 zhang is then also zang (``z=zh``)…"""

    def __init__(self, chars: Iterable[str], fuzzy: Iterable[str] = ()):
        self.fuzzy = fuzzy_pairs(fuzzy)
        by_reading: dict[str, set[str]] = {}
        for ch in chars:
            if len(ch) != 1 or ch.isascii():
                continue
            for r in readings(ch):
                for v in fuzzy_variants(r, self.fuzzy) if self.fuzzy else (r,):
                    by_reading.setdefault(v, set()).add(ch)
        self._by_reading = by_reading
        # interjections (嗯 ng, 呣 m…) are not read as whole pieces: n, m stay initials
        self.syllables = frozenset(r for r in by_reading if r not in _INTERJECTIONS)
        self.syllables_all = tuple(sorted(by_reading))
        self.initials = frozenset(initial(s) for s in by_reading) | frozenset(s[0] for s in by_reading)
        self._prefixes = frozenset(s[:k] for s in by_reading for k in range(1, len(s) + 1))
        self._class_cache: dict[tuple[str, bool, bool], str] = {}
        self._pattern_cache: dict[tuple[str, bool], re.Pattern | None] = {}
        self._graph_cache: dict[tuple[str, bool, bool], dict | None] = {}
        self._read_cache: dict[str, str] = {}

    # -- pieces -------------------------------------------------------------------------
    def readings_for(self, piece: str, final: bool, whole: bool = False) -> list[str]:
        """The readings (of this corpus's characters) one piece can stand for; *whole*:
        only the syllable the piece spells out."""
        if whole:
            return [piece] if piece in self._by_reading else []
        if final:
            return [r for r in self._by_reading if r.startswith(piece)]
        return [r for r in self._by_reading if r == piece or initial(r) == piece or r[:1] == piece]

    def chars_of(self, reading: str) -> set[str]:
        return self._by_reading.get(reading, set())

    def chars_for(self, piece: str, final: bool, whole: bool = False) -> str:
        """The characters one piece can stand for, as a string (sorted, for caching)."""
        key = (piece, final, whole)
        cached = self._class_cache.get(key)
        if cached is not None:
            return cached
        out: set[str] = set()
        for r in self.readings_for(piece, final, whole):
            out |= self._by_reading[r]
        result = "".join(sorted(out))
        self._class_cache[key] = result
        return result

    def _takes(self, syllable: str) -> str:
        """The letters of ``n``, ``g`` that *syllable* could end in (xia → n: xian)."""
        if syllable not in self.syllables:
            return ""
        return "".join(x for x in "ng" if syllable + x in self.syllables)

    def _blocks(self, piece: str) -> str:
        """The vowels that may not open the piece after *piece*: an initial standing alone
        (not a syllable) is not followed by a vowel it would make a syllable with (``gao``
        is not g|ao, ``tai`` not t|ai; ``xa`` may be x|a: no syllable opens ``xa``)."""
        if piece in self.syllables:
            return ""
        return "".join(v for v in "aoe" if piece + v in self._prefixes)

    def _allowed(self, s: str, i: int, k: int, final: bool, takes: str, blocks: str, whole: bool) -> bool:
        piece = s[i : i + k]
        if piece[0] in blocks:
            return False
        if final and i + k == len(s):  # the end of the literal: any prefix of a syllable
            if whole:
                return piece in self.syllables
            return piece in self._prefixes
        if whole:
            return piece in self.syllables
        if not (piece in self.syllables or piece in self.initials):
            return False
        if piece in ("c", "s", "z") and s[i + k : i + k + 1] == "h":
            return False  # zh, ch, sh are one initial
        if piece in ("n", "g") and piece in takes:
            return False  # xia|n, shen|g: the n/g belongs to the syllable before
        return True

    def _graph(self, s: str, final: bool, whole: bool = False) -> dict | None:
        """The ways of cutting one group of letters (no spaces, no apostrophes) as a graph:
        state ``(position, letters the piece before could take)`` → ``[(piece, final,
        next state), …]``, only states on some complete way; None if there is none."""
        key = (s, final, whole)
        if (cached := self._graph_cache.get(key, _MISSING)) is not _MISSING:  # one look: see _MISSING
            return cached
        n = len(s)
        edges: dict[tuple[int, str], list[_Edge]] = {}
        alive: dict[tuple[int, str], bool] = {_END: True}

        def visit(state: tuple[int, str]) -> bool:
            if state in alive:
                return alive[state]
            alive[state] = False  # positions only grow: no cycles
            i, takes, blocks = state
            out: list[_Edge] = []
            for k in range(min(6, n - i), 0, -1):  # longer pieces first: 方案, not 方+a+n…
                if not self._allowed(s, i, k, final, takes, blocks, whole):
                    continue
                piece = s[i : i + k]
                last = i + k == n
                nxt = _END if last else (i + k, self._takes(piece), self._blocks(piece))
                if visit(nxt):
                    out.append((piece, final and last, nxt))
            if out:
                edges[state] = out
                alive[state] = True
            return alive[state]

        result = edges if visit(_START) else None
        if len(self._graph_cache) > 2048:
            self._graph_cache.clear()
        self._graph_cache[key] = result
        return result

    def _groups(self, run: str, final: bool) -> list[tuple[str, bool]]:
        groups = [g for g in re.split(r"[\s']+", run) if g]
        return [(g, final and k == len(groups) - 1) for k, g in enumerate(groups)]

    def segmentations(self, run: str, final: bool) -> list[list[tuple[str, bool]]]:
        """Every way to read a run of letters as pieces: ``[(piece, is_final), …]``, fewest
        pieces first (for inspection and tests: matching uses the graph itself)."""
        out: list[list[tuple[str, bool]]] = [[]]
        for group, last in self._groups(run, final):
            graph = self._graph(group, last)
            if graph is None:
                return []
            out = [a + b for a in out for b in _paths(graph, _START, _END)]
        out.sort(key=len)
        return out

    # -- patterns -----------------------------------------------------------------------
    def read_as(self, text: str) -> str:
        """The part of a normalised literal that is read as pinyin: all of it, unless its
        letters are too ambiguous to write out (see ``MAX_READINGS``) — then its longest
        prefix that is not."""
        cached = self._read_cache.get(text)
        if cached is not None:
            return cached
        cut = len(text)
        while cut > 1 and self._build(text[:cut], False) is _TOO_AMBIGUOUS:
            cut -= 1
        if len(self._read_cache) > 1024:
            self._read_cache.clear()
        self._read_cache[text] = text[:cut]
        return text[:cut]

    def pattern(self, text: str, whole: bool = False) -> re.Pattern | None:
        """The regular expression a normalised literal reads as, or None if no way of
        reading its letters exists in this corpus. *whole*: only the readings whose
        pieces are all whole syllables (杜小刚 for ``duxiaogang``, not for ``duxiaog``)."""
        read = self.read_as(text)
        result = self._build(read, whole)
        return None if result is _TOO_AMBIGUOUS else result

    def verifier(self, text: str) -> re.Pattern | None:
        """An expression found in a text where ``pattern(text)`` is, to check candidates: from
        the first literal after letters of fixed width (``reader.search.anchored``)."""
        anchored = self.anchored(text)
        return anchored.pattern if anchored is not None else self.pattern(text)

    def anchored(self, text: str) -> Anchored | None:
        """``pattern(text)`` searched from a literal, if it can be (``reader.search.anchored``)."""
        self.pattern(text)  # (builds it too)
        return self._pattern_cache.get((self.read_as(text), None))

    def _build(self, text: str, whole: bool):
        key = (text, whole)
        if (cached := self._pattern_cache.get(key, _MISSING)) is not _MISSING:  # one look: see _MISSING
            return cached
        parts: list[str] = []
        runs = _RUN.findall(text)
        result = anchor = None
        try:
            for k, run in enumerate(runs):
                if not has_letters(run):
                    literal = run.strip() if k in (0, len(runs) - 1) else run
                    if anchor is None and k and literal and " " not in literal:
                        anchor = len(parts)
                    parts.append(r"[ \t\u3000]+".join(re.escape(p) for p in literal.split(" ")) if literal else "")
                    continue
                for group, last in self._groups(run, k == len(runs) - 1):
                    graph = self._graph(group, last, whole)
                    if graph is None:
                        raise LookupError
                    parts.append(self._emit_graph(graph, whole, first=not any(parts)))
            result = re.compile("".join(parts)) if parts else None
            if anchor is not None and not whole:
                self._pattern_cache[(text, None)] = Anchored.of(parts, anchor)
        except LookupError:
            result = None
        except TooAmbiguous:
            result = _TOO_AMBIGUOUS
        if len(self._pattern_cache) > 512:
            self._pattern_cache.clear()
        self._pattern_cache[key] = result
        return result

    def _emit_graph(self, graph: dict, whole: bool, first: bool = False) -> str:
        """One group's graph as a regular expression: cut at the states every way passes
        through, the ways between two cuts written out as a trie of character classes."""
        order = sorted(graph, key=lambda st: st[0])
        ahead: dict = {_END: 1}  # ways from a state to the end
        for state in reversed(order):
            ahead[state] = sum(ahead[nxt] for _, _, nxt in graph[state])
        behind: dict = {_START: 1}  # ways from the start to a state
        for state in order:
            for _, _, nxt in graph[state]:
                behind[nxt] = behind.get(nxt, 0) + behind.get(state, 0)
        total = ahead[_START]
        cuts = [st for st in order if behind.get(st, 0) * ahead[st] == total] + [_END]
        out = []
        for a, b in zip(cuts, cuts[1:]):
            if ahead[a] // ahead[b] > MAX_READINGS:
                raise TooAmbiguous
            trie: dict = {}
            for path in _paths(graph, a, b):
                node = trie
                for piece, final in path:
                    node = node.setdefault(self.chars_for(piece, final, whole), {})
                node[""] = {}
            out.append(_emit(trie, first and not out))
        return "".join(out)

    def candidates(self, text: str, bits_of: Callable[[str, bool], int], within: int) -> int:
        """For candidate selection: the articles of *within* holding, for every run of
        letters of the (read part of the) literal, a character for each piece of one way
        of reading it; ``bits_of(piece, final)`` gives the articles holding a character a
        piece stands for. The literal characters are the caller's."""
        text = self.read_as(text)
        runs = _RUN.findall(text)
        cand = within
        for k, run in enumerate(runs):
            if not has_letters(run):
                continue
            for group, last in self._groups(run, k == len(runs) - 1):
                graph = self._graph(group, last)
                if graph is None:
                    return 0
                ahead: dict = {_END: cand}
                for state in sorted(graph, key=lambda st: -st[0]):
                    bits = 0
                    for piece, final, nxt in graph[state]:
                        if ahead[nxt]:
                            bits |= bits_of(piece, final) & ahead[nxt]
                    ahead[state] = bits
                cand = ahead[_START]
                if not cand:
                    return 0
        return cand

    def single_pieces(self, text: str, bits_of: Callable[[str, bool], int]) -> int:
        """For a literal of letters only: the articles holding a character that one piece
        reads the whole literal as (``ga`` → 嘎/该/高…): surely matches, unverified."""
        runs = _RUN.findall(self.read_as(text))
        if len(runs) != 1 or not has_letters(runs[0]):
            return 0
        groups = self._groups(runs[0], True)
        graph = self._graph(*groups[0]) if len(groups) == 1 else None
        if graph is None:
            return 0
        out = 0
        for piece, final, nxt in graph[_START]:
            if nxt == _END:
                out |= bits_of(piece, final)
        return out

    def one_character(self, text: str) -> bool:
        """Whether every reading of the literal is one character read by one piece."""
        runs = _RUN.findall(self.read_as(text))
        if len(runs) != 1 or not has_letters(runs[0]):
            return False
        groups = self._groups(runs[0], True)
        if len(groups) != 1:
            return False
        graph = self._graph(*groups[0])
        return graph is not None and all(nxt == _END for out in graph.values() for _, _, nxt in out)


_TOO_AMBIGUOUS = object()
_MISSING = object()  # a cache's miss, in one look (`in` then [key]: a search clears them in between)


def _paths(graph: dict, start, stop) -> list[list[tuple[str, bool]]]:
    """Every way from *start* to *stop* in a cut graph, as ``[(piece, final), …]``."""
    if start == stop:
        return [[]]
    out = []
    for piece, final, nxt in graph[start]:
        for rest in _paths(graph, nxt, stop) if nxt == stop or nxt in graph else ():
            out.append([(piece, final), *rest])
    return out


def literal_chars(text: str) -> str:
    """The characters of a literal that match only themselves (not letters, not spaces)."""
    return "".join(c for run in _RUN.findall(text) if not has_letters(run) for c in run if not c.isspace())


def _emit(trie: dict, first: bool = False) -> str:
    """A trie of character-class sequences as one regular expression, shared prefixes
    written once. *first*: the expression starts the pattern — then readings that open with
    different classes are written as their union followed by a one-character look-behind
    per reading (``[U](?:(?<=[A])…|(?<=[B])…)``): the same matches, but the expression opens
    with one class, which lets the regex engine skip to the characters that can start a
    match instead of trying every reading at every position (~5× faster for ``gaoz``)."""
    if first and len(trie) > 1 and "" not in trie:
        union = "".join(sorted(set("".join(trie))))
        alts = []
        for chars, rest in trie.items():
            behind = f"(?<={_class(chars)})" if len(chars) == 1 else f"(?<=[{_class(chars)}])"
            alts.append(behind + (_emit(rest) if rest and list(rest) != [""] else ""))
        alts.sort(key=lambda a: a.endswith(")") and a.count("(") == 1)  # the longer reading first
        return f"[{_class(union)}](?:" + "|".join(alts) + ")"
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
