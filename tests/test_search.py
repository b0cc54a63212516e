"""Search over a real Whoosh index built from the bundled samples."""

import re

import pytest
from django.urls import reverse

from articles.models import Article
from articles.search import QueryError, SearchParams, parse_query, run_search

pytestmark = pytest.mark.django_db


def ids(results):
    return {hit.id for hit in results.hits}


def search(**kwargs):
    kwargs.setdefault("per_page", 100)
    # Matching is checked per article: one hit per story is tested in test_cluster_search.py.
    kwargs.setdefault("all_versions", True)
    return run_search(SearchParams(**kwargs))


def visible_bodies():
    return {a.pk: f"{a.title}\n{a.lead}\n{a.body}" for a in Article.objects.indexed()}


def test_base_form_finds_articles_with_only_inflected_forms():
    inflected = re.compile(r"ইরান(?:ের|কে|ে|ও)(?![\u0980-\u09FF])")
    bare = re.compile(r"ইরান(?![\u0980-\u09FF])")
    expected = {pk for pk, text in visible_bodies().items() if inflected.search(text)}
    only_inflected = {pk for pk in expected if not bare.search(visible_bodies()[pk])}
    assert expected, "the samples must mention Iran in inflected forms"
    found = ids(search(q="ইরান"))
    assert expected <= found
    assert only_inflected <= found


def test_search_for_sarkar_finds_several_outlets():
    results = search(q="সরকার")
    assert results.total >= 3
    assert len(results.facets["outlet"]) >= 2


def test_inflected_query_finds_base_form():
    assert ids(search(q="সরকারের")) == ids(search(q="সরকার"))


def test_snippets_mark_the_inflected_surface_word():
    results = search(q="ইরান")
    marked = " ".join(hit.snippet for hit in results.hits)
    assert re.search(r"<mark>ইরান[\u0980-\u09FF]*</mark>", marked)
    assert "<mark>ইরানের</mark>" in marked or "<mark>ইরানকে</mark>" in marked


def test_phrase_query_requires_adjacent_words():
    phrase = search(q='"ভ্লাদিমির পুতিন"')
    both = search(q="ভ্লাদিমির পুতিন")
    assert phrase.total >= 1
    assert ids(phrase) <= ids(both)


def test_prefix_query_in_bengali():
    assert ids(search(q="রাশি*")) >= ids(search(q="রাশিয়া"))
    assert search(q="রাশি*").total >= 1


def test_yo_with_nukta_matches_precomposed():
    decomposed = "রাশি\u09af\u09bcা"
    precomposed = "রাশি\u09dfা"
    assert ids(search(q=decomposed)) == ids(search(q=precomposed))
    assert search(q=decomposed).total >= 1


def test_empty_query_lists_newest_first():
    results = search(q="")
    assert results.total == Article.objects.indexed().count()
    dates = [hit.published for hit in results.hits if hit.published]
    assert dates == sorted(dates, reverse=True)


def test_sort_oldest_and_newest_are_reverse_orders():
    newest = [h.id for h in search(q="সরকার", sort="newest").hits if h.published]
    oldest = [h.id for h in search(q="সরকার", sort="oldest").hits if h.published]
    assert len(newest) >= 3 and newest == list(reversed(oldest))


def test_outlet_filter_and_facet_counts_agree():
    results = search(q="")
    outlet, count = results.facets["outlet"][0]
    filtered = search(q="", outlet=outlet)
    assert filtered.total == count
    assert all(hit.outlet == outlet for hit in filtered.hits)
    assert sum(n for _v, n in results.facets["outlet"]) <= results.total


def test_topic_and_month_facets_come_back_as_values_not_stems():
    results = search(q="")
    topics = {v for v, _n in results.facets["topic"]}
    assert topics <= {
        "national",
        "politics",
        "international",
        "sports",
        "entertainment",
        "economy",
        "technology",
        "science",
        "education",
        "health",
        "opinion",
        "country",
        "law",
        "lifestyle",
        "religion",
        "environment",
        "jobs",
    }
    assert all(re.fullmatch(r"\d{4}-\d{2}", v) for v, _n in results.facets["month"])


def test_month_and_year_filters():
    month, count = search(q="").facets["month"][0]
    assert search(q="", month=month).total == count
    year = month[:4]
    assert search(q="", month=year).total >= count


def test_date_range_filter():
    from datetime import date

    everything = search(q="")
    dated = [h for h in everything.hits if h.published]
    from django.utils.timezone import localtime

    target = localtime(dated[len(dated) // 2].published).date()
    results = search(q="", date_from=target, date_to=target)
    assert results.total >= 1
    assert all(localtime(h.published).date() == target for h in results.hits)
    assert search(q="", date_from=date(1990, 1, 1), date_to=date(1990, 12, 31)).total == 0


def test_pagination_pages_do_not_overlap():
    first = run_search(SearchParams(q="", per_page=3, page=1))
    second = run_search(SearchParams(q="", per_page=3, page=2))
    assert first.num_pages >= 2
    assert not ids(first) & ids(second)
    with pytest.raises(IndexError):
        run_search(SearchParams(q="", per_page=3, page=first.num_pages + 1))


def test_stopword_only_query_is_a_query_error():
    from haystack import connections

    schema = connections["default"].get_backend().index.schema
    with pytest.raises(QueryError):
        parse_query("এবং ও", schema)


def test_did_you_mean_suggests_an_index_word():
    results = search(q="সরকাএ")
    assert results.total == 0
    assert results.suggestion
    assert search(q=results.suggestion).total >= 1


# -- the page -------------------------------------------------------------------------------------


def test_search_page_renders_results_and_facets(client):
    response = client.get(reverse("articles:search"), {"q": "ইরান"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>" in html
    assert 'aria-labelledby="facet-outlet"' in html


def test_search_links_keep_every_parameter(client):
    response = client.get(reverse("articles:search"), {"q": "সরকার", "sort": "newest"})
    html = response.content.decode()
    facet_links = re.findall(r'href="(\?[^"]*outlet=[^"]*)"', html)
    assert facet_links
    assert all("sort=newest" in link and "q=" in link for link in facet_links)


@pytest.mark.parametrize(
    "query",
    [
        '"ইরান',
        "(((",
        "AND",
        "ইরান OR",
        "*",
        "title:x",
        "a" * 600,
        "ইরান ANDNOT রাশিয়া",
        "ইরান ANDMAYBE রাশিয়া",
        "ইরান REQUIRE রাশিয়া",
        "NOT",
        "-",
        '""',
        "রা*শি",
        "ইরান~2",
    ],
)
def test_malformed_queries_get_a_message_not_a_500(client, query):
    response = client.get(reverse("articles:search"), {"q": query})
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert ('role="alert"' in html) if response.status_code == 400 else ('id="results-h"' in html)


@pytest.mark.parametrize(
    "params", [{"date_to": "9999-12-31"}, {"date_from": "0001-01-01"}, {"month": "99999"}]
)
def test_out_of_range_filters_get_a_message(client, params):
    for fmt in ("", "csv", "json"):
        response = client.get(reverse("articles:search"), {"q": "ইরান", "format": fmt, **params})
        assert response.status_code == 400, (params, fmt)


def test_undated_articles_come_last_in_both_date_orders(private_index, django_capture_on_commit_callbacks):
    # An import always dates an article (at worst by its capture time), but a curator may clear a date.
    article = Article.objects.indexed().order_by("pk").first()
    article.published_at, article.date_precision = None, "unknown"
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    undated = set(Article.objects.indexed().filter(published_at=None).values_list("pk", flat=True))
    assert undated == {article.pk}
    for sort in ("newest", "oldest"):
        order = [h.id for h in search(q="", sort=sort).hits]
        assert set(order[-len(undated) :]) == undated, sort


def test_bad_parameters_get_a_message(client):
    response = client.get(reverse("articles:search"), {"q": "ইরান", "date_from": "yesterday", "page": "x"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_page_past_the_end_is_404(client):
    response = client.get(reverse("articles:search"), {"q": "সরকার", "page": 999})
    assert response.status_code == 404


def test_json_format(client):
    response = client.get(reverse("articles:search"), {"q": "ইরান", "format": "json"})
    assert response.status_code == 200
    data = response.json()
    assert data["clusters"] == len(data["results"]) or data["num_pages"] > 1  # one hit per story
    assert data["results"][0]["url"].startswith("http://testserver/a/")
    assert {"outlet", "topic", "month", "entities", "sources"} <= set(data["facets"])


def test_entity_alias_finds_other_spellings_and_latin_names():
    from articles.tagging import current_tagger

    tagger = current_tagger()
    with_expansion = run_search(SearchParams(q="Putin", per_page=100), tagger=tagger)
    bengali = run_search(SearchParams(q="পুতিন", per_page=100))
    assert bengali.total >= 1
    assert ids(bengali) <= ids(with_expansion)
    assert "vladimir-putin" in with_expansion.expanded
    # Without the tagger (and without Banglish, which also finds পুতিন) only the Latin word is searched.
    assert run_search(SearchParams(q="Putin", per_page=100, banglish=False)).total < with_expansion.total


def test_search_page_expands_entity_names(client):
    html = client.get(reverse("articles:search"), {"q": "Putin"}).content.decode()
    assert "/entity/vladimir-putin/" in html
    assert "<mark>পুতিন" in html


def test_csv_export_has_every_match_with_metadata(client):
    import csv
    import io

    response = client.get(reverse("articles:search"), {"q": "সরকার", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == search(q="সরকার").total
    assert all(row["permalink"].startswith("http://testserver/a/") for row in rows)
    assert {row["outlet"] for row in rows} - {""}


def test_phrases_match_exactly_the_articles_with_the_words_in_sequence():
    """Phrases run on the pairs field; they must find exactly the articles whose indexed text has
    the phrase's terms one after the other (stopwords skipped), no more and no fewer."""
    from articles.bangla.analysis import analyze, iter_tokens

    indexed = {a.pk: analyze(f"{a.title}\n{a.lead}\n{a.body}") for a in Article.objects.indexed()}

    def contains(terms, run):
        return any(terms[i : i + len(run)] == run for i in range(len(terms) - len(run) + 1))

    phrases = set()
    for article in Article.objects.indexed()[:6]:
        words = [t.surface for t in iter_tokens(article.paragraphs()[0])][:12]
        phrases |= {" ".join(words[i : i + n]) for n in (2, 3, 4) for i in range(0, len(words) - n, 3)}
    phrases.add("ইরান সরকার")  # both words are common, the pair is not
    assert len(phrases) >= 20
    for phrase in phrases:
        run = analyze(phrase)
        expected = {pk for pk, terms in indexed.items() if contains(terms, run)}
        found = ids(search(q=f'"{phrase}"'))
        assert found == expected, phrase
        assert found or phrase == "ইরান সরকার", phrase


def test_proximity_search_gets_a_message(client):
    response = client.get(reverse("articles:search"), {"q": '"ইরান সরকার"~3'})
    assert response.status_code == 400
    assert "~N" in response.content.decode()


def test_phrase_with_a_stopword_inside_still_matches():
    article = next(a for a in Article.objects.indexed() if " ও " in a.body)
    before, after = article.body.split(" ও ", 1)
    phrase = f"{before.split()[-1]} ও {after.split()[0]}"
    assert article.pk in ids(search(q=f'"{phrase}"'))


def test_csv_export_quotes_cells_that_spreadsheets_would_run(client):
    import csv
    import io

    first = search(q="সরকার").hits[0]
    Article.objects.filter(pk=first.id).update(title='=HYPERLINK("http://example.org","x")')
    response = client.get(reverse("articles:search"), {"q": "সরকার", "format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8")
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["id"] == str(first.id))
    assert row["title"].startswith("'=HYPERLINK")


def test_minus_excludes_a_word_but_not_inside_a_hyphenated_word():
    base = ids(search(q="সরকার"))
    checked = 0
    for word in ("বাংলাদেশ", "ঢাকা", "প্রধানমন্ত্রী", "ইরান", "নির্বাচন"):
        other = ids(search(q=word))
        assert ids(search(q=f"সরকার -{word}")) == base - other
        checked += bool(base & other) and bool(base - other)
    assert checked, "the samples must have articles with and without a second word"
    from haystack import connections

    schema = connections["default"].get_backend().index.schema
    assert "Not" not in repr(parse_query("কোভিড-১৯", schema))
    with pytest.raises(QueryError, match="only_excluded"):
        parse_query("-ইরান", schema)


def test_only_excluded_words_get_their_own_message(client):
    response = client.get(reverse("articles:search"), {"q": "-ইরান"})
    assert response.status_code == 400
    assert "-word" in response.content.decode() or "-শব্দ" in response.content.decode()


def test_facet_arrays_are_saved_per_segment_and_loaded_by_a_new_process(private_index):
    from pathlib import Path

    from articles.search.whoosh import engine as search_module

    def new_process():
        search_module._facets.key = None
        search_module._results.clear()

    new_process()
    first = search(q="সরকার")
    folder = Path(f"{private_index.path}.arrays")
    saved = sorted(folder.glob("*.npz"))
    assert saved, "each segment's arrays are saved beside the index"
    # A new worker: nothing in memory; the arrays come from the files (one of them damaged: read again).
    saved[0].write_bytes(b"not an npz file")
    new_process()
    again = search(q="সরকার")
    assert again.facets == first.facets and ids(again) == ids(first)
    assert again.total == first.total
    with __import__("numpy").load(saved[0]) as repaired:  # the damaged file was written again
        assert "outlet.values" in repaired


def test_quotes_and_ampersands_are_stored_as_text_and_escaped_once_in_snippets(
    private_index, django_capture_on_commit_callbacks, client
):
    from articles.models import Article

    article = Article.objects.indexed().first()
    body = 'তিনি বলেন, "জলপরিবহনশব্দ & নৌপথ <উন্নয়ন>" দরকার। ' + article.body
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(pk=article.pk).update(body=body)
        Article.objects.get(pk=article.pk).save()
    results = run_search(SearchParams(q="জলপরিবহনশব্দ"))
    assert [hit.id for hit in results.hits] == [article.pk]
    assert '"<mark>জলপরিবহনশব্দ</mark> &amp; নৌপথ &lt;উন্নয়ন&gt;"' in results.hits[0].snippet
    assert run_search(SearchParams(q="quot")).total == 0
    page = client.get("/search/", {"q": "জলপরিবহনশব্দ"}).content.decode()
    assert "&amp;quot;" not in page and "&amp;amp;" not in page
