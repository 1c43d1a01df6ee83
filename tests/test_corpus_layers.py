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
    assert found - bodies - named == {cache / "jieba-dict.cache"}  # not a folder's: the dictionary's
    assert named <= found
