"""Timelines on both engines over the same archive: identical TimelineCounts, point for point.

The samples and a few hundred invented articles (test_parity's recombined sentences, some dated only
by their capture time, some undated, a few in English) are imported through the real pipeline into
the Whoosh index, and indexed into a SolrCloud collection of their own (2 shards x 2 replicas). Each
timeline runs through the Whoosh engine (articles.search.run_timeline) and the Solr engine
(articles/search/solr/timeline.py): several searches, outlet and entity splits, every interval, both
calendars, date ranges, filters and the approximate switch.
"""

import json
import os
import random
from datetime import date

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.models import Article
from articles.search import SearchParams
from articles.search import run_timeline as whoosh_timeline
from articles.search.solr.backend import SolrBackend
from articles.search.solr.client import SolrClient
from articles.search.solr.timeline import run_timeline as solr_timeline
from articles.tagging import current_tagger

from .test_cluster import NODE_URLS
from .test_parity import INVENTED, call_rebuild, fresh_collection, invented_articles

ROOT = settings.BASE_DIR
pytestmark = pytest.mark.django_db
# Of this run's own: test runs of several checkouts may share one local cluster.
COLLECTION = f"archive_timeline_test_{os.getpid()}"
ENGLISH = (
    "the election commission met party leaders in dhaka on monday while flood water rose along river "
    "farmers moved their cattle government announced new budget for hospitals schools roads bridges "
    "police said traders markets prices rice onion fuel students teachers exams ministers port ships"
).split()


def timeline_articles():
    """More of test_parity's invented articles (their own URLs), every 7th dated only by its capture time, a
    few in English."""
    # Past test_parity's own (the same generator): its articles may be in the database already, and
    # the same texts again would be imported as copies of them.
    records = invented_articles(INVENTED + 240)[INVENTED:]
    rng = random.Random(12)
    for n, record in enumerate(records):
        record["url"] = record["url"].replace("/parity/", "/timeline/")
        if n % 7 == 3 and "published_at" in record:
            record["scraped_at"] = record.pop("published_at")
        if n % 11 == 5:
            words = [rng.choice(ENGLISH) for _ in range(80)]
            record["title"] = " ".join(words[:8]).capitalize()
            record["body"] = (
                ". ".join(" ".join(words[i : i + 10]).capitalize() for i in range(0, 80, 10)) + "."
            )
    return records


def make_undated(count):
    """Articles whose date was taken away (as a curator does for a wrong one), reindexed in Whoosh."""
    from haystack import connections

    chosen = list(Article.objects.published().filter(url__contains="/timeline/").order_by("pk")[:count])
    Article.objects.filter(pk__in=[a.pk for a in chosen]).update(published_at=None, date_precision="unknown")
    index = connections["default"].get_unified_index().get_index(Article)
    connections["default"].get_backend().update(index, Article.objects.filter(pk__in=[a.pk for a in chosen]))


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker, tmp_path_factory):
    path = tmp_path_factory.mktemp("timeline") / "invented.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in timeline_articles()), "utf-8")
    admin = fresh_collection(COLLECTION, configset="archive")
    with django_db_blocker.unblock():
        call_command("import_articles", str(path), "--no-progress", "--today", "2026-11-24", verbosity=0)
        make_undated(8)
        backend = SolrBackend("timeline", URL=",".join(NODE_URLS), COLLECTION=COLLECTION)
        call_rebuild(backend)
        published = Article.objects.published()
        yield {
            "tagger": current_tagger(),
            "approximate": published.filter(date_precision="approximate").count(),
            "english": published.filter(language="en").count(),
            "undated": published.filter(published_at__isnull=True).count(),
        }
    admin.delete_collection(COLLECTION)


def both(series, **options):
    tagger = options.pop("tagger", None)
    series = [SearchParams(per_page=1, **params) for params in series]
    whoosh = whoosh_timeline(series, tagger=tagger, **options)
    solr = solr_timeline(series, tagger=tagger, solr=SolrClient(NODE_URLS, COLLECTION), **options)
    return whoosh, solr


CASES = [
    ("browse, automatic interval", [{}], {}),
    ("one word, months", [{"q": "সরকার"}], {"interval": "month"}),
    ("one word, Bangla months", [{"q": "সরকার"}], {"interval": "month", "calendar": "bangla"}),
    ("browse, Bangla years", [{}], {"interval": "year", "calendar": "bangla"}),
    (
        "three searches, years",
        [{"q": "নির্বাচন"}, {"q": "পুলিশ"}, {"q": '"নির্বাচন কমিশন"'}],
        {"interval": "year"},
    ),
    ("two searches, automatic", [{"q": "হাসপাতাল"}, {"q": "চীন OR ভারত"}], {}),
    ("split by outlet", [{"q": "সরকার OR পুলিশ"}], {"split": "outlet"}),
    ("split by outlet, Bangla months", [{}], {"split": "outlet", "interval": "month", "calendar": "bangla"}),
    ("split by entity", [{}], {"split": "entity"}),
    ("split by entity, one outlet", [{"outlet": "samakal"}], {"split": "entity", "interval": "year"}),
    ("two outlets (the share's denominator)", [{"outlet": ("samakal", "bdnews24")}], {"interval": "year"}),
    (
        "days of a date range",
        [{"date_from": date(2024, 2, 20), "date_to": date(2024, 4, 10)}],
        {"interval": "day"},
    ),
    (
        "weeks, two ranges",
        [
            {"q": "সরকার", "date_from": date(2023, 1, 1), "date_to": date(2023, 5, 31)},
            {"date_from": date(2023, 3, 1), "date_to": date(2023, 6, 30)},
        ],
        {},
    ),
    ("one range given, one not", [{"date_from": date(2024, 1, 1)}, {"q": "পুলিশ"}], {"interval": "month"}),
    (
        "split by outlet within dates",
        [{"date_from": date(2021, 1, 1), "date_to": date(2022, 12, 31)}],
        {"split": "outlet", "interval": "week"},
    ),
    ("approximate left out", [{"q": "সরকার", "approximate": False}], {"interval": "year"}),
    ("approximate only", [{"precision": "approximate"}], {"interval": "month"}),
    ("one outlet, English", [{"outlet": "bbc-bangla", "language": "en"}], {"interval": "year"}),
    (
        "Bengali only, split",
        [{"language": "bn", "approximate": False}],
        {"split": "outlet", "interval": "year"},
    ),
    ("a topic and a month", [{"topic": "খেলা", "month": "2024"}], {}),
    ("no match", [{"q": "কোয়ান্টামকম্পিউটার"}], {}),
    ("no match, split", [{"q": "কোয়ান্টামকম্পিউটার"}], {"split": "entity"}),
    ("prefix and exclusion", [{"q": "নির্বা* -উপজেলা"}], {"interval": "year"}),
    ("Banglish words", [{"q": "sorkar"}, {"q": "hasopatal"}], {"interval": "year"}),
    ("a day without articles", [{"date_from": date(2000, 1, 1), "date_to": date(2000, 1, 1)}], {}),
    (
        "a day without articles, approximate left out",
        [{"date_from": date(2000, 1, 1), "date_to": date(2000, 1, 1), "approximate": False}],
        {"interval": "day"},
    ),
]


@pytest.mark.parametrize(("name", "series", "options"), CASES, ids=[c[0] for c in CASES])
def test_same_timeline_on_both_engines(archive, name, series, options):
    whoosh, solr = both(series, **options)
    assert solr == whoosh
    # Every case draws something: a search without matches an empty series, unless it is split.
    assert whoosh.series or (options.get("split") and "কোয়ান্টাম" in series[0]["q"])


def test_cases_cover_what_can_differ(archive):
    # The corpus has what the cases need: approximate, English and undated articles.
    assert archive["approximate"] >= 20 and archive["english"] >= 10 and archive["undated"] >= 5
    whoosh, solr = both([{}], split="outlet", interval="month")
    assert solr == whoosh
    assert len(whoosh.series) == 6 and whoosh.series[-1].label == "" and whoosh.series[-1].others_than
    assert any(p.approximate for s in whoosh.series for p in s.points)
    assert sum(s.undated for s in whoosh.series) == archive["undated"]
    whoosh, solr = both([{}], split="entity")
    assert solr == whoosh and len(whoosh.series) == 6


def test_entity_expansion_counts_alike(archive):
    tagger = archive["tagger"]
    series = [{"q": "ইরান"}, {"q": "Iran"}, {"q": '"নির্বাচন কমিশন" ইসি'}]
    whoosh, solr = both(series, interval="year", tagger=tagger)
    assert solr == whoosh
    assert all(s.total for s in whoosh.series)


def test_counts_match_the_search(archive):
    """The timeline contract on Solr: counts plus undated are the search's total; a period's count is
    the search restricted to it."""
    from articles.search.solr.search import run_search

    client = SolrClient(NODE_URLS, COLLECTION)
    params = SearchParams(q="সরকার", banglish=False, per_page=1)
    counts = solr_timeline([params], interval="year", solr=client)
    (series,) = counts.series
    total = run_search(params, solr=client).total
    assert sum(p.count for p in series.points) + series.undated == series.total == total > 0
    busiest = max(series.points, key=lambda p: p.count)
    within = SearchParams(q="সরকার", banglish=False, per_page=1, date_from=busiest.start, date_to=busiest.end)
    assert run_search(within, solr=client).total == busiest.count > 0
