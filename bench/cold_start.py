"""A first launch on a cold cache: the installed ``reader`` script on an empty home, as a new
user runs it, in a 120×40 pseudo-terminal.

Two clocks per run, both from spawning the program: until the first article's title
reaches the terminal (what a person waits for before reading), and until the search box
opens (its own placeholder written — the index built, search taking queries). Every run
starts with nothing cached: no parsed pages, no preview, no index, no jieba dictionary
cache. Medians are reported. Not part of the test suite.

    python bench/cold_start.py [--runs 5] [--corpus DIR | --articles 10000] [--json]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEARCH_OPEN = "搜索 Search".encode("utf-8")  # the box's placeholder once search is ready


def one_launch(script: Path, corpus: Path, title: str, timeout: float) -> tuple[float, float]:
    home = Path(tempfile.mkdtemp(prefix="reader-cold-"))
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8",
           "TERM": "xterm-256color", "XDG_CACHE_HOME": str(home / "cache"),
           "XDG_DATA_HOME": str(home / "share"), "XDG_CONFIG_HOME": str(home / "config")}
    cmd = [str(script), "--corpus", str(corpus)]
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execve(cmd[0], cmd, env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    started = time.perf_counter()
    want = title.encode("utf-8")
    seen, titles, ready = b"", None, None
    try:
        while time.perf_counter() - started < timeout and ready is None:
            r, _, _ = select.select([fd], [], [], 0.05)
            if fd not in r:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            seen = seen[-4096:] + chunk
            now = time.perf_counter() - started
            if titles is None and want in seen:
                titles = now
            if SEARCH_OPEN in seen:
                ready = now
    finally:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
        shutil.rmtree(home, ignore_errors=True)
    if titles is None or ready is None:
        raise RuntimeError(f"not within {timeout:.0f} s: titles {titles}, search {ready}")
    return titles, ready


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=None, help="default: the seed pages")
    parser.add_argument("--articles", type=int, default=0, help="a synthetic corpus of this many articles (bench/synth.py)")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    script = Path(sys.executable).parent / "reader"
    if not script.exists():
        sys.exit(f"no reader script beside {sys.executable}: pip install -e . first")
    sys.path.insert(0, str(ROOT))
    from reader.corpus import load_corpus

    work = Path(tempfile.mkdtemp(prefix="reader-cold-corpus-"))
    try:
        corpus = args.corpus or ROOT / "seeds"
        if args.articles:
            sys.path.insert(0, str(ROOT / "bench"))
            from synth import generate

            corpus = generate(work / f"corpus-{args.articles}", args.articles)
        articles = load_corpus(corpus).articles
        title = articles[0].title[:8]
        runs = [one_launch(script, corpus, title, args.timeout) for _ in range(args.runs)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    titles = [t for t, _ in runs]
    ready = [r for _, r in runs]
    result = {
        "runs": args.runs, "articles": len(articles),
        "titles_median_s": round(statistics.median(titles), 3),
        "search_ready_median_s": round(statistics.median(ready), 3),
        "titles_s": [round(t, 3) for t in titles], "search_ready_s": [round(r, 3) for r in ready],
    }
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(f"cold first launch, {len(articles)} articles, median of {args.runs}: titles on screen "
              f"{result['titles_median_s']} s, search open {result['search_ready_median_s']} s")


if __name__ == "__main__":
    main()
