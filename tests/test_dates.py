from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from articles.bangla.dates import find_dates, format_bengali_date, parse_datetime

DHAKA = ZoneInfo("Asia/Dhaka")
TODAY = date(2026, 2, 4)


def p(text, **kw):
    kw.setdefault("today", TODAY)
    return parse_datetime(text, **kw)


@pytest.mark.parametrize(
    "text, expected, precision",
    [
        ("২৩ জুন, ২০২৫", datetime(2025, 6, 23, tzinfo=DHAKA), "day"),
        ("সোমবার, ২৩ জুন, ২০২৫", datetime(2025, 6, 23, tzinfo=DHAKA), "day"),
        ("২০ মে ২০২৪, ০৮:০২ পিএম", datetime(2024, 5, 20, 20, 2, tzinfo=DHAKA), "minute"),
        ("০৪ ফেব্রুয়ারী ২০২৬, ১০:২৪ পূর্বাহ্ন", datetime(2026, 2, 4, 10, 24, tzinfo=DHAKA), "minute"),
        ("১২:১৮:৫৪ অপরাহ্ন, বুধবার, ২৯ ডিসেম্বর ২০২১", datetime(2021, 12, 29, 12, 18, 54, tzinfo=DHAKA), "minute"),
        ("১২:০৫ এএম, ১ জানুয়ারি ২০২৪", datetime(2024, 1, 1, 0, 5, tzinfo=DHAKA), "minute"),
        ("৫ই আগষ্ট ২০২৪, রাত ১০টা ৩০ মিনিটে", datetime(2024, 8, 5, 22, 30, tzinfo=DHAKA), "minute"),
        ("১৭ মার্চ ২০২৫, বিকেল ৪:১৫", datetime(2025, 3, 17, 16, 15, tzinfo=DHAKA), "minute"),
        ("১৭ মার্চ ২০২৫, দুপুর ১.৩০", datetime(2025, 3, 17, 13, 30, tzinfo=DHAKA), "minute"),
        ("১৭ মার্চ ২০২৫, সকাল ৯:০০", datetime(2025, 3, 17, 9, 0, tzinfo=DHAKA), "minute"),
        ("১৭ মার্চ ২০২৫, রাত ১২:৩০", datetime(2025, 3, 17, 0, 30, tzinfo=DHAKA), "minute"),
        ("১৮ সেপ্টেম্বর ২০২৪, ১৪: ২০", datetime(2024, 9, 18, 14, 20, tzinfo=DHAKA), "minute"),
        ("২১শে ফেব্রুয়ারি ২০২৫", datetime(2025, 2, 21, tzinfo=DHAKA), "day"),
        ("১লা বৈশাখ ১৪৩২ বঙ্গাব্দ", datetime(2025, 4, 14, tzinfo=DHAKA), "day"),
        ("২৮ কার্তিক ১৪৩২", datetime(2025, 11, 13, tzinfo=DHAKA), "day"),
        ("Published: 12 Nov 2025, 10:30 AM", datetime(2025, 11, 12, 10, 30, tzinfo=DHAKA), "minute"),
        ("June 23, 2025 5:30 pm", datetime(2025, 6, 23, 17, 30, tzinfo=DHAKA), "minute"),
        ("জুন ২৩, ২০২৫", datetime(2025, 6, 23, tzinfo=DHAKA), "day"),
        ("23/06/2025", datetime(2025, 6, 23, tzinfo=DHAKA), "day"),
        ("2025-12-30 10:00:00", datetime(2025, 12, 30, 10, 0, tzinfo=DHAKA), "minute"),
        ("2025-12-30", datetime(2025, 12, 30, tzinfo=DHAKA), "day"),
    ],
)
def test_parse(text, expected, precision):
    result = p(text)
    assert result is not None, text
    assert result.value == expected
    assert result.precision == precision
    assert result.value.tzinfo is not None


def test_iso_with_offset_and_utc():
    r = p("2025-12-30T10:00:00+06:00")
    assert r.value == datetime(2025, 12, 30, 4, 0, tzinfo=UTC)
    assert p("2025-12-30T04:00:00Z").value.utcoffset() == timedelta(0)


def test_stated_zone_wins():
    r = p("২৪ অগস্ট ২০২৫ ০৮:৪৫ IST")
    assert r.value.utcoffset() == timedelta(hours=5, minutes=30)
    assert p("১২ নভেম্বর ২০২৫ ১০:০০", tz="Asia/Kolkata").value.utcoffset() == timedelta(hours=5, minutes=30)


def test_weekday_infers_year_with_warning():
    r = p("শনিবার (১২ নভেম্বর)", today=date(2026, 2, 4))
    assert r.value.date() == date(2022, 11, 12)
    assert any("inferred 2022" in w for w in r.warnings)
    r = p("রোববার (৫ জানুয়ারি)", today=date(2026, 11, 24))
    assert r.value.date() == date(2025, 1, 5)


def test_weekday_mismatch_is_flagged():
    r = p("মঙ্গলবার, ২৩ জুন ২০২৫")  # 23 June 2025 was a Monday
    assert any("does not match" in w for w in r.warnings)


def test_not_dates():
    for text in ("", "৯১.৭% সহিংসতা", "২০২৫ সালে", "মে মাসে বৃষ্টি", "৩২ জানুয়ারি ২০২৫", "১২ নভেম্বর ৩০২৫", "abc"):
        r = p(text)
        assert r is None or not r.has_year or 1900 <= r.value.year <= 2100, text


def test_out_of_range_years_rejected():
    assert p("১২ নভেম্বর ১৮৫০") is None or p("১২ নভেম্বর ১৮৫০").value.year >= 1900
    assert p("1850-01-01") is None


def test_find_dates_spans_and_pairing():
    text = "০৪ ডিসেম্বর ২০২২, ২০:৩৭আপডেট : ০৫ ডিসেম্বর ২০২২, ০৮:১০"
    found = find_dates(text)
    assert [d.value.strftime("%d %H:%M") for d in found] == ["04 20:37", "05 08:10"]
    assert found[0].start == 0 and found[1].start > found[0].end


def test_spelling_variants():
    for text in ("১ ফেব্রুয়ারি ২০২৫", "১ ফেব্রুয়ারী ২০২৫", "১ জানুয়ারী ২০২৫", "১ আগস্ট ২০২৫", "১ অগস্ট ২০২৫"):
        assert p(text) is not None, text


def test_format_bengali_date():
    dt = datetime(2025, 6, 23, 4, 24, tzinfo=UTC)
    assert format_bengali_date(dt) == "২৩ জুন ২০২৫, ১০:২৪"
    assert format_bengali_date(dt, with_time=False) == "২৩ জুন ২০২৫"
    assert format_bengali_date(None) == ""
