"""What loading a corpus had to say, as a reader is told it: which of its warnings are page
files skipped (their text is not in the corpus) and which only warn (a page loaded undated),
how many page files were loaded, and each warning with the path people know.

The parser words its warnings (``reader.corpus.corpus``, ``layout``, ``pagefiles``); they
are kept as they are — changing them would rebuild every cache — and read here.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

SKIPPED = ": skipped"  # every warning of a file (or folder) not read says so after its path
_UNDATED_FOLDER = re.compile(r"^(?P<dirs>[^:]+): impossible date [^:]+: its pages are undated$")
NAMED = 3  # pages named in the warning of an impossible date folder, at most


def is_skip(warning: str) -> bool:
    """Whether *warning* says a file (or folder) was skipped, not only warned about."""
    return SKIPPED in warning


def skipped_files(corpus) -> set[str]:
    """The corpus's page files (by name) that were found but not loaded (the same text as
    another page, unreadable)."""
    names = {f.name for f in corpus.files}
    said = {w.split(SKIPPED, 1)[0] for w in corpus.warnings if is_skip(w)}
    return names & said


def loaded_pages(corpus) -> int:
    """How many of the corpus's page files were loaded."""
    return len(corpus.files) - len(skipped_files(corpus))


def shown_warnings(corpus) -> list[str]:
    """The corpus's warnings, each naming what it is about by its path from the archive's
    root: an impossible date is warned of once per date folder (``2024/02/30``), which
    leaves out the paper's folder; it names the pages in it (``无锡日报/2024/02/30/01.txt``)."""
    return [_with_pages(w, corpus) for w in corpus.warnings]


def _with_pages(warning: str, corpus) -> str:
    m = _UNDATED_FOLDER.match(warning)
    if not m:
        return warning
    dirs = m.group("dirs")
    pages = [f.name for f in corpus.files if _in_folder(f.name, dirs)]
    if not pages:
        return warning
    named = ", ".join(pages[:NAMED]) + (f" and {len(pages) - NAMED} more" if len(pages) > NAMED else "")
    rest = warning[len(dirs):]
    if len(pages) == 1:
        rest = rest.replace(": its pages are undated", ": the page is undated")
    return named + rest


def _in_folder(name: str, dirs: str) -> bool:
    parent = PurePosixPath(name).parent.as_posix()
    return parent == dirs or parent.endswith("/" + dirs)
