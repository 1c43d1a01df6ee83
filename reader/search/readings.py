"""What each Chinese character reads as in pinyin: its toneless readings from pypinyin's
single-character table (``ü`` as ``v`` and ``u``), and the fuzzy pairs (模糊音: ``z=zh``,
``n=l``, ``an=ang``…) that give a reading the sounds of its sound-alikes.
:mod:`reader.search.pinyin` reads typed letters as these readings.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Iterable

_TONE_FOLD = {ord("ü"): "v", ord("ǖ"): "v", ord("ǘ"): "v", ord("ǚ"): "v", ord("ǜ"): "v",
              ord("ḿ"): "m", ord("ń"): "n", ord("ň"): "n", ord("ǹ"): "n", ord("ê"): "e"}


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


def initial(syllable: str) -> str:
    return syllable[:2] if syllable[:2] in ("zh", "ch", "sh") else syllable[:1]


FUZZY_PAIRS = ("z=zh", "c=ch", "s=sh", "n=l", "an=ang", "en=eng", "in=ing")
_FUZZY_INITIALS = {"z=zh": ("z", "zh"), "c=ch": ("c", "ch"), "s=sh": ("s", "sh"), "n=l": ("n", "l")}
_FUZZY_FINALS = {"an=ang": ("an", "ang"), "en=eng": ("en", "eng"), "in=ing": ("in", "ing")}


def fuzzy_pairs(values: Iterable[str]) -> tuple[str, ...]:
    """The fuzzy pairs named by *values* (``"z=zh"``, ``"zh=z"``, ``" an = ang "``…), in the
    canonical order of ``FUZZY_PAIRS``; ValueError naming any that is not one."""
    wanted = set()
    for value in values:
        a, sep, b = str(value).replace(" ", "").lower().partition("=")
        name = f"{a}={b}" if f"{a}={b}" in FUZZY_PAIRS else f"{b}={a}"
        if not sep or name not in FUZZY_PAIRS:
            raise ValueError(f"unknown fuzzy pinyin pair {value!r} (pairs: {', '.join(FUZZY_PAIRS)})")
        wanted.add(name)
    return tuple(p for p in FUZZY_PAIRS if p in wanted)


def fuzzy_variants(reading: str, pairs: Iterable[str]) -> set[str]:
    """*reading* and what it sounds like under the fuzzy *pairs* (zhang → zang, zhan, zan)."""
    out = {reading}
    for pair in pairs:
        if pair in _FUZZY_INITIALS:
            a, b = _FUZZY_INITIALS[pair]
            for r in list(out):
                ini = initial(r)
                if ini == a and r != "ng" and len(r) > len(a):
                    out.add(b + r[len(a):])
                elif ini == b and len(r) > len(b):
                    out.add(a + r[len(b):])
        else:
            a, b = _FUZZY_FINALS[pair]
            for r in list(out):
                if r.endswith(b):
                    out.add(r[: -len(b)] + a)
                elif r.endswith(a):
                    out.add(r[: -len(a)] + b)
    return out
