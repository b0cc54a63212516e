"""The one cleaning path: text repair, metadata out of bodies, widgets, repeats, listing pages."""

import csv
import json

import pytest

from articles.ingest.clean import clean_body, clean_record, drop_repeats, repair_text
from articles.ingest.listing import listing_reason
from articles.ingest.readers import iter_inputs
from articles.ingest.record import Record

# Invented text in the shape of real dumps: one line, the page header glued to the first sentence.
MASTHEAD_BODY = (
    "ঢাকা বৃহস্পতিবার, ১২ মার্চ ২০২৬ খেলা ডেস্ক প্রকাশ: ১১ মার্চ ২০২৬ | ২০:১৫ | আপডেট: ১১ মার্চ ২০২৬ | ২১:০২ "
    "নদীর ধারে নতুন মাঠে প্রথম ম্যাচ হয়েছে। দর্শকেরা সকাল থেকেই গ্যালারিতে বসে ছিলেন। "
    "ফোন : বিজ্ঞাপন : ই-মেইল: ,"
)


def test_masthead_stamps_and_desk_leave_the_body_and_fill_the_record():
    record = Record(title="নতুন মাঠে প্রথম ম্যাচ")
    body = clean_body(MASTHEAD_BODY, record)
    assert body == "নদীর ধারে নতুন মাঠে প্রথম ম্যাচ হয়েছে। দর্শকেরা সকাল থেকেই গ্যালারিতে বসে ছিলেন।"
    assert record.desk == "খেলা ডেস্ক"
    assert record.published_at.isoformat() == "2026-03-11T20:15:00+06:00"
    assert record.updated_at.isoformat() == "2026-03-11T21:02:00+06:00"


def test_a_name_between_masthead_and_stamp_is_the_byline():
    record = Record()
    body = clean_body(
        "ঢাকা শনিবার, ৭ ফেব্রুয়ারি ২০২৬ রহিমা খাতুন প্রকাশ: ৬ ফেব্রুয়ারি ২০২৬ | ০৯:৩০ গ্রামের স্কুলে আজ নতুন বই এসেছে।",
        record,
    )
    assert body == "গ্রামের স্কুলে আজ নতুন বই এসেছে।"
    assert record.byline == "রহিমা খাতুন"


def test_fields_already_filled_are_not_overwritten_by_the_body():
    record = Record(desk="জাতীয় ডেস্ক")
    clean_body("অনলাইন ডেস্ক\nশহরে আজ সারাদিন বৃষ্টি হয়েছে বলে আবহাওয়া অফিস জানিয়েছে।", record)
    assert record.desk == "জাতীয় ডেস্ক"


@pytest.mark.parametrize(
    "widget",
    [
        "আরও পড়ুন",
        "শেয়ার করুন",
        "আমাদের খবর পেতে গুগল নিউজ চ্যানেল ফলো করুন",
        "অ্যাপ ডাউনলোড করুন",
        "Follow us on Facebook",
        "প্রিন্ট",
        "বিজ্ঞাপন",
    ],
)
def test_widget_lines_are_removed(widget):
    text = f"সেতুর কাজ শেষ হয়েছে বলে জানিয়েছেন প্রকৌশলী।\n{widget}\nআগামী মাসে সেতু খুলে দেওয়া হবে।"
    assert clean_body(text, Record()) == (
        "সেতুর কাজ শেষ হয়েছে বলে জানিয়েছেন প্রকৌশলী।\n\nআগামী মাসে সেতু খুলে দেওয়া হবে।"
    )


def test_inline_readmore_with_a_repeated_headline_is_removed():
    text = "বাঁধের কাজ চলছে পুরো দমে। আরও পড়ুন: আরও পড়ুন: নদীতে নতুন বাঁধ নদীতে নতুন বাঁধ শ্রমিকেরা দিনরাত কাজ করছেন।"
    assert clean_body(text, Record()) == "বাঁধের কাজ চলছে পুরো দমে। শ্রমিকেরা দিনরাত কাজ করছেন।"


def test_repeated_sentences_and_paragraphs_are_kept_once():
    first = "পাহাড়ের গায়ে ছোট একটি গ্রাম আছে, যেখানে মাত্র বিশটি পরিবার থাকে।"
    second = "গ্রামের মানুষ চাষবাস আর মাছ ধরে জীবন চালান।"
    # Each sentence twice in a row, then the whole paragraph again, as some scrapers save them.
    paragraphs = [f"{first} {first} {second} {second}", f"{first} {second}", "তিনি বলেন। তিনি বলেন।"]
    assert drop_repeats(paragraphs) == [f"{first} {second}", "তিনি বলেন। তিনি বলেন।"]


def test_a_repeat_glued_to_the_next_sentence_is_cut():
    head = "শহরের পুরোনো বাজারটি নতুন করে সাজানো হচ্ছে"
    text = f"{head}। {head} দোকানিরা এতে খুশি।"
    assert drop_repeats([text]) == [f"{head}। দোকানিরা এতে খুশি।"]


@pytest.mark.parametrize(
    "raw, fixed",
    [
        ("country&rsquo;s", "country’s"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("double &amp;rsquo; escaped", "double ’ escaped"),
        ("it&#039;s", "it's"),
        ("a\x00b\x1bc\x07d\u202ee\u2066f", "abcdef"),
        ("কর্\u200cম র‍্যাব", "কর্\u200cম র‍্যাব"),  # ZWNJ and ZWJ stay
    ],
)
def test_text_repair(raw, fixed):
    assert repair_text(raw) == fixed


def test_mojibake_with_a_certain_round_trip_is_repaired_and_reported():
    text = "নদীর পানি বেড়েছে।"
    broken = text.encode("utf-8").decode("latin-1")
    warnings = []
    assert repair_text(broken, warnings, "body") == text
    assert warnings and "repaired mojibake" in warnings[0]


def test_mojibake_that_lost_bytes_is_reported_not_guessed():
    # Through Windows-1252 with replacement, bytes it has no character for are lost for good.
    broken = "একটি দল এসেছে।".encode().decode("cp1252", errors="replace")
    warnings = []
    assert repair_text(broken, warnings, "title") == broken
    assert warnings and "cannot be repaired" in warnings[0]


def test_every_reader_goes_through_the_same_cleaning(tmp_path):
    body = "ঢাকা বৃহস্পতিবার, ১২ মার্চ ২০২৬ খেলা ডেস্ক প্রকাশ: ১১ মার্চ ২০২৬ | ২০:১৫ মাঠে আজ খেলা হয়েছে। দর্শক এসেছে অনেক।"
    (tmp_path / "a.json").write_text(
        json.dumps([{"title": "মাঠের খবর", "body": body, "outlet": "Samakal"}], ensure_ascii=False),
        encoding="utf-8",
    )
    with open(tmp_path / "b.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([("title", "body", "outlet"), ("মাঠের খবর", body, "Samakal")])
    records = [item.resolve().record for item in iter_inputs([tmp_path])]
    assert len(records) == 2
    for record in records:
        assert record.body == "মাঠে আজ খেলা হয়েছে। দর্শক এসেছে অনেক।"
        assert record.desk == "খেলা ডেস্ক"
        assert record.published_at is not None


@pytest.mark.parametrize(
    "url, listing",
    [
        ("https://www.example-news.com/topic/নির্বাচন", True),
        ("https://www.example-news.com/tag/cricket", True),
        ("https://example-news.com/section/national/", True),
        ("https://example-news.com/a/94/", True),
        ("https://example-news.com/entertainment", True),
        ("https://example-news.com/sports/cricket", True),
        ("https://example-news.com/", True),
        ("https://example-news.com", True),
        ("https://example-news.com/politics/420207", False),
        ("https://en.example-news.com/bangladesh/pqwkzvbnxa", False),
        ("https://example-news.com/sports/news/some-long-story-slug-4068716", False),
    ],
)
def test_listing_pages_by_address(url, listing):
    record = Record(url=url, title="একটি শিরোনাম", body="নদীতে নতুন সেতু হয়েছে। সবাই খুশি।")
    assert bool(listing_reason(record)) is listing


def test_listing_pages_by_text():
    blurb = Record(
        title="নদী ও পানি - March 12, 2026",
        body="নদী ও পানি সম্পর্কিত সর্বশেষ খবর, ছবি ও ভিডিও জানতে ভিজিট করুন আমাদের সাইট।",
    )
    headlines = Record(
        title="খেলা",
        body="\n".join(f"দলের {n} নম্বর খেলোয়াড় দলে ফিরলেন" for n in range(1, 12)),
    )
    story = Record(title="নদীর গল্প", body="নদী ও পানি নিয়ে আজ সভা হয়েছে। সভায় অনেকে কথা বলেন।")
    assert listing_reason(blurb) and listing_reason(headlines)
    assert not listing_reason(story)
    clean_record(blurb)
    assert blurb.kind == "listing" and any("listing page" in w for w in blurb.warnings)


def test_sentences_that_mention_widget_words_or_dates_are_kept():
    text = (
        "Users who subscribe to the new service will pay less from next month, the company said.\n"
        "পরীক্ষার তারিখ: ১২ মার্চ ২০২৬ ঠিক করা হয়েছে বলে জানিয়েছে বোর্ড।"
    )
    assert clean_body(text, Record()) == text.replace("\n", "\n\n")


def test_raw_pages_html_and_json_lines_get_the_same_text_repair(tmp_path):
    sentence = "The river&rsquo;s banks were repaired before the rains came to the valley."
    repeated = f"{sentence} {sentence} Farmers in the valley said the work was finished on time."
    (tmp_path / "page.txt").write_text(
        f"River banks repaired\n\nStaff Correspondent\n\n{repeated}\n\nShare this\n", encoding="utf-8"
    )
    (tmp_path / "page.html").write_text(
        "<html><head><title>River banks repaired</title></head><body><article>"
        f"<h1>River banks repaired</h1><p>{repeated.replace('&', '&amp;')}</p><p>Share this</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    row = {"title": "River banks repaired", "body": f"{repeated}\nShare this", "outlet": "The Daily Star"}
    (tmp_path / "rows.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    records = {item.format: item.resolve().record for item in iter_inputs([tmp_path])}
    assert set(records) == {"text", "html", "jsonl"}
    for fmt, record in records.items():
        assert record.body == (
            "The river’s banks were repaired before the rains came to the valley. "
            "Farmers in the valley said the work was finished on time."
        ), fmt


def test_a_wire_credit_line_fills_the_sources_and_leaves_the_body():
    record = Record()
    body = clean_body("সীমান্তে নতুন করে উত্তেজনা দেখা দিয়েছে বলে জানা গেছে।\nসূত্র: রয়টার্স", record)
    assert body == "সীমান্তে নতুন করে উত্তেজনা দেখা দিয়েছে বলে জানা গেছে।"
    assert record.sources == ["Reuters"]
