"""Turn bench/run.py JSON outputs into the Markdown table of docs/performance.md.

    python bench/run.py --articles 0 --json > bench/out/seeds.json
    python bench/run.py --articles 10000 --json > bench/out/10k.json
    python bench/report.py bench/out/seeds.json bench/out/10k.json bench/out/memory-*.json
"""

from __future__ import annotations

import json
import sys


def rows(results: list[dict]) -> str:
    head = ("| articles (chars) | build chars/s reader / naive (ratio) | keystroke p50 ms reader / naive | "
            "p95 ms reader / naive | max ms reader / naive | whole answer p50 / p95 ms (reader) "
            "| states equal to truth reader / naive | re-open unchanged |")
    out = [head, "|" + "---|" * 8]
    for r in results:
        me, nv = r["reader"], r.get("naive")
        def pair(a, b, fmt="{}"):
            return fmt.format(a) + (" / " + fmt.format(b) if b is not None else "")
        ratio = r.get("ratios", {})
        w = me.get("whole_answer")
        whole = f"{w['p50_ms']} / {w['p95_ms']}" if w else "—"
        if w and me.get("staged_states"):
            whole += f" ({me['staged_states']} states paged first, {me['first_pages_equal']} exact)"
        if nv is None:
            out.append(
                f"| {r['articles']:,} ({r['chars']:,}) | {me['build_chars_per_s']:,} (naive not run) "
                f"| {me['keystroke']['p50_ms']} | {me['keystroke']['p95_ms']} | {me['keystroke']['max_ms']} | {whole} "
                f"| {me['correct_states']}/{r['states']} | {me['reopen_s']} s, {me['reopen_indexed']} indexed |"
            )
            continue
        out.append(
            f"| {r['articles']:,} ({r['chars']:,}) "
            f"| {pair(me['build_chars_per_s'], nv and nv['build_chars_per_s'], '{:,}')} ({ratio.get('build_speed', '—')}×) "
            f"| {pair(me['keystroke']['p50_ms'], nv and nv['keystroke']['p50_ms'])} ({ratio.get('keystroke_p50', '—')}× faster) "
            f"| {pair(me['keystroke']['p95_ms'], nv and nv['keystroke']['p95_ms'])} ({ratio.get('keystroke_p95', '—')}× faster) "
            f"| {pair(me['keystroke']['max_ms'], nv and nv['keystroke']['max_ms'])} | {whole} "
            f"| {me['correct_states']}/{r['states']} / {nv['correct_states'] if nv else '—'}/{r['states']} "
            f"| {me['reopen_s']} s, {me['reopen_indexed']} indexed |"
        )
    return "\n".join(out)


def pinyin_rows(results: list[dict]) -> str:
    """Pinyin on and off, from the same runs: typed-letter states and the CJK states."""
    head = ("| articles | pinyin states p50 / p95 / max ms | whole answer p50 / p95 ms | equal to truth "
            "| CJK states p50 / p95 ms, pinyin on "
            "| CJK states p50 / p95 ms, pinyin off | letter states p50 / p95 ms, pinyin off | readings built in |")
    out = [head, "|" + "---|" * 8]
    for r in results:
        me = r["reader"]
        py = me.get("pinyin")
        if not py:
            continue
        k, off, lo = py["keystroke"], py["cjk_states_pinyin_off"], py["pinyin_states_pinyin_off"]
        w = py.get("whole_answer")
        out.append(
            f"| {r['articles']:,} | {k['p50_ms']} / {k['p95_ms']} / {k['max_ms']} "
            f"| {w['p50_ms'] if w else '—'} / {w['p95_ms'] if w else '—'} | {py['correct_states']}/{py['states']} "
            f"| {me['keystroke']['p50_ms']} / {me['keystroke']['p95_ms']} | {off['p50_ms']} / {off['p95_ms']} "
            f"| {lo['p50_ms']} / {lo['p95_ms']} | {py['table_s']} s |"
        )
    return "\n".join(out)


def memory_rows(results: list[dict]) -> str:
    """bench/memory.py outputs: the running app's readiness and resident memory."""
    head = ("| articles | first paint | RSS at first paint | search ready | RSS searchable (anon + file) "
            "| RSS after searches (anon + file) | peak RSS |")
    out = [head, "|" + "---|" * 7]
    for r in results:
        def rss(key):
            anon, file = r.get(f"{key}_anon_mb"), r.get(f"{key}_file_mb")
            return f"{r[key + '_mb']} MB" + (f" ({anon} + {file})" if anon is not None else "")
        out.append(
            f"| {r['articles']:,} | {r['first_paint_s']} s | {r['rss_at_first_paint_mb']} MB | {r['search_ready_s']} s "
            f"| {rss('rss_ready')} | {rss('rss_after_searches')} | {r['peak_rss_after_searches_mb']} MB |"
        )
    return "\n".join(out)


if __name__ == "__main__":
    data = [json.load(open(p)) for p in sys.argv[1:]]
    runs = [d for d in data if "reader" in d]
    memory = [d for d in data if "first_paint_s" in d]
    if runs:
        print(rows(runs))
        print()
        print(pinyin_rows(runs))
    if memory:
        print()
        print(memory_rows(memory))
