"""Encodings and broken files: never a traceback, one warning per bad file, nothing else lost."""

from __future__ import annotations

import os
import random

import pytest

from reader.corpus import CorpusError, load_corpus

PAGE = "0" * 0 + "中国诚通高层来锡考察\n\n本报讯 8月12日，市委书记杜小刚共同考察无锡。\n\n（惠晓婧）\n"


def _titles(corpus):
    return sorted(a.title for a in corpus.articles)


@pytest.mark.parametrize(
    "name,data",
    [
        ("utf8.txt", PAGE.encode("utf-8")),
        ("bom.txt", b"\xef\xbb\xbf" + PAGE.encode("utf-8")),
        ("utf16.txt", PAGE.encode("utf-16")),
        ("utf16be.txt", b"\xfe\xff" + PAGE.encode("utf-16-be")),
        ("gbk.txt", PAGE.encode("gbk")),
        ("gb18030.txt", PAGE.encode("gb18030")),
        ("crlf.txt", PAGE.replace("\n", "\r\n").encode("utf-8")),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "gbk", "gb18030", "crlf"],
)
def test_encodings_load_without_warning(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    corpus = load_corpus(tmp_path)
    assert corpus.warnings == []
    [article] = corpus.articles
    assert article.title == "中国诚通高层来锡考察"
    assert article.authors == ("惠晓婧",)
    assert article.date.label == "8月12日"


def _good(tmp_path):
    (tmp_path / "good.txt").write_text(PAGE, encoding="utf-8")


@pytest.mark.parametrize(
    "name,data,reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"\n\n  \r\n", "empty file"),
        ("binary.txt", random.Random(7).randbytes(4096), "not text"),
        ("kana.txt", b"\xa5" * 4096, "not text"),
        ("elf.txt", b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8, "not text"),
        ("controls.txt", ("\x01\x02\x03\x04 abc " * 200).encode(), "binary data"),
    ],
    ids=["empty", "blank", "random-binary", "gb18030-garbage", "elf", "control-chars"],
)
def test_bad_files_are_skipped_with_one_warning(tmp_path, name, data, reason):
    _good(tmp_path)
    (tmp_path / name).write_bytes(data)
    corpus = load_corpus(tmp_path)
    assert len(corpus.warnings) == 1
    assert corpus.warnings[0].startswith(f"{name}: skipped:")
    assert reason in corpus.warnings[0]
    assert _titles(corpus) == ["中国诚通高层来锡考察"]


def test_nul_bytes_are_salvaged(tmp_path):
    _good(tmp_path)
    data = PAGE.replace("市委书记", "市委\x00书记").replace("惠晓婧", "王怡荻").encode("utf-8")
    (tmp_path / "nul.txt").write_bytes(data)
    corpus = load_corpus(tmp_path)
    assert corpus.warnings == ["nul.txt: loaded with repairs: removed 1 NUL byte"]
    assert len(corpus.articles) == 2
    assert all("市委书记杜小刚" in a.paragraphs[0] for a in corpus.articles)


def test_a_page_exported_twice_is_loaded_once(tmp_path):
    _good(tmp_path)
    (tmp_path / "again.txt").write_bytes(PAGE.replace("\n", "\r\n").encode("gb18030"))  # same text, other bytes
    corpus = load_corpus(tmp_path)
    assert corpus.warnings == ["good.txt: skipped: the same text as again.txt"]
    assert _titles(corpus) == ["中国诚通高层来锡考察"]


def test_megabyte_without_line_breaks_is_salvaged(tmp_path):
    _good(tmp_path)
    sentence = "无锡加快发展新质生产力，推动高质量发展。"
    text = sentence * (1_000_000 // len(sentence.encode()))
    (tmp_path / "oneline.txt").write_text(text, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert len(corpus.warnings) == 1 and corpus.warnings[0].startswith("oneline.txt: loaded with repairs")
    big = [a for a in corpus.articles if a.source == "oneline.txt"]
    assert "".join(p for a in big for p in a.paragraphs) == text  # nothing lost
    assert max(len(p) for a in big for p in a.paragraphs) <= 5000
    assert "中国诚通高层来锡考察" in _titles(corpus)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    _good(tmp_path)
    bad = tmp_path / "secret.txt"
    bad.write_text(PAGE, encoding="utf-8")
    bad.chmod(0)
    corpus = load_corpus(tmp_path)
    assert corpus.warnings == ["secret.txt: skipped: Permission denied"]


def test_symlink_loop_and_dangling_link(tmp_path):
    _good(tmp_path)
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    corpus = load_corpus(tmp_path)
    assert len(corpus.warnings) == 2
    assert any(w.startswith("loop.txt: skipped: Too many levels of symbolic links") for w in corpus.warnings)
    assert any(w.startswith("dangling.txt: skipped: No such file") for w in corpus.warnings)
    assert _titles(corpus) == ["中国诚通高层来锡考察"]


def test_missing_folder_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "nope")
    (tmp_path / "file").write_text("x")
    with pytest.raises(CorpusError, match="not a folder"):
        load_corpus(tmp_path / "file")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="no page files"):
        load_corpus(tmp_path / "empty")


def test_parsed_pages_are_cached_and_invalidated_per_file(tmp_path, seeds):
    import shutil
    import time

    folder = tmp_path / "c"
    folder.mkdir()
    for p in seeds.glob("*.txt"):
        shutil.copy(p, folder / p.name)
    cache = tmp_path / "cache"
    first = load_corpus(folder, cache)
    assert list((cache / "corpus").glob("*.cache"))
    again = load_corpus(folder, cache)
    assert [a.id for a in again.articles] == [a.id for a in first.articles]
    assert again.articles == first.articles
    # a page added in front shifts page numbers; an edited page is parsed again
    (folder / "0000_first.txt").write_text(PAGE, "utf-8")
    time.sleep(0.01)
    (folder / "004_8f21bd2acd7777d7.txt").write_text(PAGE.replace("惠晓婧", "王怡荻"), "utf-8")
    third = load_corpus(folder, cache)
    fresh = load_corpus(folder)  # no cache: the truth
    assert third.articles == fresh.articles
    assert third.articles[1].page == 1 and third.articles[-1].authors == ("王怡荻",)
    # a damaged cache is ignored, not fatal
    for f in (cache / "corpus").glob("*.cache"):
        f.write_bytes(b"garbage")
    assert load_corpus(folder, cache).articles == fresh.articles
