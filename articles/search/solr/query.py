"""Whoosh query trees (as articles.search parses and expands them) in Solr's standard query syntax.

Both engines parse a reader's query with the same Whoosh parser and the archive's analyzer, so the
terms are already the index terms; here the tree only changes notation, over Solr's whitespace-
tokenised `terms` field (positions kept, so phrases are phrases, not pairs as on Whoosh):

    Term            terms:"t"              (quoted: no term can turn into an operator)
    Phrase          terms:"a b c"          (slop > 1 refused, as on Whoosh)
    Prefix          terms:pre*
    And / Or        (+A +B) / (A OR B)
    Not             (*:* -A)               (every other document, as Whoosh's Not)
    AndNot          (+A -B)
    entities:key    entities:"key"         (entity expansion's term on the exact-value field)

Nothing here imports Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query as wq

# Whoosh field names -> Solr field names (the body is searched in `terms`).
FIELDS = {"text": "terms", "entities": "entities", "sources": "sources"}
NOTHING = "(*:* -*:*)"
_SPECIAL = set('\\+-!():^[]"{}~*?|&/ ')


class UntranslatableQuery(ValueError):
    """A query shape the Solr engine does not know; shown to the reader as a syntax problem."""


def escape(text: str) -> str:
    return "".join(f"\\{ch}" if ch in _SPECIAL else ch for ch in text)


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _field(q) -> str:
    try:
        return FIELDS[q.fieldname]
    except KeyError:
        raise UntranslatableQuery(f"field {q.fieldname!r}") from None


def _boost(expression: str, q) -> str:
    boost = getattr(q, "boost", 1.0)
    return f"{expression}^{boost:g}" if boost != 1.0 else expression


def to_solr(q, *, proximity_error=ValueError) -> str:
    """The Solr query for a Whoosh query tree; NOTHING when it can match no document."""
    if q is None or isinstance(q, type(wq.NullQuery)):
        return NOTHING
    if isinstance(q, wq.Term):
        return _boost(f"{_field(q)}:{quoted(q.text)}", q)
    if isinstance(q, wq.Phrase):
        if q.slop > 1:
            raise proximity_error("proximity")
        if not q.words:
            return NOTHING
        return _boost(f"{_field(q)}:{quoted(' '.join(q.words))}", q)
    if isinstance(q, wq.Prefix):
        return _boost(f"{_field(q)}:{escape(q.text)}*", q)
    if isinstance(q, wq.Every):
        return "*:*"
    if isinstance(q, wq.TermRange):
        low = "*" if q.start is None else quoted(q.start)
        high = "*" if q.end is None else quoted(q.end)
        opening = "{" if q.startexcl else "["
        closing = "}" if q.endexcl else "]"
        return f"{_field(q)}:{opening}{low} TO {high}{closing}"
    if isinstance(q, wq.Not):
        return f"(*:* -{to_solr(q.query, proximity_error=proximity_error)})"
    if isinstance(q, wq.AndNot):
        positive = to_solr(q.a, proximity_error=proximity_error)
        negative = to_solr(q.b, proximity_error=proximity_error)
        return _boost(f"(+{positive} -{negative})", q)
    if isinstance(q, wq.And) and type(q) is wq.And:
        if not q.subqueries:
            return NOTHING
        parts = [to_solr(sub, proximity_error=proximity_error) for sub in q.subqueries]
        return _boost("(" + " ".join(f"+{part}" for part in parts) + ")", q)
    if isinstance(q, wq.Or) and type(q) is wq.Or and not q.minmatch:
        parts = [to_solr(sub, proximity_error=proximity_error) for sub in q.subqueries]
        parts = [part for part in parts if part != NOTHING]
        if not parts:
            return NOTHING
        return _boost("(" + " OR ".join(parts) + ")", q)
    raise UntranslatableQuery(type(q).__name__)


@dataclass
class HighlightTerms:
    """What the highlighter marks: the query's body terms, and prefixes to expand per text."""

    terms: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)

    def __bool__(self):
        return bool(self.terms or self.prefixes)


def highlight_terms(q) -> HighlightTerms:
    """Terms of the body field in the query, negated ones included (they never occur in a match).

    Whoosh expands a prefix to the index terms it matches; a text's own terms that start with the
    prefix are the same words, so the caller expands prefixes per text (articles/search/solr/search.py).
    """
    found = HighlightTerms()

    def visit(node):
        if isinstance(node, wq.Prefix):
            if node.fieldname == "text":
                found.prefixes.add(node.text)
            return
        if isinstance(node, wq.Term):
            if node.fieldname == "text":
                found.terms.add(node.text)
            return
        if isinstance(node, wq.Phrase):
            if node.fieldname == "text":
                found.terms.update(node.words)
            return
        for child in node.children():
            visit(child)

    if q is not None:
        visit(q)
    return found
