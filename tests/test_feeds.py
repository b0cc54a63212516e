"""Atom feeds (search, outlet, topic, entity), sitemap.xml and the OpenSearch description."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from articles.models import Article, Entity, Outlet, Topic, published_articles_q
from articles.search import SearchParams, run_search

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def feed(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def entry_ids(entries):
    return [int(e.find(f"{ATOM}id").text.rstrip("/").rsplit("/", 1)[1]) for e in entries]


def test_search_feed_lists_the_search_newest_first(client):
    expected = run_search(SearchParams(q="সরকার", sort="newest", per_page=50))
    root, entries = feed(client, reverse("articles:search_feed"), {"q": "সরকার"})
    assert entry_ids(entries) == [h.id for h in expected.hits]
    assert "সরকার" in root.find(f"{ATOM}title").text
    first = Article.objects.get(pk=expected.hits[0].id)
    assert entries[0].find(f"{ATOM}title").text == first.title
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == f"http://testserver{first.get_absolute_url()}"


def test_search_feed_takes_the_filters_of_the_search_page(client):
    outlet = Outlet.objects.filter(published_articles_q()).first()
    _root, entries = feed(client, reverse("articles:search_feed"), {"outlet": outlet.slug})
    ids = entry_ids(entries)
    assert ids and set(Article.objects.filter(pk__in=ids).values_list("outlet", flat=True)) == {outlet.pk}


def test_search_feed_bad_parameters_get_a_message(client):
    response = client.get(reverse("articles:search_feed"), {"q": "x", "date_from": "yesterday"})
    assert response.status_code == 400 and "date" in response.content.decode().lower()
    response = client.get(reverse("articles:search_feed"), {"q": '"ইরান সরকার"~3'})
    assert response.status_code == 400 and "~N" in response.content.decode()


def test_feeds_leave_out_what_readers_do_not_see(client):
    outlet = Outlet.objects.filter(published_articles_q()).first()
    hidden = Article.objects.published().filter(outlet=outlet).first()
    Article.objects.filter(pk=hidden.pk).update(status="hidden")
    _root, entries = feed(client, reverse("articles:outlet_feed", kwargs={"slug": outlet.slug}))
    ids = entry_ids(entries)
    expected = list(
        Article.objects.published().filter(outlet=outlet).newest_first()[:50].values_list("pk", flat=True)
    )
    assert ids == expected and hidden.pk not in ids


def test_topic_and_entity_feeds(client):
    topic = Topic.objects.filter(published_articles_q()).first()
    _root, entries = feed(client, reverse("articles:topic_feed", kwargs={"slug": topic.slug}))
    assert set(entry_ids(entries)) == set(
        Article.objects.published().filter(topic=topic).values_list("pk", flat=True)[:50]
    )
    entity = Entity.objects.filter(published_articles_q("mentions__article__")).first()
    _root, entries = feed(client, reverse("articles:entity_feed", kwargs={"key": entity.key}))
    expected = set(Article.objects.published().filter(mentions__entity=entity).values_list("pk", flat=True))
    assert entries and set(entry_ids(entries)) <= expected
    assert client.get(reverse("articles:entity_feed", kwargs={"key": "no-such-entity"})).status_code == 404


def test_approximate_dates_are_not_published_dates(client):
    article = Article.objects.published().exclude(published_at=None).first()
    Article.objects.filter(pk=article.pk).update(date_precision="approximate")
    _root, entries = feed(client, reverse("articles:outlet_feed", kwargs={"slug": article.outlet.slug}))
    entry = next(e for e, pk in zip(entries, entry_ids(entries), strict=True) if pk == article.pk)
    assert entry.find(f"{ATOM}published") is None and entry.find(f"{ATOM}updated") is not None


def sitemap_locs(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return root, [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_index_and_paginated_sections(client, settings):
    settings.ARCHIVE_SITEMAP_LIMIT = 5
    root, sections = sitemap_locs(client, reverse("articles:sitemap"))
    assert root.tag == f"{SITEMAP}sitemapindex"
    published = list(Article.objects.published().order_by("pk"))
    pages = [s for s in sections if "sitemap-articles.xml" in s]
    assert len(pages) == -(-len(published) // 5) > 1
    urls = []
    for page in pages:
        _root, locs = sitemap_locs(client, page.replace("http://testserver", ""))
        urls += locs
    assert urls == [f"http://testserver{a.get_absolute_url()}" for a in published]
    for name, model in (("outlets", Outlet), ("topics", Topic)):
        locs = []
        for page in (s for s in sections if f"sitemap-{name}.xml" in s):
            locs += sitemap_locs(client, page.replace("http://testserver", ""))[1]
        shown = model.objects.filter(published_articles_q()).distinct()
        assert sorted(locs) == sorted(f"http://testserver{o.get_absolute_url()}" for o in shown)
    _root, locs = sitemap_locs(client, "/sitemap-entities.xml?p=1")
    assert locs and all("/entity/" in loc for loc in locs)


def test_sitemap_leaves_out_hidden_articles(client):
    hidden = Article.objects.published().first()
    Article.objects.filter(pk=hidden.pk).update(status="hidden")
    _root, locs = sitemap_locs(client, "/sitemap-articles.xml")
    assert f"http://testserver{hidden.get_absolute_url()}" not in locs
    assert len(locs) == Article.objects.published().count()


def test_opensearch_description_is_linked_from_every_page(client):
    html = client.get(reverse("articles:home")).content.decode()
    assert 'rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml"' in html
    response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    root = ET.fromstring(response.content)
    ns = "{http://a9.com/-/spec/opensearch/1.1/}"
    templates = {u.get("type"): u.get("template") for u in root.findall(f"{ns}Url")}
    assert templates["text/html"] == "http://testserver/search/?q={searchTerms}"
    assert templates["application/atom+xml"].startswith("http://testserver/search/feed/?q={searchTerms}")
    assert root.find(f"{ns}ShortName").text
