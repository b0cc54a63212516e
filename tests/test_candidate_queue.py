"""The candidate queue's one-click decisions and its readable example sentence."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from articles.admin_candidates import example_sentence
from articles.models import Article, CurationLog, Entity, EntityCandidate, Outlet

pytestmark = pytest.mark.django_db

TEXT = (
    "নদীর পাড়ে নতুন বাঁধ তৈরি হচ্ছে। স্থানীয় চেয়ারম্যান কমলিকা বর্মণ বলেন, কাজ শেষ হবে বর্ষার আগে। "
    "গ্রামের মানুষ খুশি।\n\nদ্বিতীয় অনুচ্ছেদে অন্য কথা।"
)


@pytest.fixture
def curator(client):
    user = User.objects.create_superuser("curator", "c@example.org", "pw-for-tests-only")
    client.force_login(user)
    return client


@pytest.fixture
def example(db):
    outlet = Outlet.objects.create(name_en="Test Outlet", slug="test-outlet-queue")
    return Article.objects.create(outlet=outlet, title="বাঁধের কাজ", body=TEXT, content_hash="q1")


def test_the_example_sentence_is_the_one_with_the_name():
    before, name, after = example_sentence(TEXT, "কমলিকা বর্মণ")
    assert before == "স্থানীয় চেয়ারম্যান "
    assert name == "কমলিকা বর্মণ"
    assert after == " বলেন, কাজ শেষ হবে বর্ষার আগে।"
    assert example_sentence(TEXT, "অনুপস্থিত") is None


def test_a_long_sentence_is_cut_around_the_name():
    long = "শুরু " + "অনেক কথা " * 60 + "কমলিকা বর্মণ " + "আরও কথা " * 60 + "শেষ।"
    before, name, after = example_sentence(long, "কমলিকা বর্মণ", limit=120)
    assert before.startswith("…") and after.endswith("…")
    assert len(before) + len(name) + len(after) <= 140


def test_the_list_shows_the_sentence_marked_and_one_click_buttons(curator, example):
    candidate = EntityCandidate.objects.create(text="কমলিকা বর্মণ", count=2, example=example)
    page = curator.get(reverse("admin:articles_entitycandidate_changelist")).content.decode()
    assert "স্থানীয় চেয়ারম্যান <mark>কমলিকা বর্মণ</mark> বলেন" in page
    decide = reverse("admin:articles_entitycandidate_decide", args=[candidate.pk])
    for value in ("person", "organisation", "place", "reject", "attach"):
        assert f'formaction="{decide}" name="decide" value="{value}"' in page
    assert f'name="attach-{candidate.pk}"' in page
    assert "js/candidate_queue.js" in page


@pytest.mark.parametrize("kind", ["person", "organisation", "place"])
def test_one_click_approves_as_a_new_entity(
    curator, example, private_index, django_capture_on_commit_callbacks, kind
):
    candidate = EntityCandidate.objects.create(text="কমলিকা বর্মণ", count=2, example=example)
    url = reverse("admin:articles_entitycandidate_decide", args=[candidate.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = curator.post(url, {"decide": kind})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == "approved" and candidate.entity.kind == kind
    assert candidate.entity.name == "কমলিকা বর্মণ"
    assert CurationLog.objects.filter(action="candidate_approved", entity=candidate.entity).exists()


def test_one_click_attaches_to_an_entity_typed_by_key_or_name(
    curator, example, private_index, django_capture_on_commit_callbacks
):
    entity = Entity.objects.create(key="komolika-barman", name="কমলিকা বর্মন", kind="person")
    candidate = EntityCandidate.objects.create(text="কমলিকা বর্মণ", count=2, example=example)
    url = reverse("admin:articles_entitycandidate_decide", args=[candidate.pk])
    with django_capture_on_commit_callbacks(execute=True):
        curator.post(url, {"decide": "attach", f"attach-{candidate.pk}": "কমলিকা বর্মন"})
    candidate.refresh_from_db()
    entity.refresh_from_db()
    assert candidate.status == "approved" and candidate.entity == entity
    assert "কমলিকা বর্মণ" in entity.aliases
    assert Entity.objects.filter(name="কমলিকা বর্মণ").count() == 0


def test_attaching_to_an_unknown_entity_changes_nothing_and_says_so(curator, example):
    candidate = EntityCandidate.objects.create(text="কমলিকা বর্মণ", count=2, example=example)
    url = reverse("admin:articles_entitycandidate_decide", args=[candidate.pk])
    response = curator.post(
        url, {"decide": "attach", f"attach-{candidate.pk}": "no-such-entity"}, follow=True
    )
    candidate.refresh_from_db()
    assert candidate.status == "pending" and candidate.entity is None
    assert "no-such-entity" in response.content.decode()


def test_one_click_reject_is_logged_and_a_decided_candidate_is_left_alone(curator, example):
    candidate = EntityCandidate.objects.create(text="কমলিকা বর্মণ", count=2, example=example)
    url = reverse("admin:articles_entitycandidate_decide", args=[candidate.pk])
    curator.post(url, {"decide": "reject"})
    candidate.refresh_from_db()
    assert candidate.status == "rejected"
    assert CurationLog.objects.filter(action="candidate_rejected", details="কমলিকা বর্মণ").exists()
    curator.post(url, {"decide": "person"})
    candidate.refresh_from_db()
    assert candidate.status == "rejected" and candidate.entity is None
    assert curator.get(url).status_code == 405


def test_deciding_needs_a_curator(client, example):
    candidate = EntityCandidate.objects.create(text="কমলিকা বর্মণ", count=2, example=example)
    url = reverse("admin:articles_entitycandidate_decide", args=[candidate.pk])
    response = client.post(url, {"decide": "reject"})
    assert response.status_code == 302 and "login" in response["Location"]
    candidate.refresh_from_db()
    assert candidate.status == "pending"
