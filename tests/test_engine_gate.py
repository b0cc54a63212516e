"""The search engine's gate (articles/engine_gate.py): one request at a time in a process's engine,
bounded waiting, pages that need no engine never queue, and a home page that never waits for it."""

import contextlib

import pytest
from django.http import HttpResponse

from articles import engine_gate
from articles.models import Article


@contextlib.contextmanager
def engine_busy():
    """Another request is in the engine (as a slow search would be, in another thread)."""
    assert engine_gate._gate.acquire(timeout=5)
    try:
        yield
    finally:
        engine_gate._gate.release()


@pytest.fixture
def short_wait(settings):
    settings.ARCHIVE_ENGINE_WAIT_S = 0.2
    settings.ARCHIVE_SEARCH_CACHE = 0  # nothing left in the result cache for other tests' searches


@pytest.mark.django_db
def test_the_home_page_shows_its_last_figures_while_the_engine_is_busy(client, short_wait):
    fresh = client.get("/")
    assert fresh.status_code == 200
    with engine_busy():
        waiting = client.get("/")
    assert waiting.status_code == 200
    assert waiting.context["total"] == fresh.context["total"] > 0


@pytest.mark.django_db
def test_a_search_waits_its_turn_and_says_so_when_none_comes(client, short_wait):
    with engine_busy():
        page = client.get("/search/", {"q": "ঢাকা"})
        data = client.get("/search/", {"q": "ঢাকা", "format": "json"})
    assert page.status_code == 503
    assert page["Retry-After"] == "5"
    assert "অন্য অনুসন্ধানে ব্যস্ত" in page.content.decode()
    assert data.status_code == 503 and data.json()["error"]
    assert client.get("/search/", {"q": "ঢাকা"}).status_code == 200  # the gate was released


@pytest.mark.django_db
def test_pages_without_the_engine_do_not_queue(client, short_wait):
    article = Article.objects.published().filter(kind="article").first()
    with engine_busy():
        assert client.get(article.get_absolute_url()).status_code == 200
        assert client.get("/admin/login/").status_code == 200


@pytest.mark.django_db
def test_a_streamed_export_takes_its_ids_in_its_turn_and_is_sent_after_it(client, short_wait):
    response = client.get("/search/", {"q": "ঢাকা", "format": "csv"})
    assert response.streaming
    assert engine_gate._gate.acquire(blocking=False)  # free while the rows are sent
    try:
        body = b"".join(response.streaming_content)
    finally:
        engine_gate._gate.release()
    assert body.startswith(b"id,") and body.count(b"\n") > 1


@pytest.mark.django_db
def test_an_export_that_first_sees_a_new_index_leaves_the_search_working(client, private_index, short_wait):
    """An export searches on a searcher of its own, closed when it ends; the facet arrays it built for
    a new index version must not keep reading through it (the soak's 503s: "seek of closed file")."""
    from articles.indexing import reindex_articles

    assert client.get("/search/", {"q": "ঢাকা"}).status_code == 200
    article = Article.objects.published().filter(kind="article").first()
    reindex_articles([article.pk])  # a new index version
    export = client.get("/search/", {"q": "সরকার", "format": "csv"})
    # Reading it to the end closes it, as a server does (the test client's wrapper; a close() of our
    # own would also send request_finished, which closes the test's database connection).
    assert b"".join(export.streaming_content).startswith(b"id,")
    assert client.get("/search/", {"q": "ঢাকা", "sort": "newest"}).status_code == 200


def test_the_solr_engine_serves_many_requests_at_once(rf, settings, short_wait):
    # Solr is a remote service that answers concurrent requests: with it the gate stands open.
    gate = engine_gate.EngineGateMiddleware(lambda request: HttpResponse("served"))
    with engine_busy():
        assert gate(rf.get("/search/")).status_code == 503
        settings.ARCHIVE_SEARCH_ENGINE = "solr"
        assert gate(rf.get("/search/")).content == b"served"
        assert engine_gate.fresh_or_latest("solr-test", lambda: 42) == 42
