"""Phrases and names (issue 11, item 7): a quoted name finds its full spellings only, never more
than its unquoted words; name expansion is shown and can be switched off."""

import pytest
from django.urls import reverse

from articles.bangla.analysis import analyze
from articles.models import Article, Mention
from articles.search import SearchParams, run_search
from articles.tagging import current_tagger
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db
NAMES = FIXTURES / "names" / "names.json"


def found(q, expand=True, **kwargs):
    params = SearchParams(q=q, per_page=1000, snippets=False, expand=expand, all_versions=True, **kwargs)
    return {hit.id for hit in run_search(params, tagger=current_tagger()).hits}


def by_url(n):
    return Article.objects.get(url=f"https://example.org/names/{n}").pk


def contains_run(terms, run):
    return any(terms[i : i + len(run)] == run for i in range(len(terms) - len(run) + 1))


@pytest.fixture
def names(run_import):
    status, out, _err = run_import(NAMES)
    assert status == 0, out
    return {n: by_url(n) for n in (1, 2, 3)}


def test_quoted_name_finds_other_full_spellings_but_not_a_part_of_the_name(names):
    quoted = found('"ভ্লাদিমির পুতিন"')
    assert names[3] in quoted  # the phrase itself
    assert names[2] in quoted  # Vladimir Putin: the whole name, spelt in Latin
    assert names[1] not in quoted  # only পুতিন: a part of the name is not the phrase
    assert names[1] in found("পুতিন")  # while the word alone stands for the person


def test_unquoted_words_find_everything_their_quoted_phrase_finds(names):
    assert found('"ভ্লাদিমির পুতিন"') <= found("ভ্লাদিমির পুতিন")
    assert found('"Vladimir Putin"') <= found("Vladimir Putin")
    assert names[3] in found('"Vladimir Putin"')


def test_expansion_switched_off_finds_the_typed_spelling_only(names):
    assert found('"ভ্লাদিমির পুতিন"', expand=False) & set(names.values()) == {names[3]}
    assert names[2] not in found("পুতিন", expand=False)
    assert names[2] in found("পুতিন")


def test_quoted_names_of_the_samples_never_find_more_than_their_words():
    """Every multi-word name the samples mention: quoted ⊆ unquoted, and whatever the quoted search
    adds to the phrase is an article tagged with the entity that spells the whole name another way."""
    tagger = current_tagger()
    indexed = {a.pk: analyze(f"{a.title}\n{a.lead}\n{a.body}") for a in Article.objects.indexed()}
    tagged = {}
    for article_id, key in Mention.objects.values_list("article_id", "entity__key"):
        tagged.setdefault(key, set()).add(article_id)
    checked = 0
    for key in sorted(tagged):
        entry = tagger.entries[key]
        for alias in entry.strong_aliases:
            typed = tuple(analyze(alias))
            if len(typed) < 2:
                continue
            quoted, words = found(f'"{alias}"'), found(alias)
            assert quoted <= words, alias
            variants = [typed, *tagger.full_name_variants(key, typed)]
            for pk in quoted - {pk for pk, terms in indexed.items() if contains_run(terms, list(typed))}:
                assert pk in tagged[key], (alias, pk)
                assert any(contains_run(indexed[pk], list(v)) for v in variants), (alias, pk)
            checked += 1
    assert checked >= 10


def test_search_page_shows_the_spellings_searched_and_a_switch(client, names):
    url = reverse("articles:search")
    html = client.get(url, {"q": '"ভ্লাদিমির পুতিন"'}).content.decode()
    assert "Vladimir Putin" in html.split('class="note expansion"')[1].split("</p>")[0]
    assert "expand=0" in html
    off = client.get(url, {"q": '"ভ্লাদিমির পুতিন"', "expand": "0"}).content.decode()
    note = off.split('class="note expansion"')[1].split("</p>")[0]
    assert "Vladimir Putin" not in note
    # Pagination, facet and export links keep the setting; only the switch back drops it.
    links = [chunk.split('"')[0] for chunk in off.split('href="?')[1:]]
    assert len(links) >= 5
    assert [link for link in links if "expand=0" not in link] == [note.split('href="?')[1].split('"')[0]]


def test_json_and_csv_honour_the_expansion_switch(client, names):
    url = reverse("articles:search")
    on = client.get(url, {"q": '"ভ্লাদিমির পুতিন"', "format": "json"}).json()
    off = client.get(url, {"q": '"ভ্লাদিমির পুতিন"', "format": "json", "expand": "0"}).json()
    assert on["expand"] is True and off["expand"] is False
    assert "Vladimir Putin" in on["also_searched"]["vladimir-putin"]
    assert off["expanded_entities"] == [] and off["total"] < on["total"]
    rows = client.get(url, {"q": '"ভ্লাদিমির পুতিন"', "format": "csv", "expand": "0"})
    text = b"".join(rows.streaming_content).decode("utf-8")
    assert "https://example.org/names/3" in text
    assert "https://example.org/names/2" not in text


def test_a_bad_expansion_value_is_a_message_not_an_error(client):
    response = client.get(reverse("articles:search"), {"q": "পুতিন", "expand": "maybe"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
