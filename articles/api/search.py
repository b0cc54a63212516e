"""The API's door to the search interface (articles/search/): every query the API runs goes through here."""

from articles.search import QueryError, SearchParams, SearchResults, run_search
from articles.tagging import current_tagger

__all__ = ["QueryError", "SearchParams", "SearchResults", "facet_counts", "search"]


def search(params: SearchParams) -> SearchResults:
    return run_search(params, tagger=current_tagger())


def facet_counts(name: str, **filters) -> dict[str, int]:
    """Published article counts per value of one facet ("outlet", "topic", "entities", "sources")."""
    results = search(SearchParams(per_page=1, snippets=False, **filters))
    return dict(results.facets.get(name, []))
