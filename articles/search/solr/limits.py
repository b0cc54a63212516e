"""The query limits of articles/search/query.py on SolrCloud: a prefix standing for more than
MAX_PREFIX_TERMS index terms is refused with the Whoosh engine's message ("too_broad").

Whoosh counts the terms from its own term dictionary; here the collection's Terms component
(`/terms`, merged over the shards) lists at most one more than the limit, and the same rule
(`check_expansion`) decides. Only a query with a `*` pays the extra request.
"""

from __future__ import annotations

from .. import query as search_query
from ..types import SearchParams
from .client import SolrClient

FIELDS = {"text": "terms"}


class _Terms:
    """What check_expansion reads from a Whoosh reader, asked of the collection."""

    def __init__(self, solr: SolrClient):
        self.solr = solr

    def expand_prefix(self, fieldname: str, prefix: str):
        answer = self.solr.request(
            "/terms",
            data={
                "terms.fl": FIELDS.get(fieldname, fieldname),
                "terms.prefix": prefix,
                "terms.limit": search_query.MAX_PREFIX_TERMS + 1,
                "terms.mincount": 1,
                "terms.sort": "index",
            },
        )
        return answer.get("terms", {}).get(FIELDS.get(fieldname, fieldname), [])[::2]


def check_prefixes(searches: list[SearchParams], solr: SolrClient) -> None:
    """Raise QueryError("too_broad") when a search's prefix stands for too many index terms."""
    from .search import _SCHEMA

    for params in searches:
        if "*" not in params.q:
            continue
        query = search_query.parse_query(params.q, _SCHEMA)
        if query is not None:
            search_query.check_expansion(query, _Terms(solr))
