"""The one Bengali analysis pipeline: tokenise, normalise, fold variants, drop stopwords, stem.

Used for indexing, for queries, for highlighting and by ``manage.py analyze``. Tokenisation runs on
the *original* text and every token is normalised on its own, so :class:`Token` offsets always point
into the caller's string, even where normalisation changes lengths (য + ় -> য়, dropped ZWJ).

Token kinds:

* Bengali words: runs of Bengali letters, signs and joiners. Python's ``\\w`` is not used because it
  does not match vowel signs or the virama, so it would split ইরানের into pieces.
* Numbers: ASCII or Bengali digits, with inner ``.``/``,`` (১,২০০ -> 1200, ২.৫ -> 2.5). A Bengali
  tail glued to a number (১০টি, ২০২৪সালে) belongs to the token's surface but not to its term.
* Other words (Latin etc.): lower-cased.

Danda, hyphen and all other punctuation separate tokens.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from .normalize import fold_variants, normalize
from .stemmer import stem_folded
from .stopwords import STOPWORDS

_BN_LETTERS = "\u0980-\u09e3\u09f0\u09f1\u09fc\u09fe\u200c\u200d"
_DIGIT = "0-9\u09e6-\u09ef"
TOKEN_RE = re.compile(
    rf"[{_DIGIT}]+(?:[.,][{_DIGIT}]+)*[{_BN_LETTERS}]*"  # number, maybe with a Bengali tail
    rf"|[{_BN_LETTERS}]+"  # Bengali word
    r"|[^\W_\u0980-\u09ff]+(?:['\u2019][^\W_\u0980-\u09ff]+)*"  # other scripts (Latin ...), not Bengali
)
_NUMBER_RE = re.compile(rf"[{_DIGIT}]+(?:[.,][{_DIGIT}]+)*")
_DIGITS = frozenset("0123456789\u09e6\u09e7\u09e8\u09e9\u09ea\u09eb\u09ec\u09ed\u09ee\u09ef")

# Sentinel for tokens that normalise to nothing (a lone ZWNJ): they take no position at all.
_EMPTY = ""


class Token(NamedTuple):
    """One token of the input (immutable).

    ``term`` is the index term, None for a stopword. ``start``/``end`` are offsets into the original
    string (end exclusive). ``pos`` counts every token including stopwords. A named tuple rather than a
    frozen dataclass: an import makes hundreds of tokens per article, and a tuple is made in a
    fraction of the time.
    """

    surface: str
    term: str | None
    start: int
    end: int
    pos: int


def _number_term(surface: str) -> str:
    digits = _NUMBER_RE.match(surface).group()
    # Thousands separators: ১,২০০ and 1200 are one number. A comma that is not a thousands separator
    # (e.g. "3,5" decimal in some sources) is rare in Bengali news.
    return normalize(digits).replace(",", "")


@functools.lru_cache(maxsize=262144)
def term_for(surface: str) -> str | None:
    """Index term of one token surface: None for a stopword, "" for nothing (skip the token)."""
    first = surface[0]
    if first in _DIGITS:
        return _number_term(surface)
    if "\u0980" <= first <= "\u09ff" or first in "\u200c\u200d":
        word = fold_variants(normalize(surface))
        if not word:
            return _EMPTY
        if word in STOPWORDS:
            return None
        return stem_folded(word)
    word = surface.casefold().replace("\u2019", "'")
    if word.endswith("'s"):  # possessive: trump's -> trump
        word = word[:-2]
    word = word.replace("'", "")
    return None if word in STOPWORDS else word


_new_token = functools.partial(tuple.__new__, Token)  # Token(...) without the Python-level __new__


def iter_tokens(text: str) -> Iterator[Token]:
    """All tokens of ``text`` with offsets into ``text`` and stopword-counting positions."""
    # Hot path (every imported article): findall and str.find instead of a match object per token
    # (half the cost). The next token starts where its surface is next found: between two matches
    # stand only characters that start no token, so the surface cannot occur earlier.
    tokens = []
    append = tokens.append
    find = text.find
    pos = end = 0
    for surface in TOKEN_RE.findall(text):
        start = find(surface, end)
        end = start + len(surface)
        term = term_for(surface)
        if term == _EMPTY:
            continue
        append(_new_token((surface, term, start, end, pos)))
        pos += 1
    return iter(tokens)


def analyze(text: str) -> list[str]:
    """Index terms of ``text`` in order, stopwords dropped (what the body field indexes)."""
    # Hot path: findall + a cached lookup per token, no Token objects.
    return [t for t in map(term_for, TOKEN_RE.findall(text)) if t]


def normalize_prefix(prefix: str) -> str:
    """Normalise a query prefix (``রাশি*``) for matching against index terms.

    Normalised and folded like a term but *not* stemmed: the stem of রাশিয়ার is রাশিয়া, which
    starts with রাশি. Trailing wildcards and surrounding punctuation are removed.
    """
    prefix = prefix.strip().rstrip("*").strip()
    if not prefix:
        return ""
    if prefix[0] in _DIGITS:
        return normalize(prefix).replace(",", "")
    if any("\u0980" <= ch <= "\u09ff" for ch in prefix):
        return fold_variants(normalize(prefix))
    return prefix.casefold()
