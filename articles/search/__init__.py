"""The archive's one search interface; the engine behind it is chosen by settings.

Views, the API, exports, feeds, timelines and commands import from here only. Two engines serve it:
- `whoosh` (default, embedded): articles/search/whoosh/, a Whoosh index on disk evaluated with numpy;
- `solr`: articles/search/solr/, a SolrCloud collection (ARCHIVE_SOLR_URL, ARCHIVE_SOLR_COLLECTION).
Both read the query with the same parser and expansion (query.py) and fill the same dataclasses
(types.py). What a document holds is said once, by the haystack index (articles/search_indexes.py);
indexing and removal go through haystack to whichever engine is configured (articles/indexing.py).

An engine is a module with these functions (see `Engine`); `engine()` returns the configured one.
"""

from __future__ import annotations

from importlib import import_module
from typing import Protocol

from django.conf import settings

from .query import (
    MAX_PREFIX_TERMS,
    MAX_QUERY_CHARS,
    MAX_QUERY_TERMS,
    Expansion,
    expand_entities,
    parse_query,
    phrases_to_bigrams,
)
from .types import (
    FACET_FIELDS,
    PRECISIONS,
    SORTS,
    TIMELINE_SPLITS,
    Hit,
    IndexUnavailable,
    QueryError,
    Report,
    SearchParams,
    SearchResults,
    TimelineCounts,
    TimelinePoint,
    TimelineSeries,
)

__all__ = [
    "FACET_FIELDS",
    "MAX_PREFIX_TERMS",
    "MAX_QUERY_CHARS",
    "MAX_QUERY_TERMS",
    "PRECISIONS",
    "SORTS",
    "TIMELINE_SPLITS",
    "Engine",
    "Expansion",
    "Hit",
    "IndexUnavailable",
    "QueryError",
    "Report",
    "SearchParams",
    "SearchResults",
    "TimelineCounts",
    "TimelinePoint",
    "TimelineSeries",
    "article_ids_matching",
    "engine",
    "expand_entities",
    "inspect",
    "matching_ids",
    "parse_query",
    "phrases_to_bigrams",
    "run_search",
    "run_timeline",
]

ENGINES = {"whoosh": "articles.search.whoosh.engine", "solr": "articles.search.solr.engine"}


class Engine(Protocol):
    """What each engine module provides (every function raises QueryError for a query it cannot
    read, IndexUnavailable when its index cannot answer, IndexError for a page past the last)."""

    def run_search(self, params: SearchParams, tagger=None) -> SearchResults: ...

    def matching_ids(self, params: SearchParams, tagger=None): ...  # every match, in order (exports)

    def run_timeline(
        self, series: list[SearchParams], interval: str = "", tagger=None, split: str = "", calendar: str = ""
    ) -> TimelineCounts: ...

    def article_ids_matching(self, text: str) -> set[int]: ...  # a phrase, for curation

    def inspect(self, sample: int = 50) -> Report: ...  # the index against the database


def engine() -> Engine:
    """The configured engine's module (settings.ARCHIVE_SEARCH_ENGINE)."""
    return import_module(ENGINES[settings.ARCHIVE_SEARCH_ENGINE])


def run_search(params: SearchParams, tagger=None) -> SearchResults:
    """One page of results with facet counts; `tagger` (if given) expands entity names in the query."""
    return engine().run_search(params, tagger)


def matching_ids(params: SearchParams, tagger=None):
    """Every matching article id in the search's order, for exports (an array of int64)."""
    return engine().matching_ids(params, tagger)


def run_timeline(
    series: list[SearchParams], interval: str = "", tagger=None, split: str = "", calendar: str = "gregorian"
) -> TimelineCounts:
    """Matching articles per period for each search of `series` (see the timeline issue's contract)."""
    return engine().run_timeline(series, interval, tagger, split, calendar)


def article_ids_matching(text: str) -> set[int]:
    """Ids of indexed articles that contain `text` as a phrase (analysed like the body)."""
    return engine().article_ids_matching(text)


def inspect(sample: int = 50) -> Report:
    """Compare the index with the database and name the repair (check_archive, ensure_index)."""
    return engine().inspect(sample)
