"""The date chain on records (pure Python): body stamps, URL dates, relative dates, the capture-time bound."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from articles.bangla.dates import find_relative, is_vague_relative
from articles.ingest.dating import (
    Capture,
    capture_from_row,
    complete,
    date_from_url,
    find_stamps,
    parse_capture,
)
from articles.ingest.readers import record_from_row
from articles.ingest.record import Record

DHAKA = ZoneInfo("Asia/Dhaka")
TODAY = date(2026, 11, 24)
# An invented article, written for these tests.
TEXT = "জেলার তিনটি ইউনিয়নে নতুন সেতুর কাজ শুরু হয়েছে। স্থানীয়রা বলছেন, বর্ষার আগে কাজ শেষ হলে দুর্ভোগ কমবে।"


def row(**fields):
    return {"headline": "নতুন সেতুর কাজ শুরু", "article": TEXT, "paper_name": "Samakal", **fields}


def test_a_body_stamp_fills_the_dates_and_leaves_the_body_with_the_masthead_and_byline():
    body = (
        "ঢাকা বুধবার, ১৩ মার্চ ২০২৪ নিজস্ব প্রতিবেদক প্রকাশ: ১২ মার্চ ২০২৪ | ০৯:০৫ | আপডেট: ১২ মার্চ ২০২৪ | ১১:৪০ " + TEXT
    )
    record = record_from_row(row(article=body, scraped_at="2024-03-13 02:00:00"), today=TODAY)
    assert record.published_at == datetime(2024, 3, 12, 9, 5, tzinfo=DHAKA)
    assert record.updated_at == datetime(2024, 3, 12, 11, 40, tzinfo=DHAKA)
    assert record.date_precision == "minute"
    assert record.body == TEXT
    assert "নিজস্ব প্রতিবেদক" in (record.byline, record.desk)
    assert record.captured_at == datetime(2024, 3, 13, 2, 0, tzinfo=UTC)
    assert any("stamp in the article text" in w for w in record.warnings)


def test_a_stamp_leaves_the_body_even_when_the_field_has_the_date():
    body = TEXT + "\n\nPublished: 3 February 2024, 4:15 PM"
    record = record_from_row(row(article=body, publication_date="2024-02-03T16:15:00+06:00"), today=TODAY)
    assert record.body == TEXT
    assert record.published_at == datetime(2024, 2, 3, 16, 15, tzinfo=DHAKA)
    assert record.date_precision == "minute"


def test_labelled_dates_in_the_running_text_are_prose_not_stamps():
    long_text = " ".join([TEXT] * 6)
    prose_end = long_text + " সর্বশেষ আপডেট: ১২ মার্চ ২০২৪ পর্যন্ত কাজ চলেছে।"
    prose_head = TEXT + " আপডেট: ১২ মার্চ ২০২৪ এর পর কাজ থেমে আছে। " + long_text
    for body in (prose_end, prose_head):
        assert find_stamps(body, today=TODAY) == []
    stamp_end = long_text + "\n\nসর্বশেষ আপডেট: ১৩ মার্চ ২০২৪, ১০:১৫"
    (stamp,) = find_stamps(stamp_end, today=TODAY)
    assert stamp.kind == "updated" and stamp.date.value == datetime(2024, 3, 13, 10, 15, tzinfo=DHAKA)


def test_published_inside_a_sentence_is_prose_not_a_stamp():
    body = "প্রতিবেদনটি প্রকাশ ১২ মার্চ ২০২৪ তারিখে হওয়ার কথা ছিল। " + TEXT
    assert find_stamps(body, today=TODAY) == []
    record = record_from_row(row(article=body, scraped_at="2024-05-01T00:00:00Z"), today=TODAY)
    assert record.body.startswith("প্রতিবেদনটি প্রকাশ ১২ মার্চ ২০২৪")
    assert record.date_precision == "approximate"


@pytest.mark.parametrize(
    "url, day",
    [
        ("https://example-news.com/bangladesh/2024/03/12/bridge-work", date(2024, 3, 12)),
        ("https://example-news.com/news/2024-03-12/bridge-work", date(2024, 3, 12)),
        ("https://example-news.com/news/20240312-bridge", date(2024, 3, 12)),
        ("https://example-news.com/news/bridge-৩/2024/3/5/", date(2024, 3, 5)),
    ],
)
def test_dates_in_urls(url, day):
    found = date_from_url(url)
    assert found.value.date() == day and found.precision == "day"
    record = record_from_row(row(url=url, scraped_at="2024-04-01T00:00:00Z"), today=TODAY)
    assert record.published_at.date() == day and record.date_precision == "day"
    assert "publication day taken from the URL" in record.warnings


def test_numbers_in_urls_that_are_not_dates():
    for url in ("https://example-news.com/politics/420207", "https://example-news.com/a/20241399", ""):
        assert date_from_url(url) is None


def test_a_url_date_after_the_capture_time_is_passed_over():
    record = record_from_row(
        row(url="https://example-news.com/2024/09/01/x", scraped_at="2024-04-01T00:00:00Z"), today=TODAY
    )
    assert record.date_precision == "approximate"
    assert record.published_at == datetime(2024, 4, 1, tzinfo=UTC)


def test_without_any_date_the_capture_time_is_an_upper_bound_with_a_warning():
    record = record_from_row(row(crawled_at="2025-12-30 06:48:23"), today=TODAY)
    # A naive scraper stamp is read as UTC: the later reading, the safe one for an upper bound.
    assert record.published_at == record.captured_at == datetime(2025, 12, 30, 6, 48, 23, tzinfo=UTC)
    assert record.date_precision == "approximate"
    warning = next(w for w in record.warnings if "upper bound" in w)
    assert "crawled_at" in warning


def test_the_row_capture_field_wins_over_the_files_capture():
    file_time = Capture(datetime(2026, 1, 1, tzinfo=UTC), "the file's modification time", weak=True)
    record = record_from_row(row(fetched="1735541303"), today=TODAY, capture=file_time)
    assert record.published_at == datetime(2024, 12, 30, 6, 48, 23, tzinfo=UTC)  # epoch seconds
    record = record_from_row(row(), today=TODAY, capture=file_time)
    assert record.published_at == datetime(2026, 1, 1, tzinfo=UTC)
    assert any("modification time" in w for w in record.warnings)


def test_capture_stamps():
    assert parse_capture("2025-12-30T12:48:23+06:00") == datetime(2025, 12, 30, 6, 48, 23, tzinfo=UTC)
    assert parse_capture(1735541303000) == datetime(2024, 12, 30, 6, 48, 23, tzinfo=UTC)  # milliseconds
    assert parse_capture("2025-12-30") == datetime(2025, 12, 30, 23, 59, 59, tzinfo=UTC)  # end of that day
    assert parse_capture("2025-12-30", naive_tz="Asia/Dhaka").utcoffset() == timedelta(hours=6)
    for bad in ("", "soon", None, True, "99999999999999999"):
        assert parse_capture(bad) is None
    assert capture_from_row({"Scraped_At": "2025-12-30 06:48:23"}).origin == "the scraped_at field"
    assert capture_from_row({"scraped_at": "not a time"}) is None


ANCHOR = datetime(2025, 12, 30, 6, 48, tzinfo=UTC)  # 12:48 in Dhaka


@pytest.mark.parametrize(
    "text, value, precision",
    [
        ("২ ঘণ্টা আগে", datetime(2025, 12, 30, tzinfo=DHAKA), "day"),
        ("৩ দিন আগে", datetime(2025, 12, 27, tzinfo=DHAKA), "day"),
        ("গতকাল", datetime(2025, 12, 29, tzinfo=DHAKA), "day"),
        ("5 hours ago", datetime(2025, 12, 30, tzinfo=DHAKA), "day"),
        ("an hour ago", datetime(2025, 12, 30, tzinfo=DHAKA), "day"),
        ("১৫ মিনিট আগে", datetime(2025, 12, 30, 12, 33, tzinfo=DHAKA), "minute"),
        ("yesterday", datetime(2025, 12, 29, tzinfo=DHAKA), "day"),
        ("১৪ ঘন্টা আগে", datetime(2025, 12, 29, tzinfo=DHAKA), "day"),  # crosses midnight in Dhaka
    ],
)
def test_relative_dates_resolve_against_the_capture_time(text, value, precision):
    found = find_relative(text, ANCHOR)
    assert len(found) == 1
    assert found[0].value == value and found[0].precision == precision
    assert "capture time" in found[0].warnings[0]


def test_vague_relative_dates_are_not_resolved():
    for text in ("২ মাস আগে", "3 weeks ago", "এক বছর আগে"):
        assert find_relative(text, ANCHOR) == [] and is_vague_relative(text)
    assert not is_vague_relative("২ ঘণ্টা আগে")


def test_a_relative_date_field_and_a_relative_body_stamp():
    record = record_from_row(row(published="৩ ঘণ্টা আগে", scraped_at="2025-12-30T06:48:00Z"), today=TODAY)
    assert record.published_at == datetime(2025, 12, 30, tzinfo=DHAKA) and record.date_precision == "day"
    assert not any("could not read" in w for w in record.warnings)
    body = "প্রকাশ: ২ দিন আগে\n\n" + TEXT
    record = record_from_row(row(article=body, scraped_at="2025-12-30T06:48:00Z"), today=TODAY)
    assert record.published_at == datetime(2025, 12, 28, tzinfo=DHAKA)
    assert record.body == TEXT
    record = record_from_row(row(published="২ মাস আগে", scraped_at="2025-12-30T06:48:00Z"), today=TODAY)
    assert record.date_precision == "approximate"
    assert any("too vague" in w for w in record.warnings)


@pytest.mark.parametrize("stamp", ["প্রকাশ: ৫ ঘণ্টা আগে", "৫ ঘণ্টা আগে", "Published: 5 hours ago"])
def test_a_raw_page_relative_stamp_is_a_date_line_resolved_against_the_capture_time(stamp):
    from articles.ingest.extract import extract_page

    page = f"নতুন সেতুর কাজ শুরু\nনিজস্ব প্রতিবেদক\n{stamp}\n\n{TEXT}\n"
    record = extract_page(page, today=TODAY)
    assert record.title == "নতুন সেতুর কাজ শুরু" and record.body == TEXT
    assert record.published_at is None
    complete(record, capture=Capture(ANCHOR, "--captured"), page_text=page, today=TODAY)
    assert record.published_at == datetime(2025, 12, 30, tzinfo=DHAKA) and record.date_precision == "day"
    assert record.captured_at == ANCHOR


def test_a_record_without_a_date_or_capture_says_why():
    record = complete(Record(title="x", body=TEXT))
    assert record.published_at is None and record.date_precision == "unknown"
    assert any("no capture time" in w for w in record.warnings)


def test_a_field_date_after_the_capture_time_is_kept_with_a_warning():
    record = record_from_row(
        row(publication_date="2026-03-01", scraped_at="2025-12-30T06:48:00Z"), today=TODAY
    )
    assert record.published_at.date() == date(2026, 3, 1)
    assert any("later than the capture time" in w for w in record.warnings)


def test_years_are_inferred_against_the_capture_day_not_the_import_day():
    body = "প্রকাশ: শনিবার (২৭ ডিসেম্বর), ১০:০০\n\n" + TEXT  # 27 December was a Saturday in 2025
    record = record_from_row(row(article=body, scraped_at="2025-12-30T06:48:00Z"), today=date(2027, 6, 1))
    assert record.published_at == datetime(2025, 12, 27, 10, 0, tzinfo=DHAKA)


def test_a_files_time_is_stored_only_when_it_bounds_the_date():
    file_time = Capture(datetime(2026, 1, 1, tzinfo=UTC), "the file's modification time", weak=True)
    dated = record_from_row(row(publication_date="2025-05-05"), today=TODAY, capture=file_time)
    assert dated.captured_at is None and dated.date_precision == "day"
    scraped = record_from_row(
        row(publication_date="2025-05-05", scraped_at="2025-05-06T01:00:00Z"), today=TODAY
    )
    assert scraped.captured_at == datetime(2025, 5, 6, 1, 0, tzinfo=UTC)
