"""The Solr engine behind the search interface (articles/search/__init__.py).

A cluster that cannot answer (no node reachable, a shard without a leader) is IndexUnavailable, as a
damaged Whoosh index is: search pages say so and the rest of the site works.
"""

from __future__ import annotations

from array import array
from contextlib import contextmanager

from articles import deadline

from ..types import IndexUnavailable, Report
from . import search
from .client import SolrError, SolrUnavailable
from .limits import check_prefixes


def _unavailable(exc: SolrError) -> IndexUnavailable:
    return IndexUnavailable(f"Solr: {exc}")


@contextmanager
def _answering():
    """No node answering, or no such collection (not created yet, deleted): the index is unavailable,
    as a missing Whoosh index is; any other refusal is a bug to see, and stays a SolrError."""
    try:
        yield
    except SolrUnavailable as exc:
        raise _unavailable(exc) from exc
    except SolrError as exc:
        if exc.status == 404:
            raise _unavailable(exc) from exc
        raise


def _check_deadline(searches):
    """A request past its time budget starts no word search (as on Whoosh, whose query evaluation
    checks it); browsing without words is cheap and always answers. Then the query limits that need
    the index (a prefix standing for too many words: limits.py)."""
    if any(params.q for params in searches):
        deadline.check()
        with _answering():
            check_prefixes(searches, search.client())


def run_search(params, tagger=None):
    _check_deadline([params])
    with _answering():
        return search.run_search(params, tagger)


def matching_ids(params, tagger=None):
    """Every match in the search's order, read with a cursor (no deep paging) and ids only."""
    _check_deadline([params])
    with _answering():
        return array("q", search.iter_matching_ids(params, tagger))


def run_timeline(series, interval="", tagger=None, split="", calendar="gregorian"):
    from .timeline import run_timeline as solr_timeline

    _check_deadline(series)
    with _answering():
        return solr_timeline(series, interval, tagger, split, calendar)


def article_ids_matching(text):
    with _answering():
        return search.article_ids_matching(text)


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
    report.expected = len(published)
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
    report.compare(published, ids)
    if not health.complete:
        report.problems.append("Some replicas are down or recovering (searches still answer).")
    return report
