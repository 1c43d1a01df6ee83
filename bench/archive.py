"""Benchmark: a daily paper's archive at scale (#14 §6) — an archive tree laid out by
``bench/synth.py --archive`` (by default 100k articles: 3 years × 365 issues × 8 pages).

    python bench/synth.py /tmp/a100k --archive --articles 100000
    python bench/archive.py /tmp/a100k --cache-dir /tmp/c100k [--rounds 5] [--json]

Measures, in one run:

- **scan**: the folder's names and stats (what a look for changes costs), and loading the
  corpus from its cache (every page parsed before, as at each launch after the first);
- **issues view**: the app (headless, 140×40, Pilot) on the archive: ``i`` pressed → the
  calendar on the rendered screen, the first time (the issue order is built then) and again;
- **date range + text**: the first page of hits for each keystroke of a word typed after a
  one-month date range (``date:2023-03-01..2023-03-31 新质生产力``: ``…新``, ``…新质``, …), after
  an issue (``issue:2023-03-15 …``) and after an open range (``date:>=…``), caches emptied
  before each query as bench/run.py does before each word, with the readings and decoded
  postings the app prepares in the background — each state's median over --rounds, then
  p50/p95 over the states; the whole, counted answer beside it;
- **an added issue**: one more issue of --add articles laid out beside the others while the
  app runs, its query (``issue:DATE``) in the box showing no results, then F5: the time until
  corpus and engine are swapped, and until the box's query shows the new issue's articles —
  with the index updated in a child process, as the app does. The issue's folder is removed afterwards (and the index updated
  again), so that the next run starts from the same archive.

First paint against a bare Textual app is ``bench/startup.py --corpus DIR --cache-dir DIR``.
The index must be built beforehand (``reader index --corpus DIR --cache-dir DIR``).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

WORD = "新质生产力"
VIEW = re.compile(r"Issues › \S+")  # the issues view's heading (it opens at the open article's issue)


def _bare_modal():
    from textual.screen import ModalScreen
    from textual.widgets import Static

    class BareModal(ModalScreen):
        def compose(self):
            yield Static("Bare › modal")

    return BareModal


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def ms(values: list[float]) -> dict:
    return {"p50": round(1000 * statistics.median(values), 2), "p95": round(1000 * percentile(values, 0.95), 2),
            "max": round(1000 * max(values), 2), "n": len(values)}


def time_scan(root: Path, cache: Path, rounds: int) -> dict:
    from reader.corpus import load_corpus
    from reader.corpus.pagefiles import scan

    scans, loads = [], []
    for _ in range(rounds):
        t = time.perf_counter()
        _, files, _ = scan(root)
        scans.append(time.perf_counter() - t)
        t = time.perf_counter()
        corpus = load_corpus(root, cache)
        loads.append(time.perf_counter() - t)
    return {"pages": len(files), "articles": len(corpus.articles), "scan_s": round(statistics.median(scans), 3),
            "load_cached_s": round(statistics.median(loads), 3)}


def date_queries(corpus) -> list[tuple[str, list[str]]]:
    """(label, keystroke states): the word typed after a month's range and after one issue."""
    issues = sorted({a.issue for a in corpus.articles if a.issue is not None})
    middle = issues[len(issues) * 2 // 3]
    first = middle.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    out = []
    for label, prefix in (("month range", f"date:{first}..{last} "), ("one issue", f"issue:{middle} "),
                          ("a year on", f"date:>={middle} ")):
        out.append((label, [prefix + WORD[:k] for k in range(1, len(WORD) + 1)]))
    return out


def time_queries(corpus, cache: Path, rounds: int) -> dict:
    from reader.search import open_search

    engine, _ = open_search(corpus, cache)
    engine.text  # noqa: B018 — the one-off cost of the text, as the app pays it before search opens
    engine.prepare_pinyin()  # and the decoded postings, which the app prepares in the background
    states = [(label, q) for label, qs in date_queries(corpus) for q in qs]
    first: dict[str, list[float]] = {q: [] for _, q in states}
    whole: dict[str, list[float]] = {q: [] for _, q in states}
    counts = {}
    for _ in range(rounds):
        for k, (_, q) in enumerate(states):
            if k % len(WORD) == 0:  # each query typed afresh (as bench/run.py does each word)
                engine.forget_answers()
            t = time.perf_counter()
            stages = engine.search_stages(q, limit=60)
            page = next(stages)
            first[q].append(time.perf_counter() - t)
            last = page
            for last in stages:
                pass
            whole[q].append(time.perf_counter() - t)
            assert [h.article.id for h in page.hits] == [h.article.id for h in last.hits[:len(page.hits)]], q
            counts[q] = last.total
    by_label = {}
    for label, qs in date_queries(corpus):
        by_label[label] = {"states": qs, "hits": [counts[q] for q in qs],
                           "first_page_ms": ms([statistics.median(first[q]) for q in qs])}
    return {
        "first_page_ms": ms([statistics.median(first[q]) for _, q in states]),
        "whole_answer_ms": ms([statistics.median(whole[q]) for _, q in states]),
        "by_query": by_label,
    }


async def time_app(root: Path, cache: Path, add: int, rounds: int) -> dict:
    from textual import events  # noqa: F401 — the app's own

    from reader.corpus.preview import CorpusLoader
    from reader.settings import load as load_settings
    from reader.tui.app import ReaderApp
    from synth import PAPER, add_issue
    from tui_helpers import screen_text

    BareModal = _bare_modal()

    async def until(pilot, condition, timeout=300.0, what="", poll=0.01) -> float:
        t = time.perf_counter()
        while not condition():
            if time.perf_counter() - t > timeout:
                raise SystemExit(f"{what} never happened within {timeout} s")
            await pilot.pause(poll)
        return time.perf_counter() - t

    data = Path(cache) / "bench-data"
    app = ReaderApp(CorpusLoader(root, cache), cache, data, settings=load_settings(path=Path(cache) / "bench-settings.toml"))
    out: dict = {}
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await until(pilot, lambda: app.engine is not None, what="search opening")
        await until(pilot, lambda: app.engine.pinyin_ready, what="pinyin")
        await pilot.press("escape")  # out of the search box, to the list
        # i → the issues view painted, interleaved with a bare modal screen pushed the same
        # way: what any screen costs in this app, the floor under the view. The clock stops
        # at the first refresh after the screen is on top (polled every 2 ms); the rendered
        # screen is then checked to show it.
        async def painted(start) -> tuple[float, float]:
            t, c = time.perf_counter(), time.process_time()
            start()
            await until(pilot, lambda: app.screen is not app.main_screen, what="a screen pushed", poll=0.002)
            done: list = []
            app.screen.call_after_refresh(lambda: done.append((time.perf_counter() - t, time.process_time() - c)))
            await until(pilot, lambda: done, what="its first refresh", poll=0.002)
            return done[0]

        opens, bare, opens_cpu, bare_cpu = [], [], [], []
        for k in range(rounds + 1):
            wall, cpu = await painted(lambda: app.main_screen.action_issues())
            assert VIEW.search(screen_text(app)), screen_text(app)
            opens.append(wall)
            opens_cpu.append(cpu)
            await pilot.press("q")
            await until(pilot, lambda: app.screen is app.main_screen, what="back to the list")
            wall, cpu = await painted(lambda: app.push_screen(BareModal()))
            assert "Bare › modal" in screen_text(app)
            bare.append(wall)
            bare_cpu.append(cpu)
            app.pop_screen()
            await until(pilot, lambda: app.screen is app.main_screen, what="back to the list")
        out["issues_view_first_s"] = round(opens[0], 3)
        out["issues_view_again_ms"] = ms(opens[1:])
        out["issues_view_again_cpu_ms"] = ms(opens_cpu[1:])
        out["bare_modal_ms"] = ms(bare[1:])
        out["bare_modal_cpu_ms"] = ms(bare_cpu[1:])
        issues = sorted({a.issue for a in app.corpus.articles if a.issue is not None})
        day = issues[-1] + dt.timedelta(days=1)
        await pilot.press("slash")  # the new issue's query in the box first: no results yet
        for ch in f"issue:{day}":
            await pilot.press(ch)
        await until(pilot, lambda: "no results" in screen_text(app), what="no results before")
        folder = add_issue(root, day, add)
        try:
            before = len(app.corpus.articles)
            t = time.perf_counter()
            await pilot.press("f5")
            await until(pilot, lambda: len(app.corpus.articles) == before + add, what="the new issue")
            swapped = time.perf_counter() - t
            await until(pilot, lambda: f"{add} hits" in screen_text(app), what="the new issue's hits")
            out["added_issue"] = {"date": day.isoformat(), "articles": add, "pages": len(list(folder.iterdir())),
                                  "corpus_and_engine_swapped_s": round(swapped, 3),
                                  "searchable_s": round(time.perf_counter() - t, 3)}
            toast = [line for line in screen_text(app).splitlines() if "searchable in" in line]
            out["added_issue"]["toast"] = toast[0].split("▌")[-1].strip(" │╯─") if toast else None
            await until(pilot, lambda: app.engine.pinyin_ready, what="pinyin again")
            out["added_issue"]["pinyin_again_s"] = round(time.perf_counter() - t, 3)
        finally:
            shutil.rmtree(root / PAPER / f"{day:%Y}" / f"{day:%m}" / f"{day:%d}")
            for empty in (root / PAPER / f"{day:%Y}" / f"{day:%m}", root / PAPER / f"{day:%Y}"):
                if empty.exists() and not any(empty.iterdir()):
                    empty.rmdir()
        await pilot.press("f5")  # the archive as it was, for the next run
        await until(pilot, lambda: len(app.corpus.articles) == before, what="the issue removed")
        await until(pilot, lambda: not app.reloading, what="the reload")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path, help="an archive laid out by bench/synth.py --archive")
    parser.add_argument("--cache-dir", type=Path, required=True, help="where its index was built")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--add", type=int, default=100, help="articles in the added issue")
    parser.add_argument("--skip-app", action="store_true", help="only the scan and the queries")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    from reader.corpus import load_corpus

    result = {"scan": time_scan(args.root, args.cache_dir, args.rounds)}
    corpus = load_corpus(args.root, args.cache_dir)
    result["queries"] = time_queries(corpus, args.cache_dir, args.rounds)
    del corpus
    if not args.skip_app:
        result["app"] = asyncio.run(time_app(args.root, args.cache_dir, args.add, args.rounds))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    s = result["scan"]
    print(f"{s['pages']:,} page files, {s['articles']:,} articles: scan {s['scan_s']} s, "
          f"load from the cache {s['load_cached_s']} s")
    q = result["queries"]
    print(f"date range + text, first page: p50 {q['first_page_ms']['p50']} ms, p95 {q['first_page_ms']['p95']} ms "
          f"(whole answer p50 {q['whole_answer_ms']['p50']}, p95 {q['whole_answer_ms']['p95']})")
    for label, row in q["by_query"].items():
        print(f"  {label}: p50 {row['first_page_ms']['p50']} p95 {row['first_page_ms']['p95']} ms; hits {row['hits']}")
    if "app" in result:
        a = result["app"]
        print(f"issues view: first {a['issues_view_first_s']} s, again p50 {a['issues_view_again_ms']['p50']} ms "
              f"p95 {a['issues_view_again_ms']['p95']} ms (CPU p50 {a['issues_view_again_cpu_ms']['p50']} ms); "
              f"a bare modal screen p50 {a['bare_modal_ms']['p50']} ms (CPU {a['bare_modal_cpu_ms']['p50']} ms)")
        g = a["added_issue"]
        print(f"added issue {g['date']} ({g['articles']} articles, {g['pages']} pages): swapped in "
              f"{g['corpus_and_engine_swapped_s']} s, its hits on screen at {g['searchable_s']} s, pinyin again at "
              f"{g['pinyin_again_s']} s; toast: {g['toast']}")


if __name__ == "__main__":
    main()
