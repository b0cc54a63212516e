"""The search page's query function on SolrCloud: `run_search` with the Whoosh engine's behaviour.

Same parameters and results as articles.search.run_search (its dataclasses): the query is parsed by the
same Whoosh parser and expanded with the same entity expansion, then translated (articles/search/solr/query.py)
into one Solr request that returns the page, the total and every facet count:
- filters are `fq` clauses (cached by Solr independently of the query), months and years on `month`,
  the date range in the site's time zone (Asia/Dhaka days) on `published`;
- facets are classic field facets over every matching document (limit -1, so exact on a sharded
  collection), ordered as on Whoosh (months newest first, others by count then value);
- date order puts undated articles last in both directions; relevance is Solr's BM25 over the same
  terms (scores differ slightly from Whoosh's, see docs: sets of matches are identical);
- hits come from stored fields (no database query), snippets from the project's highlighter;
- Latin words also search their Bengali index terms (`banglish`, the expansion shared with Whoosh,
  over the collection's vocabulary: articles/search/solr/vocabulary.py), and a search that finds
  nothing suggests a correction (articles/search/solr/suggest.py), as on Whoosh.

Story clusters: unless `all_versions`, the page is grouped on `story` (the cluster, or the article
itself): a group stands where its first member in the page's order would (`sort`), with its best
score, and shows its earliest matching version (`group.sort`: undated last, then by key), as on the
Whoosh engine. Grouping, not the collapse filter: collapse needs every member of a cluster on one
shard, and routing documents by cluster would move an article to another shard whenever its cluster
changes (its first copy arrives, a curator joins or splits), leaving the old document behind;
distributed grouping merges each shard's best groups and their best documents correctly wherever
members live. Only `group.ngroups` would need them together, so the number of stories comes from
the `cluster` facet instead (exact on a sharded collection, like every facet here): matches minus
clustered matches plus distinct clusters; its counts are each hit's `versions` too.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from whoosh.fields import Schema

from articles.bangla.analysis import TOKEN_RE, term_for
from articles.bangla.highlight import snippet as highlight
from articles.bangla.whoosh_analysis import BanglaText

from ..banglish import expand_banglish, has_latin_words
from ..query import Expansion, expand_entities, parse_query
from ..types import (
    FACET_FIELDS,
    Hit,
    QueryError,
    SearchParams,
    SearchResults,
    filter_values,
    plain_snippet,
    sort_facet,
)
from .client import SolrClient
from .query import UntranslatableQuery, highlight_terms, to_solr
from .suggest import suggestion
from .vocabulary import matcher_for

STORED = (
    "django_id",
    "title",
    "path",
    "outlet",
    "topic",
    "published",
    "precision",
    "language",
    "text",
    "lead",
    "cluster",
)
# Dated first (exists() is 1), then by date. Equal dates and equal scores follow the Whoosh engine:
# its document order, which is primary-key order after a rebuild (newest first puts the later of two
# equal dates first, undated articles come oldest key first in both orders).
DATE_SORT = {
    "newest": "exists(published) desc, published desc, if(exists(published),pk,sub(0,pk)) desc",
    "oldest": "exists(published) desc, published asc, pk asc",
}
RELEVANCE_SORT = "score desc, pk asc"

# The parser only needs the body field: the reader's query has no field syntax (see articles/search/query.py).
_SCHEMA = Schema(text=BanglaText())
_clients: dict[tuple[str, str], SolrClient] = {}
_clients_lock = threading.Lock()


def client(url: str | None = None, collection: str | None = None) -> SolrClient:
    """The process's client for a collection (settings' ARCHIVE_SOLR_URL / ARCHIVE_SOLR_COLLECTION)."""
    key = (url or settings.ARCHIVE_SOLR_URL, collection or settings.ARCHIVE_SOLR_COLLECTION)
    with _clients_lock:
        found = _clients.get(key)
        if found is None:
            found = _clients[key] = SolrClient(
                *key, timeout=float(getattr(settings, "ARCHIVE_SOLR_TIMEOUT", 30))
            )
        return found


def parse(text: str, tagger=None, expanded: Expansion | None = None):
    """The query tree for `text` (None for no query), entity names expanded like the Whoosh engine."""
    query = parse_query(text, _SCHEMA)
    if query is not None and tagger is not None:
        try:
            query = expand_entities(query, tagger, expanded)
        except Exception as exc:  # a query shape the expansion cannot rebuild: say so, never a 500
            raise QueryError("syntax") from exc
    return query


def with_banglish(query, solr: SolrClient, searched: dict[str, list[str]]):
    """The query with its Latin words' Bengali index terms ORed in (`searched` collects them)."""
    if query is None or not has_latin_words(query):
        return query  # a Bengali query never pays for the matcher
    matcher = matcher_for(solr)
    try:
        return expand_banglish(query, matcher, searched)
    except Exception as exc:  # a query shape the expansion cannot rebuild: say so, never a 500
        raise QueryError("syntax") from exc


def filter_queries(params: SearchParams) -> list[str]:
    """The search's filters as Solr filter queries: several values of one filter match any of them
    (as on Whoosh), different filters must all match."""
    fq = []
    for name, value in (
        ("outlet", params.outlet),
        ("topic", params.topic),
        ("entities", params.entity),
        ("sources", params.source),
        ("precision", params.precision),
        ("language", params.language),
    ):
        if value:
            fq.append(f"{{!terms f={name}}}" + ",".join(filter_values(value)))
    if params.month:
        # A year stands for every month of it, as on Whoosh.
        months = [f"month:{m}\\-*" if len(m) == 4 else f'month:"{m}"' for m in filter_values(params.month)]
        fq.append(" OR ".join(months))
    if not params.approximate:
        fq.append("-precision:approximate")
    if params.date_from or params.date_to:
        tz = timezone.get_current_timezone()
        low = high = "*"
        if params.date_from:
            low = _utc(datetime.combine(params.date_from, time.min, tzinfo=tz))
        if params.date_to:
            high = _utc(datetime.combine(params.date_to + timedelta(days=1), time.min, tzinfo=tz))
        fq.append(f"published:[{low} TO {high}}}")
    return fq


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def request_params(params: SearchParams, query) -> dict:
    try:
        q = to_solr(query, proximity_error=QueryError) if query is not None else "*:*"
    except UntranslatableQuery as exc:
        raise QueryError("syntax") from exc
    per_page = params.per_page
    solr = {
        "q": q,
        "q.op": "AND",
        "fq": filter_queries(params),
        "start": (params.page - 1) * per_page,
        "rows": per_page,
        "fl": ",".join(STORED if params.snippets else (f for f in STORED if f != "text")) + ",score",
        "sort": DATE_SORT.get(params.sort, RELEVANCE_SORT) if query is not None else DATE_SORT["newest"],
        "facet": "true",
        "facet.field": [*FACET_FIELDS, "cluster"],
        "facet.limit": -1,
        "facet.mincount": 1,
        "facet.sort": "index",
    }
    if query is None and params.sort == "oldest":
        solr["sort"] = DATE_SORT["oldest"]
    if not params.all_versions:
        solr.update(
            {"group": "true", "group.field": "story", "group.limit": 1, "group.sort": DATE_SORT["oldest"]}
        )
    return solr


def run_search(params: SearchParams, tagger=None, solr: SolrClient | None = None) -> SearchResults:
    """One page of results with facet counts; `tagger` (if given) expands entity names in the query.

    Raises QueryError for a query that cannot be searched and IndexError for a page past the last,
    like the Whoosh engine; `solr` overrides the settings' collection (tests, health checks).
    """
    result = SearchResults(params=params)
    query = parse(
        params.q, tagger if params.expand else None, Expansion(result.expanded, result.also_searched)
    )
    if params.page < 1:
        raise IndexError(params.page)
    solr = solr or client()
    if params.banglish:
        query = with_banglish(query, solr, result.banglish)
    answer = solr.select(request_params(params, query))
    if params.all_versions:
        result.total, docs = int(answer["response"]["numFound"]), answer["response"]["docs"]
    else:
        grouped = answer["grouped"]["story"]
        result.total = int(grouped["matches"])
        # A story's score is its best member's (the one that placed it), as on Whoosh.
        docs = [
            {**group["doclist"]["docs"][0], **_best_score(group["doclist"])}
            for group in grouped["groups"]
            if group["doclist"]["docs"]
        ]
    fields = answer.get("facet_counts", {}).get("facet_fields", {})
    result.facets = _facets(fields)
    flat = fields.get("cluster", [])
    versions = {int(value): int(count) for value, count in zip(flat[::2], flat[1::2], strict=True) if count}
    result.clusters = result.total - sum(versions.values()) + len(versions)
    shown = result.total if params.all_versions else result.clusters
    result.num_pages = max(1, -(-shown // params.per_page))
    if params.page > result.num_pages:
        raise IndexError(params.page)
    wanted = highlight_terms(query) if params.snippets and query is not None else None
    result.hits = [
        _hit(doc, wanted, params.snippets, query is not None and params.sort not in DATE_SORT, versions)
        for doc in docs
    ]
    if query is not None and result.total == 0:
        result.suggestion = suggestion(params.q, solr)
    return result


def _best_score(doclist: dict) -> dict:
    return {"score": doclist["maxScore"]} if "maxScore" in doclist else {}


def _facets(fields: dict) -> dict[str, list[tuple[str, int]]]:
    facets = {}
    for name in FACET_FIELDS:
        flat = fields.get(name, [])
        pairs = [(value, int(count)) for value, count in zip(flat[::2], flat[1::2], strict=True) if count]
        facets[name] = sort_facet(name, pairs)
    return facets


def _hit(doc: dict, wanted, snippets: bool, scored: bool, versions: dict | None = None) -> Hit:
    text = doc.get("text", "")
    snippet = ""
    if wanted:
        terms = wanted.terms
        if wanted.prefixes:
            terms = terms | _words_with_prefixes(text, wanted.prefixes)
        snippet = highlight(text, terms, headline=doc.get("title", ""))
    if not snippet and snippets:
        snippet = plain_snippet(doc.get("lead") or text)
    published = doc.get("published")
    return Hit(
        id=int(doc["django_id"]),
        title=doc.get("title", ""),
        path=doc.get("path", ""),
        outlet=doc.get("outlet") or "",
        topic=doc.get("topic") or "",
        published=datetime.fromisoformat(published.replace("Z", "+00:00")) if published else None,
        precision=doc.get("precision", "unknown"),
        language=doc.get("language") or "bn",
        snippet=snippet,
        score=float(doc["score"]) if scored and "score" in doc else None,
        cluster=int(doc["cluster"]) if doc.get("cluster") else None,
        versions=(versions or {}).get(int(doc["cluster"]), 1) if doc.get("cluster") else 1,
    )


def _words_with_prefixes(text: str, prefixes) -> set[str]:
    """The text's own terms that a prefix query matched (Whoosh expands prefixes over the index)."""
    prefixes = tuple(prefixes)
    found = set()
    for surface in TOKEN_RE.findall(text):
        term = term_for(surface)
        if term and term.startswith(prefixes):
            found.add(term)
    return found


def article_ids_matching(text: str, solr: SolrClient | None = None) -> set[int]:
    """Ids of indexed articles that contain `text` as a phrase (analysed like the body)."""
    from articles.bangla.analysis import analyze

    from .query import quoted

    terms = analyze(text)
    if not terms:
        return set()
    return {
        int(doc["django_id"]) for doc in _cursor(solr or client(), {"q": f"terms:{quoted(' '.join(terms))}"})
    }


def all_ids(solr: SolrClient | None = None) -> set[int]:
    """Every article id the collection holds (check_archive compares them with the database)."""
    return {int(doc["django_id"]) for doc in _cursor(solr or client(), {"q": "*:*"})}


def iter_matching_ids(params: SearchParams, tagger=None, solr: SolrClient | None = None):
    """Every matching id in the search's order (exports): the page's request without facets or
    stored text, read with a cursor; the unique key ends the sort, as cursors require."""
    query = parse(params.q, tagger if params.expand else None)
    solr = solr or client()
    if params.banglish:
        query = with_banglish(query, solr, {})
    request = request_params(replace(params, page=1, snippets=False), query)
    request = {key: request[key] for key in ("q", "q.op", "fq", "sort")}
    request["sort"] += ", id asc"
    for doc in _cursor(solr, request, rows=5000):
        yield int(doc["django_id"])


def _cursor(solr: SolrClient, request: dict, rows: int = 1000):
    """Every document a request matches (django_id only), however many, without deep paging."""
    request = {"sort": "id asc", **request, "fl": "django_id", "rows": rows}
    cursor = "*"
    while True:
        answer = solr.select({**request, "cursorMark": cursor})
        yield from answer["response"]["docs"]
        following = answer.get("nextCursorMark", cursor)
        if following == cursor:
            return
        cursor = following
