import pathlib
from datetime import date

from articles.ingest.html import extract_html, metadata

HTML = pathlib.Path(__file__).parent / "fixtures" / "html"
TODAY = date(2026, 11, 24)


def _rec(name):
    return extract_html((HTML / name).read_text(encoding="utf-8"), source=name, today=TODAY)


def test_json_ld_article():
    rec = _rec("jsonld_article.html")
    assert rec.title == "বন্দরে নতুন ক্রেন বসানো হলো"
    assert rec.outlet == "Dhaka Post"
    assert rec.published_at.isoformat() == "2025-02-10T09:15:00+06:00"
    assert rec.updated_at.isoformat() == "2025-02-10T11:40:00+06:00"
    assert rec.date_precision == "minute"
    assert rec.section == "অর্থনীতি"
    assert rec.desk == "অর্থনৈতিক প্রতিবেদক"
    assert rec.sources == ["Xinhua"]
    assert rec.url == "https://www.dhakapost.com/economy/12345"
    paras = rec.body.split("\n\n")
    assert len(paras) == 3
    assert paras[0].startswith("মোংলা বন্দরে") and paras[2].startswith("ক্রেন দুটি")
    for chrome in ("আরও পড়ুন", "শেয়ার", "ট্যাগ", "সর্বাধিক", "যানজট", "শিরোনাম", "সর্বস্বত্ব"):
        assert chrome not in rec.body


def test_bengali_date_line_when_metadata_has_none():
    rec = _rec("og_only_bengali_date.html")
    assert rec.title == "হাওরে আগাম বন্যার শঙ্কা"
    assert rec.outlet == "Samakal"
    assert rec.published_at.strftime("%Y-%m-%d %H:%M") == "2025-03-17 18:40"  # not the 19 March top bar
    assert rec.updated_at.strftime("%H:%M") == "20:05"
    assert rec.desk == "সুনামগঞ্জ প্রতিনিধি"
    assert rec.body.split("\n\n")[-1] == "কৃষকেরা দ্রুত বাঁধ মেরামতের দাবি জানিয়েছেন।"
    assert "ধান কাটার" not in rec.body


def test_metadata_tolerates_broken_json_ld():
    html = (
        '<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"ক",}</script>'
        '<meta property="og:site_name" content="Prothom Alo"></head><body></body></html>'
    )
    meta = metadata(html)
    assert meta["title"] == "ক" and meta["publisher"] == "Prothom Alo"


def test_garbage_never_raises():
    for html in ("", "<<<>>>", "<html>", "\x00\x01", "<p>" * 1000, "plain text"):
        rec = extract_html(html, today=TODAY)
        assert not any("internal" in w for w in rec.warnings), rec.warnings
