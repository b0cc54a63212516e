"""Banglish on the Whoosh engine (issue 16): the matcher of the index's vocabulary, cached.

The matcher (articles/bangla/banglish.py) needs the index's whole `text` vocabulary with document
frequencies. It is built once per index version (its segments: a commit that only deletes keeps the
vocabulary) and per process, on the first query that has a Latin word, under a lock so concurrent
requests wait for one build instead of each building their own. At 100k terms the build costs seconds
of CPU, so the built matcher is also pickled beside the facet arrays (`<index>.arrays/`): another
worker, or this one after a restart, loads it in a fraction of that.

The expansion of the query is shared with the Solr engine (articles/search/banglish.py).
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from articles.bangla.banglish import BanglishMatcher

from ..banglish import BENGALI_BOOST, expand_banglish, has_latin_words, saved_matcher  # noqa: F401

MATCHER_VERSION = 1  # of the pickled file; bump when BanglishMatcher's state changes shape


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
    return saved_matcher(
        _file_for(index_path, segments), lambda: _vocabulary(searcher.reader()), "banglish-*.pickle"
    )


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
