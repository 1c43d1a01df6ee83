"""One newspaper page: its text cut into blocks, and the blocks into articles.

A page text, as extracted from the print layout, is a run of blank-line separated blocks:
headline lines, datelines (``本报讯 9月4日``), paragraphs, bylines, continuation markers
(``（上接第1版）``) and section headings of multi-part features. Column breaks split
paragraphs mid-sentence, even mid-word; those fragments are joined back here.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace

from reader.corpus.article import Article, Byline, Section
from reader.corpus.byline import parse_byline, split_trailing_byline
from reader.corpus.dateline import BENBAOXUN, DATELINE_OPENER, parse_dateline

# (上接第1版) / (续第1版) opening an article's part on this page; (下转第5版) closing one
# whose text goes on on another page (on its own line, or at the end of its last line).
CONTINUATION = re.compile(r"^[（(](?:上接|续)第\s*(\d+)\s*版[）)]")
JUMP = re.compile(r"[（(]下转第\s*(\d+)\s*版[）)]$")
# A paragraph that ends a sentence (possibly inside closing quotes/brackets).
_COMPLETE = re.compile(r"[。！？!?…；：][”’」』）)]*$")
# A block that opens a fresh paragraph although the previous one looks unfinished.
_FRESH_OPENER = re.compile(rf"^(?:\d{{4}}年[，,]|{BENBAOXUN}|（上接|（续第)")
# A block that starts in the middle of a sentence: one or two characters and a comma.
_MID_SENTENCE = re.compile(r"^[\u4e00-\u9fff]{1,2}[，、；：,]")
_SPACES = re.compile(r"[ \u3000]+")
_SHORT_HEADLINE = 22  # a spaced headline this short is one title broken over lines


def _plain_len(text: str) -> int:
    return len(_SPACES.sub("", text))


def is_heading(block: str) -> bool:
    """Headlines, 引题/副题 and section headings: short lines that end no sentence."""
    if _COMPLETE.search(block) or re.search(r"[。！？；]", block):
        return False
    if parse_byline(block) or CONTINUATION.match(block) or JUMP.search(block) or DATELINE_OPENER.match(block):
        return False
    n = _plain_len(block)
    if re.search(r"[，,]", block):
        return n <= 24
    if _SPACES.search(block):
        return n <= 70
    return n <= 40


def split_blocks(text: str) -> list[str]:
    """Non-empty lines, stripped. Paragraphs on these pages are one line each."""
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass
class _Draft:
    headings: list[str]
    continued_from: int | None = None
    marker: str = ""
    continues_to: int | None = None  # (下转第N版)
    paragraphs: list[str] = field(default_factory=list)
    sections: list[tuple[list[str], int]] = field(default_factory=list)  # headings, start
    bylines: list[tuple[Byline, int]] = field(default_factory=list)  # byline, paragraph count
    feature: bool | None = None  # decided by the first body block
    open: bool = False  # last paragraph ends mid-sentence
    closed: bool = False  # a byline ended the last paragraph
    resume: "_Draft | None" = None  # article to return to after a displaced fragment

    def add_paragraph(self, text: str) -> None:
        text, byline = split_trailing_byline(text)
        if self.open and self.paragraphs:
            self.paragraphs[-1] += text
        else:
            self.paragraphs.append(text)
        self.open = not _COMPLETE.search(text) and byline is None
        self.closed = False
        jump = JUMP.search(text)
        if jump:  # its text goes on on another page: nothing more of it here
            self.continues_to = int(jump.group(1))
            self.open = False
            self.closed = True
        if byline:
            self.add_byline(byline)

    def add_byline(self, byline: Byline) -> None:
        self.bylines.append((byline, len(self.paragraphs)))
        self.open = False
        self.closed = True


def _article_title(draft: _Draft) -> tuple[str, tuple[str, ...], bool]:
    if draft.headings:
        first, rest = draft.headings[0], draft.headings[1:]
        parts = [p for p in _SPACES.split(first) if p]
        if len(parts) > 1 and _plain_len(first) > _SHORT_HEADLINE:
            return parts[0], tuple(parts[1:]) + tuple(rest), False
        return first, tuple(rest), False
    return _inferred_title(draft), (), True


def _inferred_title(draft: _Draft) -> str:
    """A title for a continuation printed without headline: the lead of its first whole
    paragraph (the first one starts mid-sentence), e.g. "全会强调，要坚决履行…" — its words
    only: that it goes on from 第1版 is the article's ``continued_from``, which the views show
    beside the title (``上接第1版``), not glued in front of it."""
    paras = [p for p in draft.paragraphs if p]
    if not paras:
        return "（无标题）"
    lead = paras[1] if len(paras) > 1 and draft.continued_from else paras[0]
    clauses = re.split(r"(?<=[，,。；！？])", lead)
    title = clauses[0]
    if len(title) <= 6 and len(clauses) > 1:  # "全会强调，" says little on its own
        title += clauses[1]
    title = title.rstrip("，,。；！？")
    if len(title) > 30:
        title = title[:29] + "…"
    return title


def _id_title(draft: _Draft, title: str, inferred: bool) -> str:
    """The title an article's id is made from: for an inferred title of a continuation, as
    it was when the marker led it (``（续第1版）全会强调…``), so that ids — and the bookmarks
    and reading places kept by them — stay what they were."""
    if inferred and draft.continued_from and any(draft.paragraphs):
        return f"（续第{draft.continued_from}版）{title}"
    return title


def article_id(source: str, title: str, paragraphs: list[str], key: bytes | None = None) -> str:
    """Stable across runs and file order: page file name + headline + opening text. The
    name is taken as its bytes on disk (*key*; else *source* as ``os.fsdecode`` gives it),
    so a name that is not UTF-8 has an id, the same at every run."""
    head = paragraphs[0][:40] if paragraphs else ""
    name = key if key is not None else source.encode("utf-8", "surrogateescape")
    digest = hashlib.blake2b(name + f"\n{title}\n{head}".encode("utf-8", "surrogatepass"), digest_size=5)
    return digest.hexdigest()


def page_header(text: str):
    """The page header line at the top of *text* (``第03版：要闻``) as a PagePlace, or None."""
    from reader.corpus.layout import page_header as header

    for line in text.splitlines():
        if line.strip():
            return header(line)
    return None


def parse_page(text: str, source: str, page: int = 0, key: bytes | None = None) -> list[Article]:
    """Cut one page's text into articles (a page header line on top is not an article);
    *key*: the file's path bytes, for the ids."""
    blocks = split_blocks(text)
    header = page_header(blocks[0]) if blocks else None
    if header is not None:
        blocks = blocks[1:]
    drafts: list[_Draft] = []
    current: _Draft | None = None
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if is_heading(block):
            group = [block]
            while i + 1 < len(blocks) and is_heading(blocks[i + 1]):
                i += 1
                group.append(blocks[i])
            nxt = blocks[i + 1] if i + 1 < len(blocks) else ""
            starts_article = bool(DATELINE_OPENER.match(nxt) or CONTINUATION.match(nxt))
            resumed = False
            if current is not None and current.resume is not None and current.closed:
                current = current.resume  # back to the article a fragment interrupted
                resumed = True
            if current is None or starts_article or not (current.feature or resumed):
                current = _Draft(headings=_headline_part(group))
                drafts.append(current)
                group = group[len(current.headings):]
            if group:
                current.sections.append((group, len(current.paragraphs)))
                current.open = False
            i += 1
            continue
        byline = parse_byline(block)
        if byline:
            if current is None:
                current = _Draft(headings=[])
                drafts.append(current)
            current.add_byline(byline)
            i += 1
            continue
        m = CONTINUATION.match(block)
        if m:
            if current is None or current.paragraphs or current.marker:
                current = _Draft(headings=[])
                drafts.append(current)
            current.continued_from = int(m.group(1))
            current.marker = m.group(0)
            current.feature = False
            current.add_paragraph(block[m.end():])
            i += 1
            continue
        # A body paragraph.
        if current is None:
            current = _Draft(headings=[])
            drafts.append(current)
        if current.feature is None:
            current.feature = not DATELINE_OPENER.match(block)
        if _MID_SENTENCE.match(block) and not current.open:
            orphaned = next((d for d in reversed(drafts) if d.open and d is not current), None)
            if orphaned is not None:
                # A fragment displaced by the layout: it finishes an earlier article's
                # sentence ("…重要指示精" | "神，以…"). Finish that one, then come back.
                orphaned.resume = current
                current = orphaned
        if current.open and _FRESH_OPENER.match(block):
            current.open = False
        current.add_paragraph(block)
        i += 1
    articles = _finish(drafts, source, page, key)
    if header is not None:
        articles = [replace(a, page_no=header.page, page_name=header.page_name) for a in articles]
    return articles


def _headline_part(group: list[str]) -> list[str]:
    """Of a heading group that opens an article, the lines that belong to its headline.

    A ``——…侧记`` subtitle closes the headline; headings after it open the first section.
    """
    for k, line in enumerate(group):
        if line.startswith("——"):
            return group[: k + 1]
    return group


def _finish(drafts: list[_Draft], source: str, page: int, key: bytes | None = None) -> list[Article]:
    articles = []
    for order, d in enumerate(d for d in drafts if d.paragraphs or d.headings):
        title, subtitles, inferred = _article_title(d)
        sections = []
        for k, (headings, start) in enumerate(d.sections):
            end = d.sections[k + 1][1] if k + 1 < len(d.sections) else len(d.paragraphs)
            authors = _dedupe(
                a for b, n in d.bylines if start < n <= end or (n == start == end) for a in b.authors
            )
            sections.append(Section(tuple(headings), start, end, authors))
        articles.append(
            Article(
                id=article_id(source, _id_title(d, title, inferred), d.paragraphs, key),
                title=title,
                subtitles=subtitles,
                date=(dateline := parse_dateline(d.paragraphs[0]) if d.paragraphs else None),
                dateline=dateline,
                authors=_dedupe(a for b, _ in d.bylines for a in b.authors),
                source=source,
                page=page,
                order=order,
                continued_from=d.continued_from,
                continues_to=d.continues_to,
                paragraphs=tuple(d.paragraphs),
                sections=tuple(sections),
                bylines=tuple(replace(b, after=n) for b, n in d.bylines),
                marker=d.marker,
                title_inferred=inferred,
            )
        )
    return articles


def _dedupe(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
