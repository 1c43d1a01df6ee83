"""The Whoosh schema of the article index."""

from __future__ import annotations

from whoosh import fields, formats

from reader.search.analyzer import CharTokenizer, JiebaTokenizer

# Bump when the schema, the analyzers or the article parser change what is indexed.
SCHEMA_VERSION = 5


def build_schema() -> fields.Schema:
    words = fields.FieldType(formats.Frequency(), JiebaTokenizer(), scorable=True)
    return fields.Schema(
        id=fields.ID(stored=True, unique=True, sortable=True),
        source=fields.ID(),
        # Candidate selection: every character, once per document. Substrings are then
        # verified against the text, so no frequencies or positions are kept. (Scorable only
        # so Whoosh keeps a length column: without one it stats a file for every posting.)
        chars=fields.FieldType(formats.Existence(), CharTokenizer(), scorable=True),
        # Whole jieba words, for ranking whole-word matches above incidental characters.
        # Frequencies only: phrases are matched as exact substrings, not through positions.
        words=words,
        title_words=words,
    )
