"""A footer that fits: when the keys of the moment do not fit the terminal's width, the
least important go first (Textual's Footer cuts the row off mid-word, ``f Fi▏``).

Importance is by binding id; keys without a rank keep their place after the ranked ones.
"""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from reader.tui.wrap import cells

# most important first: what a newcomer needs to get around, then what they use most
IMPORTANCE = [
    "app.quit", "bookmarks.close", "facets.close", "related.close", "help.close", "issues.back",
    "app.help", "app.search", "search.down", "list.open", "pane.next_match", "pane.prev_match",
    "bookmarks.jump", "bookmarks.delete", "bookmarks.undo", "bookmarks.filter", "bookmarks.note",
    "list.bookmark", "pane.bookmark", "pane.quote", "pane.note",
    "app.bookmarks", "app.filters", "app.sort", "app.related", "main.issues", "search.escape", "app.pinyin",
]
_RANK = {name: k for k, name in enumerate(IMPORTANCE)}


def key_width(key_display: str, description: str) -> int:
    """Cells a FooterKey takes (not compact): " key " then "description "."""
    return cells(key_display) + 2 + (cells(description) + 1 if description else 0)


def fit(items: list[tuple[str, int]], width: int) -> set[int]:
    """Indices of *items* ((binding id, cells)) to show in *width* cells: all of them, less
    the least important, one by one, until the rest fit — then, in the room left, the most
    important of those dropped that fit."""
    keep = set(range(len(items)))
    used = sum(w for _, w in items)
    by_importance = sorted(keep, key=lambda i: (_RANK.get(items[i][0], len(_RANK)), i))
    dropped = []
    for i in reversed(by_importance):
        if used <= width:
            break
        keep.discard(i)
        dropped.append(i)
        used -= items[i][1]
    for i in reversed(dropped):  # room left: the most important of those dropped that fit
        if used + items[i][1] <= width:
            keep.add(i)
            used += items[i][1]
    return keep


class FittingFooter(Footer):
    """Footer whose keys always fit its width (recomposed when the width changes)."""

    def compose(self):
        widgets = list(super().compose())
        keys = [w for w in widgets if isinstance(w, FooterKey) and not w.has_class("-command-palette")]
        if len(keys) != len([w for w in widgets if not (isinstance(w, FooterKey) and w.has_class("-command-palette"))]):
            yield from widgets  # groups and labels: leave Textual's layout alone
            return
        palette = [w for w in widgets if isinstance(w, FooterKey) and w.has_class("-command-palette")]
        width = (self.size.width or self.app.size.width) - sum(key_width(w.key_display, w.description) + 2 for w in palette)
        ids = [self._binding_id(w) for w in keys]
        keep = fit([(ids[i], key_width(w.key_display, w.description)) for i, w in enumerate(keys)], width)
        for i, w in enumerate(keys):
            if i in keep:
                yield w
        yield from palette

    def _binding_id(self, key: FooterKey) -> str:
        for _node, binding, _enabled, _tooltip in self.screen.active_bindings.values():
            if binding.action == key.action and binding.key == key.key:
                return binding.id or binding.action
        return key.action

    def on_resize(self, event) -> None:
        if event.size.width != getattr(self, "_fitted_width", None):
            self._fitted_width = event.size.width
            self.call_after_refresh(self.recompose)
