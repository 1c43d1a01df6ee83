"""Custom words for jieba: names the dictionary splits (弗劳恩霍夫 → 弗劳恩 / 霍夫) kept whole in
the index's words, in keywords and related articles; a change re-indexes with a notice."""

from __future__ import annotations

import json

import jieba
import pytest

from reader.corpus import load_corpus
from reader.search import analyzer, open_search
from reader.search.related import keywords
from reader.search.words import CustomWords, CustomWordsError, load, read_file, user_file

NAME = "弗劳恩霍夫"


def test_parse_words_frequencies_tags_and_comments():
    words = CustomWords.parse(
        "# names\n弗劳恩霍夫 nt\n弗劳恩霍夫协会 20\n长三角 5 ns  # a region\n\n锡東\n", "w.txt")
    got = {w.text: (w.freq, w.tag) for w in words.words}
    assert got == {"弗劳恩霍夫": (None, "nt"), "弗劳恩霍夫协会": (20, "nz"), "长三角": (5, "ns"),
                   "锡东": (None, "nz")}  # traditional folded as the analyzers fold it
    assert words.warnings == ()
    assert words.tags["长三角"] == "ns"


def test_bad_lines_are_warnings_naming_the_line_never_words():
    words = CustomWords.parse("好词\nnew york\n\x1b[31m红\n" + "长" * 41 + "\n，。\n删 0\n", "w.txt")
    assert [w.text for w in words.words] == ["好词"]
    lines = [w.split(":")[1] for w in words.warnings]
    assert lines == ["2", "3", "4", "5", "6"]
    assert all("\x1b" not in w for w in words.warnings)
    assert "frequency of 0" in words.warnings[-1]


def test_digest_is_the_words_not_the_file():
    a = CustomWords.parse("弗劳恩霍夫\n长三角\n")
    b = CustomWords.parse("# same words\n弗劳恩霍夫   \n\n长三角\n")
    c = CustomWords.parse("弗劳恩霍夫\n")
    assert a.digest == b.digest != c.digest
    assert CustomWords().digest == "" and not CustomWords()


def test_files_that_cannot_be_read_say_why(tmp_path):
    with pytest.raises(CustomWordsError, match="cannot be read"):
        read_file(tmp_path / "missing.txt")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CustomWordsError, match="not UTF-8"):
        read_file(bad)
    with pytest.raises(CustomWordsError, match="not a file"):
        read_file(tmp_path)
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate((4 << 20) + 1)
    with pytest.raises(CustomWordsError, match="too big"):
        read_file(big)


def test_where_the_file_is_flag_then_env_then_setting_then_beside_settings(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    beside = tmp_path / "words.txt"
    assert user_file(None, None, config) == (None, False)
    beside.write_text("长三角\n", encoding="utf-8")
    assert user_file(None, None, config) == (beside, False)
    assert user_file(None, tmp_path / "s.txt", config) == (tmp_path / "s.txt", True)
    monkeypatch.setenv("READER_CUSTOM_WORDS", str(tmp_path / "env.txt"))
    assert user_file(None, tmp_path / "s.txt", config) == (tmp_path / "env.txt", True)
    assert user_file(tmp_path / "flag.txt", tmp_path / "s.txt", config) == (tmp_path / "flag.txt", True)
    with pytest.raises(CustomWordsError):  # named, so it must exist
        load(None, None, config)
    monkeypatch.delenv("READER_CUSTOM_WORDS")
    assert [w.text for w in load(None, None, config).words] == ["长三角"]


def test_the_words_are_cut_whole_and_jiebas_own_dictionary_is_left_alone():
    text = "德国弗劳恩霍夫协会的研究所"
    assert NAME not in list(analyzer.tokenizer().cut(text))
    analyzer.use_custom_words(CustomWords.parse(NAME + " nt\n"))
    assert NAME in list(analyzer.tokenizer().cut(text))
    assert NAME not in list(jieba.cut(text))  # the process's jieba is not changed
    analyzer.use_custom_words(None)
    assert NAME not in list(analyzer.tokenizer().cut(text))


def _words_field(engine) -> set[str]:
    with engine.ix.searcher() as s:
        return {t.decode("utf-8") if isinstance(t, bytes) else t for t in s.lexicon("words")}


def test_changing_the_words_reindexes_with_a_notice_and_keywords_use_them(seeds, tmp_path):
    corpus = load_corpus(seeds, tmp_path / "cache")
    cache = tmp_path / "cache"
    engine, report = open_search(corpus, cache)
    assert NAME not in _words_field(engine)
    article = next(a for a in corpus.articles if NAME in "".join(a.texts()))
    assert NAME not in [k.word for k in keywords(engine, article)]

    analyzer.use_custom_words(CustomWords.parse(NAME + " nt\n"))
    engine, report = open_search(corpus, cache)
    assert report.notice and "custom words changed" in report.notice
    assert NAME in _words_field(engine)
    assert NAME in [k.word for k in keywords(engine, article)]
    hits = engine.search(NAME).hits
    assert article.id in [h.article.id for h in hits]

    engine, report = open_search(corpus, cache)  # the same words: the index is current
    assert report.notice is None and not report.did_work

    analyzer.use_custom_words(None)  # the words removed: re-indexed again, without them
    engine, report = open_search(corpus, cache)
    assert report.notice and "custom words changed" in report.notice
    assert NAME not in _words_field(engine)


def _keywords(capsys, *argv) -> list[str]:
    from reader.cli import main

    capsys.readouterr()
    assert main([*argv, "--json"]) == 0
    return [k["word"] for k in json.loads(capsys.readouterr().out)["keywords"]]


def test_the_cli_takes_the_words_by_flag_env_or_setting(tmp_path, capsys, monkeypatch):
    from reader.cli import main

    words = tmp_path / "my words.txt"
    words.write_text(NAME + " nt\nnew york\n", encoding="utf-8")
    assert main(["search", NAME, "--json"]) == 0
    ident = json.loads(capsys.readouterr().out)[0]["id"]
    assert NAME not in _keywords(capsys, "related", ident)
    assert NAME in _keywords(capsys, "--custom-words", str(words), "related", ident)
    err = capsys.readouterr().err
    assert NAME in _keywords(capsys, "related", ident, "--custom-words", str(words))
    monkeypatch.setenv("READER_CUSTOM_WORDS", str(words))
    assert NAME in _keywords(capsys, "related", ident)
    monkeypatch.delenv("READER_CUSTOM_WORDS")
    config = tmp_path / "config" / "config.toml"  # the settings' custom_words, relative to the file
    config.parent.mkdir()
    config.write_text('custom_words = "../my words.txt"\n', encoding="utf-8")
    monkeypatch.setenv("READER_CONFIG", str(config))
    assert NAME in _keywords(capsys, "related", ident)
    assert NAME not in _keywords(capsys, "related", ident, "--no-custom-words")


def test_the_cli_says_what_is_wrong_with_a_words_file(tmp_path, capsys):
    from reader.cli import main

    words = tmp_path / "words.txt"
    words.write_text(NAME + "\nnew york\n", encoding="utf-8")
    assert main(["index", "--custom-words", str(words)]) == 0
    err = capsys.readouterr().err
    assert f"{words}:2: a word cannot hold a space ('new york')" in err
    assert "custom words changed" not in err  # (a first build: nothing changed)
    assert main(["index"]) == 0
    assert "the custom words changed since the index was built; re-indexed" in capsys.readouterr().err
    assert main(["search", "x", "--custom-words", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err
    assert "custom words:" in err and "missing.txt: cannot be read" in err and "Traceback" not in err
    (tmp_path / "bad.txt").write_bytes(b"\x1b]0;owned\x07\xff\n")
    assert main(["index", "--custom-words", str(tmp_path / "bad.txt")]) == 2
    err = capsys.readouterr().err
    assert "not UTF-8" in err and "\x1b" not in err
