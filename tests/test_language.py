"""Language (issue 12 item 5): every article's language is a facet and a filter of search, browse pages,
exports and the home page's counts; all languages are shown by default with a visible switch."""

import csv
import io

import pytest
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
def imported(run_import):
    status, out, _err = run_import(FIXTURES / "language" / "articles.json")
    assert status == 0, out
    return {n: Article.objects.get(url=f"https://example.org/language/{n}") for n in (1, 2, 3, 4)}


def test_language_is_read_or_guessed_at_import(imported):
    assert [imported[n].language for n in (1, 2, 3)] == ["bn", "bn", "en"]
    assert imported[4].language == "en"  # no language field: guessed from its letters


def test_language_facet_counts_every_published_article(imported):
    facet = dict(search().facets["language"])
    published = Article.objects.indexed()
    assert facet == {code: published.filter(language=code).count() for code in ("bn", "en") if code in facet}
    assert facet["en"] == 2  # the samples are all Bengali: the fixture's two English articles
    # With a query, the facet counts the matches.
    assert dict(search(q="ইরান").facets["language"]).get("en", 0) == 0


def test_language_filter(imported):
    english = search(language="en")
    assert ids(english) == {imported[3].pk, imported[4].pk}
    assert {hit.language for hit in english.hits} == {"en"}
    bengali = search(language="bn")
    assert bengali.total == Article.objects.indexed().filter(language="bn").count()
    assert imported[1].pk in ids(bengali) and imported[3].pk not in ids(bengali)
    assert search().total == bengali.total + english.total
    # Combined with the other filters and a query.
    assert ids(search(q="railway", language="en")) == {imported[4].pk}
    assert search(q="railway", language="bn").total == 0
    assert ids(search(outlet="daily-star", language="bn")).isdisjoint({imported[3].pk, imported[4].pk})


def test_search_page_shows_every_language_by_default_with_a_switch(client, imported):
    html = client.get(reverse("articles:search"), {"q": "ইরান OR Tehran", "banglish": "0"}).content.decode()
    every = search(q="ইরান OR Tehran", banglish=False)
    assert imported[2].pk in ids(every) and imported[4].pk in ids(every)  # both languages by default
    assert 'class="languages"' in html
    assert 'href="?q=%E0%A6%87%E0%A6%B0%E0%A6%BE%E0%A6%A8+OR+Tehran&amp;banglish=0&amp;language=en"' in html
    # A chosen language still shows the other's count, to switch back in one click.
    chosen = client.get(
        reverse("articles:search"), {"q": "ইরান OR Tehran", "banglish": "0", "language": "en"}
    ).content.decode()
    assert '<strong aria-current="true" lang="en">English</strong>' in chosen
    assert 'lang="bn">বাংলা</a>' in chosen
    assert imported[2].title not in chosen and imported[4].title in chosen


def test_unknown_language_is_a_clear_error(client, imported):
    response = client.get(reverse("articles:search"), {"q": "ইরান", "language": "xx", "format": "json"})
    assert response.status_code == 400
    assert "error" in response.json()
    assert client.get(reverse("articles:outlet", args=["samakal"]), {"language": "xx"}).status_code == 404


def test_search_json_carries_language(client, imported):
    data = client.get(reverse("articles:search"), {"q": "railway", "format": "json"}).json()
    assert [r["language"] for r in data["results"]] == ["en"]
    assert data["language"] is None
    assert {f["value"]: f["count"] for f in data["facets"]["language"]} == {"en": 1}
    assert data["facets"]["language"][0]["label"] == "English"
    filtered = client.get(reverse("articles:search"), {"q": "রেল", "format": "json", "language": "bn"}).json()
    assert filtered["language"] == "bn" and {r["language"] for r in filtered["results"]} == {"bn"}
    # Fields readers of the JSON already use are unchanged.
    assert {"id", "title", "url", "outlet", "date_precision", "snippet_html"} <= set(data["results"][0])


def test_home_page_counts_per_language(client, imported):
    html = client.get(reverse("articles:home")).content.decode()
    published = Article.objects.indexed()
    from articles.bangla.numerals import to_bengali_digits

    bn, en = published.filter(language="bn").count(), published.filter(language="en").count()
    assert f'lang="bn">বাংলা</a>: {to_bengali_digits(str(bn))}' in html
    assert f'lang="en">English</a>: {to_bengali_digits(str(en))}' in html


def test_browse_pages_filter_by_language(client, imported):
    outlet = client.get(reverse("articles:outlet", args=["daily-star"])).content.decode()
    assert imported[3].title in outlet and 'class="languages"' in outlet
    only_bn = client.get(reverse("articles:outlet", args=["daily-star"]), {"language": "bn"}).content.decode()
    assert imported[3].title not in only_bn and imported[4].title not in only_bn
    month = client.get(reverse("articles:archive_month", args=[2025, 2]), {"language": "en"}).content.decode()
    assert imported[3].title in month and imported[1].title not in month
    assert '<strong aria-current="true" lang="en">English</strong>' in month


def test_exports_carry_and_filter_language(client, imported):
    response = client.get(
        reverse("articles:search"), {"q": "railway OR রেল", "format": "csv", "language": "en"}
    )
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(int(r["id"]), r["language"]) for r in rows] == [(imported[4].pk, "en")]


def test_an_index_written_before_the_language_facet_is_rebuilt(private_index, capsys):
    from django.core.management import call_command
    from whoosh import fields
    from whoosh import index as windex

    # As written before issue 12: the language kept only to render a result, not a facet.
    schema = windex.open_dir(private_index.path).schema
    schema.remove("language")
    schema.add("language", fields.STORED())
    windex.create_in(private_index.path, schema)
    call_command("ensure_index")
    assert "another schema" in capsys.readouterr().out
    assert type(windex.open_dir(private_index.path).schema["language"]).__name__ == "ID"
    facet = dict(search().facets["language"])
    published = Article.objects.indexed()
    assert facet == {code: published.filter(language=code).count() for code in facet}
    assert sum(facet.values()) == published.count()
