"""Start-up: launch → first paint of the article list, against a bare Textual app
(an Input, an OptionList, a Footer) measured the same way.

Each app runs in a pseudo-terminal of 120×40; the clock stops when the first item of its
list reaches the terminal (a bare item / the first seed headline). Runs alternate between
the two apps; medians are reported. The reader's index is built beforehand, as the
target is for a built index.

    python bench/startup.py [--runs 9] [--corpus DIR] [--json]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def first_paint(cmd: list[str], marker: str, env: dict, timeout: float = 30.0) -> float:
    """Seconds from spawning *cmd* in a 120×40 pty until *marker* is written to it."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execvpe(cmd[0], cmd, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    started = time.perf_counter()
    seen = b""
    want = marker.encode("utf-8")
    elapsed = None
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if fd in ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                seen += chunk
                if want in seen:
                    elapsed = time.perf_counter() - started
                    break
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    if elapsed is None:
        raise RuntimeError(f"{cmd[-1]} never painted {marker!r}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--corpus", type=Path, default=ROOT / "seeds")
    parser.add_argument("--marker", default=None, help="text of the reader's first row (default: the first title)")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help="an existing cache (index and parsed pages) to reuse, e.g. from bench/run.py --keep")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from reader.corpus.preview import CorpusLoader

    work = Path(tempfile.mkdtemp(prefix="reader-startup-"))
    cache = args.cache_dir or work / "cache"
    # as a previous launch leaves it: parsed pages and the first screenful (the preview)
    corpus = CorpusLoader(args.corpus, cache).load()
    marker = args.marker or corpus.articles[0].title[:8]
    env = {**os.environ, "TERM": "xterm-256color", "READER_CACHE_DIR": str(cache),
           "READER_DATA_DIR": str(work / "data"), "COLUMNS": "120", "LINES": "40"}
    try:
        # Byte-compile first, as an installed package is: with PYTHONDONTWRITEBYTECODE set (as on
        # some machines) every launch would otherwise recompile reader's modules — but not
        # Textual's, which pip compiled at install time.
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "reader")], check=True)
        subprocess.run([sys.executable, "-m", "reader", "index", "--corpus", str(args.corpus)],
                       env=env, check=True, capture_output=True)
        bare_cmd = [sys.executable, str(ROOT / "bench" / "bare_app.py")]
        reader_cmd = [sys.executable, "-m", "reader", "--corpus", str(args.corpus)]
        bare, reader = [], []
        for _ in range(args.runs):
            bare.append(first_paint(bare_cmd, "BARE-READY", env))
            reader.append(first_paint(reader_cmd, marker, env))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = {
        "runs": args.runs,
        "articles": len(corpus.articles),
        "bare_median_s": round(statistics.median(bare), 3),
        "reader_median_s": round(statistics.median(reader), 3),
        "ratio": round(statistics.median(reader) / statistics.median(bare), 2),
        "bare_s": [round(x, 3) for x in bare],
        "reader_s": [round(x, 3) for x in reader],
    }
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(f"first paint, median of {args.runs}: bare Textual app {result['bare_median_s']} s, "
              f"reader {result['reader_median_s']} s ({len(corpus.articles)} articles) → ratio {result['ratio']}× (target ≤ 1.2×)")


if __name__ == "__main__":
    main()
