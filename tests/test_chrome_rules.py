"""Learned chrome in the archive: found at import, applied to later imports, kept by curators, cleaned
over the archive on demand, and the index follows."""

import json

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.ingest.dedup import body_fingerprints
from articles.ingest.learned_chrome import normalise
from articles.models import Article, ChromeRule, Mention, Outlet
from articles.search import SearchParams, run_search
from articles.tagging import build_tagger, retag_articles
from tests.chrome_fixtures import CHROME_APP, CHROME_FOLLOW, SHARED_SENTENCE, bodies, rows

pytestmark = pytest.mark.django_db
CHROME_WORD = "ঝলমলশব্দ"  # only in the app line


def found(q):
    return {h.id for h in run_search(SearchParams(q=q, per_page=100)).hits}


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def outlet_articles():
    return Article.objects.filter(outlet__slug="notun-khobor")


def test_import_learns_the_outlets_chrome_and_cleans_its_bodies(run_import, tmp_path):
    status, out, _ = run_import(write(tmp_path, "first.json", rows()))
    assert status == 0, out
    rules = {r.text: r for r in ChromeRule.objects.filter(outlet__slug="notun-khobor")}
    assert rules[normalise(CHROME_APP)].status == ChromeRule.Status.DROP
    assert rules[normalise(CHROME_APP)].articles == 8
    assert normalise(SHARED_SENTENCE) not in rules
    assert "Chrome of notun-khobor: 2 new drop rules" in out
    assert not outlet_articles().filter(body__contains=CHROME_WORD).exists()
    assert outlet_articles().filter(body__contains=SHARED_SENTENCE).count() == 2
    assert found(CHROME_WORD) == set()
    # The stored bodies were hashed again: importing the same file again changes nothing.
    status, out, _ = run_import(write(tmp_path, "again.json", rows()))
    assert "0 created, 0 updated, 13 unchanged" in out


def test_a_later_import_has_the_drop_rules_removed_before_it_is_stored(run_import, tmp_path):
    run_import(write(tmp_path, "first.json", rows()))
    later = {
        "title": "নতুন দিনের খবর",
        "body": f"সুনামগঞ্জে হাওরের বোরো ধান কাটা শুরু হয়েছে।\n\n{CHROME_FOLLOW}\n\n{CHROME_APP}",
        "url": "https://notunkhobor.example/news/later",
        "outlet": "Notun Khobor",
        "published": "2026-11-21",
    }
    status, out, _ = run_import(write(tmp_path, "later.json", [later]))
    assert status == 0 and "1 created" in out
    article = Article.objects.get(url=later["url"])
    assert article.body == "সুনামগঞ্জে হাওরের বোরো ধান কাটা শুরু হয়েছে।"
    assert article.content_hash == body_fingerprints(article.body)[0]
    assert article.pk not in found(CHROME_WORD) and article.pk in found("হাওরের")


def test_a_kept_rule_is_never_applied_nor_proposed_again(run_import, tmp_path):
    outlet = Outlet.objects.create(slug="notun-khobor", name_en="Notun Khobor")
    curator = User.objects.create_user("curator")
    ChromeRule.objects.create(
        outlet=outlet, text=normalise(CHROME_APP), status=ChromeRule.Status.KEEP, decided_by=curator
    )
    run_import(write(tmp_path, "first.json", rows()))
    assert outlet_articles().filter(body__contains=CHROME_WORD).count() == 8
    kept = ChromeRule.objects.get(outlet=outlet, text=normalise(CHROME_APP))
    assert kept.status == ChromeRule.Status.KEEP and kept.decided_by == curator
    assert ChromeRule.objects.filter(outlet=outlet).count() == 2  # the kept one and the follow line
    assert not outlet_articles().filter(body__contains="ফেসবুক পাতায়").exists()
    call_command("learn_chrome", "--outlet", "notun-khobor", verbosity=0)
    assert outlet_articles().filter(body__contains=CHROME_WORD).count() == 8


@pytest.fixture
def stored(private_index, django_capture_on_commit_callbacks):
    """The invented articles stored directly (no import, so nothing learned yet) and indexed."""
    outlet = Outlet.objects.create(slug="notun-khobor", name_en="Notun Khobor")
    with django_capture_on_commit_callbacks(execute=True):
        for key, body in bodies().items():
            Article.objects.create(
                title=f"শিরোনাম {key}", body=body, outlet=outlet, content_hash=body_fingerprints(body)[0]
            )
        retag_articles(list(outlet.articles.values_list("pk", flat=True)), build_tagger())
    return outlet


def test_learn_chrome_cleans_existing_articles_and_the_index_follows(stored, capsys):
    with_app = set(outlet_articles().filter(body__contains=CHROME_WORD).values_list("pk", flat=True))
    assert len(with_app) == 8 and found(CHROME_WORD) == with_app
    facebook = Mention.objects.filter(article__outlet=stored, entity__key="facebook")
    assert facebook.count() == 6  # "follow us on Facebook" is chrome, not news about Facebook

    call_command("learn_chrome", "--dry-run", "--outlet", "notun-khobor", "--no-progress")
    assert (
        "Dry run: 1 outlets, 13 articles: 2 new drop rules, 0 proposed; 10 articles cleaned (14 lines removed)"
        in capsys.readouterr().out
    )
    assert not ChromeRule.objects.exists() and found(CHROME_WORD) == with_app

    call_command("learn_chrome", "--outlet", "notun-khobor", "--no-progress")
    out = capsys.readouterr().out
    assert (
        "1 outlets, 13 articles: 2 new drop rules, 0 proposed; 10 articles cleaned (14 lines removed)" in out
    )
    assert found(CHROME_WORD) == set()
    assert not outlet_articles().filter(body__contains="ফেসবুক পাতায়").exists()
    article = outlet_articles().get(pk=min(with_app))
    assert article.content_hash == body_fingerprints(article.body)[0]
    assert article.pk in found("খুশি")  # the story itself is still there and indexed
    assert not facebook.exists()


def test_learn_chrome_names_an_unknown_outlet():
    with pytest.raises(CommandError, match="no outlet with the slug 'nowhere'"):
        call_command("learn_chrome", "--outlet", "nowhere")


@pytest.fixture
def curator(client):
    user = User.objects.create_superuser("chrome-curator", "c@example.org", "pw-for-tests-only")
    client.force_login(user)
    return client


def test_admin_lists_rules_per_outlet_with_examples(stored, curator):
    call_command("learn_chrome", "--dry-run", verbosity=0)
    article = outlet_articles().first()
    ChromeRule.objects.create(
        outlet=stored, text="abc", example_text="প্রস্তাবিত লাইন", articles=4, examples=[article.pk]
    )
    url = reverse("admin:articles_chromerule_changelist")
    page = curator.get(url, {"outlet__id__exact": stored.pk, "status__exact": "proposed"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "প্রস্তাবিত লাইন" in html
    assert reverse("admin:articles_article_change", args=[article.pk]) in html
    assert curator.get(url, {"status__exact": "keep"}).content.decode().count("প্রস্তাবিত লাইন") == 0


def test_admin_drop_action_cleans_bodies_and_keep_action_records_the_curator(
    stored, curator, django_capture_on_commit_callbacks
):
    app = ChromeRule.objects.create(
        outlet=stored, text=normalise(CHROME_APP), example_text=CHROME_APP, articles=8
    )
    follow = ChromeRule.objects.create(
        outlet=stored, text=normalise(CHROME_FOLLOW), example_text=CHROME_FOLLOW
    )
    url = reverse("admin:articles_chromerule_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = curator.post(url, {"action": "drop", "_selected_action": [app.pk]})
    assert response.status_code == 302
    app.refresh_from_db()
    assert (
        app.status == ChromeRule.Status.DROP
        and app.decided_by.username == "chrome-curator"
        and app.decided_at
    )
    assert not outlet_articles().filter(body__contains=CHROME_WORD).exists()
    assert found(CHROME_WORD) == set()

    curator.post(url, {"action": "keep", "_selected_action": [follow.pk]})
    follow.refresh_from_db()
    assert follow.status == ChromeRule.Status.KEEP and follow.decided_by.username == "chrome-curator"
    assert outlet_articles().filter(body__contains="ফেসবুক পাতায়").count() == 6


def test_deciding_in_the_change_form_records_the_curator_and_applies_a_drop(
    stored, curator, django_capture_on_commit_callbacks
):
    rule = ChromeRule.objects.create(
        outlet=stored, text=normalise(CHROME_APP), example_text=CHROME_APP, articles=8
    )
    url = reverse("admin:articles_chromerule_change", args=[rule.pk])
    page = curator.get(url)
    assert page.status_code == 200 and "ঝলমলশব্দ" in page.content.decode()
    data = {"outlet": stored.pk, "example_text": CHROME_APP, "status": "drop"}
    with django_capture_on_commit_callbacks(execute=True):
        response = curator.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    rule.refresh_from_db()
    assert rule.status == ChromeRule.Status.DROP and rule.decided_by.username == "chrome-curator"
    assert not outlet_articles().filter(body__contains=CHROME_WORD).exists()
    assert found(CHROME_WORD) == set()
