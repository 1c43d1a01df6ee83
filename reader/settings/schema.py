"""The settings' table: every key's name, default, check and help text, and the checks of
``[keys]`` bindings. What the file may say — not how it is found, read or written."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from reader.search.sorts import SORTS

CITATIONS = ("reader", "gbt7714")
LAYOUTS = ("auto", "side", "stacked", "list", "pane")
CLIPBOARDS = ("auto", "osc52", "command", "file")
FUZZY_PAIRS = ("z=zh", "c=ch", "s=sh", "n=l", "an=ang", "en=eng", "in=ing")
READING_WIDTH_MIN, READING_WIDTH_MAX = 20, 1000


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("must be true or false")


def _choice(*choices: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if isinstance(value, str) and value in choices:
            return value
        raise ValueError("must be one of " + ", ".join(f'"{c}"' for c in choices))

    return check


def _string(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise ValueError("must be a string")


def _theme(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise ValueError("must be the name of a theme")


def _path(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError('must be a file path as a string ("" for none)')
    if "\x00" in value:
        raise ValueError("must not contain a NUL character")
    return value


def _reading_width(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole number of terminal cells (0 = the full width)")
    if value != 0 and not READING_WIDTH_MIN <= value <= READING_WIDTH_MAX:
        raise ValueError(f"must be 0 (the full width) or {READING_WIDTH_MIN}–{READING_WIDTH_MAX} cells")
    return value


def normalize_pair(item: Any) -> str:
    """``"zh=z"``, ``" z = zh "`` → ``"z=zh"``; ValueError for a pair not offered."""
    if not isinstance(item, str) or "=" not in item:
        raise ValueError(f"{item!r} is not a pair like \"z=zh\"")
    a, b = (p.strip().lower() for p in item.split("=", 1))
    for pair in (f"{a}={b}", f"{b}={a}"):
        if pair in FUZZY_PAIRS:
            return pair
    raise ValueError(f"{item!r} is not one of " + ", ".join(FUZZY_PAIRS))


def _fuzzy(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValueError('must be a list of pairs like ["z=zh", "n=l"]')
    out: list[str] = []
    for item in value:
        pair = normalize_pair(item)
        if pair not in out:
            out.append(pair)
    return out


@dataclass(frozen=True)
class Key:
    name: str
    default: Any
    check: Callable[[Any], Any]
    doc: str
    choices: tuple[str, ...] = ()


KEYS: dict[str, Key] = {k.name: k for k in (
    Key("theme", "textual-dark", _theme,
        "colour theme (any theme of the app's palette, e.g. textual-dark, textual-light, nord, gruvbox)"),
    Key("pinyin", True, _bool, "letters also match Chinese by pinyin (dxg finds 杜小刚); F2 in the app"),
    Key("fuzzy_pinyin", [], _fuzzy,
        "pinyin sounds taken as the same: any of " + ", ".join(f'"{p}"' for p in FUZZY_PAIRS)),
    Key("sort", "relevance", _choice(*SORTS), "order of the results; s in the app", SORTS),
    Key("citation", "reader", _choice(*CITATIONS),
        'citation style of copied quotes: "reader" or "gbt7714" (GB/T 7714)', CITATIONS),
    Key("synonyms", "", _path, 'a synonyms file to widen searches ("" for none)'),
    Key("use_synonyms", True, _bool, "searches also find the synonyms of their words"),
    Key("custom_words", "", _path, 'a file of extra words for the word splitter ("" for none)'),
    Key("reading_width", 0, _reading_width,
        f"measure of the reading pane in cells, text centred (0 = the full width; else {READING_WIDTH_MIN}–{READING_WIDTH_MAX})"),
    Key("layout", "auto", _choice(*LAYOUTS),
        'list and reading pane: "auto" (by terminal size), "side", "stacked", "list" or "pane" alone', LAYOUTS),
    Key("clipboard", "auto", _choice(*CLIPBOARDS),
        'how quotes are copied: "auto", "osc52" (terminal), "command" (wl-copy, xclip, pbcopy…) or "file"',
        CLIPBOARDS),
    Key("follow_links", False, _bool, "read page files through symbolic links that point outside the corpus folder"),
)}

KEYS_TABLE = "keys"


def normalize_keys(value: Any) -> str:
    """A ``[keys]`` value — ``"ctrl+q"``, ``"j,down"`` or ``["j", "down"]`` — as Textual's
    comma-separated form; ValueError if it is not one."""
    if isinstance(value, str):
        parts = value.split(",")
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        parts = value
    else:
        raise ValueError('must be a key or keys, e.g. "ctrl+q" or ["j", "down"]')
    keys = [p.strip() for p in parts]
    if not keys or any(not k or any(ch.isspace() for ch in k) for k in keys):
        raise ValueError('must be key names separated by commas, e.g. "j,down"')
    return ",".join(keys)
