"""Text from outside — page text, file names, imported bookmarks — made safe to show.

A terminal takes some characters as commands: ESC starts a sequence that can clear the
screen, retitle the window or write the clipboard (OSC 52); the C1 codes U+0080–U+009F are
the same commands in one character (U+009B is CSI); BEL, BS and CR move or ring; bidi
controls (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C) reorder what is around
them, so a line can read otherwise than it is. Lone surrogates (from a file name that is
not valid UTF-8) cannot be written at all. None of these belongs in an article, a title or
a name; :func:`printable` shows each as one visible character instead:

    C0 U+0000–U+001F   its picture from the Control Pictures block: ESC → ␛, NUL → ␀,
                       CR → ␍, BEL → ␇, LF → ␊, TAB → ␉ (LF and TAB kept with multiline)
    DEL U+007F         ␡
    C1, surrogates,    � (U+FFFD, the replacement character)
    bidi controls,
    U+2028, U+2029

One character always becomes one character, so offsets found in the original text —
highlight spans, wrap points — hold in the shown text too. Where the exact text is wanted
(``--json``, the search index, the clipboard), it is kept as it is.

This is not about markup: text shown through Rich or Textual is also never parsed as markup
(it goes in as ``Text``/``Content`` objects, or with ``markup=False``).

:func:`file_label` is the readable form of a file name, whatever its bytes.
"""

from __future__ import annotations

import os
import re

REPLACEMENT = "\ufffd"
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

_TABLE: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20)}
_TABLE[0x7F] = "\u2421"
_TABLE.update({c: REPLACEMENT for c in range(0x80, 0xA0)})
_TABLE.update({c: REPLACEMENT for c in range(0xD800, 0xE000)})
_TABLE.update({ord(c): REPLACEMENT for c in _BIDI + "\u2028\u2029"})
_MULTILINE = {k: v for k, v in _TABLE.items() if k not in (0x0A, 0x09)}

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff" + _BIDI + "\u2028\u2029]")
_UNSAFE_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff" + _BIDI + "\u2028\u2029]")


def printable(text: str, multiline: bool = False) -> str:
    """*text* with every character a terminal would act on replaced by a visible one (see
    the table above); the same length as *text*. With *multiline*, line feeds and tabs stay
    (a body of text printed as lines); otherwise they are shown too (one line)."""
    if multiline:
        return text.translate(_MULTILINE) if _UNSAFE_MULTILINE.search(text) else text
    return text.translate(_TABLE) if _UNSAFE.search(text) else text


def is_printable(text: str, multiline: bool = False) -> bool:
    """Whether :func:`printable` would leave *text* as it is."""
    return (_UNSAFE_MULTILINE if multiline else _UNSAFE).search(text) is None


def file_label(name: str | bytes) -> str:
    """A file name as a person can read it: decoded as UTF-8, or else as GB18030 (an
    export from a Chinese Windows machine), or else with its undecodable bytes written
    ``\\xNN``; in every case :func:`printable`. *name* is the name's bytes, or the str
    the OS gave for them (``os.fsdecode``: undecodable bytes as surrogates)."""
    raw = name if isinstance(name, bytes) else os.fsencode(name)
    for encoding in ("utf-8", "gb18030"):
        try:
            return printable(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    return printable(raw.decode("utf-8", "backslashreplace"))


def is_utf8_name(name: str | bytes) -> bool:
    """Whether a file name's bytes are valid UTF-8."""
    raw = name if isinstance(name, bytes) else os.fsencode(name)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
