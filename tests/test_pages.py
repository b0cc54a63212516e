"""Every reader page renders, links are stable, dates show in the reader's language."""

import re

import pytest
from django.urls import reverse
from django.utils.timezone import localtime

from articles.models import Article, Entity, Outlet, Topic

pytestmark = pytest.mark.django_db

BENGALI_DIGIT = re.compile(r"[০-৯]")


def article():
    return Article.objects.published().exclude(published_at=None).select_related("outlet").first()


def test_home_shows_recent_articles_outlets_topics_and_years(client):
    html = client.get(reverse("articles:home")).content.decode()
    newest = Article.objects.published().first()
    assert newest.title in html
    for outlet in Outlet.objects.filter(articles__isnull=False).distinct():
        assert outlet.get_absolute_url() in html
    assert Topic.objects.filter(articles__isnull=False).exists()
    assert reverse("articles:archive_year", args=[localtime(newest.published_at).year]) in html


def test_interface_is_bengali_by_default_with_an_english_switch(client):
    html = client.get(reverse("articles:home")).content.decode()
    assert '<html lang="bn">' in html
    assert "সাম্প্রতিক" in html  # "Recent articles" in Bengali
    assert BENGALI_DIGIT.search(html)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("articles:home")).content.decode()
    assert '<html lang="en">' in html
    assert "Recent articles" in html


def test_article_page_at_stable_permalink(client):
    a = article()
    response = client.get(a.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert a.title in html
    assert a.paragraphs()[0][:40] in html
    assert "Cite this" in html or "উদ্ধৃত" in html
    assert f"/a/{a.pk}/" in html
    assert BENGALI_DIGIT.search(html)


def test_changed_slug_redirects_to_the_current_one(client):
    a = article()
    old = a.get_absolute_url()
    response = client.get(f"/a/{a.pk}/some-old-slug/")
    assert response.status_code == 301 and response["Location"] == old
    response = client.get(f"/a/{a.pk}/")
    assert response.status_code == 301 and response["Location"] == old


def test_hidden_article_is_404(client):
    a = article()
    Article.objects.filter(pk=a.pk).update(status=Article.Status.HIDDEN)
    assert client.get(a.get_absolute_url()).status_code == 404


def test_outlet_topic_and_list_pages(client):
    for name in ("articles:outlets", "articles:topics", "articles:entities", "articles:archive"):
        assert client.get(reverse(name)).status_code == 200
    outlet = Outlet.objects.filter(articles__isnull=False).first()
    html = client.get(outlet.get_absolute_url()).content.decode()
    assert outlet.articles.published().first().title in html
    topic = Topic.objects.filter(articles__isnull=False).first()
    assert client.get(topic.get_absolute_url()).status_code == 200
    assert client.get(outlet.get_absolute_url() + "?page=99").status_code == 404


def test_date_archive_year_month_day(client):
    a = article()
    when = localtime(a.published_at)
    for url in (
        reverse("articles:archive_year", args=[when.year]),
        reverse("articles:archive_month", args=[when.year, when.month]),
        reverse("articles:archive_day", args=[when.year, when.month, when.day]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert a.title in response.content.decode(), url
    assert client.get(reverse("articles:archive_year", args=[1901])).status_code == 404


def test_entity_page(client):
    entity = Entity.objects.filter(mentions__isnull=False).first()
    assert entity is not None, "the samples must yield tagged entities"
    html = client.get(entity.get_absolute_url()).content.decode()
    assert entity.name in html
    assert 'class="timeline-chart"' in html  # the timeline SVG, empty months included


def test_unknown_pages_are_404(client):
    assert client.get("/a/999999/x/").status_code == 404
    assert client.get("/outlet/no-such-outlet/").status_code == 404


def test_lists_put_undated_articles_last(client):
    # An import always dates an article (at worst by its capture time), but a curator may clear a date.
    undated = Article.objects.published().filter(outlet__isnull=False).order_by("pk").first()
    Article.objects.filter(pk=undated.pk).update(published_at=None, date_precision="unknown")
    assert list(Article.objects.published().newest_first())[-1] == undated
    assert Article.objects.published().for_listing().first().published_at is not None
    html = client.get(reverse("articles:outlet", args=[undated.outlet.slug])).content.decode()
    assert html.index(undated.title) > html.index(
        undated.outlet.articles.exclude(published_at=None).first().title
    )
