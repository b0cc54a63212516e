"""The two engines over the same archive: the same matches, the same facet counts, nearly the same top 10.

The bundled samples and a few hundred articles recombined from their (invented) sentences are imported
through the real pipeline (entities, dates, the Whoosh index), then indexed into a SolrCloud collection
of their own (2 shards x 2 replicas) with the Solr engine's haystack backend. The query set is the
benchmark's (bench/queries.json) plus words, phrases, prefixes, exclusions, OR, every filter and
entity expansions; each runs through articles.search.run_search (Whoosh) and
articles.search.solr.search.run_search (Solr). Some invented articles are run again by other outlets
(exact and near copies, earlier and later), so both engines collapse the same story clusters.
"""

import json
import os
import random
import re
from datetime import date, datetime, timedelta

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.models import Article
from articles.search import QueryError, SearchParams
from articles.search import run_search as whoosh_search
from articles.search.solr.admin import SolrAdmin, setup
from articles.search.solr.backend import SolrBackend
from articles.search.solr.client import SolrClient
from articles.search.solr.health import engine_health
from articles.search.solr.search import run_search as solr_search
from articles.tagging import current_tagger

from .test_cluster import NODE_URLS, control

ROOT = settings.BASE_DIR
# Every test reads the database the corpus fixture filled (pytest-django sets it up for marked tests only).
pytestmark = pytest.mark.django_db
# Its own collection and configset per run: developers share one local cluster.
COLLECTION = f"archive_parity_{os.getpid()}"
INVENTED = 300
OUTLETS = ["BBC Bangla", "Daily Naya Diganta", "Samakal", "Jago News 24", "Nodir Khobor"]
SECTIONS = ["রাজনীতি", "স্বাস্থ্য", "অর্থনীতি", "আন্তর্জাতিক", "খেলা"]


def copies_of(records):
    """Other outlets' copies of every 7th dated article: exact or with a line added, 1-5 hours later
    (every 21st two hours earlier: the copy becomes the earliest version). Undated articles are all
    dated by the same capture time; a story standing among them would be shown by its earlier copy's
    date, so the order of equal dates (which engines may break differently) would show."""
    rng = random.Random(15)
    found = []
    for n in range(0, len(records), 7):
        original = records[n]
        if "published_at" not in original:
            continue
        outlet = rng.choice([o for o in OUTLETS if o != original["outlet"]])
        body = original["body"] + ("" if n % 2 else "\n\nসূত্র: বাসস।")
        copy = dict(original, outlet=outlet, body=body, url=f"https://example.org/parity/copy-{n}")
        hours = -2 if n % 21 == 0 else rng.randint(1, 5)
        when = datetime.fromisoformat(original["published_at"].replace("Z", "+00:00")) + timedelta(
            hours=hours
        )
        copy["published_at"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        found.append(copy)
    return found


def invented_articles(count):
    """Articles made of the samples' sentences (the samples are invented for the project)."""
    texts = [record["article"] for record in json.loads((ROOT / "samples/json/articles.json").read_text())]
    texts += [
        json.loads(line)["body"]
        for line in (ROOT / "samples/json/more.jsonl").read_text().splitlines()
        if line
    ]
    sentences = sorted({s.strip() for text in texts for s in re.split(r"[।\n]", text) if len(s.strip()) > 20})
    rng = random.Random(14)
    records = []
    for n in range(count):
        body = "। ".join(rng.sample(sentences, rng.randint(3, 8))) + "।"
        record = {
            "title": rng.choice(sentences)[:70],
            "body": body,
            "outlet": rng.choice(OUTLETS),
            "section": rng.choice(SECTIONS),
            "url": f"https://example.org/parity/{n}",
        }
        if n % 25:  # every 25th article has no date at all
            record["published_at"] = (
                f"{rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z"
            )
        records.append(record)
    return records


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker, tmp_path_factory):
    """Samples + invented articles in the database and the Whoosh index; the same in a Solr collection."""
    folder = tmp_path_factory.mktemp("parity")
    path = folder / "invented.jsonl"
    records = invented_articles(INVENTED)
    # One import: its articles are indexed in one batch, in key order, the copies' originals included
    # (a later import would reindex them, which Whoosh appends, and equal scores would order
    # differently from Solr's key order).
    records += copies_of(records)
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    # A configset of its own: the shared `archive` keeps the schema its own checkout set up.
    admin = fresh_collection(COLLECTION, configset=COLLECTION)
    with django_db_blocker.unblock():
        call_command("import_articles", str(path), "--no-progress", "--today", "2026-11-24", verbosity=0)

        backend = SolrBackend("parity", URL=",".join(NODE_URLS), COLLECTION=COLLECTION)
        call_rebuild(backend)
        tagger = current_tagger()
        count = Article.objects.indexed().count()
        yield {"backend": backend, "tagger": tagger, "count": count}
        admin.delete_collection(COLLECTION)
        admin._admin("/admin/configs", action="DELETE", name=COLLECTION)


def fresh_collection(name, configset):
    """A new collection `name` of 2 shards x 2 replicas (one left by an earlier run is deleted)."""
    admin = SolrAdmin(NODE_URLS[0], timeout=60)
    if name in admin.collections():
        admin.delete_collection(name)
    setup(admin, name, ROOT / "solr/configset", configset=configset, shards=2, replicas=2, say=lambda m: None)
    return admin


def call_rebuild(backend):
    from haystack import connections

    index = connections["default"].get_unified_index().get_index(Article)
    backend.clear()
    articles = list(index.index_queryset().order_by("pk"))
    with backend.bulk(fresh=True):
        for start in range(0, len(articles), 100):
            backend.update(index, articles[start : start + 100])


def bench_queries():
    spec = json.loads((ROOT / "bench/queries.json").read_text("utf-8"))
    found = []
    for entry in spec["queries"]:
        params = dict(entry["params"])
        for name in ("date_from", "date_to"):
            if name in params:
                params[name] = date.fromisoformat(params[name])
        found.append((entry["id"], params))
    return found


OWN_QUERIES = [
    ("word", {"q": "নির্বাচন"}),
    ("inflected", {"q": "নির্বাচনের"}),
    ("two-words", {"q": "নির্বাচন কমিশন"}),
    ("phrase", {"q": '"নির্বাচন কমিশন"'}),
    ("phrase-3", {"q": '"উপজেলা পরিষদ নির্বাচনের"'}),
    ("phrase-stopword", {"q": '"ইরানের সঙ্গে আলোচনা"'}),
    ("prefix", {"q": "নির্বা*"}),
    ("prefix-and-word", {"q": "সীমা* আলোচনা"}),
    ("exclude", {"q": "নির্বাচন -উপজেলা"}),
    ("or", {"q": "চীন OR ভারত"}),
    ("or-exclude", {"q": "(চীন OR ভারত) -সীমান্ত"}),
    ("not", {"q": "NOT নির্বাচন"}),
    ("and-not", {"q": "পুলিশ AND NOT ভোট"}),
    ("latin", {"q": "Iran"}),
    # Banglish: Latin words also search their Bengali index terms (on both engines, from their own
    # vocabulary: the same terms).
    ("banglish-word", {"q": "nirbachon"}),
    ("banglish-two", {"q": "sorkar hashpatal"}),
    ("banglish-mixed", {"q": "nirbachon কমিশন"}),
    ("banglish-phrase", {"q": '"nirbachon commission"'}),
    ("banglish-compound", {"q": "prodhan mantri"}),
    ("banglish-english", {"q": "police dhaka"}),
    ("entity-bn", {"q": "ইরান"}),
    ("entity-phrase", {"q": '"নির্বাচন কমিশন" ইসি'}),
    ("number", {"q": "১৫৬"}),
    ("no-match", {"q": "কোয়ান্টামকম্পিউটার"}),
    ("browse", {}),
    ("browse-oldest", {"sort": "oldest"}),
    ("newest-word", {"q": "সরকার", "sort": "newest"}),
    ("oldest-word", {"q": "সরকার", "sort": "oldest"}),
    ("year", {"q": "সরকার", "month": "2024"}),
    ("date-range", {"date_from": date(2022, 1, 1), "date_to": date(2023, 6, 30)}),
    ("date-from-only", {"q": "হাসপাতাল", "date_from": date(2024, 3, 1)}),
    ("date-to-only", {"date_to": date(2021, 12, 31)}),
]


def facet_queries(browse):
    """One filtered search per facet value of the whole archive (every outlet, topic, month ...)."""
    names = {
        "outlet": "outlet",
        "topic": "topic",
        "month": "month",
        "entities": "entity",
        "sources": "source",
    }
    found = []
    for facet, param in names.items():
        for value, _count in browse.facets[facet][:8]:
            found.append((f"{param}={value}", {param: value}))
            found.append((f"{param}={value}+word", {param: value, "q": "সরকার OR পুলিশ"}))
    return found


def solr_client():
    return SolrClient(NODE_URLS, COLLECTION)


def both(params, tagger, **extra):
    results = []
    searches = (whoosh_search, lambda p, tagger: solr_search(p, tagger=tagger, solr=solr_client()))
    for search in searches:
        try:
            results.append(search(SearchParams(**params, **extra), tagger=tagger))
        except QueryError as exc:
            results.append(("QueryError", str(exc)))
    return results


def banglish_settings(params):
    """Banglish (on by default) and off, for a query with Latin letters; a Bengali one never differs."""
    latin = any("a" <= ch.lower() <= "z" for ch in params.get("q", ""))
    return ({}, {"banglish": False}) if latin else ({},)


def test_collection_holds_every_indexed_article(corpus):
    backend = corpus["backend"]
    assert backend.client.count() == corpus["count"] >= INVENTED
    health = engine_health(",".join(NODE_URLS), COLLECTION)
    assert health.ok, health.describe()
    assert health.indexed == health.expected == corpus["count"]
    assert len(health.live_nodes) == 2 and health.complete


def test_same_matches_facets_and_top_ten(corpus):
    tagger = corpus["tagger"]
    browse = whoosh_search(SearchParams(per_page=1))
    queries = bench_queries() + OWN_QUERIES + facet_queries(browse)
    mismatches, overlaps, tie_aware, nonempty = [], [], [], 0
    searches = [(name, {**params, **b}) for name, params in queries for b in banglish_settings(params)]
    banglish_added = 0
    for name, params in searches:
        for expand in (None, tagger):
            whoosh, solr = both(params, expand, per_page=2000, snippets=False)
            if isinstance(whoosh, tuple) or isinstance(solr, tuple):
                if whoosh != solr:
                    mismatches.append((name, "error", whoosh, solr))
                continue
            if {h.id for h in whoosh.hits} != {h.id for h in solr.hits} or whoosh.total != solr.total:
                mismatches.append((name, "matches", whoosh.total, solr.total))
            # One hit per story on both: the same stories, each shown by the same version.
            if whoosh.clusters != solr.clusters or {(h.id, h.cluster, h.versions) for h in whoosh.hits} != {
                (h.id, h.cluster, h.versions) for h in solr.hits
            }:
                mismatches.append((name, "stories", whoosh.clusters, solr.clusters))
            # Every article from here on: the ranking of each, copies included.
            whoosh, solr = both(params, expand, per_page=2000, snippets=False, all_versions=True)
            if {h.id for h in whoosh.hits} != {h.id for h in solr.hits}:
                mismatches.append((name, "every version", whoosh.total, solr.total))
            if whoosh.facets != solr.facets:
                mismatches.append(
                    (
                        name,
                        "facets",
                        {
                            k: (v, solr.facets.get(k))
                            for k, v in whoosh.facets.items()
                            if v != solr.facets.get(k)
                        },
                    )
                )
            if whoosh.expanded != solr.expanded:
                mismatches.append((name, "expanded", whoosh.expanded, solr.expanded))
            if whoosh.banglish != solr.banglish:
                mismatches.append((name, "banglish", whoosh.banglish, solr.banglish))
            banglish_added += bool(solr.banglish)
            if whoosh.suggestion != solr.suggestion:
                mismatches.append((name, "suggestion", whoosh.suggestion, solr.suggestion))
            nonempty += bool(whoosh.total)
            if params.get("sort") in ("newest", "oldest") or not params.get("q"):
                # Date order: the same dates in the same order (equal dates may swap places).
                if [h.published for h in whoosh.hits] != [h.published for h in solr.hits]:
                    mismatches.append((name, "date order", None, None))
            elif whoosh.total:
                top_whoosh, top_solr = whoosh.hits[:10], solr.hits[:10]
                overlap = len({h.id for h in top_whoosh} & {h.id for h in top_solr}) / len(top_whoosh)
                overlaps.append((overlap, name))
                # Equal scores are equally relevant: Whoosh orders them by its internal document
                # numbers. Counted up to ties, a Solr hit is in the top 10 if Whoosh scores it at
                # least as high as its own tenth.
                whoosh_score = {h.id: h.score for h in whoosh.hits}
                tenth = top_whoosh[-1].score
                tied = sum(whoosh_score[h.id] >= tenth - 1e-9 for h in top_solr) / len(top_whoosh)
                tie_aware.append((tied, name))
    assert len(queries) >= 60 and nonempty >= 80
    assert not mismatches, mismatches[:5]
    assert banglish_added >= 8  # the Banglish queries did search Bengali terms
    mean = sum(o for o, _ in overlaps) / len(overlaps)
    mean_tied = sum(o for o, _ in tie_aware) / len(tie_aware)
    print(
        f"\nparity: {len(searches)} queries x (plain, entity expansion) = {len(searches) * 2} searches, "
        f"{nonempty} with matches, 0 mismatches; top-10 overlap mean {mean:.3f} (lowest {sorted(overlaps)[:3]}), "
        f"counted up to ties {mean_tied:.3f} (lowest {sorted(tie_aware)[:3]})"
    )
    assert mean >= 0.9, sorted(overlaps)[:5]
    assert mean_tied >= 0.95 and min(tie_aware)[0] >= 0.7, sorted(tie_aware)[:5]


def test_both_engines_collapse_the_same_stories_page_by_page(corpus):
    clustered = Article.objects.indexed().filter(cluster__isnull=False)
    assert clustered.count() >= 60 and clustered.values("cluster").distinct().count() >= 25
    searches = [
        {},
        {"sort": "oldest"},
        {"q": "সরকার OR পুলিশ OR নির্বাচন", "sort": "newest"},
        {"q": "সরকার OR পুলিশ OR নির্বাচন", "sort": "oldest"},
        {"q": "সরকার OR পুলিশ OR নির্বাচন"},
    ]
    outlets = [value for value, _n in whoosh_search(SearchParams(per_page=1)).facets["outlet"][:2]]
    searches.append({"outlet": tuple(outlets), "sort": "newest"})
    for params in searches:
        whoosh, solr = both(params, None, per_page=2000, snippets=False)
        assert whoosh.total == solr.total and whoosh.clusters == solr.clusters < whoosh.total, params
        assert whoosh.num_pages == solr.num_pages
        stories = [(h.id, h.cluster, h.versions) for h in whoosh.hits]
        assert len(stories) == whoosh.clusters and any(v > 1 for _i, _c, v in stories)
        assert {(h.id, h.cluster, h.versions) for h in solr.hits} == set(stories), params
        if params.get("sort") in ("newest", "oldest") or not params.get("q"):
            # The same dates in the same order (articles of equal dates may swap places).
            assert [(h.published, h.versions) for h in solr.hits] == [
                (h.published, h.versions) for h in whoosh.hits
            ], params
        # Pages of 9 stories: every story once, on both engines, in the same number of pages.
        seen = {"whoosh": [], "solr": []}
        pages = -(-whoosh.clusters // 9)
        for page in range(1, pages + 1):
            small = dict(params, per_page=9, page=page, snippets=False)
            w, o = both(small, None)
            assert w.num_pages == o.num_pages == pages
            seen["whoosh"] += [h.id for h in w.hits]
            seen["solr"] += [h.id for h in o.hits]
        everyone = sorted(i for i, _c, _v in stories)
        assert sorted(seen["whoosh"]) == everyone, (params, set(everyone) ^ set(seen["whoosh"]))
        assert sorted(seen["solr"]) == everyone, (
            params,
            set(everyone) ^ set(seen["solr"]),
            len(seen["solr"]),
        )
        # Every version: each copy a hit of its own, with its cluster.
        whoosh, solr = both(params, None, per_page=2000, snippets=False, all_versions=True)
        assert len(solr.hits) == solr.total == whoosh.total
        assert {(h.id, h.cluster) for h in solr.hits} == {(h.id, h.cluster) for h in whoosh.hits}


def test_pages_snippets_and_last_page(corpus):
    params = {"q": "নির্বাচন", "per_page": 7}
    whoosh, solr = both(params, None)
    assert solr.total == whoosh.total and solr.num_pages == whoosh.num_pages >= 2
    seen = []
    everything = whoosh_search(SearchParams(q="নির্বাচন", per_page=500))
    snippets = {h.id: h.snippet for h in everything.hits}
    for page in range(1, solr.num_pages + 1):
        result = solr_search(SearchParams(**params, page=page), solr=solr_client())
        seen += [h.id for h in result.hits]
        # The same snippet as Whoosh's: marked in the body, or (a match only in the headline) the lead.
        assert {h.id: h.snippet for h in result.hits} == {h.id: snippets[h.id] for h in result.hits}
        assert any("<mark>" in h.snippet for h in result.hits)
    assert sorted(seen) == sorted(snippets)
    with pytest.raises(IndexError):
        solr_search(SearchParams(**params, page=solr.num_pages + 1), solr=solr_client())
    # A prefix marks the words it matched, as on Whoosh.
    whoosh, solr = both({"q": "নির্বা*", "per_page": 500}, None)
    by_id = {h.id: h.snippet for h in whoosh.hits}
    assert {h.id: h.snippet for h in solr.hits if h.id in by_id} == {
        h.id: by_id[h.id] for h in solr.hits if h.id in by_id
    }
    assert any("<mark>" in h.snippet for h in solr.hits)  # a match only in a headline shows the lead


def test_bad_queries_give_the_same_message(corpus):
    for text in ('"নির্বাচন কমিশন"~3', "x" * 501, "-নির্বাচন", "এবং"):
        whoosh, solr = both({"q": text}, None)
        assert isinstance(whoosh, tuple) and whoosh == solr


def test_updates_and_removals_are_visible_at_once(corpus):
    backend = corpus["backend"]
    from haystack import connections

    index = connections["default"].get_unified_index().get_index(Article)
    article = Article.objects.published().order_by("pk").first()
    backend.remove(article)
    every = SearchParams(per_page=5000, all_versions=True)
    found = {h.id for h in solr_search(every, solr=backend.client).hits}
    assert article.pk not in found and len(found) == corpus["count"] - 1
    backend.update(index, [article])
    found = {h.id for h in solr_search(every, solr=backend.client).hits}
    assert article.pk in found and len(found) == corpus["count"]


def test_rebuild_indexes_every_article_again(corpus):
    from articles.search.solr.rebuild import rebuild

    backend = corpus["backend"]
    before = solr_search(SearchParams(q="সরকার", per_page=2000), solr=backend.client)
    done = rebuild(backend, index_of_articles(), procs=2, batch_size=64)
    assert done.documents == backend.client.count() == corpus["count"]
    after = solr_search(SearchParams(q="সরকার", per_page=2000), solr=backend.client)
    assert (after.total, {h.id for h in after.hits}, after.facets) == (
        before.total,
        {h.id for h in before.hits},
        before.facets,
    )


def test_rebuild_documents_from_rows_are_the_index_definitions(corpus):
    """The rebuild's documents (read as rows, articles/search/solr/documents.py Rows) are what
    full_prepare makes of every article; a changed definition is noticed and followed."""
    from articles.search.solr.rebuild import _Documents

    backend, index = corpus["backend"], index_of_articles()
    keys = list(index.index_queryset().order_by("pk").values_list("pk", flat=True))
    documents = _Documents(index, backend)
    rows = documents.run(keys[0], keys[-1])
    assert documents.fast
    assert rows == backend.documents(index, index.index_queryset().order_by("pk"))

    class Changed(type(index)):
        def prepare_lead(self, obj):
            return "changed"

    changed = _Documents(Changed(), backend)
    with pytest.warns(UserWarning, match="lead"):
        assert {d["lead"] for d in changed.run(keys[0], keys[-1])} == {"changed"}
    assert not changed.fast


def test_rebuild_sends_each_document_to_its_shard(corpus):
    """The rebuild's shard of each id (Solr's compositeId hash) is the shard Solr keeps it on."""
    from articles.search.solr.rebuild import Shards

    client = corpus["backend"].client
    shards = Shards.of(client)
    assert len(shards.clients) == 2
    answer = client.select({"q": "*:*", "rows": 5000, "fl": "id,[shard]"})["response"]["docs"]
    status = client.request_root(
        "/admin/collections", {"action": "CLUSTERSTATUS", "collection": client.collection}
    )
    by_range = {
        tuple(int(end, 16) for end in shard["range"].split("-")): name
        for name, shard in status["cluster"]["collections"][client.collection]["shards"].items()
    }
    for (low, high), part in zip(shards.ranges, shards.split(answer), strict=True):
        expected = by_range[(low % 2**32, high % 2**32)]
        assert part and {re.search(r"shard\d+", doc["[shard]"]).group() for doc in part} == {expected}


def test_search_complete_through_the_surviving_node(corpus):
    """Node 1 (the first URL) stopped: the client fails over to node 2, results are complete."""
    tagger = corpus["tagger"]
    client = corpus["backend"].client
    queries = [p for _n, p in OWN_QUERIES]
    before = [solr_search(SearchParams(**p, per_page=2000), tagger=tagger, solr=client) for p in queries]
    assert "node 1 stopped" in control("/nodes/1/stop")
    try:
        SolrAdmin(NODE_URLS[1]).wait_until(COLLECTION, lambda h: h.serving, 60, "serving")
        health = engine_health(",".join(NODE_URLS), COLLECTION, expected=corpus["count"])
        assert health.url == NODE_URLS[1] and not health.complete and health.serving
        assert health.indexed == corpus["count"]
        assert any("replicas are down" in p for p in health.problems)
        during = [solr_search(SearchParams(**p, per_page=2000), tagger=tagger, solr=client) for p in queries]
        assert client.urls[client._preferred] == NODE_URLS[1]
        # An edit during the outage reaches the live replicas and is visible at once.
        backend = corpus["backend"]
        article = Article.objects.published().order_by("-pk").first()
        backend.remove(article)
        assert client.count() == corpus["count"] - 1
        backend.update(index_of_articles(), [article])
        assert client.count() == corpus["count"]
    finally:
        assert "node 1 started" in control("/nodes/1/start")
    for params, a, b in zip(queries, before, during, strict=True):
        assert (a.total, {h.id for h in a.hits}, a.facets) == (b.total, {h.id for h in b.hits}, b.facets)
        if params.get("sort") in ("newest", "oldest") or not params.get("q"):
            assert [h.id for h in a.hits] == [h.id for h in b.hits]
        # Relevance order may differ by a hair: replicas of a shard count deleted documents in their
        # term statistics until segments merge, each on its own schedule.
    # The stopped node's replicas catch up from their leaders once it is back.
    health = SolrAdmin(NODE_URLS[0]).wait_until(COLLECTION, lambda h: h.complete, 120, "healthy")
    for shard in health.shards:
        counts = {
            replica: SolrClient([base], core).select({"q": "*:*", "rows": 0, "distrib": "false"})["response"][
                "numFound"
            ]
            for replica, (base, core) in shard.cores.items()
        }
        assert len(set(counts.values())) == 1, counts


def index_of_articles():
    from haystack import connections

    return connections["default"].get_unified_index().get_index(Article)


def test_phrase_ids_as_on_whoosh(corpus):
    from articles.search import article_ids_matching as whoosh_ids
    from articles.search.solr.search import article_ids_matching as solr_ids

    for text in ("নির্বাচন কমিশন", "সরকার", "ইরানের সঙ্গে আলোচনা", "কোয়ান্টামকম্পিউটার"):
        assert solr_ids(text, solr=solr_client()) == whoosh_ids(text), text
    assert len(solr_ids("সরকার", solr=solr_client())) > 20


def misspellings(terms, count, rng):
    """Words one or two edits from index terms, the first letter kept (as readers mistype)."""
    letters = sorted({ch for term in terms for ch in term[1:]})
    found = []
    for term in rng.sample(terms, count):
        word = term
        for _ in range(rng.choice((1, 1, 2))):
            i = rng.randrange(1, len(word))
            edit = rng.choice(("delete", "substitute", "insert", "swap"))
            if edit == "delete" and len(word) > 2:
                word = word[:i] + word[i + 1 :]
            elif edit == "substitute":
                word = word[:i] + rng.choice(letters) + word[i + 1 :]
            elif edit == "swap" and i + 1 < len(word):
                word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            else:
                word = word[:i] + rng.choice(letters) + word[i:]
        found.append(word)
    return found


def test_did_you_mean_as_on_whoosh(corpus):
    """The same suggestion on both engines: misspelt index words, alone and among known words, and the
    limits (a word too long, too many unknown words) that give none."""
    from articles.search.solr.vocabulary import vocabulary

    rng = random.Random(14)
    bengali = sorted(t for t, _df in vocabulary(solr_client()) if re.match("[\u0980-\u09ff]{4,}$", t))
    latin = sorted(t for t, _df in vocabulary(solr_client()) if re.match("[a-z]{4,}$", t))
    typed = (
        misspellings(bengali, 40, rng) + misspellings(latin, 5, rng)
        if latin
        else misspellings(bengali, 45, rng)
    )
    queries = typed + [
        f"সরকার {typed[0]}",
        f"{typed[1]} নির্বাচন {typed[2]}",
        " ".join(typed[:6]),  # six unknown words: no suggestion
        "ক" + "খগঘ" * 9,  # longer than any word looked up
        "নির্বাচন",  # found: nothing to suggest
    ]
    suggested, mismatches = 0, []
    for text in queries:
        whoosh, solr = both({"q": text, "banglish": False}, None, per_page=5, snippets=False)
        if isinstance(whoosh, tuple) or isinstance(solr, tuple):
            assert whoosh == solr, text
            continue
        if whoosh.suggestion != solr.suggestion:
            mismatches.append((text, whoosh.suggestion, solr.suggestion))
        suggested += bool(solr.suggestion)
    assert not mismatches, mismatches
    assert suggested >= 20, suggested
    six = both({"q": " ".join(typed[:6])}, None, per_page=5)
    assert six[0].total == 0 and six[1].suggestion == ""
    # A known word in a search that a filter empties: nothing is misspelt, nothing is suggested.
    empty = both({"q": "নির্বাচন", "outlet": "no-such-outlet"}, None, per_page=5)
    assert empty[1].total == 0 and empty[0].suggestion == empty[1].suggestion == ""


def test_banglish_follows_the_collections_vocabulary(corpus, monkeypatch):
    """The matcher is rebuilt when the collection changes: a new Bengali word becomes a candidate."""
    from articles.search.solr import vocabulary

    monkeypatch.setattr(vocabulary, "VERSION_CHECK_S", 0.0)  # read the version on every query
    client = solr_client()
    before = solr_search(SearchParams(q="soikot", per_page=500), solr=client)
    assert "সৈকত" not in before.banglish.get("soikot", [])
    extra = {
        "id": "articles.article.999999",
        "django_ct": "articles.article",
        "django_id": "999999",
        "terms": "সৈকত ভ্রমণ",
        "text": "সৈকতে ভ্রমণ",
        "title": "সৈকতে ভ্রমণ",
    }
    client.add([extra])
    client.commit()
    try:
        found = solr_search(SearchParams(q="soikot", per_page=500), solr=client)
        # The exact reading is now a term of the collection: it alone is searched (the others were
        # near misses, below it by more than the matcher's margin).
        assert found.banglish == {"soikot": ["সৈকত"]}
        assert [h.id for h in found.hits] == [999999]
    finally:
        client.delete(ids=[extra["id"]])
        client.commit()
    after = solr_search(SearchParams(q="soikot", per_page=500), solr=client)
    assert 999999 not in {h.id for h in after.hits}
