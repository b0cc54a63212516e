"""Curators fix entries in admin; their edits reach the index at once."""

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


@pytest.mark.parametrize(
    "model", ["article", "outlet", "topic", "entity", "entitycandidate", "curationlog", "mention", "cluster"]
)
def test_admin_pages_render(curator, model):
    assert curator.get(reverse(f"admin:articles_{model}_changelist")).status_code == 200
    assert curator.get(reverse(f"admin:articles_{model}_changelist"), {"q": "ইরান"}).status_code == 200


def test_admin_edit_reaches_the_index(curator, private_index, django_capture_on_commit_callbacks):
    article = Article.objects.published().exclude(published_at=None).first()
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = curator.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "title": "জাদুঘরশব্দ সংশোধিত শিরোনাম",
            "outlet": article.outlet_id or "",
            "topic": article.topic_id or "",
            "duplicate_of": "",
            "sources": '["Reuters"]',
            "published_at_0": article.published_at.date().isoformat() if article.published_at else "",
            "published_at_1": "10:00:00",
            "updated_at_0": "",
            "updated_at_1": "",
            "mentions-TOTAL_FORMS": "0",
            "mentions-INITIAL_FORMS": "0",
        }
    )
    data.pop("published_at", None)
    data.pop("updated_at", None)
    with django_capture_on_commit_callbacks(execute=True):
        response = curator.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert article.pk in found("জাদুঘরশব্দ")


def test_hide_and_publish_actions_update_the_index(
    curator, private_index, django_capture_on_commit_callbacks
):
    article = Article.objects.published().first()
    word = article.title.split()[0]
    assert article.pk in found(word)
    changelist = reverse("admin:articles_article_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        curator.post(changelist, {"action": "hide", "_selected_action": [article.pk]})
    assert article.pk not in found(word)
    with django_capture_on_commit_callbacks(execute=True):
        curator.post(changelist, {"action": "publish", "_selected_action": [article.pk]})
    assert article.pk in found(word)


def test_join_cluster_action_marks_copies(curator, private_index, django_capture_on_commit_callbacks):
    first, second = Article.objects.published().exclude(published_at=None).order_by("published_at", "pk")[:2]
    with django_capture_on_commit_callbacks(execute=True):
        curator.post(
            reverse("admin:articles_article_changelist"),
            {"action": "join_cluster", "_selected_action": [first.pk, second.pk]},
        )
    second.refresh_from_db()
    assert second.duplicate_of_id == first.pk
    assert second.pk not in {h.id for h in run_search(SearchParams(q="", per_page=1000)).hits}
    # The copy keeps its page, which links to the cluster.
    page = curator.get(second.get_absolute_url())
    assert page.status_code == 200 and second.cluster.get_absolute_url() in page.content.decode()
