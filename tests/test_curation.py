"""Gazetteer curation: aliases, merges and candidate review re-tag articles, reach search, and are logged."""

import json

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from articles.models import Article, CurationLog, Entity, EntityCandidate, Mention
from articles.search import SearchParams, run_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(client):
    client.force_login(User.objects.create_superuser("curator", "c@example.org", "pw-for-tests-only"))
    return client


def entity_facet():
    return dict(run_search(SearchParams(q="", per_page=1)).facets["entities"])


def test_adding_an_alias_in_admin_retags_and_logs(curator, private_index, django_capture_on_commit_callbacks):
    article = Article.objects.published().first()
    word = max(article.body.split(), key=len).strip("।,")
    entity = Entity.objects.create(key="test-place", name="পরীক্ষাস্থান", kind="place", aliases=[])
    url = reverse("admin:articles_entity_change", args=[entity.pk])
    data = {
        "key": entity.key,
        "name": entity.name,
        "name_en": "",
        "kind": "place",
        "aliases": f'["{word}"]',
        "weak_aliases": "[]",
        "context": "[]",
        "source": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = curator.post(url, data)
    assert response.status_code == 302, response.content.decode()[:1500]
    assert Mention.objects.filter(entity=entity, article=article).exists()
    assert CurationLog.objects.filter(action="add_alias", entity=entity, details=word).exists()
    assert CurationLog.objects.get(action="add_alias", entity=entity).user.username == "curator"
    assert entity_facet().get("test-place", 0) >= 1


def test_merge_moves_mentions_and_aliases(curator, private_index, django_capture_on_commit_callbacks):
    iran = Entity.objects.get(key="iran")
    duplicate = Entity.objects.create(key="iran-copy", name="ইরানি-রাষ্ট্র", kind="place", aliases=["পারস্য"])
    mentioned = set(Mention.objects.filter(entity=iran).values_list("article_id", flat=True))
    assert mentioned
    with django_capture_on_commit_callbacks(execute=True):
        curator.post(
            reverse("admin:articles_entity_changelist"),
            {"action": "merge_into_first", "_selected_action": [iran.pk, duplicate.pk]},
        )
    target = Entity.objects.get(pk=iran.pk)  # "ইরান" sorts first
    assert not Entity.objects.filter(pk=duplicate.pk).exists()
    assert {"পারস্য", "ইরানি-রাষ্ট্র"} <= set(target.aliases)
    assert mentioned <= set(Mention.objects.filter(entity=target).values_list("article_id", flat=True))
    assert CurationLog.objects.filter(action="merge").exists()


def test_candidate_review_queue(curator, private_index, django_capture_on_commit_callbacks):
    article = Article.objects.published().first()
    word = max(article.title.split(), key=len)
    candidate = EntityCandidate.objects.create(text=word, count=3, example=article)
    rejected = EntityCandidate.objects.create(text="অবাঞ্ছিত নাম", count=1)
    assert "অবাঞ্ছিত" not in str(entity_facet())
    changelist = reverse("admin:articles_entitycandidate_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        curator.post(changelist, {"action": "approve_person", "_selected_action": [candidate.pk]})
        curator.post(changelist, {"action": "reject", "_selected_action": [rejected.pk]})
    candidate.refresh_from_db()
    rejected.refresh_from_db()
    assert candidate.status == "approved" and candidate.entity.kind == "person"
    assert rejected.status == "rejected"
    assert Mention.objects.filter(entity=candidate.entity, article=article).exists()
    assert candidate.entity.key in entity_facet()
    assert CurationLog.objects.filter(action="candidate_rejected", details="অবাঞ্ছিত নাম").exists()


def test_import_collects_candidates_not_shown_in_facets(run_import, tmp_path):
    row = {
        "url": "https://example.org/curation/candidate",
        "paper_name": "Samakal",
        "headline": "নতুন সেতুর কাজ শুরু",
        "article": "সেতু বিভাগের সচিব মোস্তাফিজুর রহমান খান বলেন, কাজ দুই বছরে শেষ হবে।\nনির্মাণে খরচ হবে তিনশো কোটি টাকা।",
        "publication_date": "2024-06-02 10:00:00",
    }
    path = tmp_path / "candidate.json"
    path.write_text(json.dumps([row], ensure_ascii=False), encoding="utf-8")
    status, out, _err = run_import(path)
    assert status == 0, out
    candidate = EntityCandidate.objects.get(text="মোস্তাফিজুর রহমান খান")
    assert candidate.example.url == row["url"]
    keys = set(Entity.objects.values_list("key", flat=True))
    assert set(entity_facet()) <= keys


def test_approved_bengali_candidate_gets_a_working_page(
    curator, private_index, django_capture_on_commit_callbacks
):
    candidate = EntityCandidate.objects.create(text="রহিম উদ্দিন", count=2)
    with django_capture_on_commit_callbacks(execute=True):
        curator.post(
            reverse("admin:articles_entitycandidate_changelist"),
            {"action": "approve_person", "_selected_action": [candidate.pk]},
        )
    candidate.refresh_from_db()
    entity = candidate.entity
    assert entity.key.isascii() and entity.name == "রহিম উদ্দিন"
    assert curator.get(entity.get_absolute_url()).status_code == 200
    assert curator.get(reverse("articles:entities")).status_code == 200


def test_entity_key_is_fixed_once_created(curator):
    entity = Entity.objects.get(key="iran")
    html = curator.get(reverse("admin:articles_entity_change", args=[entity.pk])).content.decode()
    assert 'name="key"' not in html


def test_deleting_a_topic_updates_the_index(private_index, django_capture_on_commit_callbacks):
    from articles.models import Topic

    topic = Topic.objects.filter(articles__isnull=False).distinct().first()
    assert run_search(SearchParams(q="", topic=topic.slug)).total >= 1
    with django_capture_on_commit_callbacks(execute=True):
        topic.delete()
    assert run_search(SearchParams(q="", topic=topic.slug)).total == 0


def test_every_entity_edit_is_logged(curator, private_index, django_capture_on_commit_callbacks):
    entity = Entity.objects.get(key="iran")
    data = {
        "name": entity.name,
        "name_en": "Islamic Republic of Iran",
        "kind": "place",
        "aliases": json.dumps(entity.aliases, ensure_ascii=False),
        "weak_aliases": "[]",
        "context": "[]",
        "source": entity.source,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = curator.post(reverse("admin:articles_entity_change", args=[entity.pk]), data)
    assert response.status_code == 302
    entry = CurationLog.objects.get(action="edit", entity=entity)
    assert "Islamic Republic of Iran" in entry.details and entry.user.username == "curator"
