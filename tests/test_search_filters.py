"""Search parameters as a reader types them: messages that say what went wrong, unknown filter values
named (HTTP 400 in JSON), repeated filters combined as OR, year=, and dates in Bengali digits."""

from datetime import date

import pytest
from django.urls import reverse

from articles.forms import SearchForm
from articles.models import Article, Outlet
from articles.search import SearchParams, run_search

pytestmark = pytest.mark.django_db


def get(client, **params):
    client.cookies["django_language"] = "en"
    return client.get(reverse("articles:search"), params)


def two_outlets():
    counts = run_search(SearchParams(per_page=1)).facets["outlet"]
    assert len(counts) >= 2, "the samples have several outlets"
    return counts[0], counts[1]


@pytest.mark.parametrize(
    ("q", "expected"),
    [("*", "a lone *"), ("((((", "no word"), ("ইরান (রাশিয়া", "unbalanced"), ('"ইরান রাশিয়া', "quotation")],
)
def test_a_query_without_words_or_with_open_brackets_gets_its_own_message(client, q, expected):
    response = get(client, q=q)
    text = response.content.decode()
    assert response.status_code == 400
    assert expected in text
    assert "very common words" not in text


def test_a_query_that_finds_nothing_suggests_what_to_try(client):
    text = get(client, q="ঝঝঝক্ষক্ষ").content.decode()
    assert "0 articles" in text
    assert "fewer words" in text and "spelling" in text and "Bengali letters" in text


@pytest.mark.parametrize(
    ("param", "value"),
    [("outlet", "nope"), ("entity", "nonexistent"), ("topic", "x"), ("month", "2024-13"), ("year", "20x5")],
)
def test_an_unknown_filter_value_is_named_on_the_page_and_is_a_400_in_json(client, param, value):
    page = get(client, **{param: value})
    assert page.status_code == 400
    assert f"({param})" in page.content.decode()
    response = get(client, format="json", **{param: value})
    assert response.status_code == 400
    body = response.json()
    assert list(body["parameters"]) == [param]
    assert param in body["error"]


def test_repeated_outlets_combine_as_or(client):
    (first, n_first), (second, n_second) = two_outlets()
    both = run_search(SearchParams(outlet=(first, second), per_page=1)).total
    assert both == n_first + n_second
    response = client.get(reverse("articles:search"), {"outlet": [first, second], "format": "json"})
    assert response.status_code == 200
    assert response.json()["total"] == n_first + n_second
    page = client.get(reverse("articles:search"), {"outlet": [first, second]}).content.decode()
    # Both values survive a new search from the form.
    assert f'name="outlet" value="{first}"' in page and f'name="outlet" value="{second}"' in page


def test_year_is_a_filter_and_month_still_takes_a_year(client):
    months = run_search(SearchParams(per_page=1)).facets["month"]
    year = months[0][0][:4]
    expected = sum(n for month, n in months if month.startswith(year))
    assert expected < run_search(SearchParams(per_page=1)).total or len({m[:4] for m, _n in months}) == 1
    assert get(client, year=year, format="json").json()["total"] == expected
    assert get(client, month=year, format="json").json()["total"] == expected
    other = str(int(year) + 1)
    assert get(client, year=other, month=months[0][0]).status_code == 400


def test_dates_are_read_in_bengali_and_latin_digits():
    form = SearchForm({"date_from": "২০২৪-০৫-০১", "date_to": "2024-05-31", "month": "২০২৪-০৫"})
    assert form.is_valid(), form.errors
    params = form.to_params()
    assert (params.date_from, params.date_to, params.month) == (
        date(2024, 5, 1),
        date(2024, 5, 31),
        "2024-05",
    )
    assert not SearchForm({"date_from": "০৫/১৩/২০২৪"}).is_valid()  # mm/dd/yyyy is not a date here


def test_date_boxes_say_the_format_instead_of_the_browsers_mm_dd_yyyy(client):
    text = client.get(reverse("articles:search"), {"q": "ইরান"}).content.decode()
    assert 'type="date"' not in text
    assert text.count('placeholder="YYYY-MM-DD"') == 2


def test_known_values_still_filter_as_before(client):
    outlet = Outlet.objects.filter(articles__in=Article.objects.indexed()).first()
    response = get(client, outlet=outlet.slug, format="json")
    assert response.status_code == 200
    assert response.json()["total"] == Article.objects.indexed().filter(outlet=outlet).count()


def test_the_error_links_to_the_search_without_the_refused_values(client):
    page = get(client, q="ইরান", outlet="nope").content.decode()
    assert 'href="/search/?q=%E0%A6%87%E0%A6%B0%E0%A6%BE%E0%A6%A8"' in page


def test_a_null_character_in_a_filter_is_a_400_not_a_database_error(client):
    # PostgreSQL refuses text holding NUL even in a comparison: the form must stop it first.
    for url, query in (
        ("/search/", {"outlet": "jugantor\x00", "format": "json"}),
        ("/timeline/", {"topic": "politics\x00", "format": "json"}),
        ("/api/v1/timeline/", {"entity": "a\x00"}),
    ):
        assert client.get(url, query).status_code == 400, url
