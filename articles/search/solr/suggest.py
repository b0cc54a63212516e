"""'Did you mean' on Solr: the shared rule (articles/search/suggest.py) over the collection's terms.

Two requests find the corrections of a query's unknown words, whatever their number (at most five):
- the spellcheck component (solr/configset/solrconfig.xml, `/spell`: DirectSolrSpellChecker on
  `terms`, two edits, first letter kept) lists every index term near each unknown term, walking the
  terms dictionary with Lucene's Levenshtein automaton, so its cost does not grow with the vocabulary
  the way a scan would;
- the Terms component gives each candidate's total frequency, by which Whoosh's corrector ranks
  (the spellchecker ranks by its own similarity), so both engines choose the same word.
Which words are unknown is one more Terms request (`terms.list`), before those.
"""

from __future__ import annotations

from ..suggest import SUGGEST_BUDGET_S, best, suggest
from .client import SolrClient

# Candidates per unknown term asked of the spellchecker: all of them in practice (a short term can have
# hundreds within two edits; the one Whoosh picks must be among them).
CANDIDATES = 500


def _listed(solr: SolrClient, terms, **extra) -> dict:
    """{term: statistics} of those `terms` some document holds (Terms component, every shard)."""
    # terms.list is comma-separated: a term with a comma cannot be asked (the analyzer makes none).
    terms = sorted({t for t in terms if t and "," not in t})
    if not terms:
        return {}
    answer = solr.request("/terms", data={"terms.list": ",".join(terms), "terms.limit": -1, **extra})
    flat = answer.get("terms", {}).get("terms", [])
    return dict(zip(flat[::2], flat[1::2], strict=True))


def known_terms(solr: SolrClient, terms) -> set[str]:
    return set(_listed(solr, terms))


def closest_terms(solr: SolrClient, terms) -> dict[str, str]:
    """Each term's correction (the most frequent index term within two edits, first letter kept)."""
    terms = list(dict.fromkeys(terms))
    answer = solr.request(
        "/spell",
        data={"q": "*:*", "spellcheck.q": " ".join(terms), "spellcheck.count": CANDIDATES},
    )
    flat = answer.get("spellcheck", {}).get("suggestions", [])
    candidates = {}
    for token, info in zip(flat[::2], flat[1::2], strict=True):
        if isinstance(info, dict) and token in terms:
            candidates[token] = [s["word"] for s in info.get("suggestion", []) if s.get("word") != token]
    frequencies = _listed(solr, {w for words in candidates.values() for w in words}, **{"terms.ttf": "true"})
    found = {}
    for term, words in candidates.items():
        choice = best((w, frequencies[w].get("ttf", 1)) for w in words if w in frequencies)
        if choice:
            found[term] = choice
    return found


def suggestion(text: str, solr: SolrClient, budget: float = SUGGEST_BUDGET_S) -> str:
    """The corrected query for `text`, or "" (the rule and its limits: articles/search/suggest.py).

    On Solr the look-up is the same three requests however many words are unknown, their cost bounded
    by the word limits and Lucene's automaton; the time budget, which stops Whoosh's word-by-word walk
    over its terms, does not cut them short.
    """

    def closest(terms, _deadline):
        return closest_terms(solr, terms)

    return suggest(text, lambda terms: known_terms(solr, terms), closest, budget)
