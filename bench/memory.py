"""Memory and readiness of the running app: launch → first paint → search ready, and the
resident set size (RSS) of the app once it is ready and after a few searches.

The app runs in a 120×40 pseudo-terminal on a corpus whose index is built (reuse one with
--cache-dir, e.g. from ``bench/run.py --keep DIR``); ``锡`` is typed once the list shows, and
the app counts as ready when it shows hits. RSS is read from /proc (Linux).

    python bench/memory.py --corpus DIR --cache-dir DIR [--json]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _status(pid: int) -> dict[str, int]:
    out = {}
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                out[key] = int(value.split()[0]) // 1024
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT / "seeds")
    parser.add_argument("--cache-dir", type=Path, required=True)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from reader.corpus.preview import CorpusLoader

    # what a previous launch leaves in the cache: the preview, the text file, the decoded
    # character postings (a first launch builds them in the background, once per corpus)
    corpus = CorpusLoader(args.corpus, args.cache_dir).load()
    from reader.search import open_search

    engine, _ = open_search(corpus, args.cache_dir)
    engine.warm()
    del engine
    marker = corpus.articles[0].title[:8].encode()
    data = Path(tempfile.mkdtemp(prefix="reader-memory-"))
    env = {**os.environ, "TERM": "xterm-256color", "READER_CACHE_DIR": str(args.cache_dir),
           "READER_DATA_DIR": str(data)}
    cmd = [sys.executable, "-m", "reader", "--corpus", str(args.corpus)]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(cmd[0], cmd, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    started = time.perf_counter()
    seen = b""
    result: dict = {"articles": len(corpus.articles)}

    def wait_for(needle: bytes) -> float:
        nonlocal seen
        while time.perf_counter() - started < args.timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if fd in ready:
                seen += os.read(fd, 1 << 16)
                if needle in seen:
                    return time.perf_counter() - started
        raise RuntimeError(f"timed out waiting for {needle!r}")

    try:
        result["first_paint_s"] = round(wait_for(marker), 3)
        result["rss_at_first_paint_mb"] = _status(pid)["VmRSS"]
        seen = b""
        os.write(fd, "锡".encode())
        result["search_ready_s"] = round(wait_for(" hits".encode()), 3)
        time.sleep(1.0)
        ready = _status(pid)
        result.update({"rss_ready_mb": ready["VmRSS"], "peak_rss_mb": ready["VmHWM"],
                       "rss_ready_anon_mb": ready["RssAnon"], "rss_ready_file_mb": ready["RssFile"]})
        for q in ("\x7f高质量", "\x7f\x7f\x7fdxg", "\x7f\x7f\x7f杜小刚"):  # backspaces, then another query
            os.write(fd, q.encode())  # (only changed cells are redrawn: no marker to wait for)
            time.sleep(max(3.0, result["search_ready_s"] - result["first_paint_s"]))
            select.select([fd], [], [], 0)
            while select.select([fd], [], [], 0.05)[0]:
                os.read(fd, 1 << 16)
        after = _status(pid)
        result.update({"rss_after_searches_mb": after["VmRSS"], "peak_rss_after_searches_mb": after["VmHWM"],
                       "rss_after_searches_anon_mb": after["RssAnon"], "rss_after_searches_file_mb": after["RssFile"]})
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(", ".join(f"{k} {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
