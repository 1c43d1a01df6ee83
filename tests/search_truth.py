"""The truth that search results are held to: substrings, and pinyin read by brute force.

The pinyin truth is written apart from ``reader.search.pinyin`` (which compiles the ways of
cutting the letters into one regular expression): here every article's text is tried at
every position against every way of cutting the typed letters into pieces, by plain
backtracking over the rules, which are these:

- a part's letters are grouped by spaces and apostrophes; the last group of the part, when
  the part ends in letters, is *final*;
- a piece is read by one character. The last piece of the final group may be any prefix
  of one of the character's readings; every other piece is a whole syllable or an initial
  (zh/ch/sh, or a reading's first letter) of one of its readings — not ``c``/``s``/``z``
  before ``h``, and not a bare ``n``/``g`` after a syllable that could end in it;
- a piece that is an initial but not a syllable is not followed by a piece opening with a
  vowel that it would open a syllable with (g then ao: no, since ``ga…`` is a syllable);
- characters that are not letters match themselves, a space between them any run of spaces.
"""

from __future__ import annotations

import re

from reader.search.normalize import normalize
from reader.search.index import article_text

_LATIN = re.compile(r"[a-z][a-z']*")
INTERJECTIONS = {"m", "n", "ng", "hm", "hng"}


def parts(query: str) -> list[str]:
    """Whitespace-separated parts, normalised; Latin words side by side are one part."""
    out: list[str] = []
    for p in (normalize(w) for w in query.split()):
        if out and _LATIN.fullmatch(p) and _LATIN.fullmatch(out[-1].replace(" ", "")):
            out[-1] += " " + p
        else:
            out.append(p)
    return out


_TABLES: dict = {}


def _table(corpus, fuzzy=()):
    """The engine's table, only for ``read_as`` (how much of a hostile literal is read)."""
    from reader.search.pinyin import PinyinTable

    key = (id(corpus), tuple(fuzzy))
    if key not in _TABLES:  # the corpus is kept with its table, so its id stays its own
        _TABLES[key] = (corpus, PinyinTable(set("".join(article_text(a) for a in corpus.articles)), fuzzy))
    return _TABLES[key][1]


def _initial(r: str) -> str:
    return r[:2] if r[:2] in ("zh", "ch", "sh") else r[:1]


def _fuzzy(r: str, pairs) -> set[str]:
    """A reading and its sound-alikes, written out plainly."""
    out = {r}
    for pair in pairs:
        a, b = pair.split("=")
        for x in list(out):
            if a in ("z", "c", "s", "n"):  # initials
                if _initial(x) == b and len(x) > len(b):
                    out.add(a + x[len(b):])
                elif _initial(x) == a and len(x) > len(a) and x != "ng":
                    out.add(b + x[len(a):])
            elif x.endswith(b):
                out.add(x[: -len(b)] + a)
            elif x.endswith(a):
                out.add(x[: -len(a)] + b)
    return out


class Readings:
    """Every reading of every character of a corpus (with fuzzy sound-alikes)."""

    def __init__(self, corpus, fuzzy=()):
        from reader.search.readings import readings

        self.of: dict[str, set[str]] = {}
        for ch in set("".join(article_text(a) for a in corpus.articles)):
            if not ch.isascii():
                rs = set()
                for r in readings(ch):
                    rs |= _fuzzy(r, fuzzy)
                if rs:
                    self.of[ch] = rs
        every = set().union(*self.of.values()) if self.of else set()
        self.syllables = every - INTERJECTIONS
        self.initials = {_initial(r) for r in every} | {r[0] for r in every}
        self.prefixes = {r[:k] for r in every for k in range(1, len(r) + 1)}
        self._chars: dict = {}

    def chars(self, piece: str, final: bool) -> set[str]:
        """The characters with a reading that *piece* opens (final) or spells or abbreviates."""
        key = (piece, final)
        if key not in self._chars:
            if final:
                ok = lambda r: r.startswith(piece)  # noqa: E731
            else:
                ok = lambda r: r == piece or _initial(r) == piece or r[0] == piece  # noqa: E731
            self._chars[key] = {ch for ch, rs in self.of.items() if any(ok(r) for r in rs)}
        return self._chars[key]


_READINGS: dict = {}


def _readings(corpus, fuzzy) -> Readings:
    key = (id(corpus), tuple(fuzzy))
    if key not in _READINGS:
        _READINGS[key] = (corpus, Readings(corpus, fuzzy))
    return _READINGS[key][1]


def _tokens(part: str) -> list[tuple]:
    runs = re.findall(r"[a-z'\s]*[a-z][a-z'\s]*|[^a-z]+", part)
    out: list[tuple] = []
    for k, run in enumerate(runs):
        if not re.search(r"[a-z]", run):
            text = run.strip() if k in (0, len(runs) - 1) else run
            if text:
                out.append(("text", re.compile(r"[ \t\u3000]+".join(re.escape(w) for w in text.split(" ")))))
            continue
        groups = [g for g in re.split(r"[\s']+", run) if g]
        for g, group in enumerate(groups):
            out.append(("letters", group, k == len(runs) - 1 and g == len(groups) - 1))
    return out


def reads_as_pinyin(text: str, part: str, rd: Readings) -> bool:
    """Whether some stretch of *text* reads as *part* in some way of cutting its letters."""
    toks = _tokens(part)
    memo: dict = {}

    def piece_ok(group: str, i: int, k: int, final: bool, prev: str | None) -> bool:
        piece = group[i : i + k]
        if final and i + k == len(group):
            return piece in rd.prefixes
        if piece not in rd.syllables and piece not in rd.initials:
            return False
        if piece in ("c", "s", "z") and group[i + k : i + k + 1] == "h":
            return False
        if piece in ("n", "g") and prev in rd.syllables and prev + piece in rd.syllables:
            return False
        return True

    def after_ok(prev: str | None, piece: str) -> bool:
        # an initial alone (not a syllable) is not followed by a vowel it would open a syllable with
        return not (prev is not None and prev not in rd.syllables and piece[0] in "aoe" and prev + piece[0] in rd.prefixes)

    def char_ok(ch: str, piece: str, final: bool) -> bool:
        return ch in rd.chars(piece, final)

    def match(t: int, pos: int, i: int, prev: str | None) -> bool:
        if t == len(toks):
            return True
        key = (t, pos, i, prev)
        if key in memo:
            return memo[key]
        tok = toks[t]
        ok = False
        if tok[0] == "text":
            m = tok[1].match(text, pos)
            ok = m is not None and match(t + 1, m.end(), 0, None)
        else:
            group, final = tok[1], tok[2]
            if i == len(group):
                ok = match(t + 1, pos, 0, None)
            elif pos < len(text):
                for k in range(1, len(group) - i + 1):
                    last = i + k == len(group)
                    piece = group[i : i + k]
                    if piece_ok(group, i, k, final, prev) and after_ok(prev, piece) \
                            and char_ok(text[pos], piece, final and last):
                        if match(t, pos + 1, i + k, piece):
                            ok = True
                            break
        memo[key] = ok
        return ok

    if not toks:
        return False
    first = toks[0]
    if first[0] == "text":
        starts = [m.start() for m in first[1].finditer(text)]
    else:  # (only where a character can stand for some first piece: fast, and the same)
        group, final = first[1], first[2]
        pieces = [(group[:k], final and k == len(group)) for k in range(1, len(group) + 1)
                  if piece_ok(group, 0, k, final, None)]
        can = set().union(*(rd.chars(p, f) for p, f in pieces)) if pieces else set()
        starts = [s for s, ch in enumerate(text) if ch in can]
    return any(match(0, s, 0, None) for s in starts)


def _holds(text: str, part: str, rd, table) -> bool:
    if re.search(r"[ \t\u3000]+".join(re.escape(w) for w in part.split(" ")), text):
        return True
    if rd is not None and re.search(r"[a-z]", part):
        read = table.read_as(part)  # (a hostile literal: its longest prefix that can be read)
        return reads_as_pinyin(text, read, rd)
    return False


_TRUTHS: dict = {}


def truth(corpus, query: str, pinyin: bool = True, fuzzy=()) -> set[str]:
    """Ids of the articles holding every part of *query*, as text or (for parts with
    letters, unless *pinyin* is off) read as pinyin — each checked over the whole text."""
    key = (id(corpus), query, pinyin, tuple(fuzzy))
    if key in _TRUTHS:
        return set(_TRUTHS[key][1])
    ps = parts(query)
    reading = pinyin and any(re.search(r"[a-z]", p) for p in ps)
    rd = _readings(corpus, fuzzy) if reading else None
    table = _table(corpus, fuzzy) if reading else None
    out = {a.id for a in corpus.articles if all(_holds(article_text(a), p, rd, table) for p in ps)}
    if len(_TRUTHS) > 20000:
        _TRUTHS.clear()
    _TRUTHS[key] = (corpus, frozenset(out))
    return set(out)


def result_ids(engine, query: str) -> set[str]:
    res = engine.search(query, limit=None)
    ids = {h.article.id for h in res.hits}
    assert len(ids) == res.total
    return ids
