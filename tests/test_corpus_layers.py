"""The corpus package's own structure: the parser's version is derived from the modules
parsing uses, and the package's modules import one another without a cycle."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import reader.corpus
from reader.corpus import version

PACKAGE = Path(reader.corpus.__file__).parent


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(PACKAGE, folder, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def test_the_parser_version_is_stable_and_of_the_package_itself():
    first = version.parser_version()
    assert first == version.parser_version() == version.version_of(PACKAGE)
    assert len(first) == 8 and int(first, 16) >= 0
    modules = version.parser_modules(PACKAGE)
    assert modules == sorted(modules)
    # what turns page files into articles is in it; the cache's format and the readers of
    # a loaded corpus are not
    assert {"corpus", "pagefiles", "page", "decode", "article", "byline", "dateline", "layout"} <= set(modules)
    assert not {"cache", "preview", "issues", "quote"} & set(modules)


def test_a_new_parser_module_changes_the_version(tmp_path):
    folder = _copy(tmp_path)
    before = version.version_of(folder)
    (folder / "stamps.py").write_text('STAMP = "本报讯"\n', encoding="utf-8")
    assert version.version_of(folder) == before  # not imported by the parser: not parsing
    page = folder / "page.py"
    page.write_text(page.read_text(encoding="utf-8") + "\n\ndef _late():\n    from reader.corpus.stamps import STAMP\n",
                    encoding="utf-8")
    with_module = version.version_of(folder)
    assert with_module != before and "stamps" in version.parser_modules(folder)
    (folder / "stamps.py").write_text('STAMP = "本报记者"\n', encoding="utf-8")
    assert version.version_of(folder) != with_module  # the new module's own edits count


def test_editing_a_parser_module_changes_the_version_and_the_cache_format_does_not(tmp_path):
    folder = _copy(tmp_path)
    before = version.version_of(folder)
    cache = folder / "cache.py"
    cache.write_text(cache.read_text(encoding="utf-8") + "\n# a new cache format\n", encoding="utf-8")
    assert version.version_of(folder) == before
    byline = folder / "byline.py"  # reached only through page.py
    byline.write_text(byline.read_text(encoding="utf-8") + "\n# a changed rule\n", encoding="utf-8")
    assert version.version_of(folder) != before


def test_the_import_reading_sees_every_form_of_import():
    source = ("import reader.corpus.decode as d, os\n"
              "from reader.corpus.article import (Article,\n    Byline)\n"
              "def f():\n    from .layout import Layout\n"
              "from reader.corpus import (page,\n    Corpus)\n")
    assert set(version._imports(source, PACKAGE)) == {"decode", "article", "layout", "page", "__init__"}


def _package_imports(path: Path) -> set[str]:
    """The reader.corpus modules *path* imports, anywhere (functions included)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("reader.corpus."):
            out.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            out |= {a.name.split(".")[2] for a in node.names if a.name.startswith("reader.corpus.")}
    return out


def test_the_corpus_modules_import_one_another_without_a_cycle():
    graph = {p.stem: _package_imports(p) for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    state: dict[str, int] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        if state.get(name) == 2:
            return
        assert state.get(name) != 1, f"import cycle: {' -> '.join(path + (name,))}"
        state[name] = 1
        for other in sorted(graph.get(name, ())):
            visit(other, path + (name,))
        state[name] = 2

    for name in sorted(graph):
        visit(name, ())
    assert "corpus" in graph["preview"] and "pagefiles" in graph["cache"]  # the graph was read


def test_every_cache_file_of_a_folder_is_named_by_cachenames(tmp_path, seeds, monkeypatch):
    from reader import cachenames
    from reader.corpus.preview import CorpusLoader
    from reader.corpus.version import parser_version
    from reader.paths import private_mkdir
    from reader.search import open_search, prepared
    from reader.search.schema import SCHEMA_VERSION

    cache = tmp_path / "cache"
    private_mkdir(cache)
    corpus = CorpusLoader(seeds, cache).load()
    monkeypatch.setattr(prepared, "MAP_TEXT_BYTES", 0)  # the text kept in a file
    engine, _ = open_search(corpus, cache)
    assert type(engine.text).__name__ == "MappedTextStore"
    engine.prepare_pinyin()  # and its character postings
    cache_file = cachenames.corpus_cache(cache, seeds, parser_version())
    text = next((cache / "text").glob("*.u16"))
    named = {cache_file, cachenames.preview_file(cache, seeds), text, cachenames.charsets_file(text, SCHEMA_VERSION)}
    assert text.name.startswith(cachenames.key(seeds) + "-") and cache_file.name.startswith(cachenames.short_key(seeds) + "-")
    index = cachenames.index_dir(cache, seeds)
    named.add(cachenames.index_lock(index))
    assert index.is_dir() and any(index.iterdir())
    found = {p for p in cache.rglob("*") if p.is_file() and not p.is_relative_to(index)}
    bodies = {p for p in found if p.suffix == ".body"}
    assert len(bodies) == 1 and next(iter(bodies)).name.startswith(cache_file.stem + "-")
    assert set(cachenames.of_the_same_folder(cache_file)) == {cache_file} | bodies
    # not a folder's: the dictionary's (written by the process's first jieba only, so not always here)
    assert found - bodies - named <= {cache / "jieba-dict.cache"}
    assert named <= found


def _article(**kw):
    from reader.corpus import Article

    base = dict(id="x", title="标题", subtitles=("副题一", "副题二"), date=None, authors=(), source="p.txt",
                page=0, order=0, continued_from=None, paragraphs=("甲", "乙", "丙"))
    return Article(**{**base, **kw})


def test_one_walk_gives_the_text_the_units_and_the_page_pieces():
    from reader.corpus import Byline, Section
    from reader.search.units import units

    lead, tail = Section(("江阴", "一"), 1, 3), Section(("宜兴",), 3, 3)  # the second after the last ¶
    a = _article(sections=(lead, tail), marker="（上接第1版）",
                 bylines=(Byline("（高美梅）", ("高美梅",), 1), Byline("（惠晓婧）", ("惠晓婧",), 3)))
    walk = [(p.kind, p.index, p.text) for p in a.parts()]
    assert walk == [("title", 0, "标题"), ("subtitle", 0, "副题一"), ("subtitle", 1, "副题二"),
                    ("paragraph", 0, "甲"), ("heading", 0, "江阴"), ("heading", 1, "一"),
                    ("paragraph", 1, "乙"), ("paragraph", 2, "丙")]
    assert [p.section for p in a.parts() if p.kind == "heading"] == [lead, lead]
    assert a.texts() == [t for _, _, t in walk] and units(a) == list(a.parts())
    assert a.source_pieces() == ["标题", "副题一", "副题二", "（上接第1版）", "甲", "（高美梅）", "江阴", "一", "乙", "丙",
                                 "（惠晓婧）", "宜兴"]
    inferred = _article(title_inferred=True)
    assert inferred.texts() == ["副题一", "副题二", "甲", "乙", "丙"] == inferred.source_pieces()
    assert [p.kind for p in inferred.parts()][0] == "title"  # a unit still: spans may mark it


def test_the_walk_matches_the_seeds_page_by_page(seed_corpus):
    for a in seed_corpus.articles:
        parts = list(a.parts())
        assert [p.index for p in parts if p.kind == "paragraph"] == list(range(len(a.paragraphs)))
        assert [p.text for p in parts if p.kind == "heading"] == [h for s in a.sections for h in s.headings
                                                                   if s.start < len(a.paragraphs)]
        assert a.chars == sum(len(t) for t in a.texts())


def test_the_meta_line_says_what_is_known_in_the_order_asked():
    from datetime import date

    from reader.corpus import Dateline
    from reader.corpus.meta import AUTHORS, CONTINUED, DATE, PLACE, WHERE, WHERE_AND_SOURCE, meta_line

    a = _article(date=Dateline(6, 7, None, 2024), authors=("高美梅", "惠晓婧"), source="2024/0607/03.txt",
                 paper="无锡日报", issue=date(2024, 6, 7), page_no=3, page_name="要闻", continued_from=1)
    assert meta_line(a, DATE, AUTHORS, WHERE, CONTINUED) == "2024年6月7日 · 高美梅、惠晓婧 · 无锡日报 2024-06-07 第3版 · 上接第1版"
    assert meta_line(a, DATE, PLACE, a.id) == "2024年6月7日 · 无锡日报 第3版 要闻 · x"
    assert meta_line(a, WHERE_AND_SOURCE) == "无锡日报 2024-06-07 第3版 (2024/0607/03.txt)"
    bare = _article(source="000_1da5.txt")  # nothing known but the page file
    assert meta_line(bare, DATE, AUTHORS, WHERE, CONTINUED, "") == "000_1da5.txt"
    assert meta_line(bare, WHERE_AND_SOURCE) == "000_1da5.txt" and meta_line(bare, PLACE, "shares 太湖") == "000_1da5 · shares 太湖"
