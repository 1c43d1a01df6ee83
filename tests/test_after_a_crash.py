"""After a crash nothing is left behind or waited on in silence (issue 17, §5): leftovers of
dead writers are removed at the next start (a live one's never); a stopped builder is said
and gone around; a killed indexer child is started again. Real processes, kill -9 and
SIGSTOP; waits bounded."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui_helpers import ready, settle, type_text, wait_for_screen

HOLD = r"""
import sys, time
from pathlib import Path
from reader.files import atomic_write
with atomic_write(Path(sys.argv[1])) as fh:
    fh.write(b"x" * 4096)
    fh.flush()
    print("ready", flush=True)
    time.sleep(600)
"""

# builds the index of the seeds and stops at its last progress report, holding the lock,
# until a line comes on stdin (or forever)
BUILD = r"""
import sys
from reader.corpus import load_corpus
from reader.paths import bundled_seeds
from reader.search import IndexStore

def progress(done, total):
    if done == total:
        print("ready", flush=True)
        sys.stdin.readline()

IndexStore(load_corpus(bundled_seeds()), sys.argv[1]).open(progress=progress)
print("built", flush=True)
"""


def _spawn(code: str, *args) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", code, *map(str, args)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    line = _line(proc.stdout, 120)
    assert line.strip() == "ready", f"the helper did not start ({line!r})"
    return proc


def _end(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGCONT)
        proc.kill()
    proc.wait(timeout=30)


def _line(pipe, timeout: float) -> str:
    """The next line from *pipe* ("" at its end), waiting at most *timeout* seconds."""
    import select

    deadline = time.monotonic() + timeout
    data = b""
    fd = pipe.fileno()
    while not data.endswith(b"\n"):
        left = deadline - time.monotonic()
        assert left > 0, f"no whole line in {timeout} s (so far {data!r})"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 1)
            if not chunk:
                break
            data += chunk
    return data.decode("utf-8")


def _reader(*args, cache, timeout=120):
    return subprocess.run([sys.executable, "-m", "reader", *args, "--cache-dir", str(cache)],
                          capture_output=True, text=True, timeout=timeout)


def test_leftovers_of_killed_writers_go_at_the_next_start_a_live_ones_stay(tmp_path):
    cache = tmp_path / "cache"
    dead_writer = _spawn(HOLD, cache / "corpus" / "a.pickle")
    live_writer = _spawn(HOLD, cache / "text" / "b.u16")
    dead_builder = _spawn(BUILD, cache)
    try:
        for proc in (dead_writer, dead_builder):
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        tmp_files = sorted(p.name for p in cache.rglob("*.tmp-*"))
        assert len(tmp_files) == 2 and any(f".tmp-{dead_writer.pid}-" in n for n in tmp_files)
        build = list((cache / "index").glob(f"*.build-{dead_builder.pid}"))
        assert build and any(build[0].iterdir())
        # a leftover whose number is a live process's but untouched for two days: PID reused
        old = cache / "preview" / f"c.pickle.tmp-{os.getpid()}-1f"
        old.parent.mkdir(parents=True, exist_ok=True)
        old.write_bytes(b"x")
        os.utime(old, (time.time() - 2 * 86400,) * 2)

        proc = _reader("list", cache=cache)  # any command: a start
        assert proc.returncode == 0, proc.stderr
        left = sorted(str(p.relative_to(cache)) for p in cache.rglob("*") if ".tmp-" in p.name or ".build-" in p.name)
        assert left == [str(next((cache / "text").glob("b.u16.tmp-*")).relative_to(cache))], left
        assert live_writer.poll() is None
    finally:
        for proc in (dead_writer, live_writer, dead_builder):
            _end(proc)


def test_a_stopped_builder_is_said_and_the_search_goes_on_without_it(tmp_path):
    cache = tmp_path / "cache"
    builder = _spawn(BUILD, cache)
    try:
        os.kill(builder.pid, signal.SIGSTOP)
        proc = _reader("search", "无锡", "--limit", "1", cache=cache, timeout=90)
        assert proc.returncode == 0, proc.stderr
        assert f"reader: waiting for another reader (pid {builder.pid}) that is building the index…" in proc.stderr
        assert f"(pid {builder.pid}) that holds the index is stopped (kill -CONT {builder.pid} resumes it)" in proc.stderr
        assert "match '无锡'" in proc.stdout
        # the stopped one, resumed, finishes too; the index stays whole
        os.kill(builder.pid, signal.SIGCONT)
        builder.stdin.write("\n")
        builder.stdin.flush()
        assert _line(builder.stdout, 120).strip() == "built"
        proc = _reader("search", "无锡", "--json", cache=cache)
        assert proc.returncode == 0 and json.loads(proc.stdout), proc.stderr
        assert not list((cache / "index").glob("*.build-*"))
    finally:
        _end(builder)


def test_a_running_builder_is_waited_for_and_said(tmp_path):
    cache = tmp_path / "cache"
    builder = _spawn(BUILD, cache)
    search = None
    try:
        search = subprocess.Popen([sys.executable, "-m", "reader", "search", "无锡", "--cache-dir", str(cache)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # bytes: read unbuffered
        line = _line(search.stderr, 60)
        if line.startswith("reader: indexing"):
            line = _line(search.stderr, 60)
        assert line == f"reader: waiting for another reader (pid {builder.pid}) that is building the index…\n"
        assert search.poll() is None  # it waits for the builder, which runs
        builder.stdin.write("\n")
        builder.stdin.flush()
        out, err = (b.decode("utf-8") for b in search.communicate(timeout=90))
        assert search.returncode == 0, err
        assert "match '无锡'" in out and "stopped" not in err
        assert builder.wait(timeout=60) == 0
    finally:
        _end(builder)
        if search is not None and search.poll() is None:
            search.kill()
            search.wait()


async def test_the_app_says_search_waits_for_a_stopped_builder_then_searches(tmp_path, seed_corpus):
    from reader.tui.app import ReaderApp

    cache = tmp_path / "cache"
    builder = _spawn(BUILD, cache)
    try:
        os.kill(builder.pid, signal.SIGSTOP)
        app = ReaderApp(seed_corpus, cache, tmp_path / "data")
        async with app.run_test(size=(160, 40)) as pilot:
            await wait_for_screen(pilot, f"search waits: waiting for another reader (pid {builder.pid})")
            await pilot.press("escape")  # the app stays usable meanwhile: Esc to the list, which moves
            await settle(pilot)
            await pilot.press("j")
            await settle(pilot)
            assert app.main_screen.article_list.cursor == 1
            await ready(pilot, timeout=90)
            await pilot.press("slash")  # (search was not ready when keys were pressed: it waits for /)
            await type_text(pilot, "无锡")
            await settle(pilot)
            shown = await wait_for_screen(pilot, "hits")
            assert "search waits" not in shown
    finally:
        _end(builder)


async def test_the_app_starts_a_killed_indexer_again_and_says_so(tmp_path, seed_corpus):
    from reader.tui.app import ReaderApp

    app = ReaderApp(seed_corpus, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(160, 40)) as pilot:
        deadline = time.monotonic() + 30
        while app._index_proc is None:
            assert time.monotonic() < deadline, "the indexer never started"
            await pilot.pause(0.02)
        first = app._index_proc
        os.kill(first.pid, signal.SIGKILL)
        await wait_for_screen(pilot, "search waits: the indexer was killed (SIGKILL); trying again in 1 s")
        await ready(pilot, timeout=90)
        assert app._index_proc is not first
        await type_text(pilot, "无锡")
        await settle(pilot)
        await wait_for_screen(pilot, "hits")


async def test_an_indexer_that_keeps_failing_is_given_up_with_a_reason(tmp_path, seeds, monkeypatch):
    """Bounded: after INDEX_ATTEMPTS children the app says search is unavailable, and why."""
    import shutil

    from reader.corpus import load_corpus
    from reader.tui import app as app_module, indexing

    monkeypatch.setattr(indexing, "INDEX_RETRY_DELAY", 0.05)
    folder = tmp_path / "pages"
    shutil.copytree(seeds, folder)
    corpus = load_corpus(folder)
    shutil.rmtree(folder)  # the folder went away while the app ran: every indexer fails
    app = app_module.ReaderApp(corpus, tmp_path / "cache", tmp_path / "data")
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await wait_for_screen(pilot, "search unavailable", f"the indexer failed {indexing.INDEX_ATTEMPTS} times",
                              "corpus folder not found", timeout=120)
        assert app.engine is None and app.is_running
        await type_text(pilot, "无锡")  # typed now: not promised a search that will not come
        screen = await wait_for_screen(pilot, "not searched: search is unavailable")
        assert "searched when the index is ready" not in screen
