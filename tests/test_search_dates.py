"""Date precision in search (issue 11, items 2 and 4): a facet and a filter, approximate dates left
out on request, and listing pages never in search or counts."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from articles.search import SearchParams, run_search
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db


def search(**kwargs):
    kwargs.setdefault("per_page", 1000)
    # Matching is checked per article: one hit per story is tested in test_cluster_search.py.
    kwargs.setdefault("all_versions", True)
    return run_search(SearchParams(snippets=False, **kwargs))


def ids(results):
    return {hit.id for hit in results.hits}


@pytest.fixture
def imported(run_import, django_capture_on_commit_callbacks):
    status, out, _err = run_import(FIXTURES / "names" / "names.json")
    assert status == 0, out
    articles = {n: Article.objects.get(url=f"https://example.org/names/{n}") for n in (1, 2, 3)}
    # Dated only by the time the page was captured, as a dump without dates gives it.
    approximate = articles[1]
    approximate.published_at = datetime(2024, 3, 15, 6, 0, tzinfo=UTC)
    approximate.date_precision = Article.Precision.APPROXIMATE
    with django_capture_on_commit_callbacks(execute=True):
        approximate.save()
    return articles


def test_precision_is_a_facet_counting_every_published_article(imported):
    facet = dict(search().facets["precision"])
    published = Article.objects.indexed()
    for value in ("minute", "day", "approximate", "unknown"):
        assert facet.get(value, 0) == published.filter(date_precision=value).count(), value
    assert imported[1].pk in ids(search(precision="approximate"))
    order = ["minute", "day", "approximate", "unknown"]  # most exact first, whatever the counts
    assert [v for v, _n in search().facets["precision"]] == [v for v in order if v in facet]


def test_precision_filter_and_leaving_out_approximate_dates(imported):
    approximate = imported[1].pk
    all_approximate = set(
        Article.objects.indexed().filter(date_precision="approximate").values_list("pk", flat=True)
    )
    assert approximate in all_approximate
    assert ids(search(precision="approximate")) == all_approximate
    everything, exact_only = search(), search(approximate=False)
    assert approximate in ids(everything) and approximate not in ids(exact_only)
    assert exact_only.total == everything.total - len(all_approximate)
    assert "approximate" not in dict(exact_only.facets["precision"])
    # With a query too, and the other filters still apply.
    assert approximate in ids(search(q="সেতু"))
    assert approximate not in ids(search(q="সেতু", approximate=False))
    assert ids(search(q="সেতু", approximate=False, precision="minute")) <= ids(search(precision="minute"))


def test_search_page_has_the_precision_facet_and_keeps_approximate_in_links(client, imported):
    url = reverse("articles:search")
    html = client.get(url, {"q": "উৎসব OR সেতু", "approximate": "0"}).content.decode()
    assert 'id="facet-precision"' in html
    links = [chunk.split('"')[0] for chunk in html.split('href="?')[1:]]
    assert links and all("approximate=0" in link for link in links)
    data = client.get(url, {"q": "সেতু", "format": "json", "precision": "approximate"}).json()
    assert [r["date_precision"] for r in data["results"]] == ["approximate"]
    assert data["approximate_dates"] is True
    csv = client.get(url, {"q": "সেতু", "format": "csv", "approximate": "0"})
    off = b"".join(csv.streaming_content).decode("utf-8")
    assert "https://example.org/names/1" not in off
    bad = client.get(url, {"q": "সেতু", "precision": "roughly"})
    assert bad.status_code == 400 and 'role="alert"' in bad.content.decode()


def test_an_imported_listing_page_never_appears_in_search_or_counts(
    run_import, django_capture_on_commit_callbacks
):
    status, out, _err = run_import(FIXTURES / "names" / "names.json")
    assert status == 0, out
    listing = Article.objects.get(url="https://example.org/names/3")
    before = search()
    outlet = listing.outlet.slug
    outlet_count = dict(before.facets["outlet"])[outlet]
    listing.kind = Article.Kind.LISTING  # what listing detection (or a curator) decides
    with django_capture_on_commit_callbacks(execute=True):
        listing.save()
    after = search()
    assert listing.pk in ids(before) and listing.pk not in ids(after)
    assert after.total == before.total - 1
    assert dict(after.facets["outlet"]).get(outlet, 0) == outlet_count - 1
    assert listing.pk not in ids(search(q='"শীত উৎসবে"'))
    # A rebuild leaves it out too (the index is made from Article.objects.indexed()).
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert listing.pk not in ids(search(q="উৎসব"))
    assert search().total == after.total


def test_an_index_with_precision_stored_only_is_rebuilt_with_the_facet(private_index, capsys):
    from whoosh import fields
    from whoosh import index as windex

    schema = windex.open_dir(private_index.path).schema
    schema.remove("precision")
    schema.add("precision", fields.STORED())  # as written before precision was a facet
    windex.create_in(private_index.path, schema)
    call_command("ensure_index")
    assert "another schema" in capsys.readouterr().out
    facet = dict(search().facets["precision"])
    assert sum(facet.values()) == Article.objects.indexed().count()
