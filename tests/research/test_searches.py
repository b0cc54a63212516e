"""Saved searches: create from the search page, re-run, new since the last visit, private feed."""

import json
from urllib.parse import parse_qs

from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from articles.models import Article
from articles.research.models import SavedSearch

QUERY = "q=সরকার&outlet=&sort=newest&page=3&format=csv"


def save(client, name="সরকার নজরদারি", query=QUERY):
    form = client.get("/research/searches/new/?" + query)
    assert form.status_code == 200
    stored = form.context["form"]["query"].value()
    response = client.post("/research/searches/new/", {"name": name, "notes": "বাজেট নিয়ে", "query": stored})
    assert response.status_code == 302
    return SavedSearch.objects.get(name=name)


def test_search_page_links_to_saving_it(signed_in):
    page = signed_in.get("/search/?q=সরকার&sort=newest").content.decode()
    assert "/research/searches/new/?q=" in page


def test_saving_needs_an_account(client, db):
    response = client.get("/research/searches/new/?q=সরকার")
    assert response.status_code == 302 and response["Location"].startswith("/research/sign-in/")


def test_saved_search_keeps_every_filter_but_not_page_or_format(signed_in, researcher):
    saved = save(signed_in)
    assert saved.owner == researcher and saved.notes == "বাজেট নিয়ে"
    assert parse_qs(saved.query) == {"q": ["সরকার"], "sort": ["newest"]}
    detail = signed_in.get(saved.get_absolute_url())
    assert detail.status_code == 200
    assert escape(saved.search_url()) in detail.content.decode()  # the re-run link
    rerun = signed_in.get(saved.search_url())
    assert rerun.status_code == 200 and rerun.context["results"].total >= 1


def test_another_user_cannot_see_it(signed_in, other_researcher):
    saved = save(signed_in)
    client = Client()
    client.force_login(other_researcher)
    assert client.get(saved.get_absolute_url()).status_code == 404
    assert client.post(f"/research/searches/{saved.pk}/delete/").status_code == 404
    assert SavedSearch.objects.filter(pk=saved.pk).exists()


def _invented(tmp_path):
    # Published years ago but imported now: a date filter would miss it, the id comparison does not.
    row = {
        "title": "সরকার শালুকডাঙা চরে নতুন বাঁধের কাজ শুরু করেছে",
        "body": "শালুকডাঙা চরের মানুষ বহুদিন ধরে বাঁধের দাবি জানিয়ে আসছিলেন।\nসরকার এবার কাজ শুরু করেছে।",
        "outlet": "Jugantor",
        "published_at": "2019-03-02",
        "url": "https://example.org/research-test/shalukdanga",
    }
    path = tmp_path / "new.jsonl"
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_new_since_the_last_visit_counts_later_imports(signed_in, run_import, tmp_path):
    saved = save(signed_in)
    first = signed_in.get(saved.get_absolute_url())
    assert first.context["new_count"] == 0 and first.context["error"] == ""
    status, _out, _err = run_import(_invented(tmp_path))
    assert status == 0
    added = Article.objects.get(url="https://example.org/research-test/shalukdanga")
    second = signed_in.get(saved.get_absolute_url())
    assert second.context["new_count"] == 1
    assert [a.pk for a in second.context["new_articles"]] == [added.pk]
    assert added.title in second.content.decode()
    third = signed_in.get(saved.get_absolute_url())  # that visit saw it
    assert third.context["new_count"] == 0
    saved.refresh_from_db()
    assert saved.seen_max_id >= added.pk and saved.last_seen is not None


def test_private_feed_by_token_and_a_wrong_token_is_404(signed_in):
    saved = save(signed_in)
    client = Client()  # feed readers have no session
    url = reverse("research:search_feed", kwargs={"token": saved.feed_token})
    feed = client.get(url)
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert saved.name in body and body.count("<entry>") >= 1
    assert client.get(reverse("research:search_feed", kwargs={"token": "not-the-token"})).status_code == 404
    # A new address revokes the old one.
    signed_in.post(f"/research/searches/{saved.pk}/new-feed/")
    saved.refresh_from_db()
    assert client.get(url).status_code == 404
    assert client.get(reverse("research:search_feed", kwargs={"token": saved.feed_token})).status_code == 200


def test_a_bad_saved_query_says_so(signed_in, researcher):
    saved = SavedSearch.objects.create(owner=researcher, name="ভাঙা", query="q=%22unclosed&date_from=notadate")
    page = signed_in.get(saved.get_absolute_url())
    assert page.status_code == 200 and page.context["error"]


def test_edit_and_delete(signed_in):
    saved = save(signed_in)
    signed_in.post(saved.get_absolute_url(), {"name": "নতুন নাম", "notes": "", "query": saved.query})
    saved.refresh_from_db()
    assert saved.name == "নতুন নাম"
    signed_in.post(f"/research/searches/{saved.pk}/delete/")
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()
