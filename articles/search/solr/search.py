"""The search page's query function on SolrCloud: `run_search` with the Whoosh engine's behaviour.

Same parameters and results as articles.search.run_search (its dataclasses): the query is parsed by the
same Whoosh parser and expanded with the same entity expansion, then translated (articles/search/solr/query.py)
into one Solr request (usually) that returns the page, the total and every facet count:
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

Story clusters: unless `all_versions`, the page shows one hit per story (the cluster, or the article
itself): a story stands where its first version in the page's order would (`sort`), with that
version's (its best) score, and shows its earliest matching version (DATE_SORT["oldest"]: undated
last, then by key), as on the Whoosh engine. The stories are gathered here from the page's own
request, which reads from the first match enough rows for the page's stories and (usually) their
other versions (see _stories; what is missing is asked for). Not Solr's distributed grouping: it
costs three rounds over the shards (top groups, each group's top document, stored fields) where a
plain search with `distrib.singlePass` costs one, and it ranks with each shard's own term statistics
instead of the collection's. Not the collapse filter either: it needs every version of a cluster on
one shard, and routing documents by cluster would move an article to another shard whenever its
cluster changes. The number of stories comes from the `cluster` facet (exact on a sharded
collection, like every facet here; clusters with several matching versions only): matches minus
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
# What orders and groups a page's matches (the stored fields of a deep page's stories come after).
KEYS = "id,django_id,cluster,published,score"
_KEY_FIELDS = frozenset(KEYS.split(","))
# Up to this many rows, the shards send the stored fields with the matches (`distrib.singlePass`): one
# round over the shards instead of two; beyond, fetching every shard's rows' text would cost more.
ONE_PASS_ROWS = 100

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
    # Clusters with one matching version count as one story and show 1 version either way: only
    # those with several are needed (the rest of a large archive's clusters stay on the shards).
    solr["f.cluster.facet.mincount"] = 2
    if not params.all_versions:
        # Stories are grouped here (see _stories): the rows cover the page's stories and their copies.
        need = params.page * per_page
        solr.update(start=0, rows=need + need // 2 + 10)
    if solr["start"] + solr["rows"] <= ONE_PASS_ROWS:
        solr["distrib.singlePass"] = "true"
    if solr["sort"] != RELEVANCE_SORT:
        # Scores order nothing and are not shown: no round over the shards for the collection's
        # term statistics (the statsCache of solr/configset/solrconfig.xml).
        solr["distrib.statsCache"] = "false"
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
    request = request_params(params, query)
    if not params.all_versions and request["rows"] > ONE_PASS_ROWS:
        request["fl"] = KEYS  # a deep page: the stored fields of its stories only, once they are known
    answer = solr.select(request)
    result.total = int(answer["response"]["numFound"])
    fields = answer.get("facet_counts", {}).get("facet_fields", {})
    result.facets = _facets(fields)
    flat = fields.get("cluster", [])
    # Matching versions of each cluster that has several (any other counts 1).
    versions = {int(value): int(count) for value, count in zip(flat[::2], flat[1::2], strict=True) if count}
    result.clusters = result.total - sum(versions.values()) + len(versions)
    shown = result.total if params.all_versions else result.clusters
    result.num_pages = max(1, -(-shown // params.per_page))
    if params.page > result.num_pages:
        raise IndexError(params.page)
    if params.all_versions:
        docs = answer["response"]["docs"]
    else:
        docs = _stories(solr, request, answer["response"]["docs"], result.total, params, versions)
    wanted = highlight_terms(query) if params.snippets and query is not None else None
    result.hits = [
        _hit(doc, wanted, params.snippets, query is not None and params.sort not in DATE_SORT, versions)
        for doc in docs
    ]
    if query is not None and result.total == 0:
        result.suggestion = suggestion(params.q, solr)
    return result


def _story(doc: dict) -> str:
    return f"c{doc['cluster']}" if doc.get("cluster") else f"a{doc['django_id']}"


def _earliest(doc: dict):
    """The key of DATE_SORT["oldest"]: the version a story shows is its earliest match."""
    published = doc.get("published")
    return (0, published, int(doc["django_id"])) if published else (1, "", int(doc["django_id"]))


def _follow_up(request: dict, **changes) -> dict:
    """The page's search again for other rows (no facets): with the stored fields while the rows are
    few enough for one pass over the shards, keys only beyond."""
    follow = {k: v for k, v in request.items() if not k.startswith(("facet", "f.", "distrib.singlePass"))}
    follow.update(changes)
    if follow["rows"] > ONE_PASS_ROWS:
        follow["fl"] = KEYS
    elif follow["fl"] != KEYS:
        follow["distrib.singlePass"] = "true"
    return follow


def _stories(solr: SolrClient, request: dict, docs: list, total: int, params: SearchParams, versions) -> list:
    """The page's stories, each as its earliest matching version with its best version's score.

    Grouped here rather than by Solr's grouping, whose distributed phases (top groups, then each
    group's top document, then stored fields: three rounds over the shards) cost more than the
    search, and which scores with each shard's own term statistics. The page's request (sorted as
    the page, from the first match) holds the stories in order, each where its first version stands;
    the rows beyond the page's stories usually hold their other versions too (copies rank and date
    close to their original), and `versions` says how many there are. Whatever is missing is asked
    for: the next rows, until the page's stories are all there, then the other versions of a story
    not complete, then the stored fields of those read with keys only (a deep page's).
    """
    need, first = params.page * params.per_page, (params.page - 1) * params.per_page
    stories: dict[str, list[dict]] = {}
    seen = 0
    while True:
        for doc in docs:
            stories.setdefault(_story(doc), []).append(doc)
        seen += len(docs)
        if len(stories) >= need or seen >= total or not docs:
            break
        docs = solr.select(_follow_up(request, start=seen, rows=max(need, seen)))["response"]["docs"]
    page = list(stories.values())[first:need]
    missing = [
        members[0]["cluster"]
        for members in page
        if members[0].get("cluster") and len(members) < versions.get(int(members[0]["cluster"]), 1)
    ]
    if missing:
        others = _follow_up(
            request,
            start=0,
            rows=sum(versions.get(int(c), 1) for c in missing),
            fq=[*request["fq"], "{!terms f=cluster}" + ",".join(missing)],
        )
        for doc in solr.select(others)["response"]["docs"]:
            members = stories[_story(doc)]
            if all(m["django_id"] != doc["django_id"] for m in members):
                members.append(doc)
    # The first version in the page's order placed the story and has its best score (as Whoosh).
    shown = [(min(members, key=_earliest), members[0].get("score")) for members in page]
    wanted = [doc["django_id"] for doc, _score in shown if set(doc) <= _KEY_FIELDS]
    if wanted:
        stored = {
            doc["django_id"]: doc
            for doc in solr.select(
                {
                    "q": "*:*",
                    "fq": "{!terms f=django_id}" + ",".join(wanted),
                    "rows": len(wanted),
                    "fl": ",".join(STORED if params.snippets else (f for f in STORED if f != "text")),
                    "distrib.singlePass": "true",
                    "distrib.statsCache": "false",
                }
            )["response"]["docs"]
        }
        shown = [(stored.get(doc["django_id"], doc), score) for doc, score in shown]
    return [{**doc, "score": score} if score is not None else doc for doc, score in shown]


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
