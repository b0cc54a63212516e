"""Reading a query: Whoosh's parser (on both engines), its limits, name expansion and phrases.

The Solr engine parses with the same parser and expands with the same entity expansion, then
translates the parsed query (articles/search/solr/query.py), so both engines search the same terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice

from whoosh import qparser
from whoosh import query as wq

from articles.bangla.analysis import normalize_prefix

from .types import QueryError


def _parser(schema):
    parser = qparser.QueryParser("text", schema=schema, group=qparser.AndGroup)
    # Readers filter with the page's controls; field syntax would expose internal field names.
    parser.remove_plugin_class(qparser.FieldsPlugin)
    parser.remove_plugin_class(qparser.WildcardPlugin)
    parser.add_plugin(qparser.PrefixPlugin())
    # -word excludes a word; only at the start of a word (কোভিড-১৯ stays one search), and no +word.
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?!)", minusexpr=r"(?:^|(?<=[\s(]))-(?=\S)"))
    return parser


def _bengali_prefixes(q):
    """Prefix queries skip the analyzer in Whoosh: normalise their text the way the index terms are."""
    if isinstance(q, wq.Prefix):
        return wq.Prefix(q.fieldname, normalize_prefix(q.text), boost=q.boost)
    return q.apply(_bengali_prefixes)


@dataclass
class Expansion:
    """What name expansion searched besides the query: entity keys and, per key, the spellings."""

    keys: list[str] = field(default_factory=list)
    spellings: dict[str, list[str]] = field(default_factory=dict)

    def add(self, key, spellings):
        if key not in self.spellings:
            self.keys.append(key)
            self.spellings[key] = []
        self.spellings[key] += [s for s in spellings if s not in self.spellings[key]]


_MAX_NAME_WORDS = 6


def expand_entities(q, tagger, expanded=None):
    """A word or phrase that names a known entity also finds the entity's other spellings.

    রাইসি finds রায়িসি; Putin (Latin) finds পুতিন. A word stands for the entity: it also finds every
    article tagged with it. A phrase asks for the whole name, so it only adds articles tagged with
    the entity that contain another spelling of the whole name ("খালেদা জিয়া" adds Khaleda Zia, not
    every article with খালেদা). Unquoted words that together name an entity add the same variants as
    the quoted name (and no word of the run is expanded alone), so a quoted phrase never finds more
    than its unquoted words (issue 11).
    `expanded` (an Expansion) collects what was added.
    """
    if isinstance(q, wq.Term) and q.fieldname == "text":
        return _expand_word(q, tagger, expanded)
    if isinstance(q, wq.Phrase) and q.fieldname == "text":
        if len(q.words) == 1:
            return _expand_word(wq.Term("text", q.words[0], boost=q.boost), tagger, expanded)
        variants = _name_variants(q.words, tagger, expanded)
        return wq.Or([q, variants], boost=q.boost) if variants is not None else q
    if isinstance(q, wq.And) and type(q) is wq.And:
        return _expand_words(q, tagger, expanded)
    return q.apply(lambda sub: expand_entities(sub, tagger, expanded))


def _expand_word(q, tagger, expanded):
    entry = tagger.lookup(q.text)
    if entry is None:
        return q
    # Other one-word spellings as terms (so they are highlighted too); every spelling, multi-word
    # ones included, through the entity the tagger recorded on each article at import.
    alternatives = [a for a in tagger.alternatives(entry.key) if a != (q.text,) and len(a) == 1]
    if expanded is not None:
        expanded.add(entry.key, tagger.spellings(entry.key, alternatives))
    subqueries = [q, *(wq.Term("text", a[0]) for a in alternatives), wq.Term("entities", entry.key)]
    return wq.Or(subqueries, boost=q.boost)


def _name_variants(words, tagger, expanded):
    """Articles tagged with the entity `words` names that contain another spelling of the whole
    name, as a query; None when the words name no entity or it has no other full spelling."""
    entry = tagger.lookup(" ".join(words))
    if entry is None:
        return None
    variants = tagger.full_name_variants(entry.key, tuple(words))
    if not variants:
        return None
    if expanded is not None:
        expanded.add(entry.key, tagger.spellings(entry.key, variants))
    spelled = [wq.Term("text", v[0]) if len(v) == 1 else wq.Phrase("text", list(v)) for v in variants]
    return wq.And([wq.Term("entities", entry.key), spelled[0] if len(spelled) == 1 else wq.Or(spelled)])


def _expand_words(q, tagger, expanded):
    """An AND of words: a run of words naming an entity finds what its quoted form adds (see
    expand_entities), and any other word is expanded on its own."""
    children, i = [], 0
    subqueries = q.subqueries
    while i < len(subqueries):
        run = 0
        for size in range(min(_MAX_NAME_WORDS, len(subqueries) - i), 1, -1):
            part = subqueries[i : i + size]
            if all(isinstance(s, wq.Term) and s.fieldname == "text" for s in part):
                variants = _name_variants([s.text for s in part], tagger, expanded)
                if variants is not None:
                    # The words are the name: খালেদা জিয়া is not also a search for জিয়া (Ziaur Rahman).
                    children.append(wq.Or([wq.And(part), variants]))
                    run = size
                    break
        if run:
            i += run
            continue
        children.append(expand_entities(subqueries[i], tagger, expanded))
        i += 1
    return wq.And(children, boost=q.boost)


def phrases_to_bigrams(q):
    """Match phrases on the pairs field: one term for two words, a phrase over pairs for more.

    The body field keeps no word positions (see BanglaText), so every phrase goes through the pairs;
    a proximity search ("a b"~3) has nothing to run on and is refused with a message.
    """
    if isinstance(q, wq.Phrase) and q.fieldname == "text":
        if q.slop > 1:
            raise QueryError("proximity")
        if len(q.words) < 2:
            return wq.Term("text", q.words[0], boost=q.boost) if q.words else wq.NullQuery
        pairs = [f"{a} {b}" for a, b in zip(q.words, q.words[1:], strict=False)]
        if len(pairs) == 1:
            return wq.Term("bigrams", pairs[0], boost=q.boost)
        return wq.Phrase("bigrams", pairs, boost=q.boost)
    return q.apply(phrases_to_bigrams)


# What one search may ask for (issue 13: bounded cost per request); each refusal has its message.
MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 32  # words, phrases' words and prefixes
MAX_PREFIX_TERMS = 5000  # index terms one prefix may stand for (রা* alone would be most of them)


def parse_query(text, schema):
    text = (text or "").strip()
    if not text:
        return None
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError("too_long")
    try:
        parsed = _bengali_prefixes(_parser(schema).parse(text))
    except Exception as exc:  # Whoosh raises many types for odd syntax; all mean "can't parse"
        raise QueryError("syntax") from exc
    if isinstance(parsed, type(wq.NullQuery)):
        words = text.split()
        raise QueryError("only_excluded" if all(w.startswith("-") for w in words) else "only_stopwords")
    if sum(len(q.words) if isinstance(q, wq.Phrase) else 1 for q in parsed.leaves()) > MAX_QUERY_TERMS:
        raise QueryError("too_many_terms")
    return parsed


def check_expansion(query, reader):
    """Refuse a prefix that stands for too many index terms (each would be searched)."""
    for leaf in query.leaves():
        if isinstance(leaf, wq.Prefix):
            found = sum(
                1 for _ in islice(reader.expand_prefix(leaf.fieldname, leaf.text), MAX_PREFIX_TERMS + 1)
            )
            if found > MAX_PREFIX_TERMS:
                raise QueryError("too_broad")
