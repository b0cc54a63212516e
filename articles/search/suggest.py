"""'Did you mean', the same on both engines: which words of a query to correct, and how.

Each unknown word of a query (one analysed term that no document holds) is replaced by the index
term closest to it: within two edits, the first letter kept (misspellings rarely touch it, and the
engines only compare terms sharing it), the most frequent such term winning (total occurrences, then
the later term in code-point order, as Whoosh's corrector ranks). The engines differ only in how
they find the candidates (articles/search/whoosh/engine.py, articles/search/solr/suggest.py).

The cost is bounded (issue 13: a 500-character query took 12.6 s): words longer than
SUGGEST_MAX_WORD letters or more than SUGGEST_MAX_WORDS unknown words give no suggestion at all (a
partial correction would mislead), and the look-ups stop at SUGGEST_BUDGET_S.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from time import monotonic

from articles.bangla.analysis import analyze

SUGGEST_MAX_WORD = 24  # characters; longer words get no suggestion
SUGGEST_MAX_WORDS = 5  # unknown words looked up at most
SUGGEST_BUDGET_S = 0.25
SUGGEST_MAX_EDITS = 2
SUGGEST_PREFIX = 1


def query_words(text: str) -> list[tuple[str, str | None]]:
    """(word, its one analysed term or None) for each whitespace-separated word of the query."""
    found = []
    for word in text.split():
        terms = analyze(word)
        found.append((word, terms[0] if len(terms) == 1 else None))
    return found


def words_to_correct(words: list[tuple[str, str | None]], known: Callable[[str], bool]) -> list[str] | None:
    """The unknown terms to look up, in query order; None when no suggestion may be offered (an
    unknown word too long, or too many unknown words)."""
    unknown = []
    for _word, term in words:
        if term is None or known(term):
            continue
        if len(term) > SUGGEST_MAX_WORD or len(unknown) >= SUGGEST_MAX_WORDS:
            return None
        unknown.append(term)
    return unknown


def best(candidates: Iterable[tuple[str, int]]) -> str | None:
    """The candidate Whoosh's corrector picks: highest total frequency, then the greater term."""
    top = max(((max(int(frequency), 1), term) for term, frequency in candidates), default=None)
    return top[1] if top else None


def suggest(
    text: str,
    known: Callable[[list[str]], set[str]],
    closest: Callable[[list[str], float], dict[str, str] | None],
    budget: float = SUGGEST_BUDGET_S,
) -> str:
    """The corrected query, or "" when there is nothing to suggest.

    `known(terms)` says which of the terms some document holds; `closest(terms, deadline)` maps each
    unknown term to its correction (terms without one left out), or returns None when the deadline
    (a `time.monotonic()` value) passed first.
    """
    deadline = monotonic() + budget
    words = query_words(text)
    present = known(sorted({term for _word, term in words if term is not None}))
    unknown = words_to_correct(words, present.__contains__)
    if not unknown:
        return ""
    corrections = closest(unknown, deadline)
    if not corrections:
        return ""
    out, changed = [], False
    for word, term in words:
        if term is not None and term not in present and term in corrections:
            out.append(corrections[term])
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else ""
