"""The raw-page extractor on our own pages (tests/fixtures/pages), written in several outlets' formats."""

import json
import pathlib
from datetime import date

import pytest

from articles.ingest.extract import extract_page

PAGES = pathlib.Path(__file__).parent / "fixtures" / "pages"
CASES = sorted(p.stem for p in PAGES.glob("*.txt"))
TODAY = date(2026, 11, 24)


def _load(name):
    text = (PAGES / f"{name}.txt").read_text(encoding="utf-8")
    exp = json.loads((PAGES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return extract_page(text, source=name, today=TODAY), exp


@pytest.mark.parametrize("name", CASES)
def test_fixture_page(name):
    rec, exp = _load(name)
    assert rec.title == exp["title"]
    fmt = "%Y-%m-%d" if exp["precision"] == "day" else "%Y-%m-%d %H:%M"
    assert rec.published_at.strftime(fmt) == exp["published"]
    assert rec.date_precision == exp["precision"]
    if exp.get("updated"):
        assert rec.updated_at.strftime("%Y-%m-%d %H:%M") == exp["updated"]
    assert rec.desk == exp["desk"]
    assert rec.byline == exp.get("byline", rec.byline)
    assert rec.sources == exp["sources"]
    assert rec.outlet == exp["outlet"]
    if "section" in exp:
        assert rec.section == exp["section"]
    paras = rec.body.split("\n\n")
    assert len(paras) == len(exp["paragraphs"])
    for marker in exp["paragraphs"]:
        assert sum(p.startswith(marker) for p in paras) == 1, marker
    for marker in exp["absent"]:
        assert marker not in rec.body, marker
    if "warning" in exp:
        assert any(exp["warning"] in w for w in rec.warnings)
    if "utcoffset" in exp:
        off = rec.published_at.strftime("%z")
        assert f"{off[:3]}:{off[3:]}" == exp["utcoffset"]


def test_update_only_page_uses_update_as_published_with_warning():
    rec, _ = _load("anandabazar_style")
    assert rec.published_at == rec.updated_at
    assert any("only an update date" in w for w in rec.warnings)


def test_view_date_above_headline_is_ignored():
    page = (
        "বুধবার, ০৪ ফেব্রুয়ারি ২০২৬, ১০:২৪ পূর্বাহ্ন\nএকটি নতুন সেতুর উদ্বোধন হলো আজ\nঅনলাইন ডেস্ক\n"
        "সেতুটি দুই জেলার মধ্যে যোগাযোগ সহজ করবে। উদ্বোধন অনুষ্ঠানে অনেকে উপস্থিত ছিলেন।\n"
    )
    rec = extract_page(page, today=TODAY)
    assert rec.title == "একটি নতুন সেতুর উদ্বোধন হলো আজ"
    assert rec.published_at is None
    assert rec.date_precision == "unknown"
    assert any("page-view" in w for w in rec.warnings)


def test_print_date_ignored_and_labelled_published_used():
    page = (
        "নতুন বাজেটে করমুক্ত আয়সীমা বাড়ল\nনিজস্ব প্রতিবেদক\nপ্রিন্ট: ০৬ জুন ২০২৫\n"
        "প্রকাশিত: ০৫ জুন ২০২৫, ০৩:১০ পিএম\nবাজেটে করমুক্ত আয়ের সীমা বাড়ানো হয়েছে। এতে মধ্যবিত্তের কিছুটা স্বস্তি মিলবে।\n"
    )
    rec = extract_page(page, today=TODAY)
    assert rec.published_at.strftime("%Y-%m-%d %H:%M") == "2025-06-05 15:10"
    assert rec.desk == "নিজস্ব প্রতিবেদক"


def test_unknown_outlet_is_null_with_warning_and_override_wins():
    page = "শিরোনাম একটি পরীক্ষা মাত্র\nঅনলাইন ডেস্ক\nএটি একটি অনুচ্ছেদ। এতে কিছু কথা আছে।\n"
    rec = extract_page(page, today=TODAY)
    assert rec.outlet is None
    assert any("unknown outlet" in w for w in rec.warnings)
    assert extract_page(page, today=TODAY, outlet="prothomalo.com").outlet == "Prothom Alo"
    assert extract_page(page, today=TODAY, outlet="Some Local Paper").outlet == "Some Local Paper"


def test_byline_with_role():
    page = (
        "নদীতে নৌকাডুবি, নিখোঁজ তিন\nরহিম উদ্দিন, ফেনী প্রতিনিধি\n১০ জুলাই ২০২৫, ১১:০০\n"
        "ফেনীর একটি নদীতে নৌকাডুবির ঘটনায় তিনজন নিখোঁজ রয়েছেন। উদ্ধার অভিযান চলছে।\n"
    )
    rec = extract_page(page, today=TODAY)
    assert rec.desk == "ফেনী প্রতিনিধি"
    assert rec.byline == "রহিম উদ্দিন"
    assert rec.published_at.strftime("%H:%M") == "11:00"


def test_short_heading_inside_article_is_kept():
    rec, _ = _load("prothomalo_style")
    assert "ক্ষতিপূরণ মেলেনি" in rec.body.split("\n\n")


def test_repeated_body_kept_once():
    rec, _ = _load("dhakapost_style")
    assert rec.body.count("গ্যাস সরবরাহ কমে যাওয়ায়") == 1


@pytest.mark.parametrize("text", ["", "   \n\n", "x", "\x00\x01", "।।।", "১২ নভেম্বর", "আরও পড়ুন\n" * 50])
def test_degenerate_inputs_do_not_raise(text):
    rec = extract_page(text, today=TODAY)
    assert rec.published_at is None or 1900 <= rec.published_at.year <= 2100
    assert not any("internal" in w for w in rec.warnings)


def test_wire_name_prefilter_never_misses_a_spelling():
    # The trie pattern that rules texts out must match every spelling the per-agency patterns know,
    # with a case ending, with a hyphen or no space between words, and in another letter case.
    from articles.ingest.wire import AGENCIES, find_sources, may_name_an_agency

    for canonical, names in AGENCIES.items():
        for name in names:
            for form in (name, name + "ের", name.replace(" ", "-"), name.replace(" ", ""), name.upper()):
                assert may_name_an_agency(f"কিছু লেখা {form} আরও লেখা"), (canonical, form)
        sentence = f"খবর বার্তা সংস্থা {names[0]}ের।"
        assert find_sources(sentence) == [canonical], canonical
