"""Collections: add and remove from the article page, notes and tags, export, share by link, revoke."""

import csv
import io
import json
import zipfile

import pytest
from django.test import Client

from articles.models import Article
from articles.research.models import Collection, CollectionItem


@pytest.fixture
def two(db):
    return list(Article.objects.published().order_by("pk")[:2])


def add(client, article, collection=None, new_name="", tags=""):
    data = {"article": article.pk, "next": article.get_absolute_url(), "tags": tags}
    if collection:
        data["collection"] = collection.pk
    if new_name:
        data["new_name"] = new_name
    return client.post("/research/collections/add/", data)


def test_article_page_has_the_form_signed_in_and_a_sign_in_link_signed_out(signed_in, two):
    page = signed_in.get(two[0].get_absolute_url()).content.decode()
    assert 'action="/research/collections/add/"' in page and 'name="new_name"' in page
    anonymous = Client().get(two[0].get_absolute_url()).content.decode()
    assert "/research/collections/add/" not in anonymous
    assert "/research/sign-in/?next=" in anonymous


def test_add_to_a_new_then_an_existing_collection_and_remove(signed_in, researcher, two):
    response = add(signed_in, two[0], new_name="নদী ভাঙন")
    assert response.status_code == 302 and response["Location"] == two[0].get_absolute_url()
    collection = Collection.objects.get(owner=researcher, name="নদী ভাঙন")
    page = signed_in.get(two[0].get_absolute_url()).content.decode()
    assert collection.get_absolute_url() in page  # the article page says where it is kept
    add(signed_in, two[1], collection=collection)
    add(signed_in, two[1], collection=collection)  # twice: still once
    assert list(collection.items.values_list("article_id", flat=True)) == [two[0].pk, two[1].pk]
    signed_in.post(f"/research/collections/{collection.pk}/items/{two[0].pk}/remove/")
    assert list(collection.items.values_list("article_id", flat=True)) == [two[1].pk]


def test_cannot_add_to_or_read_another_users_collection(signed_in, other_researcher, two):
    theirs = Collection.objects.create(owner=other_researcher, name="ওদের")
    assert add(signed_in, two[0], collection=theirs).status_code == 404
    assert not theirs.items.exists()
    assert signed_in.get(theirs.get_absolute_url()).status_code == 404
    assert signed_in.get(f"/research/collections/{theirs.pk}/export.csv").status_code == 404


def test_notes_and_tags_per_item_and_filtering_by_tag(signed_in, researcher, two):
    collection = Collection.objects.create(owner=researcher, name="বাজেট")
    for article in two:
        add(signed_in, article, collection=collection)
    first, second = two
    response = signed_in.post(
        f"/research/collections/{collection.pk}/items/{first.pk}/",
        {f"item{first.pk}-notes": "উদ্ধৃতি দ্বিতীয় অনুচ্ছেদে", f"item{first.pk}-tags": "বাজেট, কৃষি, বাজেট"},
    )
    assert response.status_code == 302
    item = CollectionItem.objects.get(collection=collection, article=first)
    assert item.notes == "উদ্ধৃতি দ্বিতীয় অনুচ্ছেদে" and item.tag_list() == ["বাজেট", "কৃষি"]
    page = signed_in.get(collection.get_absolute_url(), {"tag": "কৃষি"})
    shown = [i.article_id for i, _form in page.context["items"]]
    assert shown == [first.pk]
    assert page.context["tags"] == ["কৃষি", "বাজেট"]
    everything = signed_in.get(collection.get_absolute_url())
    assert [i.article_id for i, _form in everything.context["items"]] == [first.pk, second.pk]


def test_export_is_the_collection_in_its_order(signed_in, researcher, two):
    collection = Collection.objects.create(owner=researcher, name="রপ্তানি")
    for article in reversed(two):
        add(signed_in, article, collection=collection)
    response = signed_in.get(f"/research/collections/{collection.pk}/export.csv")
    assert response.status_code == 200 and response.streaming
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))
    assert [int(r["id"]) for r in rows] == [two[1].pk, two[0].pk]
    assert rows[0]["title"] == two[1].title
    jsonl = signed_in.get(f"/research/collections/{collection.pk}/export.jsonl", {"text": "1"})
    lines = [json.loads(line) for line in b"".join(jsonl.streaming_content).decode().splitlines()]
    assert [r["id"] for r in lines] == [two[1].pk, two[0].pk] and lines[0]["text"]
    archive = signed_in.get(f"/research/collections/{collection.pk}/export.zip")
    names = zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))).namelist()
    assert sorted(n for n in names if n.startswith("texts/")) == sorted(f"texts/{a.pk}.txt" for a in two)
    assert signed_in.get(f"/research/collections/{collection.pk}/export.xml").status_code == 404


def test_private_until_shared_then_readable_signed_out_then_revoked(signed_in, researcher, two):
    collection = Collection.objects.create(owner=researcher, name="ভাগ করা", notes="পাঠচক্রের জন্য")
    for article in two:
        add(signed_in, article, collection=collection)
    reader = Client()
    assert reader.get(collection.get_absolute_url()).status_code == 302  # sign in first
    signed_in.post(f"/research/collections/{collection.pk}/share/", {"action": "share"})
    collection.refresh_from_db()
    token = collection.share_token
    assert token and len(token) >= 40
    shared = reader.get(f"/research/shared/{token}/")
    assert shared.status_code == 200
    body = shared.content.decode()
    assert two[0].title in body and two[1].title in body and "পাঠচক্রের জন্য" in body
    assert "/research/collections/add/" not in body and "remove" not in body  # read only
    export = reader.get(f"/research/shared/{token}/export.csv")
    assert export.status_code == 200 and export["X-Archive-Rows"] == "2"
    assert reader.get("/research/shared/guessed-token/").status_code == 404
    # A new link revokes the old one; stopping sharing revokes every link.
    signed_in.post(f"/research/collections/{collection.pk}/share/", {"action": "share"})
    collection.refresh_from_db()
    assert reader.get(f"/research/shared/{token}/").status_code == 404
    assert reader.get(f"/research/shared/{collection.share_token}/").status_code == 200
    newer = collection.share_token
    signed_in.post(f"/research/collections/{collection.pk}/share/", {"action": "private"})
    assert reader.get(f"/research/shared/{newer}/").status_code == 404
    assert reader.get(f"/research/shared/{newer}/export.csv").status_code == 404


def test_shared_link_leaves_out_hidden_articles(signed_in, researcher, two):
    collection = Collection.objects.create(owner=researcher, name="লুকানো", share_token="t" * 43)
    for article in two:
        add(signed_in, article, collection=collection)
    Article.objects.filter(pk=two[0].pk).update(status=Article.Status.HIDDEN)
    try:
        items = Client().get(f"/research/shared/{'t' * 43}/").context["items"]
        assert [i.article_id for i in items] == [two[1].pk]
        own = signed_in.get(collection.get_absolute_url()).context["items"]
        assert len(own) == 2  # the owner still sees what they kept
    finally:
        Article.objects.filter(pk=two[0].pk).update(status=Article.Status.PUBLISHED)


def test_unsafe_next_is_ignored(signed_in, researcher, two):
    response = signed_in.post(
        "/research/collections/add/", {"article": two[0].pk, "new_name": "x", "next": "https://evil.example/"}
    )
    assert response["Location"] == Collection.objects.get(owner=researcher, name="x").get_absolute_url()
