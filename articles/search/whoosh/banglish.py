"""Banglish in search (issue 16): Latin words of a query also search their Bengali index terms.

The matcher (articles/bangla/banglish.py) needs the index's whole `text` vocabulary with document
frequencies. It is built once per index version (its segments: a commit that only deletes keeps the
vocabulary) and per process, on the first query that has a Latin word, under a lock so concurrent
requests wait for one build instead of each building their own. At 100k terms the build costs seconds
of CPU, so the built matcher is also pickled beside the facet arrays (`<index>.arrays/`): another
worker, or this one after a restart, loads it in a fraction of that.

The Latin word itself always stays in the query (English words keep finding English articles); its
Bengali candidates are ORed in beside it, as `expand_entities` does for names.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import threading
from pathlib import Path

from whoosh import query as wq

from articles.bangla.banglish import BanglishMatcher

# The typed word is the stronger evidence: its Bengali readings score at this share of their BM25 score,
# so an English word's English articles stay first (measured in eval/banglish_search_eval.py).
BENGALI_BOOST = 0.5
MATCHER_VERSION = 1  # of the pickled file; bump when BanglishMatcher's state changes shape


def _latin(text) -> bool:
    return isinstance(text, str) and text.isascii() and text.isalpha()


class _MatcherCache:
    def __init__(self):
        self.lock = threading.Lock()
        self.key = None
        self.matcher: BanglishMatcher | None = None

    def get(self, searcher, index_path: str, segments: tuple) -> BanglishMatcher:
        key = (index_path, segments)
        if key == self.key and self.matcher is not None:
            return self.matcher
        with self.lock:
            if key != self.key or self.matcher is None:
                self.matcher = _load_or_build(searcher, index_path, segments)
                self.key = key
        return self.matcher


_matchers = _MatcherCache()


def _folder(index_path: str) -> Path:
    return Path(f"{index_path}.arrays")


def _file_for(index_path: str, segments: tuple) -> Path:
    digest = hashlib.sha1(" ".join(sorted(map(str, segments))).encode()).hexdigest()[:16]
    return _folder(index_path) / f"banglish-{digest}-v{MATCHER_VERSION}.pickle"


def _load_or_build(searcher, index_path: str, segments: tuple) -> BanglishMatcher:
    path = _file_for(index_path, segments)
    # The file is ours (written below, beside the index, never taken from elsewhere).
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        with path.open("rb") as saved:
            matcher = pickle.load(saved)  # noqa: S301
        if isinstance(matcher, BanglishMatcher):
            return matcher
    matcher = BanglishMatcher(_vocabulary(searcher.reader()))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        with temporary.open("wb") as out:
            pickle.dump(matcher, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)  # atomic: another worker may be saving the same version
        for old in path.parent.glob("banglish-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only data folder: built again by the next process
    return matcher


def _vocabulary(reader):
    """(term, document frequency) of `text`, segment by segment (the matcher adds up repeats).

    A multi-segment reader's iter_field looks every term up again in every segment: 3.5 s for the
    18,000 terms of the bdnews dump, against 0.3 s for reading each segment's term table in order.
    """
    for leaf, _offset in reader.leaf_readers():
        table = getattr(leaf, "_terms", None)
        if table is None or not hasattr(table, "items_from"):
            yield from ((term, info.doc_frequency()) for term, info in leaf.iter_field("text"))
            continue
        for (fieldname, term), info in table.items_from("text", b""):
            if fieldname != "text":
                break
            yield term, info.doc_frequency()


def matcher_for(searcher, index_path: str, segments: tuple) -> BanglishMatcher:
    """The matcher of this index version (built, loaded or cached)."""
    return _matchers.get(searcher, index_path, segments)


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
