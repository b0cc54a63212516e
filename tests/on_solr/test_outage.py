"""The archive on SolrCloud with one of its two nodes stopped, and with no node answering.

The session's collection has 2 shards x 2 replicas, each shard's replicas on different nodes, and the
archive knows both nodes (ARCHIVE_SOLR_URL, comma-separated). With either node stopped (through the
local cluster's control port) every search page, API call, export and timeline answers exactly as
before; an import during the outage reaches the live replicas and is searchable at once, and the
stopped node's replicas catch up once it is back. With no node answering, search pages, the API,
exports and timelines say the index is unavailable (503) and the rest of the site works.
"""

import json

import pytest
import requests
from django.conf import settings
from django.urls import reverse

from articles.models import Article
from articles.search.solr.admin import SolrAdmin
from articles.search.solr.client import node_urls
from tests.solr.outages import control

pytestmark = pytest.mark.django_db


def admin(node=0):
    return SolrAdmin(node_urls(settings.ARCHIVE_SOLR_URL)[node], timeout=60)


def answers(client):
    """What readers and programs get: search pages (JSON twin), the API, exports, timelines."""
    found = {}
    for name, params in {
        "browse": {},
        "word": {"q": "সরকার"},
        "phrase": {"q": '"নির্বাচন কমিশন"'},
        "filtered": {"q": "ঢাকা OR সরকার", "sort": "newest", "approximate": "0"},
    }.items():
        page = client.get(reverse("articles:search"), {**params, "format": "json"})
        assert page.status_code == 200, (name, page.content[:300])
        body = page.json()
        found[f"page {name}"] = (body["total"], [hit["id"] for hit in body["results"]], body.get("facets"))
        html = client.get(reverse("articles:search"), params)
        assert html.status_code == 200
        # The API has no switch for approximate dates: it is asked without it.
        api_params = {k: v for k, v in params.items() if k != "approximate"}
        api = client.get("/api/v1/search/", {**api_params, "page_size": 100})
        assert api.status_code == 200, api.content[:300]
        found[f"api {name}"] = (api.json()["total"], [hit["id"] for hit in api.json()["results"]])
        export = client.get(reverse("articles:search"), {**params, "format": "jsonl"})
        assert export.status_code == 200 and export.streaming
        lines = b"".join(export.streaming_content).decode().splitlines()
        found[f"export {name}"] = [json.loads(line)["id"] for line in lines]
    timeline = client.get(
        reverse("articles:timeline"), {"q": ["সরকার", "ঢাকা"], "interval": "year", "format": "json"}
    )
    assert timeline.status_code == 200, timeline.content[:300]
    found["timeline"] = timeline.json()
    split = client.get(reverse("articles:timeline"), {"split": "outlet", "format": "csv"})
    assert split.status_code == 200
    found["timeline split"] = split.content
    return found


def wait_serving(up):
    admin(up).wait_until(settings.ARCHIVE_SOLR_COLLECTION, lambda h: h.serving, 60, "serving")


def replica_counts():
    """Documents per replica, read from each core alone: equal within a shard once caught up."""
    health = admin().wait_until(settings.ARCHIVE_SOLR_COLLECTION, lambda h: h.complete, 120, "healthy")
    counts = {}
    for shard in health.shards:
        counts[shard.name] = {
            replica: requests.get(
                f"{base}/{core}/select", params={"q": "*:*", "rows": 0, "distrib": "false"}, timeout=30
            ).json()["response"]["numFound"]
            for replica, (base, core) in shard.cores.items()
        }
    return counts


@pytest.mark.parametrize("stopped", [1, 2])
def test_pages_api_exports_and_timelines_are_complete_with_a_node_stopped(client, stopped):
    before = answers(client)
    assert before["page word"][0] > 0 and before["export word"] and before["timeline"]["series"][0]["points"]
    assert f"node {stopped} stopped" in control(f"/nodes/{stopped}/stop")
    try:
        wait_serving(2 - stopped)
        during = answers(client)
    finally:
        assert f"node {stopped} started" in control(f"/nodes/{stopped}/start")
    assert during == before
    replica_counts()


def test_an_import_during_an_outage_is_searchable_and_reaches_the_node_once_back(
    client, run_import, tmp_path
):
    records = [
        {
            "title": f"নদীভাঙনে সরকারি সহায়তা পৌঁছেছে গ্রামে {n}",
            "body": f"জেলা প্রশাসন জানিয়েছে, নদীভাঙনে ঘর হারানো {n} পরিবার সহায়তা পেয়েছে। "
            "স্থানীয় সরকার বিভাগ বলছে, বাঁধ মেরামতের কাজ শুরু হবে।",
            "outlet": "Nodir Khobor",
            "url": f"https://example.org/outage/{n}",
            "published_at": f"2025-08-{n + 1:02d}T09:00:00+06:00",
        }
        for n in range(3)
    ]
    path = tmp_path / "outage.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    word = {"q": "নদীভাঙনে", "format": "json"}
    assert client.get(reverse("articles:search"), word).json()["total"] == 0
    assert "node 2 stopped" in control("/nodes/2/stop")
    try:
        wait_serving(0)
        status, out, err = run_import(path)
        assert status == 0, (out, err)
        imported = set(Article.objects.filter(url__contains="/outage/").values_list("pk", flat=True))
        assert len(imported) == 3
        found = client.get(reverse("articles:search"), word).json()
        assert {hit["id"] for hit in found["results"]} == imported
    finally:
        assert "node 2 started" in control("/nodes/2/start")
    # Back: every replica holds the same documents as its shard's leader, the new ones included.
    for shard, counts in replica_counts().items():
        assert len(set(counts.values())) == 1, (shard, counts)
    found = client.get(reverse("articles:search"), word).json()
    assert {hit["id"] for hit in found["results"]} == imported
    assert sum(max(c.values()) for c in replica_counts().values()) == Article.objects.indexed().count()


@pytest.fixture
def no_node(settings):
    settings.ARCHIVE_SOLR_URL = "http://127.0.0.1:9/solr"  # nothing listens on the discard port
    settings.ARCHIVE_REQUEST_DEADLINE_S = 2  # the client's retries end with the request's budget
    return settings


def test_no_node_answering_is_said_and_the_rest_of_the_site_works(client, no_node):
    page = client.get(reverse("articles:search"), {"q": "সরকার"})
    assert page.status_code == 503
    assert client.get(reverse("articles:search"), {"q": "সরকার", "format": "json"}).status_code == 503
    assert client.get(reverse("articles:search"), {"q": "সরকার", "format": "csv"}).status_code == 503
    assert client.get(reverse("articles:timeline"), {"q": "সরকার", "format": "json"}).status_code == 503
    assert client.get(reverse("articles:home")).status_code == 200
    article = Article.objects.published().first()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_the_api_says_the_index_is_unavailable_when_no_node_answers(client, no_node):
    response = client.get("/api/v1/search/", {"q": "সরকার"})
    assert response.status_code == 503 and response.json()["detail"]


def test_a_collection_that_does_not_exist_is_an_unavailable_index(client, settings):
    settings.ARCHIVE_SOLR_COLLECTION = "archive_never_created"  # e.g. solr_setup not run yet
    response = client.get(reverse("articles:search"), {"q": "সরকার", "format": "json"})
    assert response.status_code == 503 and response.json()["error"]
    assert client.get(reverse("articles:timeline"), {"q": "সরকার", "format": "json"}).status_code == 503
    assert client.get(reverse("articles:home")).status_code == 200


@pytest.fixture
def unreachable_index(private_index):
    """Haystack's backend (imports, edits) pointed at a port where no Solr node answers."""
    from haystack import connections

    options = settings.HAYSTACK_CONNECTIONS["default"]
    original = options["URL"]
    options["URL"] = "http://127.0.0.1:9/solr"
    connections.reload("default")
    try:
        yield
    finally:
        options["URL"] = original
        connections.reload("default")


def test_an_import_no_node_can_take_fails_clearly_and_nothing_is_lost(client, unreachable_index, tmp_path):
    from django.core.management import CommandError, call_command

    from articles.models import PendingIndex

    records = [
        {
            "title": f"চরাঞ্চলে বন্যার পানি নামতে শুরু করেছে {n}",
            "body": f"চরাঞ্চলের {n} গ্রামে বন্যার পানি নামতে শুরু করেছে। ত্রাণ বিতরণ চলছে।",
            "outlet": "Nodir Khobor",
            "url": f"https://example.org/unreachable/{n}",
            "published_at": f"2025-09-{n + 1:02d}T09:00:00+06:00",
        }
        for n in range(2)
    ]
    path = tmp_path / "unreachable.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    with pytest.raises(
        CommandError, match="the articles are stored, but the search index could not take them"
    ):
        call_command("import_articles", str(path), "--no-progress", "--today", "2026-11-24", verbosity=0)
    stored = set(Article.objects.filter(url__contains="/unreachable/").values_list("pk", flat=True))
    assert len(stored) == 2
    assert stored <= set(PendingIndex.objects.values_list("article_id", flat=True))
    word = {"q": "চরাঞ্চলে", "format": "json"}
    assert client.get(reverse("articles:search"), word).json()["total"] == 0  # searches still answer
    # The engine answers again: ensure_index indexes what is listed.
    from haystack import connections

    settings.HAYSTACK_CONNECTIONS["default"]["URL"] = settings.ARCHIVE_SOLR_URL
    connections.reload("default")
    call_command("ensure_index", verbosity=0)
    found = client.get(reverse("articles:search"), word).json()
    assert {hit["id"] for hit in found["results"]} == stored
    assert not PendingIndex.objects.filter(article_id__in=stored).exists()
