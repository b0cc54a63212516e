"""The collection's vocabulary of `terms` and the Banglish matcher built from it, cached per version.

Banglish (articles/search/banglish.py) matches a Latin word against every Bengali term of the index,
so the matcher needs the whole vocabulary with document frequencies: on Solr the Terms component
over `terms` (solr/configset/solrconfig.xml, `/terms`), merged over the shards. Reading it and
building the matcher costs seconds at 100,000 articles, so it happens once per collection version
and process, under a lock (concurrent requests wait for one build), and the built matcher is pickled
under ARCHIVE_DATA_DIR/solr-cache/ so that other workers, or this one after a restart, load it instead.

The version of a collection is its document count and newest `_version_` (every add, update or
delete changes one of them; one sorted request on docValues), asked only by queries that have a Latin
word, and at most every VERSION_CHECK_S seconds per process: the request costs as much as a small
search, and names in a query (entity expansion adds their Latin forms) make many queries Latin.
"""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path

from django.conf import settings

from articles.bangla.banglish import BanglishMatcher

from ..banglish import saved_matcher
from .client import SolrClient

MATCHER_VERSION = 1  # of the pickled file; bump when BanglishMatcher's state changes shape
# An article added since the last check is matched from the next check on: its words only add
# candidates for Latin words, and Banglish already ORs the typed word itself.
VERSION_CHECK_S = 2.0


def collection_version(solr: SolrClient) -> tuple[int, int]:
    """(documents, newest _version_) of the collection: changes whenever its content does."""
    answer = solr.select({"q": "*:*", "rows": 1, "fl": "_version_", "sort": "_version_ desc"})
    docs = answer["response"]["docs"]
    return int(answer["response"]["numFound"]), int(docs[0]["_version_"]) if docs else 0


def vocabulary(solr: SolrClient):
    """(term, document frequency) of every term of `terms` in the collection."""
    answer = solr.request("/terms", data={"terms.limit": -1, "terms.sort": "index", "terms.mincount": 1})
    flat = answer.get("terms", {}).get("terms", [])
    return zip(flat[::2], flat[1::2], strict=True)


class _MatcherCache:
    def __init__(self):
        self.lock = threading.Lock()
        # collection -> (version, matcher, when the version was read)
        self.matchers: dict[tuple, tuple[tuple, BanglishMatcher, float]] = {}

    def get(self, solr: SolrClient) -> BanglishMatcher:
        where = (tuple(solr.urls), solr.collection)
        cached = self.matchers.get(where)
        if cached is not None and time.monotonic() - cached[2] < VERSION_CHECK_S:
            return cached[1]
        version = collection_version(solr)
        checked = time.monotonic()
        if cached is not None and cached[0] == version:
            self.matchers[where] = (version, cached[1], checked)
            return cached[1]
        with self.lock:
            cached = self.matchers.get(where)
            if cached is None or cached[0] != version:
                cached = (version, _load_or_build(solr, version), checked)
            self.matchers[where] = (version, cached[1], checked)
        return cached[1]


_matchers = _MatcherCache()


def matcher_for(solr: SolrClient) -> BanglishMatcher:
    """The Banglish matcher of the collection as it is now (built, loaded or cached)."""
    return _matchers.get(solr)


def _file_for(solr: SolrClient, version: tuple) -> Path:
    # The collection's name and version say which content it is; the node URLs do not matter.
    digest = hashlib.sha1(f"{solr.collection} {version}".encode()).hexdigest()[:16]
    return (
        Path(settings.DATA_DIR)
        / "solr-cache"
        / f"banglish-{solr.collection}-{digest}-v{MATCHER_VERSION}.pickle"
    )


def _load_or_build(solr: SolrClient, version: tuple) -> BanglishMatcher:
    return saved_matcher(
        _file_for(solr, version), lambda: vocabulary(solr), f"banglish-{solr.collection}-*.pickle"
    )
