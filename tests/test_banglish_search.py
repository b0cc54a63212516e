"""Banglish in search (issue 16): Latin spellings find Bengali articles through the real index, English
words keep finding English articles, `banglish=0` turns it off, and the page says what was searched."""

import pytest
from django.urls import reverse

from articles.bangla.analysis import analyze
from articles.models import Article
from articles.search import SearchParams, run_search
from articles.search.whoosh import banglish as banglish_search
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db


def search(q, **kwargs):
    return run_search(SearchParams(q=q, per_page=1000, snippets=False, **kwargs))


def ids(results):
    return {hit.id for hit in results.hits}


@pytest.fixture
def imported(run_import):
    status, out, _err = run_import(FIXTURES / "language" / "articles.json")
    assert status == 0, out
    return {n: Article.objects.get(url=f"https://example.org/language/{n}").pk for n in (1, 2, 3, 4)}


def test_a_latin_spelling_finds_the_bengali_article(imported):
    for spelling in ("nirbachon", "nirbachan", "sorkar"):
        found = search(spelling)
        assert imported[1] in ids(found), spelling
        assert found.banglish and all(analyze(t) == [t] for ts in found.banglish.values() for t in ts)
    (election,) = analyze("নির্বাচন")
    assert search("nirbachon").banglish == {"nirbachon": [election]}
    # Every word of the query: both words in Latin letters find the Bengali article with both.
    both = search("iran rashia")
    assert imported[2] in ids(both)
    assert set(both.banglish) == {"iran", "rashia"}


def test_english_words_keep_finding_english_articles(imported):
    english = search("election")
    assert imported[3] in ids(english)
    assert english.banglish == {}  # an English word of the archive with no Bengali reading
    assert ids(search("railway")) == {imported[4]}
    # A Latin word that is a Bengali word too finds both: its English articles and the Bengali ones.
    tehran = search("tehran OR iran")
    assert {imported[2], imported[4]} <= ids(tehran)
    assert list(tehran.banglish) == ["iran"]


def test_banglish_off_searches_latin_words_as_typed(imported):
    assert search("nirbachon", banglish=False).total == 0
    assert search("nirbachon", banglish=False).banglish == {}
    assert ids(search("tehran OR iran", banglish=False)) == {imported[4]}


def test_a_quoted_latin_phrase_also_searches_the_bengali_phrase(imported):
    found = search('"iran rashia"')
    assert imported[2] in ids(found)
    assert found.banglish == {"iran": analyze("ইরান"), "rashia": analyze("রাশিয়া")}


def test_search_page_says_what_was_searched_and_offers_the_switch(client, imported):
    url = reverse("articles:search")
    html = client.get(url, {"q": "nirbachon", "outlet": "samakal"}).content.decode()
    assert "ইংরেজি হরফের শব্দগুলো বাংলায়ও খোঁজা হয়েছে:" in html  # the Bengali interface is the default
    assert 'nirbachon</span> → <span lang="bn">নির্বাচন' in html
    assert 'href="?q=nirbachon&amp;outlet=samakal&amp;banglish=0"' in html
    off = client.get(url, {"q": "sorkar OR ইরান", "banglish": "0"}).content.decode()
    assert '<option value="0" selected>' in off
    assert "ইংরেজি হরফের শব্দগুলো বাংলায় খোঁজা হয়নি।" in off
    links = [chunk.split('"')[0] for chunk in off.split('href="?')[1:]]
    back = "q=sorkar+OR+%E0%A6%87%E0%A6%B0%E0%A6%BE%E0%A6%A8"
    assert back in links  # "search them in Bengali too" drops the switch
    # Every other link keeps it: facets, exports, the language switch.
    assert len(links) > 5 and all("banglish=0" in link for link in links if link != back)
    assert any("format=csv" in link for link in links)


def test_search_json_reports_banglish(client, imported):
    url = reverse("articles:search")
    data = client.get(url, {"q": "sorkar", "format": "json"}).json()
    assert data["banglish_enabled"] is True
    assert data["banglish"] == {"sorkar": analyze("সরকার")}
    assert imported[1] in {r["id"] for r in data["results"]}
    off = client.get(url, {"q": "sorkar", "format": "json", "banglish": "0"}).json()
    assert off["banglish_enabled"] is False and off["banglish"] == {} and off["total"] == 0


def test_the_matcher_is_saved_beside_the_index_and_loaded_again(imported, private_index):
    search("sorkar")
    saved = list(banglish_search._folder(private_index.path).glob("banglish-*.pickle"))
    assert len(saved) == 1
    banglish_search._matchers.key = None  # a new process: loads the saved matcher instead of building
    index = private_index.index.refresh()
    with index.searcher() as searcher:
        segments = tuple(s.segment_id() for s in index._segments())
        loaded = banglish_search.matcher_for(searcher, private_index.path, segments)
    assert loaded.candidates("sorkar")[0][0] == analyze("সরকার")[0]
    assert list(banglish_search._folder(private_index.path).glob("banglish-*.pickle")) == saved
