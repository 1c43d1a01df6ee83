"""Damaged and planted cache files: every one is noticed, rebuilt once with a one-line
notice, never executed — and results stay those of a clean build.

The matrix: each cache file × {delete, truncate, zero, garbage of the same size, 64
random bytes mid-file, one byte flipped}, driven through the real ``reader`` console
script (and, for the mapped text, ``reader.cli.main`` with mapping forced). One clean
build is shared; each case damages a copy of it.
"""

from __future__ import annotations

import json
import os
import pickle
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
READER = Path(sys.executable).with_name("reader")
MAPPED = ("import sys, reader.search.prepared as p; p.MAP_TEXT_BYTES = 0; "
          "from reader.cli import main; sys.exit(main())")  # the text cache file is used at any size

# cache file -> where it is, relative to the cache dir
FILES = {
    "corpus": "corpus/*.cache",
    "body": "corpus/*.body",
    "toc": "index/*/_MAIN_*.toc",
    "segment": "index/*/MAIN_*.seg",
    "manifest": "index/*/manifest.json",
    "chars": "text/*.chars",
    "text": "text/*.u16",
    "jieba": "jieba-dict.cache",
}
MODES = ["delete", "truncate", "zero", "garbage", "random-mid", "flip"]
# a missing top-level cache is a first run, not damage: rebuilt without a word
SILENT = {("delete", f) for f in ("corpus", "chars", "text", "jieba")}
NOTICE = re.compile(r"^reader: .*(damaged|unreadable|no readable)", re.M)


def damage(path: Path, mode: str, seed: int = 0) -> None:
    rng = random.Random(seed)
    data = bytearray(path.read_bytes())
    mid = len(data) // 2
    if mode == "delete":
        path.unlink()
        return
    if mode == "truncate":
        data = data[:mid]
    elif mode == "zero":
        data = bytearray(len(data))
    elif mode == "garbage":
        data = bytearray(rng.randbytes(len(data)))
    elif mode == "random-mid":
        start = max(0, mid - 32)
        data[start : start + 64] = rng.randbytes(len(data[start : start + 64]))
    elif mode == "flip":
        data[mid] ^= 0xFF
    path.write_bytes(bytes(data))


def _env(cache: Path, data: Path) -> dict:
    return {**os.environ, "READER_CACHE_DIR": str(cache), "READER_DATA_DIR": str(data), "COLUMNS": "200"}


def run(cache: Path, corpus: Path, *args: str, mapped: bool = False) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-c", MAPPED] if mapped else [str(READER)]
    return subprocess.run([*cmd, *args, "--corpus", str(corpus)], capture_output=True, text=True, timeout=300,
                          env=_env(cache, cache.parent / "data"), cwd=cache.parent)


def _search(cache, corpus, query="无锡", mapped=False):
    return run(cache, corpus, "search", "--json", "--limit", "0", query, mapped=mapped)


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    """One clean build of every cache (mapped text and character sets included), and what
    each command answers from it."""
    base = tmp_path_factory.mktemp("clean")
    corpus = base / "corpus"
    shutil.copytree(ROOT / "seeds", corpus)
    cache = base / "cache"
    for args, mapped in ((("index",), False), (("search", "wuxi"), False), (("search", "无锡"), True)):
        r = run(cache, corpus, *args, mapped=mapped)
        assert r.returncode == 0, r.stderr
    for kind, pattern in FILES.items():
        assert sorted(cache.glob(pattern)), f"the clean build has no {kind} file"
    listing = run(cache, corpus, "list", "--json")
    ident = json.loads(listing.stdout)[3]["id"]
    expected = {
        "search": _search(cache, corpus).stdout,
        "pinyin": _search(cache, corpus, "wuxi").stdout,
        "list": listing.stdout,
        "show": run(cache, corpus, "show", "--json", ident).stdout,
        "related": run(cache, corpus, "related", "--json", ident).stdout,
    }
    assert json.loads(expected["search"]) and json.loads(expected["pinyin"])
    return {"corpus": corpus, "cache": cache, "id": ident, "expected": expected}


def _commands(kind: str, ident: str) -> list[tuple[str, tuple[str, ...]]]:
    """(expected output key or "", args) of the commands that read *kind*."""
    search = ("search", ("search", "--json", "--limit", "0", "无锡"))
    pinyin = ("pinyin", ("search", "--json", "--limit", "0", "wuxi"))
    if kind in ("corpus", "body"):
        return [search, ("list", ("list", "--json")), ("show", ("show", "--json", ident)), ("", ("index",))]
    if kind in ("toc", "segment", "manifest"):
        return [("", ("index",)), search, pinyin]
    if kind == "jieba":
        return [("related", ("related", "--json", ident)), ("", ("index", "--rebuild"))]
    return [search, pinyin]  # chars, text


def _case(clean, tmp_path, kind: str, mode: str, first: int) -> None:
    corpus, ident, expected = clean["corpus"], clean["id"], clean["expected"]
    cache = tmp_path / "cache"
    shutil.copytree(clean["cache"], cache)
    target = sorted(cache.glob(FILES[kind]))[0]
    damage(target, mode, seed=first)
    mapped = kind == "text"
    commands = _commands(kind, ident)
    key, args = commands[first % len(commands)]
    r = run(cache, corpus, *args, mapped=mapped)
    where = f"{kind} {mode}: reader {' '.join(args)}"
    assert r.returncode == 0, f"{where}: exit {r.returncode}\n{r.stderr}"
    assert "Traceback" not in r.stderr, f"{where}\n{r.stderr}"
    notices = NOTICE.findall(r.stderr)
    if (mode, kind) in SILENT:
        assert not notices, f"{where}: a first build is not damage\n{r.stderr}"
    else:
        assert len(NOTICE.findall(r.stderr)) == 1, f"{where}: expected one notice\n{r.stderr}"
    if key:
        assert r.stdout == expected[key], f"{where}: not a clean build's answer"
    # healed: the next run says nothing and answers as a clean build does
    again = _search(cache, corpus, mapped=mapped)
    assert again.returncode == 0 and not NOTICE.search(again.stderr), f"{where}: not healed\n{again.stderr}"
    assert again.stdout == expected["search"], f"{where}: the next search is not a clean build's"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", list(FILES))
def test_a_damaged_cache_heals_with_a_notice(clean, tmp_path, kind, mode):
    _case(clean, tmp_path, kind, mode, MODES.index(mode))


class Planted:
    """A pickle that would run code when loaded: it makes a folder."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (str(self.marker),))


@pytest.mark.parametrize("kind", [*FILES, "every index file", "all at once"])
def test_a_planted_pickle_never_runs(clean, tmp_path, kind):
    corpus, ident, expected = clean["corpus"], clean["id"], clean["expected"]
    cache = tmp_path / "cache"
    shutil.copytree(clean["cache"], cache)
    marker = tmp_path / "ran"
    evil = pickle.dumps(Planted(marker))
    patterns = list(FILES.values()) if kind == "all at once" else ["index/*/*"] if kind == "every index file" \
        else [FILES[kind]]
    targets = [p for pattern in patterns for p in cache.glob(pattern) if p.is_file() and not p.name.endswith(".lock")]
    assert targets
    for p in targets:
        p.write_bytes(evil)
    if kind in FILES:  # the commands that read it
        commands = _commands(kind, ident)
    else:
        commands = [*_commands("corpus", ident)[:3], *_commands("jieba", ident)[:1], *_commands("chars", ident)[1:]]
    for key, args in commands:
        r = run(cache, corpus, *args, mapped=True)
        assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
        if key:
            assert r.stdout == expected[key], f"{kind}: reader {' '.join(args)} is not a clean build's answer"
        assert not marker.exists(), f"a pickle planted at {kind} ran"
    r = run(cache, corpus, "index")
    assert r.returncode == 0 and not marker.exists()


def test_no_cache_file_of_ours_is_a_pickle(clean):
    for kind, pattern in FILES.items():
        if kind in ("toc", "segment"):
            continue  # Whoosh's own (its TOC is a pickle): checked against the manifest before it is read
        for p in clean["cache"].glob(pattern):
            head = p.read_bytes()[:2]
            assert head[:1] != b"\x80", f"{p.name} looks like a pickle"


# -- the core, in one process ----------------------------------------------------------------

@pytest.fixture
def heard():
    from reader import notices

    said: list[str] = []
    stop = notices.listen(said.append)
    yield said
    stop()


def _engine(corpus_dir, cache, monkeypatch):
    import reader.search.prepared as P
    from reader.corpus import load_corpus
    from reader.search import IndexStore, SearchEngine

    monkeypatch.setattr(P, "MAP_TEXT_BYTES", 0)  # the text mapped from its cache file
    corpus = load_corpus(corpus_dir, cache)
    ix, report = IndexStore(corpus, cache).open()
    return SearchEngine(corpus, ix, cache_dir=cache), report


def _answer(engine, query="无锡"):
    res = engine.search(query, limit=None)
    return res.total, [h.article.id for h in res.hits]


@pytest.fixture
def built(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "seeds", corpus)
    cache = tmp_path / "cache"
    engine, _ = _engine(corpus, cache, monkeypatch)
    engine.prepare_pinyin()  # writes the character sets
    truth = _answer(engine)
    assert truth[0] > 0 and sorted(cache.glob("text/*.u16")) and sorted(cache.glob("text/*.chars"))
    return corpus, cache, truth


def test_editing_the_text_cache_in_place_is_noticed(built, monkeypatch, heard):
    """无锡 edited in place (same size): before, `search 无锡` silently lost those hits."""
    corpus, cache, truth = built
    path = sorted(cache.glob("text/*.u16"))[0]
    data = path.read_bytes()
    needle = "无锡".encode("utf-16-le")
    assert data.count(needle) > 0
    path.write_bytes(data.replace(needle, "无钖".encode("utf-16-le")))
    engine, _ = _engine(corpus, cache, monkeypatch)
    assert _answer(engine) == truth
    assert any("text cache" in n for n in heard)


def test_zeroing_a_characters_set_is_noticed(built, monkeypatch, heard):
    """The set of 锡 zeroed in the character-set file: before, 0 hits instead of all."""
    from reader import cachefile
    from reader.search.charsets import FORMAT, KIND

    corpus, cache, truth = built
    path = sorted(cache.glob("text/*.chars"))[0]
    data = bytearray(path.read_bytes())
    header = cachefile.open_header(data, KIND, FORMAT)
    offset, length = next((o, n) for ch, o, n, _ in header["dir"] if ch == "锡")
    data[offset : offset + length] = bytes(length)
    path.write_bytes(bytes(data))
    engine, _ = _engine(corpus, cache, monkeypatch)
    assert _answer(engine) == truth
    assert _answer(engine, "wuxi")[0] >= truth[0]
    assert any("character-set cache" in n for n in heard)


def test_a_body_damaged_while_loaded_is_read_again_from_its_page(built, heard):
    """The corpus is loaded (a running app); then its body file is damaged: each body that
    fails its check is read again from its page file — shown right, said once."""
    from reader.corpus import load_corpus

    corpus_dir, cache, _ = built
    truth = [a.paragraphs for a in load_corpus(corpus_dir).articles]
    corpus = load_corpus(corpus_dir, cache)
    body = sorted(cache.glob("corpus/*.body"))[0]
    with open(body, "r+b") as fh:  # in place: the open file sees it
        size = fh.seek(0, 2)
        for pos in (size // 3, size // 2, 2 * size // 3):
            fh.seek(pos)
            fh.write(random.Random(pos).randbytes(64))
    assert [tuple(a.paragraphs) for a in corpus.articles] == [tuple(p) for p in truth]
    assert sum("corpus cache was damaged" in n for n in heard) == 1
    assert not sorted(cache.glob("corpus/*.cache"))  # dropped: the next load rebuilds it
    heard.clear()
    again = load_corpus(corpus_dir, cache)
    assert [tuple(a.paragraphs) for a in again.articles] == [tuple(p) for p in truth] and not heard


@pytest.mark.parametrize("mode", MODES)
def test_a_damaged_preview_is_not_shown_and_is_written_again(built, mode, heard):
    from reader.corpus.preview import CorpusLoader

    corpus_dir, cache, _ = built
    first = CorpusLoader(corpus_dir, cache)
    first.load()
    good = CorpusLoader(corpus_dir, cache).preview
    assert good is not None
    damage(sorted(cache.glob("preview/*.json"))[0], mode, seed=MODES.index(mode))
    heard.clear()
    loader = CorpusLoader(corpus_dir, cache)
    assert loader.preview is None or loader.preview == good
    assert bool(heard) == (mode != "delete")
    loader.load()
    assert CorpusLoader(corpus_dir, cache).preview == good


# -- the app ---------------------------------------------------------------------------------

@pytest.mark.asyncio
async def test_the_app_repairs_damaged_caches_and_says_so(clean, tmp_path):
    from reader.corpus.preview import CorpusLoader
    from reader.tui.app import ReaderApp
    from tui_helpers import ready

    corpus, expected = clean["corpus"], clean["expected"]
    cache = tmp_path / "cache"
    shutil.copytree(clean["cache"], cache)
    damage(sorted(cache.glob(FILES["body"]))[0], "random-mid", seed=1)
    damage(sorted(cache.glob(FILES["segment"]))[0], "garbage", seed=2)
    app = ReaderApp(CorpusLoader(corpus, cache), cache, tmp_path / "data")
    async with app.run_test(size=(140, 44)) as pilot:
        await ready(pilot)
        # (Pilot's compositor leaves toasts out of the rendered text: the app's own list)
        notes = [(n.title, n.message) for n in app._notifications]
        assert sum(t == "Cache repaired" and "corpus cache was damaged" in m for t, m in notes) == 1, notes
        assert sum("search index was damaged" in m for t, m in notes) == 1, notes
        # every body read (the text search needs), each right
        hits = json.loads(expected["search"])
        res = app.engine.search("无锡", limit=None)
        assert [h.article.id for h in res.hits] == [h["id"] for h in hits]


def test_an_index_checked_before_is_still_checked_after_a_write(tmp_path, monkeypatch, heard):
    """Files checked whole are stamped by their stat, so reopening skips their CRC; a write
    in place of the same size — its mtime set back as it was — is still caught (ctime)."""
    import time as _time

    import reader.search.index as S
    from reader.corpus import load_corpus
    from reader.search import IndexStore

    corpus_dir = tmp_path / "corpus"
    shutil.copytree(ROOT / "seeds", corpus_dir)
    cache = tmp_path / "cache"
    corpus = load_corpus(corpus_dir, cache)
    IndexStore(corpus, cache).open()
    monkeypatch.setattr(S, "STAMP_AFTER_NS", 0)  # (files are stamped 2 s after their last change)
    store = IndexStore(corpus, cache)
    assert store.is_current()
    stamps = json.loads((store.path / S.VERIFIED).read_text())
    seg = sorted(store.path.glob("MAIN_*.seg"))[0]
    assert seg.name in stamps
    crcs = []
    real = S._file_crc
    monkeypatch.setattr(S, "_file_crc", lambda p: crcs.append(p) or real(p))
    assert store.is_current() and not crcs  # stamped: no file read again
    deadline = _time.monotonic() + 5  # past the clock tick of the stamped ctime
    while _time.time_ns() <= stamps[seg.name][3] + 50_000_000 and _time.monotonic() < deadline:
        _time.sleep(0.01)
    st = seg.stat()
    damage(seg, "flip")
    os.utime(seg, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert not store.is_current()
    engine_ix, report = IndexStore(corpus, cache).open()
    assert report.built and "damaged" in report.notice
