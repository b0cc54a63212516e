"""Property tests: the cleaning step never raises, never invents text, and on page-shaped bodies cleaning
twice changes nothing."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.ingest.clean import clean_body, clean_record, repair_text
from articles.ingest.record import Record

BENGALI = st.characters(min_codepoint=0x0980, max_codepoint=0x09FF)
PIECES = st.sampled_from(
    [
        "ঢাকা মঙ্গলবার, ", "৩০ ডিসেম্বর ২০২৫ ", "প্রকাশ: ", "আপডেট: ", "| ১৩:১২ ", "খেলা ডেস্ক ", "রহিম উদ্দিন ",
        "আরও পড়ুন: ", "নদীর ধারে নতুন স্কুল খুলেছে। ", "নদীর ধারে নতুন স্কুল খুলেছে। ", "ফলো করুন", "\n",
        "\n\n", "।", "&rsquo;", "&amp;", "à¦¬à¦¿", "\x00", "\u202e", "\u200c", "ফোন : বিজ্ঞাপন : ই-মেইল: ,",
        "শেয়ার করুন", "Read more: ", "The river rose again. ", "&#039;",
    ]
)  # fmt: skip
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WORD = re.compile(r"[\w\u0980-\u09ff]+")


@SETTINGS
@given(st.lists(st.one_of(PIECES, st.text(alphabet=st.one_of(BENGALI, st.characters()), max_size=20))))
def test_cleaning_never_raises_and_never_invents_text(parts):
    text = "".join(parts)
    record = Record(title="শিরোনাম", body=text)
    clean_record(record)
    assert not any("internal" in w for w in record.warnings)
    assert "\x00" not in record.body and "\u202e" not in record.body
    invisible = re.sub("[\\u200b\\u2060\\ufeff\\u00ad]", "", repair_text(text))
    assert all(word in invisible for word in WORD.findall(record.body))


HEADERS = st.sampled_from(["", "ঢাকা মঙ্গলবার, ৩০ ডিসেম্বর ২০২৫ ", "খেলা ডেস্ক প্রকাশ: ২৯ ডিসেম্বর ২০২৫ | ১৩:১২ "])
SENTENCES = st.sampled_from(
    [
        "নদীর ধারে নতুন স্কুল খুলেছে।",
        "গ্রামের শিশুরা সকাল থেকে সেখানে পড়তে যাচ্ছে।",
        "The river&rsquo;s banks were repaired before the rains.",
        "তিনি বলেন।",
        "আরও পড়ুন: নতুন সেতুর কাজ শুরু নতুন সেতুর কাজ শুরু",
    ]
)
WIDGETS = st.sampled_from(["", "\nশেয়ার করুন", "\nআরও পড়ুন", "\nফোন : বিজ্ঞাপন : ই-মেইল: ,"])


@SETTINGS
@given(HEADERS, st.lists(SENTENCES, min_size=1, max_size=12), st.sampled_from([" ", "\n"]), WIDGETS)
def test_cleaning_a_page_shaped_body_twice_changes_nothing(header, sentences, joiner, widget):
    once = clean_body(header + joiner.join(sentences) + widget, Record())
    assert clean_body(once, Record()) == once
    assert "আরও পড়ুন" not in once and "শেয়ার" not in once and "&rsquo;" not in repair_text(once)


@SETTINGS
@given(st.text(alphabet=st.one_of(BENGALI, st.characters()), max_size=200))
def test_repair_is_idempotent(text):
    once = repair_text(text)
    assert repair_text(once) == once or "&" in once


FOOTER_PIECES = st.sampled_from(
    ["ফোন", "ফোনঃ", "ই-মেইল", "email", "Fax", "tel", ":", "ঃ", " ", ",", ";", "|", "\n", "০১৭১", "x", "দুঃখ"]
)


@SETTINGS
@given(st.lists(st.one_of(FOOTER_PIECES, st.text(max_size=5)), max_size=30))
def test_contact_footer_test_first_changes_nothing(parts):
    """The cheap last-colon test in front of the contact-footer pattern removes exactly what it did."""
    from articles.ingest.clean import _CONTACT_FOOTER_RE, _drop_contact_footer

    line = "".join(parts)
    assert _drop_contact_footer(line) == _CONTACT_FOOTER_RE.sub("", line)
