"""Search cursors: a crawl sees every article of its snapshot once, whatever is imported meanwhile."""

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils.timezone import localtime

from articles.models import Article

from .articles import write_articles

pytestmark = pytest.mark.django_db

# Same-day and same-minute dates make ties that the engine orders by its own document numbers.
FIRST = [
    *[(f"a{i}", "2025-03-01", "Jugantor") for i in range(5)],
    *[(f"b{i}", "2025-03-02T10:00:00+06:00", "Samakal") for i in range(4)],
    *[(f"c{i}", f"2025-02-{10 + i:02d}", "Jugantor") for i in range(6)],
    *[(f"u{i}", None, "Samakal") for i in range(5)],
]
# Imported between two page requests: newer, tied with what was read, older, and undated.
SECOND = [
    *[(f"n{i}", "2025-04-01", "Jugantor") for i in range(3)],
    *[(f"t{i}", "2025-03-01", "Jugantor") for i in range(3)],
    *[(f"o{i}", "2025-01-01", "Samakal") for i in range(3)],
    *[(f"v{i}", None, "Samakal") for i in range(3)],
]


def crawl(client, url, between=None):
    ids, pages = [], 0
    while url:
        body = client.get(url).json()
        ids += [hit["id"] for hit in body["results"]]
        url = body["next"]
        pages += 1
        if between and pages == between[0]:
            between[1]()
    return ids, body


def expected(snapshot, sort, **filters):
    rows = Article.objects.indexed().filter(id__lte=snapshot, **filters)
    dated = sorted(
        (a for a in rows if a.published_at),
        key=lambda a: (a.published_at.timestamp(), -a.id),
        reverse=sort == "newest",
    )
    if sort == "oldest":
        dated = sorted((a for a in rows if a.published_at), key=lambda a: (a.published_at.timestamp(), a.id))
    undated = sorted(a.id for a in rows if not a.published_at)
    return [a.id for a in dated] + undated


@pytest.fixture
def small_reads(monkeypatch):
    """Engine calls of one page plus one article: every page then spans several calls and their seams."""
    from articles.api import pagination

    monkeypatch.setattr(pagination, "SLACK", 0)


@pytest.mark.parametrize(("sort", "slack"), [("newest", True), ("newest", False), ("oldest", False)])
def test_crawl_during_an_import_has_no_duplicates_and_no_gaps(
    client, run_import, tmp_path, request, sort, slack
):
    if not slack:
        request.getfixturevalue("small_reads")
    write_articles(tmp_path / "first.json", FIRST, seed=1)
    assert run_import(tmp_path / "first.json")[0] == 0
    write_articles(tmp_path / "second.json", SECOND, seed=2)
    imported = []

    def import_more():
        imported.append(run_import(tmp_path / "second.json")[0])

    first = client.get(f"/api/v1/search/?sort={sort}&page_size=4").json()
    snapshot = first["snapshot"]
    ids, last = crawl(client, f"/api/v1/search/?sort={sort}&page_size=4", between=(2, import_more))
    assert imported == [0]
    new = set(Article.objects.filter(id__gt=snapshot).values_list("id", flat=True))
    assert len(new) == len(SECOND)  # the import really added articles during the crawl
    assert len(ids) == len(set(ids))
    assert not new & set(ids)
    assert ids == expected(snapshot, sort)
    assert last["total"] == len(ids) + len(new)  # totals are live; the crawl keeps to its snapshot
    # A new search sees the new articles.
    fresh, _ = crawl(client, f"/api/v1/search/?sort={sort}&page_size=100")
    assert new <= set(fresh)


def test_filtered_crawl_keeps_the_filter_and_its_order(client, run_import, tmp_path):
    write_articles(tmp_path / "first.json", FIRST, seed=3)
    run_import(tmp_path / "first.json")
    body = client.get("/api/v1/search/?outlet=jugantor&page_size=3").json()
    ids, _last = crawl(client, "/api/v1/search/?outlet=jugantor&page_size=3")
    assert ids == expected(body["snapshot"], "newest", outlet__slug="jugantor")
    ranged, _last = crawl(
        client, "/api/v1/search/?date_from=2025-02-11&date_to=2025-03-01&sort=oldest&page_size=2"
    )
    in_range = [
        i
        for i in expected(body["snapshot"], "oldest")
        if (day := Article.objects.get(id=i).published_at)
        and date(2025, 2, 11) <= localtime(day).date() <= date(2025, 3, 1)
    ]
    assert len(in_range) >= 5 + 5  # a0-a4 and c1-c5, and any sample of those days
    assert ranged == in_range


def test_relevance_crawl_matches_one_big_page(client, run_import, tmp_path, small_reads):
    write_articles(tmp_path / "first.json", FIRST, seed=4)
    run_import(tmp_path / "first.json")
    whole = client.get("/api/v1/search/?q=নদী&page_size=100").json()
    assert whole["sort"] == "relevance" and whole["total"] > 5
    ids, _last = crawl(client, "/api/v1/search/?q=নদী&page_size=2")
    scores = [hit["score"] for hit in whole["results"]]
    assert scores == sorted(scores, reverse=True)
    assert ids == [hit["id"] for hit in whole["results"]]
    # Snippets are highlighted on every page, whichever engine call found it; snippets=false skips them.
    url, marked = "/api/v1/search/?q=নদী&page_size=2", []
    while url:
        body = client.get(url).json()
        marked += ["<mark>" in hit["snippet_html"] for hit in body["results"]]
        url = body["next"]
    assert len(marked) == len(ids) and all(marked)
    plain = client.get("/api/v1/search/?q=নদী&page_size=100&snippets=false").json()
    assert [hit["id"] for hit in plain["results"]] == ids
    assert {hit["snippet_html"] for hit in plain["results"]} == {""}


def test_a_cursor_is_tied_to_its_search_and_cannot_be_edited(client):
    body = client.get("/api/v1/search/?page_size=2").json()
    cursor = parse_qs(urlsplit(body["next"]).query)["cursor"][0]
    other = client.get("/api/v1/search/", {"page_size": 2, "cursor": cursor, "outlet": "jugantor"})
    assert other.status_code == 400
    assert other.json()["parameter"] == "cursor" and "different search" in other.json()["detail"]
    edited = client.get("/api/v1/search/", {"page_size": 2, "cursor": cursor[:-2] + "xx"})
    assert edited.status_code == 400 and edited.json()["parameter"] == "cursor"
    # The page size may change between pages.
    assert client.get("/api/v1/search/", {"page_size": 5, "cursor": cursor}).status_code == 200
