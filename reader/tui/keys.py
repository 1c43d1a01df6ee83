"""Keymaps: the ``[keys]`` table of the settings checked against the app's bindings.

A binding id unknown to the app, a key name Textual cannot produce, or a key given to two
actions that are active together (the same screen, with the same widget focused) becomes a
one-line warning; what is valid is handed to ``App.set_keymap``.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from textual.binding import Binding
from textual.keys import Keys, _character_to_key
from textual.screen import ModalScreen, Screen

MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
_NAMED = {k.value for k in Keys} | {f"f{n}" for n in range(1, 25)} | {
    "space", "tab", "enter", "escape", "backspace", "delete", "insert", "home", "end",
    "pageup", "pagedown", "up", "down", "left", "right",
}


@dataclass(frozen=True)
class BindingInfo:
    id: str
    keys: tuple[str, ...]  # as in effect (the user's, else the app's own)
    default: tuple[str, ...]
    description: str
    action: str
    where: str  # e.g. "Article list"
    screen: str  # the screen it belongs to, e.g. "Main screen" ("Everywhere" for the app's)
    show: bool
    priority: bool = False  # looked at before the focused widget's, on every screen (modal ones too)

    @property
    def remapped(self) -> bool:
        return self.keys != self.default

    def to_json(self) -> dict:
        return {
            "id": self.id, "keys": list(self.keys), "default": list(self.default),
            "description": self.description, "action": self.action, "where": self.where,
            "screen": self.screen, "remapped": self.remapped,
        }


def normalize_key(key: str) -> str:
    """Textual's name for *key*: "?" → "question_mark"; modifiers kept as given."""
    key = key.strip()
    return _character_to_key(key) if len(key) == 1 else key


def is_key(key: str) -> bool:
    """Whether *key* (after ``normalize_key``) names a key Textual can report."""
    *mods, base = key.split("+") if key not in ("+",) else ["plus"]
    if any(m not in MODIFIERS for m in mods) or len(set(mods)) != len(mods):
        return False
    if len(base) == 1 or base in _NAMED:
        return True
    try:  # punctuation by its Unicode name: question_mark, full_stop, left_square_bracket…
        unicodedata.lookup(base.replace("_", " "))
        return True
    except KeyError:
        return False


def _bindings(cls: type) -> Iterable[Binding]:
    for b in getattr(cls, "BINDINGS", []):
        if isinstance(b, Binding):
            yield b


def _groups(sources: list[tuple[str, type]]) -> list[tuple[str, type | None, list[tuple[str, type]]]]:
    """(screen label, screen class, [(where, widget class)…]) — a source that is a Screen
    starts a group; the widgets after it belong to it; the first source is the app's."""
    groups: list[tuple[str, type | None, list[tuple[str, type]]]] = []
    for where, cls in sources[1:]:
        if isinstance(cls, type) and issubclass(cls, Screen):
            groups.append((where, cls, []))
        elif groups:
            groups[-1][2].append((where, cls))
        else:
            groups.append((where, None, [(where, cls)]))
    return groups


OUTSIDE_DIALOGS = "Main, Bookmarks"  # where the app's keys without priority work


def table(sources: list[tuple[str, type]], keymap: dict[str, str] | None = None) -> list[BindingInfo]:
    """Every binding with an id, in the order of *sources*, with *keymap* applied."""
    keymap = keymap or {}
    screen_of: dict[type, str] = {}
    if sources:
        screen_of[sources[0][1]] = sources[0][0]
    for label, screen, widgets in _groups(sources):
        if screen is not None:
            screen_of[screen] = label
        for _, cls in widgets:
            screen_of.setdefault(cls, label)
    rows = []
    app_cls = sources[0][1] if sources else None
    for where, cls in sources:
        for b in _bindings(cls):
            if not b.id:
                continue
            default = tuple(k.strip() for k in b.key.split(","))
            keys = tuple(normalize_key(k) for k in keymap[b.id].split(",")) if b.id in keymap else default
            # the app's keys work over every screen only with priority: a dialog (help, filters,
            # issues, settings) cuts the others off, and takes its own keys
            shown = OUTSIDE_DIALOGS if cls is app_cls and not b.priority else where
            rows.append(BindingInfo(b.id, keys, default, b.description or b.action, b.action, shown,
                                    screen_of.get(cls, where), b.show, b.priority))
    return rows


def check(keymap: dict[str, str], sources: list[tuple[str, type]], where: str) -> tuple[dict[str, str], list[str]]:
    """The usable part of *keymap* and a warning line for each problem; *where* names the
    settings file in the warnings."""
    known = {info.id: info for info in table(sources)}
    good: dict[str, str] = {}
    warnings: list[str] = []
    for binding_id, spec in keymap.items():
        if binding_id not in known:
            close = difflib.get_close_matches(binding_id, list(known), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            warnings.append(f"{where}: keys.{binding_id}: no such binding{hint}; `reader keys` lists them")
            continue
        keys = [normalize_key(k) for k in spec.split(",")]
        bad = [k for k in keys if not is_key(k)]
        if bad:
            warnings.append(f"{where}: keys.{binding_id}: {bad[0]!r} is not a key name "
                            "(e.g. ctrl+q, f5, j, question_mark); using the app's own keys")
            continue
        typed = [k for k in keys if known[binding_id].priority and _typed(k)]
        if typed:  # a binding that works on every screen would take the letter from the search box
            warnings.append(f"{where}: keys.{binding_id}: {typed[0]!r} is a key that types a character; "
                            "this action works on every screen, in text boxes too, so it needs a key "
                            "such as f5 or ctrl+r; using the app's own keys")
            continue
        good[binding_id] = ",".join(dict.fromkeys(keys))
    warnings += conflicts(good, sources, where)
    return good, warnings


def _typed(key: str) -> bool:
    """Whether *key* types a character in a text box (no modifier but shift, not a named key)."""
    *mods, base = key.split("+") if key != "+" else ["plus"]
    return all(m == "shift" for m in mods) and (base == "space" or base not in _NAMED)


def conflicts(keymap: dict[str, str], sources: list[tuple[str, type]], where: str) -> list[str]:
    """A warning for each key that the user's *keymap* gives to two actions active at once:
    on one screen, the app's, the screen's and one widget's bindings together."""
    if not keymap or not sources:
        return []
    rows = table(sources, keymap)
    by_class: dict[type, list[BindingInfo]] = {}
    ids_of = {cls: {b.id for b in _bindings(cls) if b.id} for _, cls in sources}
    for info in rows:
        for cls, ids in ids_of.items():
            if info.id in ids:
                by_class.setdefault(cls, []).append(info)
    app_cls = sources[0][1]
    chains: list[tuple[str, list[type]]] = []
    for label, screen, widgets in _groups(sources):
        base = [app_cls] + ([screen] if screen is not None else [])
        chains.append((label, base))
        chains += [(label, base + [cls]) for _, cls in widgets]
    found: dict[tuple[str, str], dict[str, list[str]]] = {}  # (key, the user's id) -> screen -> others
    for label, chain in chains:
        holder: dict[str, BindingInfo] = {}
        modal = any(isinstance(cls, type) and issubclass(cls, ModalScreen) for cls in chain)
        for cls in chain:
            for info in by_class.get(cls, []):
                if cls is app_cls and modal and not info.priority:
                    continue  # a modal screen cuts the app's bindings off, but those with priority
                for key in info.keys:
                    other = holder.get(key)
                    if other is None:
                        holder[key] = info
                        continue
                    if other.id == info.id:
                        continue
                    if _given(other, key, keymap):
                        mine, theirs = other, info
                    elif _given(info, key, keymap):
                        mine, theirs = info, other
                    else:
                        continue  # the app's own overlaps are deliberate (a widget's key shadows the app's)
                    others = found.setdefault((key, mine.id), {}).setdefault(label.lower(), [])
                    if theirs.id not in others:
                        others.append(theirs.id)
    out = []
    for (key, mine), screens in found.items():
        where_all = "; ".join(f"{', '.join(ids)} ({label})" for label, ids in screens.items())
        out.append(f'{where}: keys.{mine}: "{key}" is also the key of {where_all}; only one action can have it')
    return out

def _given(info: BindingInfo, key: str, keymap: dict[str, str]) -> bool:
    """Whether the user's keymap gave *key* to *info* (rather than the app)."""
    return info.id in keymap and key not in info.default
