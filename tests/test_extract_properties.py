"""Property tests: random and mutilated pages never make the extractor raise or return absurd dates."""

import pathlib
import random
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.bangla.dates import parse_datetime
from articles.ingest.extract import extract_page

PAGES = pathlib.Path(__file__).parent / "fixtures" / "pages"
SAMPLES = [p.read_text(encoding="utf-8") for p in sorted(PAGES.glob("*.txt"))]
BENGALI = st.characters(min_codepoint=0x0980, max_codepoint=0x09FF)
PIECES = st.sampled_from(
    [
        "প্রকাশ: ", "আপডেট: ", "শনিবার (", ")", "১২ নভেম্বর", "২৯ ফেব্রুয়ারি", "৩১ কার্তিক", "১৪৩২", "২০২৫",
        "৯৯৯৯", "০০:৬০", "১২:৩০ পিএম", "রাত ", "বঙ্গাব্দ", "\n", "\n\n", "।", "অনলাইন ডেস্ক", "আরও পড়ুন",
        "সংগৃহীত ছবি", "/এমপি/", "|", "Published : ", "Nov 31, 2025", "2025-13-40", "T25:99", "+99:99",
    ]
)  # fmt: skip
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(rec):
    assert not any("internal" in w for w in rec.warnings), rec.warnings
    for value in (rec.published_at, rec.updated_at):
        assert value is None or (1900 <= value.year <= 2100 and value.tzinfo is not None)
    assert rec.date_precision in ("minute", "day", "unknown")
    assert (rec.published_at is None) == (rec.date_precision == "unknown")


@SETTINGS
@given(st.text(alphabet=st.one_of(BENGALI, st.characters()), max_size=400))
def test_random_text(text):
    _check(extract_page(text, today=date(2026, 1, 1)))


@SETTINGS
@given(st.lists(PIECES, max_size=60).map("".join))
def test_date_like_soup(text):
    _check(extract_page(text, today=date(2026, 1, 1)))
    r = parse_datetime(text, today=date(2026, 1, 1))
    assert r is None or 1900 <= r.value.year <= 2100


@SETTINGS
@given(
    st.sampled_from(range(len(SAMPLES))),
    st.integers(0, 2**32 - 1),
    st.sampled_from(["cut", "shuffle", "dup", "noise"]),
)
def test_mutilated_pages(index, seed, how):
    rng = random.Random(seed)
    lines = SAMPLES[index].split("\n")
    if how == "cut":
        a = rng.randrange(len(lines))
        lines = lines[a : a + rng.randrange(1, len(lines) + 1)]
    elif how == "shuffle":
        rng.shuffle(lines)
    elif how == "dup":
        lines = lines + lines[: rng.randrange(len(lines))]
    else:
        lines = [
            ln[: rng.randrange(len(ln) + 1)] + rng.choice(["", "১২:৬১", "৩১ ফেব্রুয়ারি ২০২৫", "\x00"])
            for ln in lines
        ]
    _check(extract_page("\n".join(lines), today=date(2026, 1, 1)))
