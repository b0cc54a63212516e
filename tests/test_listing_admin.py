"""Listing pages: marked at import, kept out of search, filtered in admin and turned back by a curator."""

import json

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from articles.models import Article
from articles.search import SearchParams, run_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(client):
    user = User.objects.create_superuser("curator", "c@example.org", "pw-for-tests-only")
    client.force_login(user)
    return client


def found(q):
    return {h.id for h in run_search(SearchParams(q=q, per_page=100)).hits}


ROWS = [
    {
        "title": "ঝিনুকমালা - March 12, 2026",
        "body": "ঝিনুকমালা সম্পর্কিত সর্বশেষ খবর, ছবি ও ভিডিও জানতে ভিজিট করুন আমাদের সাইট।",
        "url": "https://www.example-news.com/topic/ঝিনুকমালা",
        "outlet": "Dhaka Post",
    },
    {
        "title": "ঝিনুকমালা উৎসব শুরু",
        "body": "সাগরপাড়ে ঝিনুকমালা উৎসব শুরু হয়েছে। প্রথম দিনেই অনেক মানুষ এসেছেন।",
        "url": "https://www.example-news.com/national/512345",
        "outlet": "Dhaka Post",
    },
]


def test_listing_pages_are_marked_at_import_and_turned_back_in_admin(
    run_import, tmp_path, curator, django_capture_on_commit_callbacks
):
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(ROWS, ensure_ascii=False), encoding="utf-8")
    status, out, _err = run_import(path)
    assert status == 0, out
    listing = Article.objects.get(url=ROWS[0]["url"])
    story = Article.objects.get(url=ROWS[1]["url"])
    assert listing.kind == "listing" and story.kind == "article"
    assert any("listing page" in w for w in listing.import_warnings)
    assert found("ঝিনুকমালা") == {story.pk}

    changelist = reverse("admin:articles_article_changelist")
    page = curator.get(changelist, {"kind__exact": "listing"})
    assert page.status_code == 200
    assert list(page.context["cl"].queryset) == [listing]

    with django_capture_on_commit_callbacks(execute=True):
        curator.post(changelist, {"action": "mark_article", "_selected_action": [listing.pk]})
    listing.refresh_from_db()
    assert listing.kind == "article"
    assert found("ঝিনুকমালা") == {story.pk, listing.pk}

    with django_capture_on_commit_callbacks(execute=True):
        curator.post(changelist, {"action": "mark_listing", "_selected_action": [story.pk]})
    assert found("ঝিনুকমালা") == {listing.pk}


def test_dry_run_json_reports_the_kind(run_import, tmp_path):
    path = tmp_path / "rows.json"
    path.write_text(json.dumps(ROWS, ensure_ascii=False), encoding="utf-8")
    _status, out, _err = run_import("--dry-run", "--json", path)
    records = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert [r["kind"] for r in records] == ["listing", "article"]
