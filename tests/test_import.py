"""import_articles: formats, field detection, bad input, idempotency, duplicates, the dry-run contract."""

import json
from datetime import UTC, datetime

import pytest

from articles.models import Article, Outlet

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db
IMPORT = FIXTURES / "import"
CONTRACT_KEYS = {
    "source",
    "title",
    "published_at",
    "updated_at",
    "outlet",
    "desk",
    "section",
    "sources",
    "body",
    "entities",
    "duplicate_of",
    "warnings",
    "date_precision",
    "captured_at",
    "kind",
}


def lines(out):
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_json_dump_with_scraper_field_names(run_import):
    status, out, _err = run_import(IMPORT / "dump.json")
    assert status == 0, out
    assert "3 created" in out
    budget = Article.objects.get(url="https://www.samakal.com/economy/article/2401/test-budget")
    assert budget.title == "বাজেটে কৃষি খাতে বরাদ্দ বাড়ানোর দাবি"
    assert budget.outlet.name_en == "Samakal"
    assert budget.topic.slug == "economy"
    assert budget.published_at.isoformat() == "2024-05-20T08:30:00+00:00"
    assert budget.date_precision == "minute"
    assert budget.lead == ""  # "None" means missing
    assert len(budget.paragraphs()) == 3
    sports = Article.objects.get(url="https://www.dhakapost.com/sports/99001")
    assert sports.topic.slug == "sports"
    assert sports.byline == ""  # the scraper put the headline in the author field
    assert sports.published_at.isoformat() == "2023-11-02T03:15:00+00:00"
    english = Article.objects.get(url="https://www.thedailystar.net/news/999")
    assert english.language == "en"
    assert english.topic is None  # "all" names no section
    # No date anywhere: the file's time bounds it, and the warning says so.
    assert english.date_precision == "approximate"
    mtime = datetime.fromtimestamp(int((IMPORT / "dump.json").stat().st_mtime), tz=UTC)
    assert english.published_at == english.captured_at == mtime
    assert any("modification time" in w and "upper bound" in w for w in english.import_warnings)


def test_importing_twice_changes_nothing(run_import):
    run_import(IMPORT / "dump.json")
    before = list(Article.objects.order_by("pk").values_list("pk", "modified"))
    status, out, _err = run_import(IMPORT / "dump.json")
    assert status == 0
    assert "0 created, 0 updated, 3 unchanged" in out
    assert list(Article.objects.order_by("pk").values_list("pk", "modified")) == before


def test_bad_rows_are_reported_and_the_rest_imported(run_import):
    status, out, _err = run_import(IMPORT / "rows.jsonl", IMPORT / "rows.csv")
    assert status == 1
    assert f"failed: {IMPORT / 'rows.jsonl'}#2: invalid JSON" in out
    assert f"failed: {IMPORT / 'rows.csv'}#3" in out
    assert "3 created" in out and "2 failed" in out
    assert Article.objects.filter(url__contains="jugantor.com/country-news/77001").exists()
    assert Article.objects.filter(url__contains="kalerkantho.com/online").exists()
    river = Article.objects.get(url="https://www.jugantor.com/country-news/77001")
    assert river.published_at is not None and river.date_precision == "day"
    assert river.topic.slug == "country"


def test_bad_files_name_the_file_and_lose_nothing(run_import, tmp_path):
    run_import(IMPORT / "dump.json")
    count = Article.objects.count()
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "broken.json").write_text('[{"title": "x", ', encoding="utf-8")
    status, out, _err = run_import(tmp_path)
    assert status == 1
    for name in ("empty.txt", "image.txt", "broken.json"):
        assert f"failed: {tmp_path / name}:" in out
    assert "3 failed" in out
    assert Article.objects.count() == count


def test_missing_path_is_reported(run_import, tmp_path):
    status, out, _err = run_import(tmp_path / "nope.json")
    assert status == 1
    assert "nope.json" in out


def test_field_mapping_and_outlet_override(run_import, tmp_path):
    source = tmp_path / "odd.json"
    source.write_text(
        json.dumps(
            [{"shironam": "মানচিত্রে নতুন সড়ক", "lekha": "সড়কটি দুই জেলাকে যুক্ত করবে।", "kobe": "2021-06-01"}]
        ),
        encoding="utf-8",
    )
    status, out, _err = run_import(source)
    assert status == 1 and "--map" in out
    status, out, _err = run_import(
        source, "--map", "title=shironam,body=lekha,published_at=kobe", "--outlet", "Jugantor"
    )
    assert status == 0, out
    article = Article.objects.get(title="মানচিত্রে নতুন সড়ক")
    assert article.outlet.slug == Outlet.objects.get(name_en="Jugantor").slug


def test_dry_run_json_contract_writes_nothing(run_import):
    status, out, err = run_import("--dry-run", "--json", IMPORT / "dump.json", IMPORT / "rows.csv")
    assert status == 1  # the CSV has a bad row
    records = lines(out)
    assert len(records) == 4
    for record in records:
        assert CONTRACT_KEYS <= set(record)
        assert isinstance(record["sources"], list) and isinstance(record["warnings"], list)
        assert isinstance(record["entities"], list)
    budget = next(r for r in records if "samakal" in r["source"] or r["outlet"] == "Samakal")
    assert budget["published_at"] == "2024-05-20T14:30:00+06:00"
    assert "failed:" in err and "Dry run:" in err
    assert Article.objects.filter(url__contains="samakal.com/economy/article/2401").count() == 0


def test_exact_copy_from_another_outlet_is_stored_as_a_copy(run_import, tmp_path):
    run_import(IMPORT / "dump.json")
    rows = json.loads((IMPORT / "dump.json").read_text(encoding="utf-8"))
    copy = dict(rows[0], url="https://example.org/syndicated/1", paper_name="Jugantor")
    (tmp_path / "copy.json").write_text(json.dumps([copy], ensure_ascii=False), encoding="utf-8")
    status, out, _err = run_import(tmp_path / "copy.json")
    assert status == 0
    assert "1 created" in out
    stored = Article.objects.get(url="https://example.org/syndicated/1")
    assert stored.cluster_id and stored.duplicate_of_id and stored not in Article.objects.published()


def test_near_duplicate_is_linked_and_hidden_from_readers(run_import, tmp_path):
    original = max(Article.objects.published(), key=lambda a: len(a.body))
    paragraphs = original.paragraphs()
    paragraphs[-1] = "সংশোধিত শেষ অনুচ্ছেদ: কর্মকর্তারা পরে আরও তথ্য জানাবেন বলে জানিয়েছেন।"
    edited = {
        "headline": original.title,
        "article": "\n".join(paragraphs),
        "url": "https://example.org/edited/1",
        "paper_name": "Jugantor",
    }
    (tmp_path / "edited.json").write_text(json.dumps([edited], ensure_ascii=False), encoding="utf-8")
    status, out, _err = run_import("--dry-run", "--json", tmp_path / "edited.json")
    assert lines(out)[0]["duplicate_of"] == original.pk
    status, out, _err = run_import(tmp_path / "edited.json")
    copy = Article.objects.get(url="https://example.org/edited/1")
    assert copy.duplicate_of_id == original.pk
    assert copy not in Article.objects.published()


def test_reimport_keeps_curator_edits_and_fills_only_blanks(run_import, tmp_path):
    run_import(IMPORT / "dump.json")
    article = Article.objects.get(url="https://www.samakal.com/economy/article/2401/test-budget")
    article.title = "কিউরেটরের সংশোধিত শিরোনাম"
    article.save()
    rows = json.loads((IMPORT / "dump.json").read_text(encoding="utf-8"))
    poorer = {"headline": "অন্য শিরোনাম", "article": rows[0]["article"], "sub_title": "নতুন উপশিরোনাম"}
    (tmp_path / "poorer.json").write_text(json.dumps([poorer], ensure_ascii=False), encoding="utf-8")
    status, out, _err = run_import(tmp_path / "poorer.json")
    assert status == 0
    article.refresh_from_db()
    assert article.title == "কিউরেটরের সংশোধিত শিরোনাম"
    assert article.url and article.outlet and article.published_at  # nothing was cleared
    assert article.lead == "নতুন উপশিরোনাম"  # a blank was filled
    status, out, _err = run_import(IMPORT / "dump.json")
    article.refresh_from_db()
    assert article.title == "কিউরেটরের সংশোধিত শিরোনাম"


def test_revised_article_at_the_same_url_replaces_the_body(run_import, tmp_path):
    run_import(IMPORT / "dump.json")
    rows = json.loads((IMPORT / "dump.json").read_text(encoding="utf-8"))
    revised = dict(rows[1], article=rows[1]["article"] + "\nহালনাগাদ: ম্যাচ শেষে দলকে সংবর্ধনা দেওয়া হবে।")
    (tmp_path / "revised.json").write_text(json.dumps([revised], ensure_ascii=False), encoding="utf-8")
    status, out, _err = run_import(tmp_path / "revised.json")
    assert "1 updated" in out
    article = Article.objects.get(url=rows[1]["url"])
    assert article.paragraphs()[-1].startswith("হালনাগাদ")
    assert Article.objects.filter(url=rows[1]["url"]).count() == 1


def test_only_web_urls_are_kept(run_import, tmp_path):
    row = {
        "headline": "লিংক পরীক্ষা",
        "article": "এই লেখাটি একটি লিংক পরীক্ষার জন্য।",
        "url": "javascript:alert(1)",
    }
    (tmp_path / "bad-url.json").write_text(json.dumps([row], ensure_ascii=False), encoding="utf-8")
    status, out, _err = run_import("--dry-run", "--json", tmp_path / "bad-url.json")
    record = lines(out)[0]
    assert record["url"] == ""
    assert any("URL" in w for w in record["warnings"])


def test_list_values_in_json_are_joined_not_stringified(run_import, tmp_path):
    row = {"title": ["তালিকা", "শিরোনাম"], "body": ["প্রথম অনুচ্ছেদ।", "দ্বিতীয় অনুচ্ছেদ।"]}
    (tmp_path / "lists.json").write_text(json.dumps([row], ensure_ascii=False), encoding="utf-8")
    status, out, _err = run_import("--dry-run", "--json", tmp_path / "lists.json")
    record = lines(out)[0]
    assert record["title"] == "তালিকা শিরোনাম"
    assert record["body"] == "প্রথম অনুচ্ছেদ।\n\nদ্বিতীয় অনুচ্ছেদ।"


def _many_rows(count, empty=()):
    import random

    rng = random.Random(count)
    words = "ইরান রাশিয়া ভারত সরকার নির্বাচন বাজেট বন্যা আলোচনা বাজার কৃষি".split()
    rows = []
    for n in range(count):
        body = " ".join(rng.choice(words) for _ in range(40)) + f" নম্বর {n}। ঢাকায় প্রধানমন্ত্রী বৈঠক করেন।"
        rows.append(
            {"title": f"পরীক্ষার খবর {n}", "body": body, "outlet": "Prothom Alo", "published_at": "2024-05-01"}
        )
    for n in empty:
        rows[n]["body"] = "   "
    return rows


def test_analysis_in_worker_processes_equals_analysis_inline():
    from articles.importer import analyse, analysed
    from articles.ingest.readers import Item
    from articles.ingest.record import Record
    from articles.tagging import build_tagger

    tagger = build_tagger()
    rows = _many_rows(40, empty=[30])
    items = [
        Item(source=f"row{n}", record=Record(title=r["title"], body=r["body"])) for n, r in enumerate(rows)
    ]
    results = list(analysed(items, tagger, jobs=2, inline_first=5))
    assert [item.source for item, _a, _e in results] == [item.source for item in items]
    assert results[30][1] is None and "no article text" in results[30][2]
    for item, analysis, error in results[:30] + results[31:]:
        expected = analyse(item.record, tagger)
        assert not error and analysis == expected
    assert any(hit.key for _i, a, _e in results if a for hit in a.hits), "Dhaka should be tagged"


def test_a_large_import_analyses_in_workers_and_reports_their_failures(run_import, tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text(
        "\n".join(json.dumps(row, ensure_ascii=False) for row in _many_rows(260, empty=[230])),
        encoding="utf-8",
    )
    status, out, _err = run_import(path, "--jobs", "2")
    assert status == 1
    assert "259 created" in out and "1 failed" in out
    assert f"failed: {path}#231: " in out
    late = Article.objects.get(title="পরীক্ষার খবর 250")
    assert late.mentions.filter(entity__key__isnull=False).exists(), (
        "articles past the first batch are tagged"
    )
    # Mentions are written per batch (200 articles): every article has its own.
    tagged = Article.objects.filter(title__startswith="পরীক্ষার খবর", mentions__isnull=False)
    assert tagged.distinct().count() == 259


def test_an_article_revised_twice_in_one_batch_keeps_the_mentions_of_its_last_text(run_import, tmp_path):
    from articles.tagging import build_tagger

    url = "https://example.com/news/1"
    first = {"title": "বৈঠক", "body": "ঢাকায় পুতিন বৈঠক করেন। আরও কথা হয়।", "url": url, "outlet": "Prothom Alo"}
    second = dict(first, body="তেহরানে রাইসি বৈঠক করেন। আরও কথা হয়।")
    third = dict(first, body="মস্কোয় পুতিন ও রাইসি বৈঠক করেন। আরও কথা হয়।")
    path = tmp_path / "revised.jsonl"
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in (first, second, third)), encoding="utf-8"
    )
    status, out, _err = run_import(path)
    assert status == 0 and "1 created, 2 updated" in out
    article = Article.objects.get(url=url)
    expected = {hit.key for hit in build_tagger().tag(third["title"] + "\n\n" + third["body"])}
    assert {"vladimir-putin", "ebrahim-raisi"} <= expected
    assert set(article.mentions.values_list("entity__key", flat=True)) == expected


def test_an_extraction_that_fails_is_reported_for_its_row_and_the_rest_imported(run_import, tmp_path):
    # Extraction runs in the worker processes of a large import: a row it cannot read is that row's
    # failure, named with its row number.
    rows = _many_rows(230)
    rows[210] = {"title": "কেবল শিরোনাম"}  # no body field at all
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows), encoding="utf-8")
    status, out, _err = run_import(path, "--jobs", "2")
    assert status == 1 and "229 created" in out and "1 failed" in out
    assert f"failed: {path}#211: " in out
