"""Tests that need the archive itself on SolrCloud (`make test-solr` runs them with
ARCHIVE_SEARCH_ENGINE=solr and the session's own collection: tests/solr_session.py)."""

import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def on_solr():
    if settings.ARCHIVE_SEARCH_ENGINE != "solr":
        pytest.fail("tests/on_solr run the archive on SolrCloud: run them with `make test-solr`")
