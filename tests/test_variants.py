"""Spelling variants (issue 11, item 6): two spellings of one word find each other, distinct words stay
apart, through the analyzer, a real Whoosh index, the highlighter and ensure_index."""

import json
import re

import pytest
from django.core.management import call_command

from articles.bangla.analysis import analyze, normalize_prefix
from articles.bangla.highlight import snippet
from articles.bangla.normalize import fold_variants, normalize
from articles.search import SearchParams, run_search

# (spelling in the article, spelling searched). Invented sentences below use the first.
VARIANTS = [
    ("ষ্টেশন", "স্টেশন"),
    ("সরকারী", "সরকারি"),
    ("জানুয়ারী", "জানুয়ারি"),
    ("ইরানী", "ইরানি"),
    ("বিদ্যুৎ", "বিদ্যুতের"),
    ("ভবিষ্যত্", "ভবিষ্যৎ"),
    ("সঙ্ঘর্ষ", "সংঘর্ষ"),
    ("রঙ", "রং"),
    ("ঘণ্টা", "ঘন্টা"),
    ("মণ্ডল", "মন্ডল"),
    ("পুরষ্কার", "পুরস্কার"),
    ("অ্যাকাউন্ট", "একাউন্ট"),
    ("দেওয়াল", "দেয়াল"),
    ("আচার্য্য", "আচার্য"),
    ("মুহূর্তে", "মুহুর্তে"),
]

APART = [
    ("ভীত", "ভিত"),
    ("নীল", "নিল"),
    ("দীন", "দিন"),
    ("কষ্ট", "কস্ট"),
    ("করুণ", "করুন"),
    ("মণ", "মন"),
    ("আশা", "আসা"),
    ("পাশ", "পাস"),
    ("কালো", "কাল"),
]


@pytest.mark.parametrize(("written", "searched"), VARIANTS)
def test_variant_spellings_share_a_term(written, searched):
    assert set(analyze(written)) & set(analyze(searched))


@pytest.mark.parametrize(("a", "b"), APART)
def test_distinct_words_keep_distinct_terms(a, b):
    assert analyze(a) and analyze(b)
    assert not set(analyze(a)) & set(analyze(b))


def test_kept_words_stay_apart_when_inflected_too():
    assert analyze("নীলের") == analyze("নীল") != analyze("নিলের")
    assert analyze("কষ্টের") == analyze("কষ্ট") != analyze("কস্টের")


def test_old_khanda_ta_encodings_normalise_to_one_letter():
    zwnj = "ভবিষ্যত\u09cd\u200c"
    assert normalize("ভবিষ্যত\u09cd") == normalize(zwnj) == "ভবিষ্যৎ"
    assert normalize("ভবিষ্যত\u09cd ও বর্তমান") == "ভবিষ্যৎ ও বর্তমান"
    # a real conjunct is left alone
    assert normalize("সত্য") == "সত্য"


def test_encoding_variants_nfc_splits_and_zwnj_share_a_term():
    import unicodedata

    # য় ড় ঢ় are composition exclusions: NFC (what the importer applies) splits them into base + nukta
    for word in ("বাড়ি", "রাশিয়া", "আষাঢ়"):
        split = unicodedata.normalize("NFC", word)
        assert "\u09bc" in split
        assert analyze(split) == analyze(word)
    assert analyze("বক\u09cd\u200cস") == analyze("বক্স")  # ক্‌স typed with an explicit virama


def test_folding_is_idempotent_on_the_gold_words():
    for a, b in VARIANTS + APART:
        for word in (a, b):
            once = fold_variants(normalize(word))
            assert fold_variants(once) == once


def test_prefix_is_folded_like_terms():
    assert normalize_prefix("ষ্টেশ*") == normalize_prefix("স্টেশ*")
    assert analyze("স্টেশনে")[0].startswith(normalize_prefix("ষ্টেশ*"))


def test_snippet_marks_the_other_spelling():
    text = "নতুন ষ্টেশন থেকে সরকারী বাস ছাড়বে, তবে পুরনো স্টেশনটি বন্ধ থাকবে।"
    html = snippet(text, set(analyze("স্টেশন সরকারি")))
    assert "<mark>ষ্টেশন</mark>" in html
    assert "<mark>সরকারী</mark>" in html
    assert "<mark>স্টেশনটি</mark>" in html


# Invented articles, each written with one spelling of a word (see VARIANTS).
_ARTICLES = [
    ("রেল ষ্টেশনে নতুন টিকিট ঘর", "শহরের রেল ষ্টেশনে যাত্রীদের জন্য নতুন টিকিট ঘর খোলা হয়েছে।"),
    ("সরকারী হাসপাতালের সেবা", "জেলার সরকারী হাসপাতালে রাতের সেবা চালু হলো।"),
    ("জানুয়ারী মাসের বৃষ্টি", "এ বছর জানুয়ারী মাসে অস্বাভাবিক বৃষ্টি হয়েছে বলে আবহাওয়া দপ্তর জানায়।"),
    ("ইরানী চলচ্চিত্র উৎসব", "রাজধানীতে পাঁচ দিনের ইরানী চলচ্চিত্র প্রদর্শনী শুরু হচ্ছে।"),
    ("গ্রামে বিদ্যুৎ পৌঁছাল", "পাহাড়ি গ্রামে প্রথমবার বিদ্যুৎ সংযোগ দেওয়া হয়েছে।"),
    ("সঙ্ঘর্ষে আহত দশ", "দুই পক্ষের সঙ্ঘর্ষে অন্তত দশজন আহত হয়েছেন।"),
    ("ছয় ঘণ্টা লোডশেডিং", "গরমে টানা ছয় ঘণ্টা লোডশেডিংয়ে ভোগান্তি বেড়েছে।"),
    ("ব্যাংক অ্যাকাউন্ট খোলার নিয়ম", "শিক্ষার্থীরা এখন দশ টাকায় অ্যাকাউন্ট খুলতে পারবে।"),
    # distinct words the folding must not merge with ভীত (afraid) and কস্ট (cost)
    ("পুরনো সেতুর ভিত দুর্বল", "প্রকৌশলীরা জানান, পুরনো সেতুর ভিত দুর্বল হয়ে পড়েছে।"),
    ("যাত্রীদের কষ্ট বাড়ল", "বাস বন্ধ থাকায় যাত্রীদের কষ্ট বেড়েছে।"),
]


@pytest.fixture
def variant_archive(run_import, tmp_path):
    rows = [
        {
            "title": title,
            "body": body + " প্রতিবেদকের পাঠানো খবরটি সম্পাদনা করেছে ডেস্ক।",
            "outlet": "Variant Times",
            "published_at": f"2025-03-{day:02d}T08:00:00Z",
            "url": f"https://variant-times.example/news/{day}",
        }
        for day, (title, body) in enumerate(_ARTICLES, start=1)
    ]
    dump = tmp_path / "variants.json"
    dump.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    status, out, err = run_import(dump)
    assert status == 0, out + err
    return {title: body for title, body in _ARTICLES}


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("স্টেশন", "রেল ষ্টেশনে নতুন টিকিট ঘর"),
        ("সরকারি", "সরকারী হাসপাতালের সেবা"),
        ("জানুয়ারি", "জানুয়ারী মাসের বৃষ্টি"),
        ("ইরানি", "ইরানী চলচ্চিত্র উৎসব"),
        ("বিদ্যুতের", "গ্রামে বিদ্যুৎ পৌঁছাল"),
        ("সংঘর্ষ", "সঙ্ঘর্ষে আহত দশ"),
        ("ঘন্টা", "ছয় ঘণ্টা লোডশেডিং"),
        ("একাউন্ট", "ব্যাংক অ্যাকাউন্ট খোলার নিয়ম"),
    ],
)
def test_search_for_one_spelling_finds_the_article_written_with_the_other(variant_archive, query, title):
    results = run_search(SearchParams(q=query, per_page=50))
    titles = [hit.title for hit in results.hits]
    assert title in titles
    hit = next(h for h in results.hits if h.title == title)
    # the snippet marks the spelling the article uses, not the one searched
    marked = re.findall(r"<mark>([^<]+)</mark>", hit.snippet)
    assert marked and all(word not in query for word in marked)


def titles_for(query):
    return {hit.title for hit in run_search(SearchParams(q=query, per_page=50)).hits}


def test_search_keeps_distinct_words_apart(variant_archive):
    assert "পুরনো সেতুর ভিত দুর্বল" in titles_for("ভিত")
    assert "পুরনো সেতুর ভিত দুর্বল" not in titles_for("ভীত")
    assert "যাত্রীদের কষ্ট বাড়ল" in titles_for("কষ্টের")
    assert "যাত্রীদের কষ্ট বাড়ল" not in titles_for("কস্ট")


def test_ensure_index_rebuilds_an_index_written_with_the_previous_analysis(private_index, capsys):
    from whoosh import index as windex

    from articles.search.whoosh.backend import TEXT_VERSION

    schema = windex.open_dir(private_index.path).schema
    schema["text"].text_version = TEXT_VERSION - 1  # as written before the variants were folded
    windex.create_in(private_index.path, schema)
    call_command("ensure_index")
    assert "another schema" in capsys.readouterr().out
    assert windex.open_dir(private_index.path).schema["text"].text_version == TEXT_VERSION
    call_command("ensure_index")
    assert "Index is complete" in capsys.readouterr().out


def _gold(name):
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "eval" / "gold" / name
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    return [(r[0], r[1], r[2] if len(r) > 2 else "") for r in rows if r[0] and not r[0].startswith("#")]


def test_every_folded_variant_pair_of_the_gold_set_shares_a_term():
    pairs = [(a, b) for a, b, note in _gold("variants.tsv") if "not folded" not in note]
    assert len(pairs) >= 100
    missed = [(a, b) for a, b in pairs if not set(analyze(a)) & set(analyze(b))]
    assert missed == []


def test_every_apart_pair_of_the_gold_set_keeps_distinct_terms():
    pairs = _gold("apart.tsv")
    merged = [(a, b) for a, b, _ in pairs if set(analyze(a)) & set(analyze(b))]
    assert merged == []
