"""Every copy of a story is in the index with its cluster; search collapses a cluster to one hit.

Totals, facets and timelines count every copy (each is an outlet's act of publishing); the result
list shows one hit per story, the member first in the search's order, with its number of versions.
"""

from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from articles.models import Article
from articles.search import SearchParams, matching_ids, run_search, run_timeline

from .test_clusters import EARLIER, EXACT, NEAR, ORIGINAL, row, write

pytestmark = pytest.mark.django_db

WORDS = "কুমারখালী তাঁতশিল্প"
# An unrelated story of its own (invented), so pages mix clustered and single articles.
ALONE = row(
    "Ittefaq",
    "https://www.ittefaq.com.bd/country/weave-alone",
    "2024-03-11T09:00:00+06:00",
    body=[
        "কুমারখালী তাঁতশিল্প নিয়ে আলাদা একটি প্রতিবেদনে বাজারের দরদাম তুলে ধরা হয়েছে।",
        "সেখানে সুতা ব্যবসায়ীরা বলেন, আমদানি খরচ বাড়ায় দাম কমানো কঠিন।",
        "হাটের দিন ক্রেতার ভিড় থাকলেও বিক্রি আগের মতো নেই বলে জানান দোকানিরা।",
    ],
    title="কুমারখালীর তাঁতের হাটে দরদাম",
)


@pytest.fixture
def archive(run_import, tmp_path):
    for n, record in enumerate([ORIGINAL, EXACT, NEAR, ALONE]):
        status, out, _err = run_import(write(tmp_path, f"s{n}.json", record))
        assert status == 0 and "1 created" in out, out
    articles = {
        a.outlet.slug: a for a in Article.objects.filter(url__contains="weave-").select_related("outlet")
    }
    assert (
        articles["prothom-alo"].cluster_id
        == articles["jugantor"].cluster_id
        == articles["samakal"].cluster_id
    )
    return articles


def test_every_copy_is_indexed_with_its_cluster(archive):
    original, exact, near = archive["prothom-alo"], archive["jugantor"], archive["samakal"]
    ours = Article.objects.filter(url__contains="weave-")
    indexed = set(ours.indexed().values_list("pk", flat=True))
    assert {original.pk, exact.pk, near.pk, archive["ittefaq"].pk} == indexed
    assert set(ours.published().values_list("pk", flat=True)) == {original.pk, archive["ittefaq"].pk}
    every = run_search(SearchParams(q=WORDS, all_versions=True, per_page=50))
    assert {h.id for h in every.hits} == indexed and every.total == 4
    assert {h.id: h.cluster for h in every.hits} == {
        original.pk: original.cluster_id,
        exact.pk: original.cluster_id,
        near.pk: original.cluster_id,
        archive["ittefaq"].pk: None,
    }


def test_search_collapses_a_cluster_but_counts_every_copy(archive):
    original, alone = archive["prothom-alo"], archive["ittefaq"]
    result = run_search(SearchParams(q=WORDS, per_page=50))
    assert result.total == 4 and result.clusters == 2
    assert dict(result.facets["outlet"]) == {"prothom-alo": 1, "jugantor": 1, "samakal": 1, "ittefaq": 1}
    by_id = {h.id: h for h in result.hits}
    assert len(result.hits) == 2 and alone.pk in by_id
    story = next(h for h in result.hits if h.cluster)
    assert story.cluster == original.cluster_id and story.versions == 3
    assert by_id[alone.pk].versions == 1 and by_id[alone.pk].cluster is None


def test_a_story_shows_its_earliest_matching_version_where_its_first_member_stands(archive):
    original, exact, near, alone = (archive[k] for k in ("prothom-alo", "jugantor", "samakal", "ittefaq"))
    oldest = run_search(SearchParams(q=WORDS, sort="oldest"))
    assert [h.id for h in oldest.hits] == [original.pk, alone.pk]  # 10:00 ran it first
    # Newest first: the story is as recent as its latest copy (the 10th, 12:00: after the single
    # article of the 11th) and is shown by the version that ran it first.
    newest = run_search(SearchParams(q=WORDS, sort="newest"))
    assert [h.id for h in newest.hits] == [alone.pk, original.pk]
    later = run_search(SearchParams(q=WORDS, sort="newest", date_to=date(2024, 3, 10)))
    assert [h.id for h in later.hits] == [original.pk]
    # Filters come first: with one outlet the story is that outlet's version, alone.
    only_near = run_search(SearchParams(q=WORDS, outlet="samakal"))
    assert [(h.id, h.versions) for h in only_near.hits] == [(near.pk, 1)] and only_near.clusters == 1
    two = run_search(SearchParams(q=WORDS, outlet=("samakal", "jugantor")))
    assert [(h.id, h.versions) for h in two.hits] == [(near.pk, 2)]  # 11:00 before 12:00
    # Relevance: the story stands at its best-scored member, shown by its earliest version.
    every = run_search(SearchParams(q=WORDS, all_versions=True))
    best = max(h.score for h in every.hits if h.cluster)
    ranked = run_search(SearchParams(q=WORDS))
    story = next(h for h in ranked.hits if h.cluster)
    assert story.id == original.pk and story.score == best  # the score that placed it
    single = next(h for h in ranked.hits if not h.cluster)
    assert [h.id for h in ranked.hits] == (
        [original.pk, alone.pk] if best >= single.score else [alone.pk, original.pk]
    )
    assert exact.pk not in {h.id for h in ranked.hits}


def test_paging_counts_stories(archive):
    first = run_search(SearchParams(q=WORDS, per_page=1, sort="oldest"))
    assert first.num_pages == 2 and first.total == 4
    second = run_search(SearchParams(q=WORDS, per_page=1, page=2, sort="oldest"))
    assert [h.id for h in first.hits + second.hits] == [archive["prothom-alo"].pk, archive["ittefaq"].pk]
    with pytest.raises(IndexError):
        run_search(SearchParams(q=WORDS, per_page=1, page=3))
    assert run_search(SearchParams(q=WORDS, per_page=1, all_versions=True)).num_pages == 4


def test_exports_and_timelines_count_every_copy(archive):
    assert sorted(matching_ids(SearchParams(q=WORDS))) == sorted(a.pk for a in archive.values())
    series = run_timeline([SearchParams(q=WORDS)], interval="day").series[0]
    assert sum(p.count for p in series.points) + series.undated == 4 == series.total
    assert {p.period: p.count for p in series.points if p.count} == {"2024-03-10": 3, "2024-03-11": 1}


def test_a_new_earliest_version_moves_the_cluster_in_the_index(archive, run_import, tmp_path):
    status, out, _err = run_import(write(tmp_path, "earlier.json", EARLIER))
    assert "1 created" in out
    first = Article.objects.get(url=EARLIER["url"])
    result = run_search(SearchParams(q=WORDS, sort="oldest"))
    assert result.total == 5 and result.clusters == 2
    assert (result.hits[0].id, result.hits[0].versions) == (first.pk, 4)


def test_joining_and_splitting_reindex_every_member(archive, django_capture_on_commit_callbacks):
    from articles.clusters import service

    original, alone = archive["prothom-alo"], archive["ittefaq"]
    with django_capture_on_commit_callbacks(execute=True):
        service.join([original.pk, alone.pk])
    result = run_search(SearchParams(q=WORDS))
    assert result.clusters == 1 and result.hits[0].versions == 4
    assert {h.cluster for h in run_search(SearchParams(q=WORDS, all_versions=True)).hits} == {
        original.cluster_id
    }
    with django_capture_on_commit_callbacks(execute=True):
        service.split([alone.pk])
    result = run_search(SearchParams(q=WORDS, all_versions=True))
    assert {h.id: h.cluster for h in result.hits}[alone.pk] is None and result.clusters == 2


def test_check_archive_compares_the_index_with_indexed_articles(archive, capsys):
    from articles.search import inspect

    call_command("check_archive")
    report = inspect()
    assert report.healthy and report.indexed == report.expected == Article.objects.indexed().count()
    copies = Article.objects.indexed().filter(duplicate_of__isnull=False).count()
    assert copies >= 2 and report.expected == Article.objects.published().count() + copies


def test_search_page_collapses_with_a_switch_to_every_version(archive, client):
    original = archive["prothom-alo"]
    cluster_url = reverse("articles:cluster", args=[original.cluster_id])
    html = client.get(reverse("articles:search"), {"q": WORDS, "sort": "oldest"}).content.decode()
    assert "আরও ২টি সংস্করণ" in html and cluster_url in html
    assert "all_versions=1" in html
    assert archive["jugantor"].get_absolute_url() not in html
    html = client.get(reverse("articles:search"), {"q": WORDS, "all_versions": "1"}).content.decode()
    assert archive["jugantor"].get_absolute_url() in html and archive["samakal"].get_absolute_url() in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("articles:search"), {"q": WORDS}).content.decode()
    assert "2 more versions" in html


def test_search_json_has_clusters_and_each_hit_its_cluster_and_language(archive, client):
    original = archive["prothom-alo"]
    data = client.get(reverse("articles:search"), {"q": WORDS, "format": "json", "sort": "oldest"}).json()
    assert data["total"] == 4 and data["clusters"] == 2 and len(data["results"]) == 2
    first = data["results"][0]
    assert (first["id"], first["cluster"], first["versions"], first["language"]) == (
        original.pk,
        original.cluster_id,
        3,
        "bn",
    )
    assert data["results"][1]["cluster"] is None
    every = client.get(reverse("articles:search"), {"q": WORDS, "format": "json", "all_versions": "1"}).json()
    assert len(every["results"]) == 4 and every["clusters"] == 2 and every["all_versions"] is True


def test_a_copy_found_in_search_has_a_working_permalink(archive, client):
    exact = archive["jugantor"]
    hit = next(h for h in run_search(SearchParams(q=WORDS, all_versions=True)).hits if h.id == exact.pk)
    response = client.get(hit.path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "এই সংবাদের ৩টি সংস্করণের একটি" in html
    assert reverse("articles:cluster", args=[exact.cluster_id]) in html
    assert client.get(reverse("api:article-detail", args=[exact.pk])).json()["cluster"] == exact.cluster_id


def test_outlet_counts_and_pages_include_copies(archive, client):
    from articles.models import Outlet, indexed_articles_q

    html = client.get(reverse("articles:outlet", args=["jugantor"])).content.decode()
    assert archive["jugantor"].get_absolute_url() in html  # the outlet's own copy is on its page
    in_db = Article.objects.indexed().filter(outlet__slug="jugantor").count()
    assert run_search(SearchParams(outlet="jugantor")).total == in_db
    # The database's count (used when the index cannot answer) counts the same articles.
    counted = Outlet.objects.filter(slug="jugantor").annotate(
        n=Count("articles", filter=indexed_articles_q())
    )
    assert counted.get().n == in_db == Article.objects.published().filter(outlet__slug="jugantor").count() + 1


def test_api_search_lists_every_version_with_its_cluster(archive, client):
    original = archive["prothom-alo"]
    data = client.get(reverse("api:search"), {"q": WORDS}).json()
    assert data["total"] == 4 == len(data["results"]) and data["clusters"] == 2
    clusters = {hit["id"]: hit["cluster"] for hit in data["results"]}
    assert clusters[archive["jugantor"].pk] == clusters[original.pk] == original.cluster_id
    assert clusters[archive["ittefaq"].pk] is None


def test_an_outlets_feed_lists_its_copies_and_a_search_feed_one_version_per_story(archive, client):
    exact = archive["jugantor"]
    feed = client.get(reverse("articles:outlet_feed", args=["jugantor"])).content.decode()
    assert exact.get_absolute_url() in feed
    search_feed = client.get(reverse("articles:search_feed"), {"q": WORDS}).content.decode()
    assert archive["prothom-alo"].get_absolute_url() in search_feed
    assert exact.get_absolute_url() not in search_feed
    every = client.get(reverse("articles:search_feed"), {"q": WORDS, "all_versions": "1"}).content.decode()
    assert exact.get_absolute_url() in every
