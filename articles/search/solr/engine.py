"""The Solr engine behind the search interface (articles/search/__init__.py).

A cluster that cannot answer (no node reachable, a shard without a leader) is IndexUnavailable, as a
damaged Whoosh index is: search pages say so and the rest of the site works.
"""

from __future__ import annotations

from array import array

from ..types import IndexUnavailable, Report
from . import search
from .client import SolrError, SolrUnavailable


def _unavailable(exc: SolrError) -> IndexUnavailable:
    return IndexUnavailable(f"Solr: {exc}")


def run_search(params, tagger=None):
    try:
        return search.run_search(params, tagger)
    except SolrUnavailable as exc:
        raise _unavailable(exc) from exc


def matching_ids(params, tagger=None):
    """Every match in the search's order, read with a cursor (no deep paging) and ids only."""
    try:
        return array("q", search.iter_matching_ids(params, tagger))
    except SolrUnavailable as exc:
        raise _unavailable(exc) from exc


def run_timeline(series, interval="", tagger=None, split="", calendar="gregorian"):
    from .timeline import run_timeline as solr_timeline

    try:
        return solr_timeline(series, interval, tagger, split, calendar)
    except SolrUnavailable as exc:
        raise _unavailable(exc) from exc


def article_ids_matching(text):
    try:
        return search.article_ids_matching(text)
    except SolrUnavailable as exc:
        raise _unavailable(exc) from exc


def inspect(sample=50):
    """The collection against the database: cluster health, then ids (missing, extra, pending).

    Solr's own files are its business (replicas, recovery); what the archive can repair is which
    articles the collection holds, so nothing here asks for a rebuild unless no document is readable.
    """
    from articles.indexing import pending_ids
    from articles.models import Article

    from .health import engine_health

    report = Report()
    published = set(Article.objects.indexed().values_list("pk", flat=True))
    report.published = len(published)
    report.pending = set(pending_ids())
    health = engine_health(expected=len(published))
    if not health.serving:
        report.problems = health.problems or ["The Solr collection cannot serve searches."]
        return report
    try:
        ids = search.all_ids()
    except SolrError as exc:
        report.problems.append(f"The Solr collection cannot be read ({exc}).")
        return report
    report.indexed = len(ids)
    report.missing, report.extra = published - ids, ids - published
    if report.missing:
        report.problems.append(f"{len(report.missing)} published articles are not in the index.")
    if report.extra:
        report.problems.append(f"{len(report.extra)} articles in the index are not published.")
    if report.pending:
        report.problems.append(f"{len(report.pending)} changes are waiting to be indexed.")
    if not health.complete:
        report.problems.append("Some replicas are down or recovering (searches still answer).")
    return report
