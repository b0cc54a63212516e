"""Story clusters: copies are stored and clustered, pages show them, curators split and join, rebuilds."""

import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from articles.clusters.diff import tokens, word_diff
from articles.ingest.dedup import is_copy
from articles.models import Article, Cluster
from articles.search import SearchParams, run_search

pytestmark = pytest.mark.django_db

# An invented story (never published anywhere), long enough for MinHash to tell copies apart.
STORY = [
    "কুমারখালী উপজেলার নদীতীরে নতুন একটি তাঁতশিল্প কেন্দ্র আজ সকালে চালু হয়েছে।",
    "কেন্দ্রটিতে প্রথম দফায় একশো বিশজন তাঁতি কাজ পাবেন বলে জানিয়েছেন আয়োজকেরা।",
    "স্থানীয় সমবায় সমিতির সভাপতি রোকেয়া খাতুন বলেন, সুতার দাম কমলে তাঁতিদের আয় বাড়বে।",
    "উদ্বোধনী অনুষ্ঠানে জেলা প্রশাসনের কর্মকর্তারা নদীভাঙন রোধে বাঁধ মেরামতের আশ্বাস দেন।",
    "তাঁতিরা জানান, বর্ষায় কাঁচামাল আনতে নৌকাই একমাত্র ভরসা, তাই ঘাট সংস্কার জরুরি।",
    "কেন্দ্রের নকশা করেছেন স্থানীয় স্থপতি মাহফুজ আলম, যিনি পুরোনো গুদামঘর নতুন করে সাজিয়েছেন।",
    "আগামী মাসে সেখানে শিশুদের জন্য একটি ছোট পাঠাগারও খোলা হবে বলে জানা গেছে।",
    "মেলায় তৈরি গামছা ও শাড়ি ঢাকার দোকানগুলোতে পাঠানোর পরিকল্পনা রয়েছে সমিতির।",
    "অনুষ্ঠান শেষে তাঁতিরা ঐতিহ্যবাহী নকশার একটি প্রদর্শনী ঘুরে দেখান অতিথিদের।",
    "আয়োজকেরা আশা করছেন, আগামী বছরের মধ্যে কেন্দ্রে তিনশো তাঁতির কর্মসংস্থান হবে।",
]
TITLE = "কুমারখালীতে নদীতীরে নতুন তাঁতশিল্প কেন্দ্র চালু"


def row(outlet, url, published_at, body=None, title=TITLE):
    return {
        "headline": title,
        "article": "\n\n".join(body or STORY),
        "url": url,
        "paper_name": outlet,
        "published_at": published_at,
    }


def write(tmp_path, name, *rows):
    path = tmp_path / name
    path.write_text(json.dumps(list(rows), ensure_ascii=False), encoding="utf-8")
    return path


def edited():
    body = list(STORY)
    body[2] = "সমবায় সমিতির সভাপতি রোকেয়া খাতুন বলেন, সুতার দাম কমলে তাঁতিদের আয় অনেক বাড়বে।"
    return body


ORIGINAL = row("Prothom Alo", "https://www.prothomalo.com/bangladesh/weave-1", "2024-03-10T10:00:00+06:00")
EXACT = row("Jugantor", "https://www.jugantor.com/country/weave-2", "2024-03-10T12:00:00+06:00")
NEAR = row("Samakal", "https://samakal.com/whole-country/weave-3", "2024-03-10T11:00:00+06:00", body=edited())
EARLIER = row("Kaler Kantho", "https://www.kalerkantho.com/online/weave-4", "2024-03-10T08:30:00+06:00")


def found(q):
    return {h.id for h in run_search(SearchParams(q=q, per_page=100)).hits}


@pytest.fixture
def story(run_import, tmp_path):
    """The original, an exact copy from a second outlet and a near copy from a third, one import each."""
    for n, record in enumerate([ORIGINAL, EXACT, NEAR]):
        status, out, _err = run_import(write(tmp_path, f"s{n}.json", record))
        assert status == 0, out
        assert "1 created" in out
    return {a.outlet.slug: a for a in Article.objects.filter(url__contains="weave-").select_related("outlet")}


def test_exact_copy_from_a_second_outlet_is_stored_and_clustered(story):
    original, exact = story["prothom-alo"], story["jugantor"]
    assert original.content_hash == exact.content_hash
    assert original.cluster_id and exact.cluster_id == original.cluster_id
    assert exact.duplicate_of_id == original.pk and original.duplicate_of_id is None
    assert original in Article.objects.published() and exact not in Article.objects.published()


def test_near_copy_joins_the_cluster_and_readers_find_the_earliest(story):
    original, near = story["prothom-alo"], story["samakal"]
    cluster = Cluster.objects.get(pk=original.cluster_id)
    assert near.cluster_id == cluster.pk and near.content_hash != original.content_hash
    assert cluster.size == 3 and cluster.earliest_id == original.pk
    hits = found("কুমারখালী তাঁতশিল্প")
    assert original.pk in hits and not hits & {near.pk, story["jugantor"].pk}


def test_reimport_of_the_same_url_or_text_creates_no_copy(story, run_import, tmp_path):
    status, out, _err = run_import(write(tmp_path, "again.json", ORIGINAL, EXACT))
    assert "0 created" in out and "2 unchanged" in out
    no_url = dict(ORIGINAL, url="")
    status, out, _err = run_import(write(tmp_path, "no-url.json", no_url))
    assert "0 created" in out and "1 unchanged" in out
    assert Article.objects.filter(title=TITLE).count() == 3
    assert Cluster.objects.get(pk=story["prothom-alo"].cluster_id).size == 3


def test_a_later_import_of_an_earlier_copy_becomes_the_earliest(story, run_import, tmp_path):
    status, out, _err = run_import(write(tmp_path, "earlier.json", EARLIER))
    assert "1 created" in out
    first = Article.objects.get(url=EARLIER["url"])
    cluster = Cluster.objects.get(pk=story["prothom-alo"].cluster_id)
    assert first.cluster_id == cluster.pk
    assert cluster.earliest_id == first.pk and cluster.size == 4
    assert set(cluster.articles.exclude(pk=first.pk).values_list("duplicate_of", flat=True)) == {first.pk}
    hits = found("কুমারখালী তাঁতশিল্প")  # the index followed: the new earliest is the one readers find
    assert first.pk in hits and story["prothom-alo"].pk not in hits


def test_same_outlet_with_another_headline_is_not_a_copy(run_import, tmp_path):
    # A scraper that took an outlet's boilerplate for the text of two different stories.
    boilerplate = ["মন্তব্য প্রকাশের নীতিমালা: পাঠকের মতামত তাঁর নিজের, প্রতিষ্ঠানের নয়।"] * 3 + STORY[:5]
    first = row(
        "Samakal", "https://samakal.com/a/1", "2024-04-01", body=boilerplate, title="বাজারে চালের দাম স্থির"
    )
    second = row(
        "Samakal", "https://samakal.com/a/2", "2024-04-02", body=boilerplate, title="ট্রেনের সময়সূচি বদল"
    )
    status, out, _err = run_import(write(tmp_path, "chrome.json", first, second))
    assert "2 created" in out
    assert list(
        Article.objects.filter(url__startswith="https://samakal.com/a/").values_list("cluster", flat=True)
    ) == [
        None,
        None,
    ]
    assert is_copy("samakal", TITLE, "samakal", TITLE) and is_copy("samakal", TITLE, "jugantor", "অন্য শিরোনাম")


def test_dry_run_reports_copies_and_writes_nothing(run_import, tmp_path):
    clusters = Cluster.objects.count()
    status, out, _err = run_import("--dry-run", "--json", write(tmp_path, "dry.json", ORIGINAL, EXACT, NEAR))
    records = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert [r["duplicate_of"] is None for r in records] == [True, False, False]
    assert not Article.objects.filter(title=TITLE).exists() and Cluster.objects.count() == clusters


def test_copy_permalink_says_it_is_a_copy_and_links_to_the_cluster(story, client):
    exact, original = story["jugantor"], story["prothom-alo"]
    cluster_url = reverse("articles:cluster", args=[exact.cluster_id])
    response = client.get(exact.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert cluster_url in html and "এই সংবাদের ৩টি সংস্করণের একটি" in html
    assert original.get_absolute_url() in html  # the earliest version, one click away
    assert "এই সংবাদের আরও ২টি সংস্করণ" in html
    assert client.get(reverse("articles:permalink", args=[exact.pk])).status_code == 301
    html = client.get(original.get_absolute_url()).content.decode()
    assert cluster_url in html and "সবচেয়ে আগের" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(exact.get_absolute_url()).content.decode()
    assert "one of 3 versions of this story" in html


def test_cluster_page_lists_outlets_in_order_and_shows_what_changed(story, client):
    response = client.get(reverse("articles:cluster", args=[story["samakal"].cluster_id]))
    assert response.status_code == 200
    html = response.content.decode()
    order = [html.index(f'href="/outlet/{slug}/"') for slug in ("prothom-alo", "samakal", "jugantor")]
    assert order == sorted(order)  # 10:00, 11:00, 12:00
    assert "<ins>" in html and "অনেক" in html.split("<ins>", 1)[1].split("</ins>", 1)[0]
    assert "<del>" in html and "স্থানীয়" in html.split("<del>", 1)[1].split("</del>", 1)[0]
    assert "একই লেখা" in html  # the exact copy changed nothing
    assert client.get(reverse("articles:cluster", args=[99999])).status_code == 404


def test_approximate_dates_are_marked_on_the_cluster_page(story, client):
    Article.objects.filter(pk=story["jugantor"].pk).update(date_precision=Article.Precision.APPROXIMATE)
    html = client.get(reverse("articles:cluster", args=[story["jugantor"].cluster_id])).content.decode()
    assert "≈" in html and "আনুমানিক" in html


def test_word_diff_keeps_bengali_words_whole_and_ignores_digit_script():
    assert [t for _k, t in tokens("ক্ষমা চাই।")] == ["ক্ষমা ", "চাই", "।"]
    same = word_diff("দাম ১২০ টাকা।", "দাম 120 টাকা।")
    assert same.unchanged and same.same_share == 1.0
    diff = word_diff("রোকেয়া বলেন, আয় বাড়বে।", "রোকেয়া বলেন, আয় অনেক বাড়বে।")
    assert (diff.inserted, diff.deleted) == (1, 0)
    assert [s.op for s in diff.segments] == ["same", "ins", "same"] and diff.segments[1].text == "অনেক "


@pytest.fixture
def curator(client):
    client.force_login(User.objects.create_superuser("curator", "c@example.org", "pw-for-tests-only"))
    return client


def test_admin_lists_clusters_and_splits_and_joins(story, curator, django_capture_on_commit_callbacks):
    cluster_id = story["samakal"].cluster_id
    assert curator.get(reverse("admin:articles_cluster_changelist")).status_code == 200
    page = curator.get(reverse("admin:articles_cluster_change", args=[cluster_id]))
    assert page.status_code == 200 and story["samakal"].title in page.content.decode()
    changelist = reverse("admin:articles_article_changelist")
    near = story["samakal"]
    with django_capture_on_commit_callbacks(execute=True):
        curator.post(changelist, {"action": "split_cluster", "_selected_action": [near.pk]})
    near.refresh_from_db()
    assert near.cluster_id is None and near.duplicate_of_id is None and near.cluster_pinned
    assert Cluster.objects.get(pk=cluster_id).size == 2
    assert near.pk in found("কুমারখালী তাঁতশিল্প")  # visible again, in the index too
    other = Article.objects.published().exclude(title=TITLE).exclude(cluster__isnull=False).first()
    with django_capture_on_commit_callbacks(execute=True):
        curator.post(changelist, {"action": "join_cluster", "_selected_action": [near.pk, other.pk]})
    near.refresh_from_db()
    other.refresh_from_db()
    assert near.cluster_id and near.cluster_id == other.cluster_id
    earliest = Cluster.objects.get(pk=near.cluster_id).earliest
    copy = other if earliest == near else near
    copy.refresh_from_db()
    assert copy.duplicate_of_id == earliest.pk
    everything = {h.id for h in run_search(SearchParams(q="", per_page=1000)).hits}
    assert earliest.pk in everything and copy.pk not in everything


def test_cluster_articles_rebuilds_keeps_ids_and_curators_decisions(story, capsys):
    cluster_id = story["prothom-alo"].cluster_id
    call_command("cluster_articles", "--no-progress")
    assert "0 articles change cluster" in capsys.readouterr().out
    Article.objects.filter(cluster=cluster_id).update(cluster=None, duplicate_of=None)
    call_command("cluster_articles", "--dry-run", "--no-progress")
    assert "3 articles change cluster" in capsys.readouterr().out
    assert not Article.objects.filter(cluster=cluster_id).exists()
    Article.objects.filter(pk=story["jugantor"].pk).update(cluster_pinned=True)  # a curator split it out
    call_command("cluster_articles", "--no-progress")
    out = capsys.readouterr().out
    assert "1 new" in out
    rebuilt = Article.objects.get(pk=story["prothom-alo"].pk).cluster
    assert set(rebuilt.articles.values_list("pk", flat=True)) == {
        story["prothom-alo"].pk,
        story["samakal"].pk,
    }
    assert rebuilt.earliest_id == story["prothom-alo"].pk
    assert Article.objects.get(pk=story["jugantor"].pk).cluster_id is None


def test_hiding_the_earliest_version_shows_the_next_one(story, curator, django_capture_on_commit_callbacks):
    original, near = story["prothom-alo"], story["samakal"]
    with django_capture_on_commit_callbacks(execute=True):
        curator.post(
            reverse("admin:articles_article_changelist"),
            {"action": "hide", "_selected_action": [original.pk]},
        )
    cluster = Cluster.objects.get(pk=original.cluster_id)
    assert cluster.earliest_id == near.pk  # 11:00, the first version readers may see
    hits = found("কুমারখালী তাঁতশিল্প")
    assert near.pk in hits and original.pk not in hits
    html = curator.get(cluster.get_absolute_url()).content.decode()
    assert original.get_absolute_url() not in html and near.get_absolute_url() in html


def test_a_listing_page_with_the_same_text_is_no_copy(story, private_index):
    from articles.importer import Importer
    from articles.ingest.record import Record

    listing = Record(
        source="front.html",
        title="সর্বশেষ সংবাদ",
        body="\n\n".join(STORY),
        url="https://www.jugantor.com/latest",
        outlet="Jugantor",
        kind="listing",
    )
    assert Importer(tag=False).process(listing) == "created"
    assert listing.duplicate_of is None
    assert Article.objects.get(url="https://www.jugantor.com/latest").cluster_id is None


# A second invented story, sharing no sentence with STORY.
STORY_TWO = [
    "পাহাড়ি ঢল নামার আগেই সুনামগঞ্জের হাওরে কৃষকেরা আগাম ধান কাটা শুরু করেছেন।",
    "কৃষি কার্যালয় জানায়, এবার হাওরের প্রায় অর্ধেক জমির ধান পেকে গেছে।",
    "শ্রমিক সংকট মেটাতে পাশের উপজেলা থেকে কম্বাইন হারভেস্টার আনা হয়েছে।",
    "কৃষক আবদুল মজিদ বলেন, বৃষ্টি নামার আগে ধান ঘরে তুলতে না পারলে লোকসান হবে।",
    "বাঁধ তদারকি কমিটির সদস্যরা রাতভর বাঁধের দুর্বল অংশে মাটি ফেলছেন।",
    "আবহাওয়া অফিস আগামী তিন দিনে ভারী বৃষ্টির পূর্বাভাস দিয়েছে।",
    "হাটে নতুন ধানের দাম মণপ্রতি কিছুটা কম বলে জানিয়েছেন ব্যবসায়ীরা।",
    "জেলা প্রশাসন খাদ্যগুদামে সরাসরি ধান কেনার সময়সূচি ঘোষণা করেছে।",
    "স্কুলপড়ুয়া ছেলেমেয়েরাও মাঠে বাবা-মায়ের সঙ্গে ধান কাটায় হাত লাগিয়েছে।",
    "কৃষকেরা আশা করছেন, আবহাওয়া অনুকূলে থাকলে এক সপ্তাহে সব ধান কাটা শেষ হবে।",
]


def test_one_import_clusters_copies_of_copies_and_two_stories_in_one_batch(run_import, tmp_path):
    # Everything in one file, so in one batch: the copies' clusters are written together at its end.
    further = edited()
    further[6] = "সেখানে শিশুদের জন্য একটি ছোট পাঠাগার খোলার কথাও জানিয়েছেন তাঁরা।"
    near_of_near = row("Ittefaq", "https://www.ittefaq.com.bd/country/weave-5", "2024-03-10T13:00:00+06:00",
                       body=further)  # fmt: skip
    harvest = [
        row("Samakal", "https://samakal.com/country/harvest-1", "2024-04-20T09:00:00+06:00", body=STORY_TWO,
            title="হাওরে আগাম ধান কাটা"),
        row("Jugantor", "https://www.jugantor.com/country/harvest-2", "2024-04-20T07:00:00+06:00",
            body=STORY_TWO, title="হাওরে ধান কাটার ধুম"),
    ]  # fmt: skip
    clusters = Cluster.objects.count()
    status, out, _err = run_import(
        write(tmp_path, "batch.json", ORIGINAL, NEAR, harvest[0], near_of_near, EXACT, harvest[1], EARLIER)
    )
    assert status == 0 and "7 created" in out, out
    weave = Article.objects.filter(url__contains="weave-")
    harvested = Article.objects.filter(url__contains="harvest-")
    assert len({a.cluster_id for a in weave}) == 1 and len({a.cluster_id for a in harvested}) == 1
    first = Article.objects.get(url=EARLIER["url"])  # imported last, published first
    cluster = first.cluster
    assert cluster.size == 5 and cluster.earliest_id == first.pk and first.duplicate_of_id is None
    assert set(weave.exclude(pk=first.pk).values_list("duplicate_of", flat=True)) == {first.pk}
    second = harvested.get(url=harvest[1]["url"])
    assert (
        second.cluster_id != cluster.pk
        and second.cluster.size == 2
        and second.cluster.earliest_id == second.pk
    )
    assert harvested.get(url=harvest[0]["url"]).duplicate_of_id == second.pk
    assert Cluster.objects.count() == clusters + 2
    hits = found("কুমারখালী তাঁতশিল্প") | found("হাওরে ধান")  # the index has only the earliest versions
    assert {first.pk, second.pk} <= hits and not hits & set(
        weave.exclude(pk=first.pk).values_list("pk", flat=True)
    )


def test_a_copy_of_an_article_curators_split_out_stays_out(story, run_import, tmp_path):
    from articles.clusters import service

    near = story["samakal"]
    service.split([near.pk])
    same_text = row("Ittefaq", "https://www.ittefaq.com.bd/country/weave-6", "2024-03-10T14:00:00+06:00",
                    body=edited())  # fmt: skip
    status, out, _err = run_import(write(tmp_path, "after-split.json", same_text))
    assert status == 0 and "1 created" in out, out
    copy = Article.objects.get(url=same_text["url"])
    near.refresh_from_db()
    assert copy.cluster_id is None and near.cluster_id is None and copy.duplicate_of_id is None
    assert Cluster.objects.get(pk=story["prothom-alo"].cluster_id).size == 2
