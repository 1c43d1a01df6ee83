"""Benchmark: reader vs the naive Whoosh + jieba recipe, in one run on one machine.

    python bench/run.py --articles 10000 [--json] [--no-naive]
    python bench/run.py --articles 0          # the bundled seed pages

Measures, for both: index build (chars/s), per-keystroke latency (query → top-50 hits with
snippet spans) p50/p95/max over a replay of typed words (each state's median over --rounds
replays, as the machine is shared and noisy), and how many keystroke states
return exactly the articles that contain the typed text (the substring truth). Also the
cost of re-opening an unchanged corpus. Not part of the test suite.

For the reader, a keystroke's latency is until its first results are ready to show, as the
app shows them (``SearchEngine.search_stages``): for a broad query in a large archive, the
exact first page before the matches are all counted. The time to the whole, counted answer
is reported beside it ("whole answer"), and every first page is checked against it.
"""

from __future__ import annotations

import argparse
import os
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from reader.corpus import load_corpus  # noqa: E402
from reader.search import open_search  # noqa: E402
from reader.search.normalize import normalize  # noqa: E402
from reader.search.index import article_text  # noqa: E402

WORDS = ["新质生产力", "杜小刚", "太湖治理", "高质量发展", "锡", "西门子 工厂"]
# typed in pinyin: full, initials, mixed with characters
PINYIN_WORDS = ["duxiaogang", "gaozhiliang", "xzscl", "taihu治理", "wuxi"]
# typed without apostrophes, a syllable opening with a vowel after another (reported apart,
# so the figures above stay comparable with earlier sessions')
VOWEL_WORDS = ["fangan", "yanan", "xian", "jiaotonganquan"]


def keystrokes(words=WORDS) -> list[list[str]]:
    """Each word as typed, one state per character."""
    return [[w[:k] for k in range(1, len(w) + 1)] for w in words]


def truth(texts: list[str], ids: list[str], q: str) -> set[str]:
    parts = [normalize(p) for p in q.split()]
    return {i for i, t in zip(ids, texts) if all(p in t for p in parts)}


def truth_pinyin(texts: list[str], ids: list[str], q: str, table) -> set[str]:
    """Articles holding every part as text or read as pinyin, each text scanned whole."""
    import re

    parts: list[str] = []
    for p in (normalize(w) for w in q.split()):
        if parts and re.fullmatch(r"[a-z][a-z']*", p) and re.fullmatch(r"[a-z][a-z' ]*", parts[-1]):
            parts[-1] += " " + p
        else:
            parts.append(p)
    patterns = [(p, table.pattern(p) if re.search(r"[a-z]", p) else None) for p in parts]
    return {i for i, t in zip(ids, texts)
            if all(p in t or (pat is not None and pat.search(t)) for p, pat in patterns)}


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s)) - 1))]


ROUNDS = 5  # replays of the whole typing sequence; each state's latency is its median


def per_state_median(rounds: list[list[float]]) -> list[float]:
    """The machine is shared and noisy: each keystroke state's median over the rounds."""
    return [statistics.median(vals) for vals in zip(*rounds)]


def summary(lat: list[float]) -> dict:
    return {"p50_ms": round(statistics.median(lat), 2), "p95_ms": round(pct(lat, 95), 2), "max_ms": round(max(lat), 2)}


def bench_reader(corpus, cache: Path, states: list[list[str]], texts, ids) -> dict:
    started = time.perf_counter()
    engine, report = open_search(corpus, cache)
    build = time.perf_counter() - started
    started = time.perf_counter()
    engine2, again = open_search(corpus, cache)
    reopen = time.perf_counter() - started
    warm_started = time.perf_counter()
    engine.text  # the normalised text, built in the background by the app
    warm = time.perf_counter() - warm_started
    if os.environ.get("BENCH_GC_FREEZE"):
        import gc

        gc.freeze()
    table_started = time.perf_counter()
    engine.prepare_pinyin()  # the readings of the corpus's characters and their articles, built in the background
    table_s = time.perf_counter() - table_started

    def replay_once(words, pinyin: bool) -> list[tuple[float, float]]:
        """(first results, whole answer) in ms for each state, typed as the app runs it."""
        engine.set_pinyin(pinyin)
        lat = []
        for word in words:  # each word typed afresh: caches emptied
            engine.forget_answers()
            for q in word:
                t = time.perf_counter()
                first = None
                for res in engine.search_stages(q, limit=50):
                    if first is None:
                        first = (time.perf_counter() - t) * 1000
                    assert all(h.snippet is not None for h in res.hits)
                lat.append((first, (time.perf_counter() - t) * 1000))
        engine.set_pinyin(True)
        return lat

    py_states = keystrokes(PINYIN_WORDS)
    vowel_states = keystrokes(VOWEL_WORDS)
    # the replays interleaved round by round, so pinyin on and off meet the same machine
    runs: dict[tuple[str, bool], list[list[float]]] = {}
    for _ in range(ROUNDS):
        for name, words in (("cjk", states), ("py", py_states)):
            for on in (True, False):
                runs.setdefault((name, on), []).append(replay_once(words, on))
        runs.setdefault(("vowel", True), []).append(replay_once(vowel_states, True))
    def firsts(key):
        return per_state_median([[f for f, _ in r] for r in runs[key]])

    def wholes(key):
        return per_state_median([[w for _, w in r] for r in runs[key]])

    lat, whole = firsts(("cjk", True)), wholes(("cjk", True))
    py_lat, py_whole = firsts(("py", True)), wholes(("py", True))
    vowel_lat, vowel_whole = firsts(("vowel", True)), wholes(("vowel", True))
    off_lat = firsts(("cjk", False))
    off_py_lat = firsts(("py", False))
    correct = staged = pages_equal = 0
    for word in states:
        for q in word:
            res = engine.search(q, limit=None)
            correct += {h.article.id for h in res.hits} == truth(texts, ids, q)
            s, e = _first_page_check(engine, q)
            staged += s
            pages_equal += e
    py_correct = 0
    for word in py_states:
        for q in word:
            res = engine.search(q, limit=None)
            py_correct += {h.article.id for h in res.hits} == truth_pinyin(texts, ids, q, engine.pinyin_table)
            s, e = _first_page_check(engine, q)
            staged += s
            pages_equal += e
    vowel_correct = 0
    for word in vowel_states:
        for q in word:
            res = engine.search(q, limit=None)
            vowel_correct += {h.article.id for h in res.hits} == truth_pinyin(texts, ids, q, engine.pinyin_table)
            s, e = _first_page_check(engine, q)
            staged += s
            pages_equal += e
    return {
        "pinyin_vowel_initial": {
            "states": sum(map(len, vowel_states)),
            "keystroke": summary(vowel_lat),
            "whole_answer": summary(vowel_whole),
            "correct_states": vowel_correct,
            "latencies_ms": [round(x, 2) for x in vowel_lat],
        },
        "pinyin": {
            "table_s": round(table_s, 3),
            "states": sum(map(len, py_states)),
            "keystroke": summary(py_lat),
            "whole_answer": summary(py_whole),
            "correct_states": py_correct,
            "cjk_states_pinyin_off": summary(off_lat),
            "pinyin_states_pinyin_off": summary(off_py_lat),
            "latencies_ms": [round(x, 2) for x in py_lat],
        },
        "build_s": round(build, 2),
        "build_chars_per_s": round(report.chars / build),
        "reopen_s": round(reopen, 3),
        "reopen_indexed": again.added,
        "text_load_s": round(warm, 2),
        "keystroke": summary(lat),
        "whole_answer": summary(whole),
        "correct_states": correct,
        "staged_states": staged,  # states shown as a first page before the whole answer
        "first_pages_equal": pages_equal,  # ... whose first page was the whole answer's
        "latencies_ms": [round(x, 2) for x in lat],
        "whole_latencies_ms": [round(x, 2) for x in whole],
    }


def _first_page_check(engine, q: str) -> tuple[int, int]:
    """(1 if *q* comes in two stages, 1 if its first page is exactly the whole answer's)."""
    stages = list(engine.search_stages(q, limit=50))
    if len(stages) < 2:
        return 0, 0
    first, whole = stages[0], stages[-1]
    same = [h.article.id for h in first.hits] == [h.article.id for h in whole.hits[: len(first.hits)]] \
        and first.order == whole.order[: len(first.order)] and first.total <= whole.total
    return 1, int(same)


def bench_naive(corpus, path: Path, states, texts, ids) -> dict:
    from naive import Naive

    naive = Naive(path)
    build = naive.build(corpus.articles)
    chars = sum(len(a.title) + sum(map(len, a.paragraphs)) for a in corpus.articles)
    naive.open()
    rounds = []
    for _ in range(ROUNDS):
        lat = []
        for word in states:
            for q in word:
                t = time.perf_counter()
                naive.search(q, limit=50)
                lat.append((time.perf_counter() - t) * 1000)
        rounds.append(lat)
    lat = per_state_median(rounds)
    correct = 0
    for word in states:
        for q in word:
            results = naive.searcher.search(naive.parser.parse(q), limit=None)
            correct += {h["id"] for h in results} == truth(texts, ids, q)
    return {
        "build_s": round(build, 2),
        "build_chars_per_s": round(chars / build),
        "keystroke": summary(lat),
        "correct_states": correct,
        "latencies_ms": [round(x, 2) for x in lat],
    }


def main() -> None:
    global ROUNDS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10000, help="synthetic articles (0 = the seed pages)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive recipe")
    parser.add_argument("--keep", type=Path, help="keep the generated corpus and indexes here")
    parser.add_argument("--rounds", type=int, default=5, help="replays of the typing (medians per state)")
    parser.add_argument("--reuse-index", action="store_true",
                        help="with --keep: keep an index built by an earlier run (build figures are then not measured)")
    parser.add_argument("--corpus", type=Path, help="a corpus folder instead of a synthetic one (e.g. bench/synth.py "
                                                    "--archive's tree), with its index in --cache-dir")
    parser.add_argument("--cache-dir", type=Path, help="with --corpus: where its index is (built if missing)")
    args = parser.parse_args()
    if args.corpus is not None and (args.cache_dir is None or not args.no_naive):
        parser.error("--corpus needs --cache-dir and --no-naive")
    ROUNDS = max(1, args.rounds)

    work = args.keep or Path(tempfile.mkdtemp(prefix="reader-bench-"))
    try:
        if args.corpus is not None:
            folder = args.corpus
        elif args.articles:
            from synth import generate

            folder = work / f"corpus-{args.articles}"
            if not (folder.exists() and len(list(folder.glob("*.txt"))) * 20 >= args.articles):
                generate(folder, args.articles)
        else:
            folder = ROOT / "seeds"
        corpus = load_corpus(folder)
        texts = [article_text(a) for a in corpus.articles]
        ids = [a.id for a in corpus.articles]
        states = keystrokes()
        # jieba's dictionary loads once per process (~1.2 s); load it before either build
        # is timed so neither pays for it.
        from reader.search.analyzer import jieba_instance

        jieba_instance(work).initialize()
        n_states = sum(map(len, states))
        cache = args.cache_dir if args.corpus is not None else work / "cache"
        if not args.reuse_index and args.corpus is None:
            shutil.rmtree(cache, ignore_errors=True)
        result = {
            "articles": len(corpus.articles),
            "chars": sum(map(len, texts)),
            "states": n_states,
            "reader": bench_reader(corpus, cache, states, texts, ids),
        }
        if not args.no_naive:
            shutil.rmtree(work / "naive", ignore_errors=True)
            result["naive"] = bench_naive(corpus, work / "naive", states, texts, ids)
            r, n = result["reader"], result["naive"]
            result["ratios"] = {
                "build_speed": round(r["build_chars_per_s"] / n["build_chars_per_s"], 2),
                "keystroke_p50": round(n["keystroke"]["p50_ms"] / r["keystroke"]["p50_ms"], 1),
                "keystroke_p95": round(n["keystroke"]["p95_ms"] / r["keystroke"]["p95_ms"], 1),
                "whole_p95": round(n["keystroke"]["p95_ms"] / r["whole_answer"]["p95_ms"], 1),
            }
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    print(table(result))


def table(result: dict) -> str:
    r, n = result["reader"], result.get("naive")
    rows = [
        ("index build (chars/s)", f"{r['build_chars_per_s']:,}", n and f"{n['build_chars_per_s']:,}", result.get("ratios", {}).get("build_speed")),
        ("index build (s)", r["build_s"], n and n["build_s"], None),
        ("keystroke p50 (ms)", r["keystroke"]["p50_ms"], n and n["keystroke"]["p50_ms"], result.get("ratios", {}).get("keystroke_p50")),
        ("keystroke p95 (ms)", r["keystroke"]["p95_ms"], n and n["keystroke"]["p95_ms"], result.get("ratios", {}).get("keystroke_p95")),
        ("keystroke max (ms)", r["keystroke"]["max_ms"], n and n["keystroke"]["max_ms"], None),
        ("whole answer p50/p95 (ms)", f"{r['whole_answer']['p50_ms']} / {r['whole_answer']['p95_ms']}",
         n and f"{n['keystroke']['p50_ms']} / {n['keystroke']['p95_ms']}", result.get("ratios", {}).get("whole_p95")),
        ("first page before the count", f"{r['staged_states']} states, {r['first_pages_equal']} exact", None, None),
        ("states equal to substring truth", f"{r['correct_states']}/{result['states']}", n and f"{n['correct_states']}/{result['states']}", None),
        ("re-open unchanged corpus (s)", f"{r['reopen_s']} ({r['reopen_indexed']} indexed)", None, None),
    ]
    py = r.get("pinyin")
    if py:
        rows += [
            (f"pinyin: {py['states']} typed states p50/p95 (ms)", f"{py['keystroke']['p50_ms']} / {py['keystroke']['p95_ms']}", None, None),
            ("pinyin: whole answer p50/p95", f"{py['whole_answer']['p50_ms']} / {py['whole_answer']['p95_ms']}", None, None),
            ("pinyin: states equal to truth", f"{py['correct_states']}/{py['states']}", None, None),
            ("pinyin off: CJK states p50/p95 (ms)", f"{py['cjk_states_pinyin_off']['p50_ms']} / {py['cjk_states_pinyin_off']['p95_ms']}", None, None),
            ("pinyin off: letter states p50/p95", f"{py['pinyin_states_pinyin_off']['p50_ms']} / {py['pinyin_states_pinyin_off']['p95_ms']}", None, None),
        ]
    vw = r.get("pinyin_vowel_initial")
    if vw:
        rows += [
            (f"pinyin xian/fangan…: {vw['states']} states p50/p95", f"{vw['keystroke']['p50_ms']} / {vw['keystroke']['p95_ms']}", None, None),
            ("  whole answer p50/p95", f"{vw['whole_answer']['p50_ms']} / {vw['whole_answer']['p95_ms']}", None, None),
        ]
    out = [f"{result['articles']:,} articles, {result['chars']:,} characters, {result['states']} keystroke states", ""]
    out.append(f"| {'':32} | {'reader':>18} | {'naive':>10} | {'ratio':>6} |")
    out.append(f"|{'-' * 34}|{'-' * 20}|{'-' * 12}|{'-' * 8}|")
    for name, a, b, ratio in rows:
        out.append(f"| {name:32} | {str(a):>18} | {str(b if b is not None else '—'):>10} | {(str(ratio) + '×') if ratio else '':>6} |")
    return "\n".join(out)


if __name__ == "__main__":
    main()
