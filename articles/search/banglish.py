"""Banglish in search (issue 16): Latin words of a query also search their Bengali index terms.

The expansion of a parsed query, shared by both engines (they parse with the same Whoosh parser):
each engine builds a `BanglishMatcher` (articles/bangla/banglish.py) from its index's vocabulary of
the body (articles/search/whoosh/banglish.py, articles/search/solr/vocabulary.py), so the same
vocabulary gives the same Bengali terms on both.

The Latin word itself always stays in the query (English words keep finding English articles); its
Bengali candidates are ORed in beside it, as `expand_entities` does for names.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import query as wq

from articles.bangla.banglish import BanglishMatcher

# The typed word is the stronger evidence: its Bengali readings score at this share of their BM25 score,
# so an English word's English articles stay first (measured in eval/banglish_search_eval.py).
BENGALI_BOOST = 0.5


def saved_matcher(path: Path, vocabulary: Callable[[], Iterable], stale: str) -> BanglishMatcher:
    """The matcher saved at `path` for this version of an index, else one built from `vocabulary()`
    and saved there for the other workers (files matching `stale` beside it are older versions)."""
    # The file is ours (written below under the data folder, never taken from elsewhere).
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        with path.open("rb") as saved:
            matcher = pickle.load(saved)  # noqa: S301
        if isinstance(matcher, BanglishMatcher):
            return matcher
    matcher = BanglishMatcher(vocabulary())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        with temporary.open("wb") as out:
            pickle.dump(matcher, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)  # atomic: another worker may be saving the same version
        for old in path.parent.glob(stale):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only data folder: built again by the next process
    return matcher


def _latin(text) -> bool:
    return isinstance(text, str) and text.isascii() and text.isalpha()


def has_latin_words(q) -> bool:
    return any(f == "text" and _latin(_text(t)) for f, t in q.iter_all_terms())


def _text(term):
    return term.decode("utf-8", "replace") if isinstance(term, bytes) else term


def expand_banglish(q, matcher: BanglishMatcher, searched: dict[str, list[str]]):
    """The query with every Latin word of `text` ORed with its Bengali candidates.

    `iran rashia` also searches ইরান রাশিয়া; a quoted Latin phrase also searches the phrase of the
    words' best candidates; two adjacent words that are one Bengali compound (`prodhan mantri`) also
    search the compound. `searched` collects, per Latin word, the Bengali terms added.
    """
    if isinstance(q, wq.Term) and q.fieldname == "text" and _latin(q.text):
        found = [t for t, _score in matcher.candidates(q.text)]
        if not found:
            return q
        _record(searched, q.text, found)
        return wq.Or([q, *(wq.Term("text", t, boost=BENGALI_BOOST) for t in found)], boost=q.boost)
    if isinstance(q, wq.Phrase) and q.fieldname == "text" and q.words and all(map(_latin, q.words)):
        best = [matcher.candidates(w)[:1] for w in q.words]
        if not all(best):
            return q
        words = [b[0][0] for b in best]
        for latin, bengali in zip(q.words, words, strict=True):
            _record(searched, latin, [bengali])
        return wq.Or([q, wq.Phrase("text", words, boost=BENGALI_BOOST)], boost=q.boost)
    if type(q) is wq.And:
        return _expand_and(q, matcher, searched)
    return q.apply(lambda sub: expand_banglish(sub, matcher, searched))


def _expand_and(q, matcher, searched):
    children = [expand_banglish(sub, matcher, searched) for sub in q.subqueries]
    subs = q.subqueries
    for i in range(len(subs) - 1):
        first, second = subs[i], subs[i + 1]
        if not all(
            isinstance(s, wq.Term) and s.fieldname == "text" and _latin(s.text) for s in (first, second)
        ):
            continue
        joined = matcher.candidates(first.text + second.text)
        if joined and joined[0][1] >= matcher.MIN_SCORE_ENGLISH:
            # The compound stands in for either word, so the pair finds it (as eval/banglish_eval.py).
            compound = wq.Term("text", joined[0][0], boost=BENGALI_BOOST)
            _record(searched, f"{first.text} {second.text}", [joined[0][0]])
            children[i] = wq.Or([children[i], compound])
            children[i + 1] = wq.Or([children[i + 1], compound])
    return wq.And(children, boost=q.boost)


def _record(searched, latin, found):
    known = searched.setdefault(latin, [])
    known += [t for t in found if t not in known]
