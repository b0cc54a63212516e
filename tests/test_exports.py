"""Complete exports of a search: CSV, JSON Lines and ZIP, streamed, every row, Dhaka dates, safe cells."""

import csv
import io
import json
import re
import zipfile

import pytest
from django.urls import reverse

from articles.models import Article, Mention
from articles.search import SearchParams, run_search

pytestmark = pytest.mark.django_db

DHAKA = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+06:00$")


def export(client, **params):
    response = client.get(reverse("articles:search"), params)
    assert response.status_code == 200, response
    assert response.streaming, "exports are streamed"
    return response, b"".join(response.streaming_content)


def matching(q):
    return run_search(SearchParams(q=q, per_page=1000, sort="newest"))


def csv_rows(body):
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


@pytest.fixture
def small_chunks(settings):
    # Chunks and id pages smaller than the result set: an export must read them all, not one page.
    settings.ARCHIVE_EXPORT_CHUNK = 2
    settings.ARCHIVE_EXPORT_ID_PAGE = 3
    return settings


def test_csv_has_every_match_in_order_without_a_row_limit(client, small_chunks):
    expected = matching("সরকার")
    assert expected.total > 5
    response, body = export(client, q="সরকার", sort="newest", format="csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="archive-search.csv"' in response["Content-Disposition"]
    rows = csv_rows(body)
    assert [int(r["id"]) for r in rows] == [h.id for h in expected.hits]
    assert response["X-Archive-Rows"] == str(expected.total)


def test_csv_reads_with_dictreader_without_a_bom_unless_asked(client):
    _response, body = export(client, q="সরকার", format="csv")
    assert not body.startswith(b"\xef\xbb\xbf")
    assert list(csv_rows(body)[0])[0] == "id"
    _response, body = export(client, q="সরকার", format="csv", bom="1")
    assert body.startswith(b"\xef\xbb\xbf") and body.count(b"\xef\xbb\xbf") == 1
    assert body.decode("utf-8-sig").startswith("id,")


def test_csv_metadata_dates_entities_and_outlet(client):
    _response, body = export(client, q="সরকার", format="csv")
    rows = {int(r["id"]): r for r in csv_rows(body)}
    articles = Article.objects.select_related("outlet").in_bulk(list(rows))
    dated = [r for r in rows.values() if r["published_at"]]
    assert dated and all(DHAKA.match(r["published_at"]) for r in dated)
    for pk, row in rows.items():
        article = articles[pk]
        assert row["outlet"] == article.outlet.slug
        assert row["outlet_name_en"] == article.outlet.name_en
        assert row["language"] == article.language
        assert row["date_precision"] == article.date_precision
        assert row["cluster"] == (str(article.cluster_id) if article.cluster_id else "")
        assert row["permalink"] == f"http://testserver{article.get_absolute_url()}"
        assert "text" not in row
    mention = Mention.objects.filter(article_id__in=list(rows)).select_related("entity").first()
    row = rows[mention.article_id]
    assert mention.entity.key in row["entity_keys"].split("; ")
    assert mention.entity.name in row["entities"].split("; ")


def test_a_dhaka_date_past_midnight_keeps_its_day(client):
    article = Article.objects.published().exclude(published_at=None).first()
    # 20:30 UTC is 02:30 the next morning in Dhaka: the export must say the next day, as pages do.
    Article.objects.filter(pk=article.pk).update(published_at="2025-03-01T20:30:00Z")
    _response, body = export(client, format="csv", text="1")
    row = next(r for r in csv_rows(body) if r["id"] == str(article.pk))
    assert row["published_at"] == "2025-03-02T02:30:00+06:00"


def test_full_text_only_when_asked(client):
    _response, body = export(client, q="সরকার", format="csv", text="1")
    row = csv_rows(body)[0]
    article = Article.objects.get(pk=row["id"])
    assert row["text"].endswith(article.body.strip()[-40:])
    assert article.paragraphs()[0] in row["text"]


def test_formula_cells_are_guarded_in_csv_but_not_in_json_lines(client):
    first = matching("সরকার").hits[0]
    Article.objects.filter(pk=first.id).update(title='=HYPERLINK("http://example.org","x")', byline="@home")
    _response, body = export(client, q="সরকার", format="csv")
    row = next(r for r in csv_rows(body) if r["id"] == str(first.id))
    assert row["title"].startswith("'=HYPERLINK") and row["byline"] == "'@home"
    _response, body = export(client, q="সরকার", format="jsonl")
    record = next(r for r in map(json.loads, body.decode().splitlines()) if r["id"] == first.id)
    assert record["title"].startswith("=HYPERLINK")


def test_json_lines_one_object_per_article_with_entities(client, small_chunks):
    expected = matching("সরকার")
    response, body = export(client, q="সরকার", sort="newest", format="jsonl", text="1")
    assert response["Content-Type"].startswith("application/x-ndjson")
    records = [json.loads(line) for line in body.decode("utf-8").splitlines()]
    assert [r["id"] for r in records] == [h.id for h in expected.hits]
    body_of = dict(Article.objects.filter(pk__in=[r["id"] for r in records]).values_list("pk", "body"))
    assert all(r["text"].endswith(body_of[r["id"]]) for r in records)
    with_entities = next(r for r in records if r["entities"])
    assert set(with_entities["entities"][0]) == {"key", "name", "kind", "count"}
    clusters = dict(Article.objects.filter(pk__in=[r["id"] for r in records]).values_list("pk", "cluster_id"))
    assert all(r["cluster"] == clusters[r["id"]] for r in records)
    assert all(r["published_at"] is None or DHAKA.match(r["published_at"]) for r in records)
    assert isinstance(records[0]["sources"], list)


def test_zip_has_metadata_and_one_text_per_article(client, small_chunks):
    expected = matching("সরকার")
    response, body = export(client, q="সরকার", sort="newest", format="zip")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert archive.testzip() is None
    metadata = csv_rows(archive.read("metadata.csv"))
    assert [int(r["id"]) for r in metadata] == [h.id for h in expected.hits]
    texts = sorted(n for n in archive.namelist() if n.startswith("texts/"))
    assert texts == sorted(f"texts/{h.id}.txt" for h in expected.hits)
    article = Article.objects.get(pk=expected.hits[0].id)
    text = archive.read(f"texts/{article.pk}.txt").decode("utf-8")
    assert text.startswith(article.title) and article.paragraphs()[-1] in text
    assert "README.txt" in archive.namelist()


def test_export_of_a_search_with_no_match_is_just_the_header(client):
    _response, body = export(client, q="zzqqxxnothing", format="csv")
    assert body.decode().splitlines() == [body.decode().splitlines()[0]]
    assert body.decode().startswith("id,title,")
    _response, body = export(client, q="zzqqxxnothing", format="jsonl")
    assert body == b""


def test_a_bad_query_export_gets_the_search_page_message(client):
    response = client.get(reverse("articles:search"), {"q": '"ইরান সরকার"~3', "format": "zip"})
    assert response.status_code == 400
    assert "~N" in response.content.decode()
