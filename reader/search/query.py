"""The query language of the search box, parsed leniently.

    高质量 发展            both parts, anywhere (substrings, after normalisation)
    "西门子 工厂"          an exact phrase (whitespace inside matches any run of spaces)
    杜小刚 OR 赵建军        either
    -疫情   NOT 疫情        exclude
    title:西门子  author:惠晓婧  date:9月  date:9月4日  date:09-04  source:003
    date:2024  date:2024-06  date:2024-06-01..2024-06-30  date:>=2024-01-01
    paper:无锡日报  page:3 (版次)    (see reader.search.fields)
    (a OR b) c             grouping
    du xiao gang  dxg  杜xg  letters also match Chinese by pinyin (see reader.search.pinyin);
                           Latin words side by side are one part

Half-typed input never raises, and never changes what the rest of the query finds: an
unterminated quote is a phrase in progress; what is not finished yet — an ``OR``/``AND``/``NOT``
or a ``-`` with nothing (yet) on one side, a ``(`` never closed at the start of a part, a field
with no value (``date:``), an empty group ``()`` — is left out, so ``杜小刚 OR`` finds what
``杜小刚`` finds. Other strays (a ``)`` never opened, a ``*``, ``组(``) are literal text.

Only a query beyond what any search needs raises :class:`QueryError`, whose message is the
hint to show: longer than ``MAX_QUERY_CHARS``, nested (brackets, ``NOT``/``-``) deeper than
``MAX_DEPTH``, or — checked by :func:`check_pinyin` when letters are read as pinyin — a part
with more than ``MAX_PINYIN_LETTERS`` letters. The work a query costs stays bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.search.fields import NAMES_PATTERN, reads_pinyin
from reader.search.normalize import normalize

MAX_QUERY_CHARS = 2000  # a pasted paragraph or two fit; nobody types more
MAX_DEPTH = 24  # brackets and negations inside one another
MAX_PINYIN_LETTERS = 120  # letters of one part read as pinyin (~30 syllables)


class QueryError(ValueError):
    """A query beyond the bounds above; ``str()`` is a one-line hint for the user."""


@dataclass(frozen=True)
class Lit:
    """Text that must occur (normalised) in the article, or in one of its fields."""

    text: str  # normalised
    field: str | None = None
    phrase: bool = False

    def __str__(self) -> str:
        body = f'"{self.text}"' if self.phrase else self.text
        return f"{self.field}:{body}" if self.field else body


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


@dataclass(frozen=True)
class Not:
    child: object


class _All:
    def __repr__(self) -> str:
        return "ALL"


ALL = _All()  # the empty query: every article

_FIELD = re.compile(rf"(?:{NAMES_PATTERN}):(?=\S)", re.I)  # a field's name, then its value
_BARE_FIELD = re.compile(rf"(?:{NAMES_PATTERN}):", re.I)  # ... with no value (yet)


@dataclass
class _Tok:
    kind: str  # word | quote | field | lp | rp
    text: str


def _structural_parens(q: str) -> set[int]:
    """Indices of the brackets that group: a "(" at the start of a part and its matching
    ")" at the end of one. Any other bracket ("组(", a never-closed "(") is not."""
    return _parens(q)[0]


def _unclosed_openers(q: str) -> set[int]:
    """Indices of the "(" at the start of a part that no ")" closes (yet): a group being
    typed, left out until it is closed."""
    return _parens(q)[1]


def _parens(q: str) -> tuple[set[int], set[int]]:
    stack: list[int] = []
    pairs: set[int] = set()
    for i, c in enumerate(q):
        if c == "(" and (i == 0 or q[i - 1].isspace() or q[i - 1] == "("):
            stack.append(i)
        elif c == ")" and stack and (i + 1 == len(q) or q[i + 1].isspace() or q[i + 1] == ")"):
            pairs.update((stack.pop(), i))
    return pairs, set(stack)


def _lex(q: str) -> list[_Tok]:
    structural, unclosed = _parens(q)
    toks: list[_Tok] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace() or i in unclosed:
            i += 1
        elif i in structural:
            toks.append(_Tok("lp" if c == "(" else "rp", c))
            i += 1
        elif c == '"':  # a phrase: to the closing quote, or to the end while being typed
            j = q.find('"', i + 1)
            j = n if j < 0 else j + 1
            toks.append(_Tok("quote", q[i:j]))
            i = j
        elif (m := _FIELD.match(q, i)) is not None:
            toks.append(_Tok("field", m.group()))
            i = m.end()
        else:  # a word: up to whitespace or a grouping bracket; quotes inside are text
            j = i
            while j < n and not q[j].isspace() and j not in structural and j not in unclosed:
                j += 1
            toks.append(_Tok("word", q[i:j]))
            i = j
    return toks


class _Parser:
    def __init__(self, toks: list[_Tok]):
        self.toks = toks
        self.i = 0
        self.depth = 0  # open brackets (a ")" closes one)
        self.nesting = 0  # brackets and negations, for the bound

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self):
        node = self.or_expr()
        while self.peek() is not None:  # a stray ")" at top level: literal
            tok = self.take()
            extra = self.or_expr() if self.peek() is not None else None
            lit = _literal(tok.text)
            node = _and([n for n in (node, lit, extra) if n is not None])
        return node

    def or_expr(self):
        parts = [self.and_expr()]
        while (tok := self.peek()) and tok.kind == "word" and tok.text == "OR":
            self.take()
            if self._dangling():
                break  # "a OR" while "b" is being typed: a
            parts.append(self.and_expr())
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self):
        parts = []
        while (tok := self.peek()) is not None:
            if tok.kind == "rp":
                if self.depth > 0:
                    break
                self.take()
                parts.append(_literal(")"))
                continue
            if tok.kind == "word" and tok.text == "OR":
                if any(p is not None for p in parts):
                    break  # or_expr takes it
                self.take()  # "OR b", "(OR b": nothing before it yet, left out
                continue
            parts.append(self.unary())
        parts = [p for p in parts if p is not None]
        return _and(parts)

    def unary(self):
        tok = self.peek()
        nxt = self.toks[self.i + 1] if self.i + 1 < len(self.toks) else None
        if tok.kind == "word" and tok.text in ("NOT", "-") and (nxt is None or nxt.kind == "rp"):
            self.take()
            return None  # "a NOT", "a -" while the part to exclude is being typed: a
        if tok.kind == "word" and tok.text == "NOT":
            self.take()
            child = self._nested(self.unary)
            return Not(child) if child is not None else None
        if tok.kind == "word" and tok.text.startswith("-") and len(tok.text) > 1:
            self.take()
            rest = tok.text[1:]
            m = _FIELD.match(rest)
            if m is not None and '"' not in rest:  # -date:2024-06: the field, excluded
                return Not(Lit(normalize(rest[m.end():]), m.group()[:-1].lower()))
            child = self._word(rest)
            return Not(child) if child is not None else None
        if tok.kind == "word" and tok.text == "-" and nxt is not None and nxt.kind in ("quote", "field", "lp"):
            self.take()
            child = self._nested(self.unary)
            return Not(child) if child is not None else None
        if tok.kind == "word" and tok.text == "-":  # "a - b": a dash alone negates nothing
            self.take()
            return None
        return self.atom()

    def atom(self):
        tok = self.take()
        if tok.kind == "quote":
            return _phrase(tok.text)
        if tok.kind == "field":
            name = tok.text[:-1].lower()
            value = self.take()  # lexer guarantees a non-space character follows
            if value.kind == "quote":
                inner = _phrase(value.text)
                return Lit(inner.text, name, True) if isinstance(inner, Lit) else None
            if value.kind == "word":
                return Lit(normalize(value.text), name)
            # "(a date:)", "title:date:2024": a field with no value yet is left out, the rest parses on
            self.i -= 1
            return None
        if tok.kind == "lp":
            self.depth += 1  # (the lexer pairs every "(" it gives with its ")")
            inner = self._nested(self.or_expr)
            self.depth -= 1
            if (close := self.peek()) is not None and close.kind == "rp":
                self.take()
            return inner  # "()": nothing yet
        return self._word(tok.text)

    def _dangling(self) -> bool:
        """Whether the operator just taken has nothing after it (yet): the end, or a ")"."""
        tok = self.peek()
        return tok is None or tok.kind == "rp"

    def _nested(self, parse_inner):
        """*parse_inner* one level deeper; beyond ``MAX_DEPTH`` levels, a QueryError (the
        parser, and every walk over what it returns, recurse once a level)."""
        self.nesting += 1
        if self.nesting > MAX_DEPTH:
            raise QueryError(f"query nested too deep: at most {MAX_DEPTH} levels of brackets and NOT/-")
        try:
            return parse_inner()
        finally:
            self.nesting -= 1

    def _word(self, text: str):
        if text == "AND" or _BARE_FIELD.fullmatch(text):
            return None  # AND is the default anyway; "date:" has no value yet
        return _literal(text)


def _literal(text: str) -> Lit:
    return Lit(normalize(text))


def _phrase(quoted: str):
    inner = quoted[1:-1] if len(quoted) > 1 and quoted.endswith('"') else quoted[1:]
    inner = inner.strip()
    if not inner:
        return None  # "" or a lone ": nothing to match yet
    return Lit(normalize(re.sub(r"\s+", " ", inner)), None, True)


_LATIN_WORD = re.compile(r"[a-z][a-z']*")


def _and(parts: list):
    parts = _join_latin([p for p in parts if p is not None])
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(tuple(parts))


def _join_latin(parts: list) -> list:
    """Latin words typed side by side are one part — a phrase, or a name in pinyin
    (``du xiao gang``), rather than three words anywhere."""
    out: list = []
    for p in parts:
        prev = out[-1] if out else None
        if (isinstance(p, Lit) and isinstance(prev, Lit) and p.field is None and prev.field is None
                and not p.phrase and not prev.phrase
                and _LATIN_WORD.fullmatch(p.text) and _LATIN_WORD.fullmatch(prev.text.replace(" ", ""))):
            out[-1] = Lit(f"{prev.text} {p.text}")
        else:
            out.append(p)
    return out


def parse(query: str):
    """Parse *query*. Returns ALL for an empty query. Raises QueryError (its message a hint)
    only beyond ``MAX_QUERY_CHARS`` or ``MAX_DEPTH``; any other input parses."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long: {len(query):,} characters, at most {MAX_QUERY_CHARS:,}")
    node = _Parser(_lex(query)).parse()
    return ALL if node is None else node


def check_pinyin(node) -> None:
    """Raise QueryError if a part of *node* has more letters than can be read as pinyin."""
    for lit in all_literals(node):
        if not reads_pinyin(lit.field):
            continue  # date: and source: values are never read as pinyin
        letters = sum(1 for c in lit.text if "a" <= c <= "z")
        if letters > MAX_PINYIN_LETTERS:
            raise QueryError(
                f"too many letters to read as pinyin in one part ({letters}, at most {MAX_PINYIN_LETTERS}): "
                "shorten it, or turn pinyin off to match the letters as typed"
            )


def all_literals(node) -> list[Lit]:
    out: list[Lit] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Lit):
            out.append(n)
        elif isinstance(n, (And, Or)):
            stack.extend(n.children)
        elif isinstance(n, Not):
            stack.append(n.child)
    return out


def positive_literals(node) -> list[Lit]:
    """The literals that select (not exclude) articles: what to highlight and rank by."""
    out: list[Lit] = []

    def walk(n, negated):
        if isinstance(n, Lit):
            if not negated:
                out.append(n)
        elif isinstance(n, (And, Or)):
            for c in n.children:
                walk(c, negated)
        elif isinstance(n, Not):
            walk(n.child, not negated)

    walk(node, False)
    return list(dict.fromkeys(out))
