"""The ordinary tests on SolrCloud: `make test-solr` runs the search, page, API, export and timeline
tests again with ARCHIVE_SEARCH_ENGINE=solr against the running cluster.

The session gets a fresh collection of its own (created with solr_setup's code, 2 shards x 2
replicas, deleted at the end), so the archive's collection and other developers' runs are never
touched; the bundled samples are indexed into it by the same import the Whoosh run uses
(tests/conftest.py). A test that changes the index (`private_index`) leaves the collection marked:
before the next test, once the database has rolled back, it is rebuilt from the database, as the
Whoosh run throws its private copy away.
"""

from __future__ import annotations

import os

from django.conf import settings

ROOT = settings.BASE_DIR


def active() -> bool:
    return settings.ARCHIVE_SEARCH_ENGINE == "solr"


class _State:
    collection = ""
    dirty = False


state = _State()


def start_session():
    """Point the engine and haystack at a new collection for this test run."""
    from articles.search.solr.admin import SolrAdmin, setup
    from articles.search.solr.client import node_urls

    name = f"archive_test_{os.getpid()}"
    admin = SolrAdmin(node_urls(settings.ARCHIVE_SOLR_URL)[0], timeout=60)
    if name in admin.collections():  # left over by an interrupted run with the same pid
        admin.delete_collection(name)
    setup(admin, name, ROOT / "solr/configset", configset="archive", shards=2, replicas=2, say=lambda m: None)
    state.collection = name
    settings.ARCHIVE_SOLR_COLLECTION = name
    settings.HAYSTACK_CONNECTIONS["default"]["COLLECTION"] = name


def end_session():
    from articles.search.solr.admin import SolrAdmin
    from articles.search.solr.client import node_urls

    if state.collection:
        SolrAdmin(node_urls(settings.ARCHIVE_SOLR_URL)[0], timeout=60).delete_collection(state.collection)


def rebuild_from_database():
    """The collection as the database says (after a test changed both and the database rolled back)."""
    from haystack import connections

    from articles.models import Article

    backend = connections["default"].get_backend()
    index = connections["default"].get_unified_index().get_index(Article)
    backend.clear()
    with backend.bulk(fresh=True):
        backend.update(index, index.index_queryset().order_by("pk"))
    state.dirty = False


# Tests of the Whoosh engine's own files and internals (its schema, saved facet arrays, an old index
# format): they say nothing about Solr and are left out of the Solr run (deselected, listed by -rA).
WHOOSH_ONLY = {
    "tests/test_search.py::test_stopword_only_query_is_a_query_error",
    "tests/test_search.py::test_minus_excludes_a_word_but_not_inside_a_hyphenated_word",
    "tests/test_search.py::test_facet_arrays_are_saved_per_segment_and_loaded_by_a_new_process",
    "tests/test_search_dates.py::test_an_index_with_precision_stored_only_is_rebuilt_with_the_facet",
    "tests/test_language.py::test_an_index_written_before_the_language_facet_is_rebuilt",
    # Damaged or missing Whoosh files, an empty Whoosh folder (tests/on_solr/ has a stopped node and
    # a cluster that does not answer instead).
    "tests/test_degraded.py::test_an_empty_archive_welcomes_on_every_page",
    "tests/test_degraded.py::test_a_damaged_index_leaves_the_site_up_is_reported_and_repaired",
    "tests/test_degraded.py::test_a_damaged_saved_array_file_is_read_again_from_the_index",
    "tests/test_degraded.py::test_a_missing_index_is_rebuilt",
    "tests/api/test_unavailable.py::test_a_damaged_index_is_a_503_with_a_message",
}


def deselect_whoosh_only(config, items):
    if not active():
        return
    kept, left_out = [], []
    for item in items:
        (left_out if item.nodeid.split("[")[0] in WHOOSH_ONLY else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
