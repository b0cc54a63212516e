"""Property tests: the cleaning step never raises, never invents text, and cleaning twice changes nothing."""

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


@SETTINGS
@given(st.lists(st.one_of(PIECES, st.text(alphabet=st.one_of(BENGALI, st.characters()), max_size=20))))
def test_cleaning_is_safe_and_idempotent(parts):
    text = "".join(parts)
    record = Record(title="শিরোনাম", body=text)
    clean_record(record)
    body = record.body
    assert not any("internal" in w for w in record.warnings)
    assert "\x00" not in body and "\u202e" not in body
    again = Record(title="শিরোনাম", body=body)
    assert clean_body(body, again) == body


@SETTINGS
@given(st.text(alphabet=st.one_of(BENGALI, st.characters()), max_size=200))
def test_repair_is_idempotent(text):
    once = repair_text(text)
    assert repair_text(once) == once or "&" in once
