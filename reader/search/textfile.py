"""Writing a mapped text file (:class:`reader.search.textstore.MappedTextStore`): the texts,
folded, as UTF-16-LE between separators, then their bounds."""

from __future__ import annotations

from array import array
from pathlib import Path
from typing import Iterable

from reader.search.textstore import FORMAT, KIND, SEP, MappedTextStore, _astral


def write_text_file(path: Path, pieces_per_text: Iterable, fold, count: int, source: str = "", old=None) -> None:
    """Write the store of *count* texts (lists of pieces joined by newlines, folded by
    *fold*) to *path* atomically, a few thousand texts at a time. An item that is an int *i*
    is the text *i* of the store *old*, folded already: runs of them in a row are copied as
    bytes from a mapped *old* (an archive grown by an issue: the 100k texts it had are one
    or two copies, not 100k decodings)."""
    from reader import cachefile

    bounds = array("q", [0])
    mapped = isinstance(old, MappedTextStore)
    with cachefile.writing(path, KIND, FORMAT, source) as fh:
        pending: list[str] = []
        run: list[int] = []  # [first, last] of old texts to copy next

        def flush() -> None:
            if pending:
                fh.write(fold("".join(pending)).encode("utf-16-le", "surrogatepass"))
                pending.clear()
            if run:
                first, last = run
                fh.write(old._mm[old._base + 2 * old.bounds[first]: old._base + 2 * old.bounds[last + 1]])
                run.clear()

        for item in pieces_per_text:
            if isinstance(item, int):
                if mapped:
                    if pending or (run and item != run[1] + 1):
                        flush()
                    if run:
                        run[1] = item
                    else:
                        run[:] = [item, item]
                    bounds.append(bounds[-1] + old.bounds[item + 1] - old.bounds[item])
                    continue
                item = (old.text(item),)
            if run:
                flush()
            text = "\n".join(item)
            units = len(text) + (_astral(text) if not text.isascii() else 0)
            bounds.append(bounds[-1] + units + 1)
            pending += (text, SEP)
            if len(pending) >= 4000:
                flush()
        flush()
        if len(bounds) != count + 1:
            raise ValueError(f"expected {count} texts, got {len(bounds) - 1}")
        fh.write(bounds.tobytes())
        fh.header["n"] = count

