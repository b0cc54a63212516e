"""Whoosh adapter for the Bengali analysis pipeline (:mod:`articles.bangla.analysis`).

:class:`BanglaTokenizer` does tokenising, normalising, stopwords and stemming in one pass (one pass is
faster than a chain of whoosh filters, and the offsets must refer to the original text anyway). It is
a plain class with picklable state, importable by module path, because whoosh pickles the schema
together with its analyzer.

Positions follow whoosh's own ``StopFilter(renumber=True)``: stopwords take no position, so the phrase
"ইরানের সঙ্গে আলোচনা" (সঙ্গে is a stopword) is indexed as ইরান@0 আলোচনা@1 and whoosh's query parser,
which drops stopwords from phrase queries without leaving a gap, finds it. Pass ``renumber=False``
to keep gaps (then phrases need slop).
"""

from __future__ import annotations

from whoosh.analysis import Token as WhooshToken
from whoosh.analysis import Tokenizer
from whoosh.fields import TEXT
from whoosh.system import pack_uint

from .analysis import TOKEN_RE, analyze, term_for

_EMPTY = ""


class BanglaTokenizer(Tokenizer):
    """Whoosh tokenizer yielding our analysed terms (see module docstring)."""

    def __init__(self, renumber: bool = True):
        self.renumber = renumber

    def __eq__(self, other):
        return type(other) is type(self) and other.renumber == self.renumber

    def __hash__(self):
        return hash((type(self).__name__, self.renumber))

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            # Already a single term (e.g. from a term query): analyse it as one word.
            term = term_for(value) if value else _EMPTY
            t.original = value
            t.text = term if term else value
            t.boost = 1.0
            t.stopped = term is None
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return

        pos = start_pos
        renumber = self.renumber
        for match in TOKEN_RE.finditer(value):
            surface = match.group()
            term = term_for(surface)
            if term == _EMPTY:
                continue
            if term is None:  # stopword
                if not removestops:
                    t.text = t.original = surface
                    t.stopped = True
                    t.boost = 1.0
                    if positions:
                        t.pos = pos
                    if chars:
                        t.startchar = start_char + match.start()
                        t.endchar = start_char + match.end()
                    yield t
                if not renumber:
                    pos += 1
                continue
            t.text = term
            t.original = surface
            t.stopped = False
            t.boost = 1.0
            if positions:
                t.pos = pos
            if chars:
                t.startchar = start_char + match.start()
                t.endchar = start_char + match.end()
            yield t
            pos += 1


def BanglaAnalyzer(renumber: bool = True) -> BanglaTokenizer:  # noqa: N802 - whoosh naming convention
    """The whoosh analyzer for Bengali text fields (body, headline)."""
    return BanglaTokenizer(renumber=renumber)


class BanglaBigramTokenizer(Tokenizer):
    """Adjacent pairs of analysed terms, "t1 t2", at the position of the first.

    Indexed beside the body, it turns a two-word phrase query into one term lookup (and a longer one
    into a phrase over pairs) instead of Whoosh checking word positions document by document, which
    costs about 15 microseconds per candidate. Pairs follow the body's positions, stopwords dropped,
    so "X এবং Y" pairs X with Y exactly as the phrase query does.
    """

    def __init__(self):
        self.unigrams = BanglaTokenizer()

    def __eq__(self, other):
        return type(other) is type(self)

    def __hash__(self):
        return hash(type(self).__name__)

    def __call__(
        self, value, positions=False, chars=False, start_pos=0, start_char=0, tokenize=True, mode="", **kwargs
    ):
        t = WhooshToken(positions, chars, mode=mode, **kwargs)
        t.boost, t.stopped = 1.0, False
        if not tokenize:  # a pair built by the query side
            t.text = t.original = value
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        previous = None
        for token in self.unigrams(
            value, positions=True, chars=True, start_pos=start_pos, start_char=start_char
        ):
            if previous is not None:
                text, pos, startchar = previous
                t.text = t.original = f"{text} {token.text}"
                if positions:
                    t.pos = pos
                if chars:
                    t.startchar, t.endchar = startchar, token.endchar
                yield t
            previous = (token.text, token.pos, token.startchar)


def _postings(terms, format_):
    """(term bytes, frequency, weight, encoded value) per distinct term, as Whoosh's formats produce
    them from the analyzer's tokens (first-occurrence order, weight = frequency x field boost); the
    value holds the positions when the format keeps them, else the frequency."""
    positions = {}
    for pos, term in enumerate(terms):
        found = positions.get(term)
        if found is None:
            positions[term] = [pos]
        else:
            found.append(pos)
    boost = format_.field_boost
    if format_.supports("positions"):
        encode = format_.encode
        return [(t.encode("utf-8"), len(p), len(p) * boost, encode(p)) for t, p in positions.items()]
    return [(t.encode("utf-8"), len(p), len(p) * boost, pack_uint(len(p))) for t, p in positions.items()]


# The pairs field and the body field index the same text, one after the other: analyse it once.
_last_analysed: tuple[str, list[str]] = ("", [])


def _analysed(value: str) -> list[str]:
    global _last_analysed
    text, terms = _last_analysed
    if text is not value and text != value:
        terms = analyze(value)
        _last_analysed = (value, terms)
    return terms


class _FastIndexedText(TEXT):
    """A TEXT field whose indexing skips Whoosh's token pipeline (see BanglaText).

    `fast_words` tells articles.search.whoosh.writer how the field indexes `analysed(value)`: each word
    ("words") or each pair of adjacent words ("pairs").
    """

    fast_words: str

    @staticmethod
    def analysed(value: str) -> list[str]:
        return _analysed(value)

    def index_terms(self, value: str) -> list[str]:
        return _analysed(value)

    def index(self, value, **kwargs):
        if not isinstance(value, str) or kwargs:
            return super().index(value, **kwargs)
        return _postings(self.index_terms(value), self.format)


class BanglaText(_FastIndexedText):
    """A TEXT field with the Bengali analyzer whose indexing skips Whoosh's token pipeline.

    Indexing produces exactly the postings the analyzer would (the tests compare them) from one call
    of the fast `analyze()`, without a Token object per word: a third of the cost of a rebuild was
    Whoosh's per-token work. Queries and the spelling corrector use the analyzer as usual.

    Without `phrase`, postings keep no word positions (phrases are matched on the pairs field): a
    block of positions is 128 small pickled byte strings, and unpickling them was most of the time
    of reading a frequent word's postings.
    """

    fast_words = "words"

    def __init__(self, phrase=False, **kwargs):
        super().__init__(analyzer=BanglaAnalyzer(), phrase=phrase, **kwargs)


class BanglaBigrams(_FastIndexedText):
    """The pairs field (see BanglaBigramTokenizer), indexed the same fast way as BanglaText.

    It keeps positions: a phrase of three or more words is a phrase over pairs.
    """

    fast_words = "pairs"

    def __init__(self, **kwargs):
        super().__init__(analyzer=BanglaBigramTokenizer(), phrase=True, **kwargs)

    def index_terms(self, value: str) -> list[str]:
        terms = _analysed(value)
        return [f"{a} {b}" for a, b in zip(terms, terms[1:], strict=False)]
