"""One article as a Solr document, from what the haystack index definition prepared.

`articles/search_indexes.py` stays the one place that says what a document holds; this module only
says how Solr keeps it (solr/configset/managed-schema.xml): the searched `terms` are the archive's own
analysed terms of `text` joined by spaces (Solr splits on whitespace and keeps positions), the word
pairs of `bigrams` are left out (phrases match on positions), dates are UTC ISO strings and empty
values are not sent. `story` (the cluster, or the article itself when it has none) is derived here
for Solr's grouping, which would put every document without a value in one group.
"""

from __future__ import annotations

from datetime import UTC, datetime

from articles.bangla.analysis import analyze

# Whoosh-only fields with no counterpart in the Solr schema.
LEFT_OUT = frozenset({"bigrams"})


def solr_date(value: datetime) -> str:
    # The index definition stores naive UTC (Whoosh drops tzinfo); an aware value is converted.
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def solr_document(prepared: dict, terms: str | None = None) -> dict:
    """The Solr document of one article, given `ArticleIndex().full_prepare(article)`; `terms`, the
    analysed terms of its text joined by spaces, when already known (articles/search/solr/terms_cache.py)."""
    document = {}
    for name, value in prepared.items():
        if name in LEFT_OUT or value is None or value == "" or value == []:
            continue
        if isinstance(value, datetime):
            value = solr_date(value)
        elif isinstance(value, set | tuple):
            value = sorted(value)
        document[name] = value
    document["terms"] = terms if terms is not None else " ".join(analyze(prepared.get("text") or ""))
    if str(prepared.get("django_id", "")).isdigit():
        document["pk"] = int(prepared["django_id"])
    cluster = prepared.get("cluster")
    document["story"] = f"c{cluster}" if cluster else f"a{prepared.get('django_id', '')}"
    return document
