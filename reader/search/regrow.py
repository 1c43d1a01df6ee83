"""What a grown corpus keeps of the corpus it grew from (the archive read again, #14 §6):
which of its articles are the same articles — on a page unchanged since — and where they
were, as runs of consecutive positions, so that a bitset of the old corpus (the articles
holding a character) becomes the new corpus's by a few shifts, not by reading every
character's postings from the index again (~22 s at 100k articles).

Articles keep their order within an archive's folders, so an added issue leaves one run (or
two, when it sorts between others) and a removed page splits one; past ``MAX_RUNS`` runs the
old sets are not worth remapping and are built from the index as the first time.
"""

from __future__ import annotations

from reader.corpus import Corpus
from reader.search.analyzer import SPACES

MAX_RUNS = 256


def kept_positions(old: Corpus, new: Corpus) -> list[int | None]:
    """For each article of *new*: its position in *old* when it is the same article (its
    page's file unchanged since), else None."""
    before = {f.name: f.fingerprint for f in old.files}
    unchanged = {f.name for f in new.files if before.get(f.name) == f.fingerprint}
    position = old.position
    out: list[int | None] = []
    for a in new.articles:
        j = position(a.id) if a.source in unchanged else None
        out.append(j if j is not None and old.articles[j].source == a.source else None)
    return out


class Runs:
    """*kept* (:func:`kept_positions`) as runs: (old start, new start, length) — and the new
    articles' positions that are not kept (added, or of an edited page)."""

    def __init__(self, kept: list[int | None]):
        runs: list[list[int]] = []
        self.fresh: list[int] = []
        for i, j in enumerate(kept):
            if j is None:
                self.fresh.append(i)
            elif runs and runs[-1][0] + runs[-1][2] == j and runs[-1][1] + runs[-1][2] == i:
                runs[-1][2] += 1
            else:
                runs.append([j, i, 1])
        self.runs = [(o, s, length, (1 << length) - 1) for o, s, length in runs]

    def __len__(self) -> int:
        return len(self.runs)

    def remap(self, bits: int) -> int:
        """An old corpus's bitset → the new corpus's, for the kept articles."""
        out = 0
        for old, new, _, mask in self.runs:
            part = (bits >> old) & mask
            if part:
                out |= part << new
        return out


def grown_charsets(old, kept: list[int | None], text) -> dict[str, int] | None:
    """The articles holding each character in the grown corpus: *old*'s sets (a
    :class:`reader.search.charsets.CharSets`) remapped to the kept articles' new positions,
    and the characters of the others (added, or of an edited page) from *text* (the grown
    corpus's text store) — as the index's ``chars`` field has them. None when too little
    is kept in order, or *old*'s file cannot be read."""
    runs = Runs(kept)
    if len(runs) > MAX_RUNS:
        return None
    try:
        per_char = {}
        for ch in old.chars:
            bits = runs.remap(old.get(ch))
            if bits:
                per_char[ch] = bits
    except (OSError, ValueError):  # its file went away: built from the index
        return None
    added: dict[str, list[int]] = {}
    for i in runs.fresh:
        for ch in set(text.text(i)).difference(SPACES):
            added.setdefault(ch, []).append(i)
    low = runs.fresh[0] if runs.fresh else 0  # (an added issue's are the last: small ints, shifted once)
    for ch, positions in added.items():
        bits = 0
        for i in positions:
            bits |= 1 << (i - low)
        per_char[ch] = per_char.get(ch, 0) | (bits << low)
    return per_char
