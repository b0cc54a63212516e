"""The SolrCloud foundation against a running cluster (`make test-solr` starts one with `make solr`).

Indexes invented Bengali articles as the archive will (articles/search/solr/documents.py): the text's terms
from the project's own analyzer (articles.bangla), joined by spaces, into the configset's
whitespace-tokenised `terms` field.
Then checks word and phrase search, facets and date ranges, and that with either node stopped a
search still returns every match (2 shards x 2 replicas), and that a document added during the outage
reaches the stopped node's replicas once it is back.

The tests use their own collection (created with solr_setup's code, deleted at the end), never the
archive's.
"""

import os
from datetime import datetime

import pysolr
import pytest
import requests
from django.conf import settings

from articles.bangla.analysis import analyze
from articles.search.solr.admin import SolrAdmin, setup
from articles.search.solr.documents import solr_document

from . import outages

ROOT = settings.BASE_DIR
COLLECTION = "archive_cluster_test"
NODE_URLS = [
    f"http://127.0.0.1:{port.strip()}/solr" for port in os.environ.get("SOLR_PORTS", "8983,8984").split(",")
]

# Invented articles: (id, outlet, published, text).
ARTICLES = [
    (1, "nodi-barta", "2024-02-10T06:00:00Z", "নদীর পানি বেড়েছে, নদীতে নৌকা চলছে না"),
    (2, "nodi-barta", "2024-07-01T06:00:00Z", "বর্ষায় নদীর ধারে পানি জমেছে"),
    (3, "desh-khobor", "2023-11-20T06:00:00Z", "পানি নদীর দিকে গড়িয়ে গেল"),
    (4, "desh-khobor", "2024-03-05T06:00:00Z", "নদীকে বাঁচাতে গ্রামে সভা হলো"),
    (5, "gram-bangla", "2024-01-15T06:00:00Z", "শীতের সকালে কৃষকেরা মাঠে ধান কাটছেন"),
    (6, "gram-bangla", "2024-05-20T06:00:00Z", "বাজারে ধানের দাম কমেছে এবং কৃষকেরা চিন্তিত"),
]


def document(pk, outlet, published, text):
    """What ArticleIndex.full_prepare gives for such an article, as the engine will send it."""
    when = datetime.fromisoformat(published.replace("Z", "+00:00"))
    prepared = {
        "id": f"articles.article.{pk}",
        "django_ct": "articles.article",
        "django_id": str(pk),
        "text": text,
        "title": text.split(",")[0],
        "bigrams": text,
        "outlet": outlet,
        "topic": None,
        "published": when.replace(tzinfo=None),
        "year": published[:4],
        "month": published[:7],
        "entities": [],
        "sources": [],
        "path": f"/articles/{pk}/",
        "lead": None,
        "precision": "day",
        "language": "bn",
    }
    return solr_document(prepared)


def query(words: str) -> str:
    """What the engine will send for plain words: every analysed term must match."""
    return " AND ".join(f"terms:{term}" for term in analyze(words))


def phrase(words: str) -> str:
    return 'terms:"' + " ".join(analyze(words)) + '"'


def ids(results) -> set[int]:
    return {int(doc["django_id"]) for doc in results.docs}


def control(action: str) -> str:
    return outages.control(action)  # one outage at a time on a shared cluster


@pytest.fixture(scope="module")
def admin():
    admin = SolrAdmin(NODE_URLS[0], timeout=60)
    try:
        nodes = admin.live_nodes()
    except Exception as exc:
        pytest.fail(f"no SolrCloud at {NODE_URLS[0]} ({exc}): run `make test-solr`, which starts it")
    assert len(nodes) == 2, f"the local cluster should have 2 live nodes, has {nodes}"
    return admin


@pytest.fixture(scope="module")
def collection(admin):
    if COLLECTION in admin.collections():  # left over by an interrupted run
        admin.delete_collection(COLLECTION)
    setup(
        admin,
        COLLECTION,
        ROOT / "solr" / "configset",
        configset="archive",
        shards=2,
        replicas=2,
        say=lambda m: None,
    )
    solr = pysolr.Solr(f"{NODE_URLS[0]}/{COLLECTION}", timeout=30)
    solr.add([document(*article) for article in ARTICLES], commit=True)
    yield COLLECTION
    admin.delete_collection(COLLECTION)


def client(node: int, collection: str) -> pysolr.Solr:
    return pysolr.Solr(f"{NODE_URLS[node]}/{collection}", timeout=30)


def test_documents_are_spread_over_both_shards(admin, collection):
    health = admin.health(collection)
    assert [shard.name for shard in health.shards] == ["shard1", "shard2"]
    assert all(len(shard.replicas) == 2 and shard.active == 2 for shard in health.shards)
    # Each shard's two replicas sit on different nodes.
    assert all(len(set(shard.nodes.values())) == 2 for shard in health.shards)
    solr = client(0, collection)
    per_shard = [solr.search("*:*", shards=shard.name, rows=0).hits for shard in health.shards]
    assert sum(per_shard) == len(ARTICLES)
    assert all(count > 0 for count in per_shard), per_shard


def test_word_search_finds_inflected_forms(collection):
    solr = client(0, collection)
    # নদীতে, নদীর, নদীকে all analyse to one term.
    assert ids(solr.search(query("নদীতে"))) == {1, 2, 3, 4}
    assert ids(solr.search(query("ধানের"))) == {5, 6}
    assert ids(solr.search(query("কৃষক ধান"))) == {5, 6}
    assert ids(solr.search(query("নদী ধান"))) == set()


def test_phrase_matches_adjacent_words_only(collection):
    solr = client(0, collection)
    # 1 has নদীর পানি; 2 has both words apart; 3 has them the other way round.
    assert ids(solr.search(phrase("নদীর পানি"))) == {1}
    assert ids(solr.search(phrase("পানি নদীর"))) == {3}
    # A stopword between two words is dropped and the terms renumbered, as on Whoosh.
    assert "এবং" not in " ".join(analyze("কমেছে এবং কৃষকেরা"))
    assert ids(solr.search(phrase("কমেছে এবং কৃষকেরা"))) == {6}
    assert ids(solr.search(phrase("দাম কৃষকেরা"))) == set()


def test_outlet_facets(collection):
    solr = client(0, collection)
    results = solr.search(
        query("নদী"), rows=0, facet="true", **{"facet.field": "outlet", "facet.mincount": 1}
    )
    counts = results.facets["facet_fields"]["outlet"]
    assert dict(zip(counts[::2], counts[1::2], strict=True)) == {"nodi-barta": 2, "desh-khobor": 2}


def test_date_range(collection):
    solr = client(0, collection)
    first_half = "published:[2024-01-01T00:00:00Z TO 2024-06-30T23:59:59Z]"
    assert ids(solr.search("*:*", fq=first_half, rows=20)) == {1, 4, 5, 6}
    assert ids(solr.search(query("নদী"), fq=first_half, rows=20)) == {1, 4}
    newest = solr.search("*:*", sort="published desc", rows=2)
    assert [int(doc["django_id"]) for doc in newest.docs] == [2, 6]


def complete_answers(solr):
    return {
        "all": (solr.search("*:*", rows=20).hits, ids(solr.search("*:*", rows=20))),
        "word": ids(solr.search(query("নদীতে"))),
        "phrase": ids(solr.search(phrase("নদীর পানি"))),
        "range": ids(solr.search("*:*", fq="published:[2024-01-01T00:00:00Z TO 2024-06-30T23:59:59Z]")),
    }


@pytest.mark.parametrize("stopped", [2, 1])
def test_search_is_complete_with_one_node_stopped(admin, collection, stopped):
    up = 2 - stopped  # index into NODE_URLS of the node that stays
    expected = complete_answers(client(up, collection))
    assert expected["all"] == (6, {1, 2, 3, 4, 5, 6})
    stopped_node = (
        NODE_URLS[stopped - 1].removeprefix("http://").removesuffix("/solr").replace("/", "") + "_solr"
    )
    assert f"node {stopped} stopped" in control(f"/nodes/{stopped}/stop")
    try:
        live = SolrAdmin(NODE_URLS[up], timeout=60)
        health = live.wait_until(collection, lambda h: h.serving, 60, "serving")
        assert stopped_node not in health.live_nodes
        assert not health.complete  # the stopped node's replicas are down
        solr = client(up, collection)
        # shards.tolerant is off: a missing shard would be an error, not fewer results.
        assert complete_answers(solr) == expected
        # An article added during the outage goes to the live replicas...
        solr.add([document(7, "nodi-barta", "2024-04-01T06:00:00Z", "নদীর পানি আবার বেড়েছে")], commit=True)
        assert ids(solr.search(phrase("নদীর পানি"))) == {1, 7}
    finally:
        assert f"node {stopped} started" in control(f"/nodes/{stopped}/start")
    # ...and reaches the stopped node's replicas once it is back (they recover from their leaders).
    health = admin.wait_until(collection, lambda h: h.complete, 120, "healthy")
    checked = 0
    for shard in health.shards:
        for replica, (base_url, core) in shard.cores.items():
            if shard.nodes[replica] == stopped_node:
                url = f"{base_url}/{core}/select"
                response = requests.get(url, params={"q": "*:*", "distrib": "false", "rows": 0}, timeout=30)
                leader_url, leader_core = shard.cores[shard.leader]
                leader = requests.get(
                    f"{leader_url}/{leader_core}/select",
                    params={"q": "*:*", "distrib": "false", "rows": 0},
                    timeout=30,
                )
                assert response.json()["response"]["numFound"] == leader.json()["response"]["numFound"]
                checked += 1
    assert checked == 2  # one replica of each shard lives on the node that was stopped
    solr = client(0, collection)
    assert ids(solr.search(phrase("নদীর পানি"))) == {1, 7}
    solr.delete(id="articles.article.7", commit=True)
