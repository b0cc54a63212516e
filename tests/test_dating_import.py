"""Dates through import_articles (--captured, file times, the dry-run contract, re-imports) and on pages."""

import json
import os
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from articles.models import Article

pytestmark = pytest.mark.django_db
DHAKA = ZoneInfo("Asia/Dhaka")
# Invented articles, written for these tests.
PAGE = """নদীর পাড়ে নতুন বাঁধের কাজ শুরু
নিজস্ব প্রতিবেদক

উপজেলার চরাঞ্চলে নদীভাঙন ঠেকাতে নতুন বাঁধের কাজ শুরু হয়েছে। পানি উন্নয়ন বোর্ড জানিয়েছে, বর্ষার আগেই প্রথম ধাপের কাজ শেষ হবে।

এলাকাবাসী বলছেন, গত বছরের ভাঙনে অনেক পরিবার ঘর হারিয়েছে। তাঁরা দ্রুত কাজ শেষ করার দাবি জানিয়েছেন।
"""
ROWS = [
    {
        "headline": "হাওরে ধান কাটা শুরু",
        "article": "হাওরাঞ্চলে বোরো ধান কাটা শুরু হয়েছে। কৃষকেরা বলছেন, এবার ফলন ভালো হয়েছে।",
        "paper_name": "Jago News 24",
        "url": "https://www.jagonews24.com/country/news/990001",
        "scraped_at": "2025-12-29 18:30:00",
    },
    {
        "headline": "শীতে বাড়ছে শিশুদের রোগ",
        "article": "ঢাকা সোমবার, ২৯ ডিসেম্বর ২০২৫ নিজস্ব প্রতিবেদক প্রকাশ: ২৭ ডিসেম্বর ২০২৫ | ১৩:১২ "
        "শীতের তীব্রতা বাড়ায় হাসপাতালে শিশু রোগীর চাপ বেড়েছে। চিকিৎসকেরা শিশুদের গরম কাপড় পরানোর পরামর্শ দিয়েছেন।",
        "paper_name": "Samakal",
        "url": "https://samakal.com/health/article/990002/test",
        "scraped_at": "2025-12-29 18:31:00",
    },
]


def records(out):
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_dry_run_json_prints_precision_capture_time_and_kind(run_import, tmp_path):
    dump = tmp_path / "dump.json"
    dump.write_text(json.dumps(ROWS, ensure_ascii=False), encoding="utf-8")
    status, out, _err = run_import("--dry-run", "--json", "--no-tag", dump)
    assert status == 0
    undated, stamped = records(out)
    assert undated["date_precision"] == "approximate"
    assert undated["published_at"] == undated["captured_at"] == "2025-12-29T18:30:00+00:00"
    assert undated["kind"] == "article"
    assert any("scraped_at" in w and "upper bound" in w for w in undated["warnings"])
    assert stamped["date_precision"] == "minute"
    assert stamped["published_at"] == "2025-12-27T13:12:00+06:00"
    assert stamped["captured_at"] == "2025-12-29T18:31:00+00:00"
    assert "প্রকাশ:" not in stamped["body"] and "২৯ ডিসেম্বর" not in stamped["body"]
    assert Article.objects.filter(url=ROWS[0]["url"]).count() == 0


def test_captured_option_bounds_a_page_without_a_date(run_import, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    status, out, _err = run_import("--dry-run", "--json", "--no-tag", "--captured", "2025-11-02T09:00", page)
    assert status == 0
    (record,) = records(out)
    assert record["date_precision"] == "approximate"
    assert record["published_at"] == record["captured_at"] == "2025-11-02T09:00:00+06:00"  # Dhaka time
    assert any("--captured" in w for w in record["warnings"])


def test_a_bad_captured_value_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="--captured: 'last week' is not a date or time"):
        call_command("import_articles", str(tmp_path), "--captured", "last week")


def test_the_files_time_is_the_last_resort_with_a_warning(run_import, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    saved = datetime(2025, 10, 5, 8, 0, tzinfo=UTC)
    os.utime(page, (saved.timestamp(), saved.timestamp()))
    status, out, _err = run_import("--no-tag", page)
    assert status == 0, out
    article = Article.objects.get(title="নদীর পাড়ে নতুন বাঁধের কাজ শুরু")
    assert article.date_precision == "approximate"
    assert article.published_at == article.captured_at == saved
    assert any("modification time" in w for w in article.import_warnings)


def test_a_reimport_with_a_real_date_replaces_the_capture_bound(run_import, tmp_path):
    dump = tmp_path / "dump.json"
    dump.write_text(json.dumps(ROWS[:1], ensure_ascii=False), encoding="utf-8")
    run_import("--no-tag", dump)
    assert Article.objects.get(url=ROWS[0]["url"]).date_precision == "approximate"
    dump.write_text(
        json.dumps([dict(ROWS[0], publication_date="2025-12-28T20:05:00+06:00")]), encoding="utf-8"
    )
    status, out, _err = run_import("--no-tag", dump)
    assert status == 0 and "1 updated" in out
    article = Article.objects.get(url=ROWS[0]["url"])
    assert article.date_precision == "minute"
    assert article.published_at == datetime(2025, 12, 28, 20, 5, tzinfo=DHAKA)


def test_pages_show_an_approximate_date_honestly_in_both_languages(client, run_import, tmp_path):
    dump = tmp_path / "dump.json"
    dump.write_text(json.dumps(ROWS[:1], ensure_ascii=False), encoding="utf-8")
    run_import(dump)
    article = Article.objects.get(url=ROWS[0]["url"])
    # 18:30 UTC is already the next day in Dhaka: the page shows the reader's (Dhaka) day.
    bengali = "~৩০ ডিসেম্বর ২০২৫ বা তার আগে"
    html = client.get(article.get_absolute_url()).content.decode()
    assert bengali in html
    assert "সংগ্রহের সময়" in html  # the capture time is shown too
    results = client.get(reverse("articles:search"), {"q": "হাওরে ধান কাটা"}).content.decode()
    assert article.get_absolute_url() in results and bengali in results
    listing = client.get(article.outlet.get_absolute_url()).content.decode()
    assert article.title in listing and bengali in listing
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(article.get_absolute_url()).content.decode()
    assert "~30 December 2025 or earlier" in html
    assert "an upper bound" in html
    results = client.get(reverse("articles:search"), {"q": "হাওরে ধান কাটা"}).content.decode()
    assert "~30 December 2025 or earlier" in results


def test_exact_dates_show_without_the_approximate_mark(client, run_import, tmp_path):
    dump = tmp_path / "dump.json"
    dump.write_text(json.dumps(ROWS[1:], ensure_ascii=False), encoding="utf-8")
    run_import(dump)
    article = Article.objects.get(url=ROWS[1]["url"])
    html = client.get(article.get_absolute_url()).content.decode()
    assert "২৭ ডিসেম্বর ২০২৫, ১৩:১২" in html
    assert "বা তার আগে" not in html


def test_a_saved_html_page_without_a_date_is_bounded_by_its_files_time(run_import, tmp_path):
    page = tmp_path / "page.html"
    paragraphs = "".join(f"<p>{p}</p>" for p in PAGE.split("\n\n")[1:])
    page.write_text(
        f"<!doctype html><html><head><title>নদীর পাড়ে নতুন বাঁধের কাজ</title></head>"
        f"<body><article><h1>নদীর পাড়ে নতুন বাঁধের কাজ</h1>{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    saved = datetime(2025, 10, 5, 8, 0, tzinfo=UTC)
    os.utime(page, (saved.timestamp(), saved.timestamp()))
    status, out, _err = run_import("--dry-run", "--json", "--no-tag", page)
    assert status == 0
    (record,) = records(out)
    assert record["date_precision"] == "approximate"
    assert record["published_at"] == "2025-10-05T08:00:00+00:00"
    assert any("modification time" in w for w in record["warnings"])
