"""Where a page file sits in an archive: its paper, issue date, page number (版次) and name (版名).

Recognised from the file's path relative to the corpus root (``/`` separated), in this order:

1. a row of the manifest (``pages.csv`` with a header row, or ``pages.jsonl``) at the root —
   ``path``, ``paper``, ``date``, ``page``, ``page_name``; what a row gives wins;
2. the ``layout`` pattern of ``reader.toml`` at the root, e.g.
   ``"{paper}/{yyyy}/{mm}{dd}/{page}.txt"`` (placeholders ``{paper}``, ``{yyyy}``, ``{mm}``,
   ``{dd}``, ``{date}``, ``{page}``, ``{page_name}``, ``{*}``); its ``paper`` names the paper of
   pages that say none;
3. the path itself: date folders ``YYYY/MM/DD``, ``YYYY/MMDD``, ``YYYYMM/DD``, ``YYYY-MM-DD``,
   ``YYYYMMDD``; a date in the file name (``wxrb_20240607_03.txt``, ``2024-06-07-A03.txt``);
   page names ``01``, ``3``, ``A03``, ``第3版``, ``03_要闻``, ``第03版：要闻``; the paper from a
   top folder that is not a date;
4. a page header line at the top of the text (``第03版：要闻``, ``A3版 要闻``), where the path
   gives no page (:func:`page_header`).

A file name that only numbers an export (``000_1da50ff15a4639bc.txt``) gives nothing: page 0
is no 版次 and a page name has Chinese in it. Impossible dates (``2024-02-30``) give no date
and a warning.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from reader.corpus.archivefiles import MANIFESTS, SETTINGS_FILE, own_files  # noqa: F401 (own_files: layout's API)
from reader.corpus.numerals import chinese_number

MAX_MANIFEST_BYTES = 64 << 20
MAX_PAGE_NO = 999


class LayoutError(ValueError):
    """reader.toml cannot be used (bad TOML, a bad layout pattern): the message says why."""


@dataclass(frozen=True)
class PagePlace:
    """What is known of one page file's place in an archive (None: not known)."""

    paper: str | None = None
    issue: date | None = None
    page: int | None = None  # 版次
    page_name: str | None = None  # 版名
    section: str | None = None  # the letter of A03 (叠 A), kept apart so A3 and B3 differ

    def merged(self, other: "PagePlace") -> "PagePlace":
        """This place, with what it lacks taken from *other*."""
        return PagePlace(
            self.paper if self.paper is not None else other.paper,
            self.issue if self.issue is not None else other.issue,
            self.page if self.page is not None else other.page,
            self.page_name if self.page_name is not None else other.page_name,
            self.section if self.section is not None or self.page is not None else other.section,
        )

    @property
    def empty(self) -> bool:
        return self == PagePlace()


# -- dates ----------------------------------------------------------------------------------

_DATE_DIRS = re.compile(r"^(\d{4})(?:[/-](\d{1,2})[/-](\d{1,2})|[/-]?(\d{2})[/-]?(\d{2}))$")
_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})([-_.]?)(\d{2})\2(\d{2})(?!\d)")


class BadDate(ValueError):
    pass


def make_date(y: str | int, m: str | int, d: str | int, shown: str) -> date:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        raise BadDate(f"impossible date {shown}") from None


def parse_date(text: str) -> date:
    """``YYYY-MM-DD`` (also ``YYYY/MM/DD``, ``YYYYMMDD``, ``YYYY年M月D日``) → a date; BadDate."""
    t = text.strip()
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|(\d{4})(\d{2})(\d{2})|(\d{4})年(\d{1,2})月(\d{1,2})日", t)
    if not m:
        raise BadDate(f"not a date: {t!r} (YYYY-MM-DD)")
    y, mo, d = [g for g in m.groups() if g is not None]
    return make_date(y, mo, d, t)


# -- page names -----------------------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u9fff]")
_PAGE_NAMES = [
    re.compile(r"^(?P<sec>[A-Za-z])?0*(?P<no>\d{1,3})版?$"),  # 01, 3, A03, A3版
    re.compile(r"^第\s*0*(?P<no>\d{1,3})\s*版$"),  # 第3版
    re.compile(r"^(?P<sec>[A-Za-z])?0*(?P<no>\d{1,3})版?\s*[_\-\s：:·]\s*(?P<name>.+)$"),  # 03_要闻
    re.compile(r"^第\s*(?P<sec>[A-Za-z])?0*(?P<no>\d{1,3})\s*版\s*[_\-\s：:·]?\s*(?P<name>.+)$"),  # 第03版：要闻
    re.compile(r"^(?:第(?P<cn>[一二三四五六七八九十]{1,3})版|(?P<head>[头頭])版)(?:\s*[_\-\s：:·]?\s*(?P<name>.+))?$"),  # 第三版, 头版
]


def parse_page_name(stem: str) -> PagePlace | None:
    """``03_要闻`` → page 3, name 要闻; None when *stem* names no page."""
    stem = stem.strip()
    for pattern in _PAGE_NAMES:
        m = pattern.match(stem)
        if not m:
            continue
        groups = m.groupdict()
        no = int(groups["no"]) if groups.get("no") else 1 if groups.get("head") else chinese_number(groups["cn"], digit_by_digit=False)
        if no is None or not 1 <= no <= MAX_PAGE_NO:
            return None
        name = (groups.get("name") or "").strip() or None
        if name is not None and (not _CJK.search(name) or len(name) > 20):
            return None  # 000_1da50ff15a4639bc: an export's serial number and hash
        sec = groups.get("sec")
        return PagePlace(page=no, page_name=name, section=sec.upper() if sec else None)
    return None


_HEADER = re.compile(
    r"^(?:第\s*(?P<sec1>[A-Za-z])?0*(?P<no1>\d{1,3})\s*版|(?P<sec2>[A-Za-z])0*(?P<no2>\d{1,3})\s*版|0*(?P<no3>\d{1,3})\s*版)"
    r"(?:\s*[：:·\s]\s*(?P<name>[\u3400-\u9fff·A-Za-z0-9]{1,12}))?$"
)


def page_header(line: str) -> PagePlace | None:
    """A page header line (``第03版：要闻``, ``A3版 要闻``) → its page and name, else None."""
    m = _HEADER.match(line.strip())
    if not m:
        return None
    no = int(m.group("no1") or m.group("no2") or m.group("no3"))
    if not 1 <= no <= MAX_PAGE_NO:
        return None
    sec = m.group("sec1") or m.group("sec2")
    return PagePlace(page=no, page_name=m.group("name"), section=sec.upper() if sec else None)


# -- the path -------------------------------------------------------------------------------

def place_from_path(rel: str) -> tuple[PagePlace, str | None]:
    """What the relative path *rel* says, and a warning (an impossible date) or None."""
    parts = PurePosixPath(rel).parts
    dirs, stem = list(parts[:-1]), PurePosixPath(rel).stem
    issue, warning, paper = None, None, None
    # the date folders: the longest run of trailing folders that reads as a date
    for k in range(min(3, len(dirs)), 0, -1):
        joined = "/".join(dirs[-k:])
        m = _DATE_DIRS.match(joined)
        if m:
            y, mo, d = m.group(1), m.group(2) or m.group(4), m.group(3) or m.group(5)
            try:
                issue = make_date(y, mo, d, joined)
            except BadDate as exc:
                warning = f"{joined}: {exc}: its pages are undated"
            dirs = dirs[:-k]
            break
    name = stem
    if issue is None and warning is None:
        m = _NAME_DATE.search(stem)
        if m:
            try:
                issue = make_date(m.group(1), m.group(3), m.group(4), m.group(0))
            except BadDate as exc:
                warning = f"{rel}: {exc} in the file name: the page is undated"
            before, after = stem[: m.start()].strip("_-. "), stem[m.end():].strip("_-. ")
            if before and re.fullmatch(r"[A-Za-z][A-Za-z0-9]*|[\u3400-\u9fff]{2,12}", before):
                paper = before
            name = after
    if dirs:
        top = dirs[0]
        if not re.fullmatch(r"[\d_\-.]+", top):
            paper = top
    page = parse_page_name(name) or PagePlace()
    return PagePlace(paper, issue, page.page, page.page_name, page.section), warning


# -- reader.toml: the layout pattern --------------------------------------------------------

_PLACEHOLDERS = {
    "paper": r"(?P<paper>[^/]+?)",
    "yyyy": r"(?P<yyyy>\d{4})",
    "mm": r"(?P<mm>\d{1,2})",
    "dd": r"(?P<dd>\d{1,2})",
    "date": r"(?P<date>\d{4}-?\d{2}-?\d{2})",
    "page": r"(?P<page>[^/]+?)",
    "page_name": r"(?P<page_name>[^/]+?)",
    "*": r"[^/]*?",
}


def compile_layout(pattern: str) -> re.Pattern:
    """A ``layout`` pattern → a regular expression over relative paths; LayoutError if bad."""
    if not isinstance(pattern, str) or not pattern.strip():
        given = f"not {_toml_type(pattern)}" if not isinstance(pattern, str) else "not empty"
        raise LayoutError(f"layout must be a text in quotes such as \"{{paper}}/{{yyyy}}/{{mm}}{{dd}}/{{page}}.txt\", {given}")
    out, seen, i = [], set(), 0
    for m in re.finditer(r"\{([^{}]*)\}|[{}]", pattern):
        out.append(re.escape(pattern[i:m.start()]))
        i = m.end()
        if m.group(1) is None:
            raise LayoutError(f"layout {pattern!r}: unbalanced brace at character {m.start() + 1}")
        key = m.group(1)
        if key not in _PLACEHOLDERS:
            raise LayoutError(f"layout {pattern!r}: unknown placeholder {{{key}}} "
                              f"(known: {', '.join('{' + k + '}' for k in _PLACEHOLDERS)})")
        if key in seen and key != "*":
            raise LayoutError(f"layout {pattern!r}: {{{key}}} appears twice")
        seen.add(key)
        out.append(_PLACEHOLDERS[key])
    out.append(re.escape(pattern[i:]))
    if not seen - {"*"}:
        raise LayoutError(f"layout {pattern!r} has no placeholder ({{yyyy}}, {{mm}}, {{dd}}, {{page}} …)")
    if ("mm" in seen or "dd" in seen) and not {"yyyy", "mm", "dd"} <= seen:
        raise LayoutError(f"layout {pattern!r}: {{yyyy}}, {{mm}} and {{dd}} go together")
    if "date" in seen and "yyyy" in seen:
        raise LayoutError(f"layout {pattern!r}: {{date}} or {{yyyy}}{{mm}}{{dd}}, not both")
    return re.compile("".join(out) + r"\Z")


def place_from_pattern(regex: re.Pattern, rel: str) -> tuple[PagePlace, str | None] | None:
    """What *rel* says by the layout pattern; None when the pattern does not fit it."""
    m = regex.match(rel)
    if not m:
        return None
    g = m.groupdict()
    issue, warning = None, None
    try:
        if g.get("yyyy"):
            issue = make_date(g["yyyy"], g["mm"], g["dd"], f"{g['yyyy']}-{g['mm']}-{g['dd']}")
        elif g.get("date"):
            issue = parse_date(g["date"])
    except BadDate as exc:
        warning = f"{rel}: {exc}: the page is undated"
    page = parse_page_name(g["page"]) if g.get("page") else None
    if g.get("page") and page is None:
        warning = warning or f"{rel}: {g['page']!r} is not a page number (版次)"
    page = page or PagePlace()
    name = g.get("page_name") or page.page_name
    return PagePlace(g.get("paper"), issue, page.page, name, page.section), warning


@dataclass
class Settings:
    """The archive's own ``reader.toml``."""

    paper: str | None = None
    layout: re.Pattern | None = None


def read_settings(root: Path) -> Settings:
    """``reader.toml`` of *root* (none: defaults); LayoutError when it cannot be used."""
    path = root / SETTINGS_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise LayoutError(f"{SETTINGS_FILE}: cannot read it: {exc.strerror or exc}") from None
    try:
        import tomllib  # type: ignore[import-not-found]
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LayoutError(f"{SETTINGS_FILE}: not valid TOML: {exc}") from None
    unknown = sorted(set(table) - {"paper", "layout"})
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], ["paper", "layout"], n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise LayoutError(f"{SETTINGS_FILE}: unknown key {unknown[0]!r}{hint}; it may set paper and layout")
    paper = table.get("paper")
    if paper is not None and (not isinstance(paper, str) or not paper.strip()):
        raise LayoutError(f"{SETTINGS_FILE}: paper must be a text in quotes such as \"无锡日报\"")
    layout = table.get("layout")
    regex = None
    if layout is not None:
        try:
            regex = compile_layout(layout)
        except LayoutError as exc:
            raise LayoutError(f"{SETTINGS_FILE}: {exc}") from None
    return Settings(paper.strip() if paper else None, regex)


def _toml_type(value) -> str:
    return {bool: "true or false", int: "a number", float: "a number", list: "a list", dict: "a table"}.get(
        type(value), "that")


# -- manifests ------------------------------------------------------------------------------

def read_manifest(root: Path, present: set[str]) -> tuple[dict[str, PagePlace], list[str]]:
    """Rows of ``pages.csv`` / ``pages.jsonl`` by path, and a warning per bad row (a path
    missing from *present*, a bad date or page)."""
    rows: dict[str, PagePlace] = {}
    warnings: list[str] = []
    for name in MANIFESTS:
        path = root / name
        try:
            if path.stat().st_size > MAX_MANIFEST_BYTES:
                warnings.append(f"{name}: skipped: larger than {MAX_MANIFEST_BYTES >> 20} MiB")
                continue
            text = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError) as exc:
            warnings.append(f"{name}: skipped: {getattr(exc, 'strerror', None) or exc}")
            continue
        for line, raw in _manifest_rows(name, text, warnings):
            where = f"{name} line {line}"
            rel = str(raw.get("path") or "").strip().replace("\\", "/").lstrip("./") if raw.get("path") else ""
            if not rel:
                warnings.append(f"{where}: no path")
                continue
            if rel not in present:
                warnings.append(f"{where}: {rel}: no such page file")
                continue
            issue = None
            d = str(raw.get("date") or "").strip()
            if d:
                try:
                    issue = parse_date(d)
                except BadDate as exc:
                    warnings.append(f"{where}: {rel}: {exc}: the page is undated")
            page = None
            p = str(raw.get("page") or "").strip()
            if p:
                parsed = parse_page_name(p)
                if parsed is None or parsed.page_name is not None:
                    warnings.append(f"{where}: {rel}: page {p!r} is not a page number (版次)")
                else:
                    page = parsed
            paper = str(raw.get("paper") or "").strip() or None
            page_name = str(raw.get("page_name") or "").strip() or None
            if rel in rows:  # the last row is the one used: say so, once per row overruled
                warnings.append(f"{where}: {rel}: a second row for this page file: it replaces the earlier one")
            rows[rel] = PagePlace(paper, issue, page.page if page else None, page_name,
                                  page.section if page else None)
    return rows, warnings


def _manifest_rows(name: str, text: str, warnings: list[str]):
    if name.endswith(".csv"):
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "path" not in [f.strip() for f in reader.fieldnames]:
            warnings.append(f"{name}: skipped: no header row with a path column")
            return
        for row in reader:
            yield reader.line_num, {(k or "").strip(): v for k, v in row.items() if isinstance(v, str)}
        return
    for line, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except ValueError:
            warnings.append(f"{name} line {line}: not JSON")
            continue
        if not isinstance(row, dict):
            warnings.append(f"{name} line {line}: not an object")
            continue
        yield line, {k: v for k, v in row.items() if isinstance(v, (str, int)) and not isinstance(v, bool)}


# -- all together ---------------------------------------------------------------------------

class Layout:
    """The places of a corpus's page files: manifest, reader.toml, path, in that order."""

    def __init__(self, root: Path, names: list[str]):
        self.settings = read_settings(root)  # LayoutError
        self.manifest, self.warnings = read_manifest(root, set(names))
        self._warned: set[str] = set()

    def place(self, rel: str, header: PagePlace | None = None) -> PagePlace:
        """The place of page file *rel*; *header*: what its first line says, if anything."""
        from_path, warning = None, None
        if self.settings.layout is not None:
            found = place_from_pattern(self.settings.layout, rel)
            if found is not None:
                from_path, warning = found
        if from_path is None:
            from_path, warning = place_from_path(rel)
        if warning and warning not in self._warned:
            self._warned.add(warning)
            self.warnings.append(warning)
        place = self.manifest.get(rel, PagePlace()).merged(from_path)
        if header is not None and (place.page is None or (header.page == place.page and header.section == place.section)):
            place = place.merged(header)  # (the same page in both: the header adds its name)
        if place.paper is None and self.settings.paper:
            place = PagePlace(self.settings.paper, place.issue, place.page, place.page_name, place.section)
        return place
