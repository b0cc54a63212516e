"""Banglish (issue 16): Latin spellings of Bengali words find the archive's Bengali index terms, English
words stay English, and no input breaks the matcher. The vocabulary is built from invented text."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.bangla.analysis import analyze
from articles.bangla.banglish import BanglishMatcher, bengali_key, latin_key

# Invented documents (one per line): Bengali news-like sentences with near-homophones side by side
# (নির্বাচন/নির্বাসন, টাকা/থাকা, মান/মন), and English ones that use some of the same names.
DOCUMENTS = """
নির্বাচন কমিশন আজ নতুন তফসিল ঘোষণা করেছে, সরকার বলছে ভোট সময়মতো হবে।
সংসদ নির্বাচনের আগে সরকারি দপ্তরে বৈঠক, প্রধানমন্ত্রী উপস্থিত ছিলেন।
খালেদা জিয়া হাসপাতালে, চিকিৎসকেরা বলছেন অবস্থা স্থিতিশীল।
ইরান ও রাশিয়ার পররাষ্ট্রমন্ত্রীরা ঢাকায় বৈঠকে বসবেন।
ঢাকা শহরে ভারী বৃষ্টি, পুলিশ বলছে যান চলাচল ধীর।
নির্বাসন থেকে ফিরে কবি বললেন, দেশে থাকা মানে সাহস রাখা।
বাজারে চালের দাম বেড়েছে, এক কেজি কিনতে আরও বেশি টাকা লাগছে।
শিক্ষা মন্ত্রণালয় বলছে পরীক্ষার মান নিয়ে মন খারাপ করার কিছু নেই।
ভারত ও চীনের সীমান্তে আলোচনা চলছে।
বিদেশি নাগরিক সাইদ আদালতে হাজির হন।
The government said the election commission would meet in Dhaka on Sunday.
Police said the protest in Dhaka ended peacefully, the government said.
Officials from Iran and Russia said talks would continue; the government said nothing.
Khaleda Zia was taken to hospital, her party said.
The minister said the market would reopen after the flood, the government said.
""".strip().splitlines()


def _vocabulary():
    df = Counter()
    for doc in DOCUMENTS:
        df.update(set(analyze(doc)))
    return df


VOCABULARY = _vocabulary()


@pytest.fixture(scope="module")
def matcher():
    return BanglishMatcher(VOCABULARY.items())


def term(word):
    (only,) = analyze(word)
    return only


SPELLINGS = [
    ("নির্বাচন", ["nirbachon", "nirbachan", "nirbacon", "nirbachoner", "NIRBACHON"]),
    ("সরকার", ["sorkar", "sarkar", "shorkar"]),
    ("খালেদা", ["khaleda", "kaleda"]),
    ("জিয়া", ["zia", "jia", "ziya"]),
    ("ইরান", ["iran", "iraner"]),
    ("রাশিয়া", ["rashia", "russia", "rushia"]),
    ("ঢাকা", ["dhaka", "daka", "dhakay"]),
    ("পুলিশ", ["pulish", "pulis"]),
    ("টাকা", ["taka", "takar"]),
    ("থাকা", ["thaka"]),
    ("শিক্ষা", ["shikkha", "sikkha", "shiksha"]),
    ("ভারত", ["bharot", "bharat", "varot"]),
    ("দাম", ["dam", "daam"]),
    ("প্রধানমন্ত্রী", ["prodhanmontri", "prodhanmantri"]),
]


@pytest.mark.parametrize(
    ("bengali", "latin"), [(b, latin) for b, spellings in SPELLINGS for latin in spellings]
)
def test_spellings_find_the_bengali_term_first(matcher, bengali, latin):
    found = matcher.candidates(latin)
    assert found, latin
    assert found[0][0] == term(bengali)


def test_near_homophones_are_ranked_by_sound(matcher):
    """নির্বাসন shares a key with নির্বাচন only one class off: it must not beat the exact match."""
    assert [t for t, _ in matcher.candidates("nirbashon")][:1] == [term("নির্বাসন")]
    assert term("নির্বাসন") not in [t for t, _ in matcher.candidates("nirbachon")]


def test_candidates_are_index_terms_with_scores(matcher):
    for _, spellings in SPELLINGS:
        for latin in spellings:
            results = matcher.candidates(latin, limit=3)
            assert 1 <= len(results) <= 3
            for found, score in results:
                assert found in VOCABULARY
                assert analyze(found) == [found]  # searchable as it is
                assert 0 < score <= 1
            assert [s for _, s in results] == sorted((s for _, s in results), reverse=True)


def test_phonetic_keys_fold_spelling_variation():
    assert {latin_key(w) for w in ("nirbachon", "nirbachan", "nirbacon")} == {bengali_key("নির্বাচন")}
    assert latin_key("sorkar") == latin_key("sarkar") == bengali_key("সরকার")
    assert latin_key("iran") == bengali_key("ইরান") != bengali_key("রান")


def test_english_words_stay_english(matcher):
    # Ordinary English words of the archive with no Bengali counterpart: nothing added.
    for word in ("the", "government", "said", "minister", "officials", "talks", "sunday", "market"):
        assert matcher.candidates(word) == [], word
    # "said" is common in the English text, the name সাইদ rare in the Bengali: no conversion.
    assert matcher.is_english("said")
    # English words that are names of the archive's Bengali text too get their Bengali term, one only.
    for word, bengali in (("dhaka", "ঢাকা"), ("iran", "ইরান"), ("khaleda", "খালেদা"), ("police", None)):
        assert matcher.is_english(word)
        found = matcher.candidates(word)
        assert len(found) <= 1
        if bengali:
            assert found[0][0] == term(bengali)


def test_expand_keeps_english_and_adds_bengali(matcher):
    expansion = matcher.expand(["iran", "rashia", "the", "government"])
    assert expansion == {"iran": [term("ইরান")], "rashia": [term("রাশিয়া")]}
    assert matcher.expand(["khaleda", "zia"]) == {"khaleda": [term("খালেদা")], "zia": [term("জিয়া")]}


def test_expand_joins_a_compound_typed_as_two_words(matcher):
    expansion = matcher.expand(["prodhan", "mantri"])
    assert expansion["prodhan mantri"] == [term("প্রধানমন্ত্রী")]


def test_vocabulary_as_utf8_bytes_like_whoosh_gives_it():
    from_bytes = BanglishMatcher((t.encode("utf-8"), df) for t, df in VOCABULARY.items())
    assert from_bytes.candidates("nirbachon")[0][0] == term("নির্বাচন")
    assert from_bytes.is_english("government")


def test_words_absent_from_the_vocabulary_are_never_returned():
    without = BanglishMatcher((t, df) for t, df in VOCABULARY.items() if t != term("সরকার"))
    assert term("সরকার") not in [t for t, _ in without.candidates("sorkar")]


@pytest.mark.parametrize(
    "odd", ["", "   ", "123", "ঢাকা", "a-b", "x" * 1000, "h", "ng", "'", "\x00", "naïve", "ছ dhaka"]
)
def test_odd_input_is_safe(matcher, odd):
    assert matcher.candidates(odd) == []


def test_non_strings_and_empty_vocabularies_are_safe(matcher):
    assert matcher.candidates(None) == []
    assert matcher.expand([]) == {}
    empty = BanglishMatcher([])
    assert empty.candidates("nirbachon") == []
    assert BanglishMatcher([("", 3), ("government", 2)]).candidates("government") == []


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40) | st.from_regex(r"[a-zA-Z]{1,25}", fullmatch=True))
def test_any_string_gives_vocabulary_terms(matcher, text):
    results = matcher.candidates(text, limit=3)
    assert len(results) <= 3
    assert all(found in VOCABULARY for found, _ in results)
    for word, found in matcher.expand(text.split()).items():
        assert all(t in VOCABULARY for t in found), word
