"""Every API endpoint on the bundled samples: what it returns, and a clear 400/404 for what it cannot."""

import pytest
from django.utils.timezone import localtime

from articles.models import Article, Entity, Mention, Outlet, Topic

pytestmark = pytest.mark.django_db


def visible():
    return Article.objects.indexed().exclude(published_at=None).select_related("outlet", "topic").first()


def test_search_without_query_lists_every_published_article_newest_first(client):
    body = client.get("/api/v1/search/", {"page_size": 100}).json()
    published = Article.objects.indexed()
    assert body["total"] == published.count() == len(body["results"])
    assert body["sort"] == "newest" and body["next"] is None
    dates = [hit["published_at"] for hit in body["results"] if hit["published_at"]]
    assert dates == sorted(dates, reverse=True)
    assert all(d.endswith("+06:00") for d in dates)  # Dhaka time, as the pages show it
    counts = {f["value"]: f["count"] for f in body["facets"]["outlet"]}
    assert counts == {
        o.slug: o.articles.filter(id__in=published).count()
        for o in Outlet.objects.all()
        if o.articles.filter(id__in=published)
    }


def test_search_hit_links_to_the_article_and_its_api_entry(client):
    article = visible()
    body = client.get("/api/v1/search/", {"q": article.title}).json()
    hit = next(h for h in body["results"] if h["id"] == article.id)
    assert hit["url"] == f"http://testserver{article.get_absolute_url()}"
    assert hit["api_url"] == f"http://testserver/api/v1/articles/{article.id}/"
    assert hit["outlet"] == article.outlet.slug
    assert hit["date_precision"] == article.date_precision
    assert hit["published_at"] == localtime(article.published_at).isoformat()
    assert "<mark>" in hit["snippet_html"] and hit["score"] > 0


def test_every_filter_of_the_search_page(client):
    article = visible()
    mention = Mention.objects.filter(article__in=Article.objects.indexed()).select_related("entity").first()
    day = localtime(article.published_at).date()
    cases = {
        "outlet": (article.outlet.slug, lambda a: a.outlet_id == article.outlet_id),
        "month": (
            day.strftime("%Y-%m"),
            lambda a: a.published_at and localtime(a.published_at).strftime("%Y-%m") == day.strftime("%Y-%m"),
        ),
        "entity": (mention.entity.key, lambda a: a.mentions.filter(entity=mention.entity).exists()),
        "date_from": (day.isoformat(), lambda a: a.published_at and localtime(a.published_at).date() >= day),
    }
    if article.topic:
        cases["topic"] = (article.topic.slug, lambda a: a.topic_id == article.topic_id)
    for name, (value, holds) in cases.items():
        body = client.get("/api/v1/search/", {name: value, "page_size": 100}).json()
        ids = {hit["id"] for hit in body["results"]}
        assert ids, name
        assert ids == {a.id for a in Article.objects.indexed() if holds(a)}, name
    with_source = next(a for a in Article.objects.indexed() if a.sources)
    body = client.get("/api/v1/search/", {"source": with_source.sources[0]}).json()
    assert with_source.id in {hit["id"] for hit in body["results"]}
    oldest = client.get("/api/v1/search/", {"sort": "oldest", "page_size": 100}).json()["results"]
    dated = [h["published_at"] for h in oldest if h["published_at"]]
    assert dated == sorted(dated)


@pytest.mark.parametrize(
    ("params", "parameter", "words"),
    [
        ({"outlet": "no-such-paper"}, "outlet", "no outlet"),
        ({"topic": "no-such-topic"}, "topic", "no topic"),
        ({"entity": "nobody-at-all"}, "entity", "no entity"),
        ({"source": "Imaginary Wire"}, "source", "source"),
        ({"month": "May 2024"}, "month", ""),
        ({"date_from": "2024-13-40"}, "date_from", ""),
        ({"date_from": "2025-02-01", "date_to": "2025-01-01"}, "date_from", "after"),
        ({"date_from": "1800-01-01"}, "date_from", "1900"),
        ({"sort": "random"}, "sort", ""),
        ({"page_size": "101"}, "page_size", "100"),
        ({"page_size": "0"}, "page_size", ""),
        ({"q": "x" * 501}, "q", ""),
        ({"pagesize": "10"}, "pagesize", "Unknown parameter"),
        ({"cursor": "not-a-cursor"}, "cursor", "not valid"),
    ],
)
def test_bad_parameters_are_400_json_naming_the_parameter(client, params, parameter, words):
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == parameter
    assert words in body["detail"] and parameter in body["errors"]


@pytest.mark.parametrize(
    ("q", "words"),
    [('"ঢাকা বাংলাদেশ"~3', "near each other"), ("-ঢাকা", "only excludes"), ("এবং ও", "very common words")],
)
def test_unsearchable_queries_are_400_with_a_helpful_message(client, q, words):
    response = client.get("/api/v1/search/", {"q": q})
    assert response.status_code == 400
    assert response.json()["parameter"] == "q" and words in response.json()["detail"]


def test_messages_follow_accept_language(client):
    response = client.get("/api/v1/search/", {"q": "-ঢাকা"}, HTTP_ACCEPT_LANGUAGE="bn")
    assert response.status_code == 400
    assert "only excludes" not in response.json()["detail"]
    assert response["Content-Language"] == "bn"
    assert client.get("/api/v1/outlets/")["Content-Language"] == "en"
    unknown = client.get("/api/v1/search/", {"outlet": "no-such-paper"}, HTTP_ACCEPT_LANGUAGE="bn-BD")
    assert unknown.json()["detail"] == "outlet: outlet 'no-such-paper' পাওয়া যায়নি।"


def test_no_match_suggests_a_spelling(client):
    body = client.get("/api/v1/search/", {"q": "ঢাকাা"}).json()
    assert body["total"] == 0 and body["results"] == []
    assert body["suggestion"]


def test_article_has_full_text_metadata_and_entities(client):
    article = next(a for a in Article.objects.indexed() if a.mentions.exists())
    body = client.get(f"/api/v1/articles/{article.id}/").json()
    assert body["body"] == article.body and body["title"] == article.title
    assert body["paragraphs"] == article.paragraphs()
    assert body["language"] == article.language and body["kind"] == "article"
    assert body["date_precision"] == article.date_precision
    assert body["published_at"] == (
        localtime(article.published_at).isoformat() if article.published_at else None
    )
    assert body["outlet"]["slug"] == article.outlet.slug
    assert body["outlet"]["api_url"].endswith(f"/api/v1/outlets/{article.outlet.slug}/")
    keys = {e["key"]: e["count"] for e in body["entities"]}
    assert keys == {m.entity.key: m.count for m in article.mentions.select_related("entity")}
    assert body["cluster"] == article.cluster_id
    assert set(body["citations"]) == {"apa", "mla", "chicago", "bibtex", "ris", "csl-json"}
    assert article.title in body["citations"]["bibtex"]["text"]
    assert body["citations"]["ris"]["url"].endswith(f"/a/{article.id}/cite/ris/")
    assert "captured_at" in body and body["original_url"] == article.url


def test_hidden_and_missing_articles_are_404_json(client):
    article = visible()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.HIDDEN)
    for url in (f"/api/v1/articles/{article.pk}/", "/api/v1/articles/999999/"):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["detail"]


def test_outlets_and_topics_with_counts(client):
    outlets = client.get("/api/v1/outlets/", {"page_size": 100}).json()["results"]
    assert [o["slug"] for o in outlets] == sorted(Outlet.objects.values_list("slug", flat=True))
    published = Article.objects.indexed()
    for outlet in outlets:
        assert outlet["article_count"] == published.filter(outlet__slug=outlet["slug"]).count()
    one = Topic.objects.filter(articles__in=published).first()
    body = client.get(f"/api/v1/topics/{one.slug}/").json()
    assert body["name_bn"] == one.name_bn and body["article_count"] == published.filter(topic=one).count()
    assert body["articles_url"].endswith(f"/api/v1/search/?topic={one.slug}")
    assert client.get(f"/api/v1/outlets/{outlets[0]['slug']}/").json()["slug"] == outlets[0]["slug"]
    assert client.get("/api/v1/outlets/nowhere/").status_code == 404
    assert client.get("/api/v1/topics/nothing/").status_code == 404


def test_entity_list_pages_filters_by_kind_and_counts(client):
    first = client.get("/api/v1/entities/", {"kind": "place", "page_size": 50}).json()
    assert len(first["results"]) == 50 and first["next"]
    second = client.get(first["next"]).json()
    keys = [e["key"] for e in first["results"] + second["results"]]
    assert len(keys) == len(set(keys)) and keys == sorted(keys)
    assert {e["kind"] for e in first["results"] + second["results"]} == {"place"}
    mention = Mention.objects.filter(article__in=Article.objects.indexed()).select_related("entity").first()
    body = client.get(f"/api/v1/entities/{mention.entity.key}/").json()
    counted = Article.objects.indexed().filter(mentions__entity=mention.entity).count()
    assert body["article_count"] == counted > 0
    assert body["name"] == mention.entity.name and body["aliases"] == mention.entity.aliases
    bad = client.get("/api/v1/entities/", {"kind": "animal"})
    assert bad.status_code == 400 and bad.json()["parameter"] == "kind"
    assert client.get("/api/v1/entities/", {"page_size": "500"}).json()["parameter"] == "page_size"
    assert client.get("/api/v1/entities/no-such-entity/").status_code == 404
    assert Entity.objects.count() > 100


def test_the_api_is_read_only(client):
    response = client.post("/api/v1/search/", {"q": "ঢাকা"})
    assert response.status_code == 405 and response.json()["detail"]
    assert client.delete("/api/v1/outlets/").status_code == 405


@pytest.mark.parametrize(
    "params",
    [
        {"outlet": ["jugantor", "prothom-alo"]},
        {"topic": ["politics", "economy"], "sort": "oldest"},
        {"year": "2025"},
        {"month": ["2025-11", "2025-12"]},
        {"language": "en"},
        {"language": "bn", "q": "সরকার"},
        {"precision": "approximate"},
        {"approximate": "0"},
        {"q": "sorkar", "banglish": "0"},
        {"q": "sorkar"},
        {"q": "Putin", "expand": "0"},
    ],
)
def test_the_search_pages_other_filters_find_what_the_page_finds(client, params):
    api = client.get("/api/v1/search/", dict(params, page_size=100)).json()
    page = client.get("/search/", dict(params, format="json")).json()
    assert api["total"] == page["total"]
    ids = {hit["id"] for hit in api["results"]}
    assert len(ids) == min(api["total"], 100)
    assert {hit["id"] for hit in page["results"]} <= ids
    languages = {f["value"]: f["count"] for f in api["facets"]["language"]}
    assert sum(languages.values()) == api["total"]
    if "language" in params:
        assert {hit["language"] for hit in api["results"]} <= {params["language"]}


def test_several_values_of_a_filter_find_any_of_them(client):
    one = [client.get("/api/v1/search/", {"outlet": o}).json()["total"] for o in ("jugantor", "samakal")]
    both = client.get("/api/v1/search/", {"outlet": ["jugantor", "samakal"], "page_size": 100}).json()
    assert both["total"] == sum(one) > max(one)
    assert {hit["outlet"] for hit in both["results"]} == {"jugantor", "samakal"}
    # The next links keep every value: a crawl in pages of 2 sees the same articles.
    url, crawled = "/api/v1/search/?outlet=jugantor&outlet=samakal&page_size=2", []
    while url:
        page = client.get(url).json()
        assert "results" in page, page
        crawled += [hit["id"] for hit in page["results"]]
        url = page["next"]
    assert crawled == [hit["id"] for hit in both["results"]]
    # An empty value is no filter, as on the search page (a form with nothing chosen sends one).
    assert client.get("/api/v1/search/", {"outlet": ["", "jugantor"], "topic": ""}).json()["total"] == one[0]
    left_out = client.get("/api/v1/search/", {"approximate": "false"}).json()["total"]
    everything = client.get("/api/v1/search/").json()["total"]
    approximate = client.get("/api/v1/search/", {"precision": "approximate"}).json()["total"]
    assert approximate > 0 and left_out == everything - approximate


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"outlet": ["jugantor", "no-such-paper"]}, "outlet"),
        ({"month": "2024-13"}, "month"),
        ({"year": "2025", "month": "2024-05"}, "year"),
        ({"year": "twenty"}, "year"),
        ({"language": "fr"}, "language"),
        ({"precision": "second"}, "precision"),
        ({"approximate": "maybe"}, "approximate"),
        ({"outlet": ["jugantor"] * 21}, "outlet"),
    ],
)
def test_bad_values_of_the_other_filters_are_400(client, params, parameter):
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 400, response.content
    assert response.json()["parameter"] == parameter


def test_each_hit_names_its_story_cluster(client):
    hits = client.get("/api/v1/search/", {"page_size": 100}).json()["results"]
    clusters = dict(Article.objects.values_list("id", "cluster_id"))
    assert [hit["cluster"] for hit in hits] == [clusters[hit["id"]] for hit in hits]
    assert any(hit["cluster"] for hit in hits), "the samples have a story run by two outlets"
